/*
 * test_ruleindex.c: the rule index (src/lib/ruleindex.c) never hides a
 * rule that matches, and the matcher that uses it gives the plain loop's
 * verdicts.  Seeded random rule sets and paths, from pieces chosen to
 * meet every kind of key and every way a key could be wrong: segments
 * that are and are not the key, extensions, prefixes, '**' in each
 * place, classes that can match '/', escapes, '{', '|', '^', non-ASCII
 * and invalid bytes, a BOM, exceptions, lines that Clean rewrites.
 */
#include <stdlib.h>

#include "ctxpack_int.h"
#include "harness.h"

static unsigned long rnd_state;

static unsigned
rnd(unsigned n)
{
	rnd_state = rnd_state * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)(rnd_state >> 33) % n;
}

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const char *const rule_seg[] = {
	"a", "b", "ab", "x.y", ".env", "nm", "c.json", "a*", "*", "*.json",
	"*.y", "?", "a?", "**", "**", "[ab]", "[^a]", "[!-0]", "\\*", "a\\.y",
	"\\d", "a{2}", "b|a", "^a", "\xc3\xa9", "\xff", "x.", "*.", "ab*.json",
	"c*", ".", "..", "", "a-*", "*b",
};

static const char *const path_seg[] = {
	"a", "b", "ab", "aa", "x.y", ".env", "nm", "c.json", "ab.json", "x.",
	"\xc3\xa9", "\xff", "a\nb", "b.y", "x.y.json", "c", "a-b", "*", "d",
	"abx.json", ".env.local",
};

static size_t
make_rule(char *buf)
{
	size_t n = 0, k, segs = 1 + rnd(4);

	if (rnd(12) == 0) {
		memcpy(buf, "\xef\xbb\xbf", 3);
		n = 3;
	}
	if (rnd(5) == 0)
		buf[n++] = '!';
	if (rnd(8) == 0)
		buf[n++] = '/';
	for (k = 0; k < segs; k++) {
		const char *s = rule_seg[rnd(NELEM(rule_seg))];

		if (k > 0)
			buf[n++] = '/';
		memcpy(buf + n, s, strlen(s));
		n += strlen(s);
	}
	buf[n++] = '\n';
	return n;
}

static size_t
make_path(char *buf)
{
	size_t n = 0, k, segs = 1 + rnd(5);

	for (k = 0; k < segs; k++) {
		const char *s = path_seg[rnd(NELEM(path_seg))];

		if (k > 0)
			buf[n++] = '/';
		memcpy(buf + n, s, strlen(s));
		n += strlen(s);
	}
	return n;
}

/* Every rule that matches PATH is a candidate for it. */
static void
check_sound(const struct ctxpack_rules *r, const char *path, size_t len)
{
	flagword cand[8];
	size_t i;

	memset(cand, 0, sizeof(cand));
	ri_candidates(r->idx, path, len, cand, r->nwords);
	for (i = 0; i < r->n; i++)
		if (!(cand[i / 64] >> (i % 64) & 1) &&
		    pattern_match(&r->pat[i], path, len, r->md, r->mctx) != 0)
			t_fail(__FILE__, __LINE__, "rule \"%s\" matches \"%.*s\" "
			    "but is no candidate", r->pat[i].text, (int)len,
			    path);
}

/* Both entry points, with the index and without. */
static void
check_same(struct ctxpack_rules *r, const char *path, size_t len)
{
	struct ctxpack_match a, b;
	int ra, rb;

	r->noindex = 0;
	ra = ctxpack_rules_match(r, path, len, &a);
	r->noindex = 1;
	rb = ctxpack_rules_match(r, path, len, &b);
	r->noindex = 0;
	if (ra != rb || (ra == CTXPACK_OK && (a.excluded != b.excluded ||
	    a.rule != b.rule)))
		t_fail(__FILE__, __LINE__, "match \"%.*s\": indexed %d/%d/%ld, "
		    "plain %d/%d/%ld", (int)len, path, ra, a.excluded, a.rule,
		    rb, b.excluded, b.rule);
	ra = ctxpack_rules_match_walk(r, path, len, &a);
	r->noindex = 1;
	rb = ctxpack_rules_match_walk(r, path, len, &b);
	r->noindex = 0;
	if (ra != rb || (ra == CTXPACK_OK && (a.excluded != b.excluded ||
	    a.rule != b.rule)))
		t_fail(__FILE__, __LINE__, "walk \"%.*s\": indexed %d/%d/%ld, "
		    "plain %d/%d/%ld", (int)len, path, ra, a.excluded, a.rule,
		    rb, b.excluded, b.rule);
}

