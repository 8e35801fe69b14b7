set -e
printf 'FROM scratch\n' > Dockerfile
printf '*.md\n!README*.md\nREADME-secret.md\n' > .dockerignore
printf '1\n' > README.md; printf '2\n' > README-secret.md; printf '3\n' > other.md
