/*
 * test_re2pcre.c: the Go-regexp-to-PCRE2 translator (src/lib/re2pcre.c),
 * construct by construct.  Each row gives a Go regexp, the PCRE2 text it
 * must become (or the error and its offset), and strings it must and must
 * not match.  The match columns are Go's answers (regexp.MatchString, an
 * unanchored search, of go1.19): the translation compiled with PCRE2_UTF
 * must give the same ones.  Rows marked "ctxpack" are the translator's
 * own limits, where Go would accept the regexp; the Unicode 15 scripts
 * are go1.24's (the docker CLI's Go), which go1.19 does not know.
 */
#include <stdlib.h>

#include "ctxpack_int.h"
#include "harness.h"

struct trcase {
	const char	*re;
	const char	*pcre;		/* NULL: an error is expected */
	const char	*yes[4];	/* must match */
	const char	*no[4];		/* must not match */
};

static const struct trcase ok_cases[] = {
	/* literals: ASCII alphanumerics as is, every other rune as \x{} */
	{ "abc", "abc", { "abc", "xabcx" }, { "ab", "aBc" } },
	{ "\xc3\xa9", "\\x{e9}", { "\xc3\xa9" }, { "e" } },
	{ "a-b_c", "a\\x{2d}b\\x{5f}c", { "a-b_c" }, { "a-bxc" } },
	{ "\\.", "\\x{2e}", { "." }, { "x" } },
	{ "\\*\\+\\?\\(\\)\\|\\[\\]\\{\\}\\^\\$\\\\",
	    "\\x{2a}\\x{2b}\\x{3f}\\x{28}\\x{29}\\x{7c}\\x{5b}\\x{5d}\\x{7b}"
	    "\\x{7d}\\x{5e}\\x{24}\\x{5c}", { "*+?()|[]{}^$\\" }, { "*" } },
	/* '.' never matches a newline (no (?s) in Go's default flags) */
	{ "a.b", "a[^\\n]b", { "axb", "a\xc3\xa9" "b" }, { "a\nb", "ab" } },
	/* anchors: Go's $ is the end of the text, not before a final \n */
	{ "^a$", "\\Aa\\z", { "a" }, { "a\n", "\na", "ba" } },
	{ "\\Aa\\z", "\\Aa\\z", { "a" }, { "a\n" } },
	{ "\\ba\\B", "\\ba\\B", { "ab", "\xc3\xa9" "ab" }, { "a", "ba" } },
	/* classes: explicit ranges, merged, surrogates cut out */
	{ "[a-c]", "[\\x{61}-\\x{63}]", { "b" }, { "d", "B" } },
	{ "[^a]", "[^\\x{61}]", { "\n", "/" }, { "a", "" } },
	{ "[]a]", "[\\x{5d}\\x{61}]", { "]", "a" }, { "b" } },
	{ "[a-]", "[\\x{2d}\\x{61}]", { "-" }, { "b" } },
	{ "[-a]", "[\\x{2d}\\x{61}]", { "-", "a" }, { "b" } },
	{ "[\\x{d7ff}-\\x{e000}]", "[\\x{d7ff}\\x{e000}]",
	    { "\xed\x9f\xbf", "\xee\x80\x80" }, { "a" } },
	{ "[\\x{d800}-\\x{dfff}]", "(*FAIL)", { NULL }, { "a", "" } },
	{ "[^\\x{d800}-\\x{dfff}]", "(?s:.)", { "\n", "a" }, { "" } },
	{ "[\\]\\-]", "[\\x{2d}\\x{5d}]", { "]", "-" }, { "\\" } },
	/* POSIX classes (ASCII), also negated */
	{ "[[:alpha:]]", "[\\x{41}-\\x{5a}\\x{61}-\\x{7a}]", { "Q" },
	    { "1", "\xc3\xa9" } },
	{ "[[:^digit:]x]", "[\\x{0}-\\x{2f}\\x{3a}-\\x{d7ff}\\x{e000}-"
	    "\\x{10ffff}]", { "x", "\xc3\xa9" }, { "5" } },
	{ "[[:space:]]", "[\\x{9}-\\x{d}\\x{20}]", { "\v", " " }, { "x" } },
	{ "[[:word:]]", "[\\x{30}-\\x{39}\\x{41}-\\x{5a}\\x{5f}\\x{61}-"
	    "\\x{7a}]", { "_" }, { "-" } },
	/* Perl classes (ASCII; Go's \s has no \v), in and out of [...] */
	{ "\\d", "[\\x{30}-\\x{39}]", { "0" }, { "\xd9\xa3", "a" } },
	{ "\\s", "[\\x{9}-\\x{a}\\x{c}-\\x{d}\\x{20}]", { " ", "\n", "\f" },
	    { "\v", "\xc2\xa0" } },
	{ "\\S", "[\\x{0}-\\x{8}\\x{b}\\x{e}-\\x{1f}\\x{21}-\\x{d7ff}"
	    "\\x{e000}-\\x{10ffff}]", { "x", "\v" }, { " ", "\t" } },
	{ "\\w", "[\\x{30}-\\x{39}\\x{41}-\\x{5a}\\x{5f}\\x{61}-\\x{7a}]",
	    { "_" }, { "\xc3\xa9", "-" } },
	{ "\\W", "[\\x{0}-\\x{2f}\\x{3a}-\\x{40}\\x{5b}-\\x{5e}\\x{60}"
	    "\\x{7b}-\\x{d7ff}\\x{e000}-\\x{10ffff}]", { "\xc3\xa9" }, { "a" } },
	{ "[\\d_]", "[\\x{30}-\\x{39}\\x{5f}]", { "_", "7" },
	    { "a", "\xd9\xa3" } },
	{ "[^\\D]", "[^\\x{0}-\\x{2f}\\x{3a}-\\x{d7ff}\\x{e000}-\\x{10ffff}]",
	    { "4" }, { "a" } },
	{ "[\\s\\S]", "[\\x{0}-\\x{d7ff}\\x{e000}-\\x{10ffff}]", { "\n" },
	    { "" } },
	/* Unicode classes: one letter, {Name}, negated with P or ^ */
	{ "\\pL", "[\\p{L}]", { "\xc3\xa9" }, { "1" } },
	{ "\\p{Greek}", "[\\p{Greek}]", { "\xce\xa9" }, { "a" } },
	{ "\\PL", "[\\P{L}]", { "1" }, { "a" } },
	{ "\\p{^Greek}", "[\\P{Greek}]", { "a" }, { "\xce\xb1" } },
	{ "\\P{^L}", "[\\p{L}]", { "a" }, { "1" } },
	{ "\\p{Any}", "[\\p{Any}]", { "\n" }, { "" } },
	{ "[\\p{Greek}a]", "[\\x{61}\\p{Greek}]", { "\xce\xb1", "a" },
	    { "b" } },
	/* Go's C has no Cn (unassigned: U+0378); PCRE2's has */
	{ "\\pC", "[\\p{Cc}\\p{Cf}\\p{Co}\\p{Cs}]", { "\x01", "\xc2\xad" },
	    { "a", "\xcd\xb8" } },
	{ "\\PC", "[\\P{C}\\p{Cn}]", { "a", "\xcd\xb8" }, { "\x01" } },
	{ "[^\\PC]", "[^\\P{C}\\p{Cn}]", { "\x01" }, { "\xcd\xb8" } },
	/* Unicode 15 scripts (go1.24, the docker CLI's) PCRE2 10.42 lacks */
	{ "\\p{Kawi}", "[\\x{11f00}-\\x{11f10}\\x{11f12}-\\x{11f3a}"
	    "\\x{11f3e}-\\x{11f59}]", { "\xf0\x91\xbc\x80" }, { "a" } },
	{ "[a\\p{Nag_Mundari}]", "[\\x{61}\\x{1e4d0}-\\x{1e4f9}]",
	    { "\xf0\x9e\x93\x90", "a" }, { "b" } },
	/* escapes */
	{ "\\x41", "A", { "A" }, { "a" } },
	{ "\\x{263a}", "\\x{263a}", { "\xe2\x98\xba" }, { "x" } },
	{ "\\101", "A", { "A" }, { "a" } },
	{ "\\07", "\\x{7}", { "\a" }, { "7" } },
	{ "\\0", "\\x{0}", { NULL }, { "0" } },
	{ "\\n\\t\\r\\f\\v\\a", "\\x{a}\\x{9}\\x{d}\\x{c}\\x{b}\\x{7}",
	    { "\n\t\r\f\v\a" }, { "n" } },
	{ "\\x{d800}", "(*FAIL)", { NULL }, { "x" } },
	/* \Q...\E: quoted text, to \E or the end */
	{ "\\Qa.b\\E", "a\\x{2e}b", { "a.b" }, { "axb" } },
	{ "\\Qa*", "a\\x{2a}", { "a*" }, { "aa" } },
	{ "^x\\Q\\E*$", "\\Ax*\\z", { "xxx", "" }, { "y" } },
	/* repeats, greedy and lazy; {n} written as {n,n} */
	{ "^a*$", "\\Aa*\\z", { "", "aaa" }, { "b" } },
	{ "^a+?$", "\\Aa+?\\z", { "aa" }, { "" } },
	{ "^a??$", "\\Aa??\\z", { "", "a" }, { "aa" } },
	{ "^a{2}$", "\\Aa{2,2}\\z", { "aa" }, { "a", "aaa" } },
	{ "^a{2,}$", "\\Aa{2,}\\z", { "aaaa" }, { "a" } },
	{ "^a{2,3}?$", "\\Aa{2,3}?\\z", { "aaa" }, { "aaaa" } },
	{ "^\\d{2}$", "\\A[\\x{30}-\\x{39}]{2,2}\\z", { "42" }, { "4" } },
	{ "a{1000}", "a{1000,1000}", { NULL }, { "a" } },
	{ "a{1,1000}", "a{1,1000}", { "a" }, { "b" } },
	/* a '{' that starts no repeat is a literal */
	{ "a{,3}", "a\\x{7b}\\x{2c}3\\x{7d}", { "a{,3}" }, { "aaa" } },
	{ "a{x", "a\\x{7b}x", { "a{x" }, { "ax" } },
	{ "{", "\\x{7b}", { "{" }, { "x" } },
	{ "a{01}", "a\\x{7b}01\\x{7d}", { "a{01}" }, { "a" } },
	/* Go repeats an assertion; PCRE2 wants a group around it */
	{ "^*", "(?:\\A)*", { "", "x" }, { NULL } },
	{ "\\b+", "(?:\\b)+", { "a" }, { "", "-" } },
	{ "ab\\z+", "ab(?:\\z)+", { "ab" }, { "abc" } },
	/* groups (non-capturing) and alternation */
	{ "^(a|b)c$", "\\A(?:a|b)c\\z", { "ac", "bc" }, { "abc" } },
	{ "^(a(b))$", "\\A(?:a(?:b))\\z", { "ab" }, { "a" } },
	{ "a|", "a|", { "", "b" }, { NULL } },
	{ "", "", { "", "x" }, { NULL } },
	/* what patternmatcher builds: **, *, ? and escapes */
	{ "^(.*/)?[^/]*\\.txt$", "\\A(?:[^\\n]*\\x{2f})?[^\\x{2f}]*\\x{2e}txt\\z",
	    { "a.txt", "d/e/a.txt" }, { "a.txt/b", "d\n/a.txt" } },
};

