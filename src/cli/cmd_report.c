/*
 * cli_report.c: the report and check commands: sizes, the table (with
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

int
cli_parse_size(const char *s, uint64_t *out)
{
	static const struct {
		const char	*suf;
		double		 mul;
	} units[] = {
		{ "", 1 }, { "B", 1 },
		{ "K", 1024.0 }, { "KiB", 1024.0 }, { "KB", 1e3 },
		{ "M", 1048576.0 }, { "MiB", 1048576.0 }, { "MB", 1e6 },
		{ "G", 1073741824.0 }, { "GiB", 1073741824.0 }, { "GB", 1e9 },
		{ "T", 1099511627776.0 }, { "TiB", 1099511627776.0 },
		{ "TB", 1e12 },
	};
	char *end;
	double v;
	size_t i;

	if (*s == '\0' || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || !isfinite(v) || v < 0)
		return -1;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcasecmp(end, units[i].suf) == 0 &&
		    (strlen(units[i].suf) < 2 || strcmp(end, units[i].suf) == 0 ||
		    end[strlen(end) - 1] == 'B' || end[strlen(end) - 1] == 'b')) {
			double b = v * units[i].mul;

			if (b >= 1.8e19)
				return -1;
			*out = (uint64_t)(b + 0.5);
			return 0;
		}
	return -1;
}

const char *
cli_iec(uint64_t n, char *buf, size_t sz)
{
	static const char *u[] = { "KiB", "MiB", "GiB", "TiB", "PiB" };
	double v = (double)n;
	int i = -1;

	if (n < 1024) {
		snprintf(buf, sz, "%llu B", (unsigned long long)n);
		return buf;
	}
	while (v >= 1024 && i < 4) {
		v /= 1024;
		i++;
	}
	snprintf(buf, sz, v < 10 ? "%.2f %s" : v < 100 ? "%.1f %s" : "%.0f %s",
	    v, u[i]);
	return buf;
}

/* 1234567 -> "1,234,567" */
static const char *
grouped(uint64_t n, char *buf, size_t sz)
{
	char tmp[32];
	size_t len, i, o = 0;

	snprintf(tmp, sizeof(tmp), "%llu", (unsigned long long)n);
	len = strlen(tmp);
	for (i = 0; i < len && o + 2 < sz; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = tmp[i];
	}
	buf[o] = '\0';
	return buf;
}

struct colours {
	const char	*bold, *warn, *dim, *off;
};

static void
colours(struct colours *c, FILE *f)
{
	const char *nc = getenv("NO_COLOR");

	if (isatty(fileno(f)) && (nc == NULL || *nc == '\0')) {
		c->bold = "\033[1m";
		c->warn = "\033[33m";
		c->dim = "\033[2m";
		c->off = "\033[0m";
	} else
		c->bold = c->warn = c->dim = c->off = "";
}

/* Progress on stderr when it is a terminal: files, bytes, rate. */
struct progress {
	struct timespec	 start, last;
	int		 shown;
};

