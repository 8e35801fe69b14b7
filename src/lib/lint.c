/*
 * lint.c: findings about an ignore file and the tree it applies to.
 * Line checks read the file's raw lines (comments, trailing '/', escapes
 * are gone after Docker's cleaning); tree checks run one full walk per
 * builder with per-rule counters.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctxpack_int.h"

struct rstat {
	uint64_t	 self;		/* paths the rule matches by itself */
	uint64_t	 deeper;	/* paths below the root whose last
					   component it matches */
	uint64_t	 root;		/* root-level paths it matches */
	uint64_t	 decides;	/* paths it decides (walk) */
	uint64_t	 dropped;	/* classic: re-included, never reached */
};

struct lint {
	ctxpack_lint_fn		*cb;
	void			*arg;
	int			 worst;
	int			 bh;		/* a buildah context */
	/* ctxpack_suggest()'s lines: the only ones lint proposes */
	struct ctxpack_suggestions *sug;
};

static void
emit(struct lint *l, const char *code, enum ctxpack_lint_level level,
    const char *file, unsigned line, unsigned col, const char *path,
    const char *fix, const char *fmt, ...) __attribute__((format(printf, 9, 10)));

/*
 * One finding to CB, its message formatted (lintbuild.c's findings come
 * here too).
 */
void
lint_vfinding(ctxpack_lint_fn *cb, void *arg, const char *code,
    enum ctxpack_lint_level level, const char *file, unsigned line,
    unsigned col, const char *path, const char *fix, const char *fmt,
    va_list ap)
{
	struct ctxpack_finding f;
	char msg[2048];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	f.code = code;
	f.level = level;
	f.file = file;
	f.line = line;
	f.col = col;
	f.path = path;
	f.msg = msg;
	f.fix = fix;
	cb(&f, arg);
}

static void
emit(struct lint *l, const char *code, enum ctxpack_lint_level level,
    const char *file, unsigned line, unsigned col, const char *path,
    const char *fix, const char *fmt, ...)
{
	va_list ap;

	if ((int)level > l->worst)
		l->worst = (int)level;
	va_start(ap, fmt);
	lint_vfinding(l->cb, l->arg, code, level, file, line, col, path, fix,
	    fmt, ap);
	va_end(ap);
}

/*
 * " #" inside the pattern T (TL bytes after any '!'; EXC: there was one;
 * T[I] is at column COL + I + 1): Docker and buildah both read it as
 * part of the pattern.
 */
static void
inline_comment(struct lint *l, const char *file, unsigned line, unsigned col,
    const char *t, size_t tl, int exc)
{
	char fix[1024];
	size_t i, k;

	for (i = 0; i + 1 < tl; i++) {
		if ((t[i] != ' ' && t[i] != '\t') || t[i + 1] != '#')
			continue;
		for (k = i; k > 0 && (t[k - 1] == ' ' || t[k - 1] == '\t'); k--)
			;
		snprintf(fix, sizeof(fix), "%s%.*s", exc ? "!" : "", (int)k, t);
		emit(l, "inline-comment", CTXPACK_LINT_WARNING, file, line,
		    col + (unsigned)i + 1, NULL, fix, "\"#\" after a pattern "
		    "is not a comment: the whole line \"%.*s\" is one pattern; "
		    "put the comment on its own line", (int)tl, t);
		return;
	}
}

/*
 * "[!" in the pattern T (as for inline_comment, but T[I] at column COL +
 * I): negation for neither Docker nor buildah, which WHO names; the fix
 * is "[^".
 */
static void
bang_class(struct lint *l, const char *file, unsigned line, unsigned col,
    const char *t, size_t tl, int exc, const char *who)
{
	char fix[1024];
	size_t i, k;

	for (i = 0; i + 1 < tl; i++) {
		if (t[i] != '[' || t[i + 1] != '!')
			continue;
		snprintf(fix, sizeof(fix), "%s%.*s", exc ? "!" : "", (int)tl, t);
		for (k = 0; fix[k] != '\0'; k++)
			if (fix[k] == '[' && fix[k + 1] == '!')
				fix[k + 1] = '^';
		emit(l, "bang-class", CTXPACK_LINT_WARNING, file, line,
		    col + (unsigned)i, NULL, fix, "\"[!...]\" is not negation "
		    "%s (it is the set of '!' and the rest); negation is "
		    "\"[^...]\"", who);
		return;
	}
}

/* ------------------------------------------------------------ line checks */

static int
regex_class(const char *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strchr("*?[]\\", t[i]) != NULL)
			return 1;
	return 0;
}

