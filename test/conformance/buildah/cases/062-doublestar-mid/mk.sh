printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'a/**/b\n' > .dockerignore
mkdir -p a/x/y
echo > a/b
echo > a/x/b
echo > a/x/y/b
echo > a/c
