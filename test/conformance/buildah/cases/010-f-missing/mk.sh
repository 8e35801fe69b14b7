printf 'FROM scratch\nCOPY . /ctx/\n' > Containerfile
