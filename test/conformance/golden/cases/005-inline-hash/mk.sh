set -e
printf 'FROM scratch\n' > Dockerfile
printf 'dist/*\n!dist/*.pex  # keep\n' > .dockerignore
mkdir dist
printf 'p\n' > dist/a.pex; printf 't\n' > dist/b.txt; printf 'o\n' > other.pex
