/*
 * lintbuild.c: lint findings about what the Dockerfile reads (build.c
 * knows the build): a Dockerfile that does not parse or evaluate
 * (dockerfile), COPY, ADD and bind sources the ignore file keeps out
 * (copy-ignored) or the tree does not have (copy-missing), and secrets a
 * build reads (secret-copied, in place of lint.c's secret).
 *
 * One full walk, only when some read names a path: per read, each of its
 * top matches (the source itself, or each path a wildcard matches) is
 * present when it or something below it is sent, and each file it reads
 * is lost when it is not sent.  Which failures are fatal follows the
 * builders: a literal source that is not there fails both; BuildKit
 * (fsutil's copy with AllowEmptyWildcard) copies nothing for a wildcard
 * that matches nothing, but fails when the wildcard's directory is not in
 * what it transferred (FollowPaths sends a directory only for something
 * below it, so lstat fails, moby/buildkit#2933); the classic builder fails
 * an instruction none of whose sources matches anything ("no source files
 * were specified").
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ctxpack_int.h"
#include "dfint.h"

#define MAX_KEPT	100	/* paths per read a suggested line is checked on */
#define RULE_UNKNOWN	(-2L)	/* an ancestor's: a cut (classic), git's */

struct kept {
	char	*path;
	int	 isdir;
};

/* Files a read loses to some rules: how many, the first, its rule. */
struct loss {
	uint64_t	 n;
	char		*first;
	long		 rule;
	int		 one;		/* every one of them is RULE's */
};

/* One read of the context and what the walk found of it. */
struct bread {
	const struct df_read	*r;
	size_t			 dfi;		/* its index among df_read()s */
	int			 literal;	/* one path, no wildcard */
	char			*src;		/* literal: that path */
	char			*base;		/* wildcard: its literal directory */
	size_t			 baselen;
	int			 base_sent;	/* BuildKit transfers the base */
	char			*top;		/* the match being walked, or NULL */
	size_t			 toplen;
	int			 top_isdir;
	int			 top_present;
	long			 top_rule;
	uint64_t		 ntop, nabsent, nfiles;
	char			*absent;	/* first match not in the context */
	long			 absent_rule;
	int			 absent_one;	/* every absent match: that rule */
	int			 deleted;	/* a match the daemon deletes */
	struct loss		 spec;		/* files rules about it drop */
	struct loss		 gen;		/* files rules of the whole tree
						   drop (**\/node_modules) */
	struct kept		 kept[MAX_KEPT];
	size_t			 nkept;
};

struct lint {
	struct ctxpack_ctx	*c;
	ctxpack_lint_fn		*cb;
	void			*arg;
	char			*dfname;	/* the Dockerfile, as shown */
	char			 where[4200];	/* a .gitignore, as shown */
	struct gone {
		const char	*path;
		long		 rule;
	}			 gone[2];	/* classic: build files the
						   daemon deletes */
	size_t			 ngone;
};

static void
emit(struct lint *l, const char *code, enum ctxpack_lint_level level,
    const char *file, unsigned line, unsigned col, const char *path,
    const char *fix, const char *fmt, ...) __attribute__((format(printf, 9, 10)));

static void
emit(struct lint *l, const char *code, enum ctxpack_lint_level level,
    const char *file, unsigned line, unsigned col, const char *path,
    const char *fix, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lint_vfinding(l->cb, l->arg, code, level, file, line, col, path, fix,
	    fmt, ap);
	va_end(ap);
}

/*
 * The Dockerfile's name as the user can find it: -f as given (relative to
 * the current directory), else DIR/NAME as lint shows the ignore file.
 */
static char *
df_shown(const struct ctxpack_ctx *c)
{
	const char *d = c->dir, *n = c->dockerfile_rel;
	size_t dl;
	char *s;

	if (c->opts.dockerfile != NULL)
		return strdup(c->opts.dockerfile);
	if (n == NULL)
		n = "Dockerfile";
	dl = strlen(d);
	while (dl > 1 && d[dl - 1] == '/')
		dl--;
	if (dl == 0 || (dl == 1 && d[0] == '.'))
		return strdup(n);
	if ((s = malloc(dl + strlen(n) + 2)) == NULL)
		return NULL;
	snprintf(s, dl + strlen(n) + 2, "%.*s/%s", (int)dl, d, n);
	return s;
}

/* Is P (len PL) B itself or below it? */
static int
at_or_below(const char *p, size_t pl, const char *b, size_t bl)
{
	if (bl == 0)
		return 1;
	return pl >= bl && memcmp(p, b, bl) == 0 && (pl == bl || p[bl] == '/');
}

