set -e
printf 'FROM scratch\n' > Dockerfile
printf 'sub/pipe2\n' > .dockerignore
mkdir sub
mkfifo pipe sub/pipe2 sub/pipe3
