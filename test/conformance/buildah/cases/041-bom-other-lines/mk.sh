printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'a\n\357\273\277b*\n\357\273\277!x\n\357\273\277#c\n' > .dockerignore
echo > a
echo > bee
echo > x
echo > '!x'
echo > '#c'
echo > keep
