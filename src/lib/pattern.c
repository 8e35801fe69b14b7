/*
 * pattern.c: the pattern compiler.  A cleaned .dockerignore pattern
 * becomes what moby/patternmatcher makes of it: one of its three
 * shortcuts (exact, prefix, suffix) or the Go regexp it builds, which is
 * then translated from Go's RE2 syntax into an equivalent PCRE2 program
 * (JIT-compiled).  Two extra shortcuts of ctxpack's own cover the most
 * common regexp shapes without calling PCRE2.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctxpack_int.h"

#define MAXRUNE 0x10ffff

/* ------------------------------------------------ Go filepath.Match syntax */

/*
 * Go's getEsc: one class character, possibly escaped.  Returns the offset
 * past it, or (size_t)-1 on ErrBadPattern.
 */
static size_t
go_getesc(const char *p, size_t len, size_t i, int32_t *r)
{
	size_t w;

	if (i >= len || p[i] == '-' || p[i] == ']')
		return (size_t)-1;
	if (p[i] == '\\') {
		i++;
		if (i >= len)
			return (size_t)-1;
	}
	*r = go_decode_rune((const unsigned char *)p + i, len - i, &w);
	if (*r == 0xfffd && w == 1)
		return (size_t)-1;
	i += w;
	if (i >= len)
		return (size_t)-1;
	return i;
}

/*
 * Go's matchChunk on (chunk, s): *ok set and the rest of s returned as
 * an offset; -1 on ErrBadPattern.  After a mismatch it goes on checking
 * the chunk's syntax without reading s.
 */
static int
go_match_chunk(const char *c, size_t clen, const char *s, size_t slen,
    size_t *rest, int *ok, size_t *erroff, size_t base)
{
	size_t i = 0, j = 0, w;
	int failed = 0;

	while (i < clen) {
		if (!failed && j >= slen)
			failed = 1;
		if (c[i] == '[') {
			int32_t r = 0, lo, hi;
			int negated = 0, match = 0, nrange = 0;
			size_t open = i;

			if (!failed) {
				r = go_decode_rune((const unsigned char *)s + j,
				    slen - j, &w);
				j += w;
			}
			i++;
			if (i < clen && c[i] == '^') {
				negated = 1;
				i++;
			}
			for (;;) {
				if (i < clen && c[i] == ']' && nrange > 0) {
					i++;
					break;
				}
				if ((i = go_getesc(c, clen, i, &lo)) == (size_t)-1)
					goto bad;
				hi = lo;
				if (c[i] == '-' && (i = go_getesc(c, clen, i + 1,
				    &hi)) == (size_t)-1)
					goto bad;
				if (lo <= r && r <= hi)
					match = 1;
				nrange++;
			}
			if (match == negated)
				failed = 1;
			continue;
bad:
			*erroff = base + open;
			return -1;
		} else if (c[i] == '?') {
			if (!failed) {
				if (s[j] == '/')
					failed = 1;
				go_decode_rune((const unsigned char *)s + j,
				    slen - j, &w);
				j += w;
			}
			i++;
			continue;
		} else if (c[i] == '\\') {
			i++;
			if (i >= clen) {
				*erroff = base + i - 1;
				return -1;
			}
		}
		if (!failed) {
			if (c[i] != s[j])
				failed = 1;
			j++;
		}
		i++;
	}
	*ok = !failed;
	*rest = failed ? 0 : j;
	return 0;
}

/* Go's scanChunk: stars, then the chunk up to the next unbracketed star. */
static size_t
go_scan_chunk(const char *p, size_t len, size_t i, int *star, size_t *cstart)
{
	int inrange = 0;

	*star = 0;
	while (i < len && p[i] == '*') {
		i++;
		*star = 1;
	}
	*cstart = i;
	for (; i < len; i++) {
		if (p[i] == '\\') {
			if (i + 1 < len)
				i++;
		} else if (p[i] == '[')
			inrange = 1;
		else if (p[i] == ']')
			inrange = 0;
		else if (p[i] == '*' && !inrange)
			break;
	}
	return i;
}

/*
 * patternmatcher.New's check: filepath.Match(pattern, ".") as the Go that
 * builds the docker CLI runs it.  It stops at the first chunk that cannot
 * match ".", so only the chunks it reaches are checked (a*\ passes; its
 * regexp then ends in a literal '$').
 */
int
go_match_syntax(const char *p, size_t len, char *err, size_t errsz,
    size_t *erroff)
{
	const char *name = ".";
	size_t nlen = 1, i = 0;

	while (i < len) {
		size_t cstart, cend, rest, k;
		int star, ok;

		cend = go_scan_chunk(p, len, i, &star, &cstart);
		i = cend;
		if (star && cend == cstart)
			return 0;
		if (go_match_chunk(p + cstart, cend - cstart, name, nlen, &rest,
		    &ok, erroff, cstart) < 0)
			goto bad;
		if (ok && (rest == nlen || i < len)) {
			name += rest;
			nlen -= rest;
			continue;
		}
		if (star) {
			for (k = 0; k < nlen && name[k] != '/'; k++) {
				if (go_match_chunk(p + cstart, cend - cstart,
				    name + k + 1, nlen - k - 1, &rest, &ok,
				    erroff, cstart) < 0)
					goto bad;
				if (ok) {
					if (i >= len && rest < nlen - k - 1)
						continue;
					name += k + 1 + rest;
					nlen -= k + 1 + rest;
					goto next;
				}
			}
		}
		return 0;
next:
		;
	}
	return 0;
bad:
	snprintf(err, errsz, "bad character class or trailing backslash");
	return -1;
}

/* ------------------------------------------------- Go RE2 -> PCRE2 syntax */

struct rset {			/* a set of rune ranges */
	int32_t	(*r)[2];
	size_t	 n;
	size_t	 cap;
	int	 oom;
};

