/*
 * explain.c: why a path is in or out.  Walks the path's ancestors from
 * the top with parent results (R17), as both builders do, applies the
 * builder's descent rule at each excluded ancestor (the classic builder's
 * literal-prefix rule can cut a path off, R21), and also gives the plain
 * "is it ignored?" answer (R15) so the two can be compared.
 */
#include <stdlib.h>
#include <string.h>

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

int
ctxpack_why(const struct ctxpack_ctx *c, const char *path, size_t len,
    struct ctxpack_why *w, ctxpack_why_trace_fn *trace, void *arg)
{
	const struct ctxpack_rules *r = c->rules;
	struct ctxpack_match m;
	flagword *a, *b, *t;
	size_t k, nw = r->nwords ? r->nwords : 1;
	struct tctx tc;
	long rule = -1;
	int v = 0, first = 1;

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
	for (k = 0; k <= len; k++) {
		if (k < len && path[k] != '/')
			continue;
		tc.len = k;
		v = rules_step_trace(r, path, k, first ? NULL : a, b, &rule,
		    trace ? relay : NULL, &tc);
		if (v < 0)
			break;
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
