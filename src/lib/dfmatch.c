/*
 * dfmatch.c: which context paths a read reaches.  A COPY/ADD source is
 * resolved as BuildKit's file op resolves it (fsutil copy.ResolveWildcards):
 * the components up to the first one holding a wildcard are a literal
 * base, the rest is matched with Go's filepath.Match against paths below
 * the base (one component per component), a matched directory is copied
 * whole; --exclude patterns (.dockerignore syntax, patternmatcher) apply
 * below each match, never to the match itself (moby/buildkit#5489);
 * --parents copies from the base (or "/") only what its include pattern
 * matches.  Transfers follow fsutil's FollowPaths include patterns.
 */
#include <stdlib.h>
#include <string.h>

#include "dfint.h"

/* -------------------------------------------------- filepath.Match */

/* getEsc: a rune of a character class, -1 bad pattern. */
static int
get_esc(const char **cp, const char *end, int32_t *r)
{
	const char *c = *cp;
	size_t w;

	if (c >= end || *c == '-' || *c == ']')
		return -1;
	if (*c == '\\') {
		c++;
		if (c >= end)
			return -1;
	}
	*r = go_decode_rune((const unsigned char *)c, (size_t)(end - c), &w);
	if (*r == 0xfffd && w == 1)
		return -1;
	c += w;
	if (c >= end)
		return -1;
	*cp = c;
	return 0;
}

/*
 * matchChunk: 1 and *rest when CHUNK matches a prefix of S, 0 if not,
 * -1 bad pattern.
 */
static int
match_chunk(const char *chunk, const char *cend, const char *s,
    const char *send, const char **rest)
{
	int failed = 0;
	size_t w;

	while (chunk < cend) {
		if (!failed && s >= send)
			failed = 1;
		switch (*chunk) {
		case '[': {
			int32_t r = 0, lo, hi;
			int neg = 0, match = 0, nrange = 0;

			if (!failed) {
				r = go_decode_rune((const unsigned char *)s,
				    (size_t)(send - s), &w);
				s += w;
			}
			chunk++;
			if (chunk < cend && *chunk == '^') {
				neg = 1;
				chunk++;
			}
			for (;;) {
				if (chunk < cend && *chunk == ']' && nrange > 0) {
					chunk++;
					break;
				}
				if (get_esc(&chunk, cend, &lo) < 0)
					return -1;
				hi = lo;
				if (*chunk == '-') {
					chunk++;
					if (get_esc(&chunk, cend, &hi) < 0)
						return -1;
				}
				if (lo <= r && r <= hi)
					match = 1;
				nrange++;
			}
			if (match == neg)
				failed = 1;
			break;
		}
		case '?':
			if (!failed) {
				if (*s == '/')
					failed = 1;
				go_decode_rune((const unsigned char *)s,
				    (size_t)(send - s), &w);
				s += w;
			}
			chunk++;
			break;
		case '\\':
			chunk++;
			if (chunk >= cend)
				return -1;
			/* FALLTHROUGH */
		default:
			if (!failed) {
				if (*chunk != *s)
					failed = 1;
				s++;
			}
			chunk++;
			break;
		}
	}
	if (failed)
		return 0;
	*rest = s;
	return 1;
}

/* scanChunk: leading stars, then up to the next star outside [...]. */
static const char *
scan_chunk(const char *p, const char *end, int *star, const char **cend)
{
	int inrange = 0;

	*star = 0;
	while (p < end && *p == '*') {
		p++;
		*star = 1;
	}
	*cend = p;
	while (*cend < end) {
		char c = **cend;

		if (c == '\\') {
			if (*cend + 1 < end)
				(*cend)++;
		} else if (c == '[')
			inrange = 1;
		else if (c == ']')
			inrange = 0;
		else if (c == '*' && !inrange)
			break;
		(*cend)++;
	}
	return p;
}

