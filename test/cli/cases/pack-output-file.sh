. "${0%/*}/../lib.sh"
mk Dockerfile 'FROM scratch'
mk a a
"$CTXPACK" pack -o ctx.tar .; echo "exit $?"
"$TARLS" ctx.tar; ls
"$CTXPACK" pack -o nodir/ctx.tar .; echo "exit $?"
# a device is written to, never replaced by a renamed file
"$CTXPACK" pack -o /dev/null .; echo "-o /dev/null: exit $?"
[ -c /dev/null ] && echo "/dev/null is still a device"
