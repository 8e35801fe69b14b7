set -e
printf 'FROM scratch\n' > Dockerfile
{ head -c 65536 /dev/zero | tr '\0' a; printf '\n*.log\n'; } > .dockerignore
printf '1\n' > a.log
