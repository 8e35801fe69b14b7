/*
 * gitignore.c: git's ignore rules, byte for byte as git 2.39 applies them
 * (dir.c: add_patterns_from_buffer, trim_trailing_spaces,
 * parse_path_pattern, match_basename, match_pathname, prep_exclude;
 * wildmatch.c: dowild).  Patterns are parsed once into git's flags, the
 * literal-prefix length, and literal bytes any match must end with or
 * contain (cheap tests before wildmatch); matching allocates nothing.
 *
 * Rules are kept in add order (the indices gi_info() and gi_match()
 * speak of).  Files are grouped by base directory; each group links to
 * the nearest group whose base is an ancestor of its own, so a path is
 * judged by walking from its deepest applicable group up to the root,
 * newest file first, last line first: the first hit decides, which is
 * git's last_matching_pattern_from_lists().
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitignore.h"

#define GI_NEGATIVE	0x01	/* '!' */
#define GI_MUSTBEDIR	0x02	/* trailing '/' */
#define GI_NODIR	0x04	/* no other '/': match the basename */
#define GI_ENDSWITH	0x08	/* '*' then a literal */

#define WM_PATHNAME	0x01

#define WM_MATCH		0
#define WM_NOMATCH		1
#define WM_ABORT_ALL		(-1)
#define WM_ABORT_TO_STARSTAR	(-2)

#define FNV_OFFSET	UINT64_C(14695981039346656037)
#define FNV_PRIME	UINT64_C(1099511628211)

typedef unsigned char uchar;

struct gi_pat {
	const char	*text;		/* as written, trimmed, NUL-ended */
	const char	*pat;		/* text after '!' */
	size_t		 plen;		/* without the trailing '/' */
	size_t		 nowild;	/* literal prefix, <= plen */
	size_t		 tail;		/* the text ends with the last tail */
	size_t		 need;		/* the text contains pat[needoff..] */
	size_t		 needoff;
	size_t		 file;
	unsigned	 line;
	unsigned	 flags;
};

struct gi_file {
	char		*buf;		/* the lines, patterns point in */
	char		*source;
	size_t		 first;		/* patterns [first, first + n) */
	size_t		 n;
	size_t		 group;
	long		 prev;		/* previous file of the group, or -1 */
};

struct gi_group {
	char		*base;
	size_t		 baselen;
	uint64_t	 hash;
	long		 last;		/* newest file, or -1 */
	long		 parent;	/* nearest ancestor group, or -1 */
};

struct gi_rules {
	struct gi_pat	*pat;
	size_t		 npat, cappat;
	struct gi_file	*file;
	size_t		 nfile, capfile;
	struct gi_group	*grp;
	size_t		 ngrp, capgrp;
	long		*htab;		/* open addressing; group or -1 */
	size_t		 hsize;		/* power of two */
	long		 root;		/* group of base "", or -1 */
	size_t		 maxbase;
};

/* ------------------------------------------------------------ wildmatch */

static int
is_glob_special(uchar c)
{
	return c == '*' || c == '?' || c == '[' || c == '\\';
}

static int
is_alpha(uchar c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_digit(uchar c)
{
	return c >= '0' && c <= '9';
}

/*
 * POSIX class NAME (of length N) against C; -1 for an unknown name.
 * git's sane_ctype tables and the C locale: [:space:] is only " \t\n\r".
 */
static int
cclass(const uchar *name, size_t n, uchar c)
{
	static const struct {
		const char	*name;
		int		 id;
	} tab[] = {
		{ "alnum", 0 }, { "alpha", 1 }, { "blank", 2 },
		{ "cntrl", 3 }, { "digit", 4 }, { "graph", 5 },
		{ "lower", 6 }, { "print", 7 }, { "punct", 8 },
		{ "space", 9 }, { "upper", 10 }, { "xdigit", 11 }
	};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strlen(tab[i].name) == n && memcmp(tab[i].name, name,
		    n) == 0)
			break;
	switch (i) {
	case 0:
		return is_alpha(c) || is_digit(c);
	case 1:
		return is_alpha(c);
	case 2:
		return c == ' ' || c == '\t';
	case 3:
		return c < 0x20 || c == 0x7f;
	case 4:
		return is_digit(c);
	case 5:
		return c > 0x20 && c < 0x7f;
	case 6:
		return c >= 'a' && c <= 'z';
	case 7:
		return c >= 0x20 && c < 0x7f;
	case 8:
		return c > 0x20 && c < 0x7f && !is_alpha(c) && !is_digit(c);
	case 9:
		return c == ' ' || c == '\t' || c == '\n' || c == '\r';
	case 10:
		return c >= 'A' && c <= 'Z';
	case 11:
		return is_digit(c) || (c >= 'a' && c <= 'f') ||
		    (c >= 'A' && c <= 'F');
	default:
		return -1;
	}
}

