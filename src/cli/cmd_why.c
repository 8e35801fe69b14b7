/*
 * cmd_why.c: the why command.  For each path, the deciding rule as
 * git check-ignore -v prints it (SOURCE:LINE:PATTERN<TAB>PATH, or
 * ::<TAB>PATH when no rule matched; names quoted as git quotes them,
 * raw with -z); --trace lists every rule that matched on the way down; a
 * note when the other builder, or the plain "is it ignored?" question,
 * would answer differently.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

struct wctx {
	const struct ctxpack_rules	*rules;
	int				 nul;
};

/* A name: quoted for a person, raw with -z (git's rule). */
static void
put_name(const char *s, size_t len, int nul)
{
	if (nul)
		fwrite(s, 1, len, stdout);
	else
		fmt_name(stdout, s, len);
}

/* SOURCE:LINE:PATTERN, or with -z SOURCE NUL LINE NUL PATTERN (git's). */
static void
put_rule(const struct ctxpack_rules *rules, long i, int nul)
{
	struct ctxpack_rule_info ri;
	char sep = nul ? '\0' : ':';

	if (ctxpack_rules_get(rules, i, &ri) != CTXPACK_OK) {
		putchar(sep);
		putchar(sep);
		return;
	}
	put_name(ri.source, strlen(ri.source), nul);
	printf("%c%u%c", sep, ri.line, sep);
	if (ri.exception)
		putchar('!');
	/* the pattern as the file has it, control bytes escaped */
	if (nul)
		fputs(ri.text, stdout);
	else
		fmt_text(stdout, ri.text, strlen(ri.text));
}

static void
trace(const char *level, size_t len, ctxpack_rule_ref rule, int inherited,
    int excluded, void *arg)
{
	struct wctx *w = arg;

	putchar('\t');
	put_name(level, len, w->nul);
	fputs(": ", stdout);
	put_rule(w->rules, rule, 0);
	printf(" -> %s%s%c", excluded ? "excluded" : "included",
	    inherited ? " (matched the parent)" : "", w->nul ? '\0' : '\n');
}

static const char *
bname(enum ctxpack_builder b)
{
	return b == CTXPACK_CLASSIC ? "classic" : b == CTXPACK_BUILDAH ?
	    "buildah" : "buildkit";
}

/*
 * The builder a note compares with: the other Docker builder; for
 * buildah, BuildKit (a repository built by both Docker and Podman).
 */
static enum ctxpack_builder
other_builder(enum ctxpack_builder b)
{
	return b == CTXPACK_CLASSIC || b == CTXPACK_BUILDAH ?
	    CTXPACK_BUILDKIT : CTXPACK_CLASSIC;
}

/* One path: print, note differences; 1 excluded, 0 included, -1 error. */
static int
why1(struct options *o, struct ctxpack_ctx *ctx, struct ctxpack_ctx *other,
    const char *path, size_t len)
{
	struct ctxpack_why w, ow;
	struct wctx wc;
	char *p, *cut;

	wc.rules = ctxpack_ctx_rules(ctx);
	wc.nul = o->nul;
	if (ctxpack_why(ctx, path, len, &w, NULL, NULL) != CTXPACK_OK) {
		msg_diag(ctxpack_ctx_error(ctx), NULL);
		return -1;
	}
	put_rule(wc.rules, w.rule, o->nul);
	putchar(o->nul ? '\0' : '\t');
	put_name(path, len, o->nul);
	putchar(o->nul ? '\0' : '\n');
	if (o->trace)
		(void)ctxpack_why(ctx, path, len, &w, trace, &wc);
	if ((p = strndup(path, len)) == NULL)
		return -1;
	if (w.cut > 0 && (cut = strndup(w.path, w.cut)) != NULL) {
		msg_note("%s: the %s builder never enters the excluded "
		    "directory %s/ (no exception starts with \"%s%s\")", p,
		    bname(o->lib.builder), cut, cut,
		    o->lib.builder == CTXPACK_BUILDAH ? "" : "/");
		free(cut);
	}
	if (other != NULL && ctxpack_why(other, path, len, &ow, NULL, NULL) ==
	    CTXPACK_OK && ow.excluded != w.excluded) {
		const char *ob = bname(other_builder(o->lib.builder));
		const char *verb = ow.excluded ? "exclude" : "include";

		if (ow.cut > 0 && (cut = strndup(ow.path, ow.cut)) != NULL) {
			msg_note("%s: the %s builder would %s it: it never "
			    "enters the excluded directory %s/ (no exception "
			    "starts with \"%s/\")", p, ob, verb, cut, cut);
			free(cut);
		} else if (w.cut > 0)
			msg_note("%s: the %s builder would %s it: wildcard "
			    "exceptions reach into excluded directories there",
			    p, ob, verb);
		else
			msg_note("%s: the %s builder would %s it (its ignore "
			    "file or build-file rules differ)", p, ob, verb);
	}
	if (w.cut == 0 && w.plain_excluded != w.excluded &&
	    o->lib.builder != CTXPACK_BUILDAH &&
	    o->lib.syntax == CTXPACK_SYNTAX_DOCKER &&
	    !(o->lib.flags & CTXPACK_F_GITIGNORE))
		msg_note("%s: asked alone, the path is %s (a rule matches it "
		    "or a parent), but the walk passes each directory's "
		    "results down and %s it", p,
		    w.plain_excluded ? "excluded" : "included",
		    w.excluded ? "excludes" : "includes");
	free(p);
	return w.excluded;
}

/* 1 if NAME is the file standard input reads (as --stdin would). */
static int
is_stdin(const char *name)
{
	struct stat a, b;

	if (name == NULL)
		return 0;
	if (strcmp(name, "-") == 0)
		return 1;
	return stat(name, &a) == 0 && fstat(STDIN_FILENO, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

int
cmd_why(struct options *o)
{
	struct ctxpack_ctx *ctx, *other = NULL;
	struct ctxpack_ctx_info info;
	struct options oo = *o;
	int i, any = 0, r;

	if (o->npaths == 0 && !o->from_stdin) {
		msg_error("why: no path given (or --stdin)");
		return EXIT_ERR;
	}
	if (o->from_stdin && (is_stdin(o->lib.ignore_file) ||
	    is_stdin(o->lib.dockerfile))) {
		msg_error("why: --stdin reads the paths from standard input; "
		    "%s can not come from it too", is_stdin(o->lib.ignore_file) ?
		    "the ignore file" : "the Dockerfile");
		return EXIT_ERR;
	}
	ctx = cli_open_ctx(o);
	ctxpack_ctx_info(ctx, &info);
	if (info.ignore_read != NULL)
		msg_note("%s is a symbolic link: its rules were read from %s%s",
		    info.ignore_file, info.ignore_read, info.ignore_outside ?
		    ", outside the context" : "");
	oo.lib.builder = other_builder(o->lib.builder);
	oo.lib.diag = NULL;
	if (ctxpack_ctx_open(oo.dir, &oo.lib, &other) != CTXPACK_OK) {
		ctxpack_ctx_free(other);
		other = NULL;
	}
	for (i = 0; i < o->npaths; i++) {
		if ((r = why1(o, ctx, other, o->paths[i],
		    strlen(o->paths[i]))) < 0)
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
	return any ? 1 : 0;
err:
	ctxpack_ctx_free(other);
	ctxpack_ctx_free(ctx);
	return EXIT_ERR;
}
