printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf '\357\273\277secret\n' > .dockerignore
echo > secret
echo > keep
