/*
 * context.c: open a build context the way `docker build` does: resolve
 * the context directory and the Dockerfile (R25, R29), choose and read the
 * ignore file (R1, H2), add the build-file exceptions of the chosen
 * builder (R26 for classic; for BuildKit ctxpack always keeps them so a
 * piped tar carries its Dockerfile), and pack.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "ctxpack_int.h"

#define MAX_IGNORE	(256 * 1024 * 1024)
#define MAX_DOCKERFILE	(64 * 1024 * 1024)

const char *
ctxpack_version(void)
{
	return CTXPACK_VERSION_STRING;
}

static char *
join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = malloc(la + lb + 2);

	if (s == NULL)
		return NULL;
	memcpy(s, a, la);
	s[la] = '/';
	memcpy(s + la + 1, b, lb + 1);
	if (la == 0 || (la == 1 && a[0] == '.'))
		memmove(s, s + la + 1, lb + 1);
	return s;
}

/* Read a whole file; -1 with errno (EISDIR for a directory). */
static int
slurp(int fd, size_t max, char **bufp, size_t *lenp)
{
	struct stat st;
	size_t len = 0, cap;
	char *buf;

	if (fstat(fd, &st) < 0)
		return -1;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		return -1;
	}
	cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 4096;
	if ((buf = malloc(cap)) == NULL)
		return -1;
	for (;;) {
		ssize_t n;

		if (len == cap) {
			char *nb;

			if (cap >= max) {
				free(buf);
				errno = EFBIG;
				return -1;
			}
			if ((nb = realloc(buf, cap * 2)) == NULL) {
				free(buf);
				return -1;
			}
			buf = nb;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			free(buf);
			return -1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	*bufp = buf;
	*lenp = len;
	return 0;
}

/* DIR made absolute and cleaned, symbolic links left as they are. */
static char *
abs_path(const char *dir)
{
	char *cwd = NULL, *j, *out;
	size_t n;

	if (dir[0] == '/')
		j = strdup(dir);
	else {
		if ((cwd = getcwd(NULL, 0)) == NULL)
			return NULL;
		j = join(cwd, dir);
		free(cwd);
	}
	if (j == NULL)
		return NULL;
	n = strlen(j);
	if ((out = malloc(n + 2)) != NULL)
		go_clean(j, n, out);
	free(j);
	return out;
}

/* The part of abs below root, or NULL if abs is not inside root. */
static const char *
below(const char *root, const char *abs)
{
	size_t n = strlen(root);

	if (n == 1 && root[0] == '/')
		return abs[1] != '\0' ? abs + 1 : NULL;
	if (strncmp(root, abs, n) != 0 || abs[n] != '/' || abs[n + 1] == '\0')
		return NULL;
	return abs + n + 1;
}

int
ctx_fail(struct ctxpack_ctx *c, const char *file, int err, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_set(&c->err, CTXPACK_LEVEL_ERROR, file, 0, 0, "%s%s%s", msg,
	    err ? ": " : "", err ? strerror(err) : "");
	return CTXPACK_FAILED;
}

/* A match limit was hit: its error, on the context. */
int
ctx_rules_failed(struct ctxpack_ctx *c)
{
	const struct ctxpack_diag *d;

	(void)rules_limit_error(c->rules);
	d = ctxpack_rules_error(c->rules);
	diag_set(&c->err, d->level, d->file, d->line, d->col, "%s", d->msg);
	return CTXPACK_FAILED;
}

static int
find_dockerfile(struct ctxpack_ctx *c)
{
	char *abs = NULL, *cand = NULL, cand0[PATH_MAX + 16];
	const char *rel;
	struct stat st;

	if (c->opts.dockerfile != NULL) {
		if ((abs = realpath(c->opts.dockerfile, NULL)) == NULL)
			return ctx_fail(c, NULL, errno, "can't find the Dockerfile %s", c->opts.dockerfile);
	} else {
		if ((cand = join(c->realdir, "Dockerfile")) == NULL)
			return ctx_fail(c, NULL, 0, "%s", "out of memory");
		if (lstat(cand, &st) < 0 && errno == ENOENT) {
			free(cand);
			if ((cand = join(c->realdir, "dockerfile")) == NULL)
				return ctx_fail(c, NULL, 0, "%s", "out of memory");
			if (lstat(cand, &st) < 0 && errno == ENOENT) {
				free(cand);
				return CTXPACK_OK;	/* none */
			}
		}
		abs = realpath(cand, NULL);
		snprintf(cand0, sizeof(cand0), "%s", cand);
		free(cand);
		if (abs == NULL)
			return ctx_fail(c, NULL, errno, "can't resolve the Dockerfile "
			    "in %s", c->dir);
	}
	/* The name as given, its last component not resolved: BuildKit
	 * reads that, the classic CLI the resolved one. */
	{
		const char *g = c->opts.dockerfile ? c->opts.dockerfile : cand0;
		const char *slash = strrchr(g, '/');
		char *dir = slash ? strndup(g, (size_t)(slash - g)) :
		    strdup(".");
		char *rdir = dir ? realpath(*dir ? dir : "/", NULL) : NULL;

		if (rdir != NULL) {
			const char *r = strcmp(rdir, c->realdir) == 0 ? "" :
			    below(c->realdir, rdir);

			if (r != NULL)
				c->dockerfile_given = join(r, slash ?
				    slash + 1 : g);
		}
		free(dir);
		free(rdir);
	}
	if ((rel = below(c->realdir, abs)) != NULL) {
		c->dockerfile_rel = strdup(rel);
		free(abs);
		return c->dockerfile_rel ? CTXPACK_OK :
		    ctx_fail(c, NULL, 0, "%s", "out of memory");
	} else {
		/* Outside the context: it travels as an extra entry. */
		int fd = open(abs, O_RDONLY | O_CLOEXEC);
		char name[64];

		if (fd < 0 || slurp(fd, MAX_DOCKERFILE, &c->outside_df,
		    &c->outside_len) < 0) {
			int e = errno;

			if (fd >= 0)
				close(fd);
			ctx_fail(c, NULL, e, "can't read the Dockerfile %s", abs);
			free(abs);
			return CTXPACK_FAILED;
		}
		if ((c->outside_st = malloc(sizeof(*c->outside_st))) == NULL ||
		    fstat(fd, c->outside_st) < 0) {
			close(fd);
			free(abs);
			return ctx_fail(c, NULL, 0, "%s", "out of memory");
		}
		close(fd);
		free(abs);
		snprintf(name, sizeof(name), ".dockerfile.%016llx",
		    (unsigned long long)XXH3_64bits(c->outside_df,
		    c->outside_len));
		c->dockerfile_rel = strdup(name);
		return c->dockerfile_rel ? CTXPACK_OK :
		    ctx_fail(c, NULL, 0, "%s", "out of memory");
	}
}

/*
 * Open and read the ignore file at path; *found 0 if it does not exist.
 */
static int
read_ignore(struct ctxpack_ctx *c, const char *path, const char *shown,
    int *found)
{
	char *buf = NULL;
	size_t len = 0;
	int fd, rc;

	*found = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) < 0) {
		if (errno == ENOENT)
			return CTXPACK_OK;
		return ctx_fail(c, shown, errno, "%s", "can't read the ignore file");
	}
	if (slurp(fd, MAX_IGNORE, &buf, &len) < 0) {
		int e = errno;

		close(fd);
		return ctx_fail(c, shown, e, "%s", "can't read the ignore file");
	}
	close(fd);
	*found = 1;
	rc = c->opts.syntax == CTXPACK_SYNTAX_GITIGNORE ?
	    ctxpack_rules_parse_gitignore(c->rules, shown, "", buf, len) :
	    ctxpack_rules_parse(c->rules, shown, buf, len);
	free(buf);
	if (rc != CTXPACK_OK) {
		const struct ctxpack_diag *d = ctxpack_rules_error(c->rules);

		diag_set(&c->err, d->level, d->file, d->line, d->col, "%s",
		    d->msg);
		return CTXPACK_FAILED;
	}
	return CTXPACK_OK;
}

