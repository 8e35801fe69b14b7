/*
 * cmd_report.c: the report and check commands: sizes, the table (with
 * colour on a terminal unless NO_COLOR), the JSON document
 * (schema ctxpack-report/1), budgets and their exit status.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
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

	memset(&ro, 0, sizeof(ro));
	ro.top = top;
	ro.depth = depth;
	ro.large = o->large;
	progress_start(&p, o->quiet);
	ro.progress = progress_cb;
	ro.progress_arg = &p;
	if (ctxpack_report_run(ctx, &ro, &r) != CTXPACK_OK) {
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
	    o->lib.builder == CTXPACK_CLASSIC ? "classic" : "buildkit");
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
	fputs(r->nwalked ? "\n  ]\n}\n" : "]\n}\n", f);
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
		fputs("no ignore line can name it exactly", f);
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
	    o->lib.builder == CTXPACK_CLASSIC ? "classic" : "buildkit");
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
		fmt_names(f, ign ? ign : ".dockerignore");
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
	struct ctxpack_ctx *ctx = cli_open_ctx(o);
	struct ctxpack_report *r;

	if ((r = run_report(o, ctx, o->top, o->depth)) == NULL) {
		ctxpack_ctx_free(ctx);
		return EXIT_ERR;
	}
	if (o->json)
		print_json(stdout, o, ctx, r);
	else
		print_table(stdout, o, ctx, r);
	ctxpack_report_free(r);
	ctxpack_ctx_free(ctx);
	return msg_rc();
}

int
cmd_check(struct options *o)
{
	struct ctxpack_ctx *ctx;
	struct ctxpack_report *r;
	char a[32], b[32];
	size_t i;
	int over = 0, heavy = 0;

	if (o->max_size == NO_BUDGET && o->max_files == NO_BUDGET &&
	    o->max_dir == NO_BUDGET && !o->fail_on_heavy) {
		msg_error("check: no budget given (--max-size, --max-files, "
		    "--max-dir, --fail-on-heavy)");
		return EXIT_ERR;
	}
	ctx = cli_open_ctx(o);
	/* top-level directories hold the most; the largest is the one */
	if ((r = run_report(o, ctx, 5, 1)) == NULL) {
		ctxpack_ctx_free(ctx);
		return EXIT_ERR;
	}
	if (r->tar_bytes > o->max_size) {
		printf("ctxpack: check: the context is %s (tar), over "
		    "--max-size %s\n", fmt_iec(r->tar_bytes, a, sizeof(a)),
		    fmt_iec(o->max_size, b, sizeof(b)));
		over = 1;
	}
	if (r->after_files > o->max_files) {
		printf("ctxpack: check: the context holds %llu file%s, over "
		    "--max-files %llu\n", (unsigned long long)r->after_files,
		    r->after_files == 1 ? "" : "s",
		    (unsigned long long)o->max_files);
		over = 1;
	}
	if (r->nlargest > 0 && r->largest[0].bytes > o->max_dir) {
		for (i = 0; i < r->nlargest; i++) {
			if (r->largest[i].bytes <= o->max_dir)
				continue;
			fputs("ctxpack: check: ", stdout);
			put_dir(stdout, r->largest[i].path, "", "");
			printf(" holds %s, over --max-dir %s\n",
			    fmt_iec(r->largest[i].bytes, a, sizeof(a)),
			    fmt_iec(o->max_dir, b, sizeof(b)));
		}
		over = 1;
	}
	for (i = 0; i < r->nflags; i++)
		if (r->flags[i].flag == CTXPACK_FLAG_HEAVY)
			heavy = 1;
	if (o->fail_on_heavy && heavy) {
		printf("ctxpack: check: heavy directories are in the context\n");
		over = 1;
	}
	if (over) {
		if (r->nlargest > 0) {
			printf("biggest contributors:\n");
			for (i = 0; i < r->nlargest && i < 5; i++) {
				printf("  %10s  ", fmt_iec(r->largest[i].bytes,
				    a, sizeof(a)));
				put_dir(stdout, r->largest[i].path, "", "");
				putchar('\n');
			}
		}
		if (r->nflags > 0) {
			const char *ign = ctxpack_ctx_ignore_file(ctx);

			fputs("lines to add to ", stdout);
			fmt_names(stdout, ign ? ign : ".dockerignore");
			fputs(":\n", stdout);
			for (i = 0; i < r->nflags; i++) {
				const char *sg = r->flags[i].suggestion;

				if (sg != NULL)
					printf("  %-30s # ", sg);
				else
					fputs("  (no ignore line can name it "
					    "exactly) # ", stdout);
				put_dir(stdout, r->flags[i].path, "", "");
				printf(", %s\n", fmt_iec(r->flags[i].bytes, a,
				    sizeof(a)));
			}
		}
	} else if (o->verbose)
		printf("ctxpack: check: ok: %s (tar) in %llu file%s\n",
		    fmt_iec(r->tar_bytes, a, sizeof(a)),
		    (unsigned long long)r->after_files,
		    r->after_files == 1 ? "" : "s");
	ctxpack_report_free(r);
	ctxpack_ctx_free(ctx);
	if (msg_rc() == EXIT_ERR)
		return EXIT_ERR;
	return over ? 1 : 0;
}
