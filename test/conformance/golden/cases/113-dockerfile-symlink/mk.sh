set -e
mkdir docker
printf 'FROM scratch\n' > docker/Dockerfile
ln -s docker/Dockerfile Dockerfile
printf '*\n' > .dockerignore
printf '1\n' > docker/other; printf '2\n' > a