/* The byte at Q, or NUL at or past END (a function: Q is often "++p"). */
static uchar
at(const uchar *q, const uchar *end)
{
	return q < end ? *q : '\0';
}

#define PCH(q)	at((q), pe)
#define TCH(q)	at((q), te)

/*
 * git's dowild() on counted strings: the pattern [p, pe) and the text
 * [text, te), either of which ends early at a NUL as git's C strings do.
 */
static int
dowild(const uchar *p, const uchar *pe, const uchar *text, const uchar *te,
    unsigned flags)
{
	const uchar *pattern = p;
	uchar p_ch;

	for (; (p_ch = PCH(p)) != '\0'; text++, p++) {
		const uchar *star, *slash, *s;
		int matched, match_slash, negated, m;
		uchar t_ch, prev_ch;

		if ((t_ch = TCH(text)) == '\0' && p_ch != '*')
			return WM_ABORT_ALL;
		switch (p_ch) {
		case '\\':
			/* A trailing '\\' compares '\0' and fails. */
			p_ch = PCH(p + 1);
			p++;
			/* FALLTHROUGH */
		default:
			if (t_ch != p_ch)
				return WM_NOMATCH;
			continue;
		case '?':
			if ((flags & WM_PATHNAME) && t_ch == '/')
				return WM_NOMATCH;
			continue;
		case '*':
			star = p;
			if (PCH(++p) == '*') {
				while (PCH(++p) == '*')
					;
				if (!(flags & WM_PATHNAME))
					match_slash = 1;
				else if ((star == pattern || star[-1] == '/') &&
				    (PCH(p) == '\0' || PCH(p) == '/' ||
				    (PCH(p) == '\\' && PCH(p + 1) == '/'))) {
					/* "**" + "/" may match nothing. */
					if (PCH(p) == '/' && dowild(p + 1, pe,
					    text, te, flags) == WM_MATCH)
						return WM_MATCH;
					match_slash = 1;
				} else
					match_slash = 0;
			} else
				match_slash = !(flags & WM_PATHNAME);
			if (PCH(p) == '\0') {
				if (!match_slash && text < te &&
				    memchr(text, '/', (size_t)(te - text)))
					return WM_NOMATCH;
				return WM_MATCH;
			} else if (!match_slash && PCH(p) == '/') {
				/* '*' then '/': the rest of this component */
				slash = text < te ? memchr(text, '/',
				    (size_t)(te - text)) : NULL;
				if (slash == NULL)
					return WM_NOMATCH;
				text = slash;
				break;
			}
			for (;;) {
				if (t_ch == '\0')
					break;
				/* A literal after the star: skip to it. */
				if (!is_glob_special(PCH(p))) {
					p_ch = PCH(p);
					while ((t_ch = TCH(text)) != '\0' &&
					    (match_slash || t_ch != '/')) {
						if (t_ch == p_ch)
							break;
						text++;
					}
					if (t_ch != p_ch)
						return WM_NOMATCH;
				}
				if ((matched = dowild(p, pe, text, te,
				    flags)) != WM_NOMATCH) {
					if (!match_slash ||
					    matched != WM_ABORT_TO_STARSTAR)
						return matched;
				} else if (!match_slash && t_ch == '/')
					return WM_ABORT_TO_STARSTAR;
				t_ch = TCH(++text);
			}
			return WM_ABORT_ALL;
		case '[':
			p_ch = PCH(++p);
			if (p_ch == '^')
				p_ch = '!';
			negated = p_ch == '!';
			if (negated)
				p_ch = PCH(++p);
			prev_ch = 0;
			matched = 0;
			do {
				if (p_ch == '\0')
					return WM_ABORT_ALL;
				if (p_ch == '\\') {
					p_ch = PCH(++p);
					if (p_ch == '\0')
						return WM_ABORT_ALL;
					if (t_ch == p_ch)
						matched = 1;
				} else if (p_ch == '-' && prev_ch &&
				    PCH(p + 1) != '\0' && PCH(p + 1) != ']') {
					p_ch = PCH(++p);
					if (p_ch == '\\') {
						p_ch = PCH(++p);
						if (p_ch == '\0')
							return WM_ABORT_ALL;
					}
					if (t_ch <= p_ch && t_ch >= prev_ch)
						matched = 1;
					p_ch = 0;	/* prev_ch becomes 0 */
				} else if (p_ch == '[' && PCH(p + 1) == ':') {
					s = p += 2;
					while ((p_ch = PCH(p)) != '\0' &&
					    p_ch != ']')
						p++;
					if (p_ch == '\0')
						return WM_ABORT_ALL;
					if (p == s || p[-1] != ':') {
						/* No ":]": a plain '['. */
						p = s - 2;
						p_ch = '[';
						if (t_ch == p_ch)
							matched = 1;
						continue;
					}
					m = cclass(s, (size_t)(p - s - 1),
					    t_ch);
					if (m < 0)
						return WM_ABORT_ALL;
					if (m)
						matched = 1;
					p_ch = 0;	/* prev_ch becomes 0 */
				} else if (t_ch == p_ch)
					matched = 1;
			} while (prev_ch = p_ch, (p_ch = PCH(++p)) != ']');
			if (matched == negated ||
			    ((flags & WM_PATHNAME) && t_ch == '/'))
				return WM_NOMATCH;
			continue;
		}
	}
	return TCH(text) != '\0' ? WM_NOMATCH : WM_MATCH;
}

