/*
 * fuzz_match.c: the matcher's semantics.
 *
 * Input: an ignore file, then NUL, then paths separated by NUL
 * ("ignore\0path1\0path2...").  Without a NUL the whole input is the
 * ignore file.  To every given path are added paths made from the rules
 * themselves (their texts, with children and parents) so that matches
 * happen without the fuzzer guessing them.  Paths are made
 * context-relative first: empty, "." and ".." components are dropped, as
 * a walk never produces them; the root itself is skipped (R14).
 *
 * Invariants, each a consequence of the spec
 * (/work/shared/docs/dockerignore-semantics.md), checked per path P:
 *
 *  1. ctxpack_rules_match(P) equals R15 computed here from scratch: the
 *     loop of patternmatcher's MatchesOrParentMatches over single-pattern
 *     matches (pattern_match(), which fuzz_fastpath.c checks on its own),
 *     including the deciding rule (the last rule that matched, -1 if
 *     none).  This is the loop test/conformance/oracle/matchtab/main.go uses to
 *     derive deciding lines, checked there against the real library.
 *  2. ctxpack_rules_match_walk(P) equals R17 computed here: a walk from
 *     the top with MatchesUsingParentResults (per-rule parent flags; a
 *     flagged rule counts without test or short-circuit).
 *  3. Verdict and deciding rule fit: excluded iff the deciding rule
 *     exists and is not an exception (R16), in both modes.
 *  4. Without any '!' rule, R15 and R17 give the same verdict.  Proof:
 *     without exceptions the short-circuit only skips rules once the path
 *     is excluded, so R15 = "some rule matches P or an ancestor"; in R17
 *     a directory is excluded iff some rule flag is set, every flag is
 *     passed down and counts, so excluded(P) = excluded(parent) or some
 *     rule matches P, which unrolls to the same.  The deciding RULES may
 *     differ: R15 names the first rule that matches P or an ancestor, R17
 *     the last flag set (e.g. "a/b", "a" on a/b: R15 rule 0, R17 rule 1),
 *     so only m.rule <= w.rule is asserted.
 *  5. Without '!' rules, exclusion is inherited: an excluded ancestor
 *     means P is excluded (both modes).
 *  6. BuildKit pruning is sound: when an ancestor D of P is excluded by
 *     the walk and rules_could_include_below(D) says no exception after
 *     D's deciding rule can match below D, the walk excludes P too.
 *     (walk.c skips such a D; if this failed, a file BuildKit sends
 *     would be missing.)
 *  7. pattern_could_match_below() is sound: a rule that matches P says
 *     "could match below" for every proper ancestor of P.
 *  8. rules_classic_descend(D) is R21's literal test: some exception's
 *     text + "/" starts with D + "/".
 *  9. Asking twice gives the same answer (match data is reused).
 * 10. A match failing on the PCRE2 limit names a rule that hits it.
 * 11. The rule index never hides a rule: every rule that matches P is a
 *     candidate for P (ri_candidates()).  With 1 and 2 (ctxpack's
 *     matchers use the index, ref15/ref17 try every rule) this is the
 *     check that the indexed matcher equals the plain one.
 * A path on which some call hits the PCRE2 match limit is skipped; the
 * limit is lowered to FUZZ_MATCH_LIMIT so that backtracking patterns stay
 * cheap.
 */
#include "ctxpack_int.h"
#include "fuzz.h"

#define FUZZ_MATCH_LIMIT	20000

const char fuzz_name[] = "fuzz_match";

#define MAXPATH		2048	/* longer input paths are cut */
#define MAXDEPTH	24	/* ancestors checked in 6 and 7 */
#define BUDGET		3000000	/* about rules x tests per input */

struct ref {
	const struct ctxpack_rules	*r;
	unsigned char			*fa, *fb;	/* R17 flags */
	int				 limit;		/* a limit was hit */
};

static int
t1(struct ref *x, size_t i, const char *p, size_t len)
{
	int m = pattern_match(&x->r->pat[i], p, len, x->r->md, x->r->mctx);

	if (m < 0)
		x->limit = 1;
	return m > 0;
}

