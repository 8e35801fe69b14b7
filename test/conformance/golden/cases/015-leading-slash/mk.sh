set -e
printf 'FROM scratch\n' > Dockerfile
printf '/build\n//tmp\n' > .dockerignore
mkdir -p build tmp sub/build
printf 'x\n' > build/x; printf 'y\n' > tmp/y; printf 'z\n' > sub/build/z
