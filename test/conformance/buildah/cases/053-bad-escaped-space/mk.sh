printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'foo\\ \n' > .dockerignore
echo > foo
