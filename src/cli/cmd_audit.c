/*
 * cmd_audit.c: the audit command.  Finds every Dockerfile under the given
 * paths (Dockerfile, Dockerfile.*, *.Dockerfile, and the build: entries of
 * compose files, read with libyaml), reports each context, and prints one
 * row per context sorted by size.  All reports share one listing cache,
 * so overlapping contexts read each directory and stat each entry once.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "cli.h"

struct item {
	char			*context;	/* as shown */
	char			*dockerfile;	/* as shown, relative to cwd */
	char			*source;	/* "Dockerfile" or "FILE: service" */
	char			*realdf;	/* realpath of the Dockerfile */
	struct ctxpack_report	*r;
	int			 failed;
};

struct items {
	struct item	*v;
	size_t		 n, cap;
};

/* Directories never searched for Dockerfiles: VCS and dependency trees. */
static const char *skip_dirs[] = {
	".git", ".hg", ".svn", "node_modules", "vendor", ".venv", "venv",
	"bower_components", "__pycache__", ".tox", ".terraform", ".cache",
	".mypy_cache", ".pytest_cache"
};

static int
skip_dir(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(skip_dirs) / sizeof(skip_dirs[0]); i++)
		if (strcmp(name, skip_dirs[i]) == 0)
			return 1;
	return 0;
}

static int
ends_with(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);

	return a >= b && strcmp(s + a - b, suf) == 0;
}

static int
is_dockerfile(const char *name)
{
	if (ends_with(name, ".dockerignore"))
		return 0;
	return strcmp(name, "Dockerfile") == 0 ||
	    strncmp(name, "Dockerfile.", 11) == 0 ||
	    (ends_with(name, ".Dockerfile") && strlen(name) > 11);
}

static int
is_compose(const char *name)
{
	const char *base = NULL;

	if (strncmp(name, "docker-compose.", 15) == 0)
		base = name + 15;
	else if (strncmp(name, "compose.", 8) == 0)
		base = name + 8;
	if (base == NULL)
		return 0;
	return ends_with(base, "yml") || ends_with(base, "yaml");
}

static char *
join2(const char *a, const char *b)
{
	char *s;

	while (b[0] == '.' && b[1] == '/')
		b += 2;
	if (strcmp(b, ".") == 0 || b[0] == '\0')
		return strdup(a);
	if (strcmp(a, ".") == 0)
		return strdup(b);
	if (asprintf(&s, "%s%s%s", a, ends_with(a, "/") ? "" : "/", b) < 0)
		return NULL;
	return s;
}

static int
add_item(struct items *it, const char *context, const char *df,
    const char *source)
{
	struct item *n;
	char *real = realpath(df, NULL);
	size_t i;

	if (real == NULL) {
		msg_warning("%s: %s: %s", source, df,
		    strerror(errno));
		return 0;
	}
	for (i = 0; i < it->n; i++)
		if (strcmp(it->v[i].realdf, real) == 0) {
			char *rc = realpath(context, NULL), *ic =
			    realpath(it->v[i].context, NULL);
			int same = rc && ic && strcmp(rc, ic) == 0;

			free(rc);
			free(ic);
			if (same) {
				free(real);
				return 0;
			}
		}
	if (it->n == it->cap) {
		size_t nc = it->cap ? it->cap * 2 : 16;

		if ((n = realloc(it->v, nc * sizeof(*n))) == NULL) {
			free(real);
			return -1;
		}
		it->v = n;
		it->cap = nc;
	}
	n = &it->v[it->n++];
	memset(n, 0, sizeof(*n));
	n->context = strdup(context);
	n->dockerfile = strdup(df);
	n->source = strdup(source);
	n->realdf = real;
	return 0;
}

/* A YAML mapping's value for key, or NULL. */
static yaml_node_t *
map_get(yaml_document_t *doc, yaml_node_t *map, const char *key)
{
	yaml_node_pair_t *p;

	if (map == NULL || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
	    p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);

		if (k != NULL && k->type == YAML_SCALAR_NODE &&
		    strcmp((char *)k->data.scalar.value, key) == 0)
			return yaml_document_get_node(doc, p->value);
	}
	return NULL;
}

static const char *
scalar(yaml_node_t *n)
{
	return n != NULL && n->type == YAML_SCALAR_NODE ?
	    (const char *)n->data.scalar.value : NULL;
}

