set -e
printf 'FROM scratch\n' > Dockerfile
ln -s target s1
ln s1 s2
