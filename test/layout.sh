#!/bin/sh
# layout.sh: the rooms keep their boundaries.  The command line (src/cli)
# includes only the public header and its own headers; nothing outside
# the library includes the library's private headers but the tests that
# test internals (unit, fuzz, conformance drivers).
#   layout.sh TOP
top=${1:-.}
pass=0 fail=0
bad=$(cd "$top" && for f in src/cli/*.c src/cli/*.h; do
	sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f" |
	while read -r h; do
		case $h in
		ctxpack.h) ;;
		*/*) echo "$f includes \"$h\"" ;;
		*) [ -f "src/cli/$h" ] || echo "$f includes \"$h\"" ;;
		esac
	done
done)
if [ -z "$bad" ]; then
	pass=$((pass + 1))
else
	echo "FAIL the command line reaches into the library:"; echo "$bad"
	fail=$((fail + 1))
fi
# the library never prints or exits: no such symbol in libctxpack.a
bad=$(cd "$top" && nm -u libctxpack.a 2>&1 | grep -wE '(__)?(printf|fprintf|vfprintf|puts|fputs|putchar|fputc|fwrite|perror|exit|_exit|abort|err|errx|warn|warnx|verr|vwarn|syslog)(_chk)?')
if [ -z "$bad" ]; then
	pass=$((pass + 1))
else
	echo "FAIL the library prints or exits:"; echo "$bad"
	fail=$((fail + 1))
fi
# every global symbol of libctxpack.a is the public ctxpack_ prefix
bad=$(cd "$top" && nm -g --defined-only libctxpack.a 2>&1 |
    awk 'NF == 3 && $3 !~ /^ctxpack_/ { print $3 }')
if [ -z "$bad" ]; then
	pass=$((pass + 1))
else
	echo "FAIL libctxpack.a exports symbols without the ctxpack_ prefix:"
	echo "$bad"
	fail=$((fail + 1))
fi
echo "layout: $pass passed, $fail failed, 0 skipped"
[ $fail = 0 ]
