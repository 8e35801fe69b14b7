printf 'FROM scratch\nCOPY . /ctx/\n' > dockerfile
