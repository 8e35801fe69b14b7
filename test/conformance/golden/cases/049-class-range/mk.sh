set -e
printf 'FROM scratch\n' > Dockerfile
printf '[a-c]*.md\n' > .dockerignore
printf '1\n' > a.md; printf '2\n' > b.md; printf '3\n' > d.md; printf '4\n' > C.md
