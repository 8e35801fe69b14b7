set -e
printf 'FROM scratch\n' > Dockerfile
printf '*^b\nx^y\n' > .dockerignore
printf '1\n' > 'a^b'; printf '2\n' > 'x^y'; printf '3\n' > '^b'
