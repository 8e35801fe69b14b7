printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'Containerfile*\n' > Containerfile.containerignore
printf 'x\n' > .containerignore
echo > x
echo > y
