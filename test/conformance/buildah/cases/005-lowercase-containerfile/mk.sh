printf 'FROM scratch\nCOPY . /ctx/\n' > containerfile
