#!/bin/sh
# selftest.sh TARLS [N]: check that run.sh itself works, with fake-ctxpack
# (which gets its tar from docker, so it must pass) and broken variants of it
# (which must fail), plus the no-docker skip.  Needs the docker client.
set -u
[ $# -ge 1 ] || { echo "usage: selftest.sh TARLS [N]" >&2; exit 2; }
tarls=$1 n=${2:-40}
here=$(cd "$(dirname "$0")" && pwd)
run=$here/../run.sh fake=$here/fake-ctxpack
bad=0

check() { # NAME WANT-RC WANT-LAST-LINE-REGEX OUTPUT-FILE RC
	last=$(tail -n 1 "$4")
	# failing runs keep their scratch dir by design; drop it
	kept=$(sed -n 's/^scratch dir kept: //p' "$4")
	if [ -n "$kept" ] && [ -d "$kept" ]; then
		find "$kept" -type d ! -perm -u+rwx -exec chmod u+rwx {} + 2>/dev/null
		rm -rf "$kept"
	fi
	if [ "$5" -eq "$2" ] && printf '%s\n' "$last" | grep -Eq "$3"; then
		echo "ok   $1: $last"
	else
		echo "FAIL $1: exit $5, last line: $last"; bad=1
	fi
}
out=$(mktemp)

CTXDIFF_DOCKER=/nonexistent/docker "$run" "$fake" "$tarls" 7 >"$out" 2>/dev/null
check "no docker -> skip" 0 '^0 passed, 0 failed, 7 skipped$' "$out" $?

"$run" "$fake" "$tarls" "$n" 1 >"$out" 2>&1
check "fake-ctxpack passes" 0 "^$n passed, 0 failed" "$out" $?

FAKE_MODE=drop "$run" "$fake" "$tarls" 10 1 >"$out" 2>&1
check "dropping an entry fails" 1 '^[0-2] passed, ([89]|10) failed' "$out" $?

FAKE_MODE=mtime "$run" "$fake" "$tarls" 10 1 >"$out" 2>&1
check "changing an mtime fails" 1 '^[0-2] passed, ([89]|10) failed' "$out" $?

FAKE_MODE=badfail "$run" "$fake" "$tarls" 100 1 >"$out" 2>&1
check "exit 1 and output on error fails" 1 '^[0-9]+ passed, [1-9][0-9]* failed' "$out" $?
grep -q 'but ctxpack exited 1 (want 2)' "$out" || { echo "FAIL badfail: no 'want 2' report"; bad=1; }

rm -f "$out"
[ $bad -eq 0 ] && echo "selftest: all ok"
exit $bad