static const char *
kind_name(const struct df_read *r)
{
	if (r->kind == DF_KIND_BIND)
		return r->onbuild ? "ONBUILD RUN --mount=type=bind" :
		    "RUN --mount=type=bind";
	if (r->kind == DF_KIND_ADD)
		return r->onbuild ? "ONBUILD ADD" : "ADD";
	return r->onbuild ? "ONBUILD COPY" : "COPY";
}

/* ` "SRC"` or ` "SRC" (EXPANDED)` when a variable was expanded. */
static const char *
source_text(char *buf, size_t sz, const struct df_read *r)
{
	const char *e = r->expanded ? r->expanded : r->source;

	if (*e == '\0')
		snprintf(buf, sz, "\"/\" (the default)");
	else if (strcmp(e, r->source) != 0)
		snprintf(buf, sz, "\"%s\" (%s)", r->source, e);
	else
		snprintf(buf, sz, "\"%s\"", e);
	return buf;
}

static unsigned
instr_col(const struct ctxpack_ctx *c, const struct df_read *r)
{
	const struct df_instr *in = df_instr(c->df, r->instr);

	return in != NULL && in->col > 0 ? in->col : 1;
}

/* ------------------------------------------------------------- judging */

/*
 * Does the builder's walk send PATH under the ignore rules R, pruning as
 * the walk prunes (and git's rules of the context, if any, on top)?  1
 * yes, 0 no, -1 a match limit.
 */
static int
walk_sends(const struct ctxpack_ctx *c, const struct ctxpack_rules *r,
    const char *path, size_t len, int isdir)
{
	size_t nw = rules_nwords(r) ? rules_nwords(r) : 1, k;
	flagword *a, *b, *t;
	long rule = -1, why, grule;
	int v = 0, first = 1, neg;

	if ((a = calloc(nw, sizeof(*a))) == NULL ||
	    (b = calloc(nw, sizeof(*b))) == NULL) {
		free(a);
		return -1;
	}
	for (k = 0; k <= len; k++) {
		if (k < len && path[k] != '/')
			continue;
		if ((v = rules_step(r, path, k, first ? NULL : a, b, &rule)) < 0)
			break;
		first = 0;
		if (k < len && v == 1 && !(c->opts.builder == CTXPACK_BUILDKIT ?
		    rules_could_include_below(r, path, k, rule, &why) :
		    (r->has_exception && rules_classic_descend(r, path, k)))) {
			v = 1;
			break;
		}
		t = a;
		a = b;
		b = t;
	}
	free(a);
	free(b);
	if (v != 0)
		return v < 0 ? -1 : 0;
	if (c->rules->gi != NULL && gi_match(c->rules->gi, path, len, isdir,
	    -1, &grule, &neg))
		return 0;
	return 1;
}

/* "!" and a wildcard path as written, when a line can hold it; to free. */
static char *
wild_line(const char *p)
{
	size_t i, n = strlen(p);
	char *line;

	if (n == 0 || !go_valid_utf8(p, n) || p[0] == '#' || p[0] == ' ' ||
	    p[0] == '\t' || p[n - 1] == ' ' || p[n - 1] == '\t')
		return NULL;
	for (i = 0; i < n; i++)
		if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f)
			return NULL;
	if ((line = malloc(n + 2)) != NULL)
		snprintf(line, n + 2, "!%s", p);
	return line;
}

/* LINE, a slash and two stars: what lies below its path; to free. */
static char *
below_line(const char *line)
{
	size_t n = strlen(line);
	char *s;

	if ((s = malloc(n + 4)) != NULL)
		snprintf(s, n + 4, "%s/**", line);
	return s;
}

/* Does LINE, added to the ignore file, bring back every path kept? */
static int
fix_works(const struct ctxpack_ctx *c, const struct bread *b,
    const char *text, size_t len, const char *line)
{
	struct ctxpack_rules *r;
	struct sbuf s = { NULL, 0, 0, 0 };
	size_t i;
	int ok = 1;

	sbuf_put(&s, text, len);
	if (len > 0 && text[len - 1] != '\n')
		sbuf_putc(&s, '\n');
	sbuf_put(&s, line, strlen(line));
	sbuf_putc(&s, '\n');
	if (s.oom || (r = ctxpack_rules_new()) == NULL) {
		sbuf_free(&s);
		return 0;
	}
	if (ctxpack_rules_parse(r, c->ignore_path ? c->ignore_path :
	    "(patterns)", s.s, s.len) != CTXPACK_OK)
		ok = 0;
	for (i = 0; ok && i < b->nkept; i++) {
		const char *p = b->kept[i].path;
		struct ctxpack_match m;

		if (walk_sends(c, r, p, strlen(p), b->kept[i].isdir) != 1)
			ok = 0;
		/* nor may the classic daemon delete it */
		else if (b->deleted && (ctxpack_rules_match(r, p, strlen(p),
		    &m) != CTXPACK_OK || m.excluded))
			ok = 0;
	}
	ctxpack_rules_free(r);
	sbuf_free(&s);
	return ok;
}

