/*
 * cmd_audit.c: the audit command.  Finds every build context the
 * repository's own tooling builds (compose files, bake files) and every
 * Dockerfile found by name and content that no tooling names (built with
 * its own directory as context), lists each Dockerfile + context pair
 * once with every source that names it, reports each context and prints
 * one row per pair, largest tar first.  All reports share one listing
 * cache, so overlapping contexts read each directory and stat each entry
 * once.  Discovery lives in audit_find.c, compose.c, audit_bake.c (with
 * bake.c and hcl.c); printing in print_table() and print_json(), and
 * md_audit() in markdown.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit.h"
#include "progress.h"
#include "bake.h"
#include "markdown.h"

static int
basename_is(const char *p, const char *name)
{
	const char *b = p ? strrchr(p, '/') : NULL;

	b = b ? b + 1 : p;
	return b != NULL && strncasecmp(b, name, strlen(name)) == 0 &&
	    (b[strlen(name)] == '\0' || b[strlen(name)] == '.');
}

static int
is_containerfile(const char *p)
{
	const char *b = p ? strrchr(p, '/') : NULL;
	size_t n;

	b = b ? b + 1 : p;
	if (b == NULL)
		return 0;
	n = strlen(b);
	return basename_is(p, "containerfile") || (n > 14 &&
	    strcasecmp(b + n - 14, ".containerfile") == 0);
}

/* compose files, bake files, then what the search alone found */
static int
discover(struct rows *rs, int npaths, char **paths)
{
	struct found f;
	size_t i, k, n;
	int j, rc = 0;

	memset(&f, 0, sizeof(f));
	for (j = 0; j < (npaths ? npaths : 1) && rc == 0; j++)
		rc = audit_search(&f, npaths ? paths[j] : ".");
	for (i = 0; i < f.ncompose && rc == 0; i++)
		rc = compose_read(rs, f.compose[i], 1);
	for (i = 0; i < f.nyaml && rc == 0; i++)
		rc = compose_read(rs, f.yaml[i], 0);
	compose_done();
	for (i = 0; i < f.nbakedirs && rc == 0; i++) {
		const char *files[8];
		char *p[8];

		for (k = n = 0; bake_files[k] != NULL; k++) {
			FILE *t;

			if ((p[n] = path_join(f.bakedirs[i], bake_files[k])) ==
			    NULL) {
				rc = -1;
				break;
			}
			if ((t = fopen(p[n], "r")) == NULL) {
				free(p[n]);
				continue;
			}
			fclose(t);
			files[n] = p[n];
			n++;
		}
		if (rc == 0)
			rc = bake_rows(rs, f.bakedirs[i], files, n);
		for (k = 0; k < n; k++)
			free(p[k]);
	}
	/* a Dockerfile that tooling builds is listed as the tooling says */
	for (i = 0; i < f.ndockerfiles && rc == 0; i++) {
		char *real = realpath(f.dockerfiles[i], NULL), *dir;
		struct row *r;
		int named = 0;

		for (k = 0; real != NULL && k < rs->n; k++)
			if (rs->v[k].rdf != NULL && strcmp(rs->v[k].rdf,
			    real) == 0)
				named = 1;
		free(real);
		if (named)
			continue;
		if ((dir = path_dir(f.dockerfiles[i])) == NULL ||
		    (r = rows_add(rs, dir, f.dockerfiles[i], "search",
		    NULL)) == NULL)
			rc = -1;
		else
			r->searched = 1;
		free(dir);
	}
	for (i = 0; i < rs->n && rc == 0; i++)
		if (is_containerfile(rs->v[i].dockerfile))
			rc = row_note(&rs->v[i], "%s is a Podman/Buildah build "
			    "file: reported with buildah's rules (.containerignore "
			    "first; --builder=buildah for the other commands)",
			    rs->v[i].dockerfile);
	found_free(&f);
	return rc;
}

static int
by_tar(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	uint64_t p = x->r ? x->r->tar_bytes : 0, q = y->r ? y->r->tar_bytes : 0;
	int c;

	if ((x->skip != NULL) != (y->skip != NULL))
		return x->skip ? 1 : -1;
	if (p != q)
		return p < q ? 1 : -1;
	if ((c = strcmp(x->context, y->context)) != 0)
		return c;
	return strcmp(x->dockerfile ? x->dockerfile : "",
	    y->dockerfile ? y->dockerfile : "");
}

