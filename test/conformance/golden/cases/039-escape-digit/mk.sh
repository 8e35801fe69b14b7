set -e
printf 'FROM scratch\n' > Dockerfile
printf 'file\\d\n' > .dockerignore
printf '1\n' > file1; printf '2\n' > filed; printf '3\n' > file12
