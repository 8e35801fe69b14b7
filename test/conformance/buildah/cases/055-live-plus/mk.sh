printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'a+b\n' > .dockerignore
echo > ab
echo > aab
echo > a+b
echo > b
