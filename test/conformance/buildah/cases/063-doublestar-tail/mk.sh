printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'd/**\n' > .dockerignore
mkdir -p d/e
echo > d/f
echo > d/e/g
