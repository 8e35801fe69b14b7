. "${0%/*}/../lib.sh"
# buildfile-excluded (moby#40090): an error, exit 1
mk build/Dockerfile 'FROM scratch'
mk .dockerignore '**/build'
"$CTXPACK" lint -f build/Dockerfile; echo "exit $?"
