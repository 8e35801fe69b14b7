set -e
printf 'FROM scratch\n' > Dockerfile
printf '1\n' > "$(printf '%0100d' 0 | tr 0 x)"
printf '2\n' > "$(printf '%0101d' 0 | tr 0 y)"
mkdir "$(printf '%099d' 0 | tr 0 d)" "$(printf '%0100d' 0 | tr 0 e)"
