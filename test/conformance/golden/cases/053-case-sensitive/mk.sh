set -e
printf 'FROM scratch\n' > Dockerfile
printf '*.TXT\nreadme\n' > .dockerignore
printf '1\n' > a.txt; printf '2\n' > b.TXT; printf '3\n' > README; printf '4\n' > readme
