/*
 * test_rules.c: the reader and compiler through the public API:
 * diagnostics with line and column (every bad line, the column of the
 * faulty byte), Docker's 64 KiB line limit, rule info, and the shortcut
 * kinds.
 */
#include <stdlib.h>

#include "ctxpack.h"
#include "harness.h"

static const struct ctxpack_diag *
parse_err(struct ctxpack_rules **rp, const char *text, size_t len)
{
	*rp = ctxpack_rules_new();
	if (ctxpack_rules_parse(*rp, ".dockerignore", text, len) == CTXPACK_OK)
		return NULL;
	return ctxpack_rules_error(*rp);
}

DEFINE_TEST(test_rules_diag_position)
{
	struct ctxpack_rules *r;
	const struct ctxpack_diag *d;
	const char *t = "# c\n\nok\n  [z-a]\n";

	d = parse_err(&r, t, strlen(t));
	assert_true(d != NULL);
	if (d != NULL) {
		assert_int(d->line, 4);
		assert_int(d->col, 4);	/* the range's start */
		assert_str(d->file, ".dockerignore");
		assert_true(strstr(d->msg, "syntax error in pattern") != NULL);
		assert_true(strstr(d->msg, "[z-a]") != NULL);
	}
	ctxpack_rules_free(r);
	t = "a\n   !  \n";
	d = parse_err(&r, t, strlen(t));
	assert_true(d != NULL && d->line == 2 && d->col == 4);
	assert_true(d != NULL && strcmp(d->msg,
	    "illegal exclusion pattern: \"!\"") == 0);
	ctxpack_rules_free(r);
}

/* The column of the faulty byte in the line as written. */
static unsigned
err_col(const char *text)
{
	struct ctxpack_rules *r;
	const struct ctxpack_diag *d = parse_err(&r, text, strlen(text));
	unsigned col = d != NULL && d->line == 1 ? d->col : 0;

	ctxpack_rules_free(r);
	return col;
}

DEFINE_TEST(test_rules_error_column)
{
	/* a regexp escape Go rejects: the backslash */
	assert_int(err_col("fo\\y"), 3);
	assert_int(err_col("  fo\\y  "), 5);
	assert_int(err_col("\tfo\\y"), 4);
	/* filepath.Match's bad class: its '[', after '!' and blanks */
	assert_int(err_col("!  a["), 5);
	assert_int(err_col("a[b"), 2);
	assert_int(err_col("[]"), 1);
	/* a reversed range (Go's regexp): where the range starts */
	assert_int(err_col("[z-a]"), 2);
	assert_int(err_col("x/[bz-a]"), 5);
	/* a trailing backslash: the backslash */
	assert_int(err_col("a\\"), 2);
	assert_int(err_col("*a\\"), 3);
	/* Clean and the leading '/' move bytes; columns stay the line's */
	assert_int(err_col("/fo\\y"), 4);
	assert_int(err_col("./x/../fo\\y"), 10);
	assert_int(err_col("a//b/[z-a]"), 7);
	assert_int(err_col("!/fo\\y"), 5);
	assert_int(err_col("! ./fo\\y"), 7);
	/* the BOM of line 1 counts: three bytes */
	assert_int(err_col("\xef\xbb\xbf" "fo\\y"), 6);
	/* a lone '!' is the '!' */
	assert_int(err_col("  !  "), 3);
	/* a repeat count Go rejects (a regexp pattern: "ab{1001}" is an
	 * exact one, never compiled), a bad class name */
	assert_int(err_col("*b{1001}"), 3);
	assert_int(err_col("x[[:nope:]]"), 3);
}

