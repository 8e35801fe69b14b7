mkdir build
printf 'FROM scratch\nCOPY . /ctx/\n' > build/Containerfile
ln -s build/Containerfile Containerfile