static void
line_checks(struct lint *l, const char *file, const char *buf, size_t len)
{
	size_t pos = 0;
	unsigned line = 0;
	int seen_exclusion = 0;

	while (pos < len) {
		const char *s = buf + pos, *nl = memchr(s, '\n', len - pos), *t;
		size_t n = nl ? (size_t)(nl - s) : len - pos, tl, i;
		unsigned col;
		char fix[1024];
		int exc = 0;

		pos += n + (nl != NULL);
		line++;
		if (n > 0 && s[n - 1] == '\r')
			n--;
		if (line == 1 && n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
			s += 3;
			n -= 3;
		}
		if (n > 0 && s[0] == '#')
			continue;
		t = go_trimspace(s, n, &tl);
		if (tl == 0)
			continue;
		col = (unsigned)(t - s) + 1;
		if (tl >= 2 && t[0] == '/' && t[1] == '/') {
			emit(l, "slash-comment", CTXPACK_LINT_WARNING, file, line,
			    col, NULL, NULL, "\"//\" does not start a comment: "
			    "this line is the pattern \"%.*s\"; a comment needs "
			    "\"#\" as the first byte of the line", (int)tl, t);
			continue;
		}
		if (t[0] == '!') {
			exc = 1;
			t = go_trimspace(t + 1, tl - 1, &tl);
			if (!seen_exclusion && tl > 0)
				emit(l, "useless-exception", CTXPACK_LINT_WARNING,
				    file, line, col, NULL, NULL, "this exception "
				    "comes before any exclusion and has no effect "
				    "(the last matching rule wins, and nothing is "
				    "excluded yet)");
		} else
			seen_exclusion = 1;
		inline_comment(l, file, line, col, t, tl, exc);
		if (tl > 1 && t[tl - 1] == '/') {
			snprintf(fix, sizeof(fix), "%s%.*s", exc ? "!" : "",
			    (int)tl - 1, t);
			emit(l, "trailing-slash", CTXPACK_LINT_INFO, file, line,
			    col + (unsigned)tl - 1, NULL, fix, "a trailing \"/\" "
			    "does not limit the pattern to directories in "
			    ".dockerignore: it matches a file of that name too");
		}
		bang_class(l, file, line, col, t, tl, exc, "in .dockerignore");
		for (i = 0; i + 1 < tl; i++) {
			char c = t[i + 1];

			if (t[i] != '\\')
				continue;
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9')) {
				emit(l, "regex-escape", CTXPACK_LINT_WARNING, file,
				    line, col + (unsigned)i, NULL, NULL, "\"\\%c\" "
				    "is a regular-expression escape here (%s), not "
				    "the letter '%c'", c, c == 'd' ? "a digit" :
				    c == 's' ? "white space" : c == 'w' ?
				    "a word character" : c == 'n' ? "a newline" :
				    c == 'b' ? "a word boundary" : c == 't' ?
				    "a tab" : "or an error", c);
				break;
			}
			i++;
		}
		if (regex_class(t, tl)) {
			for (i = 0; i < tl; i++) {
				if (t[i] == '\\') {
					i++;
					continue;
				}
				if (t[i] == '^' && (i == 0 || t[i - 1] != '[')) {
					emit(l, "caret", CTXPACK_LINT_WARNING, file,
					    line, col + (unsigned)i, NULL, NULL,
					    "\"^\" is not literal here: it anchors "
					    "at the start of the path, so the pattern "
					    "can hardly match; write \"\\^\" for the "
					    "character");
					break;
				}
				if (t[i] == '|' || t[i] == '{' || t[i] == '}') {
					emit(l, "regex-meta", CTXPACK_LINT_WARNING,
					    file, line, col + (unsigned)i, NULL, NULL,
					    "\"%c\" reaches Docker's regular "
					    "expression unescaped (%s); write \"\\%c\" "
					    "for the character", t[i], t[i] == '|' ?
					    "alternation" : "repetition", t[i]);
					break;
				}
			}
		}
	}
}

/* ------------------------------------------------------- buildah's lines */

/* The pattern with every live regexp character of buildah's escaped. */
static void
bh_escape_live(char *out, size_t sz, const char *t, size_t n, int bang)
{
	size_t i, o = 0;

	if (bang && o + 1 < sz)
		out[o++] = '!';
	for (i = 0; i < n && o + 3 < sz; i++) {
		if (t[i] == '\\' && i + 1 < n) {
			out[o++] = t[i++];
			out[o++] = t[i];
			continue;
		}
		if (strchr("+()|{}^", t[i]) != NULL && t[i] != '\0')
			out[o++] = '\\';
		out[o++] = t[i];
	}
	out[o] = '\0';
}

static const char *
live_what(char c)
{
	switch (c) {
	case '+': return "it repeats what comes before: \"a+b\" matches "
	    "\"ab\" and \"aab\", not \"a+b\"";
	case '|': return "an alternation of the whole regexp, unanchored: "
	    "\"x|y\" drops every path starting with x and every one ending "
	    "in y";
	case '(': case ')': return "a group (an unbalanced one fails the "
	    "build at its first entry)";
	case '{': case '}': return "a repetition count";
	default: return "an anchor: \"*^b\" matches \"b\"";
	}
}

/*
 * buildah's reading (B4, B5, B7): '#' in column 1 only, every leading and
 * trailing '/' stripped before white space is, no trimming after '!',
 * live regexp characters, a BOM skipped by the compiler on any line.
 */
