/*
 * cmd_report.c: the report and check commands: sizes, the table (with
 * colour on a terminal unless NO_COLOR), the JSON document
 * (schema ctxpack-report/1), budgets and their exit status, check's JSON
 * (ctxpack-check/1).  Markdown is in markdown.c, the page in html.c.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "cli.h"
#include "html.h"
#include "markdown.h"
#include "progress.h"

struct colours {
	const char	*bold, *warn, *dim, *off;
};

static void
colours(struct colours *c, FILE *f)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

	if (isatty(fileno(f)) && (nc == NULL || *nc == '\0') &&
	    (term == NULL || strcmp(term, "dumb") != 0)) {
		c->bold = "\033[1m";
		c->warn = "\033[33m";
		c->dim = "\033[2m";
		c->off = "\033[0m";
	} else
		c->bold = c->warn = c->dim = c->off = "";
}

/* Files pack could not read: errors, so a CI gate does not pass. */
static void
unreadable(const struct ctxpack_report *r)
{
	size_t i;

	for (i = 0; i < r->nunreadable; i++)
		msg_error("%s: can't be read (permission denied): pack and "
		    "docker build would fail", r->unreadable[i].path);
	if (r->unreadable_files > r->nunreadable)
		msg_error("and %llu more files of the context can't be read",
		    (unsigned long long)(r->unreadable_files - r->nunreadable));
}

static struct ctxpack_report *
run_report(struct options *o, struct ctxpack_ctx *ctx, unsigned top,
    unsigned depth)
{
	struct ctxpack_report_opts ro;
	struct ctxpack_report *r;
	struct progress p;
	int rc;

	memset(&ro, 0, sizeof(ro));
	ro.top = top;
	ro.depth = depth;
	ro.large = o->large;
	progress_start(&p, o->quiet);
	ro.progress = progress_cb;
	ro.progress_arg = &p;
	if (o->html != NULL) {
		struct ctxpack_tree_opts to = { HTML_TREE_DEPTH,
		    HTML_TREE_WIDTH };

		rc = ctxpack_report_tree(ctx, &ro, &to, &r);
	} else
		rc = ctxpack_report_run(ctx, &ro, &r);
	if (rc != CTXPACK_OK) {
		progress_end(&p);
		msg_diag(ctxpack_ctx_error(ctx), NULL);
		return NULL;
	}
	progress_end(&p);
	unreadable(r);
	return r;
}

static void
rule_desc(const struct ctxpack_rules *rules, long i, char *buf, size_t sz)
{
	struct ctxpack_rule_info ri;

	if (ctxpack_rules_get(rules, i, &ri) != CTXPACK_OK)
		snprintf(buf, sz, "?");
	else
		snprintf(buf, sz, "%s:%u: %s%s", ri.source, ri.line,
		    ri.exception ? "!" : "", ri.text);
}

static double
pct(uint64_t a, uint64_t b)
{
	return b == 0 ? 0.0 : 100.0 * (double)a / (double)b;
}

/*
 * The suggestion engine's lines as JSON, of KIND only when ONLY is set
 * (1 + kind), each as suggest --json shows it.
 */
static void
json_lines(FILE *f, const struct ctxpack_suggestions *s, int only)
{
	size_t i, n = 0;

	fputc('[', f);
	for (i = 0; s != NULL && i < s->n; i++) {
		const struct ctxpack_suggestion *v = &s->v[i];

		if (only && (int)v->kind != only - 1)
			continue;
		fprintf(f, "%s\n    {\"line\": ", n++ ? "," : "");
		fmt_json_str(f, v->line);
		fprintf(f, ", \"what\": \"%s\", \"git_ignored\": %s, "
		    "\"dirs\": %llu, \"files\": %llu, \"bytes\": %llu, "
		    "\"example\": ", sug_what(v), v->git_ignored ? "true" :
		    "false", (unsigned long long)v->dirs,
		    (unsigned long long)v->files, (unsigned long long)v->bytes);
		fmt_json_str(f, v->example);
		fputc('}', f);
	}
	fputs(n ? "\n  ]" : "]", f);
}

