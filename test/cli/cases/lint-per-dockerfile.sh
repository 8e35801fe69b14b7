. "${0%/*}/../lib.sh"
# both ignore files: BuildKit reads one, classic the other
mk Dockerfile 'FROM scratch'
mk Dockerfile.dockerignore 'a'
mk .dockerignore 'b'
mk a; mk b
"$CTXPACK" lint; echo "exit $?"
