/*
 * dfdump.c: print what src/lib/dockerfile.h makes of a Dockerfile, in a
 * stable text form for the goldens of test/dockerfile/.
 *
 *	dfdump [-aclnqr] [-b NAME=VALUE]... [-m PATH[/]]... [-p PLATFORM]
 *	    [-P PLATFORM] [-t TARGET] [-x PATH[/]]... FILE
 *
 *	-a	only BuildKit's parse-tree dump (its testfiles' "result" form;
 *		an error goes to stderr)
 *	-l	with -a: without the ENV/LABEL separators (older dumps)
 *	-c	the classic builder (default BuildKit)
 *	-n	parse only
 *	-q	no instruction list
 *	-b	a build arg; -t the target; -p/-P target/build platform
 *	-m	which read reads PATH (a trailing '/' makes it a directory)
 *	-r	with -m: every read that reads PATH, not the first
 *	-x	does BuildKit transfer PATH
 *
 * Warnings and errors go to stdout as "warning: FILE:LINE: MSG" and
 * "error: FILE:LINE:COL: MSG", so a golden holds everything; the exit
 * status is 1 after an error, 2 on bad usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dfint.h"

static void
q(const char *s)
{
	struct sbuf b = { 0 };

	df_quote(&b, s, strlen(s));
	fputs(b.s != NULL ? b.s : "\"\"", stdout);
	sbuf_free(&b);
}

static void
qn(const char *s, size_t n)
{
	struct sbuf b = { 0 };

	df_quote(&b, s, n);
	fputs(b.s != NULL ? b.s : "\"\"", stdout);
	sbuf_free(&b);
}

static void
on_diag(const struct ctxpack_diag *d, void *arg)
{
	(void)arg;
	printf("%s: %s:%u: %s\n", d->level == CTXPACK_LEVEL_WARNING ?
	    "warning" : "error", d->file != NULL ? d->file : "-", d->line,
	    d->msg);
}

static void
print_err(const struct ctxpack_diag *d)
{
	printf("error: %s:%u:%u: %s\n", d->file != NULL ? d->file : "-",
	    d->line, d->col, d->msg);
}

static const char *
cmdname(enum df_cmd c)
{
	static const char *n[] = { "UNKNOWN", "ADD", "ARG", "CMD", "COPY",
	    "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL",
	    "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER",
	    "VOLUME", "WORKDIR" };

	return n[c];
}

static void
print_instr(const struct df_instr *in, const char *indent)
{
	size_t i;

	printf("%s%u-%u:%u %s", indent, in->line, in->endline, in->col,
	    cmdname(in->cmd));
	if (in->cmd == DF_UNKNOWN) {
		putchar(' ');
		q(in->keyword);
	}
	if (in->nrawflags > 0) {
		printf(" flags=[");
		for (i = 0; i < in->nrawflags; i++) {
			if (i > 0)
				putchar(' ');
			q(in->rawflags[i]);
		}
		putchar(']');
	}
	printf(" args=[");
	for (i = 0; i < in->nargs; i++) {
		if (i > 0)
			putchar(' ');
		q(in->args[i]);
	}
	putchar(']');
	if (in->json)
		printf(" json");
	putchar('\n');
	for (i = 0; i < in->nheredocs; i++) {
		const struct df_heredoc *h = &in->heredocs[i];

		printf("%s  heredoc ", indent);
		q(h->name);
		printf(" fd=%u expand=%d chomp=%d content=", h->fd, h->expand,
		    h->chomp);
		qn(h->content, h->contentlen);
		putchar('\n');
	}
	if (in->sub != NULL)
		print_instr(in->sub, "  trigger ");
}

static const char *
kind(enum df_kind k)
{
	return k == DF_KIND_COPY ? "copy" : k == DF_KIND_ADD ? "add" :
	    k == DF_KIND_BIND ? "bind" : "cache";
}

static const char *
origin(enum df_origin o)
{
	static const char *n[] = { "context", "stage", "image", "url", "git" };

	return n[o];
}

static void
print_build(const struct df_build *b)
{
	const struct df_xfer *x;
	size_t i, k, n;
	int all;

	for (i = 0; i < df_nstages(b); i++) {
		const struct df_stage *s = df_stage(b, i);

		printf("stage %zu ", i);
		q(s->name);
		printf(" base=");
		q(s->base);
		if (s->platform != NULL) {
			printf(" platform=");
			q(s->platform);
		}
		printf(" line=%u", s->line);
		if (s->base_stage >= 0)
			printf(" from-stage=%ld", s->base_stage);
		printf(" buildkit=%d classic=%d\n", s->buildkit, s->classic);
	}
	if (df_target(b) >= 0)
		printf("target %ld\n", df_target(b));
	for (i = 0; i < df_nreads(b); i++) {
		const struct df_read *r = df_read(b, i);

		printf("read %zu stage=%zu line=%u %s %s", i, r->stage, r->line,
		    kind(r->kind), origin(r->origin));
		if (r->from != NULL) {
			printf(" from=");
			q(r->from);
		}
		if (r->from_stage >= 0)
			printf(" from-stage=%ld", r->from_stage);
		printf(" src=");
		q(r->source);
		if (strcmp(r->source, r->expanded) != 0) {
			printf(" expanded=");
			q(r->expanded);
		}
		if (r->path != NULL) {
			printf(" path=");
			q(r->path);
		}
		if (r->pattern != NULL) {
			printf(" pattern=");
			q(r->pattern);
		}
		for (k = 0; k < r->nexcludes; k++) {
			printf(" exclude=");
			q(r->excludes[k]);
		}
		if (r->parents)
			printf(" parents");
		if (r->wildcard)
			printf(" wildcard");
		if (r->whole)
			printf(" whole");
		if (r->onbuild)
			printf(" onbuild");
		if (r->uncertain)
			printf(" uncertain");
		putchar('\n');
	}
	n = df_transfers(b, &x, &all);
	if (all)
		printf("transfer all\n");
	else if (n == 0)
		printf("transfer none\n");
	else
		for (i = 0; i < n; i++) {
			printf("transfer ");
			q(x[i].path);
			printf(" line=%u\n", x[i].line);
		}
}

static int allreads;

static void
query(const struct df_build *b, const char *arg, int transfer)
{
	size_t len = strlen(arg), r = 0;
	int isdir = len > 0 && arg[len - 1] == '/', v;

	if (isdir)
		len--;
	if (allreads && !transfer) {
		printf("reads ");
		q(arg);
		for (r = 0; r < df_nreads(b); r++)
			if (df_read_match(b, r, arg, len, isdir) == DF_READ)
				printf(" %zu", r);
		putchar('\n');
		return;
	}
	if (transfer)
		v = df_transfer_match(b, arg, len, isdir);
	else
		v = df_match(b, arg, len, isdir, &r);
	printf("%s ", transfer ? "transfer?" : "match");
	q(arg);
	if (v < 0)
		printf(" -> limit\n");
	else if (v == DF_NO)
		printf(" -> no\n");
	else if (transfer)
		printf(" -> %s\n", v == DF_READ ? "sent" : "parent");
	else
		printf(" -> %s read %zu line %u\n", v == DF_READ ? "read" :
		    "parent", r, df_read(b, r)->line);
}

int
main(int argc, char **argv)
{
	struct df_buildarg args[64];
	struct df_opts o;
	const char *queries[256], *name;
	int qx[256], c, ast = 0, legacy = 0, parse_only = 0, quiet = 0;
	size_t nq = 0, na = 0, len = 0, cap = 0, i;
	struct df_file *df;
	struct df_build *b;
	char *buf = NULL;
	FILE *fp;

	memset(&o, 0, sizeof(o));
	while ((c = getopt(argc, argv, "ab:clm:np:P:qrt:x:")) != -1) {
		switch (c) {
		case 'a':
			ast = 1;
			break;
		case 'b':
			if (na == 64 || strchr(optarg, '=') == NULL)
				return 2;
			args[na].name = optarg;
			*strchr(optarg, '=') = '\0';
			args[na].value = optarg + strlen(optarg) + 1;
			na++;
			break;
		case 'c':
			o.builder = CTXPACK_CLASSIC;
			break;
		case 'l':
			legacy = 1;
			break;
		case 'm':
		case 'x':
			if (nq == 256)
				return 2;
			qx[nq] = c == 'x';
			queries[nq++] = optarg;
			break;
		case 'n':
			parse_only = 1;
			break;
		case 'p':
			o.platform = optarg;
			break;
		case 'P':
			o.build_platform = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'r':
			allreads = 1;
			break;
		case 't':
			o.target = optarg;
			break;
		default:
			fprintf(stderr, "usage: dfdump [-aclnq] [-b NAME=VALUE] "
			    "[-m PATH] [-p PLATFORM] [-P PLATFORM] [-t TARGET] "
			    "[-x PATH] FILE\n");
			return 2;
		}
	}
	if (optind + 1 != argc)
		return 2;
	o.args = args;
	o.nargs = na;
	if ((fp = fopen(argv[optind], "rb")) == NULL) {
		perror(argv[optind]);
		return 2;
	}
	for (;;) {
		size_t n;

		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			if ((buf = realloc(buf, cap)) == NULL)
				return 2;
		}
		if ((n = fread(buf + len, 1, cap - len, fp)) == 0)
			break;
		len += n;
	}
	fclose(fp);
	name = strrchr(argv[optind], '/');
	name = name != NULL ? name + 1 : argv[optind];
	if ((df = df_parse(name, buf, len, on_diag, NULL)) == NULL) {
		fprintf(stderr, "dfdump: out of memory\n");
		return 2;
	}
	if (ast) {
		struct sbuf out = { 0 };

		df_dump_ast(df, legacy, &out);
		if (out.len > 0)
			fwrite(out.s, 1, out.len, stdout);
		sbuf_free(&out);
		if (df_error(df) != NULL) {
			const struct ctxpack_diag *d = df_error(df);

			fprintf(stderr, "error: %s:%u:%u: %s\n", d->file != NULL ?
			    d->file : "-", d->line, d->col, d->msg);
		}
		c = df_error(df) != NULL;
		df_free(df);
		free(buf);
		return c;
	}
	for (i = 0; i < df_ndirectives(df); i++) {
		const struct df_directive *d = df_directive(df, i);

		printf("directive %s=", d->name);
		q(d->value);
		printf(" line=%u\n", d->line);
	}
	{
		int custom;
		const char *sy = df_syntax(df, &custom);

		if (sy != NULL) {
			printf("syntax ");
			q(sy);
			printf(" custom=%d\n", custom);
		}
	}
	if (df_escape(df) != '\\')
		printf("escape %c\n", df_escape(df));
	for (i = 0; !quiet && i < df_ninstrs(df); i++)
		print_instr(df_instr(df, i), "");
	if (df_error(df) != NULL || parse_only) {
		if (df_error(df) != NULL)
			print_err(df_error(df));
		c = df_error(df) != NULL;
		df_free(df);
		free(buf);
		return c;
	}
	if ((b = df_eval(df, &o, on_diag, NULL)) == NULL) {
		fprintf(stderr, "dfdump: out of memory\n");
		return 2;
	}
	print_build(b);
	if (df_build_error(b) != NULL)
		print_err(df_build_error(b));
	else
		for (i = 0; i < nq; i++)
			query(b, queries[i], qx[i]);
	c = df_build_error(b) != NULL;
	df_build_free(b);
	df_free(df);
	free(buf);
	return c;
}
