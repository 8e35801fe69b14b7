printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
mkdir sub
printf 'FROM scratch\nCOPY . /ctx/\n' > sub/app.Dockerfile
printf 'sub/x\nb\n' > sub/app.Dockerfile.dockerignore
printf 'a\n' > .dockerignore
echo a > a
echo b > b
echo x > sub/x
