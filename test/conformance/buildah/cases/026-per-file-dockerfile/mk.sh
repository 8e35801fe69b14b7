printf 'FROM scratch\nCOPY . /ctx/\n' > Dockerfile
printf 'a\n' > Dockerfile.dockerignore
printf 'b\n' > .dockerignore
echo a > a
echo b > b
