set -e
printf 'FROM scratch\n' > Dockerfile
printf '# a comment\n*.log\n#*.txt\n   \n' > .dockerignore
mkdir sub
printf 'a\n' > a.log; printf 'b\n' > b.txt; printf 'c\n' > c.md; printf 'd\n' > sub/d.log
