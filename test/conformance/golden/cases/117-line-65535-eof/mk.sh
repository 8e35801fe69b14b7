set -e
printf 'FROM scratch\n' > Dockerfile
{ printf '*.log\n'; head -c 65535 /dev/zero | tr '\0' a; } > .dockerignore
printf '1\n' > a.log; printf '2\n' > b.txt