static void
rset_add(struct rset *s, int32_t lo, int32_t hi)
{
	if (s->n == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 16;
		void *p = realloc(s->r, nc * sizeof(*s->r));

		if (p == NULL) {
			s->oom = 1;
			return;
		}
		s->r = p;
		s->cap = nc;
	}
	s->r[s->n][0] = lo;
	s->r[s->n][1] = hi;
	s->n++;
}

static int
rcmp(const void *a, const void *b)
{
	const int32_t *x = a, *y = b;

	return x[0] < y[0] ? -1 : x[0] > y[0];
}

/* Sort and merge. */
static void
rset_norm(struct rset *s)
{
	size_t i, o = 0;

	if (s->n == 0)
		return;
	qsort(s->r, s->n, sizeof(*s->r), rcmp);
	for (i = 1; i < s->n; i++) {
		if (s->r[i][0] <= s->r[o][1] + 1) {
			if (s->r[i][1] > s->r[o][1])
				s->r[o][1] = s->r[i][1];
		} else {
			o++;
			s->r[o][0] = s->r[i][0];
			s->r[o][1] = s->r[i][1];
		}
	}
	s->n = o + 1;
}

/* Add the complement of the ranges tbl (sorted, count n) to s. */
static void
rset_add_neg(struct rset *s, const int32_t (*tbl)[2], size_t n)
{
	int32_t next = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (tbl[i][0] > next)
			rset_add(s, next, tbl[i][0] - 1);
		next = tbl[i][1] + 1;
	}
	if (next <= MAXRUNE)
		rset_add(s, next, MAXRUNE);
}

static void
rset_add_tbl(struct rset *s, const int32_t (*tbl)[2], size_t n, int neg)
{
	size_t i;

	if (neg) {
		rset_add_neg(s, tbl, n);
		return;
	}
	for (i = 0; i < n; i++)
		rset_add(s, tbl[i][0], tbl[i][1]);
}

static const int32_t t_digit[][2] = { { '0', '9' } };
static const int32_t t_space[][2] = { { '\t', '\n' }, { '\f', '\r' },
    { ' ', ' ' } };
static const int32_t t_word[][2] = { { '0', '9' }, { 'A', 'Z' }, { '_', '_' },
    { 'a', 'z' } };

static const struct posix {
	const char	*name;
	int32_t		 r[4][2];
	size_t		 n;
} posix_classes[] = {
	{ "alnum", { { '0', '9' }, { 'A', 'Z' }, { 'a', 'z' } }, 3 },
	{ "alpha", { { 'A', 'Z' }, { 'a', 'z' } }, 2 },
	{ "ascii", { { 0, 0x7f } }, 1 },
	{ "blank", { { '\t', '\t' }, { ' ', ' ' } }, 2 },
	{ "cntrl", { { 0, 0x1f }, { 0x7f, 0x7f } }, 2 },
	{ "digit", { { '0', '9' } }, 1 },
	{ "graph", { { '!', '~' } }, 1 },
	{ "lower", { { 'a', 'z' } }, 1 },
	{ "print", { { ' ', '~' } }, 1 },
	{ "punct", { { '!', '/' }, { ':', '@' }, { '[', '`' }, { '{', '~' } }, 4 },
	{ "space", { { '\t', '\r' }, { ' ', ' ' } }, 2 },
	{ "upper", { { 'A', 'Z' } }, 1 },
	{ "word", { { '0', '9' }, { 'A', 'Z' }, { '_', '_' }, { 'a', 'z' } }, 4 },
	{ "xdigit", { { '0', '9' }, { 'A', 'F' }, { 'a', 'f' } }, 3 },
};

struct gp {			/* Go regexp parser state */
	const char	*s;
	size_t		 len;
	size_t		 i;
	struct sbuf	*out;
	char		*err;
	size_t		 errsz;
	size_t		 erroff;
	size_t		 atom;		/* output offset of the last atom */
};

