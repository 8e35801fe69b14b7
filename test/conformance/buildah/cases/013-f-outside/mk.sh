printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'FROM scratch\nCOPY . /ctx/\n' > ../outside.Dockerfile
printf 'a\n' > ../outside.Dockerfile.dockerignore
printf 'b\n' > .dockerignore
echo a > a
echo b > b
