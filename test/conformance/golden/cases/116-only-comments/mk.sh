set -e
printf 'FROM scratch\n' > Dockerfile
printf '# only comments\n\n#*\n   \n' > .dockerignore
printf '1\n' > a
