printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'x\n!a[\n' > .dockerignore
echo > a
