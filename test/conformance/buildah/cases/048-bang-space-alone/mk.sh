printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf '! \n' > .dockerignore
echo > a