/*
 * The line to add to the ignore file that brings back what the read
 * loses: `!path` for the one path lost, else that with a slash and two
 * stars for what lies below it (an exception matching a directory that
 * was not excluded re-includes nothing below it: patternmatcher never
 * tries it there), else the same for the wildcard; each is checked on
 * the paths it has to bring back (the first MAX_KEPT) by reading the
 * file again with it.  NULL if none works.
 */
static char *
fix_line(const struct ctxpack_ctx *c, const struct bread *b)
{
	const char *text = c->ignore_text ? c->ignore_text :
	    c->opts.ignore_text;
	size_t len = c->ignore_text ? c->ignore_len : c->opts.ignore_len, i;
	char *cand[4] = { NULL, NULL, NULL, NULL }, *fix = NULL;
	const char *one;

	if (text == NULL || c->opts.syntax != CTXPACK_SYNTAX_DOCKER ||
	    c->ignore_outside || b->nkept == 0)
		return NULL;
	one = b->literal ? b->src : b->nabsent == 1 ? b->absent : NULL;
	if (one != NULL && (cand[0] = pattern_line("!", one, strlen(one))) !=
	    NULL)
		cand[1] = below_line(cand[0]);
	if (!b->literal && b->r->pattern == NULL &&
	    (cand[2] = wild_line(b->r->path)) != NULL)
		cand[3] = below_line(cand[2]);
	for (i = 0; i < 4 && fix == NULL; i++)
		if (cand[i] != NULL && fix_works(c, b, text, len, cand[i]))
			fix = cand[i];
	for (i = 0; i < 4; i++)
		if (cand[i] != fix)
			free(cand[i]);
	return fix;
}

/* The rule that keeps PATH out (a cut ancestor's for the classic walk). */
static long
deciding_rule(struct ctxpack_ctx *c, const char *path, long rule)
{
	struct ctxpack_why w;

	if (rule != RULE_UNKNOWN)
		return rule;
	if (ctxpack_why(c, path, strlen(path), &w, NULL, NULL) != CTXPACK_OK)
		return -1;
	return w.rule;
}

/*
 * Where rule REF is: its file (a tree's .gitignore named as lint names
 * the ignore file: below DIR), line and column; its text.
 */
static const char *
rule_where(struct lint *l, long ref, const char **file, unsigned *line,
    unsigned *col)
{
	const struct ctxpack_ctx *c = l->c;
	struct ctxpack_rule_info ri;
	size_t dl = strlen(c->dir);

	*file = c->ignore_path;
	*line = *col = 0;
	if (ref < 0 || ctxpack_rules_get(c->rules, ref, &ri) != CTXPACK_OK)
		return NULL;
	*file = ri.source;
	if (ri.kind == CTXPACK_RULE_GIT && (c->ignore_path == NULL ||
	    strcmp(ri.source, c->ignore_path) != 0) && !(dl == 1 &&
	    c->dir[0] == '.')) {
		while (dl > 1 && c->dir[dl - 1] == '/')
			dl--;
		snprintf(l->where, sizeof(l->where), "%.*s/%s", (int)dl, c->dir,
		    ri.source);
		*file = l->where;
	}
	*line = ri.line;
	if (ri.line > 0)
		*col = ri.kind == CTXPACK_RULE_DOCKER &&
		    (size_t)ref < c->rules->n ? c->rules->pat[ref].col : 1;
	return ri.text;
}

/* -------------------------------------------------------------- walking */

static int
keep(struct bread *b, const char *path, int isdir)
{
	if (b->nkept == MAX_KEPT)
		return 0;
	if ((b->kept[b->nkept].path = strdup(path)) == NULL)
		return -1;
	b->kept[b->nkept++].isdir = isdir;
	return 0;
}

static int
finish_top(struct bread *b)
{
	int rc = 0;

	if (b->top == NULL)
		return 0;
	if (!b->top_present) {
		rc = keep(b, b->top, b->top_isdir);
		if (b->nabsent++ == 0) {
			b->absent = b->top;
			b->absent_rule = b->top_rule;
			b->absent_one = b->top_rule != RULE_UNKNOWN;
			b->top = NULL;
		} else if (b->top_rule != b->absent_rule)
			b->absent_one = 0;
	}
	free(b->top);
	b->top = NULL;
	return rc;
}

