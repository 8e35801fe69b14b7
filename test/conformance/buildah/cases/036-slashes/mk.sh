printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf '/data\ndocs/\n /spaced\n//x//\n' > .dockerignore
mkdir data docs spaced
echo > data/f
echo > docs/f
echo > spaced/f
echo > x
echo > y
