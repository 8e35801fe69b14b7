. "${0%/*}/../lib.sh"
# E2 / item 11: the docker CLI takes `docker build -` input for a tar only
# when one header parses from the first 512 bytes.  A first entry that
# needs a pax header (time past octal or before 1970, a top-level name or
# link over 100 bytes, non-ASCII, an xattr) gets one empty pax global
# header in front; the entries themselves are as before.  Controls: a
# first entry in one ustar block gets nothing.  (mtimes within a day of
# now print as "now")
. "${0%/*}/../../engine/trees.sh"
first() { printf 'first block: type %s name %s\n' \
	"$(dd if="$1" bs=1 skip=156 count=1 2>/dev/null)" \
	"$(head -c 100 "$1" | tr -d '\000' | cut -c1-40)"; }
for t in $FIRST_TREES; do
	[ $t = xattr ] && continue
	echo "== $t"
	mkdir ../$t; cd ../$t || exit 1
	tree_$t
	"$CTXPACK" pack . > ../$t.tar; echo "exit $?"
	first ../$t.tar
	"$TARLS" -m ../$t.tar | awk -v now="$(date +%s)" '{
		d = $6 - now; if (d < 0) d = -d; if (d < 86400) $6 = "now"; print }'
	tar -tf ../$t.tar > /dev/null 2> ../gnu.err || echo "GNU tar rejects the tar"
	grep -v hdrcharset ../gnu.err
	cd ../ctx
done
