/*
 * test_buildah.c: runs test/conformance/buildah.tab, the buildah matcher
 * table recorded from the Go code buildah 1.28.2 runs (imagebuilder's
 * ParseIgnore, containers/storage's fileutils, the copier's descent),
 * through ctxpack's buildah rules: every c (cleaned pattern), r (its
 * regexp), m (Matches and the deciding line), w (the walk's verdict, as
 * ctxpack_why gives it for a CTXPACK_BUILDAH context) and e (eager or
 * lazy error) row is one assertion.
 */
#include <stdlib.h>

#include "ctxpack_int.h"
#include "harness.h"

/* Undo the table's escapes: \\ \n \t \r \s \xHH. */
static size_t
unescape(const char *s, char *out)
{
	size_t o = 0;

	while (*s != '\0' && *s != '\n') {
		if (s[0] == '\\' && s[1] != '\0') {
			switch (s[1]) {
			case '\\': out[o++] = '\\'; s += 2; continue;
			case 'n': out[o++] = '\n'; s += 2; continue;
			case 't': out[o++] = '\t'; s += 2; continue;
			case 'r': out[o++] = '\r'; s += 2; continue;
			case 's': out[o++] = ' '; s += 2; continue;
			case 'x':
				if (s[2] != '\0' && s[3] != '\0') {
					char h[3] = { s[2], s[3], 0 };

					out[o++] = (char)strtol(h, NULL, 16);
					s += 4;
					continue;
				}
				break;
			default:
				break;
			}
		}
		out[o++] = *s++;
	}
	return o;
}

struct bcase {
	char	 name[256];
	char	*file;
	size_t	 len, cap;
	struct ctxpack_rules *r;
	struct ctxpack_ctx *ctx;
	int	 failed;	/* eager error */
	unsigned errline;
	char	 errmsg[1024];
};

static void
compile(struct bcase *c)
{
	const struct ctxpack_diag *d;
	struct ctxpack_opts o;

	if (c->r != NULL)
		return;
	c->r = ctxpack_rules_new();
	c->failed = bh_rules_parse(c->r, ".dockerignore", c->file ? c->file :
	    "", c->len) != CTXPACK_OK;
	if (c->failed && (d = ctxpack_rules_error(c->r)) != NULL) {
		c->errline = d->line;
		snprintf(c->errmsg, sizeof(c->errmsg), "%s", d->msg);
	}
	memset(&o, 0, sizeof(o));
	o.builder = CTXPACK_BUILDAH;
	o.ignore_text = c->file ? c->file : "";
	o.ignore_len = c->len;
	if (ctxpack_ctx_open(".", &o, &c->ctx) != CTXPACK_OK) {
		ctxpack_ctx_free(c->ctx);
		c->ctx = NULL;
	}
}

static void
reset(struct bcase *c, const char *name)
{
	ctxpack_rules_free(c->r);
	ctxpack_ctx_free(c->ctx);
	c->r = NULL;
	c->ctx = NULL;
	c->len = 0;
	snprintf(c->name, sizeof(c->name), "%.200s", name);
}

/* The rule of the set from line LINE, or NULL. */
static const struct pattern *
rule_of(const struct ctxpack_rules *r, unsigned line)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->pat[i].line == line)
			return &r->pat[i];
	return NULL;
}

static unsigned
line_of(const struct ctxpack_rules *r, long i)
{
	return i < 0 || (size_t)i >= r->n ? 0 : r->pat[i].line;
}

/*
 * The copier's walk for a path why refuses (one outside the context,
 * which the table still has): each ancestor judged, cut where excluded
 * and not entered.
 */
static int
walk_by_hand(const struct ctxpack_rules *r, const char *path, size_t len,
    long *rule)
{
	size_t k;
	int v;

	for (k = 1; k < len; k++)
		if (path[k] == '/' && (v = bh_match(r, path, k, rule)) == 1 &&
		    !bh_enters(r, path, k, NULL))
			return 1;
	return bh_match(r, path, len, rule);
}

