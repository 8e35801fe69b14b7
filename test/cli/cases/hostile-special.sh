. "${0%/*}/../lib.sh"
# device nodes are entries with their numbers; a FIFO is never opened
# (pack would block if it were)
mk Dockerfile 'FROM scratch'
mknod null c 1 3 2>/dev/null || { echo "no mknod here" >&2; exit 77; }
mknod blk b 7 0; mkfifo fifo
timeout 10 "$CTXPACK" pack . > ../out.tar; echo "exit $?"
"$TARLS" ../out.tar