struct trerr {
	const char	*re;
	const char	*msg;
	size_t		 off;
};

static const struct trerr err_cases[] = {
	{ "a**", "invalid nested repetition operator", 2 },
	{ "a*?+", "invalid nested repetition operator", 3 },
	{ "*a", "missing argument to repetition operator", 0 },
	{ "+", "missing argument to repetition operator", 0 },
	{ "(*a)", "missing argument to repetition operator", 1 },
	{ "a|*", "missing argument to repetition operator", 2 },
	{ "\\Q\\E*", "missing argument to repetition operator", 4 },
	{ "a{1001}", "invalid repeat count", 1 },
	{ "a{2,1}", "invalid repeat count", 1 },
	{ "a{100000000000}", "invalid repeat count", 1 },
	{ "[z-a]", "invalid character class range z-a", 1 },
	{ "x[b\\x{10}-\\x{5}]", "invalid character class range "
	    "\\x{10}-\\x{5}", 3 },
	{ "[a", "missing closing ]", 0 },
	{ "[", "missing closing ]", 0 },
	{ "ab[^", "missing closing ]", 2 },
	{ "(a", "missing closing )", 0 },
	{ "a(b(c)", "missing closing )", 1 },
	{ "a)", "unexpected )", 1 },
	{ "\\y", "invalid escape sequence \\y", 0 },
	{ "ab\\8", "invalid escape sequence \\8", 2 },
	{ "\\18", "invalid escape sequence \\1", 0 },
	{ "\\C", "invalid escape sequence \\C", 0 },
	{ "\\x", "invalid escape sequence \\x", 0 },
	{ "\\xz1", "invalid escape sequence \\xz1", 0 },
	{ "\\x{}", "invalid escape sequence \\x{}", 0 },
	{ "\\x{110000}", "invalid escape sequence \\x{110000", 0 },
	{ "[\\y]", "invalid escape sequence \\y", 1 },
	{ "[a-\\y]", "invalid escape sequence \\y", 3 },
	{ "a\\", "trailing backslash", 1 },
	{ "[[:nope:]]", "invalid character class range [:...:]", 1 },
	{ "\\p", "invalid character class range \\p", 0 },
	{ "a\\p{", "invalid character class range \\p{", 1 },
	{ "\\p{}", "invalid character class range \\p{}", 0 },
	/* names PCRE2 knows and Go does not; Go is exact about case */
	{ "\\p{greek}", "invalid character class range \\p{greek}", 0 },
	{ "a\\p{Xan}", "invalid character class range \\p{Xan}", 1 },
	{ "[\\p{L&}]", "invalid character class range \\p{L&}", 1 },
	{ "\\P{Cn}", "invalid character class range \\P{Cn}", 0 },
	{ "\\pX", "invalid character class range \\pX", 0 },
	{ "\\p{ Greek}", "invalid character class range \\p{ Greek}", 0 },
	/* ctxpack: flags and named groups are not translated */
	{ "(?i)a", "unsupported group", 0 },
	{ "a(?P<n>b)", "unsupported group", 1 },
};

