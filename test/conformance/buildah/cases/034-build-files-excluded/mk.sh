printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'Containerfile\n.dockerignore\n' > .dockerignore
echo a > a
