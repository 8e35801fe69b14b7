. "${0%/*}/../lib.sh"
# audit reports a Containerfile context with buildah's rules and says so
mk docker/Dockerfile 'FROM scratch
'
mk docker/.dockerignore 'big
'
big docker/big/blob 20000
mk podman/Containerfile 'FROM scratch
'
mk podman/.containerignore 'big
'
mk podman/.dockerignore '
'
big podman/big/blob 20000
"$CTXPACK" audit . | sed 's/  *$//'; echo "exit $?"
