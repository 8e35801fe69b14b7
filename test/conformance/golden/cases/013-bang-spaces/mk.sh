set -e
printf 'FROM scratch\n' > Dockerfile
printf '*.txt\n!   keep.txt\n! \tkeep2.txt\n' > .dockerignore
printf '1\n' > keep.txt; printf '2\n' > keep2.txt; printf '3\n' > drop.txt