static void
bh_line_checks(struct lint *l, const char *file, const char *buf, size_t len)
{
	size_t pos = 0;
	unsigned line = 0;
	int seen_exclusion = 0;

	while (pos < len) {
		const char *s = buf + pos, *nl = memchr(s, '\n', len - pos), *t;
		size_t n = nl ? (size_t)(nl - s) : len - pos, a = 0, tl, i;
		char fix[1024];
		unsigned col;
		int exc = 0;

		pos += n + (nl != NULL);
		line++;
		if (n == 0 || s[0] == '#')
			continue;
		while (a < n && s[a] == '/')
			a++;
		while (n > a && s[n - 1] == '/')
			n--;
		t = go_trimspace(s + a, n - a, &tl);
		if (tl == 0)
			continue;
		col = (unsigned)(t - s) + 1;
		if (tl >= 3 && memcmp(t, "\xef\xbb\xbf", 3) == 0 && tl > 3 &&
		    (t[3] == '!' || t[3] == '#'))
			emit(l, "bom", CTXPACK_LINT_WARNING, file, line, col, NULL,
			    NULL, "a byte-order mark opens this line: buildah "
			    "skips it when it compiles the pattern, but only "
			    "after deciding that the line is %s: this is the "
			    "pattern \"%.*s\"", t[3] == '!' ? "no exception" :
			    "no comment", (int)(tl - 3), t + 3);
		if (t[0] == '/') {
			size_t k = 0;

			while (k < tl && t[k] == '/')
				k++;
			snprintf(fix, sizeof(fix), "%.*s", (int)(tl - k), t + k);
			emit(l, "space-slash", CTXPACK_LINT_WARNING, file, line,
			    col, NULL, fix, "buildah strips the slashes at the "
			    "ends of a line before the white space: \"%.*s\" "
			    "keeps its '/' and matches nothing", (int)tl, t);
			continue;
		}
		if (t[0] == '!') {
			exc = 1;
			if (tl > 1 && go_isspace((unsigned char)t[1])) {
				const char *u;
				size_t ul;

				u = go_trimspace(t + 1, tl - 1, &ul);
				snprintf(fix, sizeof(fix), "!%.*s", (int)ul, u);
				emit(l, "bang-space", CTXPACK_LINT_WARNING, file,
				    line, col, NULL, ul > 0 ? fix : NULL,
				    "buildah does not trim after '!': \"%.*s\" "
				    "re-includes a name starting with white space"
				    "%s", (int)tl, t, ul > 0 ? "" : " (or, alone, "
				    "fails the build)");
			}
			if (!seen_exclusion && tl > 1)
				emit(l, "useless-exception", CTXPACK_LINT_WARNING,
				    file, line, col, NULL, NULL, "this exception "
				    "comes before any exclusion and has no effect "
				    "(the last matching rule wins, and nothing is "
				    "excluded yet)");
			t++;
			tl--;
		} else
			seen_exclusion = 1;
		inline_comment(l, file, line, col + (unsigned)exc, t, tl, exc);
		bang_class(l, file, line, col + (unsigned)exc, t, tl, exc,
		    "for buildah");
		for (i = 0; i < tl; i++) {
			char c = t[i];

			if (c == '\\') {
				char e = i + 1 < tl ? t[i + 1] : '\0';

				if ((e >= 'a' && e <= 'z') || (e >= 'A' &&
				    e <= 'Z') || (e >= '0' && e <= '9')) {
					emit(l, "regex-escape", CTXPACK_LINT_WARNING,
					    file, line, col + (unsigned)(i + exc),
					    NULL, NULL, "\"\\%c\" is a "
					    "regular-expression escape here, not the "
					    "letter '%c' (\"\\d\" is a digit, an "
					    "unknown one fails the build)", e, e);
					break;
				}
				i++;
				continue;
			}
			if (c == '^' && i > 0 && t[i - 1] == '[')
				continue;	/* negation in a class */
			if (c != '\0' && strchr("+()|{}^", c) != NULL) {
				bh_escape_live(fix, sizeof(fix), t, tl, exc);
				emit(l, "regex-meta", CTXPACK_LINT_WARNING, file,
				    line, col + (unsigned)(i + exc), NULL, fix,
				    "\"%c\" reaches buildah's regular expression "
				    "unescaped: %s; write \"\\%c\" for the "
				    "character", c, live_what(c), c);
				break;
			}
		}
	}
}

/*
 * B2: which file buildah reads, and what it leaves unread.  Both root
 * files: .containerignore wins; warn when they differ.  A per-file one
 * shadows both.
 */
static void
bh_file_checks(struct lint *l, struct ctxpack_ctx *c)
{
	char *t[2] = { NULL, NULL };
	size_t n[2] = { 0, 0 };
	int fd, k, have[2];
	static const char *const names[2] = { ".containerignore",
	    ".dockerignore" };

	for (k = 0; k < 2; k++) {
		have[k] = 0;
		if ((fd = openat(c->dirfd, names[k], O_RDONLY | O_CLOEXEC |
		    O_NONBLOCK | O_NOCTTY)) < 0)
			continue;
		have[k] = ctx_slurp(fd, 1 << 24, &t[k], &n[k]) == 0;
		close(fd);
	}
	if (c->bh_ignore_kind == BH_IGN_PERFILE && (have[0] || have[1]))
		emit(l, "per-dockerfile-ignore", CTXPACK_LINT_WARNING,
		    c->ignore_path, 0, 0, NULL, NULL, "buildah reads this file "
		    "and leaves %s%s%s unread; they are never merged",
		    have[0] ? ".containerignore" : "", have[0] && have[1] ?
		    " and " : "", have[1] ? ".dockerignore" : "");
	else if (have[0] && have[1] && c->bh_ignore_kind == BH_IGN_ROOT) {
		if (n[0] != n[1] || memcmp(t[0], t[1], n[0]) != 0)
			emit(l, "containerignore-shadows", CTXPACK_LINT_WARNING,
			    ".containerignore", 0, 0, NULL, NULL,
			    ".containerignore and .dockerignore both exist and "
			    "differ: Podman and buildah read only "
			    ".containerignore, Docker only .dockerignore; the "
			    "same tree gives two contexts");
		else
			emit(l, "containerignore-shadows", CTXPACK_LINT_INFO,
			    ".containerignore", 0, 0, NULL, NULL,
			    ".containerignore and .dockerignore are the same: "
			    "buildah reads the first, Docker the second");
	}
	free(t[0]);
	free(t[1]);
}

