/*
 * audit_find.c: audit's search of the tree (Dockerfiles by name and
 * content, compose and other YAML files, directories with bake files),
 * its path helpers, and the list of rows (one per Dockerfile + context
 * pair, with every source that names it).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit.h"
#include "bake.h"

/* ----------------------------------------------------------------- paths */

char *
path_clean(const char *p)
{
	size_t n = strlen(p), i = 0, o = 0, dotdot;
	int rooted = p[0] == '/';
	char *out = malloc(n + 2);

	if (out == NULL)
		return NULL;
	if (rooted) {
		out[o++] = '/';
		i = 1;
	}
	dotdot = o;
	while (i < n) {
		if (p[i] == '/')
			i++;
		else if (p[i] == '.' && (i + 1 == n || p[i + 1] == '/'))
			i++;
		else if (p[i] == '.' && p[i + 1] == '.' && (i + 2 == n ||
		    p[i + 2] == '/')) {
			i += 2;
			if (o > dotdot) {
				o--;
				while (o > dotdot && out[o] != '/')
					o--;
			} else if (!rooted) {
				if (o > 0)
					out[o++] = '/';
				out[o++] = '.';
				out[o++] = '.';
				dotdot = o;
			}
		} else {
			if ((rooted && o != 1) || (!rooted && o != 0))
				out[o++] = '/';
			for (; i < n && p[i] != '/'; i++)
				out[o++] = p[i];
		}
	}
	if (o == 0)
		out[o++] = '.';
	out[o] = '\0';
	return out;
}

char *
path_join(const char *dir, const char *rel)
{
	char *s, *c;

	if (rel[0] == '/')
		return path_clean(rel);
	if (asprintf(&s, "%s/%s", dir, rel) < 0)
		return NULL;
	c = path_clean(s);
	free(s);
	return c;
}

char *
path_dir(const char *p)
{
	const char *sl = strrchr(p, '/');

	if (sl == NULL)
		return strdup(".");
	if (sl == p)
		return strdup("/");
	return strndup(p, (size_t)(sl - p));
}

int
is_remote(const char *s)
{
	return strstr(s, "://") != NULL || strncmp(s, "git@", 4) == 0 ||
	    strncmp(s, "github.com/", 11) == 0;
}

/* ------------------------------------------------------------------ rows */

static int
push(char ***v, size_t *n, const char *s)
{
	char **nv;
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*v)[i], s) == 0)
			return 0;
	if ((nv = realloc(*v, (*n + 1) * sizeof(*nv))) == NULL)
		return -1;
	*v = nv;
	if ((nv[*n] = strdup(s)) == NULL)
		return -1;
	(*n)++;
	return 0;
}

static int
same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

struct row *
rows_add(struct rows *rs, const char *context, const char *dockerfile,
    const char *source, const char *skip)
{
	char *rc = NULL, *rd = NULL;
	struct row *r;
	size_t i;

	if (skip == NULL) {
		rc = realpath(context, NULL);
		if (dockerfile != NULL)
			rd = realpath(dockerfile, NULL);
	}
	for (i = 0; i < rs->n; i++) {
		r = &rs->v[i];
		if (!same(r->skip, skip))
			continue;
		if (rc != NULL && r->rctx != NULL ? strcmp(rc, r->rctx) != 0 :
		    strcmp(context, r->context) != 0)
			continue;
		if (dockerfile == NULL || r->dockerfile == NULL) {
			if (dockerfile != r->dockerfile)
				continue;
		} else if (rd != NULL && r->rdf != NULL ? strcmp(rd, r->rdf) !=
		    0 : strcmp(dockerfile, r->dockerfile) != 0)
			continue;
		free(rc);
		free(rd);
		return push(&r->sources, &r->nsources, source) < 0 ? NULL : r;
	}
	if (rs->n == rs->cap) {
		size_t nc = rs->cap ? rs->cap * 2 : 16;
		struct row *nv = realloc(rs->v, nc * sizeof(*nv));

		if (nv == NULL) {
			free(rc);
			free(rd);
			return NULL;
		}
		rs->v = nv;
		rs->cap = nc;
	}
	r = &rs->v[rs->n++];
	memset(r, 0, sizeof(*r));
	r->context = strdup(context);
	r->dockerfile = dockerfile ? strdup(dockerfile) : NULL;
	r->skip = skip ? strdup(skip) : NULL;
	r->rctx = rc;
	r->rdf = rd;
	if (r->context == NULL || (dockerfile && r->dockerfile == NULL) ||
	    (skip && r->skip == NULL) ||
	    push(&r->sources, &r->nsources, source) < 0)
		return NULL;
	return r;
}

int
row_note(struct row *r, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int rc;

	va_start(ap, fmt);
	rc = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (rc < 0)
		return -1;
	rc = push(&r->notes, &r->nnotes, s);
	free(s);
	return rc;
}

void
rows_free(struct rows *rs)
{
	size_t i, k;

	for (i = 0; i < rs->n; i++) {
		struct row *r = &rs->v[i];

		for (k = 0; k < r->nsources; k++)
			free(r->sources[k]);
		for (k = 0; k < r->nnotes; k++)
			free(r->notes[k]);
		free(r->sources);
		free(r->notes);
		free(r->context);
		free(r->dockerfile);
		free(r->skip);
		free(r->rctx);
		free(r->rdf);
		ctxpack_report_free(r->r);
	}
	free(rs->v);
	memset(rs, 0, sizeof(*rs));
}

