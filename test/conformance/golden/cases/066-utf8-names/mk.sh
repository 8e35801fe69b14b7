set -e
printf 'FROM scratch\n' > Dockerfile
printf 'caf\303\251.txt\n' > .dockerignore
mkdir "$(printf '\346\227\245\346\234\254')"
printf '1\n' > "$(printf 'caf\303\251.txt')"
printf '2\n' > "$(printf 'cafe\314\201.txt')"
printf '3\n' > "$(printf '\346\227\245\346\234\254/\350\252\236.txt')"
printf '4\n' > "$(printf '\316\251mega')"
printf '5\n' > cafe.txt
