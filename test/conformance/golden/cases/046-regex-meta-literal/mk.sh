set -e
printf 'FROM scratch\n' > Dockerfile
printf 'a.|)$(}+{bc\na.c\n' > .dockerignore
printf '1\n' > 'a.|)$(}+{bc'; printf '2\n' > abc; printf '3\n' > a.c
