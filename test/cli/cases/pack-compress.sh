. "${0%/*}/../lib.sh"
# each compression round-trips through libarchive and the system tool
mk Dockerfile 'FROM scratch'
mk data/x 'hello'
for c in gzip zstd xz bzip2; do
	command -v $c >/dev/null || { echo "$c: no system tool, skipped"; continue; }
	"$CTXPACK" pack --$c --level 3 . > ../c.tar.$c; echo "$c: exit $?"
	"$TARLS" ../c.tar.$c | tr '\n' ' '; echo
	$c -dc < ../c.tar.$c | tar -tf - | tr '\n' ' '; echo
done
"$CTXPACK" pack -z . | gzip -dc | tar -tf - | tr '\n' ' '; echo
"$CTXPACK" pack --gzip --xz . > /dev/null; echo "two: exit $?"
"$CTXPACK" pack --level 5 . > /dev/null; echo "level alone: exit $?"
"$CTXPACK" ls --zstd . > /dev/null; echo "ls --zstd: exit $?"
