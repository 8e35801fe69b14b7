printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'a\n' > Containerfile.dockerignore
printf 'b\n' > Containerfile.containerignore
echo a > a
echo b > b
