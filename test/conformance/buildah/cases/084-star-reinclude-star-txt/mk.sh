printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf '*\n!*/*.txt\n' > .dockerignore
mkdir recipes
echo > recipes/cake.txt
echo > recipes/x
