. "${0%/*}/../lib.sh"
# a bad pattern is an error finding (exit 1); JSON output
mk Dockerfile 'FROM scratch'
mk .dockerignore 'ok
fo\y'
"$CTXPACK" lint; echo "exit $?"
"$CTXPACK" lint --json; echo "exit $?"
mk .dockerignore 'dist  # x'
"$CTXPACK" lint --json; echo "exit $?"
