/*
 * gitdiff.c: the driver of the differential test of src/gitignore.c
 * against git itself (run.sh compares its output with git's).
 *
 *	gitdiff [-ilnPvz] DIR [IGNOREFILE]
 *	gitdiff -g SEED DIR IGNOREFILE
 *	gitdiff -G SEED DIR
 *
 * The first form walks DIR (sorted, depth first, lstat, skipping .git)
 * and judges every entry with gi_match(), passing the walk's parent
 * verdicts down, with IGNOREFILE as the only rules (base "") or, with -n,
 * IGNOREFILE plus every directory's own .gitignore (added with its base
 * as the walk reaches it, the way git pushes its exclude stack; as in
 * git, not below an excluded directory, and not if it is a symlink).  It
 * prints:
 *	(default) untracked files included, as `git ls-files -o
 *		  --exclude-from=IGNOREFILE` (with -n, plus
 *		  --exclude-per-directory=.gitignore);
 *	-i	  files excluded, as `git ls-files -o -i ...`;
 *	-v	  every entry, directories too, in walk order, as `git
 *		  check-ignore -v -n --no-index --stdin` does when fed -l's
 *		  list with IGNOREFILE as core.excludesFile;
 *	-l	  every entry in walk order (the input for check-ignore).
 * -z ends records with NUL bytes as git's -z does, so the outputs can be
 * compared byte for byte.  -P prefixes the paths of -l and -v with "./":
 * check-ignore reads pathspecs, where a leading ':' is magic, and it
 * prints them as given.  Every verdict is also checked against
 * gi_match() judging the ancestors itself; a difference exits 3.
 *
 * -g writes a seeded random tree into DIR (which must not exist yet) and
 * a random ignore file; -G adds seeded random .gitignore files to the
 * tree.  Same seed, same bytes.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gitignore.h"

struct buf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};

struct strs {
	char	**v;
	size_t	  n;
	size_t	  cap;
};

struct walk {
	struct gi_rules	*rules;
	int		 nested;
	int		 mode;		/* 'o', 'i', 'v', 'l' */
	char		 term;		/* '\n' or '\0' */
	const char	*pfx;		/* before -l and -v paths */
	struct strs	 out;		/* -o and -i: sorted at the end */
	int		 status;
};

/* A tree entry the generator made, for patterns to be built from. */
struct ent {
	char	*path;
	int	 isdir;
};

struct ents {
	struct ent	*v;
	size_t		 n;
	size_t		 cap;
};

static void	die(const char *, ...) __attribute__((format(printf, 1, 2),
		    noreturn));

/* Print the message, and errno's if set, and exit 2. */
static void
die(const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	fprintf(stderr, "gitdiff: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (e != 0)
		fprintf(stderr, ": %s", strerror(e));
	fputc('\n', stderr);
	exit(2);
}

static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n ? n : 1)) == NULL)
		die("%s", "out of memory");
	return p;
}

static char *
xstrdup(const char *s)
{
	char *d = xrealloc(NULL, strlen(s) + 1);

	memcpy(d, s, strlen(s) + 1);
	return d;
}

static void
bput(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
bputs(struct buf *b, const char *s)
{
	bput(b, s, strlen(s));
}

static void
bputc(struct buf *b, char c)
{
	bput(b, &c, 1);
}

static void
strs_add(struct strs *a, const char *s)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 64;
		a->v = xrealloc(a->v, a->cap * sizeof(*a->v));
	}
	a->v[a->n++] = xstrdup(s);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
strs_sort_free(struct strs *a, int print, char term)
{
	size_t i;

	if (a->n > 0)
		qsort(a->v, a->n, sizeof(*a->v), cmp_str);
	for (i = 0; i < a->n; i++) {
		if (print) {
			fputs(a->v[i], stdout);
			putchar(term);
		}
		free(a->v[i]);
	}
	free(a->v);
	a->v = NULL;
	a->n = a->cap = 0;
}

