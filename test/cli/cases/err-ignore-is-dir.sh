. "${0%/*}/../lib.sh"
mk Dockerfile 'FROM scratch'
mkdir .dockerignore
"$CTXPACK" ls .; echo "exit $?"
