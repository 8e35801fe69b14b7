/*
 * fuzz_dockerfile.c: the Dockerfile model (src/lib/dockerfile.h).  The
 * input is a Dockerfile, optionally followed by a NUL and NUL-separated
 * paths (a trailing '/' makes a directory).  The file is parsed, dumped,
 * and evaluated for both builders; every path is judged by the matchers.
 * Nothing may crash, leak or hang, and:
 *   - an error has a message and a line within the file; instructions
 *     come in line order, each with line <= endline;
 *   - every context read has a clean relative path (no leading or
 *     trailing '/', no empty, "." or ".." component), and only context
 *     reads have one;
 *   - df_match agrees with df_read_match: the read it names reads (or
 *     needs) the path, and DF_NO means no read does; a whole-context read
 *     reads every path;
 *   - a literal source (no wildcard, no --parents, no pattern character)
 *     is read by its own read and sent by BuildKit's transfer (unless it
 *     starts or ends with white space, which the transfer trims), and its
 *     ancestors are needed;
 *   - on words without '$', quotes or the escape character ProcessWord is
 *     the identity and ProcessWords the Unicode white-space split;
 *   - df_fpmatch (Go's filepath.Match) agrees with an independent
 *     backtracking matcher on every pattern/name pair of paths that it
 *     calls well formed.
 */
#include "dfint.h"
#include "fuzz.h"

const char fuzz_name[] = "fuzz_dockerfile";

/* ------------------------------------------------ reference glob */

static size_t
runelen(const char *s, size_t len)
{
	size_t w;

	fuzz_decode((const unsigned char *)s, len, &w);
	return w;
}

/* A class at p (after '['); 1/0 match of R, *end past ']'. */
static int
ref_class(const char *p, const char *pe, int32_t r, const char **end)
{
	int neg = 0, m = 0, first = 1;
	size_t w;

	if (p < pe && *p == '^') {
		neg = 1;
		p++;
	}
	while (p < pe && (*p != ']' || first)) {
		int32_t lo, hi;

		first = 0;
		if (*p == '\\')
			p++;
		lo = fuzz_decode((const unsigned char *)p, (size_t)(pe - p), &w);
		p += w;
		hi = lo;
		if (p < pe && *p == '-' && p + 1 < pe && p[1] != ']') {
			p++;
			if (*p == '\\')
				p++;
			hi = fuzz_decode((const unsigned char *)p,
			    (size_t)(pe - p), &w);
			p += w;
		}
		if (lo <= r && r <= hi)
			m = 1;
	}
	*end = p + 1;
	return m != neg;
}

