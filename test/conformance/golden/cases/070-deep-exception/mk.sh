set -e
printf 'FROM scratch\n' > Dockerfile
printf 'a\n!a/b/c/file\n' > .dockerignore
mkdir -p a/b/c
printf '1\n' > a/b/c/file; printf '2\n' > a/b/c/other; printf '3\n' > a/b/x; printf '4\n' > a/y