static int
gp_fail(struct gp *g, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
gp_fail(struct gp *g, size_t off, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(g->err, g->errsz, fmt, ap);
	va_end(ap);
	g->erroff = off;
	return -1;
}

static int32_t
gp_rune(struct gp *g)
{
	size_t w;
	int32_t r = go_decode_rune((const unsigned char *)g->s + g->i,
	    g->len - g->i, &w);

	g->i += w;
	return r;
}

static int
unhex(int32_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
isalnum_ascii(int32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

/* Go's parseEscape: g->i is at the backslash.  Sets *r. */
static int
gp_escape(struct gp *g, int32_t *r)
{
	size_t start = g->i;
	int32_t c;
	int i;

	g->i++;
	if (g->i >= g->len)
		return gp_fail(g, start, "trailing backslash");
	c = gp_rune(g);
	if (c < 0x80 && !isalnum_ascii(c)) {
		*r = c;
		return 0;
	}
	switch (c) {
	case '1': case '2': case '3': case '4': case '5': case '6': case '7':
		if (g->i >= g->len || g->s[g->i] < '0' || g->s[g->i] > '7')
			break;
		/* FALLTHROUGH */
	case '0':
		*r = c - '0';
		for (i = 1; i < 3; i++) {
			if (g->i >= g->len || g->s[g->i] < '0' ||
			    g->s[g->i] > '7')
				break;
			*r = *r * 8 + g->s[g->i] - '0';
			g->i++;
		}
		return 0;
	case 'x':
		if (g->i >= g->len)
			break;
		c = gp_rune(g);
		if (c == '{') {
			int nhex = 0;
			int32_t v = 0;

			for (;;) {
				int h;

				if (g->i >= g->len)
					goto bad;
				c = gp_rune(g);
				if (c == '}')
					break;
				if ((h = unhex(c)) < 0)
					goto bad;
				v = v * 16 + h;
				if (v > MAXRUNE)
					goto bad;
				nhex++;
			}
			if (nhex == 0)
				goto bad;
			*r = v;
			return 0;
		} else {
			int x = unhex(c), y;

			if (g->i >= g->len)
				goto bad;
			y = unhex(gp_rune(g));
			if (x < 0 || y < 0)
				break;
			*r = x * 16 + y;
			return 0;
		}
	case 'a': *r = '\a'; return 0;
	case 'f': *r = '\f'; return 0;
	case 'n': *r = '\n'; return 0;
	case 'r': *r = '\r'; return 0;
	case 't': *r = '\t'; return 0;
	case 'v': *r = '\v'; return 0;
	default:
		break;
	}
bad:
	{
		char tmp[16];
		size_t n = g->i - start < sizeof(tmp) - 1 ? g->i - start :
		    sizeof(tmp) - 1;

		memcpy(tmp, g->s + start, n);
		tmp[n] = '\0';
		return gp_fail(g, start, "invalid escape sequence %s", tmp);
	}
}

/*
 * \d \D \s \S \w \W at g->i (a backslash): add to set, return 1; 0 if
 * not a Perl class.
 */
static int
gp_perlclass(struct gp *g, struct rset *set)
{
	char c;

	if (g->i + 1 >= g->len || g->s[g->i] != '\\')
		return 0;
	c = g->s[g->i + 1];
	switch (c) {
	case 'd': case 'D':
		rset_add_tbl(set, t_digit, 1, c == 'D');
		break;
	case 's': case 'S':
		rset_add_tbl(set, t_space, 3, c == 'S');
		break;
	case 'w': case 'W':
		rset_add_tbl(set, t_word, 4, c == 'W');
		break;
	default:
		return 0;
	}
	g->i += 2;
	return 1;
}

/*
 * \pX, \p{Name}, \PX, \p{^Name} at g->i: append the PCRE2 form to u and
 * return 1; 0 if not one; -1 on error.  Names are passed to PCRE2, which
 * knows the same Unicode categories and scripts.
 */
static int
gp_uniclass(struct gp *g, struct sbuf *u)
{
	size_t start = g->i, nstart, nend;
	int neg;

	if (g->i + 1 >= g->len || g->s[g->i] != '\\' ||
	    (g->s[g->i + 1] != 'p' && g->s[g->i + 1] != 'P'))
		return 0;
	neg = g->s[g->i + 1] == 'P';
	g->i += 2;
	if (g->i >= g->len)
		return gp_fail(g, start, "invalid character class range %s",
		    "\\p");
	if (g->s[g->i] == '{') {
		const char *end = memchr(g->s + g->i, '}', g->len - g->i);

		if (end == NULL)
			return gp_fail(g, start, "invalid character class "
			    "range %s", "\\p{");
		nstart = g->i + 1;
		nend = (size_t)(end - g->s);
		g->i = nend + 1;
		if (nstart < nend && g->s[nstart] == '^') {
			neg = !neg;
			nstart++;
		}
	} else {
		nstart = g->i;
		gp_rune(g);
		nend = g->i;
	}
	if (nend == nstart)
		return gp_fail(g, start, "invalid character class range %s",
		    "\\p{}");
	sbuf_put(u, neg ? "\\P{" : "\\p{", 3);
	if (nend - nstart == 3 && memcmp(g->s + nstart, "Any", 3) == 0)
		sbuf_put(u, "Any", 3);
	else
		sbuf_put(u, g->s + nstart, nend - nstart);
	sbuf_putc(u, '}');
	return 1;
}

static void
emit_rune(struct sbuf *o, int32_t r)
{
	if (r < 0x80 && isalnum_ascii(r))
		sbuf_putc(o, (char)r);
	else
		sbuf_printf(o, "\\x{%x}", (unsigned)r);
}

/* Emit a rune set as a PCRE2 class (surrogates cut out). */
static void
emit_set(struct sbuf *o, struct rset *set, const struct sbuf *uni, int neg)
{
	size_t i, k = 0;

	rset_norm(set);
	sbuf_putc(o, '[');
	if (neg)
		sbuf_putc(o, '^');
	for (i = 0; i < set->n; i++) {
		int32_t lo = set->r[i][0], hi = set->r[i][1];
		int32_t parts[2][2];
		size_t np = 0, j;

		if (lo < 0xd800 && hi > 0xdfff) {
			parts[np][0] = lo; parts[np++][1] = 0xd7ff;
			parts[np][0] = 0xe000; parts[np++][1] = hi;
		} else if (lo >= 0xd800 && hi <= 0xdfff) {
			continue;
		} else if (lo >= 0xd800 && lo <= 0xdfff) {
			parts[np][0] = 0xe000; parts[np++][1] = hi;
		} else if (hi >= 0xd800 && hi <= 0xdfff) {
			parts[np][0] = lo; parts[np++][1] = 0xd7ff;
		} else {
			parts[np][0] = lo; parts[np++][1] = hi;
		}
		for (j = 0; j < np; j++) {
			sbuf_printf(o, "\\x{%x}", (unsigned)parts[j][0]);
			if (parts[j][1] != parts[j][0])
				sbuf_printf(o, "-\\x{%x}", (unsigned)parts[j][1]);
			k++;
		}
	}
	if (uni->len > 0) {
		sbuf_put(o, uni->s, uni->len);
		k++;
	}
	if (k == 0) {
		/* An empty set: [] can't be written in PCRE2. */
		o->len -= neg ? 2 : 1;
		sbuf_put(o, neg ? "(?s:.)" : "(*FAIL)", neg ? 6 : 7);
		return;
	}
	sbuf_putc(o, ']');
}

/* Go's parseClass; g->i is at '['. */
static int
gp_class(struct gp *g)
{
	struct rset set = { 0 };
	struct sbuf uni = { 0 };
	size_t start = g->i;
	int neg = 0, first = 1, rc = -1;

	g->i++;
	if (g->i < g->len && g->s[g->i] == '^') {
		neg = 1;
		g->i++;
	}
	while (g->i >= g->len || g->s[g->i] != ']' || first) {
		int32_t lo, hi;
		size_t rstart;
		int u;

		if (g->i >= g->len) {
			gp_fail(g, start, "missing closing ]");
			goto out;
		}
		first = 0;
		if (g->len - g->i > 2 && g->s[g->i] == '[' &&
		    g->s[g->i + 1] == ':') {
			const char *e = NULL;
			size_t k;

			for (k = g->i + 2; k + 1 < g->len; k++)
				if (g->s[k] == ':' && g->s[k + 1] == ']') {
					e = g->s + k;
					break;
				}
			if (e != NULL) {
				const char *nm = g->s + g->i + 2;
				size_t nl = (size_t)(e - nm), j;
				int pneg = 0;

				if (nl > 0 && nm[0] == '^') {
					pneg = 1;
					nm++;
					nl--;
				}
				for (j = 0; j < sizeof(posix_classes) /
				    sizeof(posix_classes[0]); j++)
					if (strlen(posix_classes[j].name) == nl &&
					    memcmp(posix_classes[j].name, nm,
					    nl) == 0)
						break;
				if (j == sizeof(posix_classes) /
				    sizeof(posix_classes[0])) {
					gp_fail(g, g->i, "invalid character "
					    "class range %s", "[:...:]");
					goto out;
				}
				rset_add_tbl(&set, posix_classes[j].r,
				    posix_classes[j].n, pneg);
				g->i = (size_t)(e - g->s) + 2;
				continue;
			}
		}
		if ((u = gp_uniclass(g, &uni)) < 0)
			goto out;
		if (u > 0)
			continue;
		if (gp_perlclass(g, &set))
			continue;
		rstart = g->i;
		if (g->s[g->i] == '\\') {
			if (gp_escape(g, &lo) < 0)
				goto out;
		} else
			lo = gp_rune(g);
		hi = lo;
		if (g->len - g->i >= 2 && g->s[g->i] == '-' &&
		    g->s[g->i + 1] != ']') {
			g->i++;
			if (g->s[g->i] == '\\') {
				if (gp_escape(g, &hi) < 0)
					goto out;
			} else
				hi = gp_rune(g);
			if (hi < lo) {
				char tmp[64];
				size_t n = g->i - rstart < sizeof(tmp) - 1 ?
				    g->i - rstart : sizeof(tmp) - 1;

				memcpy(tmp, g->s + rstart, n);
				tmp[n] = '\0';
				gp_fail(g, rstart, "invalid character class "
				    "range %s", tmp);
				goto out;
			}
		}
		rset_add(&set, lo, hi);
	}
	g->i++;		/* ']' */
	if (set.oom || uni.oom) {
		gp_fail(g, start, "out of memory");
		goto out;
	}
	emit_set(g->out, &set, &uni, neg);
	rc = 0;
out:
	free(set.r);
	sbuf_free(&uni);
	return rc;
}

static int gp_seq(struct gp *, int depth);

/* One atom at g->i.  Returns 1 if it can take a repetition, 0 if not. */
static int
gp_atom(struct gp *g, int depth)
{
	size_t start = g->i;
	char c = g->s[g->i];

	switch (c) {
	case '(':
		if (g->i + 1 < g->len && g->s[g->i + 1] == '?')
			return gp_fail(g, start, "unsupported group");
		g->i++;
		sbuf_put(g->out, "(?:", 3);
		if (gp_seq(g, depth + 1) < 0)
			return -1;
		if (g->i >= g->len || g->s[g->i] != ')')
			return gp_fail(g, start, "missing closing )");
		g->i++;
		sbuf_putc(g->out, ')');
		return 1;
	case '[':
		return gp_class(g) < 0 ? -1 : 1;
	case '.':
		g->i++;
		sbuf_put(g->out, "[^\\n]", 5);
		return 1;
	case '^':
		g->i++;
		sbuf_put(g->out, "\\A", 2);
		return 0;
	case '$':
		g->i++;
		sbuf_put(g->out, "\\z", 2);
		return 0;
	case '\\':
		if (g->i + 1 < g->len) {
			char e = g->s[g->i + 1];
			struct rset set = { 0 };
			struct sbuf uni = { 0 };
			int32_t r;
			int u;

			switch (e) {
			case 'A':
				g->i += 2;
				sbuf_put(g->out, "\\A", 2);
				return 0;
			case 'z':
				g->i += 2;
				sbuf_put(g->out, "\\z", 2);
				return 0;
			case 'b': case 'B':
				g->i += 2;
				sbuf_put(g->out, e == 'b' ? "\\b" : "\\B", 2);
				return 0;
			case 'C':
				return gp_fail(g, start,
				    "invalid escape sequence %s", "\\C");
			case 'Q': {
				const char *lit = g->s + g->i + 2, *end = NULL;
				size_t k, n = g->len - (g->i + 2);

				for (k = 0; k + 1 < n; k++)
					if (lit[k] == '\\' && lit[k + 1] == 'E') {
						end = lit + k;
						break;
					}
				if (end == NULL)
					end = lit + n;
				g->i += 2;
				if (g->s + g->i == end) {
					if (end < g->s + g->len)
						g->i += 2;	/* \E */
					return 3;	/* nothing: keep prev */
				}
				while (g->s + g->i < end) {
					g->atom = g->out->len;
					emit_rune(g->out, gp_rune(g));
				}
				if (end < g->s + g->len)
					g->i += 2;	/* \E */
				return 1;	/* a repetition takes the last rune */
			}
			default:
				break;
			}
			if ((u = gp_uniclass(g, &uni)) != 0) {
				if (u > 0) {
					struct rset none = { 0 };

					emit_set(g->out, &none, &uni, 0);
				}
				sbuf_free(&uni);
				return u < 0 ? -1 : 1;
			}
			if (gp_perlclass(g, &set)) {
				if (set.oom) {
					free(set.r);
					return gp_fail(g, start, "out of memory");
				}
				emit_set(g->out, &set, &uni, 0);
				free(set.r);
				return 1;
			}
			if (gp_escape(g, &r) < 0)
				return -1;
			if (r >= 0xd800 && r <= 0xdfff)
				sbuf_put(g->out, "(*FAIL)", 7);
			else
				emit_rune(g->out, r);
			return 1;
		}
		return gp_fail(g, start, "trailing backslash");
	default:
		emit_rune(g->out, gp_rune(g));
		return 1;
	}
}

/* Go's parseInt for repeats: no leading zeros; >1e8 gives -1. */
static int
gp_int(struct gp *g, size_t *i, long *v)
{
	size_t k = *i;

	if (k >= g->len || g->s[k] < '0' || g->s[k] > '9')
		return 0;
	if (k + 1 < g->len && g->s[k] == '0' && g->s[k + 1] >= '0' &&
	    g->s[k + 1] <= '9')
		return 0;
	*v = 0;
	for (; k < g->len && g->s[k] >= '0' && g->s[k] <= '9'; k++)
		if (*v >= 0 && (*v = *v * 10 + g->s[k] - '0') > 100000000)
			*v = -1;
	*i = k;
	return 1;
}

/* Go's parseRepeat at g->i ('{'): 1 and the bounds, or 0 (a literal). */
static int
gp_repeat(struct gp *g, long *min, long *max, size_t *end)
{
	size_t k = g->i + 1;

	if (!gp_int(g, &k, min) || k >= g->len)
		return 0;
	if (g->s[k] != ',')
		*max = *min;
	else {
		k++;
		if (k >= g->len)
			return 0;
		if (g->s[k] == '}')
			*max = -1;
		else if (!gp_int(g, &k, max))
			return 0;
		else if (*max < 0)
			*min = -1;
	}
	if (k >= g->len || g->s[k] != '}')
		return 0;
	*end = k + 1;
	return 1;
}

static int
gp_seq(struct gp *g, int depth)
{
	/* prev: -1 nothing (start, after '(' or '|'), 0 an assertion,
	 * 1 an atom, 2 just repeated */
	int prev = -1, r;

	if (depth > 1000)
		return gp_fail(g, g->i, "expression nests too deeply");
	while (g->i < g->len) {
		char c = g->s[g->i];
		size_t qstart = g->i, qend;
		long min = 0, max = 0;

		if (c == ')')
			return depth > 0 ? 0 : gp_fail(g, g->i,
			    "unexpected )");
		if (c == '|') {
			g->i++;
			sbuf_putc(g->out, '|');
			prev = -1;
			continue;
		}
		if (c == '{' && !gp_repeat(g, &min, &max, &qend)) {
			g->atom = g->out->len;
			g->i++;
			emit_rune(g->out, '{');
			prev = 1;
			continue;
		}
		if (c == '*' || c == '+' || c == '?' || c == '{') {
			if (c == '{') {
				if (min < 0 || min > 1000 || max > 1000 ||
				    (max >= 0 && min > max))
					return gp_fail(g, qstart,
					    "invalid repeat count");
				g->i = qend;
			} else
				g->i++;
			if (prev == 2)
				return gp_fail(g, qstart, "invalid nested "
				    "repetition operator");
			if (prev == -1)
				return gp_fail(g, qstart, "missing argument to "
				    "repetition operator");
			if (prev == 0) {
				/* Go repeats an assertion; PCRE2 wants a
				 * group around it. */
				size_t n = g->out->len - g->atom;
				char *tmp = malloc(n + 1);

				if (tmp == NULL)
					return gp_fail(g, qstart,
					    "out of memory");
				memcpy(tmp, g->out->s + g->atom, n);
				g->out->len = g->atom;
				sbuf_put(g->out, "(?:", 3);
				sbuf_put(g->out, tmp, n);
				sbuf_putc(g->out, ')');
				free(tmp);
			}
			if (c == '{') {
				if (max == -1)
					sbuf_printf(g->out, "{%ld,}", min);
				else
					sbuf_printf(g->out, "{%ld,%ld}", min,
					    max);
			} else
				sbuf_putc(g->out, c);
			if (g->i < g->len && g->s[g->i] == '?') {
				g->i++;
				sbuf_putc(g->out, '?');
			}
			prev = 2;
			continue;
		}
		g->atom = g->out->len;
		if ((r = gp_atom(g, depth)) < 0)
			return -1;
		if (r != 3)
			prev = r;
	}
	return 0;
}

int
gore_to_pcre(const char *re, size_t len, struct sbuf *out, char *err,
    size_t errsz, size_t *erroff)
{
	struct gp g;

	g.s = re;
	g.len = len;
	g.i = 0;
	g.out = out;
	g.err = err;
	g.errsz = errsz;
	g.erroff = 0;
	if (gp_seq(&g, 0) < 0) {
		*erroff = g.erroff;
		return -1;
	}
	if (out->oom) {
		snprintf(err, errsz, "out of memory");
		*erroff = 0;
		return -1;
	}
	return 0;
}

/* ------------------------------------------------ patternmatcher compile */

/*
 * moby/patternmatcher's shouldEscape.  It means to escape .+()|{}$, but
 * its bitmap has 8 bits per byte for 8 bytes, so only runes below 64
 * come out escaped: '|', '{' and '}' reach the regexp raw.
 */
static int
should_escape(int32_t r)
{
	return r == '.' || r == '+' || r == '(' || r == ')' || r == '$';
}

/*
 * Port of Pattern.compile: walk the runes (text/scanner: invalid bytes
 * read as U+FFFD, a leading BOM skipped) and build the Go regexp and the
 * match type.  Shortcut types have no regexp.
 */
static void
build_gore(struct pattern *p, struct sbuf *re, size_t *offmap)
{
	const unsigned char *s = (const unsigned char *)p->text;
	size_t len = p->len, pos = 0, w;
	enum { EXACT, PREFIX, SUFFIX, REGEX } mt = EXACT;
	int i;

	(void)offmap;
	sbuf_putc(re, '^');
	if (len >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
		pos = 3;
	for (i = 0; pos < len; i++) {
		int32_t ch = go_decode_rune(s + pos, len - pos, &w);

		pos += w;
		if (ch == '*') {
			if (pos < len && s[pos] == '*') {
				pos++;
				if (pos < len && s[pos] == '/')
					pos++;
				if (pos >= len) {
					if (mt == EXACT)
						mt = PREFIX;
					else {
						sbuf_put(re, ".*", 2);
						mt = REGEX;
					}
				} else {
					sbuf_put(re, "(.*/)?", 6);
					mt = REGEX;
				}
				if (i == 0)
					mt = SUFFIX;
			} else {
				sbuf_put(re, "[^/]*", 5);
				mt = REGEX;
			}
		} else if (ch == '?') {
			sbuf_put(re, "[^/]", 4);
			mt = REGEX;
		} else if (should_escape(ch)) {
			sbuf_putc(re, '\\');
			sbuf_putc(re, (char)ch);
		} else if (ch == '\\') {
			if (pos < len) {
				int32_t n = go_decode_rune(s + pos, len - pos, &w);
				char u[4];
				size_t k;

				pos += w;
				sbuf_putc(re, '\\');
				/* string(rune) of U+FFFD for a bad byte */
				if (n < 0x80) {
					u[0] = (char)n;
					k = 1;
				} else if (n < 0x800) {
					u[0] = (char)(0xc0 | (n >> 6));
					u[1] = (char)(0x80 | (n & 0x3f));
					k = 2;
				} else if (n < 0x10000) {
					u[0] = (char)(0xe0 | (n >> 12));
					u[1] = (char)(0x80 | ((n >> 6) & 0x3f));
					u[2] = (char)(0x80 | (n & 0x3f));
					k = 3;
				} else {
					u[0] = (char)(0xf0 | (n >> 18));
					u[1] = (char)(0x80 | ((n >> 12) & 0x3f));
					u[2] = (char)(0x80 | ((n >> 6) & 0x3f));
					u[3] = (char)(0x80 | (n & 0x3f));
					k = 4;
				}
				sbuf_put(re, u, k);
				mt = REGEX;
			} else
				sbuf_putc(re, '\\');
		} else if (ch == '[' || ch == ']') {
			sbuf_putc(re, (char)ch);
			mt = REGEX;
		} else {
			if (ch == 0xfffd && w == 1)
				sbuf_put(re, "\xef\xbf\xbd", 3);
			else
				sbuf_put(re, (const char *)s + pos - w, w);
		}
	}
	sbuf_putc(re, '$');
	switch (mt) {
	case EXACT:
		p->kind = PK_EXACT;
		p->lit = p->text;
		p->litlen = p->len;
		break;
	case PREFIX:
		p->kind = PK_PREFIX;
		p->lit = p->text;
		p->litlen = p->len - 2;
		break;
	case SUFFIX:
		p->kind = PK_SUFFIX;
		p->lit = p->text + 2;
		p->litlen = p->len - 2;
		break;
	case REGEX:
		p->kind = PK_REGEX;
		break;
	}
}

/*
 * A literal tail: no glob or escape characters, no '/', none of the
 * characters that reach the regexp raw (^ | { }), ASCII without NUL.
 */
static int
plain_lit(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '\0' || strchr("*?[]\\/^|{}", s[i]) != NULL ||
		    (unsigned char)s[i] >= 0x80)
			return 0;
	return n > 0;
}

/*
 * The literal text every match of a regexp pattern starts with: the
 * pattern up to its first glob, escape or raw regexp character.  A raw
 * '{' may repeat the character before it, so that one is dropped too;
 * a raw '|' anywhere makes alternatives, so no prefix then.
 */
static size_t
literal_prefix(const struct pattern *p)
{
	size_t i;

	if (memchr(p->text, '|', p->len) != NULL ||
	    (p->len >= 3 && (unsigned char)p->text[0] == 0xef))
		return 0;
	for (i = 0; i < p->len; i++) {
		char c = p->text[i];

		if (strchr("*?[]\\^{}", c) != NULL || c == '\0' ||
		    (unsigned char)c >= 0x80)
			return c == '{' && i > 0 ? i - 1 : i;
	}
	return i;
}

/*
 * The longest literal run of a regexp pattern: text between wildcards,
 * classes and escapes, which every match must contain (the optional
 * parts Docker builds, (.*\/)? from **, hold no literal).  Only for
 * patterns of plain text, *, ? and ^: escapes, classes and the raw
 * regexp characters | { } would need a real parse.
 */
static void
required_literal(struct pattern *p)
{
	size_t i, start = 0, best = 0, bestlen = 0;

	/* escapes, classes, alternatives, repeats: not worth the risk */
	for (i = 0; i < p->len; i++)
		if (strchr("\\[]|{}", p->text[i]) != NULL || p->text[i] == '\0' ||
		    (unsigned char)p->text[i] >= 0x80)
			return;
	for (i = 0; i <= p->len; i++) {
		char c = i < p->len ? p->text[i] : '\0';
		size_t end = i;

		if (c != '\0' && strchr("*?^", c) == NULL)
			continue;
		if (end > start && end - start > bestlen) {
			best = start;
			bestlen = end - start;
		}
		start = i + 1;
		/* "**" eats a '/' after it: not part of the next run */
		if (c == '*' && i + 1 < p->len && p->text[i + 1] == '*') {
			i++;
			start = i + 1;
			if (i + 1 < p->len && p->text[i + 1] == '/')
				start = i + 2;
		}
	}
	if (bestlen >= 2) {
		p->req = p->text + best;
		p->reqlen = bestlen;
	}
}

/* Our own shortcuts for two common regexp shapes, checked by fuzzing. */
static void
pick_fast(struct pattern *p)
{
	if (p->kind != PK_REGEX)
		return;
	if (p->len >= 2 && p->text[0] == '*' && p->text[1] != '*' &&
	    plain_lit(p->text + 1, p->len - 1)) {
		p->fast = PF_ROOT_SUFFIX;
		p->lit = p->text + 1;
		p->litlen = p->len - 1;
	} else if (p->len >= 5 && memcmp(p->text, "**/*", 4) == 0 &&
	    p->text[4] != '*' && plain_lit(p->text + 4, p->len - 4)) {
		p->fast = PF_BASE_SUFFIX;
		p->lit = p->text + 4;
		p->litlen = p->len - 4;
	}
}

int
pattern_compile(struct pattern *p, const char *text, size_t len,
    int exception, char *err, size_t errsz, size_t *erroff)
{
	struct sbuf gore = { 0 }, pcre = { 0 };
	int ecode;
	PCRE2_SIZE eoff;

	memset(p, 0, sizeof(*p));
	if ((p->text = malloc(len + 1)) == NULL) {
		snprintf(err, errsz, "out of memory");
		*erroff = 0;
		return -1;
	}
	memcpy(p->text, text, len);
	p->text[len] = '\0';
	p->len = len;
	p->exception = exception;
	if (go_match_syntax(text, len, err, errsz, erroff) < 0)
		goto fail;
	build_gore(p, &gore, NULL);
	if (gore.oom) {
		snprintf(err, errsz, "out of memory");
		*erroff = 0;
		goto fail;
	}
	p->gore = gore.s;
	p->gorelen = gore.len;
	gore.s = NULL;
	if (p->kind != PK_REGEX)
		return 0;
	/* Docker compiles the regexp lazily; we check it now. */
	if (gore_to_pcre(p->gore, p->gorelen, &pcre, err, errsz,
	    erroff) < 0) {
		*erroff = 0;
		sbuf_free(&pcre);
		goto fail;
	}
	p->pcre = pcre.s;
	p->re = pcre2_compile((PCRE2_SPTR)p->pcre, pcre.len,
	    PCRE2_UTF | PCRE2_NEVER_BACKSLASH_C | PCRE2_NO_UTF_CHECK,
	    &ecode, &eoff, NULL);
	if (p->re == NULL) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(ecode, msg, sizeof(msg));
		snprintf(err, errsz, "%s", (char *)msg);
		*erroff = 0;
		goto fail;
	}
	if (pcre2_jit_compile(p->re, PCRE2_JIT_COMPLETE |
	    (exception ? PCRE2_JIT_PARTIAL_HARD : 0)) == 0 && exception)
		p->jit_partial = 1;
	pick_fast(p);
	p->pfxlen = literal_prefix(p);
	required_literal(p);
	return 0;
fail:
	sbuf_free(&gore);
	pattern_free(p);
	return -1;
}

void
pattern_free(struct pattern *p)
{
	free(p->text);
	free(p->gore);
	free(p->pcre);
	pcre2_code_free(p->re);
	memset(p, 0, sizeof(*p));
}

/* Replace bytes Go would decode as RuneError by U+FFFD. */
static char *
sanitize(const char *s, size_t len, size_t *outlen)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out = malloc(len * 3 + 1);
	size_t i = 0, o = 0, w;

	if (out == NULL)
		return NULL;
	while (i < len) {
		if (p[i] < 0x80) {
			out[o++] = (char)p[i++];
			continue;
		}
		if (go_decode_rune(p + i, len - i, &w) == 0xfffd && w == 1) {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		} else {
			memcpy(out + o, p + i, w);
			o += w;
			i += w;
		}
	}
	*outlen = o;
	return out;
}

/*
 * Backtracking blew its limit (say "*a*a*a*a*a*a*a*a*b" on a long name):
 * the same question to PCRE2's DFA matcher, which cannot explode (Go's
 * engine, like Docker's, is linear too).  Its workspace grows as needed
 * up to a bound; beyond that the caller reports the limit, naming the
 * pattern, rather than guess.
 */
static int
run_dfa(const struct pattern *p, const char *s, size_t len, uint32_t opts,
    pcre2_match_data *md, pcre2_match_context *mctx)
{
	int stackws[2048], *ws = stackws, rc;
	size_t n = sizeof(stackws) / sizeof(stackws[0]);

	for (;;) {
		rc = pcre2_dfa_match(p->re, (PCRE2_SPTR)s, len, 0,
		    opts | PCRE2_NO_UTF_CHECK | PCRE2_DFA_SHORTEST, md, mctx,
		    ws, n);
		if (rc != PCRE2_ERROR_DFA_WSSIZE || n >= (1u << 22))
			break;
		if (ws != stackws)
			free(ws);
		n *= 8;
		if ((ws = malloc(n * sizeof(*ws))) == NULL)
			return PCRE2_ERROR_NOMEMORY;
	}
	if (ws != stackws)
		free(ws);
	if (rc == 0)		/* ovector too small: matched all the same */
		rc = 1;
	return rc;
}

static int
run_re(const struct pattern *p, const char *s, size_t len, uint32_t opts,
    pcre2_match_data *md, pcre2_match_context *mctx)
{
	char *tmp = NULL;
	int rc;

	if (!go_valid_utf8(s, len)) {
		if ((tmp = sanitize(s, len, &len)) == NULL)
			return -1;
		s = tmp;
	}
	rc = pcre2_match(p->re, (PCRE2_SPTR)s, len, 0,
	    opts | PCRE2_NO_UTF_CHECK, md, mctx);
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_HEAPLIMIT)
		rc = run_dfa(p, s, len, opts, md, mctx);
	free(tmp);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_PARTIAL)
		return 2;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	return -1;
}

