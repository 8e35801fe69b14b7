set -e
printf 'FROM scratch\n' > Dockerfile
printf '*\n!**/*.py\n' > .dockerignore
mkdir -p app lib/deep
printf '1\n' > app/main.py; printf '2\n' > app/x.txt; printf '3\n' > top.py; printf '4\n' > lib/deep/m.py
