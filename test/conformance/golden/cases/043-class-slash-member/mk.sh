set -e
printf 'FROM scratch\n' > Dockerfile
printf 'a[/x]b\n' > .dockerignore
mkdir a
printf '1\n' > a/b; printf '2\n' > a/c; printf '3\n' > axb; printf '4\n' > ayb
