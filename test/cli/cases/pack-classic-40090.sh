. "${0%/*}/../lib.sh"
# moby#40090: **/build hides build/Dockerfile from the classic CLI's R26
# check; ctxpack keeps it (a piped tar must carry its Dockerfile) and warns
mk build/Dockerfile 'FROM scratch'
mk .dockerignore '**/build'
mk build/x x; mk a a
"$CTXPACK" ls --builder=classic -f build/Dockerfile .; echo "exit $?"
