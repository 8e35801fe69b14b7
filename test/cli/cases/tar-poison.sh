. "${0%/*}/../lib.sh"
# item 8: a pack that fails ends the tar with the poison, so that no
# reader takes the part before it for a whole archive: an empty pax
# global header, a block that is no header, a part block.  At the very
# first entry, right after a file's data (700 bytes: padding pending),
# after an unreadable directory (the walk fails), and compressed.
command -v setpriv >/dev/null || { echo "no setpriv" >&2; exit 77; }
as_nobody() { if [ "$(id -u)" = 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; else "$@"; fi; }
show() {
	echo "size $(wc -c < "$1" | tr -d ' ')"
	"$TARLS" "$1" 2>&1 | sed 's/^tarls: .*/tarls: error/'
	tar -tf "$1" >/dev/null 2>&1; echo "GNU tar exit $?"
	python3 -c 'import sys, tarfile
try:
    print(len(tarfile.open(sys.argv[1]).getmembers()), "members")
except tarfile.TarError as e:
    print("python:", type(e).__name__)' "$1"
	tail -c 69 "$1"
}
mkdir first after walk
printf s > first/-secret
head -c 700 /dev/zero > after/a; printf s > after/b
printf a > walk/a; mkdir walk/d; printf x > walk/d/x
chmod -R a+rX . ; chmod 000 first/-secret after/b walk/d; chmod 777 .
for t in first after walk; do
	echo "== $t"
	(cd $t && as_nobody "$CTXPACK" pack . > ../$t.tar); echo "exit $?"
	show $t.tar
done
echo "== after, gzip"
(cd after && as_nobody "$CTXPACK" pack --gzip . > ../gz.tar.gz); echo "exit $?"
gzip -dc < gz.tar.gz > gz.tar; echo "gzip exit $?"
show gz.tar
