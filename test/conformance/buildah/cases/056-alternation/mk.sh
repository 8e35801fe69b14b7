printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'x|y\n' > .dockerignore
echo > x
echo > xz
echo > zy
echo > 'x|y'
echo > p
mkdir d py
echo > d/zy
echo > d/z
echo > py/z
