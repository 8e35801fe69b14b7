/*
 * explain.c: why a path is in or out.  Walks the path's ancestors from
 * the top with parent results (R17), as both Docker builders do, applies
 * the builder's descent rule at each excluded ancestor (the classic
 * builder's literal-prefix rule can cut a path off, R21), and also gives
 * the plain "is it ignored?" answer (R15) so the two can be compared.
 * buildah judges each level alone (B9) and cuts at an excluded directory
 * no exception's text starts with (B10).
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctxpack_int.h"

struct tctx {
	ctxpack_why_trace_fn	*fn;
	void			*arg;
	const char		*path;
	size_t			 len;
};

static void
relay(void *arg, size_t rule, int inherited, int m)
{
	struct tctx *t = arg;

	t->fn(t->path, t->len, (long)rule, inherited, m, t->arg);
}

/* --gitignore: the .gitignore of the root and of each ancestor of PATH. */
static void
load_gitignores(struct ctxpack_ctx *c, const char *path, size_t len)
{
	size_t k;
	int fd;

	for (k = 0; k < len; k++) {
		if (k > 0 && path[k] != '/')
			continue;
		if ((fd = ctx_open_dir(c, path, k)) < 0)
			break;
		(void)ctx_load_gitignore(c, fd, path, k);
		close(fd);
	}
}

/*
 * The context-relative form of a path given to why: an absolute path
 * must lie in the context (its real path or the path it was opened by),
 * "a/../b" and "./" are cleaned; a path that leaves the context is an
 * error.  *isdir is 1 for a trailing '/' or a directory in the tree.
 * The result lives in c->why_path.
 */
static int
why_path(struct ctxpack_ctx *c, const char *path, size_t len, size_t *outlen,
    int *isdir)
{
	char *buf, *rel;
	size_t n, rl, k;
	struct stat st;

	*isdir = len > 0 && path[len - 1] == '/';
	if ((buf = malloc(len + 2)) == NULL)
		return ctx_fail(c, NULL, 0, "%s", "out of memory");
	n = go_clean(path, len, buf);
	rel = buf;
	rl = n;
	if (buf[0] == '/') {
		const char *roots[2];

		roots[0] = c->realdir;
		roots[1] = c->absdir;
		rel = NULL;
		for (k = 0; k < 2 && rel == NULL; k++) {
			size_t m = roots[k] ? strlen(roots[k]) : 0;

			if (m == 0)
				continue;
			if (m == 1)	/* the context is / */
				rel = buf + 1;
			else if (strncmp(buf, roots[k], m) == 0 &&
			    (buf[m] == '/' || buf[m] == '\0'))
				rel = buf + m + (buf[m] == '/');
		}
		if (rel != NULL)
			rl = n - (size_t)(rel - buf);
	} else if (n == 2 && buf[0] == '.' && buf[1] == '.')
		rel = NULL;
	else if (n >= 3 && memcmp(buf, "../", 3) == 0)
		rel = NULL;
	else if (n == 1 && buf[0] == '.')
		rl = 0;
	if (rel == NULL) {
		ctx_fail(c, NULL, 0, "%.*s: outside the context %s", (int)len,
		    path, c->dir);
		free(buf);
		return CTXPACK_FAILED;
	}
	memmove(buf, rel, rl);
	buf[rl] = '\0';
	free(c->why_path);
	c->why_path = buf;
	*outlen = rl;
	if (!*isdir && rl > 0 && fstatat(c->dirfd, buf, &st,
	    AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode))
		*isdir = 1;
	return CTXPACK_OK;
}

/*
 * buildah (B9, B10): each level judged alone, no results passed down;
 * an excluded ancestor cuts the path off unless the copier enters it (an
 * exception's text starts with its path).  A rule that does not compile
 * fails, as buildah fails on the first entry it walks.
 */
static int
why_buildah(struct ctxpack_ctx *c, const char *path, size_t len,
    struct ctxpack_why *w, ctxpack_why_trace_fn *trace, void *arg)
{
	const struct ctxpack_rules *r = c->rules;
	struct tctx tc;
	long rule;
	size_t k;
	int v;