DEFINE_TEST(test_ruleindex_random)
{
	char file[4096], path[256];
	size_t set, k, n, pl, nrules = 0, nmatch = 0;

	rnd_state = 4242;
	for (set = 0; set < 1500 && t_failures < 10; set++) {
		struct ctxpack_rules *r = ctxpack_rules_new();
		size_t lines = 1 + rnd(40);

		for (k = 0, n = 0; k < lines; k++)
			n += make_rule(file + n);
		if (ctxpack_rules_parse(r, "f", file, n) != CTXPACK_OK) {
			/* one bad line spoils the file: keep the good ones */
			char *s = file, *e;

			ctxpack_rules_free(r);
			r = ctxpack_rules_new();
			for (; (e = memchr(s, '\n', (size_t)(file + n - s))) !=
			    NULL; s = e + 1)
				(void)ctxpack_rules_add(r, "f", 1, s,
				    (size_t)(e - s));
		}
		nrules += r->n;
		for (k = 0; k < 40; k++) {
			struct ctxpack_match m;

			pl = make_path(path);
			check_sound(r, path, pl);
			check_same(r, path, pl);
			if (ctxpack_rules_match(r, path, pl, &m) == CTXPACK_OK &&
			    m.rule >= 0)
				nmatch++;
		}
		/* rules_truncate() rebuilds the index */
		if (r->n > 2) {
			const char *bad = "ok\n[z-a]\n";

			k = r->n;
			assert_int(ctxpack_rules_parse(r, "g", bad,
			    strlen(bad)), CTXPACK_FAILED);
			assert_int(r->n, k);
			pl = make_path(path);
			check_sound(r, path, pl);
			check_same(r, path, pl);
		}
		ctxpack_rules_free(r);
	}
	/* the pieces meet: many rules, and many paths that some rule decides */
	assert_true(nrules > 1500 * 10);
	assert_true(nmatch > 1500 * 40 / 4);
}

/* The keys themselves, on rules whose key is known. */
DEFINE_TEST(test_ruleindex_keys)
{
	static const struct {
		const char	*rule;
		const char	*yes;	/* a candidate */
		const char	*no;	/* not one */
	} c[] = {
		{ "a/b", "a/b", "a/c" },			/* EXACT */
		{ "**/tmp", "x/y/tmp", "x/tmp/y" },		/* LAST */
		{ "docs/**/tmp", "docs/a/tmp", "docs/a/tmq" },
		{ "**/npm-debug.log*", "a/npm-debug.log.1", "a/npm.log" },
		{ ".env.*", "a/.env.local", "a/env.local" },	/* LASTPFX */
		{ "*.md", "README.md", "a/README.md" },		/* ROOT */
		{ "*?.d", "a.d", "a/b.d" },
		{ "svc/*/x?", "svc/a/xy", "svd/a/xy" },		/* FIRST */
		{ "node_modules/**", "node_modules/a", "a/node_modules" },
		{ "**/*.pyc", "a/b.pyc", "a/b.py" },		/* EXT */
		{ "**/*.tar.gz", "a/x.tar.gz", "a/x.gz.tar" },
		{ "a*/*.tar.gz", "a/x.tar.gz", "a/x.gz.tar" },
		{ "**/*.", "a/b.", "a/b" },
		{ "**/cache/**", "a/cache/b", "a/b/cache" },	/* MID */
		{ "**/tools-*-x/**", "a/tools-1-x/b", NULL },	/* none */
		{ "**/a*|b", "q", NULL },
	};
	struct ctxpack_rules *r;
	flagword cand[1];
	size_t i;

	for (i = 0; i < NELEM(c); i++) {
		r = ctxpack_rules_new();
		assert_int(ctxpack_rules_parse(r, "f", c[i].rule,
		    strlen(c[i].rule)), CTXPACK_OK);
		cand[0] = 0;
		ri_candidates(r->idx, c[i].yes, strlen(c[i].yes), cand, 1);
		if (cand[0] != 1)
			t_fail(__FILE__, __LINE__, "\"%s\": \"%s\" is no "
			    "candidate", c[i].rule, c[i].yes);
		cand[0] = 0;
		if (c[i].no != NULL) {
			ri_candidates(r->idx, c[i].no, strlen(c[i].no), cand, 1);
			if (cand[0] != 0)
				t_fail(__FILE__, __LINE__, "\"%s\": \"%s\" is a "
				    "candidate", c[i].rule, c[i].no);
		}
		ctxpack_rules_free(r);
	}
}
