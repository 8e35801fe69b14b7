set -e
printf 'FROM scratch\n' > Dockerfile
printf 'logs\n!logs\n' > .dockerignore
mkdir -p logs/old
printf '1\n' > logs/a; printf '2\n' > logs/old/b
