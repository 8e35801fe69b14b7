. "${0%/*}/../lib.sh"
# A directory .dockerignore: the classic CLI fails ("is a directory");
# BuildKit's frontend ignores the failed read and applies no ignore file.
mk Dockerfile 'FROM scratch'
mkdir .dockerignore
"$CTXPACK" ls --builder=classic .; echo "classic: exit $?"
"$CTXPACK" ls .; echo "buildkit: exit $?"
"$CTXPACK" lint .; echo "lint: exit $?"
