/*
 * dfgo.c: the Go library behaviour BuildKit's checks and messages rest
 * on: strconv.ParseBool, ParseUint and ParseFloat (which strings they
 * accept), go-units' RAMInBytes, and util/suggest's "did you mean".
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dfint.h"

int
df_go_parsebool(const char *s, int *v)
{
	static const char *const t[] = { "1", "t", "T", "TRUE", "true",
	    "True" };
	static const char *const f[] = { "0", "f", "F", "FALSE", "false",
	    "False" };
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (strcmp(s, t[i]) == 0) {
			*v = 1;
			return 0;
		}
		if (strcmp(s, f[i]) == 0) {
			*v = 0;
			return 0;
		}
	}
	return -1;
}

int
df_go_parseuint32(const char *s, int base)
{
	uint64_t v = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		int d;

		if (*s < '0' || *s > '9')
			return -1;
		if ((d = *s - '0') >= base)
			return -1;
		v = v * (uint64_t)base + (uint64_t)d;
		if (v > 0xffffffffULL)
			return -1;
	}
	return 0;
}

static int
hexdig(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/*
 * strconv.ParseFloat(S, 64) succeeds: Go's syntax (sign; decimal with an
 * optional exponent; hexadecimal with a mandatory 'p' exponent; "inf",
 * "infinity", "nan"; '_' between digits only after a base prefix) and,
 * for digits, a result in range.  The value goes to *V.
 */
static int
go_parsefloat(const char *s, size_t n, double *v)
{
	char buf[512];
	size_t i = 0, o = 0, digits = 0;
	int hex = 0;
	char *end;

	if (n >= sizeof(buf))
		return -1;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		buf[o++] = s[i++];
	if ((n - i == 3 && strncasecmp(s + i, "inf", 3) == 0) ||
	    (n - i == 8 && strncasecmp(s + i, "infinity", 8) == 0)) {
		*v = o > 0 && buf[0] == '-' ? -INFINITY : INFINITY;
		return 0;
	}
	if (n - i == 3 && strncasecmp(s + i, "nan", 3) == 0) {
		*v = NAN;
		return 0;
	}
	if (i + 1 < n && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] ==
	    'X')) {
		hex = 1;
		buf[o++] = s[i++];
		buf[o++] = s[i++];
	}
	/* mantissa */
	{
		int dot = 0, prevund = 0, prevdig = hex;

		for (; i < n; i++) {
			char c = s[i];

			if (c == '_') {
				/* only after a prefix, between digits */
				if (!hex || !prevdig)
					return -1;
				prevund = 1;
				prevdig = 0;
				continue;
			}
			if (c == '.') {
				if (dot || prevund)
					return -1;
				dot = 1;
				buf[o++] = c;
				prevdig = 0;
				continue;
			}
			if (hex ? !hexdig((unsigned char)c) : (c < '0' ||
			    c > '9'))
				break;
			buf[o++] = c;
			digits++;
			prevund = 0;
			prevdig = 1;
		}
		if (prevund)
			return -1;
	}
	if (digits == 0)
		return -1;
	if (i < n && (hex ? (s[i] == 'p' || s[i] == 'P') : (s[i] == 'e' ||
	    s[i] == 'E'))) {
		size_t ed = 0;

		buf[o++] = s[i++];
		if (i < n && (s[i] == '+' || s[i] == '-'))
			buf[o++] = s[i++];
		for (; i < n && ((s[i] >= '0' && s[i] <= '9') ||
		    (hex && s[i] == '_')); i++)
			if (s[i] != '_') {
				buf[o++] = s[i];
				ed++;
			}
		if (ed == 0)
			return -1;
	} else if (hex)
		return -1;	/* a hex mantissa needs its 'p' exponent */
	if (i != n)
		return -1;
	buf[o] = '\0';
	errno = 0;
	*v = strtod(buf, &end);
	if (*end != '\0' || isinf(*v))
		return -1;
	return 0;
}

int
df_go_raminbytes(const char *s)
{
	size_t n = strlen(s), sep;
	const char *num, *sfx;
	size_t numlen, sfxlen;
	char l[8];
	double v;

	/* strings.LastIndexAny(s, "01234567890. ") */
	for (sep = n; sep > 0; sep--)
		if ((s[sep - 1] >= '0' && s[sep - 1] <= '9') ||
		    s[sep - 1] == '.' || s[sep - 1] == ' ')
			break;
	if (sep == 0)
		return -1;
	sep--;
	num = s;
	numlen = s[sep] != ' ' ? sep + 1 : sep;
	sfx = s + sep + 1;
	sfxlen = n - sep - 1;
	if (go_parsefloat(num, numlen, &v) < 0)
		return -1;
	if (v < 0)
		return -1;
	if (sfxlen == 0)
		return 0;
	if (sfxlen > 3)
		return -1;
	sfxlen = df_golower(l, sfx, sfxlen);
	if (l[0] == 'b')
		return sfxlen == 1 ? 0 : -1;
	if (strchr("kmgtp", l[0]) == NULL)
		return -1;
	if (sfxlen == 2 && l[1] != 'b')
		return -1;
	if (sfxlen == 3 && strcmp(l + 1, "ib") != 0)
		return -1;
	return 0;
}

