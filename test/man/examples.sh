#!/bin/sh
# test/man/examples.sh: man/ctxpack.3 against include/ctxpack.h and the
# library it describes.  Ends with "man3: N passed, N failed, N skipped".
#   examples.sh TOP        (TOP: the built tree: libctxpack.a, ctxpack)
#
#  - mandoc -T lint is clean;
#  - the functions of NAME, of SYNOPSIS and of the header are the same,
#    and each SYNOPSIS prototype has the header's types (gcc -aux-info
#    prints both in one canonical form);
#  - every struct, enum and typedef of the header is in a literal block
#    of DESCRIPTION as the header has it (white space aside), and every
#    one there is the header's; every CTXPACK_ macro is named, and those
#    a block defines have the header's value;
#  - no code of the specification (R21, H5, ...) a reader cannot look up;
#  - every .Bd -literal block of EXAMPLES builds against libctxpack.a with
#    the project's warnings (a block without main() is wrapped in one that
#    opens `ctx` on the current directory), runs in the tree EXAMPLES
#    describes (with the arguments of a ".Dl $ ./NAME ARGS" line after it)
#    and exits 0 without a word on standard error; its output is the
#    .Bd -unfilled block that follows it, if any, and the programs that
#    do what ctxpack(1) does give what ctxpack(1) gives.
set -u
LC_ALL=C
export LC_ALL

top=$(cd "${1:-.}" && pwd)
page=$top/man/ctxpack.3
hdr=$top/include/ctxpack.h
lib=$top/libctxpack.a
bin=$top/ctxpack
CC=${CC:-cc}
WARN="-std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
-Wmissing-prototypes -Wformat=2 -Wvla"
P=0 F=0 S=0

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ctxpack-man3.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

ok()   { P=$((P + 1)); echo "ok - $*"; }
fail() { F=$((F + 1)); echo "FAIL - $*"; }
skip() { S=$((S + 1)); echo "skip - $*"; }
show() { sed 's/^/	/' "$1" | head -n "${2:-20}"; }
finish() {
	echo "man3: $P passed, $F failed, $S skipped"
	[ "$F" = 0 ]
	exit $?
}

for f in "$page" "$hdr" "$lib" "$bin"; do
	[ -e "$f" ] || { fail "$f is missing (make ctxpack first)"; finish; }
done

# The lines of section NAME of the page (without the .Sh line).
section() {
	awk -v s="$1" '/^\.Sh / { on = (substr($0, 5) == s); next } on' "$page"
}

# ------------------------------------------------------------- mandoc
if command -v mandoc >/dev/null 2>&1; then
	if mandoc -T lint "$page" >"$tmp/lint" 2>&1 && [ ! -s "$tmp/lint" ]
	then
		ok "mandoc -T lint man/ctxpack.3"
	else
		fail "mandoc -T lint man/ctxpack.3"; show "$tmp/lint"
	fi
else
	skip "mandoc -T lint: mandoc is not installed"
fi

# ---------------------------------------------------------- functions
# SYNOPSIS as C: .Ft TYPE, then .Fn NAME ARGS or .Fo NAME / .Fa ARG / .Fc;
# each function renamed man_NAME so that it can sit beside the header's.
section SYNOPSIS | awk '
function out() { printf "%s man_%s(%s);\n", ft, name, args }
/^\.Ft / { ft = substr($0, 5); next }
/^\.Fn / {
	name = $2; rest = substr($0, index($0, $2) + length($2) + 1)
	if (index(rest, "\"") == 0)
		args = rest
	else {
		n = split(rest, q, "\""); args = ""
		for (i = 2; i <= n; i += 2)
			args = args (args == "" ? "" : ", ") q[i]
	}
	out(); next
}
/^\.Fo / { name = $2; args = ""; next }
/^\.Fa / { a = substr($0, 5); gsub(/^"|"$/, "", a)
	args = args (args == "" ? "" : ", ") a; next }
/^\.Fc/ { out(); next }' >"$tmp/synopsis.h"
printf '#include <ctxpack.h>\n' | cat - "$tmp/synopsis.h" >"$tmp/synopsis.c"
section NAME | sed -n 's/^\.Nm \(ctxpack_[a-z0-9_]*\).*/\1/p' | sort \
    >"$tmp/name.list"
if ! command -v gcc >/dev/null 2>&1; then
	skip "SYNOPSIS against the header: gcc (for -aux-info) is missing"
elif ! gcc -I"$top/include" -fsyntax-only -aux-info "$tmp/aux" \
    "$tmp/synopsis.c" >"$tmp/aux.err" 2>&1; then
	fail "the SYNOPSIS prototypes do not compile after ctxpack.h"
	show "$tmp/aux.err"
