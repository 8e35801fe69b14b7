set -e
printf 'FROM scratch\n' > Dockerfile
printf '*.pyc\n' > .dockerignore
mkdir sub
printf '1\n' > a.pyc; printf '2\n' > sub/b.pyc; printf '3\n' > a.py
