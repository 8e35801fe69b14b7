set -e
printf '**/build\n' > .dockerignore
mkdir -p build services/api/build
printf 'FROM scratch\n' > build/Dockerfile; printf '1\n' > build/out.o; printf '2\n' > services/api/build/x; printf '3\n' > top
