set -e
printf 'FROM scratch\n' > Dockerfile
mkdir sub
printf 'data\n' > h1
ln h1 h2
ln h1 sub/h3
printf 'x\n' > x