/*
 * A repository built by Docker too: the same lines read by BuildKit's
 * rules (R1-R30), path for path over the tree.  Each line whose verdicts
 * differ is named once, with the first path and the count.
 */
static void
bh_docker_differs(struct lint *l, struct ctxpack_ctx *c, const char *dir)
{
	struct ctxpack_opts o;
	struct ctxpack_ctx *d = NULL;
	struct ctxpack_walk *w = NULL;
	const struct ctxpack_entry *e;
	const struct ctxpack_rules *r = c->rules;
	uint64_t *count = NULL;
	char **first = NULL;
	size_t i;

	if (c->ignore_text == NULL || r->n == 0)
		return;
	memset(&o, 0, sizeof(o));
	o.builder = CTXPACK_BUILDKIT;
	o.ignore_text = c->ignore_text;
	o.ignore_len = c->ignore_len;
	if (ctxpack_ctx_open(dir, &o, &d) != CTXPACK_OK)
		goto out;	/* Docker rejects a line: its own finding */
	if ((count = calloc(r->n, sizeof(*count))) == NULL ||
	    (first = calloc(r->n, sizeof(*first))) == NULL ||
	    ctxpack_walk_new(c, CTXPACK_WALK_ALL, &w) != CTXPACK_OK)
		goto out;
	while (ctxpack_walk_next(w, &e) == CTXPACK_OK) {
		struct ctxpack_why dw;
		int bx, dx;
		long rule = -1;
		size_t k;

		if (e->repeat || e->type == CTXPACK_T_DIR)
			continue;
		bx = !e->sent;
		if (ctxpack_why(d, e->path, e->pathlen, &dw, NULL, NULL) !=
		    CTXPACK_OK)
			continue;
		dx = dw.excluded;
		if (bx == dx)
			continue;
		/* the line that decided, on the side that excludes */
		if (bx)
			rule = e->rule;
		else if (dw.rule >= 0 && (size_t)dw.rule <
		    ctxpack_rules_count(ctxpack_ctx_rules(d))) {
			struct ctxpack_rule_info ri;

			if (ctxpack_rules_get(ctxpack_ctx_rules(d), dw.rule,
			    &ri) == CTXPACK_OK)
				for (k = 0; k < r->n; k++)
					if (r->pat[k].line == ri.line)
						rule = (long)k;
		}
		if (rule < 0 || (size_t)rule >= r->n)
			continue;
		if (count[rule]++ == 0)
			first[rule] = strdup(e->path);
	}
	for (i = 0; i < r->n; i++) {
		const struct pattern *p = &r->pat[i];

		if (count[i] == 0)
			continue;
		emit(l, "docker-differs", CTXPACK_LINT_WARNING, p->source,
		    p->line, p->col, first[i], NULL, "\"%s%s\" means another "
		    "thing to Docker: %llu %s in one context and not the "
		    "other (first: %s), if Docker read these lines too",
		    p->exception ? "!" : "", p->text,
		    (unsigned long long)count[i], count[i] == 1 ? "path is" :
		    "paths are", first[i] ? first[i] : "?");
	}
out:
	if (first != NULL)
		for (i = 0; i < r->n; i++)
			free(first[i]);
	free(first);
	free(count);
	ctxpack_walk_free(w);
	ctxpack_ctx_free(d);
}

/* ------------------------------------------------------------ tree checks */

/*
 * An ignore-file line for one path, into buf; NULL when no line can name
 * it exactly (pattern_line).
 */
static const char *
line_for(const struct lint *lt, char *buf, size_t sz, const char *prefix,
    const char *path)
{
	char *l = lt->bh ? (strcmp(prefix, "**/") == 0 ?
	    bh_line_under(path) : bh_line(prefix, path, strlen(path))) :
	    pattern_line(prefix, path, strlen(path));

	if (l == NULL)
		return NULL;
	snprintf(buf, sz, "%s", l);
	free(l);
	return buf;
}

#define NO_LINE	" (no ignore line can name it exactly: it is not UTF-8)"
#define NO_SAFE	" (no safe line: the build reads it, git tracks it, or a " \
		"'!' line keeps it)"

/*
 * The suggestion engine's line that drops PATH: `**\/NAME` or NAME for a
 * heavy name, or the line for PATH or a directory above it; NULL if none.
 */
