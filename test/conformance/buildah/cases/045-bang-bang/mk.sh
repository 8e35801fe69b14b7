printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf '*x\n!!x\n' > .dockerignore
echo > x
echo > '!x'
echo > y
