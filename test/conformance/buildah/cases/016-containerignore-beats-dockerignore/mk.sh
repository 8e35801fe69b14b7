printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'a\n' > .containerignore
printf 'b\n' > .dockerignore
echo a > a
echo b > b
