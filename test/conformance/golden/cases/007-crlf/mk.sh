set -e
printf 'FROM scratch\n' > Dockerfile
printf '*.log\r\nbuild\r\n!build/keep.txt\r\n' > .dockerignore
mkdir build
printf 'a\n' > a.log; printf 'x\n' > build/x; printf 'k\n' > build/keep.txt; printf 'n\n' > notes.txt