/* services.*.build: "ctx" or {context, dockerfile}, relative to dir. */
static int
read_compose(struct items *it, const char *path, const char *dir)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_node_t *root, *services;
	yaml_node_pair_t *p;
	FILE *f;
	int rc = 0;

	if ((f = fopen(path, "r")) == NULL) {
		msg_warning("%s: %s", path, strerror(errno));
		return 0;
	}
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	if (!yaml_parser_load(&parser, &doc)) {
		struct ctxpack_diag d;
		char m[512];

		memset(&d, 0, sizeof(d));
		snprintf(m, sizeof(m), "YAML: %s", parser.problem ?
		    parser.problem : "parse error");
		d.level = CTXPACK_LEVEL_WARNING;
		d.file = path;
		d.line = (unsigned)parser.problem_mark.line + 1;
		d.col = (unsigned)parser.problem_mark.column + 1;
		d.msg = m;
		msg_diag(&d, NULL);
		yaml_parser_delete(&parser);
		fclose(f);
		return 0;
	}
	root = yaml_document_get_root_node(&doc);
	services = map_get(&doc, root, "services");
	if (services != NULL && services->type == YAML_MAPPING_NODE) {
		for (p = services->data.mapping.pairs.start;
		    p < services->data.mapping.pairs.top && rc == 0; p++) {
			yaml_node_t *name = yaml_document_get_node(&doc, p->key);
			yaml_node_t *svc = yaml_document_get_node(&doc, p->value);
			yaml_node_t *build = map_get(&doc, svc, "build");
			const char *ctx = NULL, *df = NULL;
			char *cdir, *dfp, *src;

			if (build == NULL)
				continue;
			if (build->type == YAML_SCALAR_NODE)
				ctx = scalar(build);
			else {
				ctx = scalar(map_get(&doc, build, "context"));
				df = scalar(map_get(&doc, build, "dockerfile"));
				if (map_get(&doc, build, "dockerfile_inline"))
					continue;
			}
			if (ctx == NULL)
				ctx = ".";
			if (strstr(ctx, "://") != NULL ||
			    strncmp(ctx, "git@", 4) == 0)
				continue;	/* a remote context */
			cdir = ctx[0] == '/' ? strdup(ctx) : join2(dir, ctx);
			if (df == NULL)
				df = "Dockerfile";
			dfp = df[0] == '/' ? strdup(df) : join2(cdir ? cdir :
			    ".", df);
			if (asprintf(&src, "%s: %s", path,
			    scalar(name) ? scalar(name) : "?") < 0)
				src = NULL;
			if (cdir == NULL || dfp == NULL || src == NULL)
				rc = -1;
			else
				rc = add_item(it, cdir, dfp, src);
			free(cdir);
			free(dfp);
			free(src);
		}
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	fclose(f);
	return rc;
}

