set -e
printf 'FROM scratch\n' > Dockerfile
printf 'dir**\n' > .dockerignore
mkdir dir dirty
printf '1\n' > dir/a; printf '2\n' > dirt; printf '3\n' > dirty/x; printf '4\n' > adir
