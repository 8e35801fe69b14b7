printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
mkdir -p nonexistent-ctxpack
printf 'a\n' > nonexistent-ctxpack/ign
ln -s /nonexistent-ctxpack/ign .dockerignore
echo a > a
