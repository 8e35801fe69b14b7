. "${0%/*}/../lib.sh"
mk Dockerfile 'FROM scratch'
mk sub/.dockerignore x
mk .dockerignore 'a[b'
"$CTXPACK" ls .; echo "exit $?"
