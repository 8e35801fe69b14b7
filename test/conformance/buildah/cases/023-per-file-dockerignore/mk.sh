printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'a\n' > Containerfile.dockerignore
printf 'b\n' > .containerignore
printf 'c\n' > .dockerignore
echo a > a
echo b > b
echo c > c
