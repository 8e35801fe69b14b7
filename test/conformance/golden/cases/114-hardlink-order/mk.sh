set -e
printf 'FROM scratch\n' > Dockerfile
mkdir a
printf 'data\n' > z
ln z b
ln z a/y
