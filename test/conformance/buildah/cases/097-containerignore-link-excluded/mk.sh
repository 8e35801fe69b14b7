printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
mkdir conf
printf 'conf\na\n' > conf/ign
ln -s conf/ign .containerignore
printf 'b\n' > .dockerignore
echo > a
echo > b
