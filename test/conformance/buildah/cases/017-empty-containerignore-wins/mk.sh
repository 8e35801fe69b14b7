printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
: > .containerignore
printf 'b\n' > .dockerignore
echo b > b