int
pattern_match(const struct pattern *p, const char *path, size_t len,
    pcre2_match_data *md, pcre2_match_context *mctx)
{
	switch (p->kind) {
	case PK_EXACT:
		return len == p->litlen && memcmp(path, p->lit, len) == 0;
	case PK_PREFIX:
		return len >= p->litlen && memcmp(path, p->lit, p->litlen) == 0;
	case PK_SUFFIX:
		if (len >= p->litlen &&
		    memcmp(path + len - p->litlen, p->lit, p->litlen) == 0)
			return 1;
		return p->litlen > 0 && p->lit[0] == '/' &&
		    len == p->litlen - 1 && memcmp(path, p->lit + 1, len) == 0;
	case PK_REGEX:
		break;
	}
	switch (p->fast) {
	case PF_ROOT_SUFFIX:
		return len >= p->litlen &&
		    memcmp(path + len - p->litlen, p->lit, p->litlen) == 0 &&
		    memchr(path, '/', len) == NULL;
	case PF_BASE_SUFFIX: {
		const char *slash;

		if (len < p->litlen ||
		    memcmp(path + len - p->litlen, p->lit, p->litlen) != 0)
			return 0;
		/* (.*\/)? cannot cross a newline: '.' excludes \n in Go. */
		slash = memrchr(path, '/', len);
		return slash == NULL ||
		    memchr(path, '\n', (size_t)(slash - path)) == NULL;
	}
	case PF_NONE:
		break;
	}
	if (p->pfxlen > 0 && (len < p->pfxlen ||
	    memcmp(path, p->text, p->pfxlen) != 0))
		return 0;
	if (p->reqlen > 0 && memmem(path, len, p->req, p->reqlen) == NULL)
		return 0;
	return run_re(p, path, len, 0, md, mctx);
}

