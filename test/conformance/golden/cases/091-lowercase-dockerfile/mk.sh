set -e
printf 'FROM scratch\n' > dockerfile
printf '*.log\n' > .dockerignore
printf '1\n' > a.log; printf '2\n' > b