/* What the Dockerfile reads of what is sent (null without one). */
static void
json_used(FILE *f, const struct ctxpack_report *r)
{
	fputs("  \"used\": ", f);
	if (!r->has_build) {
		fputs("null,\n", f);
		return;
	}
	fprintf(f, "{\"files\": %llu, \"bytes\": %llu, \"unread_files\": "
	    "%llu, \"unread_bytes\": %llu, \"whole_context_line\": ",
	    (unsigned long long)r->read_files,
	    (unsigned long long)r->read_bytes,
	    (unsigned long long)r->unread_files,
	    (unsigned long long)r->unread_bytes);
	if (r->whole_line > 0)
		fprintf(f, "%u", r->whole_line);
	else
		fputs("null", f);
	fputs(", \"lines\": ", f);
	json_lines(f, r->suggestions, 1 + CTXPACK_SUGGEST_UNREAD);
	fputs("},\n", f);
}

static void
print_json(FILE *f, struct options *o, struct ctxpack_ctx *ctx,
    const struct ctxpack_report *r)
{
	const struct ctxpack_rules *rules = ctxpack_ctx_rules(ctx);
	const char *ign = ctxpack_ctx_ignore_file(ctx);
	const char *df = ctxpack_ctx_dockerfile(ctx);
	size_t i;

	fprintf(f, "{\n  \"schema\": \"ctxpack-report/1\",\n  \"context\": ");
	fmt_json_str(f, o->dir);
	fprintf(f, ",\n  \"builder\": \"%s\",\n  \"ignore_file\": ",
	    o->lib.builder == CTXPACK_CLASSIC ? "classic" :
	    o->lib.builder == CTXPACK_BUILDAH ? "buildah" : "buildkit");
	if (ign)
		fmt_json_str(f, ign);
	else
		fputs("null", f);
	fputs(",\n  \"dockerfile\": ", f);
	if (df)
		fmt_json_str(f, df);
	else
		fputs("null", f);
	fprintf(f, ",\n  \"before\": {\"files\": %llu, \"bytes\": %llu, "
	    "\"dirs\": %llu},\n", (unsigned long long)r->before_files,
	    (unsigned long long)r->before_bytes,
	    (unsigned long long)r->before_dirs);
	fprintf(f, "  \"after\": {\"entries\": %llu, \"files\": %llu, "
	    "\"bytes\": %llu, \"tar_bytes\": %llu},\n",
	    (unsigned long long)r->after_entries,
	    (unsigned long long)r->after_files,
	    (unsigned long long)r->after_bytes,
	    (unsigned long long)r->tar_bytes);
	fprintf(f, "  \"excluded\": {\"files\": %llu, \"bytes\": %llu, "
	    "\"percent\": %.1f},\n", (unsigned long long)r->excluded_files,
	    (unsigned long long)r->excluded_bytes,
	    pct(r->excluded_bytes, r->before_bytes));
	fputs("  \"largest_dirs\": [", f);
	for (i = 0; i < r->nlargest; i++) {
		fprintf(f, "%s\n    {\"path\": ", i ? "," : "");
		fmt_json_str(f, r->largest[i].path);
		fprintf(f, ", \"bytes\": %llu, \"files\": %llu}",
		    (unsigned long long)r->largest[i].bytes,
		    (unsigned long long)r->largest[i].files);
	}
	fputs(r->nlargest ? "\n  ],\n" : "],\n", f);
	fputs("  \"large_dirs\": [", f);
	for (i = 0; i < r->nflags; i++) {
		fprintf(f, "%s\n    {\"path\": ", i ? "," : "");
		fmt_json_str(f, r->flags[i].path);
		fprintf(f, ", \"bytes\": %llu, \"files\": %llu, \"reason\": "
		    "\"%s\", \"suggestion\": ",
		    (unsigned long long)r->flags[i].bytes,
		    (unsigned long long)r->flags[i].files,
		    fmt_flag(r->flags[i].flag));
		fmt_json_str(f, r->flags[i].suggestion ? r->flags[i].suggestion :
		    "");
		fputc('}', f);
	}
	fputs(r->nflags ? "\n  ],\n" : "],\n", f);
	fputs("  \"largest_files\": [", f);
	for (i = 0; i < r->nfiles; i++) {
		fprintf(f, "%s\n    {\"path\": ", i ? "," : "");
		fmt_json_str(f, r->files[i].path);
		fprintf(f, ", \"bytes\": %llu}",
		    (unsigned long long)r->files[i].bytes);
	}
	fputs(r->nfiles ? "\n  ],\n" : "],\n", f);
	fprintf(f, "  \"unreadable\": {\"files\": %llu, \"paths\": [",
	    (unsigned long long)r->unreadable_files);
	for (i = 0; i < r->nunreadable; i++) {
		fputs(i ? ", " : "", f);
		fmt_json_str(f, r->unreadable[i].path);
	}
	fputs("]},\n", f);
	fprintf(f, "  \"walked_excluded_entries\": %llu,\n",
	    (unsigned long long)r->walked_entries);
	fputs("  \"walked_excluded\": [", f);
	for (i = 0; i < r->nwalked; i++) {
		struct ctxpack_rule_info ri;

		fprintf(f, "%s\n    {\"path\": ", i ? "," : "");
		fmt_json_str(f, r->walked[i].path);
		fprintf(f, ", \"entries\": %llu, \"rule\": ",
		    (unsigned long long)r->walked[i].entries);
		if (ctxpack_rules_get(rules, r->walked[i].rule, &ri) ==
		    CTXPACK_OK) {
			fputs("{\"source\": ", f);
			fmt_json_str(f, ri.source);
			fprintf(f, ", \"line\": %u, \"pattern\": ", ri.line);
			fmt_json_str(f, ri.text);
			fprintf(f, ", \"exception\": %s}",
			    ri.exception ? "true" : "false");
		} else
			fputs("null", f);
		fputc('}', f);
	}
	fputs(r->nwalked ? "\n  ],\n" : "],\n", f);
	json_used(f, r);
	fputs("  \"lines\": ", f);
	json_lines(f, r->suggestions, 0);
	fputs("\n}\n", f);
}

