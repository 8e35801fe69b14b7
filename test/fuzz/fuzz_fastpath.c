/*
 * fuzz_fastpath.c: ctxpack's shortcuts against the regexp they stand for.
 *
 * Input: a pattern line, then NUL-separated paths ("pat\0p1\0p2...").
 * The pattern is prepared as the reader would hand it over (a leading
 * '!' makes it an exception, then filepath.Clean and one leading '/'
 * dropped) and compiled with pattern_compile().  Its Go regexp (p.gore)
 * is then translated with re2pcre_translate() and compiled here with plain
 * PCRE2 (interpreter, no JIT), and pattern_match() is compared with that
 * reference on many paths: the input's, and paths built from the pattern
 * text (wildcards filled in several ways, with prefixes and suffixes,
 * '/' and '\n' inserted everywhere).  Subjects go to the reference as Go's
 * regexp reads them: each byte that is not valid UTF-8 is U+FFFD (done
 * here with a decoder of our own, not src/gopath.c).
 *
 * What must be equal, and why:
 *
 *  - PF_ROOT_SUFFIX and PF_BASE_SUFFIX (ctxpack's own shortcuts for
 *    "*LIT" and "**\/\*LIT"): always.  Docker runs the regexp for these
 *    patterns, so the shortcut must give the regexp's answer on every
 *    path, invalid UTF-8 and newlines included.  This is the real
 *    target.
 *  - Every other PK_REGEX: always.  This covers ctxpack's literal-prefix
 *    reject (a path not starting with the pattern's literal head is no
 *    match without running PCRE2: pattern.c literal_prefix()/pfxlen),
 *    the linear matcher that plain globs go to instead of PCRE2
 *    (linmatch.c, "+linear" below), and the JIT and sanitising path in
 *    pattern.c against the plain interpreter here.
 *  - Docker's own shortcuts PK_EXACT, PK_PREFIX, PK_SUFFIX: Docker never
 *    runs the regexp for these, and the two differ on purpose in
 *    documented ways, so they are compared only where they agree by
 *    construction:
 *      * no leading BOM in the pattern (text/scanner drops it from the
 *        regexp, the shortcut compares it: match.tab quirk_bom_*);
 *      * the literal is valid UTF-8 without '^' '|' '{' '}' (these reach
 *        the regexp raw: shouldEscape's bitmap bug) and the path is
 *        valid UTF-8 (the shortcut compares raw bytes, the regexp sees
 *        U+FFFD);
 *      * PK_PREFIX: patternmatcher's regexp for "stem**" is "^stem$" (the
 *        trailing "**" adds nothing when the type is prefix), so the
 *        reference is that regexp without its final '$', i.e. "^stem";
 *      * PK_SUFFIX: only "**" + "/R" (R non-empty); "**R" without the
 *        slash is a plain "ends with R" in Docker ("**file" matches
 *        "profile") while the regexp wants a component boundary.  And
 *        "(.*\/)?" cannot cross '\n', so paths ending in "/R" whose part
 *        before that holds a '\n' are skipped.
 *
 * Also checked: the pattern compiles with plain PCRE2 whenever ctxpack
 * compiled it (ctxpack passes PCRE2_NO_UTF_CHECK, so it must only ever
 * hand PCRE2 valid UTF-8), and pattern_could_match_below() says yes for
 * every proper ancestor of a path the pattern matches.
 */
#include "ctxpack_int.h"
#include "fuzz.h"

const char fuzz_name[] = "fuzz_fastpath";

#define MAXPAT		4096
#define MAXPATHS	64
#define MAXPATH		4096
#define INSERT_MAX	48	/* insert '/' and '\n' in shorter bases */
#define FAST_LIMIT	30000 	/* PCRE2 match limit on both sides */

struct ref {
	pcre2_code		*re;
	pcre2_match_data	*md;
	pcre2_match_context	*mctx;
};