/* The whole file, or NULL with errno set. */
static char *
slurp(const char *path, size_t *lenp)
{
	struct buf b = { NULL, 0, 0 };
	char tmp[65536];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW)) < 0)
		return NULL;
	bput(&b, "", 0);
	while ((n = read(fd, tmp, sizeof(tmp))) > 0)
		bput(&b, tmp, (size_t)n);
	close(fd);
	if (n < 0) {
		free(b.s);
		return NULL;
	}
	*lenp = b.len;
	return b.s;
}

static void
add_file(struct gi_rules *r, const char *path, const char *source,
    const char *base)
{
	char err[128], *data;
	unsigned line;
	size_t len;

	if ((data = slurp(path, &len)) == NULL)
		die("%s", path);
	if (gi_add(r, source, base, data, len, err, sizeof(err), &line) < 0) {
		errno = 0;
		die("gi_add: %s", err);
	}
	free(data);
}

/* ----------------------------------------------------------------- walk */

static void
report(struct walk *w, const char *path, int isfile, int ex, long rule)
{
	const char *src, *text;
	unsigned line;

	switch (w->mode) {
	case 'o':
	case 'i':
		if (isfile && ex == (w->mode == 'i'))
			strs_add(&w->out, path);
		break;
	case 'l':
		printf("%s%s%c", w->pfx, path, w->term);
		break;
	case 'v':
		if (rule >= 0) {
			gi_info(w->rules, (size_t)rule, &src, &line, &text,
			    NULL, NULL);
			if (w->term == '\0')
				printf("%s%c%u%c%s%c", src, 0, line, 0, text,
				    0);
			else
				printf("%s:%u:%s\t", src, line, text);
		} else if (w->term == '\0')
			printf("%c%c%c", 0, 0, 0);
		else
			printf("::\t");
		printf("%s%s%c", w->pfx, path, w->term);
		break;
	}
}

/*
 * Judge the entries of directory PATH (relative to TOP, "" for TOP
 * itself), depth first.  PEX, PRULE: the directory's verdict and the
 * rule behind it, which every entry below an excluded directory reports.
 */
