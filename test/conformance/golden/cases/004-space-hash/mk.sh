set -e
printf 'FROM scratch\n' > Dockerfile
printf ' # x\n' > .dockerignore
printf '1\n' > '# x'; printf '2\n' > '#x'; printf '3\n' > x