/* "path/" for a person: escaped (slash inside the quotes), in colour. */
static void
put_dir(FILE *f, const char *path, const char *on, const char *off)
{
	size_t n = strlen(path);
	char *s = malloc(n + 2);

	fputs(on, f);
	if (s != NULL) {
		memcpy(s, path, n);
		s[n] = '/';
		fmt_name(f, s, n + 1);
		free(s);
	}
	fputs(off, f);
}

/* The line to add, or why there is none. */
static void
put_suggestion(FILE *f, const char *s, const char *on, const char *off)
{
	if (s != NULL) {
		fprintf(f, "add %s", on);
		fmt_text(f, s, strlen(s));
		fputs(off, f);
	} else
		fputs("no safe line (the build reads it, git tracks it, a ! "
		    "line keeps it, or no line can name it)", f);
}

/* What the Dockerfile reads of what is sent, and the lines for the rest. */
static void
print_used(FILE *f, const struct options *o, const struct ctxpack_ctx *ctx,
    const struct ctxpack_report *r, const struct colours *c)
{
	const struct ctxpack_suggestions *s = r->suggestions;
	const char *df = ctxpack_ctx_dockerfile(ctx);
	char a[32], b[32];
	size_t i, n = 0;

	if (!r->has_build)
		return;
	fprintf(f, "\n%swhat the Dockerfile reads%s\n", c->bold, c->off);
	if (r->whole_line > 0) {
		fprintf(f, "  all of it: ");
		fmt_names(f, df ? df : "Dockerfile");
		fprintf(f, ":%u reads the whole context (COPY . or a bind of "
		    "it): every byte sent lands in the image\n", r->whole_line);
		return;
	}
	fprintf(f, "  %-10s %9s %-5s  %10s\n", "read",
	    fmt_grouped(r->read_files, a, sizeof(a)),
	    r->read_files == 1 ? "file" : "files",
	    fmt_iec(r->read_bytes, b, sizeof(b)));
	fprintf(f, "  %-10s %9s %-5s  %10s   sent, never read\n", "unread",
	    fmt_grouped(r->unread_files, a, sizeof(a)),
	    r->unread_files == 1 ? "file" : "files",
	    fmt_iec(r->unread_bytes, b, sizeof(b)));
	for (i = 0; s != NULL && i < s->n && n < o->top; i++) {
		const struct ctxpack_suggestion *v = &s->v[i];

		if (v->kind != CTXPACK_SUGGEST_UNREAD)
			continue;
		fprintf(f, "  %10s %9s %-5s  add %s", fmt_iec(v->bytes, a,
		    sizeof(a)), fmt_grouped(v->files, b, sizeof(b)),
		    v->files == 1 ? "file" : "files", c->bold);
		fmt_text(f, v->line, strlen(v->line));
		fprintf(f, "%s\n", c->off);
		n++;
	}
}