static void
walk_dir(struct walk *w, const char *top, struct buf *path, int pex,
    long prule)
{
	struct strs names = { NULL, 0, 0 };
	struct dirent *de;
	struct stat st;
	struct buf full = { NULL, 0, 0 };
	size_t i, plen = path->len;
	DIR *d;

	bputs(&full, top);
	if (plen > 0) {
		bputc(&full, '/');
		bput(&full, path->s, plen);
	}
	if (w->nested && !pex) {
		size_t flen = full.len;
		struct buf src = { NULL, 0, 0 };

		bputs(&full, "/.gitignore");
		if (lstat(full.s, &st) == 0 && S_ISREG(st.st_mode)) {
			if (plen > 0) {
				bput(&src, path->s, plen);
				bputc(&src, '/');
			}
			bputs(&src, ".gitignore");
			add_file(w->rules, full.s, src.s, plen ? path->s : "");
			free(src.s);
		}
		full.len = flen;
		full.s[flen] = '\0';
	}
	if ((d = opendir(full.s)) == NULL)
		die("%s", full.s);
	while ((errno = 0, de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0 &&
		    strcmp(de->d_name, ".git") != 0)
			strs_add(&names, de->d_name);
	if (errno)
		die("%s", full.s);
	closedir(d);
	if (names.n > 0)
		qsort(names.v, names.n, sizeof(*names.v), cmp_str);
	for (i = 0; i < names.n; i++) {
		int isdir, isfile, ex, ex2, neg, neg2;
		long rule, rule2;
		size_t flen = full.len;

		bputc(&full, '/');
		bputs(&full, names.v[i]);
		if (lstat(full.s, &st) < 0)
			die("%s", full.s);
		isdir = S_ISDIR(st.st_mode);
		isfile = S_ISREG(st.st_mode) || S_ISLNK(st.st_mode);
		path->len = plen;
		if (plen > 0)
			bputc(path, '/');
		bputs(path, names.v[i]);
		ex = gi_match(w->rules, path->s, path->len, isdir, pex,
		    &rule, &neg);
		if (pex)
			rule = prule;
		ex2 = gi_match(w->rules, path->s, path->len, isdir, -1,
		    &rule2, &neg2);
		if (ex != ex2 || rule != rule2) {
			fprintf(stderr, "gitdiff: self-check: %s: walk %d "
			    "rule %ld, alone %d rule %ld\n", path->s, ex,
			    rule, ex2, rule2);
			w->status = 3;
		}
		report(w, path->s, isfile, ex, rule);
		if (isdir)
			walk_dir(w, top, path, ex, rule);
		full.len = flen;
		full.s[flen] = '\0';
	}
	path->len = plen;
	if (path->s != NULL)
		path->s[plen] = '\0';
	for (i = 0; i < names.n; i++)
		free(names.v[i]);
	free(names.v);
	free(full.s);
}

static int
run(int mode, int nested, char term, const char *pfx, const char *dir,
    const char *ignfile)
{
	struct walk w;
	struct buf path = { NULL, 0, 0 };

	memset(&w, 0, sizeof(w));
	w.mode = mode;
	w.nested = nested;
	w.term = term;
	w.pfx = pfx;
	if ((w.rules = gi_new()) == NULL)
		die("%s", "out of memory");
	if (ignfile != NULL)
		add_file(w.rules, ignfile, ignfile, "");
	bputs(&path, "");
	walk_dir(&w, dir, &path, 0, -1);
	if (mode == 'o' || mode == 'i')
		strs_sort_free(&w.out, 1, term);
	free(path.s);
	gi_free(w.rules);
	if (fflush(stdout) != 0)
		die("%s", "stdout");
	return w.status;
}

/* ------------------------------------------------------------ generator */

static uint64_t rng_state;

static uint64_t
rnd(void)
{
	uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static size_t
rn(size_t n)
{
	return n ? (size_t)(rnd() % n) : 0;
}

static int
chance(unsigned pct)
{
	return rn(100) < pct;
}

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const char *const name_pool[] = {
	"a", "b", "c", "ab", "abc", "ba", "foo", "bar", "foo.c", "foo.o",
	"x.o", "y.txt", "build", "lib", "src", "doc", "A", "Foo", "FOO", "1",
	"42", "a b", " x", "y ", "z  ", " ", "[ab]", "a[b]c", "#x", "#",
	"!x", "!", "x*", "*", "**", "?", "x\\y", "\\", "caf\xc3\xa9",
	"\xe9", "x\r", "\r", "t\tab", "n\nl", "\f", "v\v", ".hidden", ".x",
	"-", "]", "a-b", "z", "node_modules", "x y z", "...", "a.b.c",
	"foobar", "foo bar", "bar.foo", "Z9", "^", "[", "[!a]", "a]b",
	":x", "x:", "@", "~", "x.O", "\x7f", "\x01", " #x", "\t", "\v",
	"fo", "o", "foox", "ob", "#x ", "x ", "\x80\xff",
};

static const char cclasses[][8] = {
	"alnum", "alpha", "blank", "cntrl", "digit", "graph", "lower",
	"print", "punct", "space", "upper", "xdigit"
};

static const char *const special_lines[] = {
	"", "   ", "#", "# comment", "#a", " #a", "\\#a", "\\#", "!", "/",
	"//", "\\", "!\\", "**", "/**", "**/", "*", "*/", "!*", "!**/",
	"\\!a", "\\!x", "\\!", "!!x", "**/**", "***", "*/*", "**/*/",
	"/*", "/*/", "?", "??", "[", "[]", "[!]", "[^]]", "*.o", "!*.o",
	"*.c/", "a/**", "**/a", "a/**/b", "a**b", "**a", "a**", "a/**/",
	"/a/", "a/*/", "\\*", "\\?", "\\[ab]", "x\\", "a\\ ", "\\ ",
	" ", "  \\ ", "foo/", "!foo/", "foo**/bar", "f*o/**", "[[:alpha:]]*",
	"*[[:digit:]]", "[[:space:]]*", "*[[:punct:]]*", "[[:bogus:]]",
	"[[:alpha:]", "[[:alpha]", "[a-]", "[-a]", "[]a]", "[!]a]", "[\\]]",
	"[z-a]", "[a-c-e]", "**/.*", ".*", "!.*", "*\r", "x\r ", "*\t",
	" #x", "[[:space:]]", "[[:graph:]]", "[![:graph:]]", "[[:print:]]",
	"[[:cntrl:]]", "[[:blank:]]", "[[:punct:]]", "[![:alnum:]]",
	"*[[:cntrl:]]*", "*[![:print:]]*", "?[[:space:]]*", "[[:upper:]]*",
	"*[[:lower:]]", "*[[:xdigit:]]", "[[:digit:]]*", "[b-a]", "[a-a]",
	"[!z-a]", "?[z-a]*", "*[ -~]", "[\x01-\x1f]", "[\x7f-\xff]*",
	"*[\x80-\xff]", "#x\\ ", "x\\ ", "fo**/b*", "f**/**", "o**/x*",
	"a?b", "*?*/?", "*[/]*", "fo*/**/x*",
};

static int
bad_name(const char *s)
{
	return s[0] == '\0' || strcmp(s, ".") == 0 || strcmp(s, "..") == 0 ||
	    strcmp(s, ".git") == 0 || strcmp(s, ".gitignore") == 0 ||
	    strchr(s, '/') != NULL;
}

static const char *
gen_name(char *tmp, size_t size)
{
	static const char alpha[] = "abcxyzAB01.-_ ";
	size_t n, i;

	if (chance(70))
		return name_pool[rn(NELEM(name_pool))];
	n = 1 + rn(4);
	if (n >= size)
		n = size - 1;
	for (i = 0; i < n; i++)
		tmp[i] = alpha[rn(sizeof(alpha) - 1)];
	tmp[n] = '\0';
	return tmp;
}

static void
ents_add(struct ents *e, const char *path, int isdir)
{
	if (e->n == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 64;
		e->v = xrealloc(e->v, e->cap * sizeof(*e->v));
	}
	e->v[e->n].path = xstrdup(path);
	e->v[e->n].isdir = isdir;
	e->n++;
}

/* Entries under directory REL of DIR, into E, created at random. */
static void
gen_tree(const char *top, struct buf *rel, int depth, int maxdepth,
    struct ents *e)
{
	char tmp[16];
	size_t n, i, rlen = rel->len;
	struct buf full = { NULL, 0, 0 };
	struct stat st;

	n = depth == 0 ? 3 + rn(6) : rn(6);
	for (i = 0; i < n; i++) {
		const char *name = gen_name(tmp, sizeof(tmp));
		size_t k;
		int isdir = 0;

		if (bad_name(name))
			continue;
		rel->len = rlen;
		if (rlen > 0)
			bputc(rel, '/');
		bputs(rel, name);
		full.len = 0;
		bputs(&full, top);
		bputc(&full, '/');
		bputs(&full, rel->s);
		if (lstat(full.s, &st) == 0)
			continue;
		k = rn(100);
		if (depth < maxdepth && k < 40) {
			if (mkdir(full.s, 0755) < 0)
				die("%s", full.s);
			isdir = 1;
		} else if (k < 45) {
			if (symlink(chance(50) ? "a" : "nowhere", full.s) < 0)
				die("%s", full.s);
		} else {
			int fd = open(full.s, O_WRONLY | O_CREAT | O_EXCL,
			    0644);

			if (fd < 0)
				die("%s", full.s);
			close(fd);
		}
		ents_add(e, rel->s, isdir);
		if (isdir)
			gen_tree(top, rel, depth + 1, maxdepth, e);
	}
	rel->len = rlen;
	if (rel->s != NULL)
		rel->s[rlen] = '\0';
	free(full.s);
}

/* One component C as a pattern that matches it literally. */
static void
put_literal(struct buf *b, const char *c, size_t n, int linestart)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char ch = c[i];

		if (ch == '\n')
			ch = '?';
		if (strchr("*?[\\", ch) != NULL ||
		    (i == 0 && linestart && (ch == '!' || ch == '#')) ||
		    (i == n - 1 && ch == ' '))
			bputc(b, '\\');
		bputc(b, ch);
	}
}