static int
wildmatch(const char *pat, size_t plen, const char *text, size_t tlen,
    unsigned flags)
{
	return dowild((const uchar *)pat, (const uchar *)pat + plen,
	    (const uchar *)text, (const uchar *)text + tlen, flags);
}

/* ------------------------------------------------------------- matching */

/* S (of length N) contains the N2 bytes at S2. */
static int
contains(const char *s, size_t n, const char *s2, size_t n2)
{
	const char *q, *end = s + n;

	while ((size_t)(end - s) >= n2 &&
	    (q = memchr(s, s2[0], (size_t)(end - s) - n2 + 1)) != NULL) {
		if (memcmp(q, s2, n2) == 0)
			return 1;
		s = q + 1;
	}
	return 0;
}

/*
 * Necessary conditions for a wildmatch of P against the TLEN bytes
 * before TEND: its literal tail and its longest literal run.
 */
static int
prefilter(const struct gi_pat *p, const char *tend, size_t tlen)
{
	if (p->tail > 0 && (tlen < p->tail ||
	    tend[-1] != p->pat[p->plen - 1] ||
	    memcmp(tend - p->tail, p->pat + p->plen - p->tail, p->tail) != 0))
		return 0;
	if (p->need > 0 && !contains(tend - tlen, tlen, p->pat + p->needoff,
	    p->need))
		return 0;
	return 1;
}

/* dir.c match_basename(). */
static int
match_basename(const struct gi_pat *p, const char *bn, size_t bnlen)
{
	/* Byte tests before each memcmp(): most patterns fail there. */
	if (p->nowild == p->plen)
		return p->plen == bnlen && (bnlen == 0 || (p->pat[0] == bn[0] &&
		    memcmp(p->pat, bn, bnlen) == 0));
	if (p->flags & GI_ENDSWITH)
		return p->plen - 1 <= bnlen && (p->plen == 1 ||
		    (p->pat[p->plen - 1] == bn[bnlen - 1] && memcmp(p->pat + 1,
		    bn + bnlen - (p->plen - 1), p->plen - 1) == 0));
	if (p->nowild > 0 && (p->nowild > bnlen || p->pat[0] != bn[0] ||
	    memcmp(p->pat, bn, p->nowild) != 0))
		return 0;
	if (!prefilter(p, bn + bnlen, bnlen))
		return 0;
	return wildmatch(p->pat, p->plen, bn, bnlen, 0) == WM_MATCH;
}

