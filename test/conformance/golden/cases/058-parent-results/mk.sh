set -e
printf 'FROM scratch\n' > Dockerfile
printf 'dir/*.txt\n!dir\n' > .dockerignore
mkdir dir
printf '1\n' > dir/a.txt; printf '2\n' > dir/b.md
