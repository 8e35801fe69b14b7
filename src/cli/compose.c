/*
 * compose.c: the build contexts of a compose file, as Compose resolves
 * them (compose-spec build, include, extends): build: as a string (the
 * context) or a map (context, dockerfile relative to the context,
 * dockerfile_inline, additional_contexts); relative paths against the
 * project directory; include: entries loaded as projects of their own;
 * extends: a service of this or another file, whose relative paths stay
 * relative to the file that declares them.  YAML anchors are resolved by
 * libyaml, merge keys (<<) here.
 *
 * The project directory is the directory of the first compose file of the
 * project.  audit does not know how a file is invoked, so a file's own
 * directory is taken, unless a relative context is missing there and
 * exists under the nearest enclosing directory that holds a compose file
 * of Compose's default names: then that directory is the project's (a
 * fragment passed with -f after a base file, as authelia's suites are).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "audit.h"

#define MAX_DEPTH	16

struct cfile {
	yaml_document_t	 doc;
	char		*path;
	int		 ok;
};

struct cload {
	struct cfile	**files;	/* each allocated: they must not move */
	size_t		 n;
	char		**owned;	/* keys of list-form additional_contexts */
	size_t		 nowned;
};

/* A build: section once extends are applied; each path with its base. */
struct cbuild {
	const char	*ctx;		/* NULL: "." */
	char		*ctxdir;	/* what ctx is relative to */
	const char	*df;
	int		 inline_df;
	struct {
		const char	*k, *v;
		char		*dir;
	}		*addl;
	size_t		 naddl;
	int		 any;
};

static void
cbuild_free(struct cbuild *b)
{
	size_t i;

	free(b->ctxdir);
	for (i = 0; i < b->naddl; i++)
		free(b->addl[i].dir);
	free(b->addl);
	memset(b, 0, sizeof(*b));
}

/* ----------------------------------------------------------------- YAML */

static yaml_node_t *
node(yaml_document_t *d, int i)
{
	return yaml_document_get_node(d, i);
}

static const char *
scalar(yaml_node_t *n)
{
	return n != NULL && n->type == YAML_SCALAR_NODE ?
	    (const char *)n->data.scalar.value : NULL;
}

/* A mapping's value for KEY, following merge keys (<<: *x, <<: [*a, *b]). */
static yaml_node_t *
map_get_d(yaml_document_t *d, yaml_node_t *m, const char *key, int depth)
{
	yaml_node_pair_t *p;
	yaml_node_t *r;

	if (m == NULL || m->type != YAML_MAPPING_NODE || depth > MAX_DEPTH)
		return NULL;
	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top;
	    p++) {
		const char *k = scalar(node(d, p->key));

		if (k != NULL && strcmp(k, key) == 0)
			return node(d, p->value);
	}
	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top;
	    p++) {
		const char *k = scalar(node(d, p->key));
		yaml_node_t *v = node(d, p->value);

		if (k == NULL || strcmp(k, "<<") != 0 || v == NULL)
			continue;
		if (v->type == YAML_MAPPING_NODE) {
			if ((r = map_get_d(d, v, key, depth + 1)) != NULL)
				return r;
		} else if (v->type == YAML_SEQUENCE_NODE) {
			yaml_node_item_t *it;

			for (it = v->data.sequence.items.start;
			    it < v->data.sequence.items.top; it++)
				if ((r = map_get_d(d, node(d, *it), key,
				    depth + 1)) != NULL)
					return r;
		}
	}
	return NULL;
}

static yaml_node_t *
map_get(yaml_document_t *d, yaml_node_t *m, const char *key)
{
	return map_get_d(d, m, key, 0);
}

static void
yaml_warn(const char *path, yaml_parser_t *p)
{
	struct ctxpack_diag dg;
	char m[512];

	memset(&dg, 0, sizeof(dg));
	snprintf(m, sizeof(m), "YAML: %s", p->problem ? p->problem :
	    "parse error");
	dg.level = CTXPACK_LEVEL_WARNING;
	dg.file = path;
	dg.line = (unsigned)p->problem_mark.line + 1;
	dg.col = (unsigned)p->problem_mark.column + 1;
	dg.msg = m;
	msg_diag(&dg, NULL);
}

