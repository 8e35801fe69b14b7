printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'd/*\n**/*.pyc\n' > .dockerignore
mkdir -p d/e s/t
echo > d/f
echo > s/t/a.pyc
