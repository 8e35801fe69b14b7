printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
mkdir .containerignore
echo a > a
