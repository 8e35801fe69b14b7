set -e
printf 'FROM scratch\n' > Dockerfile
printf 'dir/**\ndir2/*\n' > .dockerignore
mkdir -p dir/sub dir2/sub
printf '1\n' > dir/a; printf '2\n' > dir/sub/b; printf '3\n' > dir2/a; printf '4\n' > dir2/sub/b
