printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'a\n!\n' > .dockerignore
echo > a