/* A bracket expression that matches (or, rarely, misses) CH. */
static void
put_class(struct buf *b, unsigned char ch)
{
	char tmp[32];

	static const char rchars[] = " !#*-09AZ[\\]^az{~\x7f";
	char lo, hi;

	switch (rn(14)) {
	case 12:
	case 13:	/* a random range, possibly reversed */
		lo = rchars[rn(sizeof(rchars) - 1)];
		hi = rchars[rn(sizeof(rchars) - 1)];
		if (lo == '\\' || lo == ']' || lo == '[')
			lo = 'b';
		if (hi == '\\' || hi == ']' || hi == '[')
			hi = 'y';
		snprintf(tmp, sizeof(tmp), "[%s%c-%c]", chance(25) ? "!" : "",
		    lo, hi);
		break;
	case 0:
		snprintf(tmp, sizeof(tmp), "[%cq]", ch);
		break;
	case 1:
		snprintf(tmp, sizeof(tmp), "[!%c]", ch == 'q' ? 'r' : 'q');
		break;
	case 2:
		snprintf(tmp, sizeof(tmp), "[^%c]", ch);
		break;
	case 3:
		snprintf(tmp, sizeof(tmp), "[%c-%c]", ch > 0x21 ? ch - 1 : ch,
		    ch < 0x7e ? ch + 1 : ch);
		break;
	case 4:
	case 5:
	case 6:
		snprintf(tmp, sizeof(tmp), "[%s[:%s:]]", chance(20) ? "!" :
		    "", cclasses[rn(NELEM(cclasses))]);
		break;
	case 7:
		snprintf(tmp, sizeof(tmp), "[]%c]", ch);
		break;
	case 8:
		snprintf(tmp, sizeof(tmp), "[!]%c]", ch);
		break;
	case 9:
		snprintf(tmp, sizeof(tmp), "[%c", ch);	/* unterminated */
		break;
	case 10:
		snprintf(tmp, sizeof(tmp), "[a-z%c]", ch);
		break;
	default:
		snprintf(tmp, sizeof(tmp), "[\\%c]", ch);
		break;
	}
	if (ch == '\0' || ch == '\n' || ch == '/')
		bputs(b, "?");
	else
		bputs(b, tmp);
}