/*
 * Keep a build file: append "!name".  The classic CLI appends the name
 * raw (R26), so a name with glob characters means what Docker makes of
 * it; ctxpack's own keep rules (BuildKit mode) escape it to mean exactly
 * that file.
 */
static int
add_keep(struct ctxpack_ctx *c, const char *rel)
{
	size_t n = strlen(rel);
	int rc, raw = c->opts.builder == CTXPACK_CLASSIC;
	char *p = raw ? malloc(n + 2) : pattern_line("!", rel, n);

	if (p == NULL)
		return ctx_fail(c, NULL, 0, "%s", "out of memory");
	if (raw) {
		p[0] = '!';
		memcpy(p + 1, rel, n + 1);
	}
	rc = rules_add_clean(c->rules, raw ? "(docker CLI)" : "(ctxpack)", 0,
	    1, p, strlen(p));
	free(p);
	if (rc == CTXPACK_OK && rules_add_keep_name(c->rules, rel) < 0)
		return ctx_fail(c, NULL, 0, "%s", "out of memory");
	if (rc != CTXPACK_OK) {
		const struct ctxpack_diag *d = ctxpack_rules_error(c->rules);

		return ctx_fail(c, NULL, 0, "%s", d->msg);
	}
	return CTXPACK_OK;
}