/* Load PATH once per audit; NULL if it cannot be read or parsed. */
static struct cfile *
load(struct cload *cl, const char *path, int warn)
{
	yaml_parser_t parser;
	struct cfile *cf, **nv;
	FILE *f;
	size_t i;

	for (i = 0; i < cl->n; i++)
		if (strcmp(cl->files[i]->path, path) == 0)
			return cl->files[i]->ok ? cl->files[i] : NULL;
	if ((nv = realloc(cl->files, (cl->n + 1) * sizeof(*nv))) == NULL)
		return NULL;
	cl->files = nv;
	if ((cf = calloc(1, sizeof(*cf))) == NULL)
		return NULL;
	cl->files[cl->n++] = cf;
	if ((cf->path = strdup(path)) == NULL)
		return NULL;
	if ((f = fopen(path, "r")) == NULL) {
		if (warn)
			msg_warning("%s: %s", path,
			    strerror(errno));
		return NULL;
	}
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	if (!yaml_parser_load(&parser, &cf->doc)) {
		if (warn)
			yaml_warn(path, &parser);
		yaml_parser_delete(&parser);
		fclose(f);
		return NULL;
	}
	yaml_parser_delete(&parser);
	fclose(f);
	cf->ok = 1;
	return cf;
}

static void
unload(struct cload *cl)
{
	size_t i;

	for (i = 0; i < cl->n; i++) {
		if (cl->files[i]->ok)
			yaml_document_delete(&cl->files[i]->doc);
		free(cl->files[i]->path);
		free(cl->files[i]);
	}
	free(cl->files);
	for (i = 0; i < cl->nowned; i++)
		free(cl->owned[i]);
	free(cl->owned);
}

/* ---------------------------------------------------------------- builds */

static int
addl_add(struct cbuild *b, const char *k, const char *v, const char *dir)
{
	size_t i;
	void *nv;

	for (i = 0; i < b->naddl; i++)
		if (strcmp(b->addl[i].k, k) == 0)
			break;
	if (i == b->naddl) {
		if ((nv = realloc(b->addl, (b->naddl + 1) *
		    sizeof(*b->addl))) == NULL)
			return -1;
		b->addl = nv;
		b->naddl++;
	} else
		free(b->addl[i].dir);
	b->addl[i].k = k;
	b->addl[i].v = v;
	if ((b->addl[i].dir = strdup(dir)) == NULL)
		return -1;
	return 0;
}

/* Lay the build: node of one service over B; paths relative to DIR. */
static int
overlay(struct cload *cl, yaml_document_t *d, yaml_node_t *build,
    const char *dir, struct cbuild *b)
{
	yaml_node_t *n;
	const char *s;

	if (build == NULL)
		return 0;
	b->any = 1;
	if (build->type == YAML_SCALAR_NODE) {
		b->ctx = scalar(build);
		free(b->ctxdir);
		return (b->ctxdir = strdup(dir)) ? 0 : -1;
	}
	if (build->type != YAML_MAPPING_NODE)
		return 0;
	if ((s = scalar(map_get(d, build, "context"))) != NULL) {
		b->ctx = s;
		free(b->ctxdir);
		if ((b->ctxdir = strdup(dir)) == NULL)
			return -1;
	}
	if ((s = scalar(map_get(d, build, "dockerfile"))) != NULL) {
		b->df = s;
		b->inline_df = 0;
	}
	if (map_get(d, build, "dockerfile_inline") != NULL) {
		b->inline_df = 1;
		b->df = NULL;
	}
	if ((n = map_get(d, build, "additional_contexts")) != NULL) {
		if (n->type == YAML_MAPPING_NODE) {
			yaml_node_pair_t *p;

			for (p = n->data.mapping.pairs.start;
			    p < n->data.mapping.pairs.top; p++) {
				const char *k = scalar(node(d, p->key));
				const char *v = scalar(node(d, p->value));

				if (k != NULL && v != NULL &&
				    addl_add(b, k, v, dir) < 0)
					return -1;
			}
		} else if (n->type == YAML_SEQUENCE_NODE) {
			yaml_node_item_t *it;

			for (it = n->data.sequence.items.start;
			    it < n->data.sequence.items.top; it++) {
				const char *kv = scalar(node(d, *it));
				const char *eq = kv ? strchr(kv, '=') : NULL;
				char *k, **no;

				if (eq == NULL)
					continue;
				/* the key lives as long as the documents */
				if ((no = realloc(cl->owned, (cl->nowned + 1) *
				    sizeof(*no))) == NULL)
					return -1;
				cl->owned = no;
				if ((k = strndup(kv, (size_t)(eq - kv))) == NULL)
					return -1;
				cl->owned[cl->nowned++] = k;
				if (addl_add(b, k, eq + 1, dir) < 0)
					return -1;
			}
		}
	}
	return 0;
}

