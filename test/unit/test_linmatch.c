/*
 * test_linmatch.c: the linear matcher (src/lib/linmatch.c) against the
 * regexp Docker builds, run by PCRE2 (interpreter, no JIT) on the same
 * pattern: written cases first, then seeded random globs and paths made
 * of the characters where the two could part (several stars, '?', "**"
 * in each place, '\n', a multibyte rune, an invalid byte, escapes).
 */
#include <stdlib.h>

#include "ctxpack_int.h"
#include "harness.h"

/* A pattern, compiled both ways. */
struct both {
	struct pattern		 p;
	pcre2_code		*re;	/* the reference, interpreted */
	pcre2_match_data	*md;
	pcre2_match_context	*mctx;
	int			 ok;
};

static int
both_compile(struct both *b, const char *pat)
{
	char err[256];
	size_t eo;
	PCRE2_SIZE eoff;
	int ecode;

	memset(b, 0, sizeof(*b));
	if (pattern_compile(&b->p, pat, strlen(pat), 0, err, sizeof(err),
	    &eo) < 0)
		return 0;
	b->ok = 1;
	if (b->p.lm == NULL)
		return 0;
	b->re = pcre2_compile((PCRE2_SPTR)b->p.pcre, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_NEVER_BACKSLASH_C, &ecode, &eoff, NULL);
	b->md = pcre2_match_data_create(4, NULL);
	b->mctx = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(b->mctx, 100000);
	return b->re != NULL;
}

static void
both_free(struct both *b)
{
	if (b->ok)
		pattern_free(&b->p);
	pcre2_code_free(b->re);
	pcre2_match_data_free(b->md);
	pcre2_match_context_free(b->mctx);
}

/* The reference's answer: backtracking, or the automaton past a limit. */
static int
ref_match(struct both *b, const char *s, size_t len)
{
	static int ws[1 << 16];
	int rc;

	rc = pcre2_match(b->re, (PCRE2_SPTR)s, len, 0, 0, b->md, b->mctx);
	if (rc == PCRE2_ERROR_MATCHLIMIT) {
		rc = pcre2_dfa_match(b->re, (PCRE2_SPTR)s, len, 0,
		    PCRE2_DFA_SHORTEST, b->md, NULL, ws, sizeof(ws) /
		    sizeof(ws[0]));
		if (rc == 0)
			rc = 1;
	}
	return rc >= 0 ? 1 : rc == PCRE2_ERROR_NOMATCH ? 0 : -2;
}

/* Invalid bytes as U+FFFD, the subject both matchers see. */
static size_t
sanitize(const char *s, size_t len, char *out)
{
	size_t i = 0, o = 0, w;

	while (i < len) {
		if (go_decode_rune((const unsigned char *)s + i, len - i, &w) ==
		    0xfffd && w == 1) {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		} else {
			memcpy(out + o, s + i, w);
			o += w;
			i += w;
		}
	}
	return o;
}

/*
 * Compare on one path.  A path with '\n' may defer (-1) when "**" is in
 * the pattern, and only then; pattern_match() always gives the regexp's
 * answer.
 */
static void
check_path(struct both *b, const char *path, size_t plen)
{
	const char *pat = b->p.text;
	char s[1024];
	size_t n;
	int lm, ref, pm;

	n = sanitize(path, plen, s);
	lm = lm_match(b->p.lm, s, n);
	ref = ref_match(b, s, n);
	if (lm == -1 && (strstr(pat, "**") == NULL ||
	    memchr(s, '\n', n) == NULL))
		t_fail(__FILE__, __LINE__, "\"%s\" defers on \"%.*s\"", pat,
		    (int)plen, path);
	else if (lm != -1 && lm != ref)
		t_fail(__FILE__, __LINE__, "\"%s\" on \"%.*s\": linear %d, "
		    "regexp %d", pat, (int)plen, path, lm, ref);
	if ((pm = pattern_match(&b->p, path, plen, b->md, NULL)) != ref)
		t_fail(__FILE__, __LINE__, "\"%s\" on \"%.*s\": pattern_match "
		    "%d, regexp %d", pat, (int)plen, path, pm, ref);
}

/* Compare on one pattern and path; 1 if the linear matcher took it. */
static int
check(const char *pat, const char *path, size_t plen)
{
	struct both b;
	int taken = both_compile(&b, pat);

	if (taken)
		check_path(&b, path, plen);
	both_free(&b);
	return taken;
}

