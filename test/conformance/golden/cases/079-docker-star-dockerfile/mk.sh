set -e
printf 'FROM scratch\n' > Dockerfile
printf '*\n!docker/*/Dockerfile\n' > .dockerignore
mkdir -p docker/app docker/web
printf 'FROM scratch\n' > docker/app/Dockerfile; printf 'x\n' > docker/app/x; printf 'FROM scratch\n' > docker/web/Dockerfile
