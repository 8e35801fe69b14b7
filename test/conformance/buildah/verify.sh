#!/bin/sh
# verify.sh: check rows of test/conformance/buildah.tab (made by the Go
# oracle test/conformance/oracle/buildahre from buildah's own libraries)
# against the real buildah binary.
#
#   test/conformance/buildah/verify.sh [CASE...]     default: every case
#
# For each case (tabcases.py): a tree holding the case's paths (a path that
# is an ancestor of another is a directory, the rest are empty files), the
# p lines as ../ign and FROM scratch + COPY . /ctx/ as ../Containerfile,
# both outside the context so that the context holds only the case's paths;
#     buildah build ... -f ../Containerfile --ignorefile ../ign .
# Then the queried paths found in /ctx must be exactly those whose w row
# says copy, plus the excluded directories buildah had to create for them.
# A case with an e row must fail with exit 125 and the row's message
# (`processing excludes list [...]: MSG` when eager, `error checking if
# "x" is excluded: MSG` when lazy; a lazy error may also come out as
# `error encoding request for copier subprocess: write |1: broken pipe`, a
# race inside buildah, counted apart).  Needs root, buildah and python3.
# Prints one FAIL line per disagreement, then `N passed, N failed, N
# skipped` (skipped: the case cannot be a tree) and the number of w rows
# and e rows checked.
set -u
here=$(cd "$(dirname "$0")" && pwd)
BH_HERE=$here
. "$here/buildah.sh"
if ! bh_have; then
	echo "verify: needs root and buildah: skipped"
	echo "0 passed, 0 failed, 0 skipped"
	exit 0
fi
bh_init
tab=${BH_TAB:-$here/../buildah.tab}
total=$(grep -c '^case ' "$tab")
made=$(python3 "$here/tabcases.py" "$tab" "$BH_TMP/cases" "$@") || exit 2
[ $# -gt 0 ] && total=$#
pass=0 fail=0 rows=0 erows=0 racy=0
for d in "$BH_TMP"/cases/*/; do
	[ -d "$d" ] || continue
	d=${d%/}
	name=$(cat "$d/name")
	w=$d/w
	mkdir -p "$w/ctx"
	cp "$d/ign" "$w/ign"
	printf '%s\n' "$BH_DOCKERFILE" >"$w/Containerfile"
	if [ -f "$d/error" ]; then
		: >"$w/ctx/x"
	else
		python3 -c '
import os, sys
sys.path.insert(0, sys.argv[1])
from tabcases import unescape
root = os.fsencode(sys.argv[2])
for line in open(sys.argv[3], encoding="utf-8", errors="surrogateescape"):
    p = unescape(line.rstrip("\n"))
    full = os.path.join(root, p.rstrip(b"/"))
    if p.endswith(b"/"):
        os.makedirs(full, exist_ok=True)
    else:
        open(full, "wb").close()
' "$here" "$w/ctx" "$d/paths"
	fi
	bh_settle "$w/ctx"
	if bh_build "verify-$pass-$fail" "$w/ctx" -f ../Containerfile --ignorefile ../ign; then
		if [ -f "$d/error" ]; then
			fail=$((fail + 1))
			echo "FAIL $name: buildah succeeded, the table says: $(cat "$d/error")"
			continue
		fi
		bh_list "verify-$pass-$fail" "$w/ls" "$w/meta" || { echo "FAIL $name: cannot list"; fail=$((fail + 1)); continue; }
		cut -d ' ' -f 7 "$w/meta" | sort >"$w/all"
		sort "$d/queried" | comm -12 - "$w/all" >"$w/got"
		if diff -u "$d/want" "$w/got" >"$w/diff"; then
			pass=$((pass + 1))
			rows=$((rows + $(wc -l <"$d/queried")))
		else
			fail=$((fail + 1))
			echo "FAIL $name: /ctx differs from the table (- table, + buildah)"
			sed 's/^/    /' "$w/diff" | head -n 20
		fi
	else
		err=$(bh_error)
		if [ ! -f "$d/error" ]; then
			fail=$((fail + 1))
			echo "FAIL $name: buildah failed ($BH_RC): $err"
			continue
		fi
		kind=$(cut -d ' ' -f 1 "$d/error")
		msg=$(cut -d ' ' -f 2- "$d/error")
		case $kind in
		eager) want="]: $msg" ;;
		*) want="error checking if \"x\" is excluded: $msg" ;;
		esac
		case "$BH_RC:$err" in
		125:*"processing excludes list ["*"$want" | 125:*"$want")
			pass=$((pass + 1))
			erows=$((erows + 1))
			;;
		125:*"error encoding request for copier subprocess: write |1: broken pipe")
			# a race in buildah: the copier subprocess fails on the
			# lazy error before it has read the whole request
			if [ "$kind" = lazy ]; then
				pass=$((pass + 1))
				erows=$((erows + 1))
				racy=$((racy + 1))
			else
				fail=$((fail + 1))
				echo "FAIL $name: buildah ($BH_RC) said: $err; the table: $kind $msg"
			fi
			;;
		*)
			fail=$((fail + 1))
			echo "FAIL $name: buildah ($BH_RC) said: $err; the table: $kind $msg"
			;;
		esac
	fi
done
echo "verify: $BH_BUILDS buildah builds; $rows path rows (m/w pairs) and $erows e rows agree ($racy lazy errors came as buildah's broken-pipe race)"
echo "$pass passed, $fail failed, $((total - made)) skipped"
[ $fail -eq 0 ]
