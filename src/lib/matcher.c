/*
 * matcher.c: a rule set against paths.  Last match wins with
 * patternmatcher's short-circuit; a rule matching a parent directory
 * counts; walks pass per-rule parent results down (R15-R18).  Every
 * verdict carries the index of the rule that decided it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctxpack_int.h"

#define MATCH_LIMIT	1000000
#define DEPTH_LIMIT	100000

struct ctxpack_rules *
ctxpack_rules_new(void)
{
	struct ctxpack_rules *r;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	r->md = pcre2_match_data_create(16, NULL);
	r->mctx = pcre2_match_context_create(NULL);
	r->idx = ri_new();
	if (r->md == NULL || r->mctx == NULL || r->idx == NULL) {
		ctxpack_rules_free(r);
		return NULL;
	}
	pcre2_set_match_limit(r->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(r->mctx, DEPTH_LIMIT);
	return r;
}

void
ctxpack_rules_free(struct ctxpack_rules *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++)
		pattern_free(&r->pat[i]);
	rules_err_clear(r);
	free(r->errs);
	for (i = 0; i < r->nsources; i++)
		free(r->sources[i]);
	free(r->sources);
	free(r->pat);
	gi_free(r->gi);
	for (i = 0; i < r->nkeep; i++)
		free(r->keep[i]);
	free(r->keep);
	pcre2_match_data_free(r->md);
	pcre2_match_context_free(r->mctx);
	ri_free(r->idx);
	free(r->cand);
	free(r);
}

const struct ctxpack_diag *
ctxpack_rules_error(const struct ctxpack_rules *r)
{
	return ctxpack_rules_error_at(r, 0);
}

size_t
ctxpack_rules_error_count(const struct ctxpack_rules *r)
{
	return r->nerrs + (r->oom_set ? 1 : 0);
}

const struct ctxpack_diag *
ctxpack_rules_error_at(const struct ctxpack_rules *r, size_t i)
{
	if (i < r->nerrs)
		return &r->errs[i].d;
	if (i == r->nerrs && r->oom_set)
		return diag_get(&r->oom);
	return NULL;
}

void
rules_err_clear(struct ctxpack_rules *r)
{
	size_t i;

	for (i = 0; i < r->nerrs; i++)
		free((char *)r->errs[i].d.msg);
	r->nerrs = 0;
	r->oom_set = 0;
}


int
rules_err_add(struct ctxpack_rules *r, const char *file, unsigned line,
    unsigned col, const char *fmt, ...)
{
	struct rules_err *e;
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (r->oom_set)
		return CTXPACK_FATAL;
	if (r->nerrs == r->errcap) {
		size_t nc = r->errcap ? r->errcap * 2 : 4;

		if ((e = realloc(r->errs, nc * sizeof(*e))) == NULL)
			goto oom;
		r->errs = e;
		r->errcap = nc;
	}
	e = &r->errs[r->nerrs];
	memset(e, 0, sizeof(*e));
	if ((file != NULL && (e->d.file = rules_intern_source(r, file)) == NULL) ||
	    (e->d.msg = strdup(msg)) == NULL)
		goto oom;
	e->d.level = CTXPACK_LEVEL_ERROR;
	e->d.line = line;
	e->d.col = col;
	r->nerrs++;
	return CTXPACK_FAILED;
oom:
	/* the errors so far stay; the last one says memory ran out */
	diag_set(&r->oom, CTXPACK_LEVEL_ERROR, file, line, col,
	    "out of memory");
	r->oom_set = 1;
	return CTXPACK_FATAL;
}

size_t
ctxpack_rules_count(const struct ctxpack_rules *r)
{
	return r->n;
}

int
ctxpack_rules_get(const struct ctxpack_rules *r, ctxpack_rule_ref ref,
    struct ctxpack_rule_info *info)
{
	size_t i = (size_t)ref;

	if (ref < 0)
		return CTXPACK_FAILED;
	info->kind = CTXPACK_RULE_DOCKER;
	if (i >= (size_t)CTXPACK_GITRULE && r->gi != NULL) {
		info->kind = CTXPACK_RULE_GIT;
		const char *text;
		int neg;

		if (gi_info(r->gi, i - (size_t)CTXPACK_GITRULE, &info->source,
		    &info->line, &text, &neg, NULL) < 0)
			return CTXPACK_FAILED;
		/* as git check-ignore -v shows it, '!' included */
		info->text = neg && text[0] == '!' ? text + 1 : text;
		info->exception = neg;
		return CTXPACK_OK;
	}
	if (i >= r->n)
		return CTXPACK_FAILED;
	info->source = r->pat[i].source;
	info->line = r->pat[i].line;
	info->text = r->pat[i].text;
	info->exception = r->pat[i].exception;
	return CTXPACK_OK;
}

