set -e
printf 'FROM scratch\n' > Dockerfile
printf '.dockerignore\nDockerfile\n*.md\n' > .dockerignore
printf '1\n' > a.md; printf '2\n' > b.txt
