set -e
printf 'FROM scratch\n' > Dockerfile
printf '**/c\n!a/b/c/include.txt\n' > .dockerignore
mkdir -p a/b/c c
printf '1\n' > a/b/c/include.txt; printf '2\n' > a/b/c/other.txt; printf '3\n' > c/x; printf '4\n' > a/b/d