static int
ref_match(const char *p, const char *pe, const char *s, const char *se)
{
	while (p < pe) {
		if (*p == '*') {
			const char *t;

			while (p < pe && *p == '*')
				p++;
			/* like Go, a star skips bytes, not runes */
			for (t = s;; t++) {
				if (ref_match(p, pe, t, se))
					return 1;
				if (t >= se || *t == '/')
					return 0;
			}
		}
		if (s >= se)
			return 0;
		if (*p == '?') {
			if (*s == '/')
				return 0;
			s += runelen(s, (size_t)(se - s));
			p++;
			continue;
		}
		if (*p == '[') {
			size_t w;
			int32_t r = fuzz_decode((const unsigned char *)s,
			    (size_t)(se - s), &w);
			const char *e;

			if (!ref_class(p + 1, pe, r, &e))
				return 0;
			s += w;
			p = e;
			continue;
		}
		if (*p == '\\')
			p++;
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
	return s == se;
}

/* ------------------------------------------------------- checks */

static void
check_path(const char *p)
{
	size_t n = strlen(p), i, s = 0;

	FUZZ_CHECK(n == 0 || (p[0] != '/' && p[n - 1] != '/'),
	    "read path \"%s\" not relative or has a trailing '/'", p);
	for (i = 0; n > 0 && i <= n; i++) {
		if (i < n && p[i] != '/')
			continue;
		FUZZ_CHECK(i > s && !(i - s == 1 && p[s] == '.') &&
		    !(i - s == 2 && p[s] == '.' && p[s + 1] == '.'),
		    "read path \"%s\" is not clean", p);
		s = i + 1;
	}
}

static int
plain(const char *s)
{
	return strpbrk(s, "*?[]\\!") == NULL;
}

static void
judge(const struct df_build *b, const char *p, size_t len, int isdir)
{
	size_t i, r = (size_t)-1;
	int v = df_match(b, p, len, isdir, &r), any = 0;

	if (v < 0)
		return;
	FUZZ_CHECK(v == DF_NO || v == DF_READ || v == DF_PARENT,
	    "df_match returned %d", v);
	if (v != DF_NO) {
		FUZZ_CHECK(r < df_nreads(b), "df_match names read %zu", r);
		FUZZ_CHECK(df_read_match(b, r, p, len, isdir) == v,
		    "df_match and df_read_match %zu differ", r);
	}
	for (i = 0; i < df_nreads(b); i++) {
		int w = df_read_match(b, i, p, len, isdir);

		if (w == DF_READ)
			any = 1;
		if (w == DF_PARENT && !any)
			any = 2;
		if (df_read(b, i)->whole)
			FUZZ_CHECK(w == DF_READ, "whole read %zu does not "
			    "read a path", i);
	}
	if (any == 1) {
		if (v != DF_READ)
			fuzz_dump("path", p, len);
		FUZZ_CHECK(v == DF_READ, "a read reads the path, df_match "
		    "says %d", v);
	}
	FUZZ_CHECK(!(v == DF_NO && any != 0), "df_match says no, a read "
	    "needs it");
	(void)df_transfer_match(b, p, len, isdir);
}

static void
check_build(const struct df_build *b, const struct df_file *df)
{
	size_t i, k;

	for (i = 0; i < df_nreads(b); i++) {
		const struct df_read *r = df_read(b, i);
		size_t n, tl;

		FUZZ_CHECK(r->stage < df_nstages(b), "read %zu in stage %zu",
		    i, r->stage);
		FUZZ_CHECK(r->instr < df_ninstrs(df), "read %zu instr %zu", i,
		    r->instr);
		FUZZ_CHECK((r->path != NULL) == (r->origin == DF_FROM_CONTEXT),
		    "read %zu: path and origin disagree", i);
		if (r->path == NULL)
			continue;
		check_path(r->path);
		n = strlen(r->path);
		if (r->parents || r->pattern != NULL || r->wildcard ||
		    !plain(r->path) || n == 0 || n > 4000)
			continue;
		FUZZ_CHECK(df_read_match(b, i, r->path, n, 0) == DF_READ,
		    "read %zu does not read its own path", i);
		/* patternmatcher trims white space off the transfer's
		   patterns: " a" is not sent (BuildKit then fails) */
		if (df_trimspace(r->path, n, &tl) == r->path && tl == n)
			FUZZ_CHECK(df_transfer_match(b, r->path, n, 0) ==
			    DF_READ, "read %zu: its path is not transferred",
			    i);
		for (k = 0; k < n; k++)
			if (r->path[k] == '/')
				FUZZ_CHECK(df_read_match(b, i, r->path, k, 1) ==
				    DF_PARENT, "read %zu: an ancestor is not "
				    "needed", i);
	}
}

static void
check_lexer(const char *s, size_t len)
{
	struct df_lex lx;
	struct sbuf out = { 0 };
	struct df_strv v = { 0 };
	size_t i, w, n = 0;
	int inword = 0;

	if (len > 2000 || !fuzz_valid_utf8(s, len) || memchr(s, '$', len) ||
	    memchr(s, '\'', len) || memchr(s, '"', len) ||
	    memchr(s, '\\', len) || (len >= 3 && memcmp(s,
	    "\xef\xbb\xbf", 3) == 0))
		return;
	memset(&lx, 0, sizeof(lx));
	lx.escape = '\\';
	FUZZ_CHECK(df_lex_word(&lx, s, len, &out) == 0, "ProcessWord failed");
	FUZZ_CHECK(out.len == len && memcmp(out.s, s, len) == 0,
	    "ProcessWord is not the identity");
	FUZZ_CHECK(df_lex_words(&lx, s, len, &v) == 0, "ProcessWords failed");
	for (i = 0; i < len; i += w) {
		int32_t r = fuzz_decode((const unsigned char *)s + i, len - i,
		    &w);

		if (df_isspace(r))
			inword = 0;
		else if (!inword) {
			inword = 1;
			n++;
		}
	}
	FUZZ_CHECK(v.n == n, "ProcessWords gives %zu words, not %zu", v.n, n);
	sbuf_free(&out);
	df_strv_free(&v);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data, *nul;
	struct fuzz_strs paths = { 0 };
	struct df_file *df;
	struct sbuf dump = { 0 };
	size_t flen, i;
	int b;

	if (size > 70000)
		return 0;
	nul = memchr(in, '\0', size);
	flen = nul ? (size_t)(nul - in) : size;
	if (nul != NULL) {
		const char *p = nul + 1, *end = in + size;

		while (p < end) {
			const char *q = memchr(p, '\0', (size_t)(end - p));
			size_t n = q ? (size_t)(q - p) : (size_t)(end - p);

			if (n < 4000)
				fuzz_strs_add(&paths, p, n);
			p += n + 1;
		}
	}
	for (i = 0; i < paths.n; i++)
		check_lexer(paths.s[i], paths.len[i]);
	for (i = 0; i + 1 < paths.n; i += 2) {
		int m = df_fpmatch(paths.s[i], paths.len[i], paths.s[i + 1],
		    paths.len[i + 1]);

		if (m < 0 || !fuzz_valid_utf8(paths.s[i], paths.len[i]))
			continue;
		if (m != ref_match(paths.s[i], paths.s[i] + paths.len[i],
		    paths.s[i + 1], paths.s[i + 1] + paths.len[i + 1])) {
			fuzz_dump("pattern", paths.s[i], paths.len[i]);
			fuzz_dump("name", paths.s[i + 1], paths.len[i + 1]);
		}
		FUZZ_CHECK(m == ref_match(paths.s[i], paths.s[i] +
		    paths.len[i], paths.s[i + 1], paths.s[i + 1] +
		    paths.len[i + 1]), "filepath.Match differs from the "
		    "reference");
	}
	if ((df = df_parse("Dockerfile", in, flen, NULL, NULL)) == NULL) {
		fuzz_strs_free(&paths);
		return 0;
	}
	if (df_error(df) != NULL) {
		const struct ctxpack_diag *d = df_error(df);
		size_t lines = 1;

		for (i = 0; i < flen; i++)
			lines += in[i] == '\n';
		FUZZ_CHECK(d->msg != NULL && d->msg[0] != '\0',
		    "error without a message");
		FUZZ_CHECK(d->line <= lines + 1, "error on line %u of %zu",
		    d->line, lines);
	}
	for (i = 0; i < df_ninstrs(df); i++) {
		const struct df_instr *x = df_instr(df, i);

		FUZZ_CHECK(x->line >= 1 && x->line <= x->endline,
		    "instruction %zu lines %u-%u", i, x->line, x->endline);
		if (i > 0)
			FUZZ_CHECK(df_instr(df, i - 1)->endline < x->line,
			    "instruction %zu before the previous one", i);
	}
	df_dump_ast(df, 0, &dump);
	sbuf_free(&dump);
	for (b = 0; b < 2; b++) {
		struct df_opts o;
		struct df_build *bd;

		memset(&o, 0, sizeof(o));
		o.builder = b ? CTXPACK_CLASSIC : CTXPACK_BUILDKIT;
		if ((bd = df_eval(df, &o, NULL, NULL)) == NULL)
			continue;
		if (df_build_error(bd) == NULL) {
			check_build(bd, df);
			for (i = 0; i < paths.n; i++) {
				const char *p = paths.s[i];
				size_t n = paths.len[i];
				int isdir = n > 0 && p[n - 1] == '/';
				char *c;

				if (isdir)
					n--;
				if ((c = malloc(n + 1)) == NULL)
					abort();
				n = fuzz_clean_path(p, n, c);
				if (n > 0)
					judge(bd, c, n, isdir);
				free(c);
			}
		}
		df_build_free(bd);
	}
	df_free(df);
	fuzz_strs_free(&paths);
	return 0;
}
