printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
ln -s nowhere .containerignore
printf 'b\n' > .dockerignore
echo a > a
echo b > b
