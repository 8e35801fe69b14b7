set -e
printf 'FROM scratch\n' > Dockerfile
printf './docs\n!./docs/keep.md\n' > .dockerignore
mkdir docs
printf 'a\n' > docs/a.md; printf 'k\n' > docs/keep.md; printf 'r\n' > README.md
