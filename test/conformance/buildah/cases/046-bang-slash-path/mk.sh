printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf '*\n!/a\n' > .dockerignore
echo > a
echo > b
