#!/bin/sh
# check-synopsis.sh: compare the SYNOPSIS of the manual page with the usage
# text that the program prints, word by word.
#
# usage: sh man/check-synopsis.sh ./ctxpack man/ctxpack.1
#
# The usage part of "PROG --help" is its first lines up to the first empty
# line, without the leading "usage:".  The SYNOPSIS is formatted with
# mandoc(1) (or groff(1) when mandoc is missing) and stripped of overstrike
# and escape sequences.  Both are split into words, with "[", "]" and "|"
# as words of their own, and compared.  Exit 0 if they agree, 1 with a
# diff if not, 2 on a usage or tool error.

set -u
LC_ALL=C
export LC_ALL

prog=${0##*/}

die()
{
	echo "$prog: $*" >&2
	exit 2
}

[ $# -eq 2 ] || die "usage: sh $prog program page"
bin=$1
page=$2
[ -f "$page" ] || die "$page: no such file"
case $bin in
*/*)	[ -x "$bin" ] || die "$bin: not an executable" ;;
*)	command -v "$bin" >/dev/null 2>&1 || die "$bin: not found" ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-synopsis.XXXXXX" 2>/dev/null) ||
    { tmp=${TMPDIR:-/tmp}/check-synopsis.$$ && mkdir -m 700 "$tmp"; } ||
    die "cannot make a temporary directory"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

bs=$(printf '\b')
esc=$(printf '\033')

# Render the page as plain text on stdout.
render()
{
	if command -v mandoc >/dev/null 2>&1; then
		mandoc -T ascii -O width=200 "$1"
	elif command -v groff >/dev/null 2>&1; then
		groff -t -mdoc -T ascii -P -c -r LL=200n "$1"
	else
		return 127
	fi
}

# One word a line: brackets and bars split off, blanks collapsed.
words()
{
	sed -e 's/\[/ [ /g' -e 's/\]/ ] /g' -e 's/|/ | /g' |
	    tr -s ' \t' '\n\n' | sed '/^$/d'
}

# The usage: the first lines of --help, up to the first empty line.
"$bin" --help >"$tmp/help" 2>"$tmp/help.err"
rc=$?
[ "$rc" -eq 0 ] || die "$bin --help exited $rc: $(head -n 1 "$tmp/help.err")"
sed -e '/^[[:space:]]*$/,$d' "$tmp/help" | sed -e '1s/^[[:space:]]*usage:[[:space:]]*//' |
    words >"$tmp/usage"
[ -s "$tmp/usage" ] || die "$bin --help printed no usage"

# The SYNOPSIS: the indented lines after the heading, up to the next one.
# Formatter warnings (a stale mandoc.db, say) do not matter here; a page
# that does not format shows up as a missing SYNOPSIS.
render "$page" >"$tmp/page" 2>"$tmp/page.err"
[ $? -ne 127 ] || die "neither mandoc nor groff is installed"
sed -e "s/.$bs//g" -e "s/$esc\[[0-9;]*m//g" "$tmp/page" |
    sed -n -e '/^SYNOPSIS[[:space:]]*$/,/^[^[:space:]]/p' |
    sed -e '1d' -e '/^[^[:space:]]/d' | words >"$tmp/synopsis"
[ -s "$tmp/synopsis" ] ||
    die "$page: no SYNOPSIS found $(head -n 1 "$tmp/page.err")"

cmp -s "$tmp/usage" "$tmp/synopsis" && exit 0
echo "$prog: the SYNOPSIS of $page and the usage of $bin --help differ" \
    "(one word a line; - usage, + SYNOPSIS):" >&2
diff -u "$tmp/usage" "$tmp/synopsis" | sed -e '1,2d' >&2
exit 1
