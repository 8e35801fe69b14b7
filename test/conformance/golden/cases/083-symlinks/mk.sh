set -e
printf 'FROM scratch\n' > Dockerfile
printf 'realdir\n' > .dockerignore
mkdir realdir
printf '1\n' > realdir/f
ln -s realdir linkdir
ln -s missing dangling
ln -s /etc/passwd abs
ln -s ../../outside out
ln -s realdir/f filelink
