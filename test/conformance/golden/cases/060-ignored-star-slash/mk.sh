set -e
printf 'FROM scratch\n' > Dockerfile
printf 'ignored/*\n!ignored/*/\n' > .dockerignore
mkdir -p ignored/sub
printf '1\n' > ignored/drop; printf '2\n' > ignored/sub/x