static void
print_table(FILE *f, struct options *o, struct ctxpack_ctx *ctx,
    const struct ctxpack_report *r)
{
	const struct ctxpack_rules *rules = ctxpack_ctx_rules(ctx);
	const char *ign = ctxpack_ctx_ignore_file(ctx);
	struct colours c;
	char a[32], b[32], d[32], rd[512];
	size_t i;

	colours(&c, f);
	fprintf(f, "%scontext ", c.bold);
	fmt_names(f, o->dir);
	fprintf(f, "%s  (builder %s, ignore file ", c.off,
	    o->lib.builder == CTXPACK_CLASSIC ? "classic" :
	    o->lib.builder == CTXPACK_BUILDAH ? "buildah" : "buildkit");
	fmt_names(f, ign ? ign : "none");
	fputs(")\n\n", f);
	fprintf(f, "%s%-10s %12s %12s%s\n", c.dim, "", "files", "bytes", c.off);
	fprintf(f, "%-10s %12s %12s\n", "before",
	    fmt_grouped(r->before_files, a, sizeof(a)),
	    fmt_iec(r->before_bytes, b, sizeof(b)));
	fprintf(f, "%-10s %12s %12s   %.1f%% of the bytes left out\n",
	    "excluded", fmt_grouped(r->excluded_files, a, sizeof(a)),
	    fmt_iec(r->excluded_bytes, b, sizeof(b)),
	    pct(r->excluded_bytes, r->before_bytes));
	fprintf(f, "%s%-10s %12s %12s%s   tar %s (%s bytes, ", c.bold,
	    "context", fmt_grouped(r->after_files, a, sizeof(a)),
	    fmt_iec(r->after_bytes, b, sizeof(b)), c.off,
	    fmt_iec(r->tar_bytes, d, sizeof(d)),
	    fmt_grouped(r->tar_bytes, rd, sizeof(rd)));
	fprintf(f, "%s entries)\n", fmt_grouped(r->after_entries, a, sizeof(a)));
	if (r->nlargest > 0) {
		fprintf(f, "\n%slargest directories in the context%s\n",
		    c.bold, c.off);
		for (i = 0; i < r->nlargest; i++) {
			fprintf(f, "  %10s %9s %-5s  ",
			    fmt_iec(r->largest[i].bytes, a, sizeof(a)),
			    fmt_grouped(r->largest[i].files, b, sizeof(b)),
			    r->largest[i].files == 1 ? "file" : "files");
			put_dir(f, r->largest[i].path, "", "");
			fputc('\n', f);
		}
	}
	if (r->nflags > 0) {
		fprintf(f, "\n%sflagged directories%s (add the line to ", c.bold,
		    c.off);
		fmt_names(f, ign ? ign : o->lib.builder == CTXPACK_BUILDAH ?
		    ".containerignore" : ".dockerignore");
		fputs(")\n", f);
		for (i = 0; i < r->nflags; i++) {
			const struct ctxpack_report_dir *fl = &r->flags[i];

			if (fl->flag == CTXPACK_FLAG_HEAVY)
				snprintf(rd, sizeof(rd), "heavy");
			else
				snprintf(rd, sizeof(rd), "over %s",
				    fmt_iec(o->large, d, sizeof(d)));
			fprintf(f, "  %10s %9s %-5s  ",
			    fmt_iec(fl->bytes, a, sizeof(a)),
			    fmt_grouped(fl->files, b, sizeof(b)),
			    fl->files == 1 ? "file" : "files");
			put_dir(f, fl->path, c.warn, c.off);
			fprintf(f, "  %s: ", rd);
			put_suggestion(f, fl->suggestion, c.bold, c.off);
			fputc('\n', f);
		}
	}
	print_used(f, o, ctx, r, &c);
	if (r->nfiles > 0) {
		fprintf(f, "\n%slargest files in the context%s\n", c.bold, c.off);
		for (i = 0; i < r->nfiles; i++) {
			fprintf(f, "  %10s  ",
			    fmt_iec(r->files[i].bytes, a, sizeof(a)));
			fmt_names(f, r->files[i].path);
			fputc('\n', f);
		}
	}
	if (r->nwalked > 0) {
		fprintf(f, "\n%swalked although excluded%s (an exception might "
		    "match inside): %s entries\n", c.bold, c.off,
		    fmt_grouped(r->walked_entries, a, sizeof(a)));
		for (i = 0; i < r->nwalked; i++) {
			rule_desc(rules, r->walked[i].rule, rd, sizeof(rd));
			fprintf(f, "  %9s entries  ",
			    fmt_grouped(r->walked[i].entries, a, sizeof(a)));
			put_dir(f, r->walked[i].path, "", "");
			fputs("  for ", f);
			fmt_text(f, rd, strlen(rd));
			fputc('\n', f);
		}
	}
}