size_t
rules_nwords(const struct ctxpack_rules *r)
{
	return (r->n + 63) / 64;
}

/* The rule set's one copy of a file name (rules and errors point to it). */
const char *
rules_intern_source(struct ctxpack_rules *r, const char *source)
{
	char **ns;
	size_t i;

	for (i = 0; i < r->nsources; i++)
		if (strcmp(r->sources[i], source) == 0)
			return r->sources[i];
	if ((ns = realloc(r->sources, (r->nsources + 1) * sizeof(*ns))) == NULL)
		return NULL;
	r->sources = ns;
	if ((ns[r->nsources] = strdup(source)) == NULL)
		return NULL;
	return ns[r->nsources++];
}

/*
 * The last rule was just added: the flag-set size, the scratch set, the
 * index.  An index that runs out of memory is dropped (every rule is
 * tried then); -1 only when the scratch set can't grow.
 */
static int
set_nwords(struct ctxpack_rules *r)
{
	size_t nw = rules_nwords(r);

	if (nw > r->nwords) {
		flagword *c = realloc(r->cand, nw * sizeof(*c));

		if (c == NULL) {
			r->n--;
			pattern_free(&r->pat[r->n]);
			return -1;
		}
		r->cand = c;
		r->nwords = nw;
	}
	if (r->idx != NULL && ri_add(r->idx, &r->pat[r->n - 1], r->n - 1) < 0) {
		ri_free(r->idx);
		r->idx = NULL;
	}
	return 0;
}

/*
 * patternmatcher.New for one entry: TrimSpace, drop empty, Clean, '!',
 * filepath.Match check, and (unlike Docker, which waits for the first
 * match) the regexp compile.  An error points at the faulty byte: its
 * offset in the cleaned pattern goes back through Clean's map to the
 * entry, and through COLS to the line.
 */
int
rules_add_cols(struct ctxpack_rules *r, const char *source, unsigned line,
    unsigned rulecol, const char *p, size_t len, const unsigned *cols)
{
	struct pattern pat;
	char err[512], qbuf[256], *clean = NULL;
	const char *t;
	size_t tl, cl, erroff = 0, *map = NULL, k;
	int exception = 0;

	if (source == NULL)
		source = "(rules)";
	t = go_trimspace(p, len, &tl);
	if (tl == 0)
		return CTXPACK_OK;
	if ((clean = malloc(tl + 2)) == NULL ||
	    (map = malloc((tl + 2) * sizeof(*map))) == NULL)
		goto oom;
	cl = go_clean_map(t, tl, clean, map);
	map[cl] = tl;
	/* offsets in P, then columns */
	for (k = 0; k <= cl; k++)
		map[k] = cols[(size_t)(t - p) + map[k]];
	if (clean[0] == '!') {
		if (cl == 1) {
			k = map[0];
			free(clean);
			free(map);
			return rules_err_add(r, source, line, (unsigned)k,
			    "illegal exclusion pattern: \"!\"");
		}
		exception = 1;
	}
	if (pattern_compile(&pat, clean + exception, cl - exception, exception,
	    err, sizeof(err), &erroff) < 0) {
		int rc;

		if (erroff > cl - exception)
			erroff = cl - exception;
		rc = rules_err_add(r, source, line,
		    (unsigned)map[exception + erroff],
		    "syntax error in pattern \"%s\": %s",
		    diag_quote(qbuf, sizeof(qbuf), clean + exception,
		    cl - exception), err);
		free(clean);
		free(map);
		return rc;
	}
	free(clean);
	free(map);
	clean = NULL;
	map = NULL;
	if (r->n == r->cap) {
		size_t nc = r->cap ? r->cap * 2 : 16;
		struct pattern *np = realloc(r->pat, nc * sizeof(*np));

		if (np == NULL) {
			pattern_free(&pat);
			goto oom;
		}
		r->pat = np;
		r->cap = nc;
	}
	if ((pat.source = rules_intern_source(r, source)) == NULL) {
		pattern_free(&pat);
		goto oom;
	}
	pat.line = line;
	pat.col = rulecol;
	r->pat[r->n++] = pat;
	if (exception)
		r->has_exception = 1;
	if (set_nwords(r) < 0)
		goto oom;
	return CTXPACK_OK;
oom:
	free(clean);
	free(map);
	(void)rules_err_add(r, source, line, rulecol, "out of memory");
	return CTXPACK_FATAL;
}