/*
 * Is rule REF about the read's own paths (its literal leading part lies
 * at or below SCOPE: "docs/old" or "docs/a*.md" for COPY docs), not one
 * for the whole tree ("**\/__pycache__", "*.log" for COPY src)?  A rule
 * not known here (a cut ancestor's) counts as the read's own; git's
 * rules are the whole tree's.
 */
static int
rule_is_own(const struct ctxpack_ctx *c, long ref, const char *scope)
{
	const struct pattern *p;
	size_t i, start = 0, cut;

	if (ref == RULE_UNKNOWN)
		return 1;
	if (ref < 0 || (size_t)ref >= c->rules->n)
		return 0;	/* git's: a rule without '/' applies anywhere */
	p = &c->rules->pat[ref];
	for (cut = p->len, i = 0; i <= p->len; i++) {
		if (i < p->len && p->text[i] != '/')
			continue;
		if (strcspn(p->text + start, "*?[\\") < i - start) {
			cut = start > 0 ? start - 1 : 0;
			break;
		}
		start = i + 1;
	}
	return at_or_below(p->text, cut, scope, strlen(scope));
}

static int
lose(struct loss *ls, const struct ctxpack_entry *e, long rule)
{
	if (ls->n++ == 0) {
		if ((ls->first = strdup(e->path)) == NULL)
			return -1;
		ls->rule = rule;
		ls->one = 1;
	} else if (rule != ls->rule)
		ls->one = 0;
	return 0;
}

static int
account(const struct ctxpack_ctx *c, struct bread *b,
    const struct ctxpack_entry *e, int isdir, int sent, long rule)
{
	int own;

	if (sent)
		b->top_present = 1;
	if (isdir)
		return 0;
	b->nfiles++;
	if (sent)
		return 0;
	own = rule_is_own(c, rule, b->literal ? b->src : b->base ? b->base :
	    "");
	if (lose(own ? &b->spec : &b->gen, e, rule) < 0)
		return -1;
	return keep(b, e->path, 0);
}

/* One walk of the tree for every read that names paths. */
static int
walk_reads(struct lint *l, struct bread *br, size_t n)
{
	struct ctxpack_ctx *c = l->c;
	struct ctxpack_walk *w;
	const struct ctxpack_entry *e;
	size_t i;
	int rc, fail = 0;

	if (ctxpack_walk_new(c, CTXPACK_WALK_ALL, &w) != CTXPACK_OK) {
		ctxpack_walk_free(w);
		return -1;
	}
	while (!fail && (rc = ctxpack_walk_next(w, &e)) == CTXPACK_OK) {
		int isdir = e->type == CTXPACK_T_DIR, used = -2, sent = e->sent;
		int gone = 0;
		long rule = e->excluded && e->rule >= 0 ? e->rule :
		    RULE_UNKNOWN;

		if (e->repeat)
			continue;
		for (i = 0; i < l->ngone; i++)
			if (strcmp(e->path, l->gone[i].path) == 0) {
				sent = 0;
				rule = l->gone[i].rule;
				gone = 1;
			}
		for (i = 0; i < n && !fail; i++) {
			struct bread *b = &br[i];
			int v;

			if (b->base != NULL && !b->base_sent && sent &&
			    at_or_below(e->path, e->pathlen, b->base,
			    b->baselen)) {
				if (used == -2)
					used = ctx_used(c, e->path, e->pathlen,
					    isdir);
				b->base_sent = used == CTXPACK_READ_YES;
			}
			if (b->top != NULL && !at_or_below(e->path, e->pathlen,
			    b->top, b->toplen) && finish_top(b) < 0)
				fail = 1;
			v = df_read_match(c->build, b->dfi, e->path, e->pathlen,
			    isdir);
			if (v < 0)
				fail = 1;
			if (fail || v != DF_READ)
				continue;
			if (b->top == NULL) {
				if ((b->top = strdup(e->path)) == NULL) {
					fail = 1;
					continue;
				}
				b->toplen = e->pathlen;
				b->top_isdir = isdir;
				b->top_present = 0;
				b->top_rule = rule;
				b->ntop++;
			}
			b->deleted |= gone;
			if (account(c, b, e, isdir, sent, rule) < 0)
				fail = 1;
		}
	}
	for (i = 0; i < n && !fail; i++)
		if (finish_top(&br[i]) < 0)
			fail = 1;
	if (rc == CTXPACK_FATAL)
		fail = 1;
	ctxpack_walk_free(w);
	return fail ? -1 : 0;
}

/* ------------------------------------------------------------ verdicts */

/*
 * Is there more at PATH than a walk shows?  1 when a component of it is
 * a symbolic link (the builders follow it; ISBASE: the last one too) or,
 * unless ISBASE, when PATH exists all the same (an unreadable directory on
 * the way).
 */
