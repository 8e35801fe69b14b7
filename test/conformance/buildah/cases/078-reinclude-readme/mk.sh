printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
printf 'docs\n!docs/README.md\n' > .dockerignore
mkdir docs
echo > docs/README.md
echo > docs/x