/* ----------------------------------------------------------------- names */

static int
iends(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);

	return a > b && strcasecmp(s + a - b, suf) == 0;
}

/*
 * Dockerfile, Dockerfile.*, *.Dockerfile and the same for Containerfile,
 * in any case; not their ignore files.  The content decides the rest.
 */
int
dockerfile_name(const char *n)
{
	static const char *base[] = { "dockerfile", "containerfile" };
	size_t i, l;

	if (iends(n, ".dockerignore") || iends(n, ".containerignore"))
		return 0;
	for (i = 0; i < 2; i++) {
		l = strlen(base[i]);
		if (strncasecmp(n, base[i], l) == 0 && (n[l] == '\0' ||
		    (n[l] == '.' && n[l + 1] != '\0')))
			return 1;
		if (strlen(n) > l + 1 && n[strlen(n) - l - 1] == '.' &&
		    strcasecmp(n + strlen(n) - l, base[i]) == 0)
			return 1;
	}
	return 0;
}

/*
 * A build file starts (after a BOM, blank lines, comments and parser
 * directives, which are comments) with FROM or ARG, in any case.  Only
 * the first 8 KiB are read.
 */
int
dockerfile_content(const char *path)
{
	char buf[8192];
	ssize_t n;
	size_t i = 0, len;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n <= 0)
		return 0;
	len = (size_t)n;
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len) {
		while (i < len && (buf[i] == ' ' || buf[i] == '\t' ||
		    buf[i] == '\r' || buf[i] == '\n'))
			i++;
		if (i < len && buf[i] == '#') {
			while (i < len && buf[i] != '\n')
				i++;
			continue;
		}
		if (i + 4 <= len && strncasecmp(buf + i, "FROM", 4) == 0 &&
		    (i + 4 == len || isspace((unsigned char)buf[i + 4])))
			return 1;
		if (i + 3 <= len && strncasecmp(buf + i, "ARG", 3) == 0 &&
		    (i + 3 == len || isspace((unsigned char)buf[i + 3])))
			return 1;
		return 0;
	}
	return 0;
}

/* compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml and
 * their .override variants: the names Compose finds by itself. */
int
compose_default_name(const char *n)
{
	static const char *names[] = {
		"compose.yaml", "compose.yml", "docker-compose.yaml",
		"docker-compose.yml", "compose.override.yaml",
		"compose.override.yml", "docker-compose.override.yaml",
		"docker-compose.override.yml"
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(n, names[i]) == 0)
			return 1;
	return 0;
}

int
yaml_name(const char *n)
{
	return iends(n, ".yml") || iends(n, ".yaml");
}

/* ---------------------------------------------------------------- search */

/* Directories never searched: VCS, dependency and cache trees. */
static int
skip_dir(const char *name)
{
	return (ctxpack_heavy_kind(name) & (CTXPACK_HEAVY_VCS |
	    CTXPACK_HEAVY_DEPS | CTXPACK_HEAVY_VENDOR | CTXPACK_HEAVY_CACHE)) !=
	    0;
}

static int
namecmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
add(char ***v, size_t *n, const char *s)
{
	char **nv = realloc(*v, (*n + 1) * sizeof(*nv));

	if (nv == NULL)
		return -1;
	*v = nv;
	if ((nv[*n] = strdup(s)) == NULL)
		return -1;
	(*n)++;
	return 0;
}

int
audit_search(struct found *f, const char *dir)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, i, k;
	int rc = 0, bake = 0;

	if ((d = opendir(dir)) == NULL) {
		msg_warning("%s: %s", dir, strerror(errno));
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (add(&names, &n, de->d_name) < 0) {
			rc = -1;
			break;
		}
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), namecmp);
	for (i = 0; i < n && rc == 0; i++) {
		char *p = path_join(dir, names[i]);
		struct stat st;

		if (p == NULL) {
			rc = -1;
			break;
		}
		if (lstat(p, &st) < 0) {
			free(p);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			if (!skip_dir(names[i]))
				rc = audit_search(f, p);
		} else if (S_ISREG(st.st_mode)) {
			for (k = 0; bake_files[k] != NULL; k++)
				if (strcmp(names[i], bake_files[k]) == 0)
					bake = 1;
			if (dockerfile_name(names[i]) && dockerfile_content(p))
				rc = add(&f->dockerfiles, &f->ndockerfiles, p);
			else if (compose_default_name(names[i]))
				rc = add(&f->compose, &f->ncompose, p);
			else if (yaml_name(names[i]))
				rc = add(&f->yaml, &f->nyaml, p);
		}
		free(p);
	}
	if (bake && rc == 0)
		rc = add(&f->bakedirs, &f->nbakedirs, dir);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

void
found_free(struct found *f)
{
	size_t i;

	for (i = 0; i < f->ndockerfiles; i++)
		free(f->dockerfiles[i]);
	for (i = 0; i < f->ncompose; i++)
		free(f->compose[i]);
	for (i = 0; i < f->nyaml; i++)
		free(f->yaml[i]);
	for (i = 0; i < f->nbakedirs; i++)
		free(f->bakedirs[i]);
	free(f->dockerfiles);
	free(f->compose);
	free(f->yaml);
	free(f->bakedirs);
	memset(f, 0, sizeof(*f));
}
