. "${0%/*}/../lib.sh"
# H2: BuildKit reads <Dockerfile>.dockerignore beside the Dockerfile
# instead of .dockerignore; the classic builder never does
mk docker/app.Dockerfile 'FROM scratch'
mk docker/app.Dockerfile.dockerignore 'secret*'
mk .dockerignore 'data'
mk secret.txt s; mk data/x d
echo "== buildkit"; "$CTXPACK" ls -f docker/app.Dockerfile .
echo "== classic"; "$CTXPACK" ls --builder=classic -f docker/app.Dockerfile .