static pcre2_code *
compile_pcre(const char *pcre, size_t len)
{
	PCRE2_SIZE eoff;
	int ecode;

	return pcre2_compile((PCRE2_SPTR)pcre, len, PCRE2_UTF |
	    PCRE2_NEVER_BACKSLASH_C, &ecode, &eoff, NULL);
}

static int
matches(pcre2_code *re, const char *s)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	int rc = pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);

	pcre2_match_data_free(md);
	return rc >= 0;
}

DEFINE_TEST(test_re2pcre_constructs)
{
	size_t i, k, n, off;
	char err[256];

	for (i = 0; i < sizeof(ok_cases) / sizeof(ok_cases[0]); i++) {
		const struct trcase *c = &ok_cases[i];
		char *out;
		pcre2_code *re;

		off = 12345;
		out = re2pcre_translate(c->re, strlen(c->re), &n, err,
		    sizeof(err), &off);
		if (out == NULL) {
			t_fail(__FILE__, __LINE__, "\"%s\": error at %zu: %s",
			    c->re, off, err);
			continue;
		}
		if (strcmp(out, c->pcre) != 0 || n != strlen(out))
			t_fail(__FILE__, __LINE__, "\"%s\" -> \"%s\", want "
			    "\"%s\"", c->re, out, c->pcre);
		if ((re = compile_pcre(out, n)) == NULL) {
			t_fail(__FILE__, __LINE__, "\"%s\": PCRE2 rejects "
			    "\"%s\"", c->re, out);
			free(out);
			continue;
		}
		for (k = 0; k < 4 && c->yes[k] != NULL; k++)
			if (!matches(re, c->yes[k]))
				t_fail(__FILE__, __LINE__, "\"%s\" (\"%s\") does "
				    "not match \"%s\"", c->re, out, c->yes[k]);
		for (k = 0; k < 4 && c->no[k] != NULL; k++)
			if (matches(re, c->no[k]))
				t_fail(__FILE__, __LINE__, "\"%s\" (\"%s\") "
				    "matches \"%s\"", c->re, out, c->no[k]);
		pcre2_code_free(re);
		free(out);
	}
}

