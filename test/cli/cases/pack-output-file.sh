. "${0%/*}/../lib.sh"
mk Dockerfile 'FROM scratch'
mk a a
"$CTXPACK" pack -o ctx.tar .; echo "exit $?"
"$TARLS" ctx.tar; ls
"$CTXPACK" pack -o nodir/ctx.tar .; echo "exit $?"
