printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf '!x[z-a]\n' > .dockerignore
echo > a
