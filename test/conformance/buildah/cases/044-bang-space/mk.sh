printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf '*a\n! a\n' > .dockerignore
echo > a
echo > ' a'
echo > b