	tc.fn = trace;
	tc.arg = arg;
	tc.path = path;
	if ((v = bh_match(r, path, len, &rule)) == -2)
		return bh_lazy_error(r, rule, path, &c->err);
	if (v < 0)
		return ctx_rules_failed(c);
	w->plain_excluded = v;
	w->plain_rule = rule;
	for (k = 1; k <= len; k++) {
		if (k < len && path[k] != '/')
			continue;
		tc.len = k;
		if ((v = bh_match_trace(r, path, k, &rule, trace ? relay : NULL,
		    &tc)) < 0)
			return ctx_rules_failed(c);
		if (k < len && v == 1 && w->cut == 0 &&
		    !bh_enters(r, path, k, NULL)) {
			w->cut = k;
			w->rule = rule;
		}
	}
	if (w->cut > 0)
		w->excluded = 1;
	else {
		w->excluded = v;
		w->rule = rule;
	}
	return CTXPACK_OK;
}

int
ctxpack_why(struct ctxpack_ctx *c, const char *path, size_t len,
    struct ctxpack_why *w, ctxpack_why_trace_fn *trace, void *arg)
{
	const struct ctxpack_rules *r = c->rules;
	struct ctxpack_match m;
	flagword *a, *b, *t;
	size_t k, nw = r->nwords ? r->nwords : 1;
	struct tctx tc;
	long rule = -1, grule = -1;
	int v = 0, first = 1, git = 0, isdir, rc, kept;

	memset(w, 0, sizeof(*w));
	w->rule = w->plain_rule = -1;
	if ((rc = why_path(c, path, len, &len, &isdir)) != CTXPACK_OK)
		return rc;
	path = w->path = c->why_path;
	if (len == 0)
		return CTXPACK_OK;
	if (c->opts.builder == CTXPACK_BUILDAH)
		return why_buildah(c, path, len, w, trace, arg);
	/* a build file ctxpack keeps, or a directory on the way to one */
	kept = rules_is_keep(r, path, len) || rules_keep_below(r, path, len);
	if (ctxpack_rules_match(r, path, len, &m) != CTXPACK_OK)
		return ctx_rules_failed(c);
	w->plain_excluded = m.excluded;
	w->plain_rule = m.rule;
	if ((a = calloc(nw, sizeof(*a))) == NULL ||
	    (b = calloc(nw, sizeof(*b))) == NULL) {
		free(a);
		return CTXPACK_FATAL;
	}
	tc.fn = trace;
	tc.arg = arg;
	tc.path = path;
	if (c->opts.flags & CTXPACK_F_GITIGNORE)
		load_gitignores(c, path, len);
	for (k = 0; k <= len; k++) {
		int g, gparent = git;

		if (k < len && path[k] != '/')
			continue;
		tc.len = k;
		if (trace != NULL && rules_step_trace(r, path, k, first ? NULL :
		    a, NULL, &rule, relay, &tc) < 0) {
			v = -1;
			break;
		}
		v = rules_judge(r, path, k, k < len || isdir, first ? NULL : a, b,
		    gparent, &g, &rule);
		if (v < 0)
			break;
		if (g && !gparent && rule >= CTXPACK_GITRULE)
			grule = rule;
		else if (g && gparent && v == 1 && rule < CTXPACK_GITRULE &&
		    grule >= 0)
			rule = grule;	/* git: the excluded ancestor's rule */
		if (trace != NULL && g && !gparent && rule >= CTXPACK_GITRULE)
			trace(path, k, rule, 0, 1, arg);
		git = g;
		first = 0;
		if (k < len && v == 1 && w->cut == 0 &&
		    c->opts.builder == CTXPACK_CLASSIC &&
		    !(r->has_exception && rules_classic_descend(r, path, k)) &&
		    !(kept && rules_keep_below(r, path, k))) {
			w->cut = k;
			w->rule = rule;
		}
		t = a;
		a = b;
		b = t;
	}
	free(a);
	free(b);
	if (v < 0)
		return ctx_rules_failed(c);
	if (w->cut > 0)
		w->excluded = 1;
	else {
		w->excluded = v;
		w->rule = rule;
	}
	return CTXPACK_OK;
}
