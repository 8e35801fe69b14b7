set -e
printf 'FROM scratch\n' > Dockerfile
printf 'node_modules\n!node_modules/**/keep.txt\n' > .dockerignore
mkdir -p node_modules/a
printf '1\n' > node_modules/a/keep.txt; printf '2\n' > node_modules/keep.txt; printf '3\n' > node_modules/x.js
