set -e
printf 'FROM scratch\n' > Dockerfile
printf '*\n!*/*.txt\n' > .dockerignore
mkdir recipes
printf '1\n' > recipes/cake.txt; printf '2\n' > recipes/pie.md; printf '3\n' > top.txt
