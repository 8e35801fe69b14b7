/*
 * gopath.c: the pieces of Go's standard library whose exact behaviour
 * Docker's ignore-file handling depends on: filepath.Clean,
 * strings.TrimSpace and utf8.DecodeRune.
 */
#include <string.h>

#include "ctxpack_int.h"

int32_t
go_decode_rune(const unsigned char *s, size_t len, size_t *width)
{
	unsigned c = s[0];
	int32_t r;
	size_t n, i;
	unsigned lo = 0x80, hi = 0xbf;

	*width = 1;
	if (c < 0x80) {
		return (int32_t)c;
	} else if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		r = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		r = c & 0x0f;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;	/* no surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		r = c & 0x07;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0xfffd;
	if (len < n)
		return 0xfffd;
	for (i = 1; i < n; i++) {
		unsigned b = s[i];

		if (b < lo || b > hi)
			return 0xfffd;
		lo = 0x80;
		hi = 0xbf;
		r = (r << 6) | (int32_t)(b & 0x3f);
	}
	*width = n;
	return r;
}

int
go_valid_utf8(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, w;

	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if (go_decode_rune(p + i, len - i, &w) == 0xfffd && w == 1)
			return 0;
		i += w;
	}
	return 1;
}

int
go_isspace(int32_t r)
{
	switch (r) {
	case '\t': case '\n': case '\v': case '\f': case '\r': case ' ':
	case 0x85: case 0xa0: case 0x1680: case 0x2028: case 0x2029:
	case 0x202f: case 0x205f: case 0x3000:
		return 1;
	default:
		return r >= 0x2000 && r <= 0x200a;
	}
}

const char *
go_trimspace(const char *s, size_t len, size_t *outlen)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t start = 0, end = len, w;

	while (start < end) {
		int32_t r = go_decode_rune(p + start, end - start, &w);

		if ((r == 0xfffd && w == 1) || !go_isspace(r))
			break;
		start += w;
	}
	while (end > start) {
		/* Find the start of the last rune, as DecodeLastRune does. */
		size_t b = end - 1, k;
		int32_t r;

		for (k = 0; k < 3 && b > start && (p[b] & 0xc0) == 0x80; k++)
			b--;
		r = go_decode_rune(p + b, end - b, &w);
		if (b + w != end) {	/* invalid tail: one byte, not space */
			break;
		}
		if (!go_isspace(r))
			break;
		end = b;
	}
	*outlen = end - start;
	return s + start;
}

/*
 * filepath.Clean for '/' paths: collapse "//", drop ".", resolve "x/.."
 * lexically, keep leading ".." of relative paths, "" becomes ".".
 */
size_t
go_clean(const char *in, size_t len, char *out)
{
	return go_clean_map(in, len, out, NULL);
}

/* Record that out[w] comes from in[r]. */
#define PUT(c, from) do {						\
	if (map != NULL)						\
		map[w] = (from);					\
	out[w++] = (c);							\
} while (0)

size_t
go_clean_map(const char *in, size_t len, char *out, size_t *map)
{
	int rooted = len > 0 && in[0] == '/';
	size_t r = 0, w = 0, dotdot = 0;

	if (len == 0) {
		PUT('.', 0);
		out[w] = '\0';
		return w;
	}
	if (rooted) {
		PUT('/', 0);
		r = 1;
		dotdot = 1;
	}
	while (r < len) {
		if (in[r] == '/')
			r++;
		else if (in[r] == '.' && (r + 1 == len || in[r + 1] == '/'))
			r++;
		else if (in[r] == '.' && in[r + 1] == '.' &&
		    (r + 2 == len || in[r + 2] == '/')) {
			r += 2;
			if (w > dotdot) {
				w--;
				while (w > dotdot && out[w] != '/')
					w--;
			} else if (!rooted) {
				if (w > 0)
					PUT('/', r - 2);
				PUT('.', r - 2);
				PUT('.', r - 1);
				dotdot = w;
			}
		} else {
			if ((rooted && w != 1) || (!rooted && w != 0))
				PUT('/', r - 1);
			for (; r < len && in[r] != '/'; r++)
				PUT(in[r], r);
		}
	}
	if (w == 0)
		PUT('.', 0);
	out[w] = '\0';
	return w;
}

#undef PUT

/* Go's utf8.AppendRune (WriteRune): R as UTF-8; a bad rune as U+FFFD. */
void
go_put_rune(struct sbuf *b, int32_t r)
{
	char t[4];
	size_t k;

	if (r < 0 || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff))
		r = 0xfffd;
	if (r < 0x80) {
		t[0] = (char)r;
		k = 1;
	} else if (r < 0x800) {
		t[0] = (char)(0xc0 | r >> 6);
		t[1] = (char)(0x80 | (r & 0x3f));
		k = 2;
	} else if (r < 0x10000) {
		t[0] = (char)(0xe0 | r >> 12);
		t[1] = (char)(0x80 | (r >> 6 & 0x3f));
		t[2] = (char)(0x80 | (r & 0x3f));
		k = 3;
	} else {
		t[0] = (char)(0xf0 | r >> 18);
		t[1] = (char)(0x80 | (r >> 12 & 0x3f));
		t[2] = (char)(0x80 | (r >> 6 & 0x3f));
		t[3] = (char)(0x80 | (r & 0x3f));
		k = 4;
	}
	sbuf_put(b, t, k);
}
