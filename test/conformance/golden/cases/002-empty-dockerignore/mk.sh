set -e
printf 'FROM scratch\n' > Dockerfile
: > .dockerignore
mkdir -p a/b
printf 'x\n' > a/b/c.txt
printf 'y\n' > .hidden