DEFINE_TEST(test_buildah_table)
{
	static char buf[140000], line[280000];
	char path[4096];
	struct bcase c;
	FILE *f;
	int lineno = 0, rows = 0, lazy = 0;

	memset(&c, 0, sizeof(c));
	snprintf(path, sizeof(path), "%s/conformance/buildah.tab", t_srcdir);
	if ((f = fopen(path, "r")) == NULL) {
		t_fail(__FILE__, __LINE__, "can't open %s", path);
		return;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		const struct pattern *p;
		unsigned want;
		size_t n;
		int off = 0;

		lineno++;
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "case ", 5) == 0) {
			reset(&c, line + 5);
			continue;
		}
		if (strncmp(line, "p ", 2) == 0 || strcmp(line, "p") == 0) {
			n = strlen(line) > 2 ? unescape(line + 2, buf) : 0;
			if (c.len + n + 1 > c.cap) {
				c.cap = (c.len + n + 1) * 2;
				c.file = realloc(c.file, c.cap);
			}
			memcpy(c.file + c.len, buf, n);
			c.len += n;
			c.file[c.len++] = '\n';
			continue;
		}
		if (line[0] == '#' || line[0] == '\0')
			continue;
		compile(&c);
		rows++;
		if (line[0] == 'e') {
			char kind[8];

			if (sscanf(line + 2, "%u %7s %n", &want, kind, &off) < 2 ||
			    off == 0) {
				t_fail(path, lineno, "bad row");
				continue;
			}
			if (strcmp(kind, "eager") == 0) {
				if (!c.failed)
					t_fail(path, lineno, "%s: compiled, want "
					    "an error at line %u", c.name, want);
				else if (c.errline != want)
					t_fail(path, lineno, "%s: error at line "
					    "%u (%s), want %u", c.name,
					    c.errline, c.errmsg, want);
				else if (strstr(c.errmsg, line + 2 + off) ==
				    NULL)
					t_fail(path, lineno, "%s: message \"%s\" "
					    "lacks \"%s\"", c.name, c.errmsg,
					    line + 2 + off);
				continue;
			}
			/* lazy: loads, then the first entry fails */
			lazy++;
			if (c.failed)
				t_fail(path, lineno, "%s: eager error (%s), want "
				    "a lazy one at line %u", c.name, c.errmsg,
				    want);
			else if (line_of(c.r, bh_lazy(c.r)) != want)
				t_fail(path, lineno, "%s: lazy error at line %u, "
				    "want %u", c.name, line_of(c.r,
				    bh_lazy(c.r)), want);
			else {
				struct ctxpack_why w;

				if (c.ctx == NULL || ctxpack_why(c.ctx, "x", 1,
				    &w, NULL, NULL) != CTXPACK_FAILED ||
				    strstr(ctxpack_ctx_error(c.ctx)->msg,
				    line + 2 + off) == NULL)
					t_fail(path, lineno, "%s: why does not "
					    "fail with \"%s\"", c.name,
					    line + 2 + off);
			}
			continue;
		}
		if (c.failed) {
			t_fail(path, lineno, "%s: unexpected error: %s", c.name,
			    c.errmsg);
			continue;
		}
		if (line[0] == 'c' || line[0] == 'r') {
			if (sscanf(line + 2, "%u %n", &want, &off) < 1 ||
			    off == 0) {
				t_fail(path, lineno, "bad row");
				continue;
			}
			n = unescape(line + 2 + off, buf);
			if ((p = rule_of(c.r, want)) == NULL) {
				t_fail(path, lineno, "%s: no rule from line %u",
				    c.name, want);
				continue;
			}
			if (line[0] == 'c' ? (p->exception != (buf[0] == '!') ||
			    p->len != n - (size_t)p->exception ||
			    memcmp(p->text, buf + p->exception, p->len) != 0) :
			    (p->gorelen != n || memcmp(p->gore, buf, n) != 0))
				t_fail(path, lineno, "%s: line %u: %s is \"%s%s\"",
				    c.name, want, line[0] == 'c' ? "pattern" :
				    "regexp", line[0] == 'c' && p->exception ?
				    "!" : "", line[0] == 'c' ? p->text :
				    p->gore);
			continue;
		}
		if (line[0] == 'm' || line[0] == 'w') {
			char verdict[8];
			struct ctxpack_why w;
			long rule;
			int v;

			if (sscanf(line + 2, "%7s %u %n", verdict, &want,
			    &off) < 2 || off == 0) {
				t_fail(path, lineno, "bad row");
				continue;
			}
			n = unescape(line + 2 + off, buf);
			if (line[0] == 'm') {
				v = bh_match(c.r, buf, n, &rule);
				if (v != (strcmp(verdict, "excl") == 0) ||
				    line_of(c.r, rule) != want)
					t_fail(path, lineno, "%s: m %s: got %d by "
					    "line %u, want %s by line %u", c.name,
					    line + 2 + off, v, line_of(c.r, rule),
					    verdict, want);
				continue;
			}
			/* w: PATH a file, its ancestors directories */
			if (n >= 3 && memcmp(buf, "../", 3) == 0) {
				v = walk_by_hand(c.r, buf, n, &rule);
				if (c.ctx == NULL || ctxpack_why(c.ctx, buf, n,
				    &w, NULL, NULL) != CTXPACK_FAILED)
					t_fail(path, lineno, "%s: why took a "
					    "path outside", c.name);
				w.excluded = v;
				w.rule = rule;
			} else if (c.ctx == NULL || ctxpack_why(c.ctx, buf, n, &w,
			    NULL, NULL) != CTXPACK_OK) {
				t_fail(path, lineno, "%s: why failed", c.name);
				continue;
			}
			if (w.excluded != (strcmp(verdict, "drop") == 0) ||
			    line_of(ctxpack_ctx_rules(c.ctx), w.rule) != want)
				t_fail(path, lineno, "%s: w %s: got %s by line "
				    "%u, want %s by line %u", c.name,
				    line + 2 + off, w.excluded ? "drop" : "copy",
				    line_of(ctxpack_ctx_rules(c.ctx), w.rule),
				    verdict, want);
			continue;
		}
		t_fail(path, lineno, "unknown row");
	}
	fclose(f);
	reset(&c, "");
	free(c.file);
	assert_true(rows >= 2000);
	assert_true(lazy >= 10);
}

