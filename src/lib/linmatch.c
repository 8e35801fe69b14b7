/*
 * linmatch.c: plain glob patterns matched in linear time, with the
 * answers of Docker's regexp (linmatch.h says which patterns and why).
 *
 * When every "**" is a whole segment, a program is a list of segment
 * tokens: SEG (a glob of literal bytes, '*' and '?' for one segment), ANY
 * (any one segment) and DSTAR (any number of segments, none too).  A
 * leading or inner "**" is a DSTAR; a last one (after a '/') is ANY then
 * DSTAR (Go's "/.*": one segment or more).  Both levels use the same
 * walk: a star keeps its position and, on a mismatch, takes one more
 * unit (a rune, or a segment) and the chunk after it is tried again.
 * That is exact when each other token takes exactly one unit, which
 * holds for runes ('?', a literal rune) and segments (SEG, ANY), and it
 * costs at most (units) x (tokens) steps.
 *
 * Otherwise the program is the regexp's own tokens (N_*: a rune, [^/],
 * [^/]*, (.*\/)?, .*) run as an NFA over the runes of the path, which
 * also gets '\n' right.
 */
#include <stdlib.h>
#include <string.h>

#include "ctxpack_int.h"

enum { T_LIT, T_STAR, T_ONE };		/* glob bytes of one segment */
enum { S_SEG, S_ANY, S_DSTAR };		/* segment tokens */

struct lm_seg {
	int		 kind;
	size_t		 off;		/* SEG: its glob in prog->glob */
	size_t		 len;
};

enum { N_LIT, N_ONE, N_STAR, N_DSTAR, N_TAIL };	/* NFA tokens */

struct lm_prog {
	struct lm_seg	*seg;
	size_t		 nseg;
	unsigned char	*glob;		/* T_* codes, T_LIT followed by a byte */
	size_t		 nglob;
	int		 dstar;		/* has a DSTAR or ANY */
	unsigned char	*ntok;		/* NFA: N_* per token, or NULL */
	int32_t		*nrune;		/* N_LIT: its rune */
	size_t		 nn;
};

void
lm_free(struct lm_prog *p)
{
	if (p == NULL)
		return;
	free(p->seg);
	free(p->glob);
	free(p->ntok);
	free(p->nrune);
	free(p);
}

static int
add_seg(struct lm_prog *p, int kind, size_t off, size_t len)
{
	p->seg[p->nseg].kind = kind;
	p->seg[p->nseg].off = off;
	p->seg[p->nseg].len = len;
	p->nseg++;
	if (kind != S_SEG)
		p->dstar = 1;
	return 0;
}