int
rules_add_clean(struct ctxpack_rules *r, const char *source, unsigned line,
    unsigned col, const char *p, size_t len)
{
	unsigned *cols;
	size_t k, tl;
	int rc;

	rules_err_clear(r);
	if ((cols = malloc((len + 1) * sizeof(*cols))) == NULL) {
		(void)rules_err_add(r, source != NULL ? source : "(rules)",
		    line, col, "out of memory");
		return CTXPACK_FATAL;
	}
	for (k = 0; k <= len; k++)
		cols[k] = col + (unsigned)k;
	rc = rules_add_cols(r, source, line,
	    col + (unsigned)(go_trimspace(p, len, &tl) - p), p, len, cols);
	free(cols);
	return rc;
}

/* Forget rules N.. (rules of a file that failed are never used). */
void
rules_truncate(struct ctxpack_rules *r, size_t n)
{
	size_t i;

	if (n >= r->n)
		return;
	for (i = n; i < r->n; i++)
		pattern_free(&r->pat[i]);
	r->n = n;
	r->has_exception = 0;
	for (i = 0; i < n; i++)
		if (r->pat[i].exception)
			r->has_exception = 1;
	r->nwords = rules_nwords(r);
	/* the index again, from the start */
	if (r->idx != NULL) {
		ri_clear(r->idx);
		for (i = 0; i < n; i++)
			if (ri_add(r->idx, &r->pat[i], i) < 0) {
				ri_free(r->idx);
				r->idx = NULL;
				break;
			}
	}
}

int
ctxpack_rules_add(struct ctxpack_rules *r, const char *source, unsigned line,
    const char *pattern, size_t len)
{
	return rules_add_clean(r, source, line, 1, pattern, len);
}

static int
test1(const struct ctxpack_rules *r, size_t i, const char *path, size_t len)
{
	struct ctxpack_rules *rw = (struct ctxpack_rules *)r;
	int m = pattern_match(&r->pat[i], path, len, r->md, r->mctx);

	if (m < 0 && rw->limit_hit == 0)
		rw->limit_hit = (int)i + 1;
	return m;
}

/* The pattern matches PATH or one of its ancestors. */
static int
test_or_parents(const struct ctxpack_rules *r, size_t i, const char *path,
    size_t len)
{
	size_t k;
	int m;

	if ((m = test1(r, i, path, len)) != 0)
		return m;
	for (k = 0; k < len; k++)
		if (path[k] == '/' && (m = test1(r, i, path, k)) != 0)
			return m;
	return 0;
}

int
rules_step(const struct ctxpack_rules *r, const char *path, size_t len,
    const flagword *parent, flagword *out, long *rule)
{
	return rules_step_trace(r, path, len, parent, out, rule, NULL, NULL);
}

/* Rule I's part of one step (the loop body of patternmatcher's Matches). */
static int
step1(const struct ctxpack_rules *r, size_t i, const char *path, size_t len,
    const flagword *parent, flagword *out, int *m, long *rule,
    rules_trace_fn *trace, void *targ)
{
	const struct pattern *p = &r->pat[i];
	int inherited = parent != NULL && (parent[i / 64] >> (i % 64) & 1);
	int hit = inherited;

	if (!hit) {
		if (p->exception != *m)
			return 0;
		hit = parent != NULL ? test1(r, i, path, len) :
		    test_or_parents(r, i, path, len);
		if (hit < 0)
			return -1;
	}
	if (hit) {
		if (out != NULL)
			out[i / 64] |= (flagword)1 << (i % 64);
		*m = !p->exception;
		*rule = (long)i;
		if (trace != NULL)
			trace(targ, i, inherited, *m);
	}
	return 0;
}

/*
 * Only the rules that can match PATH (or, without parent results, one of
 * its ancestors) and the ones its parent passes down are looked at, in
 * order.  Skipping any other rule changes nothing: not inherited, it
 * would be tested (or short-circuited) and fail.
 */
