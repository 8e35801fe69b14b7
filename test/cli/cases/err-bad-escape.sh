. "${0%/*}/../lib.sh"
# R11: escapes are regexp escapes; \y is not one
mk Dockerfile 'FROM scratch'
mk .dockerignore 'ok
fo\y'
"$CTXPACK" ls .; echo "exit $?"
