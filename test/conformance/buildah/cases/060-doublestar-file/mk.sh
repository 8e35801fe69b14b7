printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf '**file\n' > .dockerignore
echo > file
echo > profile
mkdir d
echo > d/file
echo > d/myfile