/* The worst offender: the biggest flagged directory, else the biggest. */
static const struct ctxpack_report_dir *
offender(const struct ctxpack_report *r)
{
	if (r->nflags > 0)
		return &r->flags[0];
	return r->nlargest > 0 && r->largest[0].bytes > 0 ?
	    &r->largest[0] : NULL;
}

/* Report each row's context; 1 when one is over --max-size. */
static int
report_rows(struct options *o, struct rows *rs, struct ctxpack_cache *cache)
{
	struct progress p;
	size_t i;
	int over = 0;

	progress_start(&p, o->quiet);
	p.total = rs->n;
	for (i = 0; i < rs->n; i++) {
		struct row *it = &rs->v[i];
		struct ctxpack_report_opts ro = { 5, 2, o->large, progress_cb,
		    &p, 0 };
		struct ctxpack_ctx *ctx = NULL;
		struct options oo = *o;

		p.done = i;
		if (it->skip != NULL)
			continue;
		oo.dir = it->context;
		oo.lib.dockerfile = it->dockerfile;
		oo.lib.cache = cache;
		if (is_containerfile(it->dockerfile))
			oo.lib.builder = CTXPACK_BUILDAH;
		if (ctxpack_ctx_open(oo.dir, &oo.lib, &ctx) != CTXPACK_OK ||
		    ctxpack_report_run(ctx, &ro, &it->r) != CTXPACK_OK) {
			const struct ctxpack_diag *d = ctx ?
			    ctxpack_ctx_error(ctx) : NULL;

			progress_end(&p);
			if (d != NULL) {
				struct ctxpack_diag dd = *d;
				char m[2600];

				snprintf(m, sizeof(m), "%s (%s): %s", it->context,
				    it->sources[0], d->msg);
				dd.msg = m;
				msg_diag(&dd, NULL);
			}
			ctxpack_report_free(it->r);
			it->r = NULL;
		}
		ctxpack_ctx_free(ctx);
		if (it->r && it->r->tar_bytes > o->max_size)
			over = 1;
	}
	progress_end(&p);
	return over;
}

static void
print_json(const struct options *o, const struct rows *rs)
{
	size_t i, k;

	(void)o;
	printf("{\n  \"schema\": \"ctxpack-audit/2\",\n  \"contexts\": [");
	for (i = 0; i < rs->n; i++) {
		const struct row *it = &rs->v[i];
		const struct ctxpack_report_dir *off;

		printf("%s\n    {\"context\": ", i ? "," : "");
		fmt_json_str(stdout, it->context);
		printf(", \"dockerfile\": ");
		fmt_json_str(stdout, it->dockerfile);
		printf(", \"sources\": [");
		for (k = 0; k < it->nsources; k++) {
			printf("%s", k ? ", " : "");
			fmt_json_str(stdout, it->sources[k]);
		}
		printf("], \"notes\": [");
		for (k = 0; k < it->nnotes; k++) {
			printf("%s", k ? ", " : "");
			fmt_json_str(stdout, it->notes[k]);
		}
		printf("]");
		if (it->skip != NULL) {
			printf(", \"skipped\": ");
			fmt_json_str(stdout, it->skip);
			printf("}");
			continue;
		}
		if (it->r == NULL) {
			printf(", \"error\": true}");
			continue;
		}
		printf(", \"files\": %llu, \"bytes\": %llu, \"tar_bytes\": %llu",
		    (unsigned long long)it->r->after_files,
		    (unsigned long long)it->r->after_bytes,
		    (unsigned long long)it->r->tar_bytes);
		off = offender(it->r);
		printf(", \"top_offender\": ");
		if (off != NULL) {
			printf("{\"path\": ");
			fmt_json_str(stdout, off->path);
			printf(", \"bytes\": %llu, \"suggestion\": ",
			    (unsigned long long)off->bytes);
			if (off->suggestion)
				fmt_json_str(stdout, off->suggestion);
			else
				printf("null");
			printf("}");
		} else
			printf("null");
		printf(", \"flags\": [");
		for (k = 0; k < it->r->nflags; k++) {
			printf("%s{\"path\": ", k ? ", " : "");
			fmt_json_str(stdout, it->r->flags[k].path);
			printf(", \"reason\": \"%s\", \"bytes\": %llu, "
			    "\"suggestion\": ", fmt_flag(it->r->flags[k].flag),
			    (unsigned long long)it->r->flags[k].bytes);
			fmt_json_str(stdout, it->r->flags[k].suggestion ?
			    it->r->flags[k].suggestion : "");
			printf("}");
		}
		printf("]}");
	}
	printf(rs->n ? "\n  ]\n}\n" : "]\n}\n");
}

