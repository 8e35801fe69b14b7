printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
mkdir d
echo > d/f
ln -s d/f rel
ln -s /etc/passwd abs
ln -s nowhere dangling
ln -s d linkdir
ln -s ../outside up
printf 'd\n' > .dockerignore
