set -e
printf 'FROM scratch\n' > Dockerfile
{ head -c 65535 /dev/zero | tr '\0' a; printf '\r\n*.log\r\n'; } > .dockerignore
printf '1\n' > a.log
