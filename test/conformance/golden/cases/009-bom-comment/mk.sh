set -e
printf 'FROM scratch\n' > Dockerfile
printf '\357\273\277#*.txt\n*.log\n' > .dockerignore
printf 'a\n' > a.txt; printf 'b\n' > a.log