/* A mutated form of component C (length N) into B. */
static void
put_component(struct buf *b, const char *c, size_t n, int linestart)
{
	size_t k = n ? rn(n) : 0;

	switch (rn(16)) {
	case 0:		/* replace one byte by '?' */
		put_literal(b, c, k, linestart);
		bputc(b, '?');
		put_literal(b, c + k + 1, n - k - 1, 0);
		break;
	case 1:		/* prefix* */
		put_literal(b, c, k, linestart);
		bputc(b, '*');
		break;
	case 2:		/* *suffix */
		bputc(b, '*');
		put_literal(b, c + k, n - k, 0);
		break;
	case 3:
		bputc(b, '*');
		break;
	case 4:
	case 5:		/* one byte by a class */
		put_literal(b, c, k, linestart);
		put_class(b, (unsigned char)c[k]);
		put_literal(b, c + k + 1, n - k - 1, 0);
		break;
	case 6:		/* "**" inside */
		put_literal(b, c, k, linestart);
		bputs(b, "**");
		put_literal(b, c + k, n - k, 0);
		break;
	case 7:		/* a needless escape */
		if (c[k] != '\n' && c[k] != '/') {
			put_literal(b, c, k, linestart);
			bputc(b, '\\');
			bputc(b, c[k]);
			put_literal(b, c + k + 1, n - k - 1, 0);
		} else
			put_literal(b, c, n, linestart);
		break;
	case 8:		/* unescaped: brackets and stars act */
		bput(b, c, n);
		break;
	default:
		put_literal(b, c, n, linestart);
		break;
	}
}

