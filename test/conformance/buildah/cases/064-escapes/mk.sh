printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'file\\d\na\\*b\n' > .dockerignore
echo > file1
echo > filed
echo > 'a*b'
echo > ab
echo > aab
