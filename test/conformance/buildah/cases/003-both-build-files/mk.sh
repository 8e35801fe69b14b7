printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'FROM scratch\nCOPY Dockerfile /ctx/\n' > Dockerfile
echo a > a
