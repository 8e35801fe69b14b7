set -e
printf 'FROM scratch\n' > Dockerfile
printf '*/temp*\ntemp?\n' > .dockerignore
mkdir -p a/b
printf '1\n' > a/temp.txt; printf '2\n' > a/b/temp.txt; printf '3\n' > tempx; printf '4\n' > tempxy; printf '5\n' > temporary
