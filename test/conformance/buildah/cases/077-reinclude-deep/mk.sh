printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'a\n!a/b/c/file\n' > .dockerignore
mkdir -p a/b/c
chmod 0700 a/b
echo > a/b/c/file
echo > a/b/c/other
echo > a/b/x
