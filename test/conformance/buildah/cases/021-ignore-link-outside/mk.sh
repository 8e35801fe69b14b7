printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'a\n' > ../ign
ln -s ../ign .dockerignore
echo a > a
echo b > b
