printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'a\n' > Dockerfile.dockerignore
printf 'b\n' > .dockerignore
echo a > a
echo b > b