/* R15 (MatchesOrParentMatches); *rule the last matching rule or -1. */
static int
ref15(struct ref *x, const char *p, size_t len, long *rule)
{
	const struct ctxpack_rules *r = x->r;
	int matched = 0;
	size_t i, k;

	*rule = -1;
	for (i = 0; i < r->n; i++) {
		int m;

		if (r->pat[i].exception != matched)
			continue;
		m = t1(x, i, p, len);
		for (k = 0; !m && k < len; k++)
			if (p[k] == '/')
				m = t1(x, i, p, k);
		if (m) {
			matched = !r->pat[i].exception;
			*rule = (long)i;
		}
	}
	return matched;
}

/* R17: a walk from the top with MatchesUsingParentResults. */
static int
ref17(struct ref *x, const char *p, size_t len, long *rule)
{
	const struct ctxpack_rules *r = x->r;
	unsigned char *flags = NULL, *nf = x->fa, *t;
	int matched = 0;
	size_t i, k;

	*rule = -1;
	for (k = 1; k <= len; k++) {
		if (k < len && p[k] != '/')
			continue;
		matched = 0;
		*rule = -1;
		for (i = 0; i < r->n; i++) {
			int m = flags != NULL ? flags[i] : 0;

			if (!m) {
				if (r->pat[i].exception != matched) {
					nf[i] = 0;
					continue;
				}
				/* flags == NULL only at the first component,
				 * which has no ancestors to try */
				m = t1(x, i, p, k);
			}
			nf[i] = (unsigned char)m;
			if (m) {
				matched = !r->pat[i].exception;
				*rule = (long)i;
			}
		}
		t = flags != NULL ? flags : x->fb;
		flags = nf;
		nf = t;
	}
	return matched;
}

static void
fail_path(const char *what, const char *p, size_t len)
{
	FUZZ_FAIL("%s", what);
	fuzz_dump("path", p, len);
}

static void
check_fit(const struct ctxpack_rules *r, const struct ctxpack_match *m,
    const char *what, const char *p, size_t len)
{
	int ok;

	if (m->rule == -1)
		ok = !m->excluded;
	else
		ok = m->rule >= 0 && (size_t)m->rule < r->n &&
		    m->excluded == !r->pat[m->rule].exception;
	if (!ok) {
		fprintf(stderr, "%s: excluded=%d rule=%ld\n", what,
		    m->excluded, m->rule);
		fail_path("verdict and deciding rule do not fit", p, len);
		abort();
	}
}

/* Invariant 8, from R21's text. */
static int
ref_classic(const struct ctxpack_rules *r, const char *d, size_t len)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		const struct pattern *p = &r->pat[i];

		if (!p->exception || p->len < len)
			continue;
		if (memcmp(p->text, d, len) == 0 &&
		    (p->len == len || p->text[len] == '/'))
			return 1;
	}
	return 0;
}

/*
 * 10. A match that fails on the PCRE2 limit names, in its diagnostic, a
 *     rule that does hit the limit on the path or one of its ancestors.
 */
static void
check_limit_diag(const struct ctxpack_rules *r, const char *what,
    const char *p, size_t len)
{
	const struct ctxpack_diag *d = ctxpack_rules_error(r);
	size_t i, k;

	FUZZ_CHECK(d != NULL && d->msg != NULL, "%s failed without a "
	    "diagnostic", what);
	for (i = 0; i < r->n; i++) {
		const struct pattern *pt = &r->pat[i];

		if (pt->line != d->line || pt->col != d->col)
			continue;
		for (k = 1; k <= len; k++)
			if ((k == len || p[k] == '/') &&
			    pattern_match(pt, p, k, r->md, r->mctx) < 0)
				return;
	}
	FUZZ_FAIL("%s hit the match limit, but the rule its diagnostic "
	    "names (line %u col %u) does not: %s", what, d->line, d->col,
	    d->msg);
	fuzz_dump("path", p, len);
	abort();
}

