printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf '*.pyc\n.*\n' > .dockerignore
echo > a.pyc
mkdir sub
echo > sub/b.pyc
echo > .env
echo > sub/.env
