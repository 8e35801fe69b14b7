printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf '/\n///\n/ /\n' > .dockerignore
echo a > a
