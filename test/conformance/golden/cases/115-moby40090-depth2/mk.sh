set -e
printf '**/build\n' > .dockerignore
mkdir -p a/build
printf 'FROM scratch\n' > a/build/Dockerfile; printf '1\n' > a/build/out.o; printf '2\n' > top
