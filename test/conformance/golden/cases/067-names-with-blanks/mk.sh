set -e
printf 'FROM scratch\n' > Dockerfile
printf 'my file.txt\n' > .dockerignore
mkdir 'dir with space'
printf '1\n' > 'my file.txt'; printf '2\n' > ' lead'; printf '3\n' > 'trail '; printf '4\n' > "$(printf 'tab\there')"; printf '5\n' > 'dir with space/x y'