DEFINE_TEST(test_linmatch_cases)
{
	static const char *const taken[] = {
		"a*b", "*a*a*a*a*b", "a?c", "*/x", "x/*", "**/a?", "a/**/b",
		"a*/**", "**/*.c?", "**/**/b", "a/**/**", "\\*a*", "a\\.b*",
		"\xc3\xa9*", "?\xff*", "*.tar.*", "a/?/c", "**/x/**/*",
		/* the NFA: "**" inside a segment, star runs, "\/" */
		"a**b", "***/a", "a?/b**", "**a**a**b", "x\\/**\\/y", "a*/b**",
		"****", "?**?",
	};
	static const char *const not_taken[] = {
		"a[bc]*", "a\\d*", "a^b*", "a|b*", "a{2}*", "a\\",
		"\xef\xbb\xbf" "a*", "**",
	};
	static const char *const paths[] = {
		"", "a", "b", "ab", "aab", "abc", "a/b", "a/x/b", "x", "x/y",
		"a/b/c", "f.c", "d/f.c", "d\n/f.c", "a\nb", "*a", "*ab", "a.bc",
		"\xc3\xa9", "\xc3\xa9x", "\xff", "\xffx", "\xef\xbf\xbdx",
		"x.tar.gz", "a/z/c", "a//c", "/a", "a/", "aaaaaaaaaaaaaaab",
		"aaaaaaaaaaaaaaaa",
	};
	size_t i, k;
	struct pattern p;
	char err[256];
	size_t eo;

	for (i = 0; i < sizeof(taken) / sizeof(taken[0]); i++) {
		if (check(taken[i], "", 0) != 1)
			t_fail(__FILE__, __LINE__, "\"%s\" not taken",
			    taken[i]);
		for (k = 0; k < sizeof(paths) / sizeof(paths[0]); k++)
			(void)check(taken[i], paths[k], strlen(paths[k]));
	}
	for (i = 0; i < sizeof(not_taken) / sizeof(not_taken[0]); i++) {
		if (pattern_compile(&p, not_taken[i], strlen(not_taken[i]), 0,
		    err, sizeof(err), &eo) < 0)
			continue;
		if (p.lm != NULL)
			t_fail(__FILE__, __LINE__, "\"%s\" went to the linear "
			    "matcher", not_taken[i]);
		pattern_free(&p);
	}
}

/* The pathological shape: 30 stars on 240-byte names, both answers. */
DEFINE_TEST(test_linmatch_stars)
{
	char pat[128], path[300];
	size_t i;

	pat[0] = '\0';
	for (i = 0; i < 30; i++)
		strcat(pat, "*a");
	strcat(pat, "*b");
	memset(path, 'a', 240);
	memcpy(path + 240, "b0001", 5);
	assert_true(check(pat, path, 245) == 1);
	assert_true(check(pat, path, 241) == 1);
	memcpy(path, "ab", 2);
	assert_true(check(pat, path, 241) == 1);
}

static unsigned long rnd_state;

static unsigned
rnd(unsigned n)
{
	rnd_state = rnd_state * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)(rnd_state >> 33) % n;
}

DEFINE_TEST(test_linmatch_random)
{
	static const char *const pp[] = {
		"a", "b", "*", "*", "?", "/", "**/", "/**", "\\*", ".",
		"\xc3\xa9", "\xff", "\n", "**", "\\/",
	};
	static const char *const sp[] = {
		"a", "b", "a", "/", "*", ".", "\xc3\xa9", "\xff", "\n", "ab",
	};
	char pat[64], path[128];
	size_t i, k, j, n, taken = 0;

	rnd_state = 12345;
	for (i = 0; i < 6000 && t_failures < 10; i++) {
		struct both b;

		n = 1 + rnd(7);
		pat[0] = '\0';
		for (k = 0; k < n; k++)
			strcat(pat, pp[rnd(sizeof(pp) / sizeof(pp[0]))]);
		/* cleaned, as the reader hands it over */
		n = go_clean(pat, strlen(pat), path);
		memcpy(pat, path, n + 1);
		if (n > 1 && pat[0] == '/')
			memmove(pat, pat + 1, n);
		if (both_compile(&b, pat)) {
			taken++;
			for (j = 0; j < 24; j++) {
				size_t pl = 0, m = rnd(9);

				for (k = 0; k < m; k++) {
					const char *x = sp[rnd(sizeof(sp) /
					    sizeof(sp[0]))];

					memcpy(path + pl, x, strlen(x));
					pl += strlen(x);
				}
				check_path(&b, path, pl);
			}
		}
		both_free(&b);
	}
	/* most random globs are ones it takes */
	assert_true(taken > 6000 / 3);
}
