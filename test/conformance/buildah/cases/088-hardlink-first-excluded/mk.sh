printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
echo data > a1
ln a1 b2
ln a1 c3
printf 'a1\n' > .dockerignore