int
df_fpmatch(const char *pat, size_t plen, const char *name, size_t nlen)
{
	const char *p = pat, *pend = pat + plen;
	const char *s = name, *send = name + nlen;

	while (p < pend) {
		const char *chunk, *cend, *t;
		int star, rc;

		chunk = scan_chunk(p, pend, &star, &cend);
		p = cend;
		if (star && chunk == cend)
			return memchr(s, '/', (size_t)(send - s)) == NULL;
		rc = match_chunk(chunk, cend, s, send, &t);
		if (rc == 1 && (t == send || p < pend)) {
			s = t;
			continue;
		}
		if (rc < 0)
			return -1;
		if (star) {
			const char *i;
			int found = 0;

			for (i = s; i < send && *i != '/'; i++) {
				rc = match_chunk(chunk, cend, i + 1, send, &t);
				if (rc == 1) {
					if (p == pend && t != send)
						continue;
					s = t;
					found = 1;
					break;
				}
				if (rc < 0)
					return -1;
			}
			if (found)
				continue;
		}
		/* the rest of the pattern must still be well formed */
		while (p < pend) {
			chunk = scan_chunk(p, pend, &star, &cend);
			p = cend;
			if (match_chunk(chunk, cend, "", "", &t) < 0)
				return -1;
		}
		return 0;
	}
	return s == send;
}

int
df_has_wildcards(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == '*' || s[i] == '?' || s[i] == '[')
			return 1;
	}
	return 0;
}

/* ----------------------------------------------------- the matchers */

/* Does P (len PL) equal B or lie below it; *rel the rest ("" if equal). */
static int
under(const char *p, size_t pl, const char *b, size_t bl, size_t *rel)
{
	if (bl == 0) {
		*rel = 0;
		return 1;
	}
	if (pl < bl || memcmp(p, b, bl) != 0)
		return 0;
	if (pl == bl) {
		*rel = pl;
		return 1;
	}
	if (p[bl] != '/')
		return 0;
	*rel = bl + 1;
	return 1;
}

/* Is P (a directory) a proper ancestor of B? */
static int
ancestor(const char *p, size_t pl, const char *b, size_t bl)
{
	if (pl == 0)
		return bl > 0;
	return bl > pl && memcmp(p, b, pl) == 0 && b[pl] == '/';
}

/* Exclusion of REL below a match: DF_READ kept, DF_NO, DF_PARENT. */
static int
excluded(const struct df_read_m *m, const char *rel, size_t len, int isdir)
{
	struct ctxpack_match cm;
	long why;

	if (m->excl == NULL || len == 0)
		return DF_READ;
	if (ctxpack_rules_match_walk(m->excl, rel, len, &cm) != CTXPACK_OK)
		return -1;
	if (!cm.excluded)
		return DF_READ;
	if (isdir && m->excl->has_exception &&
	    rules_could_include_below(m->excl, rel, len, cm.rule, &why))
		return DF_PARENT;
	return DF_NO;
}

/* The --parents include pattern on REL below a copy root. */
static int
included(const struct df_read_m *m, const char *rel, size_t len, int isdir)
{
	struct ctxpack_match cm;
	size_t i;
	int v;

	if (len == 0)
		return isdir ? DF_PARENT : DF_NO;
	if (ctxpack_rules_match_walk(m->incl, rel, len, &cm) != CTXPACK_OK)
		return -1;
	if (cm.excluded) {
		v = excluded(m, rel, len, isdir);
		return v;
	}
	if (!isdir)
		return DF_NO;
	for (i = 0; i < m->incl->n; i++) {
		const struct pattern *pt = &m->incl->pat[i];

		if (pt->exception)
			continue;
		v = pattern_could_match_below(pt, rel, len, m->incl->md,
		    m->incl->mctx);
		if (v != 0)
			return v < 0 ? -1 : DF_PARENT;
	}
	return DF_NO;
}

/* What is below a copy root R, for REL (the part of P below R). */
static int
below_root(const struct df_read_m *m, const char *rel, size_t len, int isdir)
{
	if (m->incl != NULL)
		return included(m, rel, len, isdir);
	if (len == 0)
		return DF_READ;		/* the match itself */
	return excluded(m, rel, len, isdir);
}