/* Every bad line, in order; a file with one adds no rule. */
DEFINE_TEST(test_rules_all_errors)
{
	struct ctxpack_rules *r = ctxpack_rules_new();
	const struct ctxpack_diag *d;
	struct ctxpack_match m;
	const char *good = "keep\n";
	const char *bad = "ok\nfo\\y\n# c\n  [z-a]\n!\nb\n!  a[\n";
	char *big;
	size_t n;

	assert_int(ctxpack_rules_parse(r, "g", good, strlen(good)), CTXPACK_OK);
	assert_int(ctxpack_rules_error_count(r), 0);
	assert_true(ctxpack_rules_error(r) == NULL);
	assert_int(ctxpack_rules_parse(r, "f", bad, strlen(bad)),
	    CTXPACK_FAILED);
	assert_int(ctxpack_rules_error_count(r), 4);
	d = ctxpack_rules_error_at(r, 0);
	assert_true(d != NULL && d == ctxpack_rules_error(r));
	assert_true(d != NULL && d->line == 2 && d->col == 3 &&
	    d->level == CTXPACK_LEVEL_ERROR && strcmp(d->file, "f") == 0 &&
	    strcmp(d->msg, "syntax error in pattern \"fo\\\\y\": invalid "
	    "escape sequence \\y") == 0);
	d = ctxpack_rules_error_at(r, 1);
	assert_true(d != NULL && d->line == 4 && d->col == 4 &&
	    strstr(d->msg, "invalid character class range z-a") != NULL);
	d = ctxpack_rules_error_at(r, 2);
	assert_true(d != NULL && d->line == 5 && d->col == 1 &&
	    strcmp(d->msg, "illegal exclusion pattern: \"!\"") == 0);
	d = ctxpack_rules_error_at(r, 3);
	assert_true(d != NULL && d->line == 7 && d->col == 5 &&
	    strstr(d->msg, "bad character class") != NULL);
	assert_true(ctxpack_rules_error_at(r, 4) == NULL);
	/* none of "ok", "b" was added; "keep" from before stays */
	assert_int(ctxpack_rules_count(r), 1);
	assert_int(ctxpack_rules_match(r, "ok", 2, &m), CTXPACK_OK);
	assert_int(m.excluded, 0);
	assert_int(ctxpack_rules_match(r, "keep", 4, &m), CTXPACK_OK);
	assert_int(m.excluded, 1);
	/* the next call clears the list */
	assert_int(ctxpack_rules_parse(r, "g", good, strlen(good)), CTXPACK_OK);
	assert_int(ctxpack_rules_error_count(r), 0);
	assert_int(ctxpack_rules_count(r), 2);
	/* one error from ctxpack_rules_add, at its column */
	assert_int(ctxpack_rules_add(r, "cli", 3, " !x[", 4), CTXPACK_FAILED);
	assert_int(ctxpack_rules_error_count(r), 1);
	d = ctxpack_rules_error(r);
	assert_true(d != NULL && d->line == 3 && d->col == 4);
	assert_int(ctxpack_rules_count(r), 2);
	ctxpack_rules_free(r);

	/* a line over the limit and a bad line after it: both */
	n = 70000;
	big = malloc(n + 16);
	memset(big, 'x', n);
	memcpy(big + n, "\na\\\n", 4);
	r = ctxpack_rules_new();
	assert_int(ctxpack_rules_parse(r, "f", big, n + 4), CTXPACK_FAILED);
	assert_int(ctxpack_rules_error_count(r), 2);
	d = ctxpack_rules_error_at(r, 0);
	assert_true(d != NULL && d->line == 1 &&
	    strstr(d->msg, "token too long") != NULL);
	d = ctxpack_rules_error_at(r, 1);
	assert_true(d != NULL && d->line == 2 && d->col == 2);
	assert_int(ctxpack_rules_count(r), 0);
	ctxpack_rules_free(r);
	free(big);
}

