printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf '.dockerignore\na\n!a/b/keep\n' > .dockerignore
mkdir -p a/b
chmod 0700 a
echo > a/b/keep
echo > a/b/drop
