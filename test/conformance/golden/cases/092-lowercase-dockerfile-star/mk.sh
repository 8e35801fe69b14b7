set -e
printf 'FROM scratch\n' > dockerfile
printf '*\n' > .dockerignore
printf '1\n' > a
