/*
 * explain.c: why a path is in or out.  Walks the path's ancestors from
 * the top with parent results (R17), as both builders do, applies the
 * builder's descent rule at each excluded ancestor (the classic builder's
 * literal-prefix rule can cut a path off, R21), and also gives the plain
 * "is it ignored?" answer (R15) so the two can be compared.
 */
#include <fcntl.h>
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

	t->fn(t->arg, t->path, t->len, (long)rule, inherited, m);
}

/* --gitignore: the .gitignore of the root and of each ancestor of PATH. */
static void
load_gitignores(const struct ctxpack_ctx *c, const char *path, size_t len)
{
	struct ctxpack_rules *r = c->rules;
	char rel[8192], src[8300];
	size_t k;

	for (k = 0; k <= len; k++) {
		char *buf;
		size_t n = 0, cap = 65536;
		ssize_t got;
		int fd;

		if (k > 0 && k < len && path[k] != '/')
			continue;
		if (k == len)
			break;		/* PATH itself: only its ancestors */
		snprintf(rel, sizeof(rel), "%.*s", (int)k, path);
		snprintf(src, sizeof(src), "%s%s.gitignore", rel, k ? "/" : "");
		if (rules_source_loaded(r, src))
			continue;
		if ((fd = openat(c->dirfd, src, O_RDONLY | O_NOFOLLOW |
		    O_CLOEXEC | O_NONBLOCK)) < 0)
			continue;
		if ((buf = malloc(cap)) != NULL) {
			while ((got = read(fd, buf + n, cap - n)) > 0) {
				n += (size_t)got;
				if (n == cap) {
					char *nb = realloc(buf, cap *= 2);

					if (nb == NULL)
						break;
					buf = nb;
				}
			}
			(void)ctxpack_rules_parse_gitignore(r, src, rel, buf, n);
			free(buf);
		}
		close(fd);
	}
}

int
ctxpack_why(const struct ctxpack_ctx *c, const char *path, size_t len,
    struct ctxpack_why *w, ctxpack_why_trace_fn *trace, void *arg)
{
	const struct ctxpack_rules *r = c->rules;
	struct ctxpack_match m;
	flagword *a, *b, *t;
	size_t k, nw = r->nwords ? r->nwords : 1;
	struct tctx tc;
	long rule = -1, grule = -1;
	int v = 0, first = 1, git = 0;

	memset(w, 0, sizeof(*w));
	w->rule = w->plain_rule = -1;
	while (len > 0 && path[len - 1] == '/')
		len--;
	while (len >= 2 && path[0] == '.' && path[1] == '/') {
		path += 2;
		len -= 2;
	}
	if (len == 0 || (len == 1 && path[0] == '.'))
		return CTXPACK_OK;
	if (ctxpack_rules_match(r, path, len, &m) != CTXPACK_OK)
		return CTXPACK_FAILED;
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
		v = rules_judge(r, path, k, k < len, first ? NULL : a, b,
		    gparent, &g, &rule);
		if (v < 0)
			break;
		if (g && !gparent && rule >= CTXPACK_GITRULE)
			grule = rule;
		else if (g && gparent && v == 1 && rule < CTXPACK_GITRULE &&
		    grule >= 0)
			rule = grule;	/* git: the excluded ancestor's rule */
		if (trace != NULL && g && !gparent && rule >= CTXPACK_GITRULE)
			trace(arg, path, k, rule, 0, 1);
		git = g;
		first = 0;
		if (k < len && v == 1 && w->cut == 0 &&
		    c->opts.builder == CTXPACK_CLASSIC &&
		    !(r->has_exception && rules_classic_descend(r, path, k))) {
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
		return CTXPACK_FAILED;
	if (w->cut > 0)
		w->excluded = 1;
	else {
		w->excluded = v;
		w->rule = rule;
	}
	return CTXPACK_OK;
}
