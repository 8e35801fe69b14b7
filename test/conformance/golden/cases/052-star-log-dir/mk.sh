set -e
printf 'FROM scratch\n' > Dockerfile
printf '*.log\n' > .dockerignore
mkdir x.log
printf '1\n' > x.log/inner.txt; printf '2\n' > y.log; printf '3\n' > z.txt
