printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'a\rb\n' > .dockerignore
echo > a
echo > b
echo > "$(printf 'a\rb')"
