set -e
printf 'FROM scratch\n' > Dockerfile
printf '?.txt\nd?e\n' > .dockerignore
mkdir d
printf '1\n' > a.txt; printf '2\n' > ab.txt; printf '3\n' > d/a.txt; printf '4\n' > d/e; printf '5\n' > dxe
