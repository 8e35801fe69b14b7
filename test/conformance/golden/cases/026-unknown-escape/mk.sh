set -e
printf 'FROM scratch\n' > Dockerfile
printf 'fo\\y\n' > .dockerignore
printf '1\n' > foy
