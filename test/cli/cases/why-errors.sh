. "${0%/*}/../lib.sh"
mk Dockerfile 'FROM scratch'
mk .dockerignore 'ok
[z-a]'
"$CTXPACK" why a; echo "exit $?"
"$CTXPACK" why -C nonexistent a; echo "exit $?"