/* Go's []rune(S): UTF-8 runes, a bad byte is one U+FFFD. */
static int32_t *
runes(const char *s, size_t *np)
{
	size_t n = strlen(s), i = 0, k = 0;
	int32_t *r = malloc((n + 1) * sizeof(*r));

	if (r == NULL)
		return NULL;
	while (i < n) {
		const unsigned char *p = (const unsigned char *)s + i;
		size_t left = n - i;
		int32_t c = 0xfffd;
		size_t w = 1;

		if (p[0] < 0x80)
			c = p[0];
		else if (p[0] >= 0xc2 && p[0] <= 0xdf && left >= 2 &&
		    (p[1] & 0xc0) == 0x80) {
			c = (int32_t)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
			w = 2;
		} else if (p[0] >= 0xe0 && p[0] <= 0xef && left >= 3 &&
		    (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80) {
			c = (int32_t)(p[0] & 0x0f) << 12 |
			    (int32_t)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
			if (c >= 0x800 && (c < 0xd800 || c > 0xdfff))
				w = 3;
			else
				c = 0xfffd;
		} else if (p[0] >= 0xf0 && p[0] <= 0xf4 && left >= 4 &&
		    (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80 &&
		    (p[3] & 0xc0) == 0x80) {
			c = (int32_t)(p[0] & 0x07) << 18 |
			    (int32_t)(p[1] & 0x3f) << 12 |
			    (int32_t)(p[2] & 0x3f) << 6 | (p[3] & 0x3f);
			if (c >= 0x10000 && c <= 0x10ffff)
				w = 4;
			else
				c = 0xfffd;
		}
		r[k++] = c;
		i += w;
	}
	*np = k;
	return r;
}

/* agext/levenshtein.Distance with unit costs, over runes; -1 on OOM. */
static long
levenshtein(const char *a, const char *b)
{
	int32_t *ra, *rb;
	size_t na, nb, i, j;
	size_t *row;
	long d;

	ra = runes(a, &na);
	rb = runes(b, &nb);
	row = malloc((nb + 1) * sizeof(*row));
	if (ra == NULL || rb == NULL || row == NULL) {
		free(ra);
		free(rb);
		free(row);
		return -1;
	}
	for (j = 0; j <= nb; j++)
		row[j] = j;
	for (i = 1; i <= na; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= nb; j++) {
			size_t up = row[j], best;

			best = diag + (ra[i - 1] != rb[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	d = (long)row[nb];
	free(ra);
	free(rb);
	free(row);
	return d;
}

void
df_suggest(char *err, size_t errsz, const char *val,
    const char *const *opts, size_t nopts, int casesens)
{
	char *v, *o = NULL, *match = NULL;
	size_t i, vl = strlen(val), len;
	long min = 3;

	if ((v = malloc(vl + 1)) == NULL)
		return;
	if (casesens)
		memcpy(v, val, vl + 1);
	else
		df_golower(v, val, vl);
	for (i = 0; i < nopts; i++) {
		size_t ol = strlen(opts[i]);
		long d;

		free(o);
		if ((o = malloc(ol + 1)) == NULL)
			break;
		if (casesens)
			memcpy(o, opts[i], ol + 1);
		else
			df_golower(o, opts[i], ol);
		if (strcmp(v, o) == 0) {
			/* the value was fine: the error is not about it */
			free(match);
			match = NULL;
			break;
		}
		if ((d = levenshtein(v, o)) >= 0 && d < min) {
			min = d;
			free(match);
			match = o;
			o = NULL;
		}
	}
	free(o);
	if (match != NULL && !casesens) {
		/* matchCase: all lower stays lower, all upper goes upper */
		char *t = malloc(vl + 1);

		if (t != NULL) {
			df_golower(t, val, vl);
			if (strcmp(t, val) != 0) {
				df_goupper(t, val, vl);
				if (strcmp(t, val) == 0)
					df_goupper(match, match,
					    strlen(match));
			}
			free(t);
		}
	}
	if (match != NULL && (len = strlen(err)) < errsz)
		snprintf(err + len, errsz - len, " (did you mean %s?)", match);
	free(match);
	free(v);
}
