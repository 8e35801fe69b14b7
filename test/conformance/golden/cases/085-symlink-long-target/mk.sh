set -e
printf 'FROM scratch\n' > Dockerfile
t=$(printf '%0150d' 0 | tr 0 t)
ln -s "$t" longlink
ln -s "$(printf 'caf\303\251')" utf8link
ln -s "dir/$(printf '%090d' 0 | tr 0 u)/file" mid
