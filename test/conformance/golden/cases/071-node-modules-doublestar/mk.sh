set -e
printf 'FROM scratch\n' > Dockerfile
printf 'node_modules\n!**/keep.txt\n' > .dockerignore
mkdir -p node_modules/a src
printf '1\n' > node_modules/a/keep.txt; printf '2\n' > node_modules/a/index.js; printf '3\n' > keep.txt; printf '4\n' > src/keep.txt
