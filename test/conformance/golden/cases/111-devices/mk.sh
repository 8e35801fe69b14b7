set -e
printf 'FROM scratch\n' > Dockerfile
printf 'dev/null2\n' > .dockerignore
mkdir dev
mknod dev/null c 1 3
mknod dev/null2 c 1 3
mknod dev/loop0 b 7 0