static int service_build(struct cload *, struct cfile *, const char *,
    const char *, struct cbuild *, int);

/* extends: a service of this file or of another (file: relative to DIR). */
static int
extends(struct cload *cl, struct cfile *cf, yaml_node_t *svc, const char *dir,
    struct cbuild *b, int depth)
{
	yaml_document_t *d = &cf->doc;
	yaml_node_t *ex = map_get(d, svc, "extends");
	const char *name, *file;
	struct cfile *bf = cf;
	char *bdir = NULL, *bpath = NULL;
	int rc;

	if (ex == NULL)
		return 0;
	if ((name = scalar(ex)) != NULL)
		file = NULL;
	else {
		name = scalar(map_get(d, ex, "service"));
		file = scalar(map_get(d, ex, "file"));
	}
	if (name == NULL)
		return 0;
	if (file != NULL) {
		if ((bpath = path_join(dir, file)) == NULL)
			return -1;
		if ((bf = load(cl, bpath, 1)) == NULL) {
			free(bpath);
			return 0;
		}
		bdir = path_dir(bpath);
		free(bpath);
	} else
		bdir = strdup(dir);
	if (bdir == NULL)
		return -1;
	rc = service_build(cl, bf, name, bdir, b, depth + 1);
	free(bdir);
	return rc;
}

/* The build of service NAME of CF, its own paths relative to DIR. */
static int
service_build(struct cload *cl, struct cfile *cf, const char *name,
    const char *dir, struct cbuild *b, int depth)
{
	yaml_document_t *d = &cf->doc;
	yaml_node_t *svc = map_get(d, map_get(d,
	    yaml_document_get_root_node(d), "services"), name);

	if (svc == NULL || depth > MAX_DEPTH)
		return 0;
	if (extends(cl, cf, svc, dir, b, depth) < 0)
		return -1;
	return overlay(cl, d, map_get(d, svc, "build"), dir, b);
}

/* ----------------------------------------------------------------- rows */

static int
exists(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0;
}

/*
 * The directory a relative context of FILE resolves against: DIR itself,
 * or the nearest enclosing directory with a default-named compose file
 * under which CTX exists when it does not under DIR.
 */
static char *
project_dir(const char *dir, const char *ctx, int own_project)
{
	static const char *names[] = {
		"compose.yaml", "compose.yml", "docker-compose.yaml",
		"docker-compose.yml"
	};
	char *p = path_join(dir, ctx), *up, *cur;
	size_t i;

	if (p == NULL)
		return NULL;
	if (exists(p) || ctx[0] == '/' || own_project) {
		free(p);
		return strdup(dir);
	}
	free(p);
	if ((cur = strdup(dir)) == NULL)
		return NULL;
	for (;;) {
		if ((up = path_join(cur, "..")) == NULL)
			break;
		free(cur);
		cur = up;
		if (strcmp(cur, "/") == 0 || strncmp(cur, "..", 2) == 0)
			break;
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			char *c = path_join(cur, names[i]), *t;
			int ok = c && exists(c);

			free(c);
			if (!ok)
				continue;
			t = path_join(cur, ctx);
			ok = t && exists(t);
			free(t);
			if (ok)
				return cur;
		}
		if (strcmp(cur, ".") == 0)
			break;
	}
	free(cur);
	return strdup(dir);
}

