set -e
printf 'FROM scratch\n' > Dockerfile
printf 'a1\n' > .dockerignore
printf 'data\n' > a1
ln a1 b2
ln a1 c3