int
cmd_report(struct options *o)
{
	struct ctxpack_ctx *ctx;
	struct ctxpack_report *r;

	o->lib.flags |= CTXPACK_F_DOCKERFILE_TRY;
	ctx = cli_open_ctx(o);

	if ((r = run_report(o, ctx, o->top, o->depth)) == NULL) {
		ctxpack_ctx_free(ctx);
		return EXIT_ERR;
	}
	if (o->html != NULL && html_write(o, ctx, r) < 0)
		;	/* html_write said why; the status says so */
	else if (o->html != NULL && strcmp(o->html, "-") == 0)
		;	/* the page went to standard output */
	else if (o->format == FMT_JSON)
		print_json(stdout, o, ctx, r);
	else if (o->format == FMT_MARKDOWN)
		md_report(stdout, o, ctx, r);
	else
		print_table(stdout, o, ctx, r);
	ctxpack_report_free(r);
	ctxpack_ctx_free(ctx);
	return msg_rc();
}

/* lint's secret findings, for --fail-on-secret */
static void
secret_cb(const struct ctxpack_finding *f, void *arg)
{
	struct check *c = arg;
	struct secret *ns;

	if ((strcmp(f->code, "secret") != 0 &&
	    strcmp(f->code, "secret-copied") != 0) || f->path == NULL)
		return;
	if ((ns = realloc(c->secrets, (c->nsecrets + 1) * sizeof(*ns))) ==
	    NULL)
		return;
	c->secrets = ns;
	ns += c->nsecrets;
	if ((ns->path = strdup(f->path)) != NULL)
		c->nsecrets++;
}

static void
budget(struct budget *b, const char *name, int given, uint64_t limit,
    uint64_t value)
{
	b->name = name;
	b->given = given;
	b->limit = limit;
	b->value = value;
	b->over = given && value > limit;
}

/* Measure every budget given; c->over when any is over. */
static int
measure(struct check *c)
{
	const struct ctxpack_report *r = c->r;
	struct options *o = c->o;
	uint64_t nheavy = 0;
	size_t i;
	int k;

	for (i = 0; i < r->nflags; i++)
		if (r->flags[i].flag == CTXPACK_FLAG_HEAVY)
			nheavy++;
	if (o->fail_on_secret &&
	    ctxpack_lint(o->dir, &o->lib, secret_cb, c) != CTXPACK_OK) {
		msg_error("check: --fail-on-secret: lint could not finish");
		return -1;
	}
	budget(&c->b[B_SIZE], "max-size", o->max_size != NO_BUDGET,
	    o->max_size, r->tar_bytes);
	budget(&c->b[B_FILES], "max-files", o->max_files != NO_BUDGET,
	    o->max_files, r->after_files);
	budget(&c->b[B_DIR], "max-dir", o->max_dir != NO_BUDGET, o->max_dir,
	    r->nlargest > 0 ? r->largest[0].bytes : 0);
	budget(&c->b[B_HEAVY], "fail-on-heavy", o->fail_on_heavy, 0, nheavy);
	budget(&c->b[B_SECRET], "fail-on-secret", o->fail_on_secret, 0,
	    c->nsecrets);
	for (k = 0; k < NBUDGETS; k++)
		if (c->b[k].over)
			c->over = 1;
	return 0;
}

