set -e
printf 'FROM scratch\n' > Dockerfile
printf '[[:digit:]]*\n' > .dockerignore
mkdir 9
printf '1\n' > 1a; printf '2\n' > a1; printf '3\n' > 9/x
