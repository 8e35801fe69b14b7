. "${0%/*}/../lib.sh"
mk Dockerfile 'FROM scratch'
mk .dockerignore '!/'
"$CTXPACK" ls .; echo "exit $?"