static const char *
safe_line(const struct lint *l, const char *path, const char *base,
    const char *fix)
{
	const struct ctxpack_suggestions *s = l->sug;
	size_t k, n, len = strlen(path);
	const char *found = NULL;
	char *alone;

	if (s == NULL)
		return NULL;
	for (k = 0; k < s->n && fix != NULL; k++)
		if (strcmp(s->v[k].line, fix) == 0)
			return s->v[k].line;
	(void)base;
	for (n = len; n > 0 && found == NULL; n--) {
		if (n < len && path[n] != '/')
			continue;
		if ((alone = l->bh ? bh_line("", path, n) :
		    pattern_line("", path, n)) == NULL)
			continue;
		for (k = 0; k < s->n && found == NULL; k++)
			if (strcmp(s->v[k].line, alone) == 0)
				found = s->v[k].line;
		free(alone);
	}
	return found;
}

/* Does a read narrower than the whole context take PATH? */
static int
narrow_read(const struct ctxpack_ctx *c, const char *path, int isdir)
{
	size_t i, n = ctxpack_build_nreads(c), len = strlen(path);
	struct ctxpack_read rd;

	for (i = 0; i < n; i++)
		if (ctxpack_build_read(c, i, &rd) == CTXPACK_OK && !rd.whole &&
		    ctxpack_build_read_match(c, i, path, len, isdir) ==
		    CTXPACK_READ_YES)
			return 1;
	return 0;
}


static int
walk_stats(struct ctxpack_ctx *c, struct rstat *rs, struct lint *l, int main,
    uint64_t *excl_entries, uint64_t *excl_bytes)
{
	const struct ctxpack_rules *r = c->rules;
	struct ctxpack_walk *w;
	const struct ctxpack_entry *e;
	char skip[4096] = "", fix[4200];
	size_t skiplen = 0, i;
	int rc, bh = c->opts.builder == CTXPACK_BUILDAH;

	rc = ctxpack_walk_new(c, CTXPACK_WALK_ALL, &w);
	if (rc != CTXPACK_OK) {
		if (w != NULL)
			diag_set(&c->err, CTXPACK_LEVEL_ERROR, NULL, 0, 0, "%s",
			    ctxpack_walk_error(w)->msg);
		ctxpack_walk_free(w);
		return -1;
	}
	while ((rc = ctxpack_walk_next(w, &e)) == CTXPACK_OK) {
		const char *base;
		int isdir = e->type == CTXPACK_T_DIR;

		if (e->repeat)
			continue;
		if (!main) {
			/* classic: included by the rules, never reached */
			if (!e->excluded && !e->sent && e->rule >= 0 &&
			    (size_t)e->rule < r->n)
				rs[e->rule].dropped++;
			continue;
		}
		base = strrchr(e->path, '/');
		base = base ? base + 1 : e->path;
		if (e->rule >= 0 && (size_t)e->rule < r->n)
			rs[e->rule].decides++;	/* not a git rule */
		if (e->excluded) {
			(*excl_entries)++;
			if (e->type == CTXPACK_T_FILE && e->size > 0)
				*excl_bytes += (uint64_t)e->size;
		}
		if (bh && !e->excluded && !e->sent && e->rule >= 0)
			rs[e->rule].dropped++;	/* B10 never reaches it */
		for (i = 0; i < r->n; i++) {
			int m = bh ? bh_match1(r, &r->pat[i], e->path,
			    e->pathlen) : pattern_match(&r->pat[i], e->path,
			    e->pathlen, r->md, r->mctx);

			if (m > 0) {
				rs[i].self++;
				if (base == e->path)
					rs[i].root++;
			}
			if (base != e->path && (bh ? bh_match1(r, &r->pat[i],
			    base, strlen(base)) : pattern_match(&r->pat[i], base,
			    strlen(base), r->md, r->mctx)) > 0)
				rs[i].deeper++;
		}
		/* secrets and heavy directories in the context, once per
		 * subtree */
		if (skiplen > 0 && e->pathlen > skiplen &&
		    strncmp(e->path, skip, skiplen) == 0 &&
		    e->path[skiplen] == '/')
			continue;
		skiplen = 0;
		if (!e->sent || e->excluded)
			continue;
		if (lint_build_secret(c, e, l->cb, l->arg))
			;	/* secret-copied (lintbuild.c) */
		else if (ctx_is_secret(base, e->path, isdir)) {
			const char *fx = line_for(l, fix, sizeof(fix), "", e->path);
			const char *sf = safe_line(l, e->path, base, fx);

			emit(l, "secret", CTXPACK_LINT_WARNING, c->ignore_path, 0,
			    0, e->path, sf, "%s%s looks like a secret and is in "
			    "the context%s", e->path, isdir ? "/" : "",
			    fx == NULL ? NO_LINE : sf == NULL ? NO_SAFE : "");
		} else if (isdir && (ctxpack_heavy_kind(base) & (CTXPACK_HEAVY_VCS |
		    CTXPACK_HEAVY_DEPS | CTXPACK_HEAVY_CACHE))) {
			const char *fx = line_for(l, fix, sizeof(fix),
			    base == e->path ? "" : "**/", base);
			const char *sf = safe_line(l, e->path, base, fx);

			if (main && narrow_read(c, e->path, 1))
				/* the build copies it on purpose (a COPY
				 * source names it or a directory above) */
				emit(l, "heavy", CTXPACK_LINT_INFO,
				    c->ignore_path, 0, 0, e->path, NULL,
				    "%s/ is in the context, and the Dockerfile "
				    "reads it: if the image does not need it, "
				    "narrow the COPY", e->path);
			else
				emit(l, "heavy", CTXPACK_LINT_WARNING,
				    c->ignore_path, 0, 0, e->path, sf,
				    "%s/ is in the context; such directories "
				    "are rarely meant to be sent%s", e->path,
				    fx == NULL ? NO_LINE : sf == NULL ? NO_SAFE :
				    "");
		} else
			continue;
		if (isdir && e->pathlen < sizeof(skip)) {
			memcpy(skip, e->path, e->pathlen + 1);
			skiplen = e->pathlen;
		}
	}
	if (rc == CTXPACK_FATAL) {
		diag_set(&c->err, CTXPACK_LEVEL_ERROR, NULL, 0, 0, "%s",
		    ctxpack_walk_error(w)->msg);
		ctxpack_walk_free(w);
		return -1;
	}
	ctxpack_walk_free(w);
	return 0;
}

