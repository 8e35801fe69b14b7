set -e
printf 'FROM scratch\n' > Dockerfile
printf '**/*.pyc\n' > .dockerignore
mkdir -p sub/deep
printf '1\n' > a.pyc; printf '2\n' > sub/b.pyc; printf '3\n' > sub/deep/c.pyc; printf '4\n' > sub/deep/keep.py
