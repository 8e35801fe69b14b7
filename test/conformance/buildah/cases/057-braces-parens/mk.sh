printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'a{2}\n(a|b)c\n' > .dockerignore
echo > a
echo > aa
echo > 'a{2}'
echo > ac
echo > bc
echo > cc
echo > '(a|b)c'
