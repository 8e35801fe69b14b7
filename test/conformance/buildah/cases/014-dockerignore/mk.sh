printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'secret\n*.log\n' > .dockerignore
echo s > secret
echo l > a.log
echo k > keep