DEFINE_TEST(test_rules_line_limit)
{
	struct ctxpack_rules *r;
	const struct ctxpack_diag *d;
	char *buf = malloc(70000);

	/* 65535 bytes and a newline: fine; one more byte: Docker's error */
	memset(buf, 'x', 65535);
	buf[65535] = '\n';
	assert_true(parse_err(&r, buf, 65536) == NULL);
	ctxpack_rules_free(r);
	memset(buf, 'x', 65536);
	buf[65536] = '\n';
	d = parse_err(&r, buf, 65537);
	assert_true(d != NULL && d->line == 1 &&
	    strstr(d->msg, "token too long") != NULL);
	ctxpack_rules_free(r);
	/* CR counts: 65534 bytes + CRLF fits, 65535 + CRLF does not */
	memset(buf, 'x', 65535);
	buf[65534] = '\r';
	buf[65535] = '\n';
	assert_true(parse_err(&r, buf, 65536) == NULL);
	ctxpack_rules_free(r);
	memset(buf, 'x', 65535);
	buf[65535] = '\r';
	buf[65536] = '\n';
	assert_true(parse_err(&r, buf, 65537) != NULL);
	ctxpack_rules_free(r);
	free(buf);
}

DEFINE_TEST(test_rules_info)
{
	struct ctxpack_rules *r = ctxpack_rules_new();
	struct ctxpack_rule_info info;
	struct ctxpack_match m;
	const char *t = "\xef\xbb\xbf" "a/\r\n#x\n!  ./b//c/\n/d\n";

	assert_int(ctxpack_rules_parse(r, "f", t, strlen(t)), CTXPACK_OK);
	assert_int(ctxpack_rules_count(r), 3);
	assert_int(ctxpack_rules_get(r, 0, &info), CTXPACK_OK);
	assert_str(info.text, "a");
	assert_int(info.line, 1);
	assert_int(ctxpack_rules_get(r, 1, &info), CTXPACK_OK);
	assert_str(info.text, "b/c");
	assert_int(info.exception, 1);
	assert_int(info.line, 3);
	assert_int(ctxpack_rules_get(r, 2, &info), CTXPACK_OK);
	assert_str(info.text, "d");
	assert_int(ctxpack_rules_get(r, 3, &info), CTXPACK_FAILED);
	assert_int(ctxpack_rules_match(r, "a/x", 3, &m), CTXPACK_OK);
	assert_int(m.excluded, 1);
	assert_int(m.rule, 0);
	assert_int(ctxpack_rules_match(r, ".", 1, &m), CTXPACK_OK);
	assert_int(m.excluded, 0);
	assert_int(m.rule, -1);
	/* ctxpack_rules_add: one line as written */
	assert_int(ctxpack_rules_add(r, "cli", 0, "!a/keep", 7), CTXPACK_OK);
	assert_int(ctxpack_rules_match(r, "a/keep", 6, &m), CTXPACK_OK);
	assert_int(m.excluded, 0);
	assert_int(m.rule, 3);
	ctxpack_rules_free(r);
	ctxpack_rules_free(NULL);
}

/* Pathological patterns stay fast and never give a wrong verdict. */
DEFINE_TEST(test_rules_backtracking)
{
	struct ctxpack_rules *r = ctxpack_rules_new();
	struct ctxpack_match m;
	char path[4096];
	const char *t = "*a*a*a*a*a*a*a*a*a*a*a*a*b\n"
	    "**/**/**/**/**/**/**/**/**/**/**/**/z\n";
	int rc;

	assert_int(ctxpack_rules_parse(r, "f", t, strlen(t)), CTXPACK_OK);
	memset(path, 'a', 3000);
	path[3000] = '\0';
	rc = ctxpack_rules_match(r, path, 3000, &m);
	/* either a verdict (no match) or a limit error: never a crash or
	 * a wrong "excluded" */
	assert_true(rc == CTXPACK_FAILED || (rc == CTXPACK_OK && !m.excluded));
	if (rc == CTXPACK_FAILED)
		assert_true(strstr(ctxpack_rules_error(r)->msg, "limit") != NULL);
	memset(path, 'a', 2000);
	strcpy(path + 2000, "/a/a/a/a/a/a/a/a/a/a/a/a/a/y");
	rc = ctxpack_rules_match(r, path, strlen(path), &m);
	assert_true(rc == CTXPACK_FAILED || (rc == CTXPACK_OK && !m.excluded));
	ctxpack_rules_free(r);
}