static int
choose_ignore(struct ctxpack_ctx *c)
{
	char *path = NULL, *shown = NULL, *real = NULL;
	int found = 0, rc;

	if (c->opts.ignore_file != NULL) {
		rc = read_ignore(c, c->opts.ignore_file, c->opts.ignore_file,
		    &found);
		if (rc != CTXPACK_OK)
			return rc;
		if (!found)
			return ctx_fail(c, c->opts.ignore_file, ENOENT, "%s", "can't read the ignore file");
		c->ignore_path = strdup(c->opts.ignore_file);
		if ((real = realpath(c->opts.ignore_file, NULL)) != NULL) {
			const char *rel = below(c->realdir, real);

			if (rel != NULL)
				c->ignore_rel = strdup(rel);
			free(real);
		}
		return CTXPACK_OK;
	}
	if (c->opts.builder == CTXPACK_BUILDKIT && c->dockerfile_rel != NULL) {
		/* H2: <Dockerfile>.dockerignore beside the Dockerfile */
		const char *df = c->opts.dockerfile ? c->opts.dockerfile :
		    "Dockerfile";
		size_t n = strlen(df);
		char *cand = malloc(n + 14);

		if (cand == NULL)
			return ctx_fail(c, NULL, 0, "%s", "out of memory");
		memcpy(cand, df, n);
		memcpy(cand + n, ".dockerignore", 14);
		if (c->opts.dockerfile == NULL) {
			path = join(c->dir, cand);
			free(cand);
		} else
			path = cand;
		if (path == NULL)
			return ctx_fail(c, NULL, 0, "%s", "out of memory");
		if ((rc = read_ignore(c, path, path, &found)) != CTXPACK_OK) {
			free(path);
			return rc;
		}
		if (found) {
			c->ignore_path = path;
			if ((real = realpath(path, NULL)) != NULL) {
				/* the name in the context: the link, if any */
				char *slash = strrchr(path, '/');
				char *dreal;

				free(real);
				if (slash != NULL) {
					*slash = '\0';
					dreal = realpath(path, NULL);
					*slash = '/';
				} else
					dreal = realpath(".", NULL);
				if (dreal != NULL) {
					const char *base = slash ? slash + 1 :
					    path;
					const char *rel = strcmp(dreal,
					    c->realdir) == 0 ? "" :
					    below(c->realdir, dreal);

					if (rel != NULL)
						c->ignore_rel = join(rel, base);
					free(dreal);
				}
			}
			return CTXPACK_OK;
		}
		free(path);
	}
	if ((path = join(c->realdir, ".dockerignore")) == NULL ||
	    (shown = join(c->dir, ".dockerignore")) == NULL) {
		free(path);
		return ctx_fail(c, NULL, 0, "%s", "out of memory");
	}
	rc = read_ignore(c, path, shown, &found);
	free(path);
	if (rc == CTXPACK_OK && found) {
		c->ignore_path = shown;
		c->ignore_rel = strdup(".dockerignore");
	} else
		free(shown);
	return rc;
}

