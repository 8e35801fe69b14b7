/*
 * cmd_lint.c: the lint command.  Findings as
 * "FILE:LINE:COL: LEVEL: message [code]" with the suggested line below,
 * or JSON (schema ctxpack-lint/1); exit 1 when a finding is at or above
 * the --fail-on level (error by default).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

struct lstate {
	struct options	*o;
	int		 n;
	int		 worst;
};

static const char *
lvl(enum ctxpack_lint_level l)
{
	return l == CTXPACK_LINT_ERROR ? "error" : l == CTXPACK_LINT_WARNING ?
	    "warning" : "info";
}

static void
finding(const struct ctxpack_finding *f, void *arg)
{
	struct lstate *s = arg;

	if ((int)f->level > s->worst)
		s->worst = (int)f->level;
	if (s->o->json) {
		printf("%s\n    {\"code\": \"%s\", \"level\": \"%s\", \"file\": ",
		    s->n ? "," : "", f->code, lvl(f->level));
		fmt_json_str(stdout, f->file);
		printf(", \"line\": %u, \"col\": %u, \"path\": ", f->line, f->col);
		fmt_json_str(stdout, f->path);
		printf(", \"message\": ");
		fmt_json_str(stdout, f->msg);
		printf(", \"suggestion\": ");
		fmt_json_str(stdout, f->fix);
		putchar('}');
	} else {
		if (f->file != NULL) {
			fmt_text(stdout, f->file, strlen(f->file));
			if (f->line > 0)
				printf(":%u:%u", f->line, f->col);
			fputs(": ", stdout);
		}
		printf("%s: ", lvl(f->level));
		fmt_text(stdout, f->msg, strlen(f->msg));
		printf(" [%s]\n", f->code);
		if (f->fix != NULL) {
			fputs("\tsuggestion: ", stdout);
			fmt_text(stdout, f->fix, strlen(f->fix));
			putchar('\n');
		}
	}
	s->n++;
}

int
cmd_lint(struct options *o)
{
	struct lstate s = { o, 0, -1 };
	int rc;

	if (o->json)
		printf("{\n  \"schema\": \"ctxpack-lint/1\",\n  \"findings\": [");
	rc = ctxpack_lint(o->dir, &o->lib, finding, &s);
	if (o->json)
		printf(s.n ? "\n  ]\n}\n" : "]\n}\n");
	if (rc != CTXPACK_OK)
		return EXIT_ERR;	/* the finding said why */
	return s.worst >= o->fail_on ? 1 : 0;
}