static int
unseen(const struct ctxpack_ctx *c, const char *path, size_t len,
    int isbase)
{
	char buf[4096];
	struct stat st;
	size_t k;

	if (len == 0 || len >= sizeof(buf))
		return len > 0;
	memcpy(buf, path, len);
	buf[len] = '\0';
	for (k = 1; k <= len; k++) {
		if (k < len && buf[k] != '/')
			continue;
		buf[k] = '\0';
		if (fstatat(c->dirfd, buf, &st, AT_SYMLINK_NOFOLLOW) < 0)
			return errno != ENOENT && errno != ENOTDIR;
		if (S_ISLNK(st.st_mode) && (k < len || isbase))
			return 1;
		if (k < len)
			buf[k] = '/';
	}
	return !isbase;
}

/* The classic builder: no source of the read's instruction copies a thing. */
static int
classic_instr_empty(const struct ctxpack_ctx *c, const struct bread *br,
    size_t n, const struct bread *b)
{
	const struct df_instr *in = df_instr(c->df, b->r->instr);
	size_t i, k, nr = df_nreads(c->build);

	if (in == NULL || in->nheredocs > 0 ||
	    (in->sub != NULL && in->sub->nheredocs > 0))
		return 0;
	for (k = 0; k < nr; k++) {
		const struct df_read *r = df_read(c->build, k);

		if (r->instr != b->r->instr || r->stage != b->r->stage)
			continue;
		if (r->origin != DF_FROM_CONTEXT || r->whole)
			return 0;
		for (i = 0; i < n; i++)
			if (br[i].dfi == k && br[i].ntop > br[i].nabsent)
				return 0;
	}
	return 1;
}

/* Why BuildKit fails a wildcard whose directory it did not transfer. */
static const char *
base_why(char *buf, size_t sz, const struct ctxpack_ctx *c,
    const struct bread *b)
{
	struct stat st;

	if (fstatat(c->dirfd, b->base, &st, AT_SYMLINK_NOFOLLOW) == 0)
		snprintf(buf, sz, "lstat %s: BuildKit sends the directory "
		    "only for what matches in it", b->base);
	else
		snprintf(buf, sz, "lstat %s: no such directory", b->base);
	return buf;
}

/* `"RULE" excludes`, `"RULE" and other rules exclude`, ... into buf. */
static const char *
subject(char *buf, size_t sz, const char *text, int others)
{
	if (text == NULL)
		snprintf(buf, sz, "the ignore file excludes");
	else
		snprintf(buf, sz, "\"%s\"%s", text, others ?
		    " and other rules exclude" : " excludes");
	return buf;
}

