set -e
printf 'FROM scratch\n' > Dockerfile
printf 'foo\\ \n' > .dockerignore
printf '1\n' > 'foo '