int
rules_step_trace(const struct ctxpack_rules *r, const char *path, size_t len,
    const flagword *parent, flagword *out, long *rule, rules_trace_fn *trace,
    void *targ)
{
	flagword *cand = r->cand, bits;
	int m = 0;
	size_t i, k, w;

	*rule = -1;
	if (out != NULL)
		memset(out, 0, r->nwords * sizeof(flagword));
	if (r->n == 0)
		return 0;
	if (r->idx == NULL || r->noindex) {
		for (i = 0; i < r->n; i++)
			if (step1(r, i, path, len, parent, out, &m, rule, trace,
			    targ) < 0)
				return -1;
		return m;
	}
	memset(cand, 0, r->nwords * sizeof(flagword));
	ri_candidates(r->idx, path, len, cand, r->nwords);
	if (parent == NULL)
		for (k = 0; k < len; k++)
			if (path[k] == '/')
				ri_candidates(r->idx, path, k, cand, r->nwords);
	for (w = 0; w < r->nwords; w++) {
		bits = cand[w] | (parent != NULL ? parent[w] : 0);
		while (bits != 0) {
			i = w * 64 + (size_t)__builtin_ctzll(bits);
			bits &= bits - 1;
			if (step1(r, i, path, len, parent, out, &m, rule, trace,
			    targ) < 0)
				return -1;
		}
	}
	return m;
}

/* The error for the rule that hit a limit; the next hit is told anew. */
int
rules_limit_error(const struct ctxpack_rules *r)
{
	struct ctxpack_rules *rw = (struct ctxpack_rules *)r;
	const struct pattern *p;
	char q[256];

	rules_err_clear(rw);
	if (r->limit_hit <= 0) {
		(void)rules_err_add(rw, NULL, 0, 0,
		    "a pattern hit a PCRE2 limit");
		return CTXPACK_FAILED;
	}
	p = &r->pat[r->limit_hit - 1];
	(void)rules_err_add(rw, p->source, p->line, p->col,
	    "pattern \"%s\" hit the PCRE2 match limit; no verdict is "
	    "given rather than a wrong one",
	    diag_quote(q, sizeof(q), p->text, p->len));
	rw->limit_hit = 0;
	return CTXPACK_FAILED;
}

int
ctxpack_rules_match(const struct ctxpack_rules *r, const char *path,
    size_t len, struct ctxpack_match *m)
{
	int v;

	m->excluded = 0;
	m->rule = -1;
	if (len == 0 || (len == 1 && path[0] == '.'))
		return CTXPACK_OK;
	if ((v = rules_step(r, path, len, NULL, NULL, &m->rule)) < 0)
		return rules_limit_error(r);
	m->excluded = v;
	return CTXPACK_OK;
}

int
ctxpack_rules_match_walk(const struct ctxpack_rules *r, const char *path,
    size_t len, struct ctxpack_match *m)
{
	flagword *a, *b, *t;
	size_t k, nw = r->nwords ? r->nwords : 1;
	int v = 0, first = 1;

	m->excluded = 0;
	m->rule = -1;
	if (len == 0 || (len == 1 && path[0] == '.'))
		return CTXPACK_OK;
	a = calloc(nw, sizeof(*a));
	b = calloc(nw, sizeof(*b));
	if (a == NULL || b == NULL) {
		free(a);
		free(b);
		return CTXPACK_FATAL;
	}
	for (k = 0; k <= len; k++) {
		if (k < len && path[k] != '/')
			continue;
		v = rules_step(r, path, k, first ? NULL : a, b, &m->rule);
		if (v < 0)
			break;
		first = 0;
		t = a;
		a = b;
		b = t;
	}
	free(a);
	free(b);
	if (v < 0)
		return rules_limit_error(r);
	m->excluded = v;
	return CTXPACK_OK;
}

int
rules_match_deprecated(const struct ctxpack_rules *r, const char *path,
    size_t len)
{
	size_t i, k, ndirs = 0, plen;
	const char *slash = memrchr(path, '/', len);
	int m = 0;

	if (slash != NULL)
		for (k = 0; k < (size_t)(slash - path); k++)
			if (path[k] == '/')
				ndirs++;
	for (i = 0; i < r->n; i++) {
		const struct pattern *p = &r->pat[i];
		size_t pdirs = 1, hit;

		if (p->exception != m)
			continue;
		hit = test1(r, i, path, len) > 0;
		if (!hit && slash != NULL) {
			for (k = 0; k < p->len; k++)
				if (p->text[k] == '/')
					pdirs++;
			if (pdirs <= ndirs + 1) {
				/* the first pdirs components of the parent */
				size_t c = 0;

				for (plen = 0; plen < (size_t)(slash - path);
				    plen++)
					if (path[plen] == '/' && ++c == pdirs)
						break;
				hit = test1(r, i, path, plen) > 0;
			}
		}
		if (hit)
			m = !p->exception;
	}
	return m;
}

