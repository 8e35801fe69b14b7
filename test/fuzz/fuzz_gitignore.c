/*
 * fuzz_gitignore.c: gitignore mode.  The input is split at the first NUL:
 * before it a .gitignore, after it NUL-separated paths (a trailing '/'
 * means a directory).  The file is added at the root and, a second time,
 * below "sub"; every path (and its "sub/" twin) is judged with the
 * parent's verdict given and with gi_match() walking the ancestors
 * itself.  Nothing may crash, leak or hang, and:
 *   - the two ways of judging agree (the walk's verdicts fed top down
 *     equal gi_match's own ancestor walk, parent_excluded -1);
 *   - a deciding rule exists, and excluded holds exactly when it is not
 *     a '!' rule; below an excluded directory everything is excluded;
 *   - the public rule view (ctxpack_rules_get with CTXPACK_GITRULE)
 *     agrees with gi_info().
 */
#include "ctxpack_int.h"
#include "fuzz.h"

const char fuzz_name[] = "fuzz_gitignore";

/* Judge path top down with the walk's parent verdicts. */
static int
walk_verdict(const struct gi_rules *g, const char *p, size_t len, int isdir)
{
	long rule;
	int neg, parent = 0, v = 0;
	size_t k;

	for (k = 0; k <= len; k++) {
		if (k < len && p[k] != '/')
			continue;
		if (k == 0)
			continue;
		v = gi_match(g, p, k, k < len ? 1 : isdir, parent, &rule, &neg);
		FUZZ_CHECK(rule >= -1 && (rule < 0 ||
		    (size_t)rule < gi_count(g)), "rule %ld out of range", rule);
		FUZZ_CHECK(!(v && neg), "excluded by a '!' rule");
		FUZZ_CHECK(!(parent && !v), "re-included below an excluded "
		    "directory");
		parent = v;
	}
	return v;
}

static void
judge(const struct gi_rules *g, const char *p, size_t len)
{
	long rule;
	int neg, isdir = 0, a, b;

	if (len > 0 && p[len - 1] == '/') {
		isdir = 1;
		len--;
	}
	if (len == 0 || p[0] == '/' || memmem(p, len, "//", 2) != NULL)
		return;
	a = walk_verdict(g, p, len, isdir);
	b = gi_match(g, p, len, isdir, -1, &rule, &neg);
	if (a != b)
		fuzz_dump("path", p, len);
	FUZZ_CHECK(a == b, "walk says %d, gi_match's own ancestor walk %d",
	    a, b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data, *nul;
	struct ctxpack_rules *r;
	struct ctxpack_rule_info info;
	size_t flen, i;
	char buf[4200];

	if (size > 70000)
		return 0;
	nul = memchr(in, '\0', size);
	flen = nul ? (size_t)(nul - in) : size;
	if ((r = ctxpack_rules_new()) == NULL)
		return 0;
	if (ctxpack_rules_parse_gitignore(r, ".gitignore", "", in, flen) !=
	    CTXPACK_OK || ctxpack_rules_parse_gitignore(r, "sub/.gitignore",
	    "sub", in, flen) != CTXPACK_OK) {
		ctxpack_rules_free(r);
		return 0;
	}
	for (i = 0; r->gi != NULL && i < gi_count(r->gi); i++) {
		const char *src, *text;
		unsigned line;
		int neg;

		FUZZ_CHECK(gi_info(r->gi, i, &src, &line, &text, &neg, NULL) ==
		    0, "gi_info(%zu) failed", i);
		FUZZ_CHECK(ctxpack_rules_get(r, (size_t)CTXPACK_GITRULE + i,
		    &info) == CTXPACK_OK, "rules_get of git rule %zu", i);
		FUZZ_CHECK(info.line == line && info.exception == neg,
		    "rule %zu: public view differs", i);
	}
	if (r->gi != NULL && nul != NULL) {
		const char *p = nul + 1, *end = in + size;

		while (p < end) {
			const char *q = memchr(p, '\0', (size_t)(end - p));
			size_t n = q ? (size_t)(q - p) : (size_t)(end - p);

			if (n > 0 && n < 4000) {
				judge(r->gi, p, n);
				memcpy(buf, "sub/", 4);
				memcpy(buf + 4, p, n);
				judge(r->gi, buf, n + 4);
			}
			p += n + 1;
		}
	}
	ctxpack_rules_free(r);
	return 0;
}
