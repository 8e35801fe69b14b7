printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'fo\\y\n' > .dockerignore
echo > a
