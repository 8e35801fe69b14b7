printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
mkdir sub
printf 'FROM scratch\nCOPY . /ctx/\n' > sub/app.Dockerfile
echo a > a
