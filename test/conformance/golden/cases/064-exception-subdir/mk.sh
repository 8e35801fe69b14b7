set -e
printf 'FROM scratch\n' > Dockerfile
printf 'dist\n!dist/sub\n' > .dockerignore
mkdir -p dist/sub/deep
printf '1\n' > dist/a; printf '2\n' > dist/sub/b; printf '3\n' > dist/sub/deep/c
