set -e
printf 'FROM scratch\n' > Dockerfile
printf 'a\n! \n' > .dockerignore
printf '1\n' > a
