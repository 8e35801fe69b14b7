set -e
printf 'FROM scratch\n' > Dockerfile
printf 'nothing-matches-this\n' > .dockerignore
mkdir -p a/y
printf '1\n' > B; printf '2\n' > _u; printf '3\n' > a/x; printf '4\n' > a/y/z; printf '5\n' > a-b; printf '6\n' > a.txt
printf '7\n' > .a; printf '8\n' > ..b; printf '9\n' > '~t'; printf '10\n' > Z; printf '11\n' > 0; printf '12\n' > 9x; printf '13\n' > 'a b'; printf '14\n' > a0
