printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
echo data > h1
ln h1 h2
ln h1 h3
mkdir d
ln h1 d/h4
