printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'ab\n!abc/x\n' > .dockerignore
mkdir ab abc
echo > ab/x
echo > abc/x
