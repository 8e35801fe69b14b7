set -e
printf 'FROM scratch\n' > Dockerfile
printf '*\n!*/target/*file1\n' > .dockerignore
mkdir -p a/target b/target
printf '1\n' > a/target/xfile1; printf '2\n' > a/target/other; printf '3\n' > b/target/file1