/* A pattern line made from entry E (relative to the rules' base). */
static void
put_path_pattern(struct buf *b, const struct ent *e, int allow_neg)
{
	const char *comp[64];
	size_t clen[64], nc = 0, s, t, i;
	const char *p = e->path, *q;

	while (nc < 64) {
		q = strchr(p, '/');
		comp[nc] = p;
		clen[nc++] = q ? (size_t)(q - p) : strlen(p);
		if (q == NULL)
			break;
		p = q + 1;
	}
	s = chance(50) ? rn(nc) : 0;
	t = s + 1 + rn(nc - s);
	if (allow_neg && chance(25))
		bputc(b, '!');
	else if (chance(3))
		bputs(b, "\\!");
	if (s > 0 && chance(40))
		bputs(b, "**/");
	else if (s == 0 && chance(35))
		bputc(b, '/');
	for (i = s; i < t; i++) {
		if (i > s) {
			if (chance(12))
				bputs(b, "/**");
			else if (chance(5) && i + 1 < t) {
				bputs(b, "/**");
				i++;
			}
			/* '/' where '?', '*', "[/]" must not match it */
			switch (rn(40)) {
			case 0:
			case 1:
				bputc(b, '?');
				break;
			case 2:
				bputc(b, '*');
				break;
			case 3:
				bputs(b, "[/]");
				break;
			default:
				bputc(b, '/');
				break;
			}
		}
		if (i + 1 < t && clen[i] > 1 && chance(8)) {
			/* "fo**" + "/" + a later component */
			put_literal(b, comp[i], 1 + rn(clen[i] - 1),
			    b->len == 0);
			bputs(b, "**");
			i += rn(t - i - 1);
			continue;
		}
		put_component(b, comp[i], clen[i], b->len == 0);
	}
	if (t < nc || e->isdir) {
		switch (rn(10)) {
		case 0:
		case 1:
		case 2:
			bputc(b, '/');
			break;
		case 3:
			bputs(b, "/**");
			break;
		case 4:
			bputs(b, "/*");
			break;
		case 5:
			bputs(b, "/**/");
			break;
		case 6:
			bputs(b, "//");
			break;
		}
	} else if (chance(8))
		bputc(b, '/');
	switch (rn(30)) {
	case 0:
		bputc(b, ' ');
		break;
	case 1:
		bputs(b, "  ");
		break;
	case 2:
		bputs(b, "\\ ");
		break;
	case 3:
		bputs(b, "\\  ");
		break;
	case 4:
		bputc(b, '\t');
		break;
	}
}

static size_t
odd_bytes(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '/' || *s == '.'))
			n++;
	return n;
}

/*
 * The basename of one of a few entries, the one with most odd bytes,
 * with those bytes as POSIX classes: "v[[:space:]]".
 */
static void
put_class_probe(struct buf *b, const struct ents *sub)
{
	static const char *const edgy[] = {
		"space", "blank", "graph", "print", "cntrl", "punct"
	};
	const char *bn, *best = sub->v[rn(sub->n)].path;
	size_t i;

	for (i = 0; i < 4; i++) {
		const char *p = sub->v[rn(sub->n)].path;

		if (odd_bytes(p) > odd_bytes(best))
			best = p;
	}
	bn = strrchr(best, '/');
	bn = bn != NULL ? bn + 1 : best;
	if (chance(50))
		bputs(b, "**/");
	for (i = 0; bn[i] != '\0'; i++) {
		unsigned char c = (unsigned char)bn[i];

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			bputc(b, (char)c);
			continue;
		}
		bputs(b, chance(20) ? "[![:" : "[[:");
		bputs(b, chance(50) ? edgy[rn(NELEM(edgy))] :
		    cclasses[rn(NELEM(cclasses))]);
		bputs(b, ":]]");
	}
}

static void
put_garbage(struct buf *b)
{
	static const char alpha[] = "ab*?[]!^-/\\ #:.x\tz";
	size_t n = 1 + rn(8), i;

	for (i = 0; i < n; i++)
		bputc(b, alpha[rn(sizeof(alpha) - 1)]);
}

/*
 * An ignore file for the entries in E under BASE ("" for all), paths
 * taken relative to BASE.
 */
