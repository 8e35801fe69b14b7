/*
 * fmt.c: numbers, sizes, names for people and strings for JSON.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fmt.h"

int
fmt_parse_size(const char *s, uint64_t *out)
{
	static const struct {
		const char	*suf;
		double		 mul;
	} units[] = {
		{ "", 1 }, { "B", 1 },
		{ "K", 1024.0 }, { "KiB", 1024.0 }, { "KB", 1e3 },
		{ "M", 1048576.0 }, { "MiB", 1048576.0 }, { "MB", 1e6 },
		{ "G", 1073741824.0 }, { "GiB", 1073741824.0 }, { "GB", 1e9 },
		{ "T", 1099511627776.0 }, { "TiB", 1099511627776.0 },
		{ "TB", 1e12 },
	};
	char *end;
	double v;
	size_t i;

	if (*s == '\0' || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || !isfinite(v) || v < 0)
		return -1;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcasecmp(end, units[i].suf) == 0 &&
		    (strlen(units[i].suf) < 2 || strcmp(end, units[i].suf) == 0 ||
		    end[strlen(end) - 1] == 'B' || end[strlen(end) - 1] == 'b')) {
			double b = v * units[i].mul;

			if (b >= 1.8e19)
				return -1;
			*out = (uint64_t)(b + 0.5);
			return 0;
		}
	return -1;
}

const char *
fmt_iec(uint64_t n, char *buf, size_t sz)
{
	static const char *u[] = { "KiB", "MiB", "GiB", "TiB", "PiB" };
	double v = (double)n;
	int i = -1;

	if (n < 1024) {
		snprintf(buf, sz, "%llu B", (unsigned long long)n);
		return buf;
	}
	while (v >= 1024 && i < 4) {
		v /= 1024;
		i++;
	}
	snprintf(buf, sz, v < 10 ? "%.2f %s" : v < 100 ? "%.1f %s" : "%.0f %s",
	    v, u[i]);
	return buf;
}

const char *
fmt_grouped(uint64_t n, char *buf, size_t sz)
{
	char tmp[32];
	size_t len, i, o = 0;

	snprintf(tmp, sizeof(tmp), "%llu", (unsigned long long)n);
	len = strlen(tmp);
	for (i = 0; i < len && o + 2 < sz; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = tmp[i];
	}
	buf[o] = '\0';
	return buf;
}

/*
 * The length of the UTF-8 sequence at p (at most n bytes), 0 if it is not
 * one (overlong forms, surrogates and code points past U+10FFFF are not);
 * *cp gets the code point.
 */
static size_t
utf8_seq(const unsigned char *p, size_t n, unsigned long *cp)
{
	unsigned long c;
	size_t need, k;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		need = 2;
		c = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		need = 3;
		c = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		need = 4;
		c = p[0] & 0x07;
	} else
		return 0;
	if (n < need)
		return 0;
	for (k = 1; k < need; k++) {
		if ((p[k] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[k] & 0x3f);
	}
	if ((need == 3 && c < 0x800) || (need == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return need;
}

/*
 * A code point a terminal acts on instead of showing: C0 and C1 controls,
 * DEL, and the bidirectional controls that reorder what is shown.
 */
static int
unsafe(unsigned long c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) ||
	    c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
	    (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
}

/* Bytes [i, i+w) to escape, or w 0 when the sequence at i is safe. */
static size_t
scan(const unsigned char *p, size_t n, size_t i, size_t *w)
{
	unsigned long c;
	size_t l = utf8_seq(p + i, n - i, &c);

	if (l == 0) {
		*w = 1;
		return 1;
	}
	*w = unsafe(c) ? l : 0;
	return l;
}

int
fmt_needs_quote(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, w;

	while (i < len) {
		i += scan(p, len, i, &w);
		if (w > 0)
			return 1;
	}
	return 0;
}

static void
put_esc(FILE *f, unsigned char c)
{
	static const char named[] = "\a\b\t\n\v\f\r";
	static const char letter[] = "abtnvfr";
	const char *q = c != '\0' ? strchr(named, c) : NULL;

	if (q != NULL)
		fprintf(f, "\\%c", letter[q - named]);
	else
		fprintf(f, "\\%03o", c);
}

static void
put(FILE *f, const char *s, size_t len, int quoted)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, w, l, k;

	while (i < len) {
		l = scan(p, len, i, &w);
		if (w > 0) {
			for (k = 0; k < w; k++)
				put_esc(f, p[i + k]);
		} else if (quoted && (p[i] == '"' || p[i] == '\\')) {
			fputc('\\', f);
			fputc(p[i], f);
		} else
			fwrite(p + i, 1, l, f);
		i += l;
	}
}

void
fmt_name(FILE *f, const char *s, size_t len)
{
	if (!fmt_needs_quote(s, len)) {
		fwrite(s, 1, len, f);
		return;
	}
	fputc('"', f);
	put(f, s, len, 1);
	fputc('"', f);
}

void
fmt_names(FILE *f, const char *s)
{
	fmt_name(f, s, strlen(s));
}

void
fmt_text(FILE *f, const char *s, size_t len)
{
	put(f, s, len, 0);
}

const char *
fmt_flag(enum ctxpack_flag f)
{
	return f == CTXPACK_FLAG_HEAVY ? "heavy" : f == CTXPACK_FLAG_LARGE ?
	    "large" : "none";
}

void
fmt_json_str(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n, l;
	unsigned long c;

	if (s == NULL) {
		fputs("null", f);
		return;
	}
	n = strlen(s);
	fputc('"', f);
	while (*p != '\0') {
		if (*p == '"' || *p == '\\') {
			fprintf(f, "\\%c", *p);
			l = 1;
		} else if (*p < 0x20) {
			fprintf(f, "\\u%04x", *p);
			l = 1;
		} else if ((l = utf8_seq(p, n - (size_t)(p -
		    (const unsigned char *)s), &c)) == 0) {
			fputs("\\ufffd", f);
			l = 1;
		} else
			fwrite(p, 1, l, f);
		p += l;
	}
	fputc('"', f);
}
