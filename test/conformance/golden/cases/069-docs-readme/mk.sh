set -e
printf 'FROM scratch\n' > Dockerfile
printf 'docs\n!docs/README.md\n' > .dockerignore
mkdir docs
printf '1\n' > docs/README.md; printf '2\n' > docs/guide.md; printf '3\n' > a.txt