int
df_read_m_match(const struct df_read_m *m, const char *p, size_t pl,
    int isdir)
{
	size_t rel, k, comps;
	const char *w;

	if (!m->ctx)
		return DF_NO;
	if (m->wild == NULL) {
		if (under(p, pl, m->base, m->baselen, &rel))
			return below_root(m, p + rel, pl - rel, isdir);
		return isdir && ancestor(p, pl, m->base, m->baselen) ?
		    DF_PARENT : DF_NO;
	}
	if (!under(p, pl, m->base, m->baselen, &rel))
		return isdir && ancestor(p, pl, m->base, m->baselen) ?
		    DF_PARENT : DF_NO;
	if (rel == pl)			/* the base the walk starts from */
		return isdir ? DF_PARENT : DF_NO;
	/* the shallowest prefix of P below the base the pattern matches */
	comps = 0;
	for (k = rel; k <= pl; k++) {
		int r;

		if (k < pl && p[k] != '/')
			continue;
		comps++;
		r = df_fpmatch(m->wild, m->wildlen, p + rel, k - rel);
		if (r == 1) {
			size_t rest = k < pl ? k + 1 : pl;

			return below_root(m, p + rest, pl - rest, isdir);
		}
	}
	if (!isdir || comps >= m->wildcomps)
		return DF_NO;
	/* could a deeper path match?  Component by component. */
	w = m->wild;
	for (k = rel; k < pl;) {
		size_t e = k, we;

		while (e < pl && p[e] != '/')
			e++;
		for (we = 0; w + we < m->wild + m->wildlen && w[we] != '/';
		    we++)
			;
		if (df_fpmatch(w, we, p + k, e - k) != 1)
			return DF_NO;
		w += we + (w + we < m->wild + m->wildlen);
		k = e + 1;
	}
	return DF_PARENT;
}

/*
 * Set up the matcher of a context read: the literal base and wildcard
 * rest of PATH (splitWildcards; LITERAL: no wildcards, as for a bind
 * mount's source), the compiled --exclude and --parents patterns.  0, or
 * -1 out of memory / a bad pattern (the message in ERR).
 */
/* The first error of a rule set, into ERR. */
static void
copy_rules_err(struct diagbuf *err, const struct ctxpack_rules *r)
{
	const struct ctxpack_diag *d = ctxpack_rules_error(r);

	if (d != NULL)
		diag_set(err, d->level, d->file, d->line, d->col, "%s",
		    d->msg);
}

int
df_read_m_init(struct df_read_m *m, struct df_arena *ar, const char *path,
    int literal, const char *pattern, const char *const *excl, size_t nexcl,
    struct diagbuf *err)
{
	size_t len = strlen(path), i, start, cut = len, wl;
	int found = 0;

	m->ctx = 1;
	/* splitWildcards on the cleaned relative path */
	for (start = 0, i = 0; !literal && i <= len; i++) {
		if (i < len && path[i] != '/')
			continue;
		if (df_has_wildcards(path + start, i - start)) {
			cut = start;
			found = 1;
			break;
		}
		start = i + 1;
	}
	if (found) {
		m->baselen = cut > 0 ? cut - 1 : 0;
		m->base = df_strndup(ar, path, m->baselen);
		m->wild = df_strndup(ar, path + cut, len - cut);
		m->wildlen = len - cut;
		for (wl = 1, i = 0; i < m->wildlen; i++)
			wl += m->wild[i] == '/';
		m->wildcomps = wl;
	} else {
		m->base = df_strndup(ar, path, len);
		m->baselen = len;
	}
	if (ar->oom)
		return -1;
	if (nexcl > 0) {
		if ((m->excl = ctxpack_rules_new()) == NULL)
			return -1;
		for (i = 0; i < nexcl; i++)
			if (ctxpack_rules_add(m->excl, "--exclude", 0, excl[i],
			    strlen(excl[i])) != CTXPACK_OK) {
				copy_rules_err(err, m->excl);
				return -1;
			}
	}
	if (pattern != NULL) {
		if ((m->incl = ctxpack_rules_new()) == NULL)
			return -1;
		if (ctxpack_rules_add(m->incl, "--parents", 0, pattern,
		    strlen(pattern)) != CTXPACK_OK) {
			copy_rules_err(err, m->incl);
			return -1;
		}
	}
	return 0;
}

void
df_read_m_free(struct df_read_m *m)
{
	ctxpack_rules_free(m->excl);
	ctxpack_rules_free(m->incl);
	m->excl = m->incl = NULL;
}

/* The transfer matcher over BuildKit's FollowPaths patterns. */
int
df_xfer_m_match(const struct ctxpack_rules *r, const char *p, size_t pl,
    int isdir)
{
	struct ctxpack_match cm;
	size_t i;
	int v;

	if (ctxpack_rules_match_walk(r, p, pl, &cm) != CTXPACK_OK)
		return -1;
	if (cm.excluded)
		return DF_READ;
	if (!isdir)
		return DF_NO;
	for (i = 0; i < r->n; i++) {
		if (r->pat[i].exception)
			continue;
		v = pattern_could_match_below(&r->pat[i], p, pl, r->md,
		    r->mctx);
		if (v != 0)
			return v < 0 ? -1 : DF_PARENT;
	}
	return DF_NO;
}
