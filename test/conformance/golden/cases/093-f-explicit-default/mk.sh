set -e
printf 'FROM scratch\n' > Dockerfile
printf 'Dockerfile\n*.txt\n' > .dockerignore
printf '1\n' > a.txt; printf '2\n' > b.md
