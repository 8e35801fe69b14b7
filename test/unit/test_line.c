/*
 * test_line.c: the ignore-file lines ctxpack writes for names (report's
 * and lint's suggestions) are printable and mean exactly the name when
 * Docker reads them back; a name no line can name gets none.
 */
#include <stdlib.h>
#include <string.h>

#include "ctxpack_int.h"
#include "harness.h"

/* Does LINE, read as an ignore file, exclude PATH? -1 if it is invalid. */
static int
excludes(const char *line, const char *path)
{
	struct ctxpack_rules *r = ctxpack_rules_new();
	struct ctxpack_match m;
	int v = -1;

	if (r != NULL && ctxpack_rules_parse(r, "t", line, strlen(line)) ==
	    CTXPACK_OK && ctxpack_rules_count(r) == 1 &&
	    ctxpack_rules_match(r, path, strlen(path), &m) == CTXPACK_OK)
		v = m.excluded;
	ctxpack_rules_free(r);
	return v;
}

static int
printable(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

DEFINE_TEST(test_pattern_line)
{
	static const char *names[] = {
		"node_modules", "a b", " lead", "trail ", "\ttab\t",
		"esc\033[2J", "nl\nname", "del\177", "x*y", "[a]", "{b}|c",
		"c^d", "q?", "back\\slash", "#hash", "!bang", "dot.+()$",
		"caf\xc3\xa9", "nbsp\xc2\xa0", "\xe3\x80\x80ideo",
		"bidi\xe2\x80\xaex", "a#b", "a!b", "-dash",
	};
	size_t i;
	char *l, d[64];

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *n = names[i];

		l = pattern_line("", n, strlen(n));
		assert_true(l != NULL);
		if (l == NULL)
			continue;
		if (!printable(l))
			t_fail(__FILE__, __LINE__, "line for name %zu is not "
			    "printable", i);
		if (excludes(l, n) != 1)
			t_fail(__FILE__, __LINE__, "line \"%s\" misses its "
			    "name %zu", l, i);
		snprintf(d, sizeof(d), "%sx", n);
		if (excludes(l, d) != 0)
			t_fail(__FILE__, __LINE__, "line \"%s\" takes more "
			    "than its name %zu", l, i);
		free(l);
		/* below the root, and as an exception */
		l = pattern_line("**/", n, strlen(n));
		snprintf(d, sizeof(d), "deep/er/%s", n);
		assert_true(l != NULL && excludes(l, d) == 1);
		free(l);
		l = pattern_line("!", n, strlen(n));
		assert_true(l != NULL && l[0] == '!' && printable(l));
		free(l);
	}
	/* not UTF-8: Go reads every bad byte as U+FFFD, no line is exact */
	assert_true(pattern_line("", "bad\xff", 4) == NULL);
	assert_true(pattern_line("**/", "\xc3", 1) == NULL);
	/* a plain name stays plain */
	l = pattern_line("**/", "__pycache__", 11);
	assert_str(l, "**/__pycache__");
	free(l);
}
