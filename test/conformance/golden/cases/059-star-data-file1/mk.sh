set -e
printf 'FROM scratch\n' > Dockerfile
printf '*\n!data\ndata/file1\n' > .dockerignore
mkdir data
printf '1\n' > data/file1; printf '2\n' > data/file2; printf '3\n' > other
