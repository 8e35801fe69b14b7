set -e
printf 'FROM scratch\n' > Dockerfile
printf '*.txt\n' > .dockerignore
printf '*.md\n' > Dockerfile.dockerignore
printf '1\n' > a.md; printf '2\n' > a.txt; printf '3\n' > b
