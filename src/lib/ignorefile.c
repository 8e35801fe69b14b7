/*
 * ignorefile.c: read a .dockerignore the way moby/patternmatcher's
 * ignorefile.ReadAll does (R1-R7) and hand each pattern, with its line
 * and column, to the rule set.
 */
#include <stdlib.h>
#include <string.h>

#include "ctxpack_int.h"

/* bufio.Scanner's default limit: a line must fit in 64 KiB with its \n. */
#define MAX_LINE	(64 * 1024 - 1)

int
ctxpack_rules_parse(struct ctxpack_rules *r, const char *source,
    const char *buf, size_t len)
{
	size_t pos = 0;
	unsigned line = 0;

	if (source == NULL)
		source = ".dockerignore";
	while (pos < len) {
		const char *s = buf + pos, *nl, *t;
		size_t n, tl, skip = 0;
		char *tmp;
		int rc;

		nl = memchr(s, '\n', len - pos);
		n = nl != NULL ? (size_t)(nl - s) : len - pos;
		pos += n + (nl != NULL);
		line++;
		if (n > MAX_LINE) {
			diag_set(&r->err, CTXPACK_LEVEL_ERROR, source, line, 1,
			    "line is %zu bytes long, over Docker's limit of "
			    "%d (bufio.Scanner: token too long)", n, MAX_LINE);
			return CTXPACK_FAILED;
		}
		if (n > 0 && s[n - 1] == '\r')	/* ScanLines drops one \r */
			n--;
		if (line == 1 && n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
			skip = 3;
		if (n > skip && s[skip] == '#')
			continue;
		t = go_trimspace(s + skip, n - skip, &tl);
		if (tl == 0)
			continue;
		if (t[0] == '!') {
			const char *u = go_trimspace(t + 1, tl - 1, &n);
			size_t cl = 1;

			if ((tmp = malloc(n + 3)) == NULL)
				goto oom;
			tmp[0] = '!';
			if (n > 0) {
				cl = 1 + go_clean(u, n, tmp + 1);
				if (cl > 2 && tmp[1] == '/') {
					memmove(tmp + 1, tmp + 2, cl - 2);
					cl--;
				}
			}
			rc = rules_add_clean(r, source, line,
			    (unsigned)(t - s) + 1, tmp, cl);
		} else {
			size_t cl;

			if ((tmp = malloc(tl + 2)) == NULL)
				goto oom;
			cl = go_clean(t, tl, tmp);
			if (cl > 1 && tmp[0] == '/') {
				memmove(tmp, tmp + 1, cl - 1);
				cl--;
			}
			rc = rules_add_clean(r, source, line,
			    (unsigned)(t - s) + 1, tmp, cl);
		}
		free(tmp);
		if (rc != CTXPACK_OK)
			return rc;
	}
	return CTXPACK_OK;
oom:
	diag_set(&r->err, CTXPACK_LEVEL_ERROR, source, line, 1, "out of memory");
	return CTXPACK_FATAL;
}
