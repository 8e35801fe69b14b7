printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf '**.txt\n' > .dockerignore
echo > .txt
echo > a.txt
mkdir d
echo > d/.txt
echo > d/b.txt
