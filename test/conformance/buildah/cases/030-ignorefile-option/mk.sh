printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'a\n' > other.ign
printf 'b\n' > Containerfile.dockerignore
printf 'c\n' > .dockerignore
echo a > a
echo b > b
echo c > c
