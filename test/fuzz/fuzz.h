/*
 * fuzz.h: what the ctxpack fuzz targets share.  Each fuzz_*.c defines
 * LLVMFuzzerTestOneInput and fuzz_name; it is linked either with libFuzzer
 * (clang -fsanitize=fuzzer) or with replay.c, a plain main() that runs a
 * corpus through it.  An invariant violation prints what went wrong and
 * calls abort(), which both drivers report as a failure.
 */
#ifndef CTXPACK_FUZZ_H
#define CTXPACK_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* "fuzz_rules" etc., for replay's summary line. */
extern const char fuzz_name[];

/* Print a byte string C-escaped (for failure reports). */
static inline void
fuzz_dump(const char *label, const char *s, size_t len)
{
	size_t i;

	fprintf(stderr, "  %s (%zu bytes): \"", label, len);
	for (i = 0; i < len && i < 400; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\\' || c == '"')
			fprintf(stderr, "\\%c", c);
		else if (c >= 0x20 && c < 0x7f)
			fputc(c, stderr);
		else
			fprintf(stderr, "\\x%02x", c);
	}
	fprintf(stderr, "%s\"\n", i < len ? "..." : "");
}

#define FUZZ_FAIL(...) do {						\
	fprintf(stderr, "%s: %s:%d: invariant violated: ", fuzz_name,	\
	    __FILE__, __LINE__);					\
	fprintf(stderr, __VA_ARGS__);					\
	fputc('\n', stderr);						\
} while (0)

#define FUZZ_CHECK(cond, ...) do {					\
	if (!(cond)) {							\
		FUZZ_FAIL(__VA_ARGS__);					\
		abort();						\
	}								\
} while (0)

/*
 * A list of byte strings cut out of the input (not NUL-terminated
 * unless made so; each has its own length).
 */
struct fuzz_strs {
	const char	**s;
	size_t		 *len;
	size_t		  n;
	size_t		  cap;
	char		**own;		/* strings allocated here */
	size_t		  nown;
	size_t		  owncap;
};

static inline void
fuzz_strs_add(struct fuzz_strs *l, const char *s, size_t len)
{
	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 16;

		l->s = realloc(l->s, nc * sizeof(*l->s));
		l->len = realloc(l->len, nc * sizeof(*l->len));
		if (l->s == NULL || l->len == NULL)
			abort();
		l->cap = nc;
	}
	l->s[l->n] = s;
	l->len[l->n] = len;
	l->n++;
}

/* Add a copy of the concatenation a + b + c. */
static inline void
fuzz_strs_add3(struct fuzz_strs *l, const char *a, size_t al, const char *b,
    size_t bl, const char *c, size_t cl)
{
	char *p = malloc(al + bl + cl + 1);

	if (p == NULL)
		abort();
	memcpy(p, a, al);
	memcpy(p + al, b, bl);
	memcpy(p + al + bl, c, cl);
	p[al + bl + cl] = '\0';
	if (l->nown == l->owncap) {
		size_t nc = l->owncap ? l->owncap * 2 : 16;

		l->own = realloc(l->own, nc * sizeof(*l->own));
		if (l->own == NULL)
			abort();
		l->owncap = nc;
	}
	l->own[l->nown++] = p;
	fuzz_strs_add(l, p, al + bl + cl);
}

static inline void
fuzz_strs_free(struct fuzz_strs *l)
{
	size_t i;

	for (i = 0; i < l->nown; i++)
		free(l->own[i]);
	free(l->own);
	free(l->s);
	free(l->len);
	memset(l, 0, sizeof(*l));
}

/*
 * Make a context-relative path the way a walk produces them: drop empty,
 * "." and ".." components (a walk never yields them).  Returns the new
 * length; out must hold len bytes.
 */
static inline size_t
fuzz_clean_path(const char *in, size_t len, char *out)
{
	size_t i = 0, o = 0;

	while (i < len) {
		size_t j = i;

		while (j < len && in[j] != '/')
			j++;
		if (!(j == i || (j - i == 1 && in[i] == '.') ||
		    (j - i == 2 && in[i] == '.' && in[i + 1] == '.'))) {
			if (o > 0)
				out[o++] = '/';
			memcpy(out + o, in + i, j - i);
			o += j - i;
		}
		i = j + 1;
	}
	return o;
}

/*
 * Go's utf8.DecodeRune, written again here so the reference side of the
 * differential targets does not borrow src/gopath.c: the rune and its
 * width; an invalid byte gives U+FFFD, width 1.
 */
static inline int32_t
fuzz_decode(const unsigned char *s, size_t len, size_t *w)
{
	int32_t r;
	size_t n, i;

	*w = 1;
	if (s[0] < 0x80)
		return s[0];
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, r = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, r = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, r = s[0] & 0x07;
	else
		return 0xfffd;
	if (len < n)
		return 0xfffd;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0xfffd;
		r = (r << 6) | (s[i] & 0x3f);
	}
	/* overlong, surrogate, beyond U+10FFFF */
	if ((n == 2 && r < 0x80) || (n == 3 && r < 0x800) ||
	    (n == 4 && r < 0x10000) || (r >= 0xd800 && r <= 0xdfff) ||
	    r > 0x10ffff)
		return 0xfffd;
	*w = n;
	return r;
}

static inline int
fuzz_valid_utf8(const char *s, size_t len)
{
	size_t i = 0, w;

	while (i < len) {
		if (fuzz_decode((const unsigned char *)s + i, len - i, &w) ==
		    0xfffd && w == 1)
			return 0;
		i += w;
	}
	return 1;
}

/*
 * What Go's regexp engine sees: every byte that does not start a valid
 * UTF-8 sequence is the rune U+FFFD.  Returns a malloc'd copy.
 */
static inline char *
fuzz_go_runes(const char *s, size_t len, size_t *outlen)
{
	char *o = malloc(len * 3 + 1);
	size_t i = 0, n = 0, w;

	if (o == NULL)
		abort();
	while (i < len) {
		if (fuzz_decode((const unsigned char *)s + i, len - i, &w) ==
		    0xfffd && w == 1) {
			memcpy(o + n, "\xef\xbf\xbd", 3);
			n += 3;
			i++;
		} else {
			memcpy(o + n, s + i, w);
			n += w;
			i += w;
		}
	}
	o[n] = '\0';
	*outlen = n;
	return o;
}

#endif /* CTXPACK_FUZZ_H */
