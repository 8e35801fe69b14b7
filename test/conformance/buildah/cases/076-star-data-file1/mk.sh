printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf '*\n!data\ndata/file1\n' > .dockerignore
mkdir data
echo > data/file1
echo > data/file2
echo > top
