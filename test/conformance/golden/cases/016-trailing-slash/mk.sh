set -e
printf 'FROM scratch\n' > Dockerfile
printf 'docs/\nout/\n' > .dockerignore
mkdir -p out sub
printf 'file\n' > docs; printf 'o\n' > out/o; printf 's\n' > sub/docs
