printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf '^a\n*^b\n' > .dockerignore
echo > a
echo > '^a'
echo > b
echo > 'a^b'
echo > c