static const char *
kind_name(const struct pattern *p)
{
	static const char *const k[] = { "exact", "prefix", "suffix", "regex" };
	static const char *const f[] = { "", "+root-suffix", "+base-suffix" };
	static char buf[64];

	snprintf(buf, sizeof(buf), "%s%s%s", k[p->kind], f[p->fast],
	    p->lm != NULL ? "+linear" : "");
	return buf;
}

/* 1 match, 0 none, -1 unknown (a limit). */
static int
ref_match(const struct ref *x, const char *s, size_t len)
{
	size_t gl;
	char *g = fuzz_go_runes(s, len, &gl);
	int rc;

	/* No PCRE2_NO_UTF_CHECK: the subject must be valid by now. */
	rc = pcre2_match(x->re, (PCRE2_SPTR)g, gl, 0, 0, x->md, x->mctx);
	if (rc == PCRE2_ERROR_MATCHLIMIT && gl <= 512) {
		/* past the backtracking limit (many stars): the automaton,
		 * whose cost grows with the subject only, on short ones */
		static int ws[1 << 15];

		rc = pcre2_dfa_match(x->re, (PCRE2_SPTR)g, gl, 0,
		    PCRE2_DFA_SHORTEST, x->md, NULL, ws, sizeof(ws) /
		    sizeof(ws[0]));
		if (rc == 0)
			rc = 1;
		else if (rc == PCRE2_ERROR_DFA_WSSIZE)
			rc = PCRE2_ERROR_MATCHLIMIT;
	}
	free(g);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	FUZZ_CHECK(rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_NOMEMORY,
	    "reference pcre2_match failed: %d", rc);
	return -1;
}

/* May a Docker shortcut be compared with its regexp (see above)? */
static int
lit_comparable(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (strchr("^|{}", s[i]) != NULL && s[i] != '\0')
			return 0;
	return fuzz_valid_utf8(s, len);
}

static int
comparable(const struct pattern *p, const char *s, size_t len)
{
	if (p->kind == PK_REGEX)
		return 1;
	if (!fuzz_valid_utf8(s, len))
		return 0;
	if (p->kind == PK_SUFFIX && len >= p->litlen &&
	    memcmp(s + len - p->litlen, p->lit, p->litlen) == 0 &&
	    memchr(s, '\n', len - p->litlen) != NULL)
		return 0;
	return 1;
}

static void
check_one(const struct pattern *p, const struct ref *x, pcre2_match_data *md,
    pcre2_match_context *mctx, const char *s, size_t len)
{
	int got, want;
	size_t k, depth;

	got = pattern_match(p, s, len, md, mctx);
	FUZZ_CHECK(got >= -1 && got <= 1, "pattern_match returned %d", got);
	if (got < 0)
		return;
	if (x->re != NULL && comparable(p, s, len)) {
		want = ref_match(x, s, len);
		if (want >= 0 && got != want) {
			FUZZ_FAIL("pattern_match (%s) says %d, the regexp says "
			    "%d", kind_name(p), got, want);
			fuzz_dump("pattern", p->text, p->len);
			fuzz_dump("regexp", p->gore, p->gorelen);
			fuzz_dump("path", s, len);
			abort();
		}
	}
	if (got != 1 || len > MAXPATH)
		return;
	/* Only for paths a walk can produce: no empty, "." or ".." parts. */
	{
		char c[MAXPATH];

		if (fuzz_clean_path(s, len, c) != len || memcmp(c, s, len) != 0)
			return;
	}
	for (k = 0, depth = 0; k < len && depth < 24; k++) {
		if (s[k] != '/')
			continue;
		depth++;
		if (!pattern_could_match_below(p, s, k, md, mctx)) {
			FUZZ_FAIL("pattern (%s) matches the path but "
			    "pattern_could_match_below says no for its "
			    "%zu-byte ancestor", kind_name(p), k);
			fuzz_dump("pattern", p->text, p->len);
			fuzz_dump("path", s, len);
			abort();
		}
	}
}

/*
 * The pattern with its wildcards filled in, variant v (0..3): "**", "*",
 * "?", classes and escapes replaced by text they may (or may not) match.
 */
