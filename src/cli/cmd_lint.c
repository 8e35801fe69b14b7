/*
 * cmd_lint.c: the lint command.  Findings as
 * "FILE:LINE:COL: LEVEL: message [code]" with the suggested line below,
 * JSON (schema ctxpack-lint/1) or SARIF 2.1.0 (sarif.c); exit 1 when a
 * finding is at or above the --fail-on level (error by default).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "sarif.h"

struct lstate {
	struct options	*o;
	int		 n;
	int		 worst;
	struct sarif	*sarif;		/* --format sarif: kept to the end */
	int		 oom;
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
	if (s->sarif != NULL) {
		if (sarif_add(s->sarif, f) < 0)
			s->oom = 1;
	} else if (s->o->json) {
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
	struct lstate s = { o, 0, -1, NULL, 0 };
	int rc;

	if (o->format == FMT_SARIF && (s.sarif = sarif_new()) == NULL) {
		msg_error("out of memory");
		return EXIT_ERR;
	}
	if (o->json)
		printf("{\n  \"schema\": \"ctxpack-lint/1\",\n  \"findings\": [");
	/* what the Dockerfile reads, when there is one that reads */
	o->lib.flags |= CTXPACK_F_DOCKERFILE_TRY;
	rc = ctxpack_lint(o->dir, &o->lib, finding, &s);
	if (o->json)
		printf(s.n ? "\n  ]\n}\n" : "]\n}\n");
	if (s.sarif != NULL) {
		if (s.oom)
			msg_error("out of memory");
		else
			sarif_write(stdout, s.sarif, o->dir, rc == CTXPACK_OK);
		sarif_free(s.sarif);
		if (s.oom)
			return EXIT_ERR;
	}
	if (rc != CTXPACK_OK)
		return EXIT_ERR;	/* the finding said why */
	return s.worst >= o->fail_on ? 1 : 0;
}