static int
namecmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Find Dockerfiles and compose files under dir, depth first, sorted. */
static int
search(struct items *dfs, struct items *composed, const char *dir)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int rc = 0;

	if ((d = opendir(dir)) == NULL) {
		msg_warning("%s: %s", dir, strerror(errno));
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (n == cap) {
			char **nn = realloc(names, (cap = cap ? cap * 2 : 32) *
			    sizeof(*nn));

			if (nn == NULL) {
				rc = -1;
				break;
			}
			names = nn;
		}
		if ((names[n] = strdup(de->d_name)) == NULL) {
			rc = -1;
			break;
		}
		n++;
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), namecmp);
	/* compose files first: their contexts win over the plain rows */
	for (i = 0; i < n && rc == 0; i++)
		if (is_compose(names[i])) {
			char *p = join2(dir, names[i]);
			struct stat st;

			if (p != NULL && lstat(p, &st) == 0 && S_ISREG(st.st_mode))
				rc = read_compose(composed, p, dir);
			free(p);
		}
	for (i = 0; i < n && rc == 0; i++) {
		char *p = join2(dir, names[i]);
		struct stat st;

		if (p == NULL || lstat(p, &st) < 0) {
			free(p);
			continue;
		}
		if (S_ISREG(st.st_mode) && is_dockerfile(names[i]))
			rc = add_item(dfs, dir, p, "Dockerfile");
		else if (S_ISDIR(st.st_mode) && !skip_dir(names[i]))
			rc = search(dfs, composed, p);
		free(p);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

static int
by_tar(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	uint64_t p = x->r ? x->r->tar_bytes : 0, q = y->r ? y->r->tar_bytes : 0;

	return p < q ? 1 : p > q ? -1 : strcmp(x->context, y->context);
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

int
cmd_audit(struct options *o)
{
	struct items dfs = { 0 }, composed = { 0 }, *all;
	struct ctxpack_cache *cache = ctxpack_cache_new();
	char a[32], b[32], c[32];
	size_t i, k;
	int over = 0, rc = 0, j;

	if (cache == NULL)
		return EXIT_ERR;
	for (j = 0; j < (o->npaths ? o->npaths : 1) && rc == 0; j++)
		rc = search(&dfs, &composed, o->npaths ? o->paths[j] : ".");
	if (rc < 0) {
		msg_error("out of memory");
		return EXIT_ERR;
	}
	/* a Dockerfile a compose file builds is listed with its context */
	all = &composed;
	for (i = 0; i < dfs.n; i++) {
		int dup = 0;

		for (k = 0; k < composed.n; k++)
			if (strcmp(dfs.v[i].realdf, composed.v[k].realdf) == 0)
				dup = 1;
		if (!dup && add_item(all, dfs.v[i].context, dfs.v[i].dockerfile,
		    dfs.v[i].source) < 0)
			return EXIT_ERR;
	}
	for (i = 0; i < all->n; i++) {
		struct item *it = &all->v[i];
		struct ctxpack_report_opts ro = { 5, 2, o->large, NULL, NULL };
		struct ctxpack_ctx *ctx;
		struct options oo = *o;

		oo.dir = it->context;
		oo.lib.dockerfile = it->dockerfile;
		oo.lib.cache = cache;
		if (ctxpack_ctx_open(oo.dir, &oo.lib, &ctx) != CTXPACK_OK ||
		    ctxpack_report_run(ctx, &ro, &it->r) != CTXPACK_OK) {
			const struct ctxpack_diag *d = ctx ?
			    ctxpack_ctx_error(ctx) : NULL;

			if (d != NULL) {
				struct ctxpack_diag dd = *d;
				char m[2600];

				snprintf(m, sizeof(m), "%s (%s): %s", it->context,
				    it->source, d->msg);
				dd.msg = m;
				msg_diag(&dd, NULL);
			}
			it->failed = 1;
		}
		ctxpack_ctx_free(ctx);
		if (it->r && it->r->tar_bytes > o->max_size)
			over = 1;
	}
	if (all->n > 1)
		qsort(all->v, all->n, sizeof(*all->v), by_tar);
	if (o->json) {
		printf("{\n  \"schema\": \"ctxpack-audit/1\",\n  \"contexts\": [");
		for (i = 0; i < all->n; i++) {
			const struct item *it = &all->v[i];
			const struct ctxpack_report_dir *off;

			printf("%s\n    {\"context\": ", i ? "," : "");
			fmt_json_str(stdout, it->context);
			printf(", \"dockerfile\": ");
			fmt_json_str(stdout, it->dockerfile);
			printf(", \"source\": ");
			fmt_json_str(stdout, it->source);
			if (it->r == NULL) {
				printf(", \"error\": true}");
				continue;
			}
			printf(", \"files\": %llu, \"bytes\": %llu, "
			    "\"tar_bytes\": %llu",
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
				    "\"suggestion\": ", it->r->flags[k].reason,
				    (unsigned long long)it->r->flags[k].bytes);
				fmt_json_str(stdout, it->r->flags[k].suggestion ?
				    it->r->flags[k].suggestion : "");
				printf("}");
			}
			printf("]}");
		}
		printf(all->n ? "\n  ]\n}\n" : "]\n}\n");
	} else {
		printf("%10s %9s %10s  %-24s %-28s %s\n", "tar", "files", "bytes",
		    "context", "dockerfile", "top offender / flags");
		for (i = 0; i < all->n; i++) {
			const struct item *it = &all->v[i];
			const struct ctxpack_report_dir *off;
			size_t nh = 0, nl = 0;

			if (it->r == NULL) {
				printf("%10s %9s %10s  %-24s %-28s %s\n", "-", "-",
				    "-", it->context, it->dockerfile, "error");
				continue;
			}
			for (k = 0; k < it->r->nflags; k++) {
				if (strcmp(it->r->flags[k].reason, "heavy") == 0)
					nh++;
				else
					nl++;
			}
			off = offender(it->r);
			printf("%10s %9llu %10s  %-24s %-28s ",
			    fmt_iec(it->r->tar_bytes, a, sizeof(a)),
			    (unsigned long long)it->r->after_files,
			    fmt_iec(it->r->after_bytes, b, sizeof(b)),
			    it->context, it->dockerfile);
			if (off != NULL)
				printf("%s/ %s", off->path,
				    fmt_iec(off->bytes, c, sizeof(c)));
			if (off != NULL && off->suggestion)
				printf(" (add %s)", off->suggestion);
			if (nh)
				printf(" [%zu heavy]", nh);
			if (nl)
				printf(" [%zu large]", nl);
			if (it->r->tar_bytes > o->max_size)
				printf(" OVER %s", fmt_iec(o->max_size, c,
				    sizeof(c)));
			putchar('\n');
		}
	}
	for (i = 0; i < all->n; i++) {
		ctxpack_report_free(all->v[i].r);
		free(all->v[i].context);
		free(all->v[i].dockerfile);
		free(all->v[i].source);
		free(all->v[i].realdf);
	}
	for (i = 0; i < dfs.n; i++) {
		free(dfs.v[i].context);
		free(dfs.v[i].dockerfile);
		free(dfs.v[i].source);
		free(dfs.v[i].realdf);
	}
	free(dfs.v);
	free(all->v);
	ctxpack_cache_free(cache);
	fflush(stdout);
	if (msg_rc() == EXIT_ERR)
		return EXIT_ERR;
	return over ? 1 : msg_rc();
}
