set -e
printf 'FROM scratch\n' > Dockerfile
ln -s missing-rules .dockerignore
printf '1\n' > a.log
