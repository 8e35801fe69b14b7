printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf './a/../b\nc//d\n.\n../x\n' > .dockerignore
echo > a
echo > b
mkdir c
echo > c/d
echo > c/e
echo > x
