/*
 * test_match.c: runs test/conformance/match.tab, the matcher table whose verdicts
 * and deciding lines were recorded from moby/patternmatcher.  One test
 * assertion per row; a row failing prints its case and line.
 */
#include <stdlib.h>

#include "ctxpack.h"
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

struct tcase {
	char	 name[256];
	char	*file;		/* the ignore file being built */
	size_t	 len, cap;
	struct ctxpack_rules *r;
	int	 failed;	/* compile result known: -1 unknown */
	unsigned errline;
	char	 errmsg[1024];
};

static void
compile(struct tcase *c)
{
	const struct ctxpack_diag *d;

	if (c->r != NULL)
		return;
	c->r = ctxpack_rules_new();
	c->failed = ctxpack_rules_parse(c->r, ".dockerignore", c->file ?
	    c->file : "", c->len) != CTXPACK_OK;
	if (c->failed && (d = ctxpack_rules_error(c->r)) != NULL) {
		c->errline = d->line;
		snprintf(c->errmsg, sizeof(c->errmsg), "%s", d->msg);
	}
}

static void
reset(struct tcase *c, const char *name)
{
	ctxpack_rules_free(c->r);
	c->r = NULL;
	c->len = 0;
	strncpy(c->name, name, sizeof(c->name) - 1);
	c->name[sizeof(c->name) - 1] = '\0';
}

/* The ignore-file line of rule i, 0 for none. */
static unsigned
rule_line(const struct ctxpack_rules *r, long i)
{
	struct ctxpack_rule_info info;

	if (i < 0 || ctxpack_rules_get(r, (size_t)i, &info) != CTXPACK_OK)
		return 0;
	return info.line;
}

DEFINE_TEST(test_match_table)
{
	char path[4096], buf[70000], line[140000];
	struct tcase c;
	FILE *f;
	int lineno = 0, rows = 0;

	memset(&c, 0, sizeof(c));
	snprintf(path, sizeof(path), "%s/conformance/match.tab", t_srcdir);
	if ((f = fopen(path, "r")) == NULL) {
		t_fail(__FILE__, __LINE__, "can't open %s", path);
		return;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		size_t n;

		lineno++;
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "case ", 5) == 0) {
			reset(&c, line + 5);
		} else if (strncmp(line, "p ", 2) == 0 || strcmp(line, "p") == 0) {
			n = strlen(line) > 2 ? unescape(line + 2, buf) : 0;
			if (c.len + n + 1 > c.cap) {
				c.cap = (c.len + n + 1) * 2;
				c.file = realloc(c.file, c.cap);
			}
			memcpy(c.file + c.len, buf, n);
			c.len += n;
			c.file[c.len++] = '\n';
		} else if (line[0] == 'm' || line[0] == 'w') {
			char verdict[8];
			unsigned want;
			int off = 0;
			struct ctxpack_match m;

			if (sscanf(line + 2, "%7s %u %n", verdict, &want,
			    &off) < 2 || off == 0) {
				t_fail(path, lineno, "bad row");
				continue;
			}
			n = unescape(line + 2 + off, buf);
			compile(&c);
			rows++;
			if (c.failed) {
				t_fail(path, lineno, "%s: unexpected error: %s",
				    c.name, c.errmsg);
				continue;
			}
			if ((line[0] == 'm' ? ctxpack_rules_match(c.r, buf, n,
			    &m) : ctxpack_rules_match_walk(c.r, buf, n, &m)) !=
			    CTXPACK_OK) {
				t_fail(path, lineno, "%s: match failed", c.name);
				continue;
			}
			if (line[0] == 'w') {
				/* why gives the walk's answer and rule too */
				struct ctxpack_opts o;
				struct ctxpack_ctx *ctx;
				struct ctxpack_why wy;
				int outside = n >= 2 && buf[0] == '.' &&
				    buf[1] == '.' && (n == 2 || buf[2] == '/');

				memset(&o, 0, sizeof(o));
				o.ignore_text = c.file ? c.file : "";
				o.ignore_len = c.len;
				if (ctxpack_ctx_open(".", &o, &ctx) != CTXPACK_OK)
					t_fail(path, lineno, "%s: open failed",
					    c.name);
				else if (outside) {
					/* a path outside the context: an error */
					if (ctxpack_why(ctx, buf, n, &wy, NULL,
					    NULL) != CTXPACK_FAILED)
						t_fail(path, lineno, "%s: why took "
						    "a path outside", c.name);
				} else if (ctxpack_why(ctx, buf, n, &wy, NULL,
				    NULL) != CTXPACK_OK)
					t_fail(path, lineno, "%s: why failed",
					    c.name);
				else if (wy.excluded != m.excluded ||
				    rule_line(ctxpack_ctx_rules(ctx), wy.rule) !=
				    rule_line(c.r, m.rule) || wy.plain_excluded !=
				    (ctxpack_rules_match(c.r, buf, n, &m) ==
				    CTXPACK_OK && m.excluded))
					t_fail(path, lineno, "%s: why disagrees",
					    c.name);
				ctxpack_ctx_free(ctx);
				(void)ctxpack_rules_match_walk(c.r, buf, n, &m);
			}
			if (m.excluded != (strcmp(verdict, "excl") == 0) ||
			    rule_line(c.r, m.rule) != want)
				t_fail(path, lineno, "%s: %c %s: got %s by line "
				    "%u, want %s by line %u", c.name, line[0],
				    line + 2 + off, m.excluded ? "excl" : "incl",
				    rule_line(c.r, m.rule), verdict, want);
		} else if (line[0] == 'e') {
			unsigned want = (unsigned)atoi(line + 2);

			compile(&c);
			rows++;
			if (!c.failed)
				t_fail(path, lineno, "%s: compiled, want an error "
				    "at line %u", c.name, want);
			else if (c.errline != want)
				t_fail(path, lineno, "%s: error at line %u (%s), "
				    "want line %u", c.name, c.errline, c.errmsg,
				    want);
			else if (strstr(c.errmsg, strchr(line + 2, ' ') + 1) ==
			    NULL)
				t_fail(path, lineno, "%s: message \"%s\" lacks "
				    "\"%s\"", c.name, c.errmsg,
				    strchr(line + 2, ' ') + 1);
		}
	}
	fclose(f);
	reset(&c, "");
	free(c.file);
	assert_true(rows >= 300);
}
