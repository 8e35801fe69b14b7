set -e
printf 'FROM scratch\n' > Dockerfile
printf 'a\\nb\n' > .dockerignore
printf '1\n' > anb; printf '2\n' > 'a\nb'
