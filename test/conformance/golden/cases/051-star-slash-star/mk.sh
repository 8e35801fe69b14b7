set -e
printf 'FROM scratch\n' > Dockerfile
printf 'a/*\n' > .dockerignore
mkdir -p a/b
printf '1\n' > a/b/c; printf '2\n' > a/d; printf '3\n' > a/.hidden
