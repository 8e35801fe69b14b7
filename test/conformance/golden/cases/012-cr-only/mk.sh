set -e
printf 'FROM scratch\n' > Dockerfile
printf 'a\rb\r' > .dockerignore
printf '1\n' > a; printf '2\n' > b; printf '3\n' > "$(printf 'a\rb')"
