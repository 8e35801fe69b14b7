set -e
printf 'docker\n' > .dockerignore
mkdir docker
printf 'FROM scratch\n' > docker/app.Dockerfile; printf '*\n' > docker/app.Dockerfile.dockerignore; printf '1\n' > docker/notes; printf '2\n' > top
