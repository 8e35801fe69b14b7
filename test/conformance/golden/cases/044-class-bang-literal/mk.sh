set -e
printf 'FROM scratch\n' > Dockerfile
printf 'a[!c]e\n' > .dockerignore
printf '1\n' > 'a!e'; printf '2\n' > ace; printf '3\n' > abe
