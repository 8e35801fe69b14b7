set -e
printf 'FROM scratch\n' > Dockerfile
printf '\357\273\277*.tmp\n\357\273\277b.txt\n' > .dockerignore
printf 'a\n' > a.tmp; printf 'b\n' > b.txt; printf 'c\n' > "$(printf '\357\273\277b.txt')"; printf 'd\n' > d.txt
