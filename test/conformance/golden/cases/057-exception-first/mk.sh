set -e
printf 'FROM scratch\n' > Dockerfile
printf '!f.go\n*.go\n' > .dockerignore
printf '1\n' > f.go; printf '2\n' > g.go; printf '3\n' > h.c
