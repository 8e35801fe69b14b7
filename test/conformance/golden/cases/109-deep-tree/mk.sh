set -e
printf 'FROM scratch\n' > Dockerfile
printf 'd01/d02/d03/d04/d05/d06/d07/d08/d09/d10/x\n' > .dockerignore
p=.
for i in 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24; do
	p=$p/d$i
	mkdir "$p"
	printf '%s\n' "$i" > "$p/x"
done