/* What is over, the biggest contributors, the lines to add. */
static void
check_text(FILE *f, const struct check *c)
{
	const struct ctxpack_report *r = c->r;
	const struct options *o = c->o;
	char a[32], b[32];
	size_t i;

	if (c->b[B_SIZE].over)
		fprintf(f, "ctxpack: check: the context is %s (tar), over "
		    "--max-size %s\n", fmt_iec(r->tar_bytes, a, sizeof(a)),
		    fmt_iec(o->max_size, b, sizeof(b)));
	if (c->b[B_FILES].over)
		fprintf(f, "ctxpack: check: the context holds %llu file%s, over "
		    "--max-files %llu\n", (unsigned long long)r->after_files,
		    r->after_files == 1 ? "" : "s",
		    (unsigned long long)o->max_files);
	if (c->b[B_DIR].over) {
		for (i = 0; i < r->nlargest; i++) {
			if (r->largest[i].bytes <= o->max_dir)
				continue;
			fputs("ctxpack: check: ", f);
			put_dir(f, r->largest[i].path, "", "");
			fprintf(f, " holds %s, over --max-dir %s\n",
			    fmt_iec(r->largest[i].bytes, a, sizeof(a)),
			    fmt_iec(o->max_dir, b, sizeof(b)));
		}
	}
	if (c->b[B_HEAVY].over)
		fprintf(f, "ctxpack: check: heavy directories are in the "
		    "context\n");
	for (i = 0; c->b[B_SECRET].over && i < c->nsecrets; i++) {
		fputs("ctxpack: check: ", f);
		fmt_names(f, c->secrets[i].path);
		fputs(" looks like a secret and is in the context\n", f);
	}
	if (!c->over) {
		if (o->verbose)
			fprintf(f, "ctxpack: check: ok: %s (tar) in %llu "
			    "file%s\n", fmt_iec(r->tar_bytes, a, sizeof(a)),
			    (unsigned long long)r->after_files,
			    r->after_files == 1 ? "" : "s");
		return;
	}
	if (r->nlargest > 0) {
		fprintf(f, "biggest contributors:\n");
		for (i = 0; i < r->nlargest && i < 5; i++) {
			fprintf(f, "  %10s  ", fmt_iec(r->largest[i].bytes, a,
			    sizeof(a)));
			put_dir(f, r->largest[i].path, "", "");
			fputc('\n', f);
		}
	}
	if (r->suggestions != NULL && r->suggestions->n > 0) {
		fputs("lines to add to ", f);
		fmt_names(f, r->suggestions->file ? r->suggestions->file :
		    ".dockerignore");
		fputs(" (ctxpack suggest --write adds them):\n", f);
		sug_block(f, r->suggestions, "");
	}
}

static void
json_dir(FILE *f, const struct ctxpack_report_dir *d, int first)
{
	fprintf(f, "%s{\"path\": ", first ? "" : ", ");
	fmt_json_str(f, d->path);
	fprintf(f, ", \"bytes\": %llu, \"files\": %llu}",
	    (unsigned long long)d->bytes, (unsigned long long)d->files);
}

