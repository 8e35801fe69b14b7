set -e
printf 'FROM scratch\n' > Dockerfile
printf '*\n!src\n' > .dockerignore
mkdir -p .git src
printf '1\n' > .env; printf '2\n' > .git/config; printf '3\n' > src/a; printf '4\n' > b
