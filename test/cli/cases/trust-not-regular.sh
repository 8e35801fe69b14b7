. "${0%/*}/../lib.sh"
# -f and the ignore file must be regular files (or links to one): a
# directory, a FIFO or a device is refused before it is opened (a FIFO
# would hang the read).  A directory .dockerignore is the real engine's
# exception: BuildKit's frontend ignores the failed read (no ignore file,
# with a warning), the classic CLI fails ("is a directory").
mk Dockerfile 'FROM scratch'
mk node_modules/x/index.js 'x'
mkfifo fifo
"$CTXPACK" pack -f node_modules . > /dev/null; echo "-f dir: exit $?"
timeout 10 "$CTXPACK" ls -f fifo .; echo "-f fifo: exit $?"
"$CTXPACK" ls -f /dev/null .; echo "-f device: exit $?"
timeout 10 "$CTXPACK" ls --ignore-file fifo .; echo "--ignore-file fifo: exit $?"
mkfifo .dockerignore
timeout 10 "$CTXPACK" ls .; echo "FIFO .dockerignore: exit $?"
timeout 10 "$CTXPACK" ls --builder=classic .; echo "classic: exit $?"
rm .dockerignore; ln -s fifo .dockerignore
timeout 10 "$CTXPACK" ls .; echo "link to a FIFO: exit $?"
rm .dockerignore; mkdir .dockerignore; mk .dockerignore/x '*'
"$CTXPACK" ls .; echo "directory .dockerignore: exit $?"
"$CTXPACK" ls --builder=classic .; echo "classic: exit $?"
mkdir Dockerfile.dockerignore; rm .dockerignore/x; rmdir .dockerignore
mk .dockerignore 'node_modules'
"$CTXPACK" ls .; echo "directory Dockerfile.dockerignore, then .dockerignore: exit $?"
