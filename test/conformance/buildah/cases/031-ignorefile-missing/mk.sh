printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
echo a > a
