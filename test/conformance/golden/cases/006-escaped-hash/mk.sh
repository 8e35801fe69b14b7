set -e
printf 'FROM scratch\n' > Dockerfile
printf '\\#secret\n' > .dockerignore
printf 's\n' > '#secret'; printf 'p\n' > '#public'; printf 'x\n' > secret
