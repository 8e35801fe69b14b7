/*
 * test_rules.c: the reader and compiler through the public API:
 * diagnostics with line and column, Docker's 64 KiB line limit, rule
 * info, and the shortcut kinds.
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
		assert_int(d->col, 3);
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
