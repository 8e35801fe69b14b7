printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'd2/**\n!d2\n' > .dockerignore
mkdir d2
echo > d2/x
