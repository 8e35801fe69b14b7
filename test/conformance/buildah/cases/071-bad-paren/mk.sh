printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'a(b\n' > .dockerignore
echo > a
