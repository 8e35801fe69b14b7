set -e
printf 'FROM scratch\n' > Dockerfile
mkdir sub
printf '*\n' > sub/.dockerignore
printf '1\n' > sub/a; printf '2\n' > b