else
	# "/* FILE:LINE:NC */ extern TYPE NAME (TYPES);" -> "TYPE NAME (TYPES);"
	grep "^/\* [^ ]*/include/ctxpack\.h:" "$tmp/aux" |
	    sed 's|^/\* [^*]* \*/ extern ||' | grep ' \**ctxpack_' |
	    sort >"$tmp/hdr.protos"
	grep "^/\* [^ ]*synopsis\.c:" "$tmp/aux" |
	    sed -e 's|^/\* [^*]* \*/ extern ||' -e 's/man_ctxpack_/ctxpack_/' |
	    sort >"$tmp/man.protos"
	if [ ! -s "$tmp/hdr.protos" ]; then
		fail "no function found in include/ctxpack.h"
	elif cmp -s "$tmp/hdr.protos" "$tmp/man.protos"; then
		ok "SYNOPSIS: the header's $(wc -l <"$tmp/hdr.protos") functions, with its types"
	else
		fail "SYNOPSIS and include/ctxpack.h differ (- header, + page):"
		diff -u "$tmp/hdr.protos" "$tmp/man.protos" | sed '1,2d' |
		    grep '^[-+]' | sed 's/^/	/'
	fi
	sed 's/ (.*//; s/.*[ *]//' "$tmp/hdr.protos" | sort >"$tmp/hdr.list"
	if cmp -s "$tmp/hdr.list" "$tmp/name.list"; then
		ok "NAME lists every function of the header"
	else
		fail "NAME and include/ctxpack.h differ (- header, + NAME):"
		diff -u "$tmp/hdr.list" "$tmp/name.list" | sed '1,2d' |
		    grep '^[-+]' | sed 's/^/	/'
	fi
fi

# -------------------------------------------------------------- types
# The literal blocks of a section, as their text reads (\& and \e undone).
blocks() {
	section "$1" | awk -v kind="$2" '
	    $0 ~ "^\\.Bd -" kind { on = 1; n++; if (n > 1) print ""; next }
	    /^\.Ed/ { on = 0; next }
	    on' | sed -e 's/\\&//g' -e 's/\\e/\\/g'
}
# "NAME<TAB>TEXT", white space collapsed, for each struct NAME {, enum
# NAME { and typedef of C text.
items() {
	awk '
	function flush() {
		gsub(/[ \t]+/, " ", text); sub(/^ /, "", text); sub(/ $/, "", text)
		print name "\t" text; name = ""; text = ""
	}
	name == "" && /^(struct|enum) [a-z_0-9]+ \{/ {
		name = $1 " " $2; text = $0; if ($0 ~ /^};/) flush(); next
	}
	name == "" && /^typedef / {
		t = $0; sub(/[(;].*/, "", t); n = split(t, w, /[ \t*]+/)
		name = w[n]; text = $0; if ($0 ~ /;[ \t]*$/) flush(); next
	}
	name != "" && name !~ / / {
		text = text " " $0; if ($0 ~ /;[ \t]*$/) flush(); next
	}
	name != "" { text = text " " $0; if ($0 ~ /^};/) flush(); next }'
}
# "NAME VALUE" of each #define, comments and blanks dropped.
defines() {
	sed -n 's|/\*.*||; s/^#define[ \t]\{1,\}\(CTXPACK_[A-Z0-9_]*\)[ \t]\{1,\}\([^ \t]*\).*/\1 \2/p'
}
blocks DESCRIPTION literal >"$tmp/desc.txt"
items <"$hdr" | sort >"$tmp/hdr.items"
items <"$tmp/desc.txt" | sort >"$tmp/man.items"
if cmp -s "$tmp/hdr.items" "$tmp/man.items"; then
	ok "DESCRIPTION shows the header's $(wc -l <"$tmp/hdr.items") structs, enums and typedefs as it has them"
else
	fail "the types of DESCRIPTION and include/ctxpack.h differ (- header, + page):"
	diff -u "$tmp/hdr.items" "$tmp/man.items" | sed '1,2d' | grep '^[-+]' |
	    cut -c1-300 | sed 's/^/	/'
fi
defines <"$hdr" | grep -v '^CTXPACK_H ' | sort >"$tmp/hdr.defs"
defines <"$tmp/desc.txt" | sort >"$tmp/man.defs"
missing=$(cut -d' ' -f1 "$tmp/hdr.defs" | while read -r d; do
	grep -qw "$d" "$page" || echo "$d"; done)
wrong=$(comm -13 "$tmp/hdr.defs" "$tmp/man.defs")
if [ -z "$missing" ] && [ -z "$wrong" ]; then
	ok "every CTXPACK_ macro of the header is named, with its value where defined"
