set -e
printf 'FROM scratch\n' > Dockerfile
printf '**file\n' > .dockerignore
mkdir d
printf '1\n' > profile; printf '2\n' > d/myfile; printf '3\n' > file; printf '4\n' > d/other; printf '5\n' > files
