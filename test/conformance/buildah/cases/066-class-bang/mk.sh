printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'a[!c]e\n' > .dockerignore
echo > 'a!e'
echo > ace
echo > abe
