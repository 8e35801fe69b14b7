printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'a\n' > Containerfile.containerignore
printf 'b\n' > .containerignore
echo a > a
echo b > b
