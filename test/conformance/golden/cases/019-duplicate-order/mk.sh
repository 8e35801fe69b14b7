set -e
printf 'FROM scratch\n' > Dockerfile
printf '*.txt\n!a.txt\n*.txt\n' > .dockerignore
printf '1\n' > a.txt; printf '2\n' > b.txt; printf '3\n' > c.md
