printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'x\na[\n' > .dockerignore
echo > a
