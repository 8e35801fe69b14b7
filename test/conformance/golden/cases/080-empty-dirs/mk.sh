set -e
printf 'FROM scratch\n' > Dockerfile
printf 'g/*.o\n' > .dockerignore
mkdir -p e/f g h
printf '1\n' > g/a.o; printf '2\n' > g/b.o; printf '3\n' > h/c.o
