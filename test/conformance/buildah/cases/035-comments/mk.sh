printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf '#a\n # x\nb # note\n' > .dockerignore
echo a > '#a'
echo > a
echo x > '# x'
echo b > b
echo n > 'b # note'