/* ASCII punctuation a Go regexp reads as itself after a '\'. */
static int
punct(unsigned char c)
{
	return c > 0x20 && c < 0x7f && !((c >= '0' && c <= '9') ||
	    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

/* The segment program; -1 if the pattern is not one (or no memory). */
static int
seg_compile(struct lm_prog *p, const unsigned char *s, size_t len)
{
	size_t i = 0, w;

	/* at most one segment per byte, plus one; 6 glob bytes per byte
	 * (a bad byte: U+FFFD's three, each after T_LIT) */
	p->seg = calloc(len + 2, sizeof(*p->seg));
	p->glob = malloc(6 * len + 1);
	if (p->seg == NULL || p->glob == NULL)
		goto no;
	i = 0;
	for (;;) {
		size_t off = p->nglob;

		/* "**" as a whole segment */
		if (i + 1 < len && s[i] == '*' && s[i + 1] == '*' &&
		    (i + 2 == len || s[i + 2] == '/')) {
			if (i + 2 == len) {
				/* a last "**" ("**" alone is no regexp) */
				if (i == 0)
					goto no;
				add_seg(p, S_ANY, 0, 0);
				add_seg(p, S_DSTAR, 0, 0);
				break;
			}
			add_seg(p, S_DSTAR, 0, 0);
			i += 3;
			if (i == len)	/* "**\/" cannot survive Clean */
				goto no;
			continue;
		}
		while (i < len && s[i] != '/') {
			if (s[i] == '*') {
				if (i + 1 < len && s[i + 1] == '*')
					goto no;	/* "**" inside a segment */
				p->glob[p->nglob++] = T_STAR;
				i++;
			} else if (s[i] == '?') {
				p->glob[p->nglob++] = T_ONE;
				i++;
			} else if (s[i] == '\\') {
				if (i + 1 >= len || s[i + 1] == '/' ||
				    !punct(s[i + 1]))
					goto no;
				p->glob[p->nglob++] = T_LIT;
				p->glob[p->nglob++] = s[i + 1];
				i += 2;
			} else if (s[i] < 0x80) {
				p->glob[p->nglob++] = T_LIT;
				p->glob[p->nglob++] = s[i++];
			} else {
				/* a rune as its UTF-8 bytes; a bad byte as
				 * U+FFFD, as the regexp holds it */
				int32_t r = go_decode_rune(s + i, len - i, &w);
				const unsigned char *b = s + i;
				size_t k;

				if (r == 0xfffd && w == 1) {
					b = (const unsigned char *)"\xef\xbf\xbd";
					w = 3;
				}
				for (k = 0; k < w; k++) {
					p->glob[p->nglob++] = T_LIT;
					p->glob[p->nglob++] = b[k];
				}
				i += b == s + i ? w : 1;
			}
		}
		add_seg(p, S_SEG, off, p->nglob - off);
		if (i >= len)
			break;
		i++;		/* '/' */
		if (i == len)
			goto no;	/* a trailing '/' cannot survive Clean */
	}
	return 0;
no:
	free(p->seg);
	free(p->glob);
	p->seg = NULL;
	p->glob = NULL;
	p->nseg = p->nglob = 0;
	p->dstar = 0;
	return -1;
}

/*
 * The NFA program, for the globs whose "**" is not a whole segment
 * ("a**b", "***"): the tokens build_gore() makes of the pattern, one
 * state before each.  -1 if the pattern has anything else.
 */
static int
nfa_compile(struct lm_prog *p, const unsigned char *s, size_t len)
{
	size_t i = 0, w;

	p->ntok = malloc(len + 1);
	p->nrune = malloc((len + 1) * sizeof(*p->nrune));
	if (p->ntok == NULL || p->nrune == NULL)
		return -1;
	while (i < len) {
		p->nrune[p->nn] = 0;
		if (s[i] == '*' && i + 1 < len && s[i + 1] == '*') {
			i += 2;
			if (i < len && s[i] == '/')
				i++;
			p->ntok[p->nn++] = i >= len ? N_TAIL : N_DSTAR;
		} else if (s[i] == '*') {
			p->ntok[p->nn++] = N_STAR;
			i++;
		} else if (s[i] == '?') {
			p->ntok[p->nn++] = N_ONE;
			i++;
		} else if (s[i] == '\\') {
			if (i + 1 >= len || !punct(s[i + 1]))
				return -1;
			p->ntok[p->nn] = N_LIT;
			p->nrune[p->nn++] = s[i + 1];
			i += 2;
		} else {
			/* a bad byte reads as U+FFFD, as in the regexp */
			p->ntok[p->nn] = N_LIT;
			p->nrune[p->nn++] = go_decode_rune(s + i, len - i, &w);
			i += w;
		}
	}
	return 0;
}

struct lm_prog *
lm_compile(const char *pat, size_t len)
{
	const unsigned char *s = (const unsigned char *)pat;
	struct lm_prog *p;
	size_t i;

	if (len == 0 || (len >= 3 && s[0] == 0xef && s[1] == 0xbb &&
	    s[2] == 0xbf))
		return NULL;
	for (i = 0; i < len; i++)
		if (s[i] == '\0' || strchr("[]^|{}", s[i]) != NULL)
			return NULL;
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	if (seg_compile(p, s, len) == 0 || nfa_compile(p, s, len) == 0)
		return p;
	lm_free(p);
	return NULL;
}

/* The width of the rune at s[i] (s valid UTF-8). */
static size_t
rune_width(const unsigned char *s, size_t len, size_t i)
{
	size_t w;

	if (s[i] < 0x80)
		return 1;
	(void)go_decode_rune(s + i, len - i, &w);
	return w;
}

/* One segment S (no '/') against glob G (T_* codes). */
static int
glob1(const unsigned char *g, size_t glen, const unsigned char *s,
    size_t slen)
{
	size_t gi = 0, si = 0, star_g = 0, star_s = 0;
	int star = 0;

	while (si < slen) {
		if (gi < glen && g[gi] == T_ONE) {
			si += rune_width(s, slen, si);
			gi++;
		} else if (gi < glen && g[gi] == T_STAR) {
			star = 1;
			star_g = ++gi;
			star_s = si;
		} else if (gi < glen && g[gi] == T_LIT && g[gi + 1] == s[si]) {
			gi += 2;
			si++;
		} else if (star) {
			star_s += rune_width(s, slen, star_s);
			si = star_s;
			gi = star_g;
		} else
			return 0;
	}
	while (gi < glen && g[gi] == T_STAR)
		gi++;
	return gi == glen;
}

/*
 * The NFA, one rune at a time: on[k] is "before token k", in[k] "inside
 * the (.*\/)? of DSTAR k".  Only forward empty moves (past a STAR, TAIL
 * or DSTAR), so one pass in order closes a state set.  '.' stops at
 * '\n', "[^/]" does not.
 */
static int
nfa_match(const struct lm_prog *p, const unsigned char *s, size_t len)
{
	unsigned char stack[4 * 257], *buf = stack, *on, *in, *non, *nin, *t;
	size_t n = p->nn, k, i, w;
	int32_t c;
	int live, rc;

	if (n > 256 && (buf = malloc(4 * (n + 1))) == NULL)
		return -1;
	on = buf;
	in = on + n + 1;
	non = in + n + 1;
	nin = non + n + 1;
	memset(on, 0, 2 * (n + 1));
	on[0] = 1;
	for (k = 0; k < n; k++)
		if (on[k] && p->ntok[k] != N_LIT && p->ntok[k] != N_ONE)
			on[k + 1] = 1;
	for (i = 0; i < len; i += w) {
		if (s[i] < 0x80) {
			c = s[i];
			w = 1;
		} else
			c = go_decode_rune(s + i, len - i, &w);
		memset(non, 0, 2 * (n + 1));
		live = 0;
		for (k = 0; k < n; k++) {
			if (on[k]) {
				switch (p->ntok[k]) {
				case N_LIT:
					if (c == p->nrune[k])
						non[k + 1] = 1;
					break;
				case N_ONE:
					if (c != '/')
						non[k + 1] = 1;
					break;
				case N_STAR:
					if (c != '/')
						non[k] = 1;
					break;
				case N_TAIL:
					if (c != '\n')
						non[k] = 1;
					break;
				case N_DSTAR:
					if (c != '\n')
						nin[k] = 1;
					if (c == '/')
						non[k + 1] = 1;
					break;
				}
			}
			if (in[k]) {
				if (c != '\n')
					nin[k] = 1;
				if (c == '/')
					non[k + 1] = 1;
			}
		}
		for (k = 0; k <= n; k++) {
			if (k < n && non[k] && p->ntok[k] != N_LIT &&
			    p->ntok[k] != N_ONE)
				non[k + 1] = 1;
			live |= non[k] | (k < n ? nin[k] : 0);
		}
		t = on;
		on = non;
		non = t;
		t = in;
		in = nin;
		nin = t;
		if (!live)
			break;
	}
	rc = i >= len && on[n];
	if (buf != stack)
		free(buf);
	return rc;
}

int
lm_match(const struct lm_prog *p, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t ti = 0, si = 0, star_t = 0, star_s = 0, end;
	int star = 0;

	if (p->ntok != NULL)
		return nfa_match(p, s, len);
	if (p->dstar && memchr(s, '\n', len) != NULL)
		return -1;
	/*
	 * si is the start of the current segment; a path of n '/' has n + 1
	 * segments, the last one ending at len, so "si > len" means all
	 * segments are used.
	 */
	while (si <= len) {
		const struct lm_seg *t = ti < p->nseg ? &p->seg[ti] : NULL;
		const unsigned char *e = memchr(s + si, '/', len - si);

		end = e != NULL ? (size_t)(e - s) : len;
		if (t != NULL && t->kind == S_DSTAR) {
			star = 1;
			star_t = ++ti;
			star_s = si;
			continue;
		}
		if (t != NULL && (t->kind == S_ANY || glob1(p->glob + t->off,
		    t->len, s + si, end - si))) {
			ti++;
			si = end + 1;
			continue;
		}
		if (!star)
			return 0;
		/* the star takes one more segment (past the last: none left) */
		e = memchr(s + star_s, '/', len - star_s);
		star_s = e != NULL ? (size_t)(e - s) + 1 : len + 1;
		si = star_s;
		ti = star_t;
	}
	while (ti < p->nseg && p->seg[ti].kind == S_DSTAR)
		ti++;
	return ti == p->nseg;
}