int
pattern_could_match_below(const struct pattern *p, const char *dir,
    size_t len, pcre2_match_data *md, pcre2_match_context *mctx)
{
	char buf[4096], *sub;
	size_t n = len + 1;
	int rc;

	switch (p->kind) {
	case PK_EXACT:
		return p->litlen > len + 1 && memcmp(p->lit, dir, len) == 0 &&
		    p->lit[len] == '/';
	case PK_PREFIX:
		/* path starts with stem: some DIR/... does iff one of stem
		 * and "DIR/" is a prefix of the other */
		if (p->litlen <= len + 1)
			return memcmp(p->lit, dir, p->litlen < len ?
			    p->litlen : len) == 0 &&
			    (p->litlen <= len || p->lit[len] == '/');
		return memcmp(p->lit, dir, len) == 0 && p->lit[len] == '/';
	case PK_SUFFIX:
		return 1;
	case PK_REGEX:
		break;
	}
	sub = n <= sizeof(buf) ? buf : malloc(n);
	if (sub == NULL)
		return 1;
	memcpy(sub, dir, len);
	sub[len] = '/';
	rc = run_re(p, sub, n, PCRE2_PARTIAL_HARD, md, mctx);
	if (sub != buf)
		free(sub);
	return rc != 0;		/* match, partial, or unsure: descend */
}

