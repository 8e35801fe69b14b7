/*
 * fuzz_rules.c: the input is a whole .dockerignore.  It is read and
 * compiled with ctxpack_rules_parse(); when that succeeds, a set of fixed
 * paths and paths made from the input (every rule's text, its
 * ancestors and children, every input line) are judged with both
 * ctxpack_rules_match() and ctxpack_rules_match_walk(), and the rule set
 * is queried through the other entry points the walker uses.  Nothing may
 * crash, leak or hang; the few things every answer must satisfy are
 * checked:
 *   - parse returns OK or FAILED (FATAL only means out of memory, which a
 *     70 KB input must not cause); FAILED comes with one diagnostic per
 *     bad line, lines ascending, each inside the input, its column inside
 *     its line and on the faulty byte for the errors that name one ('['
 *     or '\\' for filepath.Match, '!' for a lone '!'); a line reported is
 *     bad alone too and a line not reported is good alone (the first 64);
 *     a failed parse adds no rule;
 *   - rule texts are non-empty and lines ascend;
 *   - a verdict's deciding rule exists, and "excluded" holds exactly when
 *     it is a non-exception rule (R16: m only turns true on a normal rule
 *     and false on an exception; -1 means no rule matched);
 *   - the root ("" and ".") is never excluded (R14).
 * The exact semantics are checked by fuzz_match.c.  The PCRE2 match limit
 * is lowered to FUZZ_MATCH_LIMIT so that backtracking patterns stay cheap.
 */
#include "ctxpack_int.h"
#include "fuzz.h"

#define FUZZ_MATCH_LIMIT	20000

const char fuzz_name[] = "fuzz_rules";

#define MAXPATHLEN	4096

static const char *const fixed[] = {
	"a", "a/b", "a/b/c", "Dockerfile", ".dockerignore", "docs",
	"docs/README.md", "node_modules/a/keep.txt", "sub/deep/c.pyc",
	"dir/a.txt", "data/file1", "data/file2", "recipes/cake.txt",
	"x.log/inner.txt", "# x", "a!e", "a^b", "file1", "filed", ".env",
	"\xef\xbb\xbfsecret", "a\nb", "a\xff/b", "\xc3\xa9t\xc3\xa9/x",
	"a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p",
};

static void
check_verdict(const struct ctxpack_rules *r, const struct ctxpack_match *m,
    const char *what, const char *path, size_t len)
{
	struct ctxpack_rule_info info;
	size_t n = ctxpack_rules_count(r);

	if (m->rule == -1) {
		if (m->excluded)
			fuzz_dump("path", path, len);
		FUZZ_CHECK(!m->excluded, "%s: excluded by no rule", what);
		return;
	}
	if (m->rule < 0 || (size_t)m->rule >= n)
		fuzz_dump("path", path, len);
	FUZZ_CHECK(m->rule >= 0 && (size_t)m->rule < n,
	    "%s: rule %ld out of range (%zu rules)", what, m->rule, n);
	FUZZ_CHECK(ctxpack_rules_get(r, (size_t)m->rule, &info) ==
	    CTXPACK_OK, "%s: ctxpack_rules_get failed", what);
	if (m->excluded != !info.exception)
		fuzz_dump("path", path, len);
	FUZZ_CHECK(m->excluded == !info.exception,
	    "%s: excluded=%d but deciding rule %ld is %san exception", what,
	    m->excluded, m->rule, info.exception ? "" : "not ");
}

static void
judge(const struct ctxpack_rules *r, const char *path, size_t len)
{
	struct ctxpack_match m, w;
	int rc;
	long why = -1;

	rc = ctxpack_rules_match(r, path, len, &m);
	FUZZ_CHECK(rc == CTXPACK_OK || rc == CTXPACK_FAILED,
	    "ctxpack_rules_match returned %d", rc);
	if (rc == CTXPACK_OK)
		check_verdict(r, &m, "match", path, len);
	else
		FUZZ_CHECK(ctxpack_rules_error(r) != NULL,
		    "match failed without a diagnostic");
	rc = ctxpack_rules_match_walk(r, path, len, &w);
	FUZZ_CHECK(rc == CTXPACK_OK || rc == CTXPACK_FAILED,
	    "ctxpack_rules_match_walk returned %d", rc);
	if (rc == CTXPACK_OK)
		check_verdict(r, &w, "walk", path, len);
	if (len == 0 || (len == 1 && path[0] == '.'))
		FUZZ_CHECK(!m.excluded && m.rule == -1 && !w.excluded &&
		    w.rule == -1, "the root was excluded");
	/* The walker's other questions: they must just not crash. */
	if (rc == CTXPACK_OK && w.excluded && len > 0) {
		(void)rules_could_include_below(r, path, len, w.rule, &why);
		(void)rules_classic_descend(r, path, len);
	}
	(void)rules_match_deprecated(r, path, len);
}

