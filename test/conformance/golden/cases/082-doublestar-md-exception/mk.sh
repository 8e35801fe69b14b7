set -e
printf 'FROM scratch\n' > Dockerfile
printf 'docs\n!**/*.md\n' > .dockerignore
mkdir -p docs/sub
printf '1\n' > docs/a.md; printf '2\n' > docs/sub/b.md; printf '3\n' > docs/c.txt; printf '4\n' > README.md
