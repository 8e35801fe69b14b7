# test/engine/trees.sh: sourced.  Trees whose first tar entry needs a pax
# header (E2: `ctxpack pack | docker build -` must still be taken for a
# tar), and controls that do not.  tree_NAME makes the tree in the current
# directory; FIRST_TREES lists them.  Used by readers.sh, run.sh and the
# golden CLI cases test/cli/cases/tar-*.
FIRST_TREES="mtime9e9 mtime8e11 octalmax y2038 ignore9e9 old long150 long200 longdir utf8
    binary longlink xattr plain below2038"

_df() { printf 'FROM scratch\nCOPY . /ctx/\n' > Dockerfile; }
_f() { printf '%s\n' "$2" > "$1"; }
_n() { printf "%${2}s" "" | tr ' ' "$1"; }

# a first file with an mtime past octal (9000000000, 8^11): pax mtime
tree_mtime9e9() { _df; _f -x data; touch -d @9000000000 -- -x; }
tree_mtime8e11() { _df; _f -x data; touch -d @8589934592 -- -x; }
# .dockerignore sorts first; it excludes itself and the Dockerfile
tree_ignore9e9() {
	_df; printf '*.log\n.dockerignore\nDockerfile\n' > .dockerignore
	_f a.log x; _f b y; touch -d @9000000000 .dockerignore
}
# before 1970: no octal either
tree_old() { _df; _f -old data; touch -d @-31536000 -- -old; }
# a top-level name over 100 bytes has no ustar prefix/name split
tree_long150() { _df; _f "-$(_n a 149)" data; }
tree_long200() { _df; _f "-$(_n b 199)" data; mkdir d; _f d/x y; }
tree_longdir() { _df; mkdir -- "-$(_n c 149)"; _f "-$(_n c 149)/x" data; }
# non-ASCII: valid UTF-8, and not UTF-8 (hdrcharset=BINARY)
tree_utf8() { _df; _f "-$(printf '\303\251t\303\251')" data; }
tree_binary() { _df; _f "-$(printf '\377')x" data; }
# a symlink whose target is over 100 bytes
tree_longlink() { _df; ln -s "$(_n t 150)" -- -l; _f z z; }
# security.capability (v2, cap_net_raw effective): SCHILY.xattr in pax
tree_xattr() {
	_df; _f -cap prog
	python3 -c 'import os, struct
os.setxattr("-cap", "security.capability",
    struct.pack("<IIIII", 0x02000001, 1 << 13, 0, 0, 0))'
}
# 8^11-1 fits in octal, but libarchive writes pax from 2^31-1 on
tree_octalmax() { _df; _f -x data; touch -d @8589934591 -- -x; }
tree_y2038() { _df; _f -x data; touch -d @2147483647 -- -x; }
# controls: first entries in one ustar block (no lead-in)
tree_plain() { _df; _f -x data; touch -d @1600000000 -- -x; }
tree_below2038() { _df; _f -x data; touch -d @2147483646 -- -x; }

# a bit of everything: hard links (one behind an excluded first name),
# symlinks inside, dangling and absolute, a FIFO, odd names, modes
tree_mixed() {
	_df
	printf 'a1\nbuild\n!build/keep*\n' > .dockerignore
	printf data > a1; ln a1 b2; ln a1 c3
	mkdir -p build/sub src/deep; printf k > build/keep.txt; printf x > build/x
	printf s > src/deep/s; ln -s ../a1 src/rel; ln -s /etc/passwd src/abs
	ln -s missing src/dangling; mkfifo src/fifo
	printf sp > "src/a b"; printf nl > "$(printf 'src/new\nline')"
	# mode 000: only root can read it (and pack it)
	printf z > src/zero; [ "$(id -u)" = 0 ] && chmod 000 src/zero
	printf u > src/suid; chmod 4755 src/suid
	head -c 1048577 /dev/zero > src/big; chmod 1777 src/deep
	touch -d @0 src/s; touch -d @9000000000 src/deep/s; touch -h -d @-100 src/abs
}

# -f sub/x.Dockerfile; the ignore file excludes sub (and with it the
# Dockerfile, which the CLI sends all the same) and itself
tree_subdf() {
	mkdir sub; printf 'FROM scratch\nCOPY . /ctx/\n' > sub/x.Dockerfile
	printf 'sub\n.dockerignore\n*.tmp\n' > .dockerignore
	printf a > a; printf t > b.tmp; printf s > sub/other
}