/* H4: fsutil strips one trailing / ** or / * and looks for wildcards. */
static int
bk_wildcard(const struct pattern *p)
{
	size_t n = p->len, i;

	if (n >= 3 && memcmp(p->text + n - 3, "/**", 3) == 0)
		n -= 3;
	else if (n >= 2 && memcmp(p->text + n - 2, "/*", 2) == 0)
		n -= 2;
	for (i = 0; i < n; i++)
		if (strchr("*?[]^\\", p->text[i]) != NULL)
			return 1;
	return 0;
}

static void
per_dockerfile(struct lint *l, struct ctxpack_ctx *c)
{
	char path[8192];
	struct stat st;

	/* the per-Dockerfile file wins under BuildKit; classic never reads it */
	if (c->dockerfile_given == NULL || c->outside_df != NULL)
		return;
	snprintf(path, sizeof(path), "%s/%s.dockerignore", c->realdir,
	    c->dockerfile_given);
	if (stat(path, &st) == 0) {
		snprintf(path, sizeof(path), "%s/.dockerignore", c->realdir);
		if (stat(path, &st) == 0)
			emit(l, "per-dockerfile-ignore", CTXPACK_LINT_WARNING,
			    NULL, 0, 0, NULL, NULL, "%s.dockerignore and "
			    ".dockerignore both exist: BuildKit reads only the "
			    "first, the classic builder only the second; they "
			    "are never merged", c->dockerfile_given);
	}
}

/* The findings of one rule from a walk's counters (every builder). */
static void
rule_findings(struct lint *l, const struct pattern *p, const struct rstat *rs)
{
	char fix[4200];

	if (rs->self == 0 && rs->deeper > 0 &&
	    memchr(p->text, '/', p->len) == NULL) {
		snprintf(fix, sizeof(fix), "%s**/%s", p->exception ? "!" : "",
		    p->text);
		emit(l, "root-only", CTXPACK_LINT_WARNING, p->source, p->line,
		    p->col, NULL, fix, "\"%s\" is anchored at the context root "
		    "and matches nothing there, but would match %llu %s "
		    "deeper", p->text, (unsigned long long)rs->deeper,
		    PLURAL(rs->deeper, "path", "paths"));
	} else if (rs->self == 0)
		emit(l, "dead-rule", CTXPACK_LINT_WARNING, p->source, p->line,
		    p->col, NULL, NULL, "\"%s%s\" matches nothing in the tree",
		    p->exception ? "!" : "", p->text);
	else if (rs->decides == 0)
		emit(l, "shadowed", CTXPACK_LINT_WARNING, p->source, p->line,
		    p->col, NULL, NULL, "\"%s%s\" matches %llu %s but "
		    "decides none: later rules (or an earlier exclusion of their "
		    "parent) always win", p->exception ? "!" : "", p->text,
		    (unsigned long long)rs->self, PLURAL(rs->self, "path",
		    "paths"));
	if (l->bh && p->exception && rs->dropped > 0)
		emit(l, "buildah-drops", CTXPACK_LINT_WARNING, p->source,
		    p->line, p->col, NULL, NULL, "buildah drops %llu %s "
		    "this exception re-includes: it enters an excluded "
		    "directory only when an exception's text starts with the "
		    "directory's path (a wildcard before the name never does)",
		    (unsigned long long)rs->dropped, PLURAL(rs->dropped, "path",
		    "paths"));
}

