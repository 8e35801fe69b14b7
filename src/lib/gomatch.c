/*
 * gomatch.c: Go's filepath.Match syntax check, as patternmatcher.New
 * runs it on every pattern.
 */
#include <stdio.h>

#include "ctxpack_int.h"

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