/*
 * dir.c match_pathname(), NAME being the path below the pattern's base
 * (the caller made sure the path lies below it).
 */
static int
match_pathname(const struct gi_pat *p, const char *name, size_t namelen)
{
	const char *pat = p->pat;
	size_t plen = p->plen, prefix = p->nowild;

	if (plen > 0 && *pat == '/') {
		pat++;
		plen--;
		prefix--;
	}
	if (prefix > 0) {
		if (prefix > namelen || pat[0] != name[0] ||
		    memcmp(pat, name, prefix) != 0)
			return 0;
		pat += prefix;
		plen -= prefix;
		name += prefix;
		namelen -= prefix;
		if (plen == 0 && namelen == 0)
			return 1;
	}
	if (!prefilter(p, name + namelen, namelen))
		return 0;
	/* After a consumed prefix, a "**" there counts as at the start. */
	return wildmatch(pat, plen, name, namelen, WM_PATHNAME) == WM_MATCH;
}

static uint64_t
fnv_step(uint64_t h, uchar c)
{
	return (h ^ c) * FNV_PRIME;
}

static uint64_t
fnv(const char *s, size_t n)
{
	uint64_t h = FNV_OFFSET;
	size_t i;

	for (i = 0; i < n; i++)
		h = fnv_step(h, (uchar)s[i]);
	return h;
}

static long
group_find(const struct gi_rules *r, uint64_t h, const char *s, size_t n)
{
	size_t mask = r->hsize - 1, i;
	long g;

	if (r->hsize == 0)
		return -1;
	for (i = (size_t)h & mask; (g = r->htab[i]) >= 0; i = (i + 1) & mask)
		if (r->grp[g].hash == h && r->grp[g].baselen == n &&
		    memcmp(r->grp[g].base, s, n) == 0)
			return g;
	return -1;
}

/* The deepest group whose base is a directory strictly above PATH. */
static long
deepest_group(const struct gi_rules *r, const char *path, size_t len)
{
	uint64_t h = FNV_OFFSET;
	size_t k, lim;
	long best = r->root, g;

	if (r->ngrp == 0 || (r->ngrp == 1 && r->root >= 0))
		return r->root;
	lim = len < r->maxbase + 1 ? len : r->maxbase + 1;
	for (k = 0; k < lim; k++) {
		if (path[k] == '/' && k > 0 &&
		    (g = group_find(r, h, path, k)) >= 0)
			best = g;
		h = fnv_step(h, (uchar)path[k]);
	}
	return best;
}

/* git's last_matching_pattern_from_lists() for one path: index or -1. */
static long
judge(const struct gi_rules *r, const char *path, size_t len, int isdir)
{
	const char *bn;
	size_t bnlen, i, bl;
	long g, f;

	for (bnlen = 0; bnlen < len && path[len - bnlen - 1] != '/'; bnlen++)
		;
	bn = path + len - bnlen;
	for (g = deepest_group(r, path, len); g >= 0; g = r->grp[g].parent) {
		bl = r->grp[g].baselen;
		for (f = r->grp[g].last; f >= 0; f = r->file[f].prev) {
			const struct gi_file *fp = &r->file[f];

			for (i = fp->first + fp->n; i-- > fp->first;) {
				const struct gi_pat *p = &r->pat[i];

				if ((p->flags & GI_MUSTBEDIR) && !isdir)
					continue;
				if (p->flags & GI_NODIR) {
					if (match_basename(p, bn, bnlen))
						return (long)i;
				} else if (match_pathname(p, bl ? path + bl +
				    1 : path, bl ? len - bl - 1 : len))
					return (long)i;
			}
		}
	}
	return -1;
}

