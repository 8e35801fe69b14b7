printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'Containerfile.dockerignore\na\n' > Containerfile.dockerignore
printf 'b\n' > .dockerignore
echo > a
echo > b
