printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
mkdir baddir
echo > baddir/f
chmod 000 baddir
printf 'baddir\n' > .dockerignore
echo > a
