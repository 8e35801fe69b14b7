#!/bin/sh
# run.sh GITDIFF N SEED: differential test of src/gitignore.c against git.
#
# Case S (S = SEED .. SEED+N-1): `GITDIFF -g S` makes a random tree and a
# random ignore file; a scratch repository is made in the tree (git init,
# nothing added or committed).  Then, once with the ignore file alone and
# once more after `GITDIFF -G S` has put random .gitignore files in the
# tree (-n mode), three outputs are compared byte for byte:
#	git ls-files -z -o    --exclude-from=F [PERDIR]
#	git ls-files -z -o -i --exclude-from=F [PERDIR]
#	git -c core.excludesFile=F check-ignore -z -v -n --no-index --stdin
# (PERDIR is --exclude-per-directory=.gitignore in -n mode; check-ignore
# reads the .gitignore files anyway, and is fed every entry of the tree,
# directories too, so the deciding source:line:pattern of each is
# checked).  On a mismatch the
# seed, the ignore files and a diff are printed.  Output ends with exactly
# one line "P passed, F failed".  GITDIFF_JOBS sets the parallelism
# (default: the number of CPUs); GITDIFF_KEEP=1 keeps failing cases.
# Needs only sh, git and the usual tools.

if [ "${1:-}" = -k ]; then	# -k keeps failing cases (GITDIFF_KEEP=1)
	GITDIFF_KEEP=1
	shift