static void
report_read(struct lint *l, const struct bread *br, size_t n,
    const struct bread *b)
{
	struct ctxpack_ctx *c = l->c;
	const struct df_read *r = b->r;
	const char *kind = kind_name(r), *file, *text;
	char src[1200], how[700], who[1200], count[64], bw[600], more[80];
	const struct loss *lost;
	unsigned line, col;
	char *fix;

	if (b->ntop == 0) {
		if (b->literal) {
			if (unseen(c, b->src, strlen(b->src), 0))
				return;
			emit(l, "copy-missing", CTXPACK_LINT_ERROR, l->dfname,
			    r->line, instr_col(c, r), b->src, NULL, "%s source "
			    "%s matches nothing in the tree: the build fails "
			    "(not found)", kind, source_text(src, sizeof(src),
			    r));
			return;
		}
		if (b->base != NULL && unseen(c, b->base, b->baselen, 1))
			return;
		if (c->opts.builder == CTXPACK_CLASSIC) {
			if (classic_instr_empty(c, br, n, b))
				emit(l, "copy-missing", CTXPACK_LINT_ERROR,
				    l->dfname, r->line, instr_col(c, r), r->path,
				    NULL, "%s source %s matches nothing in the "
				    "tree, nor does any other source of the "
				    "instruction: the classic builder fails (\"no "
				    "source files were specified\")", kind,
				    source_text(src, sizeof(src), r));
		} else if (b->base != NULL && !b->base_sent)
			emit(l, "copy-missing", CTXPACK_LINT_ERROR, l->dfname,
			    r->line, instr_col(c, r), r->path, NULL, "%s source "
			    "%s matches nothing in the tree: the build fails "
			    "(%s)", kind, source_text(src, sizeof(src), r),
			    base_why(bw, sizeof(bw), c, b));
		return;
	}
	if (c->ignore_outside)
		return;		/* its lines are not shown */
	if (b->nabsent == b->ntop) {
		text = rule_where(l, deciding_rule(c, b->absent,
		    b->absent_rule), &file, &line, &col);
		subject(who, sizeof(who), text, b->nabsent > 1 &&
		    !b->absent_one);
		if (b->literal && b->deleted)
			snprintf(how, sizeof(how), "the build fails (not "
			    "found: the classic daemon deletes the build files "
			    "the .dockerignore it gets names)");
		else if (b->literal)
			snprintf(how, sizeof(how), "the build fails (not "
			    "found)");
		else if (c->opts.builder == CTXPACK_CLASSIC &&
		    classic_instr_empty(c, br, n, b))
			snprintf(how, sizeof(how), "the classic builder fails "
			    "(\"no source files were specified\")");
		else if (c->opts.builder == CTXPACK_BUILDKIT &&
		    b->base != NULL && !b->base_sent)
			snprintf(how, sizeof(how), "the build fails (%s)",
			    base_why(bw, sizeof(bw), c, b));
		else
			snprintf(how, sizeof(how), "it copies none of them");
		fix = fix_line(c, b);
		if (b->nabsent > 1)
			snprintf(count, sizeof(count), "%llu paths, first ",
			    (unsigned long long)b->nabsent);
		else
			count[0] = '\0';
		if (b->literal)
			emit(l, "copy-ignored", CTXPACK_LINT_ERROR, file, line,
			    col, b->src, fix, "%s %s, which %s at %s:%u reads: "
			    "%s", who, b->src, kind, l->dfname, r->line, how);
		else
			emit(l, "copy-ignored", CTXPACK_LINT_ERROR, file, line,
			    col, b->absent, fix, "%s every match of %s source %s "
			    "at %s:%u (%s%s): %s", who, kind, source_text(src,
			    sizeof(src), r), l->dfname, r->line, count, b->absent,
			    how);
		free(fix);
		return;
	}
	if (b->spec.n > 0)
		lost = &b->spec;
	else if (b->gen.n > 0)
		lost = &b->gen;
	else
		return;		/* at most empty directories are left out */
	text = rule_where(l, deciding_rule(c, lost->first, lost->rule), &file,
	    &line, &col);
	subject(who, sizeof(who), text, lost->n > 1 && !lost->one);
	if (lost == &b->spec) {
		if (b->gen.n > 0)
			snprintf(more, sizeof(more), ", and rules for the whole "
			    "tree %llu more", (unsigned long long)b->gen.n);
		else
			more[0] = '\0';
		/* an exception that brings back what rules of the whole
		   tree drop too would undo those */
		fix = b->gen.n == 0 ? fix_line(c, b) : NULL;
		emit(l, "copy-ignored", CTXPACK_LINT_WARNING, file, line, col,
		    lost->first, fix, "%s %llu of the %llu files %s source %s "
		    "at %s:%u reads (first %s%s): they are not copied", who,
		    (unsigned long long)lost->n, (unsigned long long)b->nfiles,
		    kind, source_text(src, sizeof(src), r), l->dfname, r->line,
		    lost->first, more);
		free(fix);
		return;
	}
	emit(l, "copy-ignored", CTXPACK_LINT_INFO, file, line, col,
	    lost->first, NULL, "%s, for the whole tree, %llu of the %llu files "
	    "%s source %s at %s:%u reads (first %s): they are not copied",
	    who, (unsigned long long)lost->n, (unsigned long long)b->nfiles,
	    kind, source_text(src, sizeof(src), r), l->dfname, r->line,
	    lost->first);
}

/*
 * A read that names paths of the context: not the whole of it, not a
 * guess (a variable the base image may set), not a bind mount of the
 * classic builder (which fails any RUN --mount).
 */
static int
counts(const struct ctxpack_ctx *c, const struct df_read *r)
{
	return r->origin == DF_FROM_CONTEXT && !r->whole && !r->uncertain &&
	    !(r->kind == DF_KIND_BIND && c->opts.builder == CTXPACK_CLASSIC);
}