int
gi_match(const struct gi_rules *r, const char *path, size_t len, int isdir,
    int parent_excluded, long *rule, int *negated)
{
	size_t k;
	long i;

	*rule = -1;
	*negated = 0;
	if (parent_excluded > 0)
		return 1;
	if (len == 0 || r->npat == 0)
		return 0;
	if (parent_excluded < 0)
		for (k = 1; k < len; k++) {
			if (path[k] != '/')
				continue;
			i = judge(r, path, k, 1);
			if (i >= 0 && !(r->pat[i].flags & GI_NEGATIVE)) {
				*rule = i;
				return 1;
			}
		}
	if ((i = judge(r, path, len, isdir)) < 0)
		return 0;
	*rule = i;
	*negated = (r->pat[i].flags & GI_NEGATIVE) != 0;
	return !*negated;
}

/* -------------------------------------------------------------- parsing */

/* dir.c simple_length(): bytes before the first glob special or NUL. */
static size_t
simple_length(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0' && !is_glob_special((uchar)s[n]))
		n++;
	return n;
}

/* dir.c trim_trailing_spaces() on [s, e): the new end. */
static char *
trim_trailing_spaces(char *s, char *e)
{
	char *p, *last_space = NULL;

	for (p = s; p < e; p++) {
		switch (*p) {
		case ' ':
			if (last_space == NULL)
				last_space = p;
			break;
		case '\\':
			if (++p == e)
				return e;
			/* FALLTHROUGH */
		default:
			last_space = NULL;
		}
	}
	return last_space != NULL ? last_space : e;
}

/*
 * Index just past the ']' that ends the bracket expression at S[I], by
 * the same steps as dowild() takes through it (they do not depend on the
 * text), or 0 if dowild() would abort inside it.
 */
static size_t
class_end(const char *s, size_t i, size_t e)
{
	const uchar *p = (const uchar *)s + i, *pe = (const uchar *)s + e;
	const uchar *q;
	uchar c, prev;

	c = PCH(++p);
	if (c == '^' || c == '!')
		c = PCH(++p);
	prev = 0;
	do {
		if (c == '\0')
			return 0;
		if (c == '\\') {
			if ((c = PCH(++p)) == '\0')
				return 0;
		} else if (c == '-' && prev && PCH(p + 1) != '\0' &&
		    PCH(p + 1) != ']') {
			if ((c = PCH(++p)) == '\\' && PCH(++p) == '\0')
				return 0;
			c = 0;
		} else if (c == '[' && PCH(p + 1) == ':') {
			for (q = p += 2; (c = PCH(p)) != '\0' && c != ']'; p++)
				;
			if (c == '\0')
				return 0;
			if (p == q || p[-1] != ':') {
				p = q - 2;
				c = '[';
				continue;
			}
			if (cclass(q, (size_t)(p - q - 1), 'a') < 0)
				return 0;
			c = 0;
		}
	} while (prev = c, (c = PCH(++p)) != ']');
	return (size_t)(p + 1 - (const uchar *)s);
}

/*
 * Literal bytes every text the pattern matches must end with (p->tail)
 * and contain (p->need): runs of plain bytes between wildcards, classes
 * and escapes, from pat[B] on.  B is the end of the literal prefix, which
 * is checked (and, for a path, consumed) apart.  A '/' after "**" may
 * match nothing, so it is never part of a run.  When unsure, nothing is
 * required.
 */
static void
literal_runs(struct gi_pat *p, size_t b)
{
	const char *s = p->pat;
	size_t e = p->plen, i = b, run = b, stars;

	p->tail = p->need = p->needoff = 0;
	while (i < e) {
		if (!is_glob_special((uchar)s[i])) {
			i++;
			continue;
		}
		if (i - run > p->need) {
			p->need = i - run;
			p->needoff = run;
		}
		switch (s[i]) {
		case '\\':
			if (i + 1 >= e)
				return;		/* never matches */
			i += 2;
			break;
		case '*':
			for (stars = 0; i < e && s[i] == '*'; i++)
				stars++;
			if (stars > 1 && i < e && s[i] == '/')
				i++;
			else if (stars > 1 && i + 1 < e && s[i] == '\\' &&
			    s[i + 1] == '/')
				i += 2;
			break;
		case '?':
			i++;
			break;
		default:
			if ((i = class_end(s, i, e)) == 0) {
				p->need = 0;
				return;
			}
			break;
		}
		run = i;
	}
	p->tail = e - run;
	if (p->tail >= p->need)
		p->need = 0;
}

