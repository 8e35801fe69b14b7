set -e
printf 'FROM scratch\n' > Dockerfile
a=$(printf '%060d' 0 | tr 0 a); b=$(printf '%060d' 0 | tr 0 b)
mkdir -p "$a/$b"
printf '1\n' > "$a/$b/file.txt"
printf '2\n' > "$a/$(printf '%099d' 0 | tr 0 c)"