/* The rows of one service. */
static int
service_rows(struct rows *rs, const char *file, const char *name,
    struct cbuild *b, const char *projnote, int own_project)
{
	const char *ctx = b->ctx ? b->ctx : ".";
	char *src = NULL, *pd = NULL, *cdir = NULL, *df = NULL;
	struct row *r;
	size_t i;
	int rc = -1;

	if (is_remote(ctx)) {
		if (asprintf(&src, "%s: service %s", file, name) < 0)
			return -1;
		r = rows_add(rs, ctx, NULL, src, "remote context");
		free(src);
		return r ? 0 : -1;
	}
	if ((pd = project_dir(b->ctxdir, ctx, own_project)) == NULL)
		return -1;
	if (strcmp(pd, b->ctxdir) != 0 || projnote != NULL) {
		if (asprintf(&src, "%s: service %s (project directory %s)",
		    file, name, projnote ? projnote : pd) < 0)
			goto out;
	} else if (asprintf(&src, "%s: service %s", file, name) < 0)
		goto out;
	if ((cdir = path_join(pd, ctx)) == NULL)
		goto out;
	if (!b->inline_df && (df = path_join(cdir, b->df ? b->df :
	    "Dockerfile")) == NULL)
		goto out;
	if ((r = rows_add(rs, cdir, df, src, NULL)) == NULL)
		goto out;
	if (b->inline_df && row_note(r, "%s: service %s: dockerfile_inline: "
	    "no Dockerfile file to read", file, name) < 0)
		goto out;
	for (i = 0; i < b->naddl; i++) {
		const char *v = b->addl[i].v;
		char *p, *s2;
		struct row *a;

		if (strncmp(v, "service:", 8) == 0 || is_remote(v)) {
			if (row_note(r, "%s: service %s: additional context "
			    "%s = %s: %s, skipped", file, name, b->addl[i].k, v,
			    strncmp(v, "service:", 8) == 0 ? "another "
			    "service's image" : strncmp(v, "docker-image://",
			    15) == 0 ? "an image" : "not a local directory") < 0)
				goto out;
			continue;
		}
		if ((p = path_join(strcmp(b->addl[i].dir, b->ctxdir) == 0 ?
		    pd : b->addl[i].dir, v)) == NULL)
			goto out;
		if (asprintf(&s2, "%s: service %s (additional context %s)",
		    file, name, b->addl[i].k) < 0) {
			free(p);
			goto out;
		}
		a = rows_add(rs, p, NULL, s2, NULL);
		free(p);
		free(s2);
		if (a == NULL)
			goto out;
	}
	rc = 0;
out:
	free(src);
	free(pd);
	free(cdir);
	free(df);
	return rc;
}

static int read_project(struct rows *, struct cload *, const char *file,
    const char *projdir, const char *projnote, int own, int depth);

