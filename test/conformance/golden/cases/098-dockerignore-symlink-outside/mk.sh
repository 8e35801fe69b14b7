set -e
printf 'FROM scratch\n' > Dockerfile
printf '*.log\n' > ../outside.dockerignore
ln -s ../outside.dockerignore .dockerignore
printf '1\n' > a.log; printf '2\n' > b.txt