DEFINE_TEST(test_re2pcre_errors)
{
	size_t i, n, off;
	char err[256];

	for (i = 0; i < sizeof(err_cases) / sizeof(err_cases[0]); i++) {
		const struct trerr *c = &err_cases[i];
		char *out;

		off = 12345;
		err[0] = '\0';
		out = re2pcre_translate(c->re, strlen(c->re), &n, err,
		    sizeof(err), &off);
		if (out != NULL) {
			t_fail(__FILE__, __LINE__, "\"%s\" -> \"%s\", want "
			    "an error", c->re, out);
			free(out);
			continue;
		}
		if (strcmp(err, c->msg) != 0 || off != c->off)
			t_fail(__FILE__, __LINE__, "\"%s\": \"%s\" at %zu, "
			    "want \"%s\" at %zu", c->re, err, off, c->msg,
			    c->off);
	}
}

/* A NUL, a lone surrogate's bytes and invalid UTF-8 reach no PCRE2 call. */
DEFINE_TEST(test_re2pcre_bytes)
{
	static const char nul[] = "a\0b";
	char err[256], *out;
	size_t n, off;

	out = re2pcre_translate(nul, 3, &n, err, sizeof(err), &off);
	assert_true(out != NULL && n == 7 && memcmp(out, "a\\x{0}b", 7) == 0);
	free(out);
	/* Go reads an invalid byte as U+FFFD */
	out = re2pcre_translate("\xff", 1, &n, err, sizeof(err), &off);
	assert_str(out, "\\x{fffd}");
	free(out);
	out = re2pcre_translate("[\xff-\xff]", 5, &n, err, sizeof(err), &off);
	assert_str(out, "[\\x{fffd}]");
	free(out);
}
