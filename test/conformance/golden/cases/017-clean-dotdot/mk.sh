set -e
printf 'FROM scratch\n' > Dockerfile
printf 'b/../b/c\ne//f\nx/./y\n' > .dockerignore
mkdir b e x
printf '1\n' > b/c; printf '2\n' > b/d; printf '3\n' > e/f; printf '4\n' > e/g; printf '5\n' > x/y; printf '6\n' > x/z