/* 1 if LINE alone (a file of its bytes) fails to parse. */
static int
bad_alone(const char *line, size_t len)
{
	struct ctxpack_rules *r = ctxpack_rules_new();
	int rc;

	if (r == NULL)
		abort();
	pcre2_set_match_limit(r->mctx, FUZZ_MATCH_LIMIT);
	rc = ctxpack_rules_parse(r, "x", line, len);
	FUZZ_CHECK(rc == CTXPACK_OK || rc == CTXPACK_FAILED,
	    "parse of one line returned %d", rc);
	FUZZ_CHECK(rc == CTXPACK_OK || ctxpack_rules_error_count(r) == 1,
	    "one bad line, %zu errors", ctxpack_rules_error_count(r));
	ctxpack_rules_free(r);
	return rc != CTXPACK_OK;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* A failed parse: the errors, one per bad line, and nothing added. */
static void
check_errors(const struct ctxpack_rules *r, const char *buf, size_t size,
    unsigned nlines)
{
	const struct ctxpack_diag *d;
	size_t i, k, n = ctxpack_rules_error_count(r), pos = 0;
	unsigned line = 0, last = 0;

	FUZZ_CHECK(n >= 1 && ctxpack_rules_error(r) == ctxpack_rules_error_at(r,
	    0) && ctxpack_rules_error_at(r, n) == NULL, "FAILED with %zu "
	    "errors", n);
	FUZZ_CHECK(ctxpack_rules_count(r) == 0, "a failed parse added %zu "
	    "rules", ctxpack_rules_count(r));
	for (i = 0, k = 0; pos < size || (pos == size && line == 0); line++) {
		const char *s = buf + pos, *nl = memchr(s, '\n', size - pos);
		size_t ll = nl != NULL ? (size_t)(nl - s) : size - pos;
		int reported = 0;

		pos += ll + 1;
		d = k < n ? ctxpack_rules_error_at(r, k) : NULL;
		if (d != NULL && d->line == line + 1) {
			reported = 1;
			k++;
			FUZZ_CHECK(d->msg != NULL && d->msg[0] != '\0' &&
			    d->level == CTXPACK_LEVEL_ERROR &&
			    d->file != NULL && strcmp(d->file, ".dockerignore") ==
			    0, "error %zu: no message or file", k);
			FUZZ_CHECK(d->col >= 1 && d->col <= ll + 1, "error at "
			    "%u:%u, the line has %zu bytes", d->line, d->col, ll);
			if (ends_with(d->msg, "\": bad character class or "
			    "trailing backslash"))
				FUZZ_CHECK(d->col <= ll && (s[d->col - 1] == '[' ||
				    s[d->col - 1] == '\\'), "%u:%u is not a '[' "
				    "or '\\'", d->line, d->col);
			if (strcmp(d->msg, "illegal exclusion pattern: \"!\"") ==
			    0)
				FUZZ_CHECK(d->col <= ll && s[d->col - 1] == '!',
				    "%u:%u is not the '!'", d->line, d->col);
		}
		/* each line alone: the BOM only counts on line 1 */
		if (i++ < 64 && (line == 0 || ll < 3 ||
		    memcmp(s, "\xef\xbb\xbf", 3) != 0) && memchr(s, '\0',
		    ll) == NULL)
			FUZZ_CHECK(bad_alone(s, ll) == reported, "line %u is %s "
			    "alone but %s in the file", line + 1,
			    reported ? "good" : "bad",
			    reported ? "reported" : "not reported");
		if (nl == NULL)
			break;
	}
	FUZZ_CHECK(k == n, "%zu errors, %zu of them on lines in order", n, k);
	for (k = 0; k < n; k++) {
		d = ctxpack_rules_error_at(r, k);
		FUZZ_CHECK(d->line >= 1 && d->line <= nlines && d->line > last,
		    "error %zu at line %u (last %u, %u lines)", k, d->line,
		    last, nlines);
		last = d->line;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct ctxpack_rules *r;
	struct fuzz_strs paths = { 0 };
	unsigned nlines = 1, last = 0;
	size_t i, k, n;
	int rc;

	for (i = 0; i < size; i++)
		nlines += buf[i] == '\n';
	if ((r = ctxpack_rules_new()) == NULL)
		abort();
	/*
	 * A lower PCRE2 match limit than matcher.c's 10M: paths that hit it
	 * are skipped anyway, and a backtracking pattern must not cost
	 * seconds per input.  The limit's code paths stay exercised.
	 */
	pcre2_set_match_limit(r->mctx, FUZZ_MATCH_LIMIT);
	rc = ctxpack_rules_parse(r, ".dockerignore", buf, size);
	FUZZ_CHECK(rc == CTXPACK_OK || rc == CTXPACK_FAILED,
	    "ctxpack_rules_parse returned %d", rc);
	if (rc == CTXPACK_FAILED) {
		check_errors(r, buf, size, nlines);
		ctxpack_rules_free(r);
		return 0;
	}
	FUZZ_CHECK(ctxpack_rules_error_count(r) == 0, "OK with errors");
	n = ctxpack_rules_count(r);
	for (i = 0; i < n; i++) {
		struct ctxpack_rule_info info;
		size_t tl;

		FUZZ_CHECK(ctxpack_rules_get(r, i, &info) == CTXPACK_OK,
		    "rules_get(%zu) failed", i);
		/* (text is a C string: a NUL in a pattern cuts it short) */
		FUZZ_CHECK(info.text != NULL && r->pat[i].len > 0 &&
		    strlen(info.text) <= r->pat[i].len,
		    "rule %zu has no text", i);
		FUZZ_CHECK(info.line >= 1 && info.line <= nlines &&
		    info.line >= last, "rule %zu at line %u (last %u, %u lines)",
		    i, info.line, last, nlines);
		FUZZ_CHECK(info.exception == 0 || info.exception == 1,
		    "rule %zu exception=%d", i, info.exception);
		last = info.line;
		if (i >= 64)
			continue;
		/* The rule's own text as a path, with a child and parents
		 * (at most PATH_MAX bytes, as a walk gives). */
		tl = r->pat[i].len < MAXPATHLEN ? r->pat[i].len : MAXPATHLEN;
		fuzz_strs_add(&paths, info.text, tl);
		fuzz_strs_add3(&paths, info.text, tl, "/x", 2, "", 0);
		fuzz_strs_add3(&paths, "x/", 2, info.text, tl, "", 0);
		for (k = 0; k < tl && k < 256; k++)
			if (info.text[k] == '/' || info.text[k] == '*' ||
			    info.text[k] == '?')
				fuzz_strs_add(&paths, info.text, k);
	}
	FUZZ_CHECK(ctxpack_rules_get(r, n, &(struct ctxpack_rule_info){ 0 }) ==
	    CTXPACK_FAILED, "rules_get past the end succeeded");
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		fuzz_strs_add(&paths, fixed[i], strlen(fixed[i]));
	fuzz_strs_add(&paths, "", 0);
	fuzz_strs_add(&paths, ".", 1);
	/* Every input line, raw, as a path (the first 32). */
	for (i = 0, k = 0; i < size && k < 32; k++) {
		const char *nl = memchr(buf + i, '\n', size - i);
		size_t ll = nl != NULL ? (size_t)(nl - (buf + i)) : size - i;

		if (ll <= MAXPATHLEN)
			fuzz_strs_add(&paths, buf + i, ll);
		i += ll + 1;
	}
	for (i = 0; i < paths.n; i++)
		judge(r, paths.s[i], paths.len[i]);
	fuzz_strs_free(&paths);
	ctxpack_rules_free(r);
	return 0;
}
