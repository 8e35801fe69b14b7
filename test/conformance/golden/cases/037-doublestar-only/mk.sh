set -e
printf 'FROM scratch\n' > Dockerfile
printf '**\n!src/main.c\n' > .dockerignore
mkdir -p src lib
printf '1\n' > src/main.c; printf '2\n' > src/util.c; printf '3\n' > lib/x.c; printf '4\n' > top
