printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'a\n!a*/keep\n' > .dockerignore
mkdir a ab
echo > a/keep
echo > a/x
echo > ab/keep
