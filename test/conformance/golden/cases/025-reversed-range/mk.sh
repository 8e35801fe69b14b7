set -e
printf 'FROM scratch\n' > Dockerfile
printf '[z-a]\n' > .dockerignore
printf '1\n' > a
