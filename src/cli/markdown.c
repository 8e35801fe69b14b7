/*
 * markdown.c: report, check and audit as GitHub-flavoured Markdown, for
 * CI job summaries (`ctxpack check --format markdown >>
 * "$GITHUB_STEP_SUMMARY"`).  Every name goes through md_text() or
 * md_code(), so a '|', a backtick, a '<' or a control byte in a file name
 * cannot end a cell, open a code span or inject HTML.
 */
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "check.h"
#include "markdown.h"

/* fmt_text() into a string: control bytes and bad UTF-8 escaped. */
static char *
visible(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (m == NULL)
		return NULL;
	fmt_text(m, s, strlen(s));
	if (fclose(m) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

void
md_text(FILE *f, const char *s)
{
	char *v = visible(s), *p;

	if (v == NULL)
		return;
	for (p = v; *p != '\0'; p++) {
		if (strchr("\\`*_[]<>|~&#!", *p) != NULL)
			fputc('\\', f);
		fputc(*p, f);
	}
	free(v);
}

void
md_code(FILE *f, const char *s, int intable)
{
	char *v = visible(s), *p;
	size_t run = 0, longest = 0, i, n;
	int pad;

	if (v == NULL)
		return;
	for (p = v; *p != '\0'; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	n = strlen(v);
	/* a space each side keeps a backtick or outer spaces what they are */
	pad = n > 0 && (v[0] == '`' || v[n - 1] == '`' ||
	    (v[0] == ' ' && v[n - 1] == ' ' && strspn(v, " ") != n));
	for (i = 0; i <= longest; i++)
		fputc('`', f);
	if (pad)
		fputc(' ', f);
	for (p = v; *p != '\0'; p++) {
		if (intable && *p == '|')
			fputc('\\', f);
		fputc(*p, f);
	}
	if (pad)
		fputc(' ', f);
	for (i = 0; i <= longest; i++)
		fputc('`', f);
	free(v);
}

void
md_dir(FILE *f, const char *path, int intable)
{
	size_t n = strlen(path);
	char *s = malloc(n + 2);

	if (s == NULL)
		return;
	memcpy(s, path, n);
	s[n] = '/';
	s[n + 1] = '\0';
	md_code(f, s, intable);
	free(s);
}

static double
pct(uint64_t a, uint64_t b)
{
	return b == 0 ? 0.0 : 100.0 * (double)a / (double)b;
}

/* "context `dir` (builder buildkit, ignore file `.dockerignore`)" */
static void
md_context(FILE *f, const struct options *o, struct ctxpack_ctx *ctx)
{
	const char *ign = ctxpack_ctx_ignore_file(ctx);
	const char *df = ctxpack_ctx_dockerfile(ctx);

	fputs("Context ", f);
	md_code(f, o->dir, 0);
	fprintf(f, ", builder %s, ignore file ",
	    o->lib.builder == CTXPACK_CLASSIC ? "classic" : "buildkit");
	if (ign != NULL)
		md_code(f, ign, 0);
	else
		fputs("none", f);
	fputs(", Dockerfile ", f);
	if (df != NULL)
		md_code(f, df, 0);
	else
		fputs("none", f);
	fputs(".\n\n", f);
}

static void
md_flags(FILE *f, const struct options *o, const struct ctxpack_report *r,
    const char *ign)
{
	char a[32], b[32], d[32];
	size_t i;

	if (r->nflags == 0)
		return;
	fputs("### Flagged directories\n\nAdd the line to ", f);
	md_code(f, ign ? ign : ".dockerignore", 0);
	fputs(" to leave the directory out.\n\n"
	    "| bytes | files | directory | why | line to add |\n"
	    "| ---: | ---: | --- | --- | --- |\n", f);
	for (i = 0; i < r->nflags; i++) {
		const struct ctxpack_report_dir *fl = &r->flags[i];

		fprintf(f, "| %s | %s | ", fmt_iec(fl->bytes, a, sizeof(a)),
		    fmt_grouped(fl->files, b, sizeof(b)));
		md_dir(f, fl->path, 1);
		if (fl->flag == CTXPACK_FLAG_HEAVY)
			fputs(" | heavy | ", f);
		else
			fprintf(f, " | over %s | ", fmt_iec(o->large, d,
			    sizeof(d)));
		if (fl->suggestion != NULL)
			md_code(f, fl->suggestion, 1);
		else
			fputs("no safe line", f);
		fputs(" |\n", f);
	}
	fputc('\n', f);
}

void
md_report(FILE *f, const struct options *o, struct ctxpack_ctx *ctx,
    const struct ctxpack_report *r)
{
	const struct ctxpack_rules *rules = ctxpack_ctx_rules(ctx);
	const char *ign = ctxpack_ctx_ignore_file(ctx);
	char a[32], b[32], d[32];
	size_t i;

	fputs("## ctxpack report\n\n", f);
	md_context(f, o, ctx);
	fputs("| | files | bytes |\n| --- | ---: | ---: |\n", f);
	fprintf(f, "| before | %s | %s |\n",
	    fmt_grouped(r->before_files, a, sizeof(a)),
	    fmt_iec(r->before_bytes, b, sizeof(b)));
	fprintf(f, "| excluded | %s | %s (%.1f%%) |\n",
	    fmt_grouped(r->excluded_files, a, sizeof(a)),
	    fmt_iec(r->excluded_bytes, b, sizeof(b)),
	    pct(r->excluded_bytes, r->before_bytes));
	fprintf(f, "| **context** | **%s** | **%s** |\n\n",
	    fmt_grouped(r->after_files, a, sizeof(a)),
	    fmt_iec(r->after_bytes, b, sizeof(b)));
	fprintf(f, "The tar `pack` writes: **%s** (%s bytes, %s entries).\n\n",
	    fmt_iec(r->tar_bytes, a, sizeof(a)),
	    fmt_grouped(r->tar_bytes, b, sizeof(b)),
	    fmt_grouped(r->after_entries, d, sizeof(d)));
	if (r->nlargest > 0) {
		fputs("### Largest directories in the context\n\n"
		    "| bytes | files | directory |\n| ---: | ---: | --- |\n", f);
		for (i = 0; i < r->nlargest; i++) {
			fprintf(f, "| %s | %s | ",
			    fmt_iec(r->largest[i].bytes, a, sizeof(a)),
			    fmt_grouped(r->largest[i].files, b, sizeof(b)));
			md_dir(f, r->largest[i].path, 1);
			fputs(" |\n", f);
		}
		fputc('\n', f);
	}
	md_flags(f, o, r, ign);
	if (r->nfiles > 0) {
		fputs("### Largest files in the context\n\n"
		    "| bytes | file |\n| ---: | --- |\n", f);
		for (i = 0; i < r->nfiles; i++) {
			fprintf(f, "| %s | ",
			    fmt_iec(r->files[i].bytes, a, sizeof(a)));
			md_code(f, r->files[i].path, 1);
			fputs(" |\n", f);
		}
		fputc('\n', f);
	}
	if (r->nwalked > 0) {
		fprintf(f, "### Walked although excluded\n\nAn exception might "
		    "match inside these excluded directories, so they were "
		    "walked: %s entries.\n\n| entries | directory | exception |\n"
		    "| ---: | --- | --- |\n",
		    fmt_grouped(r->walked_entries, a, sizeof(a)));
		for (i = 0; i < r->nwalked; i++) {
			struct ctxpack_rule_info ri;

			fprintf(f, "| %s | ",
			    fmt_grouped(r->walked[i].entries, a, sizeof(a)));
			md_dir(f, r->walked[i].path, 1);
			fputs(" | ", f);
			if (r->walked[i].rule >= 0 && ctxpack_rules_get(rules,
			    (size_t)r->walked[i].rule, &ri) == CTXPACK_OK) {
				char *t = NULL;
				size_t tl = 0;
				FILE *m = open_memstream(&t, &tl);

				if (m != NULL) {
					fprintf(m, "%s:%u: %s%s", ri.source,
					    ri.line, ri.exception ? "!" : "",
					    ri.text);
					fclose(m);
					md_code(f, t, 1);
					free(t);
				}
			} else
				fputs("?", f);
			fputs(" |\n", f);
		}
		fputc('\n', f);
	}
}

/* ------------------------------------------------------------------ check */

static void
md_verdict(FILE *f, int over)
{
	fputs(over ? "❌ over" : "✅ ok", f);
}

void
md_check(FILE *f, const struct check *c)
{
	const struct ctxpack_report *r = c->r;
	char a[32], b[32];
	size_t i;
	int k;

	fprintf(f, "## ctxpack check: %s\n\n", c->over ?
	    "❌ over budget" : "✅ within budget");
	md_context(f, c->o, c->ctx);
	fputs("| budget | limit | measured | verdict |\n"
	    "| --- | ---: | ---: | --- |\n", f);
	for (k = 0; k < NBUDGETS; k++) {
		const struct budget *bu = &c->b[k];

		if (!bu->given)
			continue;
		fprintf(f, "| `--%s` | ", bu->name);
		switch (k) {
		case B_SIZE:
			fprintf(f, "%s | %s (tar) | ",
			    fmt_iec(bu->limit, a, sizeof(a)),
			    fmt_iec(bu->value, b, sizeof(b)));
			break;
		case B_FILES:
			fprintf(f, "%s | %s files | ",
			    fmt_grouped(bu->limit, a, sizeof(a)),
			    fmt_grouped(bu->value, b, sizeof(b)));
			break;
		case B_DIR:
			fprintf(f, "%s | %s", fmt_iec(bu->limit, a, sizeof(a)),
			    fmt_iec(bu->value, b, sizeof(b)));
			if (r->nlargest > 0) {
				fputs(" in ", f);
				md_dir(f, r->largest[0].path, 1);
			}
			fputs(" | ", f);
			break;
		case B_HEAVY:
			fprintf(f, "none | %llu heavy director%s | ",
			    (unsigned long long)bu->value,
			    bu->value == 1 ? "y" : "ies");
			break;
		default:
			fprintf(f, "none | %llu secret%s | ",
			    (unsigned long long)bu->value,
			    bu->value == 1 ? "" : "s");
		}
		md_verdict(f, bu->over);
		fputs(" |\n", f);
	}
	fputc('\n', f);
	if (c->b[B_SECRET].over) {
		fputs("Files that look like secrets in the context: ", f);
		for (i = 0; i < c->nsecrets; i++) {
			fputs(i ? ", " : "", f);
			md_code(f, c->secrets[i].path, 0);
		}
		fputs(".\n\n", f);
	}
	if (r->nlargest > 0) {
		fputs("### Biggest contributors\n\n"
		    "| bytes | files | directory |\n| ---: | ---: | --- |\n", f);
		for (i = 0; i < r->nlargest && i < 5; i++) {
			fprintf(f, "| %s | %s | ",
			    fmt_iec(r->largest[i].bytes, a, sizeof(a)),
			    fmt_grouped(r->largest[i].files, b, sizeof(b)));
			md_dir(f, r->largest[i].path, 1);
			fputs(" |\n", f);
		}
		fputc('\n', f);
	}
	/* within budget, nothing to add (the job summary stays short) */
	if (!c->over || r->suggestions == NULL || r->suggestions->n == 0)
		return;
	fputs("### Lines to add to ", f);
	md_code(f, r->suggestions->file ? r->suggestions->file :
	    ".dockerignore", 0);
	fputs("\n\n`ctxpack suggest --write` adds them, each under its "
	    "comment:\n\n```\n", f);
	sug_block(f, r->suggestions, "");
	fputs("```\n\n", f);
}

/* ------------------------------------------------------------------ audit */

void
md_audit(FILE *f, const struct options *o, const struct rows *rs)
{
	char a[32], b[32], d[32];
	size_t i, k;

	fprintf(f, "## ctxpack audit\n\n%zu build context%s, largest tar "
	    "first.\n\n", rs->n, rs->n == 1 ? "" : "s");
	if (rs->n == 0)
		return;
	fputs("| tar | files | bytes | context | Dockerfile | top offender "
	    "| flags | from |\n| ---: | ---: | ---: | --- | --- | --- | --- "
	    "| --- |\n", f);
	for (i = 0; i < rs->n; i++) {
		const struct row *it = &rs->v[i];
		const struct ctxpack_report_dir *off = NULL;
		size_t nh = 0, nl = 0;

		if (it->r != NULL && it->skip == NULL)
			fprintf(f, "| %s | %s | %s | ",
			    fmt_iec(it->r->tar_bytes, a, sizeof(a)),
			    fmt_grouped(it->r->after_files, b, sizeof(b)),
			    fmt_iec(it->r->after_bytes, d, sizeof(d)));
		else
			fputs("| - | - | - | ", f);
		md_code(f, it->context, 1);
		fputs(" | ", f);
		if (it->dockerfile != NULL)
			md_code(f, it->dockerfile, 1);
		else
			fputs("-", f);
		fputs(" | ", f);
		if (it->skip != NULL) {
			fputs("skipped: ", f);
			md_text(f, it->skip);
		} else if (it->r == NULL)
			fputs("error", f);
		else {
			if (it->r->nflags > 0)
				off = &it->r->flags[0];
			else if (it->r->nlargest > 0 &&
			    it->r->largest[0].bytes > 0)
				off = &it->r->largest[0];
			if (off != NULL) {
				md_dir(f, off->path, 1);
				fprintf(f, " %s", fmt_iec(off->bytes, a,
				    sizeof(a)));
				if (off->suggestion != NULL) {
					fputs(", add ", f);
					md_code(f, off->suggestion, 1);
				}
			}
			for (k = 0; k < it->r->nflags; k++) {
				if (it->r->flags[k].flag == CTXPACK_FLAG_HEAVY)
					nh++;
				else
					nl++;
			}
		}
		fputs(" | ", f);
		if (nh)
			fprintf(f, "%zu heavy", nh);
		if (nl)
			fprintf(f, "%s%zu large", nh ? ", " : "", nl);
		if (it->r != NULL && it->skip == NULL &&
		    it->r->tar_bytes > o->max_size)
			fprintf(f, "%s❌ over %s", nh || nl ? ", " : "",
			    fmt_iec(o->max_size, a, sizeof(a)));
		fputs(" | ", f);
		for (k = 0; k < it->nsources; k++) {
			fputs(k ? "; " : "", f);
			md_text(f, it->sources[k]);
		}
		for (k = 0; k < it->nnotes; k++) {
			fputs(k || it->nsources ? "<br>" : "", f);
			fputs("note: ", f);
			md_text(f, it->notes[k]);
		}
		fputs(" |\n", f);
	}
	fputc('\n', f);
}
