/*
 * ignorefile.c: read a .dockerignore the way moby/patternmatcher's
 * ignorefile.ReadAll does (R1-R7) and hand each pattern, with the column
 * of each of its bytes, to the rule set.  Every bad line is reported, and
 * a file with one is not used.
 */
#include <stdlib.h>
#include <string.h>

#include "ctxpack_int.h"

/* bufio.Scanner's default limit: a line must fit in 64 KiB with its \n. */
#define MAX_LINE	(64 * 1024 - 1)

/*
 * ReadAll's work on one line S (N bytes, its '\r' dropped, SKIP bytes of
 * BOM): TrimSpace, '!', TrimSpace, Clean, one leading '/' dropped.  The
 * result goes to out (n + 3 bytes), and the 1-based column in S of each
 * of its bytes to cols (n + 3 entries; one more for the end).  Returns
 * its length; *rulecol is the column where the entry starts.
 */
static size_t
read_entry(const char *s, size_t n, size_t skip, char *out, unsigned *cols,
    size_t *map, unsigned *rulecol)
{
	const char *t, *u;
	size_t tl, ul, cl, k, o = 0;

	t = go_trimspace(s + skip, n - skip, &tl);
	*rulecol = (unsigned)(t - s) + 1;
	u = t;
	ul = tl;
	if (tl > 0 && t[0] == '!') {
		out[0] = '!';
		cols[0] = *rulecol;
		o = 1;
		u = go_trimspace(t + 1, tl - 1, &ul);
		if (ul == 0) {
			cols[1] = *rulecol + 1;
			return 1;
		}
	}
	cl = go_clean_map(u, ul, out + o, map);
	if (cl > 1 && out[o] == '/') {
		memmove(out + o, out + o + 1, cl - 1);
		memmove(map, map + 1, (cl - 1) * sizeof(*map));
		cl--;
	}
	for (k = 0; k < cl; k++)
		cols[o + k] = (unsigned)(u - s) + 1 + (unsigned)map[k];
	cols[o + cl] = (unsigned)(u + ul - s) + 1;
	return o + cl;
}

/*
 * Columns count bytes from 1 in the line as the file holds it: leading
 * white space counts, and so does the UTF-8 BOM on line 1.
 */
int
ctxpack_rules_parse(struct ctxpack_rules *r, const char *source,
    const char *buf, size_t len)
{
	size_t pos = 0, n0 = r->n;
	unsigned line = 0, *cols = NULL;
	size_t *map = NULL, cap = 0;
	char *tmp = NULL;
	int rc = CTXPACK_OK, lrc;

	if (source == NULL)
		source = ".dockerignore";
	rules_err_clear(r);
	while (pos < len) {
		const char *s = buf + pos, *nl;
		size_t n, skip = 0, cl;
		unsigned rulecol;

		nl = memchr(s, '\n', len - pos);
		n = nl != NULL ? (size_t)(nl - s) : len - pos;
		pos += n + (nl != NULL);
		line++;
		if (n > MAX_LINE) {
			/* Docker stops reading here; the lines after it are
			 * checked all the same */
			lrc = rules_err_add(r, source, line, 1, "line is %zu "
			    "bytes long, over Docker's limit of %d "
			    "(bufio.Scanner: token too long)", n, MAX_LINE);
			if (lrc == CTXPACK_FATAL)
				goto fatal;
			rc = CTXPACK_FAILED;
			continue;
		}
		if (n > 0 && s[n - 1] == '\r')	/* ScanLines drops one \r */
			n--;
		if (line == 1 && n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
			skip = 3;
		if (n > skip && s[skip] == '#')
			continue;
		if (n + 3 > cap) {
			void *a, *b, *c;

			cap = n + 3 > 2 * cap ? n + 3 : 2 * cap;
			a = realloc(tmp, cap);
			if (a != NULL)
				tmp = a;
			b = realloc(cols, cap * sizeof(*cols));
			if (b != NULL)
				cols = b;
			c = realloc(map, cap * sizeof(*map));
			if (c != NULL)
				map = c;
			if (a == NULL || b == NULL || c == NULL) {
				(void)rules_err_add(r, source, line, 1,
				    "out of memory");
				goto fatal;
			}
		}
		cl = read_entry(s, n, skip, tmp, cols, map, &rulecol);
		lrc = rules_add_cols(r, source, line, rulecol, tmp, cl, cols);
		if (lrc == CTXPACK_FATAL)
			goto fatal;
		if (lrc != CTXPACK_OK)
			rc = CTXPACK_FAILED;
	}
	free(tmp);
	free(cols);
	free(map);
	if (rc != CTXPACK_OK)
		rules_truncate(r, n0);
	return rc;
fatal:
	free(tmp);
	free(cols);
	free(map);
	rules_truncate(r, n0);
	return CTXPACK_FATAL;
}
