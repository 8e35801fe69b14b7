set -e
printf 'FROM scratch\n' > Dockerfile
printf 'node_modules\n!node_modules/*.json\n' > .dockerignore
mkdir -p node_modules/a
printf '1\n' > node_modules/package.json; printf '2\n' > node_modules/a/package.json; printf '3\n' > node_modules/x.js