/*
 * An ignore-file line that means exactly PATH (after PREFIX: "", "!" or
 * "**\/"), printable: glob and regexp characters escaped (Docker's
 * escapes are regexp ones, so \* \? \[ \] \\ \^ \| \{ \} are literal),
 * control characters as \xHH, white space at either end (which Docker
 * trims) as \x{HH}, a leading # or ! escaped so it is neither a comment
 * nor an exception.  The line is then read back as Docker reads it and
 * must match PATH; NULL when no line can (a name that is not UTF-8: Go
 * reads every invalid byte as U+FFFD, so no pattern names one exactly),
 * or when memory runs out.  To free.
 */
char *
pattern_line(const char *prefix, const char *path, size_t len)
{
	size_t pl = strlen(prefix), i = 0, w, tl, cl;
	int bang = pl > 0 && prefix[pl - 1] == '!';
	int lead = pl == 0 || (pl == 1 && bang);
	struct sbuf b = { NULL, 0, 0, 0 };
	struct pattern pt;
	const char *t;
	char err[256], *clean = NULL;
	pcre2_match_data *md = NULL;
	int32_t r;
	int ok = 0;

	sbuf_put(&b, prefix, pl);
	while (i < len) {
		r = go_decode_rune((const unsigned char *)path + i, len - i, &w);
		if (r == 0xfffd && w == 1)
			goto out;	/* not UTF-8 */
		if (r < 0x20 || r == 0x7f)
			sbuf_printf(&b, "\\x%02x", (unsigned)r);
		else if (r < 0x80 && strchr("*?[]\\^|{}", (int)r) != NULL)
			sbuf_printf(&b, "\\%c", (int)r);
		else if (i == 0 && lead && (r == '#' || r == '!'))
			sbuf_printf(&b, "\\%c", (int)r);
		else if (((i == 0 && lead) || i + w == len) && go_isspace(r))
			sbuf_printf(&b, "\\x{%x}", (unsigned)r);
		else
			sbuf_put(&b, path + i, w);
		i += w;
	}
	sbuf_putc(&b, '\0');
	if (b.oom)
		goto out;
	/* read it back: TrimSpace, '!', TrimSpace, Clean (R4-R6, R8) */
	t = go_trimspace(b.s, b.len - 1, &tl);
	if (tl != b.len - 1)
		goto out;
	if (bang) {
		t = go_trimspace(t + 1, tl - 1, &tl);
	}
	if ((clean = malloc(tl + 2)) == NULL)
		goto out;
	cl = go_clean(t, tl, clean);
	if (cl != tl || memcmp(clean, t, tl) != 0)
		goto out;
	if (pattern_compile(&pt, clean, cl, bang, err, sizeof(err), &w) < 0)
		goto out;
	if ((md = pcre2_match_data_create(1, NULL)) != NULL)
		ok = pattern_match(&pt, path, len, md, NULL) == 1;
	pattern_free(&pt);
out:
	pcre2_match_data_free(md);
	free(clean);
	if (!ok) {
		sbuf_free(&b);
		return NULL;
	}
	return b.s;
}
