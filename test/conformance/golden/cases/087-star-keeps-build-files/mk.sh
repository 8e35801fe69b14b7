set -e
printf 'FROM scratch\n' > Dockerfile
printf '*\n' > .dockerignore
mkdir b
printf '1\n' > a; printf '2\n' > b/c
