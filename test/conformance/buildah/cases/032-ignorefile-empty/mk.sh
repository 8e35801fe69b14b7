printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
: > empty.ign
printf 'a\n' > .dockerignore
echo a > a