/* bh_line names exactly one path, whatever its characters. */
DEFINE_TEST(test_buildah_line)
{
	static const char *const names[] = { "a", "a b", " lead", "trail ",
	    "#x", "!x", "a+b", "x|y", "(a)", "a{2}", "^a", "a$", "a.b",
	    "[x]", "a*b", "a?b", "a\\b", "caf\xc3\xa9", "\xef\xbb\xbf\x62om",
	    "tab\there", "d/a+b/c", "new\nline" };
	static const char *const others[] = { "ab", "aab", "x", "y", "a",
	    "aa", "axb", "x", "ab", "aXb", "a/b" };
	struct ctxpack_rules *r;
	size_t i, k;
	long rule;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *l = bh_line("", names[i], strlen(names[i]));

		if (l == NULL) {
			t_fail(__FILE__, __LINE__, "no line for \"%s\"",
			    names[i]);
			continue;
		}
		r = ctxpack_rules_new();
		assert_int(bh_rules_parse(r, "t", l, strlen(l)), CTXPACK_OK);
		assert_int(r->n, 1);
		assert_int(bh_match(r, names[i], strlen(names[i]), &rule), 1);
		for (k = 0; k < sizeof(others) / sizeof(others[0]); k++)
			if (strcmp(others[k], names[i]) != 0 &&
			    !(strncmp(others[k], names[i], strlen(names[i])) ==
			    0 && others[k][strlen(names[i])] == '/') &&
			    bh_match(r, others[k], strlen(others[k]), &rule) != 0)
				t_fail(__FILE__, __LINE__, "line \"%s\" for "
				    "\"%s\" matches \"%s\"", l, names[i],
				    others[k]);
		ctxpack_rules_free(r);
		free(l);
	}
	/* not UTF-8: no line names it exactly */
	assert_true(bh_line("", "bad\xff", 4) == NULL);
}

/* B10: the copier's descent is a plain string prefix test. */
DEFINE_TEST(test_buildah_enters)
{
	static const char file[] = "a\n!a*/keep\nab\n!abc/x\n";
	struct ctxpack_rules *r = ctxpack_rules_new();
	long why;

	assert_int(bh_rules_parse(r, "t", file, sizeof(file) - 1), CTXPACK_OK);
	assert_int(bh_enters(r, "a", 1, &why), 1);
	assert_int(why, 1);
	assert_int(bh_enters(r, "ab", 2, &why), 1);	/* "abc/x/" */
	assert_int(why, 3);
	assert_int(bh_enters(r, "abd", 3, &why), 0);
	assert_int(bh_enters(r, "a*/keep", 7, &why), 1);
	ctxpack_rules_free(r);
}
