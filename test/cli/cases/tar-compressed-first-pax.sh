. "${0%/*}/../lib.sh"
# the compressed stream holds the same tar as the plain one: lead-in
# included (whoever decompresses it first then pipes it on is covered)
. "${0%/*}/../../engine/trees.sh"
tree_mtime9e9
"$CTXPACK" pack . > ../plain.tar; echo "plain: exit $?"
for c in gzip zstd xz bzip2; do
	command -v $c >/dev/null || { echo "$c: no system tool, skipped"; continue; }
	"$CTXPACK" pack --$c . > ../c.$c; echo "$c: exit $?"
	$c -dc < ../c.$c | cmp - ../plain.tar && echo "$c: same tar inside"
done