else
	fail "macros: missing from the page: ${missing:-none};" \
	    "defined otherwise than in the header: ${wrong:-none}"
fi

# --------------------------------------------------------- spec codes
# R1-R30, T1-T11, H1-H9, E1-E6, B1-B14 of a document the reader lacks.
if grep -nE '(^|[^A-Za-z0-9_#./-])[RTHEB][0-9]{1,2}([^0-9A-Za-z_]|$)' "$page" \
    >"$tmp/codes"; then
	fail "the page names codes of the specification:"; show "$tmp/codes"
else
	ok "no codes of the specification"
fi

# ----------------------------------------------------------- examples
# The tree EXAMPLES describes (contents and modes fixed: outputs count
# bytes).
mk() {	# mk FILE TEXT
	mkdir -p "$(dirname "$1")"
	printf '%b' "$2" >"$1"
}
app=$tmp/app
mk "$app/.dockerignore" 'node_modules\n!node_modules/keep\n*.log\ndocs\n!docs/README.md\n'
mk "$app/Dockerfile" 'FROM scratch\nCOPY . /\n'
mk "$app/a.log" 'a line of log\n'
mk "$app/docs/README.md" '# The docs\n'
mk "$app/docs/other.md" 'Not sent.\n'
mk "$app/node_modules/a/x.js" 'module.exports = 1;\n'
mk "$app/node_modules/keep" 'kept\n'
mk "$app/src/main.c" 'int main(void) { return 0; }\n'
find "$app" -type d -exec chmod 755 {} + && find "$app" -type f -exec chmod 644 {} +

# Code blocks, with the arguments and the output that follow each one.
section EXAMPLES | awk -v dir="$tmp" '
/^\.Bd -literal/ { n++; f = dir "/ex" n ".src"; printf "" >f; on = 1; next }
/^\.Bd -unfilled/ { if (n > 0 && !done[n]) { f = dir "/ex" n ".out"
	printf "" >f; on = 1; done[n] = 1 } else { on = 2 }; next }
/^\.Ed/ { if (on == 1) close(f); on = 0; next }
on == 1 { print >f; next }
/^\.Dl \$ \.\// && n > 0 { a = $0; sub(/^\.Dl \$ \.\/[^ ]* ?/, "", a)
	print a >(dir "/ex" n ".args"); close(dir "/ex" n ".args") }
END { print n + 0 >(dir "/nex") }'
nex=$(cat "$tmp/nex")
[ "$nex" -gt 0 ] || fail "EXAMPLES has no .Bd -literal block"

# Sanitized builds (make asan) need the same runtime in the programs.
san=
nm -u "$lib" 2>/dev/null | grep -q '__asan_' && san="$san -fsanitize=address"
nm -u "$lib" 2>/dev/null | grep -q '__ubsan_' && san="$san -fsanitize=undefined"
libs=$(pkg-config --libs libarchive libpcre2-8 libxxhash 2>/dev/null)

