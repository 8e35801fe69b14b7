printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
echo > f
python3 -c 'import os; os.setxattr("f", "user.test", b"v1"); os.setxattr("f", "user.b", b"\x00\xff")'
