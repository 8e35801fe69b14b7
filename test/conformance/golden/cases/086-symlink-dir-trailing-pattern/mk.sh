set -e
printf 'FROM scratch\n' > Dockerfile
printf 'linkdir/**\nrealdir/**\n' > .dockerignore
mkdir realdir
printf '1\n' > realdir/f
ln -s realdir linkdir
