set -e
printf 'FROM scratch\n' > Dockerfile
printf 'vendor\n!vendor/keep/**\n' > .dockerignore
mkdir -p vendor/keep/sub vendor/other
printf '1\n' > vendor/keep/a; printf '2\n' > vendor/keep/sub/b; printf '3\n' > vendor/other/c; printf '4\n' > vendor/d
