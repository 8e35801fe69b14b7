printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
mkdir .dockerignore
echo a > a
