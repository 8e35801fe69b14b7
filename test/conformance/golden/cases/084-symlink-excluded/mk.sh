set -e
printf 'FROM scratch\n' > Dockerfile
printf 'link*\n' > .dockerignore
mkdir d
printf '1\n' > d/f
ln -s d linkd; ln -s d/f linkf; ln -s d keepd
