set -e
printf 'FROM scratch\n' > Dockerfile
printf '!/\n' > .dockerignore
printf '1\n' > a
