mkdir Containerfile
printf 'FROM scratch\nCOPY . /ctx/\n' > Dockerfile
