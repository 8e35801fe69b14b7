printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'a\r\n!a/keep\r\nb\r\n' > .dockerignore
mkdir a
echo > a/keep
echo > a/drop
echo > b
echo > c