/* Schema ctxpack-check/1: every budget given, what was measured, why. */
static void
check_json(FILE *f, const struct check *c)
{
	const struct ctxpack_report *r = c->r;
	const char *ign = ctxpack_ctx_ignore_file(c->ctx);
	const char *df = ctxpack_ctx_dockerfile(c->ctx);
	size_t i, n;
	int k, first = 1;

	fputs("{\n  \"schema\": \"ctxpack-check/2\",\n  \"context\": ", f);
	fmt_json_str(f, c->o->dir);
	fprintf(f, ",\n  \"builder\": \"%s\",\n  \"ignore_file\": ",
	    c->o->lib.builder == CTXPACK_CLASSIC ? "classic" : "buildkit");
	fmt_json_str(f, ign);
	fputs(",\n  \"dockerfile\": ", f);
	fmt_json_str(f, df);
	fprintf(f, ",\n  \"ok\": %s,\n", c->over ? "false" : "true");
	fprintf(f, "  \"measured\": {\"tar_bytes\": %llu, \"files\": %llu, "
	    "\"bytes\": %llu, \"entries\": %llu},\n",
	    (unsigned long long)r->tar_bytes,
	    (unsigned long long)r->after_files,
	    (unsigned long long)r->after_bytes,
	    (unsigned long long)r->after_entries);
	fputs("  \"budgets\": [", f);
	for (k = 0; k < NBUDGETS; k++) {
		const struct budget *b = &c->b[k];

		if (!b->given)
			continue;
		fprintf(f, "%s\n    {\"budget\": \"%s\", \"limit\": %llu, "
		    "\"value\": %llu, \"over\": %s", first ? "" : ",", b->name,
		    (unsigned long long)b->limit, (unsigned long long)b->value,
		    b->over ? "true" : "false");
		first = 0;
		if (k == B_DIR) {
			fputs(", \"dirs\": [", f);
			for (i = n = 0; i < r->nlargest; i++)
				if (r->largest[i].bytes > b->limit)
					json_dir(f, &r->largest[i], n++ == 0);
			fputc(']', f);
		} else if (k == B_HEAVY) {
			fputs(", \"dirs\": [", f);
			for (i = n = 0; i < r->nflags; i++)
				if (r->flags[i].flag == CTXPACK_FLAG_HEAVY)
					json_dir(f, &r->flags[i], n++ == 0);
			fputc(']', f);
		} else if (k == B_SECRET) {
			fputs(", \"paths\": [", f);
			for (i = 0; i < c->nsecrets; i++) {
				fputs(i ? ", " : "", f);
				fmt_json_str(f, c->secrets[i].path);
			}
			fputc(']', f);
		}
		fputc('}', f);
	}
	fputs(first ? "],\n" : "\n  ],\n", f);
	fputs("  \"contributors\": [", f);
	for (i = 0; i < r->nlargest && i < 5; i++)
		json_dir(f, &r->largest[i], i == 0);
	fputs("],\n  \"lines\": ", f);
	json_lines(f, r->suggestions, 0);
	fputs("\n}\n", f);
}

int
cmd_check(struct options *o)
{
	struct check c;
	struct ctxpack_report *r;
	size_t i;
	int rc;

	if (o->max_size == NO_BUDGET && o->max_files == NO_BUDGET &&
	    o->max_dir == NO_BUDGET && !o->fail_on_heavy &&
	    !o->fail_on_secret) {
		msg_error("check: no budget given (--max-size, --max-files, "
		    "--max-dir, --fail-on-heavy, --fail-on-secret)");
		return EXIT_ERR;
	}
	memset(&c, 0, sizeof(c));
	c.o = o;
	o->lib.flags |= CTXPACK_F_DOCKERFILE_TRY;
	c.ctx = cli_open_ctx(o);
	/* top-level directories hold the most; the largest is the one */
	if ((r = run_report(o, c.ctx, 5, 1)) == NULL) {
		ctxpack_ctx_free(c.ctx);
		return EXIT_ERR;
	}
	c.r = r;
	rc = measure(&c);
	if (rc == 0 && o->format == FMT_JSON)
		check_json(stdout, &c);
	else if (rc == 0 && o->format == FMT_MARKDOWN)
		md_check(stdout, &c);
	else if (rc == 0)
		check_text(stdout, &c);
	for (i = 0; i < c.nsecrets; i++) {
		free(c.secrets[i].path);
	}
	free(c.secrets);
	ctxpack_report_free(r);
	ctxpack_ctx_free(c.ctx);
	if (rc < 0 || msg_rc() == EXIT_ERR)
		return EXIT_ERR;
	return c.over ? 1 : 0;
}
