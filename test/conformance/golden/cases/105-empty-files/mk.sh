set -e
printf 'FROM scratch\n' > Dockerfile
mkdir -p empty/dir
: > zero; : > empty/zero2; : > .zero
