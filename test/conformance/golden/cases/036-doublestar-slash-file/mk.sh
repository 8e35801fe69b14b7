set -e
printf 'FROM scratch\n' > Dockerfile
printf '**/file\n' > .dockerignore
mkdir -p d/e
printf '1\n' > file; printf '2\n' > d/file; printf '3\n' > d/profile; printf '4\n' > d/e/file