/* A name escaped for a person (fmt_name), as a string to pad; to free. */
static char *
esc(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		return strdup("?");
	fmt_names(f, s);
	fclose(f);
	return buf;
}

/* Text for a person (sources, notes): control bytes escaped. */
static void
text(const char *s)
{
	fmt_text(stdout, s, strlen(s));
}

/*
 * One line per row; under it, indented to the context column, the
 * sources that name it ("from") and its notes.
 */
static void
print_table(const struct options *o, const struct rows *rs)
{
	char a[32], b[32], c[32], *ctx, *df;
	size_t i, k;

	printf("%10s %9s %10s  %-24s %-28s %s\n", "tar", "files", "bytes",
	    "context", "dockerfile", "top offender / flags");
	for (i = 0; i < rs->n; i++) {
		const struct row *it = &rs->v[i];
		const struct ctxpack_report_dir *off;
		size_t nh = 0, nl = 0;

		ctx = esc(it->context);
		df = esc(it->dockerfile ? it->dockerfile : "-");
		if (it->skip != NULL || it->r == NULL) {
			printf("%10s %9s %10s  %-24s %-28s ", "-", "-", "-",
			    ctx, df);
			if (it->skip != NULL) {
				fputs("skipped: ", stdout);
				text(it->skip);
				putchar('\n');
			} else
				printf("error\n");
		} else {
			for (k = 0; k < it->r->nflags; k++) {
				if (it->r->flags[k].flag == CTXPACK_FLAG_HEAVY)
					nh++;
				else
					nl++;
			}
			off = offender(it->r);
			printf("%10s %9llu %10s  %-24s %-28s ",
			    fmt_iec(it->r->tar_bytes, a, sizeof(a)),
			    (unsigned long long)it->r->after_files,
			    fmt_iec(it->r->after_bytes, b, sizeof(b)),
			    ctx, df);
			if (off != NULL) {
				fmt_names(stdout, off->path);
				printf("/ %s", fmt_iec(off->bytes, c, sizeof(c)));
			}
			if (off != NULL && off->suggestion) {
				fputs(" (add ", stdout);
				text(off->suggestion);
				putchar(')');
			}
			if (nh)
				printf(" [%zu heavy]", nh);
			if (nl)
				printf(" [%zu large]", nl);
			if (it->r->tar_bytes > o->max_size)
				printf(" OVER %s", fmt_iec(o->max_size, c,
				    sizeof(c)));
			putchar('\n');
		}
		free(ctx);
		free(df);
		printf("%33sfrom ", "");
		for (k = 0; k < it->nsources; k++) {
			fputs(k ? "; " : "", stdout);
			text(it->sources[k]);
		}
		putchar('\n');
		for (k = 0; k < it->nnotes; k++) {
			printf("%33snote: ", "");
			text(it->notes[k]);
			putchar('\n');
		}
	}
}

int
cmd_audit(struct options *o)
{
	struct rows rs;
	struct ctxpack_cache *cache = ctxpack_cache_new();
	int over;

	if (cache == NULL)
		return EXIT_ERR;
	memset(&rs, 0, sizeof(rs));
	if (discover(&rs, o->npaths, o->paths) < 0) {
		msg_error("out of memory");
		rows_free(&rs);
		ctxpack_cache_free(cache);
		return EXIT_ERR;
	}
	over = report_rows(o, &rs, cache);
	if (rs.n > 1)
		qsort(rs.v, rs.n, sizeof(*rs.v), by_tar);
	if (o->format == FMT_JSON)
		print_json(o, &rs);
	else if (o->format == FMT_MARKDOWN)
		md_audit(stdout, o, &rs);
	else
		print_table(o, &rs);
	rows_free(&rs);
	ctxpack_cache_free(cache);
	if (msg_rc() == EXIT_ERR)
		return EXIT_ERR;
	return over ? 1 : msg_rc();
}