int
rules_could_include_below(const struct ctxpack_rules *r, const char *dir,
    size_t len, long drule, long *why)
{
	size_t i;

	for (i = drule < 0 ? 0 : (size_t)drule + 1; i < r->n; i++) {
		if (!r->pat[i].exception)
			continue;
		if (pattern_could_match_below(&r->pat[i], dir, len, r->md,
		    r->mctx)) {
			if (why != NULL)
				*why = (long)i;
			return 1;
		}
	}
	return 0;
}

int
rules_classic_descend(const struct ctxpack_rules *r, const char *dir,
    size_t len)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		const struct pattern *p = &r->pat[i];

		/* HasPrefix(text + "/", dir + "/") */
		if (p->exception && p->len >= len && memcmp(p->text, dir,
		    len) == 0 && (p->len == len || p->text[len] == '/'))
			return 1;
	}
	return 0;
}

int
ctxpack_rules_parse_gitignore(struct ctxpack_rules *r, const char *source,
    const char *base, const char *buf, size_t len)
{
	char err[256];
	unsigned line = 0;

	rules_err_clear(r);
	if (r->gi == NULL && (r->gi = gi_new()) == NULL) {
		(void)rules_err_add(r, source, 0, 0, "out of memory");
		return CTXPACK_FATAL;
	}
	if (gi_add(r->gi, source, base, buf, len, err, sizeof(err), &line) < 0)
		return rules_err_add(r, source, line, 0, "%s", err);
	return CTXPACK_OK;
}

int
rules_add_keep_name(struct ctxpack_rules *r, const char *name)
{
	char **n = realloc(r->keep, (r->nkeep + 1) * sizeof(*n));

	if (n == NULL)
		return -1;
	r->keep = n;
	if ((n[r->nkeep] = strdup(name)) == NULL)
		return -1;
	r->nkeep++;
	return 0;
}

int
rules_is_keep(const struct ctxpack_rules *r, const char *path, size_t len)
{
	size_t i;

	for (i = 0; i < r->nkeep; i++)
		if (strlen(r->keep[i]) == len && memcmp(r->keep[i], path,
		    len) == 0)
			return 1;
	return 0;
}

int
rules_keep_below(const struct ctxpack_rules *r, const char *dir, size_t len)
{
	size_t i;

	for (i = 0; i < r->nkeep; i++)
		if (strlen(r->keep[i]) > len + 1 && memcmp(r->keep[i], dir,
		    len) == 0 && r->keep[i][len] == '/')
			return 1;
	return 0;
}

int
rules_judge(const struct ctxpack_rules *r, const char *path, size_t len,
    int isdir, const flagword *parent, flagword *out, int parent_git,
    int *git, long *rule)
{
	long grule = -1;
	int v, g, neg;

	v = rules_step(r, path, len, parent, out, rule);
	*git = 0;
	if (v == 1 && r->nkeep > 0 && rules_is_keep(r, path, len))
		return 0;	/* a build file ctxpack keeps (classic) */
	if (v < 0 || r->gi == NULL)
		return v;
	g = gi_match(r->gi, path, len, isdir, parent_git ? 1 : 0, &grule,
	    &neg);
	*git = g;
	if (g && rules_is_keep(r, path, len))
		return v;
	if (g && !v) {
		v = 1;
		*rule = grule >= 0 ? CTXPACK_GITRULE + grule : *rule;
	} else if (!v && grule >= 0 && *rule < 0)
		*rule = CTXPACK_GITRULE + grule;	/* a git '!' decided */
	return v;
}

/* Was a gitignore file of this name added already? */
int
rules_source_loaded(const struct ctxpack_rules *r, const char *source)
{
	const char *src;
	size_t i, n = r->gi != NULL ? gi_count(r->gi) : 0;

	for (i = 0; i < n; i++)
		if (gi_info(r->gi, i, &src, NULL, NULL, NULL, NULL) == 0 &&
		    strcmp(src, source) == 0)
			return 1;
	return 0;
}
