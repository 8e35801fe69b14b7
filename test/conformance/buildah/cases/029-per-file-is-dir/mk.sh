printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
mkdir Containerfile.dockerignore
printf 'b\n' > .dockerignore
echo b > b