/* dir.c parse_path_pattern() on the NUL-ended TEXT. */
static void
parse_pattern(struct gi_pat *p, const char *text)
{
	const char *s = text;
	size_t len, i;

	p->text = text;
	p->flags = 0;
	if (*s == '!') {
		p->flags |= GI_NEGATIVE;
		s++;
	}
	len = strlen(s);
	if (len > 0 && s[len - 1] == '/') {
		len--;
		p->flags |= GI_MUSTBEDIR;
	}
	for (i = 0; i < len && s[i] != '/'; i++)
		;
	if (i == len)
		p->flags |= GI_NODIR;
	p->nowild = simple_length(s);
	if (p->nowild > len)
		p->nowild = len;
	if (*s == '*' && s[1 + simple_length(s + 1)] == '\0')
		p->flags |= GI_ENDSWITH;
	p->pat = s;
	p->plen = len;
	literal_runs(p, p->nowild);
}

/* PTR grown to hold more than N elements of SIZE, or NULL (PTR intact). */
static void *
grow(void *ptr, size_t *cap, size_t n, size_t size)
{
	void *np;
	size_t nc;

	if (n < *cap)
		return ptr;
	nc = *cap ? *cap * 2 : 16;
	if (nc > SIZE_MAX / size || (np = realloc(ptr, nc * size)) == NULL)
		return NULL;
	*cap = nc;
	return np;
}

static int
is_ancestor(const struct gi_group *a, const struct gi_group *b)
{
	if (a->baselen >= b->baselen)
		return 0;
	return a->baselen == 0 || (b->base[a->baselen] == '/' &&
	    memcmp(a->base, b->base, a->baselen) == 0);
}

/* Make room in the hash table for NEED groups; on failure nothing changes. */
static int
reserve_table(struct gi_rules *r, size_t need)
{
	long *t;
	size_t size = r->hsize ? r->hsize : 16, g, i;

	while (need * 2 > size)
		size *= 2;
	if (size == r->hsize)
		return 0;
	if ((t = malloc(size * sizeof(*t))) == NULL)
		return -1;
	for (i = 0; i < size; i++)
		t[i] = -1;
	for (g = 0; g < r->ngrp; g++) {
		for (i = (size_t)r->grp[g].hash & (size - 1); t[i] >= 0;
		    i = (i + 1) & (size - 1))
			;
		t[i] = (long)g;
	}
	free(r->htab);
	r->htab = t;
	r->hsize = size;
	return 0;
}

/* The group of BASE, created (and linked into the tree) if new. */
static long
group_get(struct gi_rules *r, const char *base, size_t n)
{
	struct gi_group *ng;
	uint64_t h = fnv(base, n);
	size_t i;
	long g;
	char *copy;

	if ((g = group_find(r, h, base, n)) >= 0)
		return g;
	if ((ng = grow(r->grp, &r->capgrp, r->ngrp, sizeof(*ng))) == NULL)
		return -1;
	r->grp = ng;
	if (reserve_table(r, r->ngrp + 1) < 0 ||
	    (copy = malloc(n + 1)) == NULL)
		return -1;
	memcpy(copy, base, n);
	copy[n] = '\0';
	g = (long)r->ngrp;
	ng = &r->grp[g];
	ng->base = copy;
	ng->baselen = n;
	ng->hash = h;
	ng->last = -1;
	ng->parent = -1;
	for (i = 0; i < r->ngrp; i++) {
		struct gi_group *o = &r->grp[i];

		if (is_ancestor(o, ng) && (ng->parent < 0 ||
		    r->grp[ng->parent].baselen < o->baselen))
			ng->parent = (long)i;
		if (is_ancestor(ng, o) && (o->parent < 0 ||
		    r->grp[o->parent].baselen < n))
			o->parent = g;
	}
	for (i = (size_t)h & (r->hsize - 1); r->htab[i] >= 0;
	    i = (i + 1) & (r->hsize - 1))
		;
	r->htab[i] = g;
	r->ngrp++;
	if (n == 0)
		r->root = g;
	if (n > r->maxbase)
		r->maxbase = n;
	return g;
}