static void
gen_rules(struct buf *out, const struct ents *e, const char *base)
{
	struct ents sub = { NULL, 0, 0 };
	struct buf line = { NULL, 0, 0 };
	size_t bl = strlen(base), i, n, j;
	int crlf = (int)rn(4);	/* 0, 1: LF; 2: CRLF; 3: mixed */

	for (i = 0; i < e->n; i++) {
		const char *p = e->v[i].path;

		if (bl == 0)
			ents_add(&sub, p, e->v[i].isdir);
		else if (strncmp(p, base, bl) == 0 && p[bl] == '/')
			ents_add(&sub, p + bl + 1, e->v[i].isdir);
	}
	if (chance(5))
		bputs(out, "\xef\xbb\xbf");
	n = 1 + rn(12);
	for (i = 0; i < n; i++) {
		line.len = 0;
		bputs(&line, "");
		j = rn(100);
		if (sub.n == 0 || j < 10)
			bputs(&line, special_lines[rn(NELEM(special_lines))]);
		else if (j < 15)
			put_garbage(&line);
		else if (j < 22)
			put_class_probe(&line, &sub);
		else if (j < 30) {
			/* A directory, then an exception below it. */
			const struct ent *d = NULL, *f = NULL;
			size_t tries, dl;

			for (tries = 0; tries < 8 && d == NULL; tries++)
				if (sub.v[(j = rn(sub.n))].isdir)
					d = &sub.v[j];
			if (d != NULL) {
				dl = strlen(d->path);
				for (tries = 0; tries < 16 && f == NULL;
				    tries++) {
					const struct ent *c = &sub.v[rn(sub.n)];

					if (strncmp(c->path, d->path, dl) ==
					    0 && c->path[dl] == '/')
						f = c;
				}
			}
			if (d == NULL || f == NULL)
				put_path_pattern(&line, &sub.v[rn(sub.n)], 1);
			else {
				put_path_pattern(&line, d, 0);
				bputs(out, line.s);
				bputs(out, crlf == 2 || (crlf == 3 &&
				    chance(50)) ? "\r\n" : "\n");
				line.len = 0;
				bputc(&line, '!');
				if (chance(50)) {
					const char *bn = strrchr(f->path, '/');

					put_literal(&line, bn + 1,
					    strlen(bn + 1), 0);
				} else
					put_literal(&line, f->path,
					    strlen(f->path), 0);
			}
		} else
			put_path_pattern(&line, &sub.v[rn(sub.n)], 1);
		if (chance(3)) {
			/* git stops a line at a NUL, then trims */
			if (chance(50))
				bputc(&line, ' ');
			bputc(&line, '\0');
			bputs(&line, chance(50) ? "tail" : " ");
		}
		bput(out, line.s, line.len);
		if (i + 1 == n && chance(15))
			break;		/* no final newline */
		bputs(out, crlf == 2 || (crlf == 3 && chance(50)) ? "\r\n" :
		    "\n");
	}
	for (i = 0; i < sub.n; i++)
		free(sub.v[i].path);
	free(sub.v);
	free(line.s);
}

static void
write_file(const char *path, const struct buf *b)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write(fd, b->s, b->len) != (ssize_t)b->len ||
	    close(fd) < 0)
		die("%s", path);
}

/* Collect the entries of an existing tree (for -G). */
static void
scan_tree(const char *top, struct buf *rel, struct ents *e)
{
	struct strs names = { NULL, 0, 0 };
	struct buf full = { NULL, 0, 0 };
	struct dirent *de;
	struct stat st;
	size_t i, rlen = rel->len;
	DIR *d;

	bputs(&full, top);
	if (rlen > 0) {
		bputc(&full, '/');
		bputs(&full, rel->s);
	}
	if ((d = opendir(full.s)) == NULL)
		die("%s", full.s);
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0 &&
		    strcmp(de->d_name, ".git") != 0)
			strs_add(&names, de->d_name);
	closedir(d);
	if (names.n > 0)
		qsort(names.v, names.n, sizeof(*names.v), cmp_str);
	for (i = 0; i < names.n; i++) {
		size_t flen = full.len;

		bputc(&full, '/');
		bputs(&full, names.v[i]);
		rel->len = rlen;
		if (rlen > 0)
			bputc(rel, '/');
		bputs(rel, names.v[i]);
		if (lstat(full.s, &st) < 0)
			die("%s", full.s);
		ents_add(e, rel->s, S_ISDIR(st.st_mode));
		if (S_ISDIR(st.st_mode))
			scan_tree(top, rel, e);
		full.len = flen;
		full.s[flen] = '\0';
		free(names.v[i]);
	}
	rel->len = rlen;
	if (rel->s != NULL)
		rel->s[rlen] = '\0';
	free(names.v);
	free(full.s);
}

