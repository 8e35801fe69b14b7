printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'a[^x]b\n' > .dockerignore
mkdir a
echo > a/b
echo > a/c
echo > azb
echo > axb
