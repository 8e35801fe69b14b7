printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
echo a > a
mkdir d
echo b > d/b
