set -e
printf 'sub\n' > .dockerignore
mkdir sub
printf 'FROM scratch\n' > sub/Dockerfile; printf '1\n' > sub/other; printf '2\n' > top
