/*
 * cli_why.c: the why command.  For each path, the deciding rule as
 * git check-ignore -v prints it (SOURCE:LINE:PATTERN<TAB>PATH, or
 * ::<TAB>PATH when no rule matched); --trace lists every rule that
 * matched on the way down; a note when the other builder, or the plain
 * "is it ignored?" question, would answer differently.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

struct wctx {
	const struct ctxpack_rules	*rules;
	int				 nul;
};

/* SOURCE:LINE:PATTERN, or with -z SOURCE NUL LINE NUL PATTERN (git's). */
static void
put_rule(const struct ctxpack_rules *rules, long i, int nul)
{
	struct ctxpack_rule_info ri;
	char sep = nul ? '\0' : ':';

	if (i < 0 || ctxpack_rules_get(rules, (size_t)i, &ri) != CTXPACK_OK) {
		putchar(sep);
		putchar(sep);
		return;
	}
	printf("%s%c%u%c%s%s", ri.source, sep, ri.line, sep,
	    ri.exception ? "!" : "", ri.text);
}

static void
trace(void *arg, const char *level, size_t len, long rule, int inherited,
    int excluded)
{
	struct wctx *w = arg;

	printf("\t%.*s: ", (int)len, level);
	put_rule(w->rules, rule, 0);
	printf(" -> %s%s%c", excluded ? "excluded" : "included",
	    inherited ? " (matched the parent)" : "", w->nul ? '\0' : '\n');
}

static const char *
bname(enum ctxpack_builder b)
{
	return b == CTXPACK_CLASSIC ? "classic" : "buildkit";
}

/* One path: print, note differences; 1 excluded, 0 included, -1 error. */
static int
why1(struct options *o, struct ctxpack_ctx *ctx, struct ctxpack_ctx *other,
    const char *path, size_t len)
{
	struct ctxpack_why w, ow;
	struct wctx wc;

	wc.rules = ctxpack_ctx_rules(ctx);
	wc.nul = o->nul;
	if (ctxpack_why(ctx, path, len, &w, NULL, NULL) != CTXPACK_OK) {
		cli_diag(ctxpack_rules_error(ctxpack_ctx_rules(ctx)), NULL);
		return -1;
	}
	put_rule(wc.rules, w.rule, o->nul);
	putchar(o->nul ? '\0' : '\t');
	fwrite(path, 1, len, stdout);
	putchar(o->nul ? '\0' : '\n');
	if (o->trace)
		(void)ctxpack_why(ctx, path, len, &w, trace, &wc);
	if (w.cut > 0)
		fprintf(stderr, "ctxpack: note: %.*s: the classic builder never "
		    "enters the excluded directory %.*s/ (no exception starts "
		    "with \"%.*s/\", R21)\n", (int)len, path, (int)w.cut, path,
		    (int)w.cut, path);
	if (other != NULL && ctxpack_why(other, path, len, &ow, NULL, NULL) ==
	    CTXPACK_OK && ow.excluded != w.excluded) {
		fprintf(stderr, "ctxpack: note: %.*s: the %s builder would %s "
		    "it", (int)len, path, bname(o->lib.builder == CTXPACK_CLASSIC ?
		    CTXPACK_BUILDKIT : CTXPACK_CLASSIC),
		    ow.excluded ? "exclude" : "include");
		if (ow.cut > 0)
			fprintf(stderr, ": it never enters the excluded "
			    "directory %.*s/ (no exception starts with \"%.*s/\","
			    " R21)", (int)ow.cut, path, (int)ow.cut, path);
		else if (w.cut > 0)
			fprintf(stderr, ": wildcard exceptions reach into "
			    "excluded directories there");
		else
			fprintf(stderr, " (its ignore file or build-file rules "
			    "differ)");
		fputc('\n', stderr);
	}
	if (w.cut == 0 && w.plain_excluded != w.excluded &&
	    o->lib.syntax == CTXPACK_SYNTAX_DOCKER &&
	    !(o->lib.flags & CTXPACK_F_GITIGNORE))
		fprintf(stderr, "ctxpack: note: %.*s: asked alone, the path is "
		    "%s (MatchesOrParentMatches), but the walk passes each "
		    "directory's results down (R17) and %s it\n", (int)len, path,
		    w.plain_excluded ? "excluded" : "included",
		    w.excluded ? "excludes" : "includes");
	return w.excluded;
}

int
cmd_why(struct options *o, int npaths, char **paths)
{
	struct ctxpack_ctx *ctx, *other = NULL;
	struct options oo = *o;
	int i, any = 0, r;

	if (npaths == 0 && !o->from_stdin) {
		cli_msg(CTXPACK_LEVEL_ERROR, "why: no path given (or --stdin)");
		return EXIT_ERR;
	}
	ctx = cli_open_ctx(o);
	oo.lib.builder = o->lib.builder == CTXPACK_CLASSIC ? CTXPACK_BUILDKIT :
	    CTXPACK_CLASSIC;
	oo.lib.diag = NULL;
	if (ctxpack_ctx_open(oo.dir, &oo.lib, &other) != CTXPACK_OK) {
		ctxpack_ctx_free(other);
		other = NULL;
	}
	for (i = 0; i < npaths; i++) {
		if ((r = why1(o, ctx, other, paths[i], strlen(paths[i]))) < 0)
			goto err;
		any |= r;
	}
	if (o->from_stdin) {
		char *line = NULL;
		size_t cap = 0;
		ssize_t n;

		while ((n = getdelim(&line, &cap, o->nul ? '\0' : '\n',
		    stdin)) > 0) {
			if (line[n - 1] == (o->nul ? '\0' : '\n'))
				n--;
			if (n == 0)
				continue;
			if ((r = why1(o, ctx, other, line, (size_t)n)) < 0) {
				free(line);
				goto err;
			}
			any |= r;
			fflush(stdout);
		}
		free(line);
	}
	ctxpack_ctx_free(other);
	ctxpack_ctx_free(ctx);
	fflush(stdout);
	return any ? 1 : 0;
err:
	ctxpack_ctx_free(other);
	ctxpack_ctx_free(ctx);
	return EXIT_ERR;
}
