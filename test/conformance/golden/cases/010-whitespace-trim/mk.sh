set -e
printf 'FROM scratch\n' > Dockerfile
printf '\t*.log  \n   \n  secret \t\n\v\fmy file.txt\f\n' > .dockerignore
printf '1\n' > a.log; printf '2\n' > secret; printf '3\n' > 'my file.txt'; printf '4\n' > 'my  file.txt'; printf '5\n' > myfile.txt