int
ctxpack_ctx_open(const char *dir, const struct ctxpack_opts *opts,
    struct ctxpack_ctx **cp)
{
	struct ctxpack_ctx *c;
	int rc;

	*cp = NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return CTXPACK_FATAL;
	*cp = c;
	c->dirfd = -1;
	c->df_lost_rule = -1;
	if (opts != NULL)
		c->opts = *opts;
	if ((c->dir = strdup(dir)) == NULL ||
	    (c->rules = ctxpack_rules_new()) == NULL)
		return ctx_fail(c, NULL, 0, "%s", "out of memory");
	if ((c->realdir = realpath(dir, NULL)) == NULL)
		return ctx_fail(c, NULL, errno, "context directory %s", dir);
	if ((c->absdir = abs_path(dir)) == NULL)
		return ctx_fail(c, NULL, errno, "context directory %s", dir);
	if ((c->dirfd = open(c->realdir, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) < 0)
		return ctx_fail(c, NULL, errno, "context directory %s", dir);
	if (c->opts.ignore_text != NULL) {
		if (ctxpack_rules_parse(c->rules, "(patterns)",
		    c->opts.ignore_text, c->opts.ignore_len) != CTXPACK_OK) {
			const struct ctxpack_diag *d =
			    ctxpack_rules_error(c->rules);

			diag_set(&c->err, d->level, d->file, d->line, d->col,
			    "%s", d->msg);
			return CTXPACK_FAILED;
		}
		return CTXPACK_OK;
	}
	if ((rc = find_dockerfile(c)) != CTXPACK_OK ||
	    (rc = choose_ignore(c)) != CTXPACK_OK)
		return rc;
	if (c->opts.builder == CTXPACK_CLASSIC) {
		/* R26, with the deprecated single-ancestor matcher (R18) */
		if (rules_match_deprecated(c->rules, ".dockerignore", 13) &&
		    (rc = add_keep(c, ".dockerignore")) != CTXPACK_OK)
			return rc;
		if (c->dockerfile_rel != NULL && c->outside_df == NULL &&
		    rules_match_deprecated(c->rules, c->dockerfile_rel,
		    strlen(c->dockerfile_rel)) &&
		    (rc = add_keep(c, c->dockerfile_rel)) != CTXPACK_OK)
			return rc;
		if (c->dockerfile_rel != NULL && c->outside_df == NULL) {
			struct ctxpack_match m;

			/* moby#40090: R18 missed it; the CLI would send a
			 * context without its Dockerfile.  Keep it anyway. */
			if (ctxpack_rules_match_walk(c->rules,
			    c->dockerfile_rel, strlen(c->dockerfile_rel), &m) ==
			    CTXPACK_OK && m.excluded) {
				c->df_lost_rule = m.rule;
				diag_emit(c->opts.diag, c->opts.diag_arg,
				    CTXPACK_LEVEL_WARNING, NULL, 0, 0,
				    "%s: the classic docker CLI would leave "
				    "the Dockerfile out of this context "
				    "(moby#40090) and the build would fail; "
				    "ctxpack keeps it", c->dockerfile_rel);
				if ((rc = add_keep(c, c->dockerfile_rel)) !=
				    CTXPACK_OK)
					return rc;
			}
		}
	} else {
		if (c->ignore_rel != NULL &&
		    (rc = add_keep(c, c->ignore_rel)) != CTXPACK_OK)
			return rc;
		if (c->dockerfile_rel != NULL && c->outside_df == NULL &&
		    (rc = add_keep(c, c->dockerfile_rel)) != CTXPACK_OK)
			return rc;
		if (c->dockerfile_given != NULL && c->dockerfile_rel != NULL &&
		    strcmp(c->dockerfile_given, c->dockerfile_rel) != 0 &&
		    (rc = add_keep(c, c->dockerfile_given)) != CTXPACK_OK)
			return rc;
	}
	return CTXPACK_OK;
}

void
ctxpack_ctx_free(struct ctxpack_ctx *c)
{
	if (c == NULL)
		return;
	if (c->dirfd >= 0)
		close(c->dirfd);
	ctxpack_rules_free(c->rules);
	free(c->dir);
	free(c->absdir);
	free(c->why_path);
	free(c->realdir);
	free(c->ignore_path);
	free(c->ignore_rel);
	free(c->dockerfile_rel);
	free(c->dockerfile_given);
	free(c->outside_df);
	free(c->outside_st);
	free(c);
}

const struct ctxpack_diag *
ctxpack_ctx_error(const struct ctxpack_ctx *c)
{
	return diag_get(&c->err);
}

const struct ctxpack_rules *
ctxpack_ctx_rules(const struct ctxpack_ctx *c)
{
	return c->rules;
}

const char *
ctxpack_ctx_ignore_file(const struct ctxpack_ctx *c)
{
	return c->ignore_path;
}

const char *
ctxpack_ctx_dockerfile(const struct ctxpack_ctx *c)
{
	return c->dockerfile_rel;
}

static void
copy_err(struct ctxpack_ctx *c, const struct ctxpack_diag *d)
{
	if (d != NULL) {
		diag_set(&c->err, d->level, d->file, d->line, d->col, "%s",
		    d->msg);
		c->err.d.syserr = d->syserr;
	}
}

int
ctxpack_pack(struct ctxpack_ctx *c, int fd)
{
	struct ctxpack_walk *w = NULL;
	struct ctxpack_tar *t = NULL;
	const struct ctxpack_entry *e;
	struct stat out;
	int rc, worst = CTXPACK_OK, self = 0;

	/* Never pack the archive into itself (-o or > inside the context). */
	if (fstat(fd, &out) == 0 && S_ISREG(out.st_mode))
		self = 1;
	if ((rc = ctxpack_walk_new(c, &w)) != CTXPACK_OK) {
		copy_err(c, w ? ctxpack_walk_error(w) : NULL);
		ctxpack_walk_free(w);
		return CTXPACK_FATAL;
	}
	if ((rc = ctxpack_tar_new(fd, &c->opts, &t)) != CTXPACK_OK) {
		copy_err(c, t ? ctxpack_tar_error(t) : NULL);
		goto out;
	}
	while ((rc = ctxpack_walk_next(w, &e)) == CTXPACK_OK) {
		if (self && e->type == CTXPACK_T_FILE && e->ino == out.st_ino &&
		    e->dev == out.st_dev)
			continue;
		if ((rc = ctxpack_tar_add(t, e)) == CTXPACK_FATAL) {
			copy_err(c, ctxpack_tar_error(t));
			goto out;
		}
		if (rc == CTXPACK_WARN)
			worst = CTXPACK_WARN;
	}
	if (rc == CTXPACK_FATAL) {
		copy_err(c, ctxpack_walk_error(w));
		goto out;
	}
	if ((rc = ctxpack_tar_finish(t)) != CTXPACK_OK) {
		copy_err(c, ctxpack_tar_error(t));
		rc = CTXPACK_FATAL;
		goto out;
	}
	rc = ctxpack_walk_warnings(w) > 0 ? CTXPACK_WARN : worst;
out:
	ctxpack_tar_free(t);
	ctxpack_walk_free(w);
	return rc;
}