/* Set up the reads that name paths; 0 when none does. */
static size_t
collect(const struct ctxpack_ctx *c, struct bread **brp)
{
	size_t nr = df_nreads(c->build), k, n = 0, i;
	struct bread *br;

	*brp = NULL;
	for (k = 0; k < nr; k++) {
		const struct df_read *r = df_read(c->build, k);

		n += counts(c, r);
	}
	if (n == 0 || (br = calloc(n, sizeof(*br))) == NULL)
		return 0;
	for (i = 0, k = 0; k < nr; k++) {
		const struct df_read *r = df_read(c->build, k);
		const char *p = r->path;
		struct bread *b;
		size_t j, start, cut = 0;

		if (!counts(c, r))
			continue;
		b = &br[i++];
		b->r = r;
		b->dfi = k;
		b->literal = !r->wildcard && (r->pattern == NULL ||
		    !df_has_wildcards(r->pattern, strlen(r->pattern)));
		if (b->literal) {
			/* --parents: the pattern below the pivot */
			if (r->pattern != NULL && p[0] != '\0') {
				size_t l1 = strlen(p), l2 = strlen(r->pattern);

				if ((b->src = malloc(l1 + l2 + 2)) != NULL)
					snprintf(b->src, l1 + l2 + 2, "%s/%s", p,
					    r->pattern);
			} else
				b->src = strdup(r->pattern != NULL ?
				    r->pattern : p);
			if (b->src == NULL)
				b->src = strdup("");	/* never matched */
			continue;
		}
		/* the directory the wildcard (or --parents) starts from */
		if (r->pattern != NULL)
			cut = strlen(p);
		else
			for (start = 0, j = 0;; j++) {
				if (p[j] != '/' && p[j] != '\0')
					continue;
				if (df_has_wildcards(p + start, j - start)) {
					cut = start > 0 ? start - 1 : 0;
					break;
				}
				if (p[j] == '\0')
					break;
				start = j + 1;
			}
		if (cut > 0 && (b->base = strndup(p, cut)) != NULL)
			b->baselen = cut;
	}
	*brp = br;
	return n;
}

static void
free_reads(struct bread *br, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		free(br[i].src);
		free(br[i].base);
		free(br[i].top);
		free(br[i].absent);
		free(br[i].spec.first);
		free(br[i].gen.first);
		for (k = 0; k < br[i].nkept; k++)
			free(br[i].kept[k].path);
	}
	free(br);
}

/* The Dockerfile's own problems; 1 when it has no build to check. */
static int
dockerfile_checks(struct lint *l, const struct ctxpack_opts *o)
{
	struct ctxpack_ctx *c = l->c;
	const struct ctxpack_diag *d = NULL;
	struct df_build *b = NULL;
	struct df_buildarg *args = NULL;
	struct df_opts dfo;
	const char *syn;
	size_t i;
	int custom = 0;

	if (c->df == NULL)
		return 1;
	if ((d = df_error(c->df)) == NULL && c->build == NULL) {
		/* evaluate again for the reason ctx_load_build dropped */
		memset(&dfo, 0, sizeof(dfo));
		dfo.target = o->target;
		dfo.builder = o->builder;
		if (o->nbuild_args > 0 && (args = calloc(o->nbuild_args,
		    sizeof(*args))) == NULL)
			return 1;
		for (i = 0; i < o->nbuild_args; i++) {
			args[i].name = o->build_args[i].name;
			args[i].value = o->build_args[i].value;
		}
		dfo.args = args;
		dfo.nargs = o->nbuild_args;
		b = df_eval(c->df, &dfo, NULL, NULL);
		free(args);
		d = b != NULL ? df_build_error(b) : NULL;
	}
	if (d != NULL)
		emit(l, "dockerfile", CTXPACK_LINT_ERROR, l->dfname, d->line,
		    d->line > 0 ? (d->col > 0 ? d->col : 1) : 0, NULL, NULL,
		    "%s; what the build reads is not checked", d->msg);
	df_build_free(b);
	if (c->build == NULL)
		return 1;
	if ((syn = df_syntax(c->df, &custom)) != NULL && custom)
		emit(l, "dockerfile", CTXPACK_LINT_INFO, l->dfname, 1, 1, NULL,
		    NULL, "the Dockerfile asks for the frontend %s: its reads "
		    "are checked as Dockerfile syntax", syn);
	return 0;
}

/*
 * The classic daemon deletes .dockerignore and the Dockerfile from the
 * context it got when the .dockerignore in it matches them
 * (MatchesOrParentMatches, moby's remotecontext/detect.go), whatever the
 * CLI re-added (R26): so a COPY of them fails.
 */
static void
daemon_deletes(struct lint *l)
{
	struct ctxpack_ctx *c = l->c;
	struct ctxpack_rules *r;
	struct ctxpack_match m;
	const char *f[2], *text;
	size_t i, len;

	l->ngone = 0;
	if (c->opts.builder != CTXPACK_CLASSIC || c->ignore_rel == NULL ||
	    strcmp(c->ignore_rel, ".dockerignore") != 0 || c->ignore_link ||
	    c->ignore_text == NULL)
		return;
	text = c->ignore_rewrite ? c->ignore_rewrite : c->ignore_text;
	len = c->ignore_rewrite ? c->ignore_rewrite_len : c->ignore_len;
	if ((r = ctxpack_rules_new()) == NULL)
		return;
	f[0] = ".dockerignore";
	f[1] = c->outside_df == NULL ? c->dockerfile_rel : NULL;
	if (ctxpack_rules_parse(r, ".dockerignore", text, len) == CTXPACK_OK)
		for (i = 0; i < 2; i++)
			if (f[i] != NULL && ctxpack_rules_match(r, f[i],
			    strlen(f[i]), &m) == CTXPACK_OK && m.excluded) {
				l->gone[l->ngone].path = f[i];
				/* the same lines as the context's rules */
				l->gone[l->ngone++].rule = m.rule >= 0 &&
				    (size_t)m.rule < c->rules->n &&
				    c->rules->pat[m.rule].line > 0 ? m.rule : -1;
			}
	ctxpack_rules_free(r);
}