fi
if [ $# -ne 3 ]; then
	echo "usage: run.sh [-k] gitdiff n seed" >&2
	exit 2
fi
GITDIFF=$1
N=$2
SEED=$3
case $GITDIFF in
/*) ;;
*) GITDIFF=$PWD/$GITDIFF ;;
esac
if [ ! -x "$GITDIFF" ] || ! command -v git >/dev/null 2>&1; then
	echo "run.sh: need $GITDIFF and git" >&2
	exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gitdiff.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' HUP INT PIPE TERM
mkdir "$tmp/home"

# Nothing of the user's git setup may leak in.
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY \
    GIT_CONFIG GIT_CONFIG_PARAMETERS GIT_CONFIG_COUNT GIT_CEILING_DIRECTORIES \
    GIT_NAMESPACE GIT_COMMON_DIR GIT_GLOB_PATHSPECS GIT_NOGLOB_PATHSPECS \
    GIT_ICASE_PATHSPECS GIT_LITERAL_PATHSPECS GIT_CONFIG_GLOBAL
HOME=$tmp/home
XDG_CONFIG_HOME=$tmp/home/.config
GIT_CONFIG_NOSYSTEM=1
LC_ALL=C
export HOME XDG_CONFIG_HOME GIT_CONFIG_NOSYSTEM \
    LC_ALL

JOBS=${GITDIFF_JOBS:-$(nproc 2>/dev/null ||
    getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)}

# show FILE: NUL-separated records, one a line.
show() {
	tr '\0' '\n' <"$1"
}

# Print the ignore files of case directory $1.
show_rules() {
	echo "--- core.excludesFile / --exclude-from:"
	sed -n l "$1/ignore"
	(cd "$1/t" && find . -name .gitignore -type f | LC_ALL=C sort) |
	while IFS= read -r f; do
		echo "--- $f:"
		sed -n l "$1/t/$f"
	done
}

# check DIR LABEL [-n]: compare one mode; 0 if all three outputs agree.
# (sh has no locals: check's variables are c_*, d and s come from worker.)
check() {
	d=$1
	c_label=$2
	shift 2
	c_ign=$d/ignore
	(
		cd "$d/t" || exit 2
		# git: -n (nested .gitignore files) is --exclude-per-directory
		if [ $# -gt 0 ]; then
			set -- --exclude-per-directory=.gitignore
		fi
		git ls-files -z -o --exclude-from="$c_ign" "$@" >"$d/git.o" ||
		    exit 2
		git ls-files -z -o -i --exclude-from="$c_ign" "$@" \
		    >"$d/git.i" || exit 2
		[ $# -gt 0 ] && set -- -n
		"$GITDIFF" -z -l -P "$@" . "$c_ign" >"$d/paths" || exit 2
		git -c core.excludesFile="$c_ign" check-ignore -z -v -n \
		    --no-index --stdin <"$d/paths" >"$d/git.v"
		[ $? -le 1 ] || exit 2
		"$GITDIFF" -z "$@" . "$c_ign" >"$d/me.o" || exit 3
		"$GITDIFF" -z -i "$@" . "$c_ign" >"$d/me.i" || exit 3
		"$GITDIFF" -z -v -P "$@" . "$c_ign" >"$d/me.v" || exit 3
	) 2>"$d/err"
	c_rc=$?
	c_bad=
	if [ $c_rc -ne 0 ]; then
		c_bad="tool failure (exit $c_rc)"
	else
		for c_k in o i v; do
			cmp -s "$d/git.$c_k" "$d/me.$c_k" || c_bad="$c_bad $c_k"
		done
	fi
	[ -z "$c_bad" ] && return 0
	echo "FAIL seed $s ($c_label):$c_bad"
	show_rules "$d"
	cat "$d/err"
	for c_k in o i; do
		cmp -s "$d/git.$c_k" "$d/me.$c_k" 2>/dev/null && continue
		echo "--- diff git (<) gitdiff (>), ls-files -o${c_k#o}:"
		show "$d/git.$c_k" >"$d/a"
		show "$d/me.$c_k" >"$d/b"
		diff "$d/a" "$d/b" | sed -n '/^[<>]/l'
	done
	if ! cmp -s "$d/git.v" "$d/me.v" 2>/dev/null; then
		echo "--- diff git (<) gitdiff (>), check-ignore -v:"
		show "$d/git.v" | paste - - - - >"$d/a"
		show "$d/me.v" | paste - - - - >"$d/b"
		diff "$d/a" "$d/b" | sed -n '/^[<>]/l'
	fi
	return 1
}

# worker K: cases SEED+K, SEED+K+JOBS, ...; the tally into $tmp/count.K
worker() {
	w_k=$1
	w_i=$w_k
	w_pass=0
	w_fail=0
	while [ "$w_i" -lt "$N" ]; do
		s=$((SEED + w_i))
		d=$tmp/c$s
		mkdir "$d"
		w_ok=1
		if ! "$GITDIFF" -g "$s" "$d/t" "$d/ignore" 2>"$d/err" ||
		    ! (cd "$d/t" && git -c init.defaultBranch=main init -q \
		    --template= .) 2>>"$d/err"; then
			echo "FAIL seed $s: setup"
			cat "$d/err"
			w_ok=0
		else
			check "$d" "ignore file" || w_ok=0
			if [ $w_ok -eq 1 ]; then
				"$GITDIFF" -G "$s" "$d/t" 2>"$d/err" &&
				    check "$d" "nested .gitignore" -n || w_ok=0
			fi
		fi
		if [ $w_ok -eq 1 ]; then
			w_pass=$((w_pass + 1))
			rm -rf "$d"
		else
			w_fail=$((w_fail + 1))
			[ "${GITDIFF_KEEP:-0}" = 1 ] &&
			    cp -R "$d" "${TMPDIR:-/tmp}/gitdiff-fail-$s"
			rm -rf "$d"
		fi
		w_i=$((w_i + JOBS))
	done
	echo "$w_pass $w_fail" >"$tmp/count.$w_k"
}

k=0
while [ "$k" -lt "$JOBS" ]; do
	worker "$k" >"$tmp/log.$k" 2>&1 &
	k=$((k + 1))
done
wait

pass=0
fail=0
k=0
while [ "$k" -lt "$JOBS" ]; do
	cat "$tmp/log.$k"
	if [ -f "$tmp/count.$k" ]; then
		read -r p f <"$tmp/count.$k"
		pass=$((pass + p))
		fail=$((fail + f))
	else
		echo "worker $k died"
		fail=$((fail + 1))
	fi
	k=$((k + 1))
done
echo "gitdiff: $pass passed, $fail failed, 0 skipped"
[ "$fail" -eq 0 ]
