set -e
printf 'FROM scratch\n' > Dockerfile
printf '*.log\n!\n' > .dockerignore
printf '1\n' > a.log
