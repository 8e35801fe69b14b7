printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'secret\n' > .containerignore
echo s > secret
echo k > keep