/* include: [path | {path: p | [p...], project_directory: d}] */
static int
includes(struct rows *rs, struct cload *cl, struct cfile *cf,
    const char *projdir, int depth)
{
	yaml_document_t *d = &cf->doc;
	yaml_node_t *inc = map_get(d, yaml_document_get_root_node(d),
	    "include");
	yaml_node_item_t *it;
	int rc = 0;

	if (inc == NULL || inc->type != YAML_SEQUENCE_NODE)
		return 0;
	for (it = inc->data.sequence.items.start;
	    it < inc->data.sequence.items.top && rc == 0; it++) {
		yaml_node_t *e = node(d, *it), *pn;
		const char *paths[64], *pdir = NULL;
		size_t np = 0, i;
		char *first = NULL, *ipd;

		if (scalar(e) != NULL)
			paths[np++] = scalar(e);
		else if ((pn = map_get(d, e, "path")) != NULL) {
			pdir = scalar(map_get(d, e, "project_directory"));
			if (scalar(pn) != NULL)
				paths[np++] = scalar(pn);
			else if (pn->type == YAML_SEQUENCE_NODE) {
				yaml_node_item_t *j;

				for (j = pn->data.sequence.items.start;
				    j < pn->data.sequence.items.top && np < 64;
				    j++)
					if (scalar(node(d, *j)) != NULL)
						paths[np++] = scalar(node(d, *j));
			}
		}
		if (np == 0)
			continue;
		if ((first = path_join(projdir, paths[0])) == NULL)
			return -1;
		ipd = pdir ? path_join(projdir, pdir) : path_dir(first);
		free(first);
		if (ipd == NULL)
			return -1;
		for (i = 0; i < np && rc == 0; i++) {
			char *p = path_join(projdir, paths[i]);

			if (p == NULL) {
				rc = -1;
				break;
			}
			rc = read_project(rs, cl, p, ipd, pdir ? ipd : NULL, 1,
			    depth + 1);
			free(p);
		}
		free(ipd);
	}
	return rc;
}

/*
 * Every service with a build of FILE, relative paths against PROJDIR
 * (OWN: PROJDIR is known, do not look for an enclosing project).
 */
static int
read_project(struct rows *rs, struct cload *cl, const char *file,
    const char *projdir, const char *projnote, int own, int depth)
{
	struct cfile *cf;
	yaml_document_t *d;
	yaml_node_t *services;
	yaml_node_pair_t *p;
	int rc = 0;

	if (depth > MAX_DEPTH)
		return 0;
	if ((cf = load(cl, file, 1)) == NULL)
		return 0;
	d = &cf->doc;
	services = map_get(d, yaml_document_get_root_node(d), "services");
	if (services != NULL && services->type == YAML_MAPPING_NODE)
		for (p = services->data.mapping.pairs.start;
		    p < services->data.mapping.pairs.top && rc == 0; p++) {
			const char *name = scalar(node(d, p->key));
			struct cbuild b;

			if (name == NULL || strcmp(name, "<<") == 0)
				continue;
			memset(&b, 0, sizeof(b));
			/* extends: relative to this file's project dir; the
			 * extended file's own paths to its directory */
			rc = service_build(cl, cf, name, projdir, &b, 0);
			if (rc == 0 && b.any)
				rc = service_rows(rs, file, name, &b, projnote,
				    own);
			cbuild_free(&b);
		}
	if (rc == 0)
		rc = includes(rs, cl, cf, projdir, depth);
	return rc;
}

static struct cload loaded;

int
compose_read(struct rows *rs, const char *file, int is_default)
{
	char *dir = path_dir(file);
	int rc;

	if (dir == NULL)
		return -1;
	if (!is_default) {
		/* other YAML: compose only if services: holds a build: */
		struct cfile *cf = load(&loaded, file, 0);
		yaml_node_t *s;
		yaml_node_pair_t *p;
		int any = 0;

		if (cf == NULL) {
			free(dir);
			return 0;
		}
		s = map_get(&cf->doc, yaml_document_get_root_node(&cf->doc),
		    "services");
		if (s != NULL && s->type == YAML_MAPPING_NODE)
			for (p = s->data.mapping.pairs.start;
			    p < s->data.mapping.pairs.top; p++)
				if (map_get(&cf->doc, node(&cf->doc, p->value),
				    "build") != NULL)
					any = 1;
		if (!any) {
			free(dir);
			return 0;
		}
	}
	rc = read_project(rs, &loaded, file, dir, NULL, 0, 0);
	free(dir);
	return rc;
}

void
compose_done(void)
{
	unload(&loaded);
	memset(&loaded, 0, sizeof(loaded));
}