/* Returns 0 if a match limit made the path unusable. */
static int
check_path(struct ref *x, const char *p, size_t len)
{
	const struct ctxpack_rules *r = x->r;
	struct ctxpack_match m, w, m2, w2, wd;
	long rule15, rule17;
	int v15, v17;
	size_t i, k, depth = 0;

	if (ctxpack_rules_match(r, p, len, &m) != CTXPACK_OK) {
		check_limit_diag(r, "ctxpack_rules_match", p, len);
		return 0;
	}
	if (ctxpack_rules_match_walk(r, p, len, &w) != CTXPACK_OK) {
		check_limit_diag(r, "ctxpack_rules_match_walk", p, len);
		return 0;
	}
	x->limit = 0;
	v15 = ref15(x, p, len, &rule15);
	v17 = ref17(x, p, len, &rule17);
	if (x->limit)
		return 0;
	check_fit(r, &m, "match", p, len);
	check_fit(r, &w, "walk", p, len);
	if (m.excluded != v15 || m.rule != rule15) {
		FUZZ_FAIL("ctxpack_rules_match: excluded=%d rule=%ld, R15 "
		    "says excluded=%d rule=%ld", m.excluded, m.rule, v15,
		    rule15);
		fuzz_dump("path", p, len);
		abort();
	}
	if (w.excluded != v17 || w.rule != rule17) {
		FUZZ_FAIL("ctxpack_rules_match_walk: excluded=%d rule=%ld, "
		    "R17 says excluded=%d rule=%ld", w.excluded, w.rule, v17,
		    rule17);
		fuzz_dump("path", p, len);
		abort();
	}
	if (!r->has_exception) {
		if (m.excluded != w.excluded || (m.excluded &&
		    m.rule > w.rule)) {
			FUZZ_FAIL("no exceptions, yet R15 excluded=%d rule=%ld "
			    "and R17 excluded=%d rule=%ld", m.excluded, m.rule,
			    w.excluded, w.rule);
			fuzz_dump("path", p, len);
			abort();
		}
	}
	/* 9 */
	if (ctxpack_rules_match(r, p, len, &m2) != CTXPACK_OK ||
	    ctxpack_rules_match_walk(r, p, len, &w2) != CTXPACK_OK ||
	    m2.excluded != m.excluded || m2.rule != m.rule ||
	    w2.excluded != w.excluded || w2.rule != w.rule) {
		fail_path("a second ask gave another answer", p, len);
		abort();
	}
	/* 5, 6, 8 for every ancestor (the first MAXDEPTH) */
	for (k = 0; k < len && depth < MAXDEPTH; k++) {
		long why = -1;

		if (p[k] != '/')
			continue;
		depth++;
		if (ctxpack_rules_match_walk(r, p, k, &wd) != CTXPACK_OK)
			return 0;
		if (!r->has_exception && wd.excluded && !w.excluded) {
			FUZZ_FAIL("no exceptions, ancestor %zu bytes excluded "
			    "by rule %ld, path included", k, wd.rule);
			fuzz_dump("path", p, len);
			abort();
		}
		if (ctxpack_rules_match(r, p, k, &m2) != CTXPACK_OK)
			return 0;
		if (!r->has_exception && m2.excluded && !m.excluded) {
			FUZZ_FAIL("no exceptions, ancestor %zu bytes excluded "
			    "(R15) by rule %ld, path included", k, m2.rule);
			fuzz_dump("path", p, len);
			abort();
		}
		if (wd.excluded && !w.excluded && !rules_could_include_below(r,
		    p, k, wd.rule, &why)) {
			FUZZ_FAIL("BuildKit pruning unsound: ancestor %zu bytes "
			    "excluded by rule %ld and no exception could match "
			    "below it, yet the walk includes the path by rule "
			    "%ld", k, wd.rule, w.rule);
			fuzz_dump("path", p, len);
			abort();
		}
		if (rules_classic_descend(r, p, k) != ref_classic(r, p, k)) {
			FUZZ_FAIL("rules_classic_descend(%zu bytes) = %d",
			    k, rules_classic_descend(r, p, k));
			fuzz_dump("path", p, len);
			abort();
		}
	}
	/* 7, 11 */
	if (r->idx != NULL && r->n > 0) {
		memset(r->cand, 0, r->nwords * sizeof(flagword));
		ri_candidates(r->idx, p, len, r->cand, r->nwords);
	}
	for (i = 0; i < r->n; i++) {
		const struct pattern *pt = &r->pat[i];

		if (pattern_match(pt, p, len, r->md, r->mctx) != 1)
			continue;
		if (r->idx != NULL && !(r->cand[i / 64] >> (i % 64) & 1)) {
			FUZZ_FAIL("rule %zu matches the path but the index "
			    "does not offer it", i);
			fuzz_dump("rule", pt->text, pt->len);
			fuzz_dump("path", p, len);
			abort();
		}
		for (k = 0, depth = 0; k < len && depth < MAXDEPTH; k++) {
			if (p[k] != '/')
				continue;
			depth++;
			if (!pattern_could_match_below(pt, p, k, r->md,
			    r->mctx)) {
				FUZZ_FAIL("rule %zu matches the path but "
				    "pattern_could_match_below says no for "
				    "its %zu-byte ancestor", i, k);
				fuzz_dump("rule", pt->text, pt->len);
				fuzz_dump("path", p, len);
				abort();
			}
		}
	}
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data, *nul;
	struct ctxpack_rules *r;
	struct fuzz_strs paths = { 0 };
	struct ref x;
	size_t flen, i, k, cost = 0;
	char *clean;

	nul = memchr(buf, '\0', size);
	flen = nul != NULL ? (size_t)(nul - buf) : size;
	if ((r = ctxpack_rules_new()) == NULL)
		abort();
	/*
	 * A lower PCRE2 match limit than matcher.c's 10M: paths that hit it
	 * are skipped anyway, and a backtracking pattern must not cost
	 * seconds per input.  The limit's code paths stay exercised.
	 */
	pcre2_set_match_limit(r->mctx, FUZZ_MATCH_LIMIT);
	if (ctxpack_rules_parse(r, ".dockerignore", buf, flen) !=
	    CTXPACK_OK) {
		ctxpack_rules_free(r);
		return 0;
	}
	/* The given paths. */
	for (i = flen + 1; nul != NULL && i <= size && paths.n < 64;) {
		const char *e = memchr(buf + i, '\0', size - i);
		size_t pl = e != NULL ? (size_t)(e - (buf + i)) : size - i;

		fuzz_strs_add(&paths, buf + i, pl < MAXPATH ? pl : MAXPATH);
		i += pl + 1;
	}
	/* Paths from the rules: text, text/x, x/text, a/text/b. */
	for (i = 0; i < r->n && i < 32; i++) {
		const struct pattern *pt = &r->pat[i];
		size_t tl = pt->len < MAXPATH ? pt->len : MAXPATH;

		fuzz_strs_add(&paths, pt->text, tl);
		fuzz_strs_add3(&paths, pt->text, tl, "/x", 2, "", 0);
		fuzz_strs_add3(&paths, "x/", 2, pt->text, tl, "", 0);
		fuzz_strs_add3(&paths, "a/", 2, pt->text, tl, "/b.txt", 6);
	}
	x.r = r;
	x.fa = calloc(r->n + 1, 1);
	x.fb = calloc(r->n + 1, 1);
	if (x.fa == NULL || x.fb == NULL)
		abort();
	if ((clean = malloc(MAXPATH + 8)) == NULL)
		abort();
	for (i = 0; i < paths.n; i++) {
		size_t cl = fuzz_clean_path(paths.s[i], paths.len[i], clean);
		size_t d = 1;

		if (cl == 0)
			continue;
		for (k = 0; k < cl; k++)
			d += clean[k] == '/';
		if (d > MAXDEPTH)
			d = MAXDEPTH;
		/* a rough count of pattern tests, to bound the time */
		cost += (r->n + 1) * (d + 1) * (d + 4);
		if (cost > BUDGET && i > 0)
			break;
		(void)check_path(&x, clean, cl);
	}
	free(clean);
	free(x.fa);
	free(x.fb);
	fuzz_strs_free(&paths);
	ctxpack_rules_free(r);
	return 0;
}
