printf 'FROM scratch\nCOPY . /ctx/\n' > ../Containerfile
printf '[z-a]\n' > ../ign