static void
instantiate(const char *t, size_t len, int v, struct fuzz_strs *out)
{
	static const char *const dstar[] = { "", "d/", "d/e/", "x\n/" };
	static const char *const star[] = { "", "x", "ab.c", "a/b" };
	static const char *const quest[] = { "q", "/", "\xc3\xa9", "\n" };
	char *b = malloc(len * 8 + 16);
	size_t i = 0, o = 0, n;

	if (b == NULL)
		abort();
	while (i < len) {
		const char *ins = NULL;

		if (t[i] == '*' && i + 1 < len && t[i + 1] == '*') {
			ins = dstar[v];
			i += 2;
			if (i < len && t[i] == '/')
				i++;
		} else if (t[i] == '*') {
			ins = star[v];
			i++;
		} else if (t[i] == '?') {
			ins = quest[v];
			i++;
		} else if (t[i] == '\\' && i + 1 < len) {
			/* the escaped char itself, or a digit for \d */
			b[o++] = t[i + 1] == 'd' && v ? '7' : t[i + 1];
			i += 2;
		} else if (t[i] == '[') {
			size_t j = i + 1;

			if (j < len && t[j] == '^')
				j++;
			/* first member of the class, or '/' */
			if (v & 1 || j >= len)
				b[o++] = '/';
			else
				b[o++] = t[j];
			while (j < len && t[j] != ']')
				j++;
			i = j < len ? j + 1 : j;
		} else
			b[o++] = t[i++];
		if (ins != NULL) {
			n = strlen(ins);
			memcpy(b + o, ins, n);
			o += n;
		}
	}
	fuzz_strs_add3(out, b, o, "", 0, "", 0);
	free(b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const pre[] = { "", "x", "a/", "/", "\n", "a\n/",
	    "\xff", "\xc3\xa9/", "a/b/", ".", "\xef\xbb\xbf" };
	static const char *const suf[] = { "", "x", "/", "/x", "\n", "\xff",
	    "\xe2\x82" };
	const char *buf = (const char *)data, *nul, *t;
	struct fuzz_strs bases = { 0 }, subj = { 0 };
	struct pattern p;
	char *pcre = NULL;
	size_t pcrelen = 0;
	struct ref x = { 0 };
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	char err[512], *clean;
	size_t tl, cl, erroff, i, j, k, nbase;
	int exception = 0, ecode;
	PCRE2_SIZE eoff;

	nul = memchr(buf, '\0', size);
	tl = nul != NULL ? (size_t)(nul - buf) : size;
	t = buf;
	if (tl > MAXPAT)
		return 0;
	if (tl > 0 && t[0] == '!') {
		exception = 1;
		t++;
		tl--;
	}
	if ((clean = malloc(tl + 2)) == NULL)
		abort();
	cl = go_clean(t, tl, clean);
	if (cl > 1 && clean[0] == '/') {
		memmove(clean, clean + 1, cl - 1);
		cl--;
	}
	if (pattern_compile(&p, clean, cl, exception, err, sizeof(err),
	    &erroff) < 0) {
		FUZZ_CHECK(err[0] != '\0', "compile failed without a message");
		free(clean);
		return 0;
	}
	free(clean);
	md = pcre2_match_data_create(16, NULL);
	mctx = pcre2_match_context_create(NULL);
	x.md = pcre2_match_data_create(16, NULL);
	x.mctx = pcre2_match_context_create(NULL);
	if (md == NULL || mctx == NULL || x.md == NULL || x.mctx == NULL)
		abort();
	/*
	 * Lower limits than src/matcher.c's (a path where either side gives
	 * up is skipped): a pattern full of stars must not make each of the
	 * hundreds of paths cost 10M steps.
	 */
	pcre2_set_match_limit(mctx, FAST_LIMIT);
	pcre2_set_depth_limit(mctx, 100000);
	pcre2_set_match_limit(x.mctx, FAST_LIMIT);

	/* The reference regexp, where one is meaningful. */
	{
		const char *re = p.gore;
		size_t rel = p.gorelen;
		int use = 1;

		FUZZ_CHECK(re != NULL && rel >= 2 && re[0] == '^' &&
		    re[rel - 1] == '$', "odd regexp for %s", kind_name(&p));
		if (p.kind != PK_REGEX) {
			use = !(p.len >= 3 && memcmp(p.text, "\xef\xbb\xbf",
			    3) == 0) && lit_comparable(p.lit, p.litlen);
			if (p.kind == PK_PREFIX)
				rel--;		/* "^stem$" -> "^stem" */
			if (p.kind == PK_SUFFIX && (p.litlen < 2 ||
			    p.lit[0] != '/'))
				use = 0;
		}
		if (use && (pcre = re2pcre_translate(re, rel, &pcrelen, err,
		    sizeof(err), &erroff)) == NULL) {
			FUZZ_CHECK(p.kind != PK_REGEX, "re2pcre_translate "
			    "fails on a compiled pattern: %s", err);
			use = 0;
		}
		if (use) {
			x.re = pcre2_compile((PCRE2_SPTR)pcre, pcrelen,
			    PCRE2_UTF | PCRE2_NEVER_BACKSLASH_C, &ecode, &eoff,
			    NULL);
			if (x.re == NULL) {
				PCRE2_UCHAR msg[256];

				pcre2_get_error_message(ecode, msg, sizeof(msg));
				FUZZ_CHECK(p.kind != PK_REGEX, "ctxpack compiled "
				    "it, plain PCRE2 says: %s (offset %zu)",
				    (char *)msg, (size_t)eoff);
			}
		}
	}

	/* Bases: the pattern, its instantiations, its literal. */
	fuzz_strs_add(&bases, p.text, p.len);
	for (i = 0; i < 4; i++)
		instantiate(p.text, p.len, (int)i, &bases);
	if (p.lit != NULL && p.litlen > 0) {
		fuzz_strs_add(&bases, p.lit, p.litlen);
		if (p.litlen > 1)
			fuzz_strs_add(&bases, p.lit + 1, p.litlen - 1);
		fuzz_strs_add3(&bases, p.lit, p.litlen - 1, "", 0, "", 0);
	}
	nbase = bases.n;
	for (i = 0; i < nbase; i++) {
		const char *b = bases.s[i];
		size_t bl = bases.len[i];

		for (j = 0; j < sizeof(pre) / sizeof(pre[0]); j++)
			for (k = 0; k < sizeof(suf) / sizeof(suf[0]); k++)
				fuzz_strs_add3(&subj, pre[j], strlen(pre[j]), b,
				    bl, suf[k], strlen(suf[k]));
		if (bl > INSERT_MAX)
			continue;
		for (k = 0; k <= bl; k++) {
			fuzz_strs_add3(&subj, b, k, "/", 1, b + k, bl - k);
			fuzz_strs_add3(&subj, b, k, "\n", 1, b + k, bl - k);
			if (k < bl) {	/* and replaced */
				fuzz_strs_add3(&subj, b, k, "/", 1, b + k + 1,
				    bl - k - 1);
				fuzz_strs_add3(&subj, b, k, "\n", 1,
				    b + k + 1, bl - k - 1);
			}
		}
	}
	/* The input's own paths. */
	for (i = tl + (size_t)exception + 1, j = 0; nul != NULL && i <= size &&
	    j < MAXPATHS; j++) {
		const char *e = memchr(buf + i, '\0', size - i);
		size_t pl = e != NULL ? (size_t)(e - (buf + i)) : size - i;

		if (pl <= MAXPATH)
			fuzz_strs_add(&subj, buf + i, pl);
		i += pl + 1;
	}
	for (i = 0; i < subj.n; i++)
		check_one(&p, &x, md, mctx, subj.s[i], subj.len[i]);

	fuzz_strs_free(&bases);
	fuzz_strs_free(&subj);
	free(pcre);
	pcre2_code_free(x.re);
	pcre2_match_data_free(x.md);
	pcre2_match_context_free(x.mctx);
	pcre2_match_data_free(md);
	pcre2_match_context_free(mctx);
	pattern_free(&p);
	return 0;
}
