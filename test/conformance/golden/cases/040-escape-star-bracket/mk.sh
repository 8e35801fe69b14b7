set -e
printf 'FROM scratch\n' > Dockerfile
printf '\\*\n\\[x\\]\n' > .dockerignore
printf '1\n' > '*'; printf '2\n' > '[x]'; printf '3\n' > x; printf '4\n' > 'a*'
