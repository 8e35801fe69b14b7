/*
 * hello.c: a program built against an installed libctxpack (see run.sh):
 * the header, pkg-config flags and the library must all be found, and the
 * rules must judge paths as Docker does.  Prints one line per path.
 */
#include <stdio.h>
#include <string.h>

#include <ctxpack.h>

int
main(void)
{
	static const char ign[] = "# comment\nnode_modules\n*.log\n"
	    "!keep.log\n";
	static const struct {
		const char	*path;
		int		 excluded;
	} cases[] = {
		{ "src/main.c", 0 },
		{ "node_modules", 1 },
		{ "node_modules/x/y.js", 1 },
		{ "debug.log", 1 },
		{ "keep.log", 0 },
		{ "sub/debug.log", 0 },	/* patterns are rooted */
	};
	struct ctxpack_rules *r;
	struct ctxpack_match m;
	size_t i;
	int bad = 0;

	if (strcmp(ctxpack_version(), CTXPACK_VERSION_STRING) != 0) {
		fprintf(stderr, "hello: library %s, header %s\n",
		    ctxpack_version(), CTXPACK_VERSION_STRING);
		return 1;
	}
	if ((r = ctxpack_rules_new()) == NULL)
		return 1;
	if (ctxpack_rules_parse(r, ".dockerignore", ign, strlen(ign)) !=
	    CTXPACK_OK) {
		fprintf(stderr, "hello: %s\n", ctxpack_rules_error(r)->msg);
		ctxpack_rules_free(r);
		return 1;
	}
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (ctxpack_rules_match(r, cases[i].path,
		    strlen(cases[i].path), &m) != CTXPACK_OK) {
			bad++;
			continue;
		}
		printf("%s %s\n", m.excluded ? "excluded" : "included",
		    cases[i].path);
		if (m.excluded != cases[i].excluded)
			bad++;
	}
	printf("ctxpack %s, %zu rules\n", ctxpack_version(),
	    ctxpack_rules_count(r));
	ctxpack_rules_free(r);
	ctxpack_rules_free(NULL);
	return bad != 0;
}
