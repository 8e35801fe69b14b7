. "${0%/*}/../lib.sh"
mk Dockerfile 'FROM scratch'
mk a a
"$CTXPACK" pack . > /dev/full; echo "exit $?"