/* lint for a buildah context (B1-B14). */
static int
lint_bh(struct lint *l, struct ctxpack_ctx *c, const char *dir)
{
	struct rstat *rs = NULL;
	uint64_t ee = 0, eb = 0;
	const char *src;
	size_t i;
	long bad;

	if (c->ignore_read != NULL)
		emit(l, "ignore-link", CTXPACK_LINT_INFO, c->ignore_path, 0, 0,
		    NULL, NULL, "the ignore file is a symbolic link; buildah "
		    "follows it on the host and reads %s%s", c->ignore_read,
		    c->ignore_outside ? ", outside the context" : "");
	if (c->ignore_outside && c->ignore_read != NULL)
		goto files;	/* never echo a file from outside (CI logs) */
	if (c->ignore_text != NULL)
		bh_line_checks(l, c->ignore_path, c->ignore_text,
		    c->ignore_len);
files:
	bh_file_checks(l, c);
	if (ctxpack_ctx_has_build(c) && (src = ctx_bh_pruned_read(c)) != NULL)
		emit(l, "copy-pruned", CTXPACK_LINT_WARNING, c->ignore_path, 0,
		    0, src, NULL, "COPY source %s lies in a directory the "
		    "ignore file excludes and no exception opens: buildah's "
		    "COPY reads it all the same (it starts at the source), "
		    "but COPY . and a tar of the context (buildah build -, "
		    "podman build -) do not have it", src);
	if ((bad = bh_lazy(c->rules)) >= 0) {
		const struct pattern *p = &c->rules->pat[bad];
		char err[256];

		if (bh_pattern_error(p, err, sizeof(err)))
			emit(l, "error", CTXPACK_LINT_ERROR, p->source, p->line,
			    p->col, NULL, NULL, "pattern \"%s%s\": %s; buildah "
			    "takes it, ctxpack can not match it", p->exception ?
			    "!" : "", p->text, err);
		else
			emit(l, "syntax", CTXPACK_LINT_ERROR, p->source, p->line,
			    p->col, NULL, NULL, "syntax error in pattern "
			    "\"%s%s\": %s (buildah fails on the first entry it "
			    "walks)", p->exception ? "!" : "", p->text, err);
		return CTXPACK_OK;
	}
	{
		struct ctxpack_suggest_opts so;

		memset(&so, 0, sizeof(so));	/* every line */
		if (ctxpack_suggest(c, &so, &l->sug) != CTXPACK_OK)
			l->sug = NULL;	/* then lint proposes no line */
	}
	if ((rs = calloc(c->rules->n + 1, sizeof(*rs))) == NULL ||
	    walk_stats(c, rs, l, 1, &ee, &eb) < 0) {
		emit(l, "error", CTXPACK_LINT_ERROR, NULL, 0, 0, NULL, NULL,
		    "%s", ctxpack_ctx_error(c) ? ctxpack_ctx_error(c)->msg :
		    "out of memory");
		free(rs);
		ctxpack_suggestions_free(l->sug);
		l->sug = NULL;
		return CTXPACK_FATAL;
	}
	ctxpack_suggestions_free(l->sug);
	l->sug = NULL;
	for (i = 0; i < c->rules->n; i++)
		rule_findings(l, &c->rules->pat[i], &rs[i]);
	free(rs);
	/* a file Docker reads too: does it mean the same to Docker? */
	if (c->bh_ignore_kind == BH_IGN_OPTION || (c->ignore_rel != NULL &&
	    strlen(c->ignore_rel) >= 13 && strcmp(c->ignore_rel +
	    strlen(c->ignore_rel) - 13, ".dockerignore") == 0))
		bh_docker_differs(l, c, dir);
	return CTXPACK_OK;
}

