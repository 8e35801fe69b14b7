printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'a\\\n' > .dockerignore
echo > a
