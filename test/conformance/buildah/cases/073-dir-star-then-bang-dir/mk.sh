printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'dir2/*.txt\n!dir2\n' > .dockerignore
mkdir dir2
echo > dir2/a.txt
echo > dir2/b.md