int
ctxpack_lint(const char *dir, const struct ctxpack_opts *opts,
    ctxpack_lint_fn *cb, void *arg)
{
	struct ctxpack_opts o, oc;
	struct ctxpack_ctx *c = NULL, *cc = NULL;
	struct lint l = { cb, arg, 0, 0, NULL };
	struct rstat *rs = NULL;
	uint64_t ee = 0, eb = 0;
	char fix[4200];
	size_t i;
	int rc;

	if (opts != NULL)
		o = *opts;
	else
		memset(&o, 0, sizeof(o));

	o.diag = NULL;
	rc = lint_build_open(dir, &o, &c, l.cb, l.arg);	/* lintbuild.c */
	if (rc != CTXPACK_OK) {
		const struct ctxpack_diag *d = c ? ctxpack_ctx_error(c) : NULL;

		if (d != NULL && d->line > 0) {
			/* every bad line of the ignore file, each at its byte */
			const struct ctxpack_rules *r = ctxpack_ctx_rules(c);
			size_t k, n = r ? ctxpack_rules_error_count(r) : 0;

			if (n == 0)
				emit(&l, "syntax", CTXPACK_LINT_ERROR, d->file,
				    d->line, d->col, NULL, NULL, "%s", d->msg);
			for (k = 0; k < n; k++) {
				d = ctxpack_rules_error_at(r, k);
				emit(&l, "syntax", CTXPACK_LINT_ERROR, d->file,
				    d->line, d->col, NULL, NULL, "%s", d->msg);
			}
			ctxpack_ctx_free(c);
			return CTXPACK_OK;
		}
		emit(&l, "error", CTXPACK_LINT_ERROR, d ? d->file : NULL, 0, 0,
		    NULL, NULL, "%s", d ? d->msg : "out of memory");
		ctxpack_ctx_free(c);
		return CTXPACK_FATAL;
	}
	if (c->opts.builder == CTXPACK_BUILDAH) {
		l.bh = 1;
		rc = lint_bh(&l, c, dir);
		ctxpack_ctx_free(c);
		return rc;
	}
	if (c->ignore_outside) {
		/* never echo a file from outside the context (CI logs) */
		emit(&l, "ignore-outside", CTXPACK_LINT_WARNING, c->ignore_path,
		    0, 0, NULL, NULL, "the ignore file is a symbolic link to a "
		    "file outside the context, which the classic builder reads "
		    "(BuildKit does not: it looks the link up inside the "
		    "context); its lines are not shown here");
		goto done;
	}
	if (c->ignore_read != NULL)
		emit(&l, "ignore-link", CTXPACK_LINT_INFO, c->ignore_path, 0, 0,
		    NULL, NULL, "the ignore file is a symbolic link; its rules "
		    "are read from %s%s", c->ignore_read,
		    c->opts.builder == CTXPACK_BUILDKIT ? " (BuildKit looks "
		    "links up inside the context)" : "");
	if (c->ignore_unhonoured)
		emit(&l, "ignore-link", CTXPACK_LINT_WARNING, ".dockerignore", 0,
		    0, NULL, NULL, "the ignore file is a symbolic link whose "
		    "target is not in the context: BuildKit reads no ignore "
		    "file (it looks links up inside the context), the classic "
		    "builder follows the link");
	if (c->ignore_dir && c->ignore_path == NULL)
		emit(&l, "ignore-dir", CTXPACK_LINT_WARNING, ".dockerignore", 0,
		    0, NULL, NULL, "the ignore file is a directory: BuildKit "
		    "reads no ignore file, the classic builder fails on it");
	if (c->ignore_text != NULL)
		line_checks(&l, c->ignore_path, c->ignore_text, c->ignore_len);
	per_dockerfile(&l, c);
	if (c->opts.syntax == CTXPACK_SYNTAX_DOCKER) {
		struct ctxpack_suggest_opts so;

		memset(&so, 0, sizeof(so));	/* every line */
		if (ctxpack_suggest(c, &so, &l.sug) != CTXPACK_OK)
			l.sug = NULL;	/* then lint proposes no line */
	}
	if ((rs = calloc(c->rules->n + 1, sizeof(*rs))) == NULL ||
	    walk_stats(c, rs, &l, 1, &ee, &eb) < 0)
		goto fatal;
	/* the classic builder's reach, with the same ignore file */
	oc = o;
	oc.builder = CTXPACK_CLASSIC;
	if (o.builder != CTXPACK_CLASSIC && ctxpack_ctx_open(dir, &oc, &cc) ==
	    CTXPACK_OK && (c->ignore_path == NULL) == (cc->ignore_path == NULL) &&
	    (c->ignore_path == NULL || strcmp(c->ignore_path,
	    cc->ignore_path) == 0)) {
		struct rstat *rc2 = calloc(cc->rules->n + 1, sizeof(*rc2));

		if (rc2 != NULL && walk_stats(cc, rc2, &l, 0, NULL, NULL) == 0)
			for (i = 0; i < c->rules->n && i < cc->rules->n; i++)
				rs[i].dropped = rc2[i].dropped;
		free(rc2);
	}
	ctxpack_ctx_free(cc);
	for (i = 0; i < c->rules->n; i++) {
		const struct pattern *p = &c->rules->pat[i];

		if (p->line == 0)
			continue;	/* build-file rules of our own */
		rule_findings(&l, p, &rs[i]);
		if (p->exception && rs[i].dropped > 0)
			emit(&l, "classic-drops", CTXPACK_LINT_WARNING, p->source,
			    p->line, p->col, NULL, NULL, "the classic builder "
			    "drops %llu %s this exception re-includes: it "
			    "only enters an excluded directory when an "
			    "exception starts with its path; BuildKit "
			    "sends %s", (unsigned long long)rs[i].dropped,
			    PLURAL(rs[i].dropped, "path", "paths"),
			    PLURAL(rs[i].dropped, "it", "them"));
		if (p->exception && bk_wildcard(p) && ee > 0)
			emit(&l, "buildkit-walks-all", CTXPACK_LINT_WARNING,
			    p->source, p->line, p->col, NULL, NULL, "a wildcard "
			    "exception makes BuildKit walk every excluded "
			    "directory: %llu excluded %s, %llu %s "
			    "here; ctxpack enters only where it can match",
			    (unsigned long long)ee, PLURAL(ee, "entry", "entries"),
			    (unsigned long long)eb, PLURAL(eb, "byte", "bytes"));
	}
	/* moby#40090: the classic CLI misses an excluded Dockerfile */
	oc = o;
	oc.builder = CTXPACK_CLASSIC;
	if (ctxpack_ctx_open(dir, &oc, &cc) == CTXPACK_OK &&
	    cc->df_lost_rule >= 0 && !cc->ignore_outside &&
	    (size_t)cc->df_lost_rule < cc->rules->n) {
		const struct pattern *p = &cc->rules->pat[cc->df_lost_rule];

		emit(&l, "buildfile-excluded", CTXPACK_LINT_ERROR, p->source,
		    p->line, p->col, cc->dockerfile_rel,
		    line_for(&l, fix, sizeof(fix), "!", cc->dockerfile_rel),
		    "\"%s\" excludes "
		    "the Dockerfile %s in a way the classic docker CLI does not "
		    "notice (moby#40090): it sends no Dockerfile and the build "
		    "fails", p->text, cc->dockerfile_rel);
	}
	ctxpack_ctx_free(cc);
	free(rs);
done:
	ctxpack_suggestions_free(l.sug);
	ctxpack_ctx_free(c);
	return CTXPACK_OK;
fatal:
	emit(&l, "error", CTXPACK_LINT_ERROR, NULL, 0, 0, NULL, NULL, "%s",
	    ctxpack_ctx_error(c) ? ctxpack_ctx_error(c)->msg : "out of memory");
	ctxpack_suggestions_free(l.sug);
	free(rs);
	ctxpack_ctx_free(c);
	return CTXPACK_FATAL;
}
