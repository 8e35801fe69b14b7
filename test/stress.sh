#!/bin/bash
# make stress: pack a tree in a loop for SECONDS (30) while another process
# grows, shrinks, truncates, deletes, recreates and replaces its files and
# swaps a directory for a symlink to /etc.  Every tar must be read whole
# by GNU tar and libarchive, pack must exit 0 or 1 (warnings naming the
# files), never crash, and never pack anything from outside the tree.
#   stress.sh CTXPACK TARLS [SECONDS]
set -u
CTXPACK=$1 TARLS=$2 SECS=${3:-30}
d=$(mktemp -d "${TMPDIR:-/tmp}/ctxpack-stress.XXXXXX")
trap 'kill $mut 2>/dev/null; rm -rf "$d"' EXIT
mkdir -p "$d/ctx/dir" "$d/ctx/keep"
printf 'FROM scratch\n' > "$d/ctx/Dockerfile"
for i in $(seq 1 50); do head -c $((i * 997)) /dev/urandom > "$d/ctx/keep/f$i"; done
mutate() {
	local i=0
	while :; do
		i=$((i + 1))
		f=$d/ctx/m$((i % 20))
		case $((i % 7)) in
		0) head -c $((RANDOM * 8)) /dev/zero >> "$f" ;;
		1) : > "$f" ;;
		2) rm -f "$f" ;;
		3) head -c $((RANDOM * 4)) /dev/urandom > "$f.tmp" && mv "$f.tmp" "$f" ;;
		4) rm -rf "$d/ctx/dir" && ln -s /etc "$d/ctx/dir" ;;
		5) rm -f "$d/ctx/dir" && mkdir -p "$d/ctx/dir" &&
		   echo x > "$d/ctx/dir/inside" ;;
		6) truncate -s $((RANDOM * 3)) "$f" 2>/dev/null ;;
		esac
	done
}
mutate & mut=$!
end=$(( $(date +%s) + SECS ))
runs=0 bad=0 warned=0
while [ "$(date +%s)" -lt "$end" ]; do
	"$CTXPACK" pack "$d/ctx" > "$d/out.tar" 2> "$d/err"
	rc=$?
	runs=$((runs + 1))
	if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
		echo "run $runs: exit $rc"; cat "$d/err"; bad=$((bad + 1)); continue
	fi
	[ $rc -eq 1 ] && warned=$((warned + 1))
	if [ $rc -eq 1 ] && ! grep -q '^ctxpack: warning: [^ ]*: ' "$d/err"; then
		echo "run $runs: exit 1 without a warning naming a file:"; cat "$d/err"
		bad=$((bad + 1))
	fi
	if ! tar -tvf "$d/out.tar" > "$d/gnu" 2>&1; then
		echo "run $runs: GNU tar rejects the tar:"; head -5 "$d/gnu"; bad=$((bad + 1))
	fi
	if ! "$TARLS" -c "$d/out.tar" > "$d/la" 2>&1; then
		echo "run $runs: libarchive rejects the tar:"; head -5 "$d/la"; bad=$((bad + 1))
	fi
	if grep -q 'passwd\|hostname' "$d/la"; then
		echo "run $runs: something from /etc was packed"; bad=$((bad + 1))
	fi
done
echo "stress: $runs packs in ${SECS}s, $warned with warnings"
echo "$((runs - bad)) passed, $bad failed"
[ $bad -eq 0 ]
