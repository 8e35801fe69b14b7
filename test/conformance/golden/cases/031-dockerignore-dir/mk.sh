set -e
printf 'FROM scratch\n' > Dockerfile
mkdir .dockerignore
printf '1\n' > a
