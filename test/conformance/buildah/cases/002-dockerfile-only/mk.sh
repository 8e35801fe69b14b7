printf 'FROM scratch\nCOPY . /ctx/\n' > Dockerfile
echo a > a
