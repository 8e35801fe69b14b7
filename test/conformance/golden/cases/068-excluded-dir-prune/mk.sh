set -e
printf 'FROM scratch\n' > Dockerfile
printf 'build\n' > .dockerignore
mkdir -p build/sub builder sub/build
printf '1\n' > build/a; printf '2\n' > build/sub/b; printf '3\n' > builder/x; printf '4\n' > sub/build/c
