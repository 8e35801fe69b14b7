#!/bin/sh
# Golden CLI tests: each cases/NAME.sh runs in an empty scratch directory
# with $CTXPACK and $TARLS set; its stdout, stderr and exit status must
# equal cases/NAME.stdout, NAME.stderr and NAME.exit.  The scratch path
# is shown as $TMP in the golden files.
#   run.sh [-u] [-k] CTXPACK TARLS [NAME...]
#   -u  rewrite the golden files from what the cases print
#   -k  keep the scratch directories
update=0 keep=0
while [ $# -gt 0 ]; do
	case $1 in
	-u) update=1; shift ;;
	-k) keep=1; shift ;;
	*) break ;;
	esac
done
[ $# -ge 2 ] || { echo "usage: run.sh [-u] [-k] CTXPACK TARLS [NAME...]" >&2; exit 2; }
CTXPACK=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
TARLS=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
shift 2
here=$(cd "$(dirname "$0")" && pwd)
export CTXPACK TARLS
pass=0 fail=0 skip=0
if [ $# -gt 0 ]; then
	list=""
	for n in "$@"; do list="$list $here/cases/$n.sh"; done
else
	list=$(ls "$here"/cases/*.sh)
fi
for t in $list; do
	name=$(basename "$t" .sh)
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/ctxpack-cli.XXXXXX")
	chmod 755 "$tmp"
	mkdir "$tmp/ctx"
	(cd "$tmp/ctx" && TMP=$tmp/ctx sh "$t" >"$tmp/.out" 2>"$tmp/.err" </dev/null; echo $? >"$tmp/.exit")
	for f in out err; do
		sed "s|$tmp/ctx|\$TMP|g" "$tmp/.$f" >"$tmp/.$f.n"
	done
	if [ "$(cat "$tmp/.exit")" = 77 ]; then
		skip=$((skip + 1))
		echo "SKIP $name: $(head -n 1 "$tmp/.err.n")"
		rm -rf "$tmp"
		continue
	fi
	if [ $update = 1 ]; then
		cp "$tmp/.out.n" "$here/cases/$name.stdout"
		cp "$tmp/.err.n" "$here/cases/$name.stderr"
		cp "$tmp/.exit" "$here/cases/$name.exit"
	fi
	ok=1
	cmp -s "$tmp/.out.n" "$here/cases/$name.stdout" || ok=0
	cmp -s "$tmp/.err.n" "$here/cases/$name.stderr" || ok=0
	cmp -s "$tmp/.exit" "$here/cases/$name.exit" || ok=0
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $name (scratch: $tmp)"
		diff -u "$here/cases/$name.stdout" "$tmp/.out.n" | sed -n '3,20p'
		diff -u "$here/cases/$name.stderr" "$tmp/.err.n" | sed -n '3,20p'
		diff -u "$here/cases/$name.exit" "$tmp/.exit" | sed -n '3,5p'
		keep_this=1
	fi
	if [ $keep = 0 ] && [ $ok = 1 ]; then
		chmod -R u+rwx "$tmp" 2>/dev/null
		rm -rf "$tmp"
	fi
done
echo "cli: $pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
