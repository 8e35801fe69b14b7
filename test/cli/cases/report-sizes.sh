. "${0%/*}/../lib.sh"
# size arguments: K M G T and KiB... are powers of 1024, KB... of 1000
mk Dockerfile x
for s in 500K 50M 2G 1.5GiB 1000 1KB 0.5M 10MiB; do
	"$CTXPACK" check --max-size $s . > /dev/null; echo "$s: exit $?"
done
for s in '' -1 12X 1.2.3 M; do
	"$CTXPACK" check --max-size "$s" . 2>&1; echo "exit $?"
done
