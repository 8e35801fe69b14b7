printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
python3 -c 'import sys; sys.stdout.write("x" * 70000 + "\nsecret\n")' > .dockerignore
echo > secret
echo > keep