static double
since(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	    (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void
progress(uint64_t files, uint64_t bytes, void *arg)
{
	struct progress *p = arg;
	struct timespec now;
	char b1[32], b2[32], b3[32];
	double t;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (since(&p->last, &now) < 0.2)
		return;
	p->last = now;
	t = since(&p->start, &now);
	if (t < 0.5)
		return;
	fprintf(stderr, "\rctxpack: %s files, %s, %s files/s ",
	    grouped(files, b1, sizeof(b1)), cli_iec(bytes, b2, sizeof(b2)),
	    grouped((uint64_t)((double)files / t), b3, sizeof(b3)));
	p->shown = 1;
}

static struct ctxpack_report *
run_report(struct options *o, struct ctxpack_ctx *ctx, unsigned top,
    unsigned depth)
{
	struct ctxpack_report_opts ro;
	struct ctxpack_report *r;
	struct progress p;

	memset(&ro, 0, sizeof(ro));
	memset(&p, 0, sizeof(p));
	ro.top = top;
	ro.depth = depth;
	ro.large = o->large;
	if (!o->quiet && isatty(STDERR_FILENO)) {
		clock_gettime(CLOCK_MONOTONIC, &p.start);
		p.last = p.start;
		ro.progress = progress;
		ro.progress_arg = &p;
	}
	if (ctxpack_report_run(ctx, &ro, &r) != CTXPACK_OK) {
		if (p.shown)
			fputs("\r\033[K", stderr);
		cli_diag(ctxpack_ctx_error(ctx), NULL);
		return NULL;
	}
	if (p.shown)
		fputs("\r\033[K", stderr);
	return r;
}

/* A JSON string (null for NULL); a byte that is not UTF-8 as U+FFFD. */
void
cli_json_str(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (s == NULL) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(f, "\\u%04x", *p);
		else if (*p >= 0x80) {
			size_t n = strlen((const char *)p), w;
			unsigned c = *p;
			size_t need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 :
			    c >= 0xc0 ? 2 : 0;
			size_t k;

			for (k = 1; need && k < need && k < n; k++)
				if ((p[k] & 0xc0) != 0x80)
					break;
			if (need >= 2 && k == need && n >= need &&
			    !(c == 0xc0 || c == 0xc1 || c > 0xf4))
				w = need;
			else
				w = 0;
			if (w == 0)
				fputs("\\ufffd", f);
			else {
				fwrite(p, 1, w, f);
				p += w - 1;
			}
		} else
			fputc(*p, f);
	}
	fputc('"', f);
}

static void
rule_desc(const struct ctxpack_rules *rules, long i, char *buf, size_t sz)
{
	struct ctxpack_rule_info ri;

	if (i < 0 || ctxpack_rules_get(rules, (size_t)i, &ri) != CTXPACK_OK)
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
	cli_json_str(f, o->dir);
	fprintf(f, ",\n  \"builder\": \"%s\",\n  \"ignore_file\": ",
	    o->lib.builder == CTXPACK_CLASSIC ? "classic" : "buildkit");
	if (ign)
		cli_json_str(f, ign);
	else
		fputs("null", f);
	fputs(",\n  \"dockerfile\": ", f);
	if (df)
		cli_json_str(f, df);
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
		cli_json_str(f, r->largest[i].path);
		fprintf(f, ", \"bytes\": %llu, \"files\": %llu}",
		    (unsigned long long)r->largest[i].bytes,
		    (unsigned long long)r->largest[i].files);
	}
	fputs(r->nlargest ? "\n  ],\n" : "],\n", f);
	fputs("  \"large_dirs\": [", f);
	for (i = 0; i < r->nflags; i++) {
		fprintf(f, "%s\n    {\"path\": ", i ? "," : "");
		cli_json_str(f, r->flags[i].path);
		fprintf(f, ", \"bytes\": %llu, \"files\": %llu, \"reason\": "
		    "\"%s\", \"suggestion\": ",
		    (unsigned long long)r->flags[i].bytes,
		    (unsigned long long)r->flags[i].files, r->flags[i].reason);
		cli_json_str(f, r->flags[i].suggestion ? r->flags[i].suggestion :
		    "");
		fputc('}', f);
	}
	fputs(r->nflags ? "\n  ],\n" : "],\n", f);
	fputs("  \"largest_files\": [", f);
	for (i = 0; i < r->nfiles; i++) {
		fprintf(f, "%s\n    {\"path\": ", i ? "," : "");
		cli_json_str(f, r->files[i].path);
		fprintf(f, ", \"bytes\": %llu}",
		    (unsigned long long)r->files[i].bytes);
	}
	fputs(r->nfiles ? "\n  ],\n" : "],\n", f);
	fprintf(f, "  \"walked_excluded_entries\": %llu,\n",
	    (unsigned long long)r->walked_entries);
	fputs("  \"walked_excluded\": [", f);
	for (i = 0; i < r->nwalked; i++) {
		struct ctxpack_rule_info ri;

		fprintf(f, "%s\n    {\"path\": ", i ? "," : "");
		cli_json_str(f, r->walked[i].path);
		fprintf(f, ", \"entries\": %llu, \"rule\": ",
		    (unsigned long long)r->walked[i].entries);
		if (ctxpack_rules_get(rules, (size_t)r->walked[i].rule, &ri) ==
		    CTXPACK_OK) {
			fputs("{\"source\": ", f);
			cli_json_str(f, ri.source);
			fprintf(f, ", \"line\": %u, \"pattern\": ", ri.line);
			cli_json_str(f, ri.text);
			fprintf(f, ", \"exception\": %s}",
			    ri.exception ? "true" : "false");
		} else
			fputs("null", f);
		fputc('}', f);
	}
	fputs(r->nwalked ? "\n  ]\n}\n" : "]\n}\n", f);
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
	fprintf(f, "%scontext %s%s  (builder %s, ignore file %s)\n\n", c.bold,
	    o->dir, c.off,
	    o->lib.builder == CTXPACK_CLASSIC ? "classic" : "buildkit",
	    ign ? ign : "none");
	fprintf(f, "%s%-10s %12s %12s%s\n", c.dim, "", "files", "bytes", c.off);
	fprintf(f, "%-10s %12s %12s\n", "before",
	    grouped(r->before_files, a, sizeof(a)),
	    cli_iec(r->before_bytes, b, sizeof(b)));
	fprintf(f, "%-10s %12s %12s   %.1f%% of the bytes left out\n",
	    "excluded", grouped(r->excluded_files, a, sizeof(a)),
	    cli_iec(r->excluded_bytes, b, sizeof(b)),
	    pct(r->excluded_bytes, r->before_bytes));
	fprintf(f, "%s%-10s %12s %12s%s   tar %s (%s bytes, ", c.bold,
	    "context", grouped(r->after_files, a, sizeof(a)),
	    cli_iec(r->after_bytes, b, sizeof(b)), c.off,
	    cli_iec(r->tar_bytes, d, sizeof(d)),
	    grouped(r->tar_bytes, rd, sizeof(rd)));
	fprintf(f, "%s entries)\n", grouped(r->after_entries, a, sizeof(a)));
	if (r->nlargest > 0) {
		fprintf(f, "\n%slargest directories in the context%s\n",
		    c.bold, c.off);
		for (i = 0; i < r->nlargest; i++)
			fprintf(f, "  %10s %9s files  %s/\n",
			    cli_iec(r->largest[i].bytes, a, sizeof(a)),
			    grouped(r->largest[i].files, b, sizeof(b)),
			    r->largest[i].path);
	}
	if (r->nflags > 0) {
		fprintf(f, "\n%sflagged directories%s (add the line to %s)\n",
		    c.bold, c.off, ign ? ign : ".dockerignore");
		for (i = 0; i < r->nflags; i++) {
			const struct ctxpack_report_dir *fl = &r->flags[i];

			if (strcmp(fl->reason, "heavy") == 0)
				snprintf(rd, sizeof(rd), "heavy");
			else
				snprintf(rd, sizeof(rd), "over %s",
				    cli_iec(o->large, d, sizeof(d)));
			fprintf(f, "  %10s %9s files  %s%s/%s  %s: add %s%s%s\n",
			    cli_iec(fl->bytes, a, sizeof(a)),
			    grouped(fl->files, b, sizeof(b)), c.warn, fl->path,
			    c.off, rd, c.bold, fl->suggestion ? fl->suggestion :
			    "?", c.off);
		}
	}
	if (r->nfiles > 0) {
		fprintf(f, "\n%slargest files in the context%s\n", c.bold, c.off);
		for (i = 0; i < r->nfiles; i++)
			fprintf(f, "  %10s  %s\n",
			    cli_iec(r->files[i].bytes, a, sizeof(a)),
			    r->files[i].path);
	}
	if (r->nwalked > 0) {
		fprintf(f, "\n%swalked although excluded%s (an exception might "
		    "match inside): %s entries\n", c.bold, c.off,
		    grouped(r->walked_entries, a, sizeof(a)));
		for (i = 0; i < r->nwalked; i++) {
			rule_desc(rules, r->walked[i].rule, rd, sizeof(rd));
			fprintf(f, "  %9s entries  %s/  for %s\n",
			    grouped(r->walked[i].entries, a, sizeof(a)),
			    r->walked[i].path, rd);
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
	if (fflush(stdout) == EOF) {
		if (errno != EPIPE)
			cli_msg(CTXPACK_LEVEL_ERROR, "write error: %s",
			    strerror(errno));
		return EXIT_ERR;
	}
	return cli_worst;
}

int
cmd_check(struct options *o)
{
	struct ctxpack_ctx *ctx;
	struct ctxpack_report *r;
	char a[32], b[32];
	size_t i;
	int over = 0, heavy = 0;

	if (!o->max_size && !o->max_files && !o->max_dir && !o->fail_on_heavy) {
		cli_msg(CTXPACK_LEVEL_ERROR, "check: no budget given (--max-size, "
		    "--max-files, --max-dir, --fail-on-heavy)");
		return EXIT_ERR;
	}
	ctx = cli_open_ctx(o);
	/* top-level directories hold the most; the largest is the one */
	if ((r = run_report(o, ctx, 5, 1)) == NULL) {
		ctxpack_ctx_free(ctx);
		return EXIT_ERR;
	}
	if (o->max_size && r->tar_bytes > o->max_size) {
		printf("ctxpack: check: the context is %s (tar), over "
		    "--max-size %s\n", cli_iec(r->tar_bytes, a, sizeof(a)),
		    cli_iec(o->max_size, b, sizeof(b)));
		over = 1;
	}
	if (o->max_files && r->after_files > o->max_files) {
		printf("ctxpack: check: the context holds %llu files, over "
		    "--max-files %llu\n", (unsigned long long)r->after_files,
		    (unsigned long long)o->max_files);
		over = 1;
	}
	if (o->max_dir && r->nlargest > 0 && r->largest[0].bytes > o->max_dir) {
		for (i = 0; i < r->nlargest; i++)
			if (r->largest[i].bytes > o->max_dir)
				printf("ctxpack: check: %s/ holds %s, over "
				    "--max-dir %s\n", r->largest[i].path,
				    cli_iec(r->largest[i].bytes, a, sizeof(a)),
				    cli_iec(o->max_dir, b, sizeof(b)));
		over = 1;
	}
	for (i = 0; i < r->nflags; i++)
		if (strcmp(r->flags[i].reason, "heavy") == 0)
			heavy = 1;
	if (o->fail_on_heavy && heavy) {
		printf("ctxpack: check: heavy directories are in the context\n");
		over = 1;
	}
	if (over) {
		if (r->nlargest > 0) {
			printf("biggest contributors:\n");
			for (i = 0; i < r->nlargest && i < 5; i++)
				printf("  %10s  %s/\n", cli_iec(r->largest[i].bytes,
				    a, sizeof(a)), r->largest[i].path);
		}
		if (r->nflags > 0) {
			printf("lines to add to %s:\n",
			    ctxpack_ctx_ignore_file(ctx) ?
			    ctxpack_ctx_ignore_file(ctx) : ".dockerignore");
			for (i = 0; i < r->nflags; i++)
				printf("  %-30s # %s/, %s\n",
				    r->flags[i].suggestion ? r->flags[i].suggestion :
				    "?", r->flags[i].path,
				    cli_iec(r->flags[i].bytes, a, sizeof(a)));
		}
	} else if (o->verbose)
		printf("ctxpack: check: ok: %s (tar) in %llu files\n",
		    cli_iec(r->tar_bytes, a, sizeof(a)),
		    (unsigned long long)r->after_files);
	ctxpack_report_free(r);
	ctxpack_ctx_free(ctx);
	fflush(stdout);
	if (cli_worst == EXIT_ERR)
		return EXIT_ERR;
	return over ? 1 : 0;
}
