set -e
printf 'FROM scratch\n' > Dockerfile
mkdir rules
printf '*.log\n' > rules/ignore.txt
ln -s rules/ignore.txt .dockerignore
printf '1\n' > a.log; printf '2\n' > b.txt