int
lint_build_open(const char *dir, struct ctxpack_opts *o,
    struct ctxpack_ctx **cp, ctxpack_lint_fn *cb, void *arg)
{
	struct lint l;
	struct bread *br;
	size_t n, i;
	int rc;

	/* a Dockerfile that does not read is a finding, not a failure */
	if (o->flags & CTXPACK_F_DOCKERFILE)
		o->flags = (o->flags & ~(unsigned)CTXPACK_F_DOCKERFILE) |
		    CTXPACK_F_DOCKERFILE_TRY;
	if ((rc = ctxpack_ctx_open(dir, o, cp)) != CTXPACK_OK ||
	    !(o->flags & (CTXPACK_F_DOCKERFILE_TRY | CTXPACK_F_USED)))
		return rc;
	l.c = *cp;
	l.cb = cb;
	l.arg = arg;
	if ((l.dfname = df_shown(l.c)) == NULL || dockerfile_checks(&l, o)) {
		free(l.dfname);
		return rc;
	}
	/*
	 * Not for buildah: its COPY has no context transfer, the copier
	 * starts at each source and judges by the patterns alone, not by
	 * the walk's descent (lint.c's copy-pruned says where that differs)
	 */
	if (l.c->opts.builder == CTXPACK_BUILDAH) {
		free(l.dfname);
		return rc;
	}
	daemon_deletes(&l);
	if ((n = collect(l.c, &br)) > 0 && walk_reads(&l, br, n) == 0)
		for (i = 0; i < n; i++)
			report_read(&l, br, n, &br[i]);
	free_reads(br, n);
	free(l.dfname);
	return rc;
}

/* ------------------------------------------------------------- secrets */

int
lint_build_secret(struct ctxpack_ctx *c, const struct ctxpack_entry *e,
    ctxpack_lint_fn *cb, void *arg)
{
	size_t nr, k, pl;
	const struct df_read *hit = NULL;
	const char *what = e->path;
	int isdir = e->type == CTXPACK_T_DIR;
	struct lint l;
	char src[1200];

	if (c->build == NULL || !ctx_is_secret(e->name, e->path, isdir))
		return 0;
	nr = df_nreads(c->build);
	for (k = 0; k < nr && hit == NULL; k++) {
		const struct df_read *r = df_read(c->build, k);
		int v;

		if (r->origin != DF_FROM_CONTEXT || (r->kind == DF_KIND_BIND &&
		    c->opts.builder == CTXPACK_CLASSIC))
			continue;
		v = df_read_match(c->build, k, e->path, e->pathlen, isdir);
		if (v == DF_READ)
			hit = r;
		/* a read of a path in a secret directory, if it is there */
		else if (v == DF_PARENT && isdir && !r->wildcard &&
		    r->pattern == NULL && (pl = strlen(r->path)) > e->pathlen &&
		    at_or_below(r->path, pl, e->path, e->pathlen) &&
		    walk_sends(c, c->rules, r->path, pl, 0) == 1) {
			struct stat st;

			if (fstatat(c->dirfd, r->path, &st,
			    AT_SYMLINK_NOFOLLOW) == 0) {
				hit = r;
				what = r->path;
			}
		}
	}
	if (hit == NULL)
		return 0;
	l.c = c;
	l.cb = cb;
	l.arg = arg;
	if ((l.dfname = df_shown(c)) == NULL)
		return 0;
	emit(&l, "secret-copied", CTXPACK_LINT_ERROR, l.dfname, hit->line,
	    instr_col(c, hit), e->path, NULL, "%s%s looks like a secret and %s "
	    "source %s reads %s into the build: exclude it in %s and narrow "
	    "the %s, or pass it as a build secret (RUN --mount=type=secret)",
	    e->path, isdir ? "/" : "", kind_name(hit), source_text(src,
	    sizeof(src), hit), what == e->path ? "it" : what,
	    c->ignore_path ? c->ignore_path : ".dockerignore",
	    hit->kind == DF_KIND_BIND ? "mount" : hit->kind == DF_KIND_ADD ?
	    "ADD" : "COPY");
	free(l.dfname);
	return 1;
}
