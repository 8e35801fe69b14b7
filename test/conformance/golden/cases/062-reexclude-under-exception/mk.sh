set -e
printf 'FROM scratch\n' > Dockerfile
printf 'logs\n!logs/keep\nlogs/keep/*.tmp\n' > .dockerignore
mkdir -p logs/keep
printf '1\n' > logs/a; printf '2\n' > logs/keep/b.txt; printf '3\n' > logs/keep/c.tmp