i=0
while [ "$i" -lt "$nex" ]; do
	i=$((i + 1))
	src=$tmp/ex$i.src c=$tmp/ex$i.c x=$tmp/ex$i
	if grep -n '\\[^e&]' "$src" >"$tmp/esc"; then
		fail "example $i: an escape other than \\e and \\&:"; show "$tmp/esc"
		continue
	fi
	sed -e 's/\\&//g' -e 's/\\e/\\/g' "$src" >"$tmp/ex$i.body"
	if grep -q '^main(' "$tmp/ex$i.body"; then
		cp "$tmp/ex$i.body" "$c"
		what="example $i (a program)"
	else
		{
			printf '#include <stdio.h>\n#include <stdlib.h>\n'
			printf '#include <string.h>\n#include <ctxpack.h>\n\n'
			printf 'int\nmain(void)\n{\n\tstruct ctxpack_ctx *ctx;\n\n'
			printf '\tif (ctxpack_ctx_open(".", NULL, &ctx) != CTXPACK_OK) {\n'
			printf '\t\tctxpack_ctx_free(ctx);\n\t\treturn 3;\n\t}\n\t{\n'
			cat "$tmp/ex$i.body"
			printf '\t}\n\tctxpack_ctx_free(ctx);\n\treturn 0;\n}\n'
		} >"$c"
		what="example $i (a fragment in main)"
	fi
	# shellcheck disable=SC2086
	if ! $CC $WARN $san -I"$top/include" -o "$x" "$c" "$lib" $libs -lm \
	    >"$tmp/cc.err" 2>&1; then
		fail "$what does not build"; show "$tmp/cc.err"; show "$c" 80
		continue
	fi
	args=
	[ -f "$tmp/ex$i.args" ] && args=$(cat "$tmp/ex$i.args")
	# shellcheck disable=SC2086
	(cd "$app" && exec "$x" $args) >"$x.stdout" 2>"$x.stderr"
	rc=$?
	if [ "$rc" -ne 0 ] || [ -s "$x.stderr" ]; then
		fail "$what exits $rc in the tree"; show "$x.stderr"
		continue
	fi
	if [ -f "$tmp/ex$i.out" ]; then
		sed -e 's/\\&//g' -e 's/\\e/\\/g' "$tmp/ex$i.out" >"$x.want"
		if cmp -s "$x.want" "$x.stdout"; then
			ok "$what prints what the page shows"
		else
			fail "$what prints otherwise than the page shows (- page, + output):"
			diff -u "$x.want" "$x.stdout" | sed '1,2d' | sed 's/^/	/'
		fi
		checked=1
	else
		ok "$what builds and runs"
		checked=0
	fi
	# What ctxpack(1) gives for the same question.
	body=$tmp/ex$i.body
	if grep -q 'ctxpack_pack(' "$body"; then
		checked=1
		(cd "$app" && "$bin" pack --reproducible .) >"$tmp/cli.tar" 2>/dev/null
		if cmp -s "$tmp/cli.tar" "$x.stdout"; then
			ok "$what writes the tar of ctxpack pack --reproducible"
		else
			fail "$what writes another tar than ctxpack pack --reproducible"
		fi
		# a note (BuildKit packs an excluded Dockerfile), and an error
		cp -R "$app" "$tmp/app2" && echo Dockerfile >>"$tmp/app2/.dockerignore"
		mkdir "$tmp/bad" && printf 'ok\n a[\n' >"$tmp/bad/.dockerignore"
		for t in app2 bad; do
			(cd "$tmp/$t" && exec "$x") >"$x.$t.out" 2>"$x.$t.err"
			rc=$?
			(cd "$tmp/$t" && exec "$bin" pack --reproducible .) \
			    >"$tmp/cli.$t.out" 2>"$tmp/cli.$t.err"
			crc=$?
			sed 's/^pack: /ctxpack: /' "$x.$t.err" >"$x.$t.err2"
			if [ "$rc" = "$crc" ] && [ -s "$x.$t.err" ] &&
			    cmp -s "$x.$t.err2" "$tmp/cli.$t.err" &&
			    cmp -s "$x.$t.out" "$tmp/cli.$t.out"; then
				ok "$what on $t: exit $rc, the tar and the messages of ctxpack pack"
			else
				fail "$what on $t: exit $rc (ctxpack $crc), messages (- ctxpack, + example):"
				diff -u "$tmp/cli.$t.err" "$x.$t.err2" | sed '1,2d;s/^/	/'
			fi
		done
	fi
	if grep -q 'CTXPACK_WALK_ALL' "$body"; then
		checked=1
		sed -n 's/^in  *//p' "$x.stdout" | sed 's/  (.*//' >"$x.in"
		(cd "$app" && "$bin" ls .) >"$tmp/cli.ls" 2>&1
		size=$(cd "$app" && "$bin" pack . 2>/dev/null | wc -c | tr -d ' ')
		if cmp -s "$x.in" "$tmp/cli.ls"; then
			ok "$what: the entries marked in are those of ctxpack ls"
		else
			fail "$what: the entries marked in are not those of ctxpack ls (- ls, + in):"
			diff -u "$tmp/cli.ls" "$x.in" | sed '1,2d;s/^/	/'
		fi
		if grep -qx "$size bytes as a tar" "$x.stdout"; then
			ok "$what: the size is that of the tar of ctxpack pack ($size)"
		else
			fail "$what: the size is not that of the tar of ctxpack pack ($size)"
		fi
	fi
	if grep -q 'ctxpack_digest(' "$body"; then
		checked=1
		(cd "$app" && "$bin" digest .) >"$tmp/cli.digest" 2>&1
		if cmp -s "$tmp/cli.digest" "$x.stdout"; then
			ok "$what prints what ctxpack digest prints"
		else
			fail "$what prints $(cat "$x.stdout"), ctxpack digest $(cat "$tmp/cli.digest")"
		fi
	fi
	if grep -q 'ctxpack_report_run(' "$body"; then
		checked=1
		size=$(cd "$app" && "$bin" pack . 2>/dev/null | wc -c | tr -d ' ')
		if grep -q " $size as a tar\$" "$x.stdout"; then
			ok "$what: the tar size is that of ctxpack pack ($size)"
		else
			fail "$what: the tar size is not that of ctxpack pack ($size)"
		fi
	fi
	[ "$checked" = 1 ] ||
	    fail "$what: neither an output block nor a check of what it does"
done

finish
