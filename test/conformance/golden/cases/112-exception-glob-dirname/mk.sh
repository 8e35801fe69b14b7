set -e
printf 'FROM scratch\n' > Dockerfile
printf 'a\n!a*/b\n' > .dockerignore
mkdir a ab
printf '1\n' > a/b; printf '2\n' > a/c; printf '3\n' > ab/b
