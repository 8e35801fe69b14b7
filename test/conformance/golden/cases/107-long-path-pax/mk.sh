set -e
printf 'FROM scratch\n' > Dockerfile
a=$(printf '%070d' 0 | tr 0 a)
mkdir -p "$a/$a/$a/$a"
printf '1\n' > "$a/$a/$a/$a/file.txt"
printf '2\n' > "$(printf '%0120d' 0 | tr 0 n)"
printf '3\n' > "$a/$(printf '%0101d' 0 | tr 0 m)"