static void
ents_free(struct ents *e)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		free(e->v[i].path);
	free(e->v);
}

static int
generate(const char *seed, const char *dir, const char *ignfile)
{
	struct ents e = { NULL, 0, 0 };
	struct buf rel = { NULL, 0, 0 }, out = { NULL, 0, 0 };

	rng_state = strtoull(seed, NULL, 10) * UINT64_C(2654435761) + 1;
	if (mkdir(dir, 0755) < 0)
		die("%s", dir);
	bputs(&rel, "");
	gen_tree(dir, &rel, 0, 1 + (int)rn(4), &e);
	bputs(&out, "");
	gen_rules(&out, &e, "");
	write_file(ignfile, &out);
	ents_free(&e);
	free(rel.s);
	free(out.s);
	return 0;
}

static int
generate_nested(const char *seed, const char *dir)
{
	struct ents e = { NULL, 0, 0 };
	struct buf rel = { NULL, 0, 0 }, out = { NULL, 0, 0 };
	struct buf path = { NULL, 0, 0 };
	size_t i, plen;

	rng_state = strtoull(seed, NULL, 10) * UINT64_C(40503) + 7;
	bputs(&rel, "");
	scan_tree(dir, &rel, &e);
	for (i = 0; i <= e.n; i++) {
		const char *base = i == 0 ? "" : e.v[i - 1].path;

		if (i > 0 && !e.v[i - 1].isdir)
			continue;
		if (!chance(i == 0 ? 70 : 45))
			continue;
		out.len = 0;
		bputs(&out, "");
		gen_rules(&out, &e, base);
		path.len = 0;
		bputs(&path, dir);
		bputc(&path, '/');
		if (i > 0) {
			bputs(&path, base);
			bputc(&path, '/');
		}
		plen = path.len;
		if (chance(6)) {
			/* git does not follow an in-tree .gitignore symlink */
			bputs(&path, "gi-real");
			write_file(path.s, &out);
			path.len = plen;
			bputs(&path, ".gitignore");
			if (symlink("gi-real", path.s) < 0)
				die("%s", path.s);
			continue;
		}
		bputs(&path, ".gitignore");
		write_file(path.s, &out);
	}
	ents_free(&e);
	free(rel.s);
	free(out.s);
	free(path.s);
	return 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: gitdiff [-ilnPvz] dir [ignorefile]\n"
	    "       gitdiff -g seed dir ignorefile\n"
	    "       gitdiff -G seed dir\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	const char *gseed = NULL, *pfx = "";
	int ch, mode = 'o', nested = 0, nest_gen = 0;
	char term = '\n';

	while ((ch = getopt(argc, argv, "g:G:ilnPvz")) != -1) {
		switch (ch) {
		case 'g':
			gseed = optarg;
			break;
		case 'G':
			gseed = optarg;
			nest_gen = 1;
			break;
		case 'i':
		case 'l':
		case 'v':
			mode = ch;
			break;
		case 'n':
			nested = 1;
			break;
		case 'P':
			pfx = "./";
			break;
		case 'z':
			term = '\0';
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (gseed != NULL && nest_gen) {
		if (argc != 1)
			usage();
		return generate_nested(gseed, argv[0]);
	}
	if (gseed != NULL) {
		if (argc != 2)
			usage();
		return generate(gseed, argv[0], argv[1]);
	}
	if (argc < 1 || argc > 2 || (argc == 1 && !nested))
		usage();
	return run(mode, nested, term, pfx, argv[0],
	    argc == 2 ? argv[1] : NULL);
}
