printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'nm\n!**/keep.txt\n' > .dockerignore
mkdir -p nm/a
echo > nm/a/keep.txt
echo > nm/keep.txt
echo > keep.txt
