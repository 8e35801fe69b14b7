set -e
printf 'FROM scratch\n' > Dockerfile
printf '.\n/\n./\n../f\n' > .dockerignore
mkdir a
printf '1\n' > f; printf '2\n' > a/b
