printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'a.b\nc$\n' > .dockerignore
echo > a.b
echo > axb
echo > 'c$'
echo > c