static int
oom(char *err, size_t errsz, unsigned *errline, unsigned line)
{
	if (err != NULL && errsz > 0)
		snprintf(err, errsz, "out of memory");
	if (errline != NULL)
		*errline = line;
	return -1;
}

int
gi_add(struct gi_rules *r, const char *source, const char *base,
    const char *buf, size_t len, char *err, size_t errsz, unsigned *errline)
{
	struct gi_file *f;
	struct gi_pat *p;
	char *s, *e, *entry, *end;
	size_t i, n, bl, npat0 = r->npat;
	unsigned lineno = 1;
	long g;

	if (base == NULL)
		base = "";
	while (*base == '/')
		base++;
	bl = strlen(base);
	while (bl > 0 && base[bl - 1] == '/')
		bl--;
	if (bl == 1 && base[0] == '.')
		bl = 0;
	if ((f = grow(r->file, &r->capfile, r->nfile, sizeof(*f))) == NULL)
		return oom(err, errsz, errline, 0);
	r->file = f;
	if ((g = group_get(r, base, bl)) < 0)
		return oom(err, errsz, errline, 0);
	f = &r->file[r->nfile];
	if (source == NULL)
		source = "(gitignore)";
	if ((f->source = malloc(strlen(source) + 1)) != NULL)
		memcpy(f->source, source, strlen(source) + 1);
	f->buf = malloc(len + 1);
	if (f->source == NULL || f->buf == NULL) {
		free(f->source);
		free(f->buf);
		return oom(err, errsz, errline, 0);
	}
	if (len > 0)
		memcpy(f->buf, buf, len);
	f->buf[len] = '\0';
	s = f->buf;
	n = len;
	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		s += 3;
		n -= 3;
	}
	/* git appends a '\n' to the buffer: a last line needs none. */
	for (entry = s, i = 0; i <= n; i++) {
		if (i < n && s[i] != '\n')
			continue;
		if (entry < s + i && entry[0] != '#') {
			end = s + i;
			if (end[-1] == '\r')
				end--;
			if ((e = memchr(entry, '\0', (size_t)(end - entry))) !=
			    NULL)
				end = e;
			end = trim_trailing_spaces(entry, end);
			*end = '\0';
			if (end > entry) {
				if ((p = grow(r->pat, &r->cappat, r->npat,
				    sizeof(*p))) == NULL) {
					r->npat = npat0;
					free(f->source);
					free(f->buf);
					return oom(err, errsz, errline, lineno);
				}
				r->pat = p;
				p = &r->pat[r->npat++];
				parse_pattern(p, entry);
				p->file = r->nfile;
				p->line = lineno;
			}
		}
		lineno++;
		entry = s + i + 1;
	}
	f->first = npat0;
	f->n = r->npat - npat0;
	f->group = (size_t)g;
	f->prev = r->grp[g].last;
	r->grp[g].last = (long)r->nfile++;
	return 0;
}

/* ---------------------------------------------------------------- misc */

struct gi_rules *
gi_new(void)
{
	struct gi_rules *r;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	r->root = -1;
	return r;
}

void
gi_free(struct gi_rules *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nfile; i++) {
		free(r->file[i].buf);
		free(r->file[i].source);
	}
	for (i = 0; i < r->ngrp; i++)
		free(r->grp[i].base);
	free(r->pat);
	free(r->file);
	free(r->grp);
	free(r->htab);
	free(r);
}

size_t
gi_count(const struct gi_rules *r)
{
	return r->npat;
}

int
gi_info(const struct gi_rules *r, size_t i, const char **source,
    unsigned *line, const char **text, int *negated, int *dironly)
{
	const struct gi_pat *p;

	if (i >= r->npat)
		return -1;
	p = &r->pat[i];
	if (source != NULL)
		*source = r->file[p->file].source;
	if (line != NULL)
		*line = p->line;
	if (text != NULL)
		*text = p->text;
	if (negated != NULL)
		*negated = (p->flags & GI_NEGATIVE) != 0;
	if (dironly != NULL)
		*dironly = (p->flags & GI_MUSTBEDIR) != 0;
	return 0;
}
