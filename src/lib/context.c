/*
 * context.c: open a build context the way `docker build` does: resolve
 * the context directory and the Dockerfile (R25, R29), choose and read the
 * ignore file (R1, H2, H3), and decide what happens to the build files:
 * the classic CLI's appended exceptions (R26) and its rewriting for a
 * Dockerfile from outside or from stdin (R27); for BuildKit, which ships
 * the build files apart (H3), nothing in the context, and the files a
 * piped tar must carry anyway.  Then pack.
 *
 * No build file ever brings a byte from outside the context into it by a
 * symbolic link: a Dockerfile named inside the context must resolve
 * inside it, and BuildKit reads .dockerignore re-rooted at the context.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "ctxpack_int.h"

#define MAX_IGNORE	(256 * 1024 * 1024)
#define MAX_DOCKERFILE	(64 * 1024 * 1024)
#define MAX_HOPS	40	/* symbolic links followed in one lookup */

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

/* J cleaned (Go's path.Clean) in a copy of its own; J is freed. */
static char *
cleaned(char *j)
{
	char *out;
	size_t n;

	if (j == NULL)
		return NULL;
	n = strlen(j);
	if ((out = malloc(n + 2)) != NULL)
		go_clean(j, n, out);
	free(j);
	return out;
}

/* DIR made absolute and cleaned, symbolic links left as they are. */
static char *
abs_path(const char *dir)
{
	char *cwd = NULL, *j;

	if (dir[0] == '/')
		j = strdup(dir);
	else {
		if ((cwd = getcwd(NULL, 0)) == NULL)
			return NULL;
		j = join(cwd, dir);
		free(cwd);
	}
	return cleaned(j);
}

/* The part of abs below root ("" for root itself), or NULL. */
static const char *
below(const char *root, const char *abs)
{
	size_t n = strlen(root);

	if (n == 1 && root[0] == '/')
		return abs + 1;
	if (strncmp(root, abs, n) != 0 || (abs[n] != '/' && abs[n] != '\0'))
		return NULL;
	return abs[n] == '/' ? abs + n + 1 : abs + n;
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
	c->err.d.syserr = err;
	return CTXPACK_FAILED;
}

static int
oom(struct ctxpack_ctx *c)
{
	return ctx_fail(c, NULL, ENOMEM, "%s", "out of memory");
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

/* The rule set's parse error (file, line, column) is the context's. */
static int
ctx_parse_failed(struct ctxpack_ctx *c)
{
	const struct ctxpack_diag *d = ctxpack_rules_error(c->rules);

	diag_set(&c->err, d->level, d->file, d->line, d->col, "%s", d->msg);
	return CTXPACK_FAILED;
}

/*
 * Resolve REL below the directory ROOTFD as if it were "/" (fsutil's
 * FollowLinks, how BuildKit fetches build files, H3): each symbolic link
 * is followed with its target cleaned and re-rooted (an absolute target
 * starts again at ROOTFD, ".." stops there).  *out gets the resolved path
 * relative to ROOTFD; returns 1 found, 0 absent (or a loop), -1 error.
 */
static int
resolve_in(int rootfd, const char *rel, char **out)
{
	char *todo = NULL, *done = NULL, *t, link[PATH_MAX + 1];
	size_t dl = 0;
	int hops = 0, rc = -1;

	*out = NULL;
	if ((todo = strdup(rel)) == NULL || (done = malloc(PATH_MAX + 2)) ==
	    NULL)
		goto out;
	done[0] = '\0';
	for (;;) {
		char *slash, *comp = todo;
		struct stat st;
		ssize_t n;
		size_t cl;

		while (*comp == '/')
			comp++;
		if (*comp == '\0') {
			rc = 1;
			break;
		}
		slash = strchr(comp, '/');
		cl = slash ? (size_t)(slash - comp) : strlen(comp);
		if (cl == 1 && comp[0] == '.') {
			memmove(todo, comp + cl, strlen(comp + cl) + 1);
			continue;
		}
		if (cl == 2 && comp[0] == '.' && comp[1] == '.') {
			char *up = memrchr(done, '/', dl);

			dl = up ? (size_t)(up - done) : 0;
			done[dl] = '\0';
			memmove(todo, comp + cl, strlen(comp + cl) + 1);
			continue;
		}
		if (dl + 1 + cl > PATH_MAX) {
			errno = ENAMETOOLONG;
			goto out;
		}
		if (dl > 0)
			done[dl++] = '/';
		memcpy(done + dl, comp, cl);
		dl += cl;
		done[dl] = '\0';
		memmove(todo, comp + cl, strlen(comp + cl) + 1);
		if (fstatat(rootfd, done, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			if (errno == ENOENT || errno == ENOTDIR) {
				rc = 0;
				break;
			}
			goto out;
		}
		if (!S_ISLNK(st.st_mode))
			continue;
		if (++hops > MAX_HOPS ||
		    (n = readlinkat(rootfd, done, link, PATH_MAX)) < 0) {
			rc = hops > MAX_HOPS ? 0 : -1;
			if (rc < 0 && errno != ENOENT)
				goto out;
			rc = 0;
			break;
		}
		link[n] = '\0';
		/* the link's directory, then its target, then the rest */
		{
			char *up = memrchr(done, '/', dl);
			size_t keep = up ? (size_t)(up - done) : 0;
			size_t need = (link[0] == '/' ? 0 : keep + 1) +
			    (size_t)n + 1 + strlen(todo) + 1;
			char *nt = malloc(need);

			if (nt == NULL)
				goto out;
			snprintf(nt, need, "%.*s%s%s/%s", link[0] == '/' ? 0 :
			    (int)keep, done, link[0] == '/' || keep == 0 ? "" :
			    "/", link, todo);
			free(todo);
			todo = nt;
			dl = 0;
			done[0] = '\0';
		}
		/* cleaned as fsutil cleans it, lexically, rooted */
		{
			size_t l = strlen(todo);

			if ((t = malloc(l + 3)) == NULL)
				goto out;
			t[0] = '/';
			memcpy(t + 1, todo, l + 1);
			go_clean(t, l + 1, t);
			free(todo);
			todo = t;
		}
	}
	if (rc == 1) {
		*out = done;
		done = NULL;
	}
out:
	free(todo);
	free(done);
	return rc;
}

/* Read a whole file; -1 with errno (EISDIR for a directory). */
int
ctx_slurp(int fd, size_t max, char **bufp, size_t *lenp)
{
	struct stat st;
	size_t len = 0, cap;
	char *buf;

	*bufp = NULL;
	*lenp = 0;
	if (fstat(fd, &st) < 0)
		return -1;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		return -1;
	}
	cap = S_ISREG(st.st_mode) && st.st_size > 0 ?
	    (size_t)st.st_size + 1 : 4096;
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

/* The name a Dockerfile from outside travels under (R27): 20 hex. */
static int
outside_name(struct ctxpack_ctx *c)
{
	XXH128_hash_t h = XXH3_128bits(c->outside_df, c->outside_len);
	char name[64];

	snprintf(name, sizeof(name), ".dockerfile.%016llx%04llx",
	    (unsigned long long)h.high64,
	    (unsigned long long)(h.low64 >> 48));
	free(c->dockerfile_rel);
	return (c->dockerfile_rel = strdup(name)) ? CTXPACK_OK : oom(c);
}

/* -f -: the Dockerfile comes from standard input (R27, H2). */
static int
stdin_dockerfile(struct ctxpack_ctx *c)
{
	struct stat st;

	if (fstat(STDIN_FILENO, &st) == 0 && S_ISDIR(st.st_mode))
		return ctx_fail(c, NULL, EISDIR, "%s", "can't read the "
		    "Dockerfile from standard input");
	if (ctx_slurp(STDIN_FILENO, MAX_DOCKERFILE, &c->outside_df,
	    &c->outside_len) < 0)
		return ctx_fail(c, NULL, errno, "%s", "can't read the "
		    "Dockerfile from standard input");
	c->df_stdin = 1;
	return outside_name(c);
}

/* A Dockerfile outside the context: read it; it travels as an extra. */
static int
outside_dockerfile(struct ctxpack_ctx *c, const char *shown)
{
	struct stat st;
	int fd;

	if (stat(shown, &st) == 0 && !S_ISREG(st.st_mode))
		return ctx_fail(c, shown, 0, "%s", "the Dockerfile is not a "
		    "regular file");
	if ((fd = open(shown, O_RDONLY | O_CLOEXEC | O_NOCTTY |
	    O_NONBLOCK)) < 0)
		return ctx_fail(c, shown, errno, "%s", "can't read the "
		    "Dockerfile");
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    ctx_slurp(fd, MAX_DOCKERFILE, &c->outside_df,
	    &c->outside_len) < 0) {
		int e = S_ISREG(st.st_mode) ? errno : 0;

		close(fd);
		return e ? ctx_fail(c, shown, e, "%s", "can't read the "
		    "Dockerfile") : ctx_fail(c, shown, 0, "%s", "the "
		    "Dockerfile is not a regular file");
	}
	close(fd);
	return outside_name(c);
}

/*
 * A Dockerfile named REL inside the context.  The classic CLI resolves
 * links in it (R25): the result must stay inside, else it is an error
 * naming the link; it must be a regular file.  BuildKit reads the name as
 * given (H2), kept in dockerfile_given.
 */
static int
inside_dockerfile(struct ctxpack_ctx *c, const char *rel, const char *shown)
{
	char *abs = join(c->realdir, rel), *real;
	const char *r;
	struct stat st;

	if (abs == NULL)
		return oom(c);
	real = realpath(abs, NULL);
	free(abs);
	if (real == NULL)
		return ctx_fail(c, shown, errno, "%s", "can't find the "
		    "Dockerfile");
	if ((r = below(c->realdir, real)) == NULL || *r == '\0') {
		ctx_fail(c, shown, 0, "the Dockerfile leads through a symbolic "
		    "link out of the context (to %s); ctxpack never packs a "
		    "file from outside through a link", real);
		free(real);
		return CTXPACK_FAILED;
	}
	if (stat(real, &st) < 0 || !S_ISREG(st.st_mode)) {
		free(real);
		return ctx_fail(c, shown, 0, "%s", "the Dockerfile is not a "
		    "regular file");
	}
	c->dockerfile_rel = strdup(r);
	c->dockerfile_given = strdup(rel);
	free(real);
	if (c->dockerfile_rel == NULL || c->dockerfile_given == NULL)
		return oom(c);
	return CTXPACK_OK;
}

static int
find_dockerfile(struct ctxpack_ctx *c)
{
	const char *df = c->opts.dockerfile, *rel;
	char *abs, *real;
	struct stat st;
	int rc;

	if (df != NULL && strcmp(df, "-") == 0)
		return stdin_dockerfile(c);
	if (df == NULL) {
		/* <dir>/Dockerfile, else <dir>/dockerfile (R25) */
		const char *name = "Dockerfile";
		char *shown;

		if (fstatat(c->dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			name = "dockerfile";
			if (fstatat(c->dirfd, name, &st,
			    AT_SYMLINK_NOFOLLOW) < 0)
				return CTXPACK_OK;	/* none */
		}
		if ((shown = join(c->dir, name)) == NULL)
			return oom(c);
		rc = inside_dockerfile(c, name, shown);
		free(shown);
		return rc;
	}
	/* -f names a file relative to the current directory (R25) */
	if ((abs = abs_path(df)) == NULL)
		return oom(c);
	if ((rel = below(c->absdir, abs)) != NULL ||
	    (rel = below(c->realdir, abs)) != NULL) {
		rc = *rel == '\0' ? ctx_fail(c, df, 0, "%s", "the Dockerfile "
		    "is not a regular file") : inside_dockerfile(c, rel, df);
		free(abs);
		return rc;
	}
	free(abs);
	/* named from outside; its links may still lead inside (R25) */
	if ((real = realpath(df, NULL)) == NULL)
		return ctx_fail(c, df, errno, "%s", "can't find the Dockerfile");
	if ((rel = below(c->realdir, real)) != NULL && *rel != '\0') {
		rc = inside_dockerfile(c, rel, df);
		free(c->dockerfile_given);
		c->dockerfile_given = NULL;	/* BuildKit reads it apart */
		free(real);
		return rc;
	}
	free(real);
	return outside_dockerfile(c, df);
}

/*
 * Read the ignore file SHOWN, opened as PATH relative to ATFD; *found 0
 * if it does not exist.  Anything but a regular file is refused before it
 * is opened (a FIFO would hang the read).
 */
static int
read_ignore(struct ctxpack_ctx *c, int atfd, const char *path,
    const char *shown, int *found)
{
	char *buf = NULL;
	size_t len = 0;
	struct stat st;
	int fd, rc;

	*found = 0;
	if (fstatat(atfd, path, &st, 0) < 0) {
		if (errno == ENOENT)
			return CTXPACK_OK;	/* absent, or a dangling link */
		return ctx_fail(c, shown, errno, "%s", "can't read the ignore "
		    "file");
	}
	if (!S_ISREG(st.st_mode))
		return ctx_fail(c, shown, S_ISDIR(st.st_mode) ? EISDIR : 0,
		    "%s", S_ISDIR(st.st_mode) ? "can't read the ignore file" :
		    "the ignore file is not a regular file");
	if ((fd = openat(atfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY |
	    O_NONBLOCK)) < 0)
		return ctx_fail(c, shown, errno, "%s", "can't read the ignore "
		    "file");
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    ctx_slurp(fd, MAX_IGNORE, &buf, &len) < 0) {
		int e = errno;

		close(fd);
		return ctx_fail(c, shown, S_ISREG(st.st_mode) ? e : 0, "%s",
		    S_ISREG(st.st_mode) ? "can't read the ignore file" :
		    "the ignore file is not a regular file");
	}
	close(fd);
	*found = 1;
	if (c->override != NULL) {	/* ctx_open_as(): other bytes */
		free(buf);
		if ((buf = malloc(c->override_len + 1)) == NULL)
			return oom(c);
		memcpy(buf, c->override, c->override_len);
		len = c->override_len;
	}
	rc = c->opts.builder == CTXPACK_BUILDAH ?
	    bh_rules_parse(c->rules, shown, buf, len) :
	    c->opts.syntax == CTXPACK_SYNTAX_GITIGNORE ?
	    ctxpack_rules_parse_gitignore(c->rules, shown, "", buf, len) :
	    ctxpack_rules_parse(c->rules, shown, buf, len);
	/* the bytes read, for lint and the classic rewriting (R27) */
	free(c->ignore_text);
	c->ignore_text = buf;
	c->ignore_len = len;
	if (rc != CTXPACK_OK)
		return ctx_parse_failed(c);
	return CTXPACK_OK;
}

/*
 * BuildKit reads a build-side ignore file NAME below the directory DIRFD
 * re-rooted there (H3, E1): a link to a path outside is looked up inside
 * (and is usually absent).  *found as for read_ignore.
 */
static int
read_ignore_rerooted(struct ctxpack_ctx *c, int dirfd, const char *name,
    const char *shown, int *found)
{
	char *res = NULL;
	struct stat st;
	int rc;

	*found = 0;
	if ((rc = resolve_in(dirfd, name, &res)) < 0)
		return ctx_fail(c, shown, errno, "%s", "can't read the ignore "
		    "file");
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISLNK(st.st_mode))
		c->ignore_link = 1;
	if (rc == 0) {
		free(res);
		return CTXPACK_OK;
	}
	if (fstatat(dirfd, res, &st, 0) == 0 && S_ISDIR(st.st_mode)) {
		/* its frontend ignores the failed read (dockerui: "ignore
		 * error"): no ignore file; the classic CLI fails on it */
		diag_emit(c->opts.diag, c->opts.diag_arg, CTXPACK_LEVEL_WARNING,
		    shown, 0, 0, "%s", "a directory, not a file: BuildKit "
		    "reads no ignore file here (the classic builder fails on "
		    "it)");
		c->ignore_dir = 1;
		free(res);
		return CTXPACK_OK;
	}
	rc = read_ignore(c, dirfd, res, shown, found);
	if (*found && c->ignore_link) {
		free(c->ignore_read);
		c->ignore_read = res;
		res = NULL;
	}
	free(res);
	return rc;
}

static int
choose_ignore(struct ctxpack_ctx *c)
{
	char *path = NULL, *shown = NULL, *real = NULL;
	int found = 0, rc;

	if (c->opts.ignore_file != NULL) {
		/* ctxpack's own option: the file named, as named */
		rc = read_ignore(c, AT_FDCWD, c->opts.ignore_file,
		    c->opts.ignore_file, &found);
		if (rc != CTXPACK_OK)
			return rc;
		if (!found)
			return ctx_fail(c, c->opts.ignore_file, ENOENT, "%s",
			    "can't read the ignore file");
		c->ignore_path = strdup(c->opts.ignore_file);
		if ((real = realpath(c->opts.ignore_file, NULL)) != NULL) {
			const char *rel = below(c->realdir, real);

			if (rel != NULL && *rel != '\0')
				c->ignore_rel = strdup(rel);
			else
				c->ignore_outside = 1;
			free(real);
		}
		return c->ignore_path ? CTXPACK_OK : oom(c);
	}
	if (c->opts.builder == CTXPACK_BUILDKIT && c->dockerfile_rel != NULL &&
	    !c->df_stdin) {
		/* H2: <Dockerfile>.dockerignore beside the Dockerfile as
		 * named, re-rooted at the Dockerfile's directory */
		const char *df = c->opts.dockerfile ? c->opts.dockerfile :
		    "Dockerfile";
		const char *slash = strrchr(df, '/');
		char *dir = slash ? strndup(df, (size_t)(slash - df)) :
		    strdup(".");
		char *name = malloc(strlen(df) + 14);
		int dfd = -1;

		if (dir == NULL || name == NULL) {
			free(dir);
			free(name);
			return oom(c);
		}
		sprintf(name, "%s.dockerignore", slash ? slash + 1 : df);
		if (c->opts.dockerfile == NULL)
			path = join(c->dir, name);
		else
			path = slash ? join(dir, name) : strdup(name);
		if (c->opts.dockerfile == NULL)
			dfd = dup(c->dirfd);
		else
			dfd = open(*dir ? dir : "/", O_RDONLY | O_DIRECTORY |
			    O_CLOEXEC);
		free(dir);
		rc = path == NULL ? oom(c) : dfd < 0 ? CTXPACK_OK :
		    read_ignore_rerooted(c, dfd, name, path, &found);
		if (dfd >= 0)
			close(dfd);
		free(name);
		if (rc != CTXPACK_OK || found) {
			if (found) {
				c->ignore_path = path;
				c->ignore_rel = NULL;
				c->ignore_per_df = 1;
			} else
				free(path);
			return rc;
		}
		free(path);
		c->ignore_link = 0;
		c->ignore_dir = 0;	/* only .dockerignore's counts */
	}
	if ((shown = join(c->dir, ".dockerignore")) == NULL)
		return oom(c);
	if (c->opts.builder == CTXPACK_BUILDKIT)
		rc = read_ignore_rerooted(c, c->dirfd, ".dockerignore", shown,
		    &found);
	else {
		struct stat st;

		/* R1: a plain open; a link is followed anywhere */
		if (fstatat(c->dirfd, ".dockerignore", &st,
		    AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)) {
			char *abs = join(c->realdir, ".dockerignore");

			c->ignore_link = 1;
			real = abs ? realpath(abs, NULL) : NULL;
			free(abs);
			if (real != NULL) {
				const char *rel = below(c->realdir, real);

				c->ignore_outside = rel == NULL;
				c->ignore_read = rel ? strdup(rel) : real;
				if (rel != NULL)
					free(real);
			}
		}
		rc = read_ignore(c, c->dirfd, ".dockerignore", shown, &found);
	}
	if (rc == CTXPACK_OK && !found && c->override != NULL &&
	    !c->ignore_link) {
		/* ctx_open_as(): the .dockerignore that would be written */
		if ((c->ignore_text = malloc(c->override_len + 1)) == NULL)
			return oom(c);
		memcpy(c->ignore_text, c->override, c->override_len);
		c->ignore_len = c->override_len;
		found = 1;
		if (ctxpack_rules_parse(c->rules, shown, c->ignore_text,
		    c->ignore_len) != CTXPACK_OK) {
			free(shown);
			return ctx_parse_failed(c);
		}
	}
	if (rc == CTXPACK_OK && found) {
		c->ignore_path = shown;
		c->ignore_rel = strdup(".dockerignore");
	} else {
		free(shown);
		if (rc == CTXPACK_OK && c->ignore_link && !found &&
		    c->opts.builder == CTXPACK_BUILDKIT &&
		    faccessat(c->dirfd, ".dockerignore", F_OK, 0) == 0) {
			/* the host has the target, the context does not */
			c->ignore_unhonoured = 1;
			diag_emit(c->opts.diag, c->opts.diag_arg,
			    CTXPACK_LEVEL_WARNING, ".dockerignore", 0, 0,
			    "a symbolic link whose target is not in the "
			    "context: BuildKit looks it up inside the context "
			    "and applies no ignore file (the classic builder "
			    "follows the link)");
		}
	}
	return rc;
}

/*
 * R26: the classic CLI appends "!name" for a build file its deprecated
 * matcher sees excluded (R18), raw, so a name with glob characters means
 * what Docker makes of it.
 */
static int
add_cli_keep(struct ctxpack_ctx *c, const char *rel)
{
	size_t n = strlen(rel);
	char *p = malloc(n + 2);
	int rc;

	if (p == NULL)
		return oom(c);
	p[0] = '!';
	memcpy(p + 1, rel, n + 1);
	rc = rules_add_clean(c->rules, "(docker CLI)", 0, 1, p, n + 1);
	free(p);
	if (rc != CTXPACK_OK) {
		const struct ctxpack_diag *d = ctxpack_rules_error(c->rules);

		return ctx_fail(c, NULL, 0, "%s", d->msg);
	}
	return CTXPACK_OK;
}

/* A rule described for a message: "SOURCE:LINE: PATTERN". */
static void
rule_text(const struct ctxpack_ctx *c, long i, char *buf, size_t sz)
{
	const struct pattern *p;
	char q[512];

	if (i < 0 || (size_t)i >= c->rules->n) {
		snprintf(buf, sz, "the tree's .gitignore files");
		return;
	}
	p = &c->rules->pat[i];
	if (p->line == 0)
		snprintf(buf, sz, "the rule \"%s%s\" the docker CLI appends",
		    p->exception ? "!" : "", diag_quote(q, sizeof(q), p->text,
		    p->len));
	else
		snprintf(buf, sz, "%s:%u: %s%s", p->source, p->line,
		    p->exception ? "!" : "", diag_quote(q, sizeof(q), p->text,
		    p->len));
}

/*
 * Is REL in the context the builder sends?  0 sent, 1 not; *rule the
 * deciding rule; -1 on a limit hit.
 */
static int
judge(struct ctxpack_ctx *c, const char *rel, long *rule)
{
	struct ctxpack_why w;

	if (ctxpack_why(c, rel, strlen(rel), &w, NULL, NULL) != CTXPACK_OK)
		return -1;
	*rule = w.rule;
	return w.excluded;
}

/*
 * The classic builder: R26's exceptions, and a warning (the build fails
 * on the daemon: E5, moby#40090) when a build file would still be left out;
 * ctxpack keeps such a file in the tar on purpose.
 */
static int
classic_build_files(struct ctxpack_ctx *c)
{
	const char *files[2];
	size_t i;
	long rule;
	int rc, v;

	if (rules_match_deprecated(c->rules, ".dockerignore", 13) &&
	    (rc = add_cli_keep(c, ".dockerignore")) != CTXPACK_OK)
		return rc;
	if (c->dockerfile_rel != NULL && c->outside_df == NULL &&
	    rules_match_deprecated(c->rules, c->dockerfile_rel,
	    strlen(c->dockerfile_rel)) &&
	    (rc = add_cli_keep(c, c->dockerfile_rel)) != CTXPACK_OK)
		return rc;
	files[0] = c->outside_df == NULL ? c->dockerfile_rel : NULL;
	files[1] = c->ignore_rel;
	for (i = 0; i < 2; i++) {
		char why[700];

		if (files[i] == NULL || (i == 1 && files[0] != NULL &&
		    strcmp(files[0], files[1]) == 0))
			continue;
		if ((v = judge(c, files[i], &rule)) < 0)
			return ctx_rules_failed(c);
		if (v == 0)
			continue;
		if (i == 0)
			c->df_lost_rule = rule;
		rule_text(c, rule, why, sizeof(why));
		diag_emit(c->opts.diag, c->opts.diag_arg, CTXPACK_LEVEL_WARNING,
		    NULL, 0, 0, "%s: the classic docker CLI would leave the %s "
		    "out of the context (%s cuts it) and the daemon would fail "
		    "(\"Cannot locate specified Dockerfile\"); ctxpack keeps it",
		    files[i], i == 0 ? "Dockerfile" : "ignore file", why);
		if (rules_add_keep_name(c->rules, files[i]) < 0)
			return oom(c);
	}
	return CTXPACK_OK;
}

/* One more entry a tar carries beyond the walked tree (ctx_extra). */
int
ctx_add_extra(struct ctxpack_ctx *c, const char *path, const char *data,
    size_t len, int tar_only)
{
	struct ctx_extra *n = realloc(c->extras, (c->nextras + 1) *
	    sizeof(*n));

	if (n == NULL)
		return oom(c);
	c->extras = n;
	n += c->nextras;
	memset(n, 0, sizeof(*n));
	if ((n->path = strdup(path)) == NULL)
		return oom(c);
	n->data = data;
	n->len = len;
	n->tar_only = tar_only;
	c->nextras++;
	return CTXPACK_OK;
}

/*
 * What a tar carries beyond the tree.  Classic (the CLI's own tar, R27,
 * E4): a Dockerfile from outside or stdin as .dockerfile.<hex>, and a
 * .dockerignore listing both so the daemon deletes them before COPY.
 * BuildKit (only in a tar, for `docker build -`): such a Dockerfile, and
 * a Dockerfile the ignore file excludes (H3 ships it apart; a piped tar
 * must hold it), with a note, since COPY . will then see it.
 */
static int
tar_extras(struct ctxpack_ctx *c)
{
	long rule;
	int v, rc;

	if (c->outside_df != NULL) {
		if ((rc = ctx_add_extra(c, c->dockerfile_rel, c->outside_df,
		    c->outside_len, c->opts.builder == CTXPACK_BUILDKIT)) !=
		    CTXPACK_OK)
			return rc;
		if (c->opts.builder == CTXPACK_CLASSIC) {
			/* .dockerignore: its old text and the name, or new */
			struct ctxpack_why w;
			size_t n;

			c->ignore_sent = c->ignore_rel != NULL &&
			    strcmp(c->ignore_rel, ".dockerignore") == 0 &&
			    !c->ignore_link && ctxpack_why(c, ".dockerignore",
			    13, &w, NULL, NULL) == CTXPACK_OK && !w.excluded;
			n = (c->ignore_sent ? c->ignore_len :
			    strlen(".dockerignore")) +
			    strlen(c->dockerfile_rel) + 3;
			if ((c->ignore_rewrite = malloc(n)) == NULL)
				return oom(c);
			c->ignore_rewrite_len = (size_t)snprintf(
			    c->ignore_rewrite, n, "%.*s\n%s\n",
			    c->ignore_sent ? (int)c->ignore_len : 13,
			    c->ignore_sent ? c->ignore_text : ".dockerignore",
			    c->dockerfile_rel);
			if (!c->ignore_sent && (rc = ctx_add_extra(c,
			    ".dockerignore", c->ignore_rewrite,
			    c->ignore_rewrite_len, 0)) != CTXPACK_OK)
				return rc;
		}
		return CTXPACK_OK;
	}
	if (c->opts.builder != CTXPACK_BUILDKIT || c->dockerfile_rel == NULL)
		return CTXPACK_OK;
	/* the name as given, and the file its link leads to */
	if (c->dockerfile_given != NULL) {
		if ((v = judge(c, c->dockerfile_given, &rule)) < 0)
			return ctx_rules_failed(c);
		if (v && (rc = ctx_add_extra(c, c->dockerfile_given, NULL, 0, 1)) !=
		    CTXPACK_OK)
			return rc;
		if (v)
			c->extras[c->nextras - 1].rule = rule;
	}
	if (c->dockerfile_given == NULL ||
	    strcmp(c->dockerfile_given, c->dockerfile_rel) != 0) {
		if ((v = judge(c, c->dockerfile_rel, &rule)) < 0)
			return ctx_rules_failed(c);
		if (v && (rc = ctx_add_extra(c, c->dockerfile_rel, NULL, 0, 1)) !=
		    CTXPACK_OK)
			return rc;
		if (v)
			c->extras[c->nextras - 1].rule = rule;
	}
	return CTXPACK_OK;
}

/* ------------------------------------------------------ buildah (B1, B2) */

/* DIR/NAME, absolute and cleaned (Go's filepath.Join). */
static char *
bh_join(const char *dir, const char *name)
{
	return cleaned(join(dir, name));
}

/* The name shown for an absolute path: below the context, DIR/REL. */
static char *
bh_shown(const struct ctxpack_ctx *c, const char *abs)
{
	const char *rel = below(c->realdir, abs);

	if (rel != NULL && *rel != '\0')
		return join(c->dir, rel);
	return strdup(abs);
}

/* The build file's bytes must not be empty (buildah: "no contents"). */
static int
bh_nonempty(struct ctxpack_ctx *c, int fd, const char *shown)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return ctx_fail(c, shown, errno, "%s", "can't read the build "
		    "file");
	if (S_ISREG(st.st_mode) && st.st_size == 0)
		return ctx_fail(c, shown, 0, "%s", "the build file is empty "
		    "(buildah: no contents)");
	return CTXPACK_OK;
}

/*
 * B1: without -f, DIR/Containerfile (stat follows links: a dangling one
 * counts as absent), else DIR/Dockerfile; it must be a regular file.
 * -f F: F from the current directory if it exists, else DIR/F; not a
 * directory, not empty.  -f -: standard input.  The build file is an
 * ordinary entry (B3): only its name and, for the ignore lookup, the
 * path buildah joins (G: F if absolute, else DIR/F) are kept.
 */
int
bh_find_buildfile(struct ctxpack_ctx *c)
{
	const char *df = c->opts.dockerfile, *rel;
	char *host = NULL, *shown = NULL, *abs;
	struct stat st;
	int fd, rc;

	if (df != NULL && strcmp(df, "-") == 0) {
		if ((rc = stdin_dockerfile(c)) != CTXPACK_OK)
			return rc;
		free(c->dockerfile_rel);
		c->dockerfile_rel = NULL;	/* not in the context */
		if (c->outside_len == 0 && fstat(STDIN_FILENO, &st) == 0 &&
		    S_ISREG(st.st_mode))
			return ctx_fail(c, "-", 0, "%s", "the build file is "
			    "empty (buildah: no contents)");
		return (c->bh_g = strdup("/dev/stdin")) ? CTXPACK_OK : oom(c);
	}
	if (df == NULL) {
		const char *name = "Containerfile";

		if (fstatat(c->dirfd, name, &st, 0) < 0) {
			name = "Dockerfile";
			if (fstatat(c->dirfd, name, &st, 0) < 0) {
				int e = errno;
				char *sh = join(c->dir, name);

				ctx_fail(c, sh, e, "%s", "cannot find "
				    "Containerfile or Dockerfile in the context "
				    "directory");
				free(sh);
				return CTXPACK_FAILED;
			}
		}
		if ((shown = join(c->dir, name)) == NULL ||
		    (c->bh_g = bh_join(c->realdir, name)) == NULL) {
			free(shown);
			return oom(c);
		}
		if (!S_ISREG(st.st_mode)) {
			ctx_fail(c, shown, 0, "%s", "the build file is not a "
			    "regular file (buildah: assumed Containerfile ... "
			    "is not a file)");
			free(shown);
			return CTXPACK_FAILED;
		}
		if ((fd = openat(c->dirfd, name, O_RDONLY | O_CLOEXEC |
		    O_NOCTTY | O_NONBLOCK)) < 0) {
			ctx_fail(c, shown, errno, "%s", "can't read the build "
			    "file");
			free(shown);
			return CTXPACK_FAILED;
		}
		rc = bh_nonempty(c, fd, shown);
		close(fd);
		free(shown);
		if (rc == CTXPACK_OK && (c->dockerfile_rel = strdup(name)) ==
		    NULL)
			return oom(c);
		return rc;
	}
	/* -f: as given from the cwd, else below the context */
	if (stat(df, &st) == 0) {
		c->bh_df_cwd = 1;
		host = abs_path(df);
		shown = strdup(df);
	} else {
		host = bh_join(c->realdir, df);
		shown = df[0] == '/' ? strdup(df) : join(c->dir, df);
		if (host != NULL && shown != NULL && stat(host, &st) < 0) {
			ctx_fail(c, shown, errno, "%s", "can't find the build "
			    "file");
			goto fail;
		}
	}
	if (host == NULL || shown == NULL)
		goto nomem;
	if (S_ISDIR(st.st_mode)) {
		ctx_fail(c, shown, 0, "%s", "the build file is a directory "
		    "(buildah: containerfile cannot be path to a directory)");
		goto fail;
	}
	if ((fd = open(host, O_RDONLY | O_CLOEXEC | O_NOCTTY |
	    O_NONBLOCK)) < 0) {
		ctx_fail(c, shown, errno, "%s", "can't read the build file");
		goto fail;
	}
	rc = bh_nonempty(c, fd, shown);
	close(fd);
	if (rc != CTXPACK_OK)
		goto fail;
	/* G, for the per-file ignore lookup: from the context, even when
	 * F was found from the cwd (B2) */
	if ((c->bh_g = df[0] == '/' ? abs_path(df) : bh_join(c->realdir,
	    df)) == NULL)
		goto nomem;
	/* its name in the context, when it lies there */
	if ((rel = below(c->realdir, host)) != NULL ||
	    (rel = below(c->absdir, host)) != NULL) {
		if (*rel != '\0' && (c->dockerfile_rel = strdup(rel)) == NULL)
			goto nomem;
	} else if ((abs = realpath(host, NULL)) != NULL) {
		if ((rel = below(c->realdir, abs)) != NULL && *rel != '\0' &&
		    (c->dockerfile_rel = strdup(rel)) == NULL) {
			free(abs);
			goto nomem;
		}
		free(abs);
	}
	free(host);
	free(shown);
	return CTXPACK_OK;
nomem:
	oom(c);
fail:
	free(host);
	free(shown);
	return CTXPACK_FAILED;
}

/*
 * Read the ignore file at the absolute path ABS (SHOWN: its name for
 * messages, NULL for DIR/REL or ABS); *found as read_ignore.
 */
static int
bh_read(struct ctxpack_ctx *c, const char *abs, const char *shown0, int kind,
    int *found)
{
	char *shown = shown0 ? strdup(shown0) : bh_shown(c, abs), *real;
	const char *rel;
	struct stat st;
	int rc;

	if (shown == NULL)
		return oom(c);
	if ((rc = read_ignore(c, AT_FDCWD, abs, shown, found)) != CTXPACK_OK ||
	    !*found) {
		free(shown);
		return rc;
	}
	c->ignore_path = shown;
	c->bh_ignore_kind = kind;
	if ((rel = below(c->realdir, abs)) != NULL && *rel != '\0' &&
	    (c->ignore_rel = strdup(rel)) == NULL)
		return oom(c);
	c->ignore_outside = rel == NULL || *rel == '\0';
	if (lstat(abs, &st) == 0 && S_ISLNK(st.st_mode)) {
		/* followed on the host, anywhere (B2) */
		c->ignore_link = 1;
		if ((real = realpath(abs, NULL)) != NULL) {
			rel = below(c->realdir, real);
			c->ignore_outside = rel == NULL || *rel == '\0';
			if (rel != NULL && *rel != '\0') {
				c->ignore_read = strdup(rel);
				free(real);
			} else
				c->ignore_read = real;
		}
	}
	return CTXPACK_OK;
}

/*
 * B2, the first that exists, never merged: --ignore-file (from the cwd;
 * missing: an error; empty: no rules), G.dockerignore, else
 * G.containerignore (stat follows links: a dangling one is absent, a
 * directory is taken and fails), DIR/.containerignore, DIR/.dockerignore.
 */
int
bh_choose_ignore(struct ctxpack_ctx *c)
{
	static const char *const suffix[2] = { ".dockerignore",
	    ".containerignore" };
	static const char *const root[2] = { ".containerignore",
	    ".dockerignore" };
	struct stat st;
	char *p;
	int found = 0, rc, i;

	if (c->opts.ignore_file != NULL) {
		char *abs = abs_path(c->opts.ignore_file);

		if (abs == NULL)
			return oom(c);
		rc = bh_read(c, abs, c->opts.ignore_file, BH_IGN_OPTION,
		    &found);
		free(abs);
		if (rc == CTXPACK_OK && !found)
			rc = ctx_fail(c, c->opts.ignore_file, ENOENT, "%s",
			    "can't read the ignore file");
		return rc;
	}
	for (i = 0; i < 2 && c->bh_g != NULL; i++) {
		size_t n = strlen(c->bh_g) + strlen(suffix[i]) + 1;

		if ((p = malloc(n)) == NULL)
			return oom(c);
		snprintf(p, n, "%s%s", c->bh_g, suffix[i]);
		if (stat(p, &st) == 0) {
			rc = bh_read(c, p, NULL, BH_IGN_PERFILE, &found);
			if (rc == CTXPACK_OK && !found)
				rc = ctx_fail(c, p, ENOENT, "%s", "can't read "
				    "the ignore file");
			free(p);
			return rc;
		}
		free(p);
	}
	for (i = 0; i < 2; i++) {
		if ((p = bh_join(c->realdir, root[i])) == NULL)
			return oom(c);
		rc = bh_read(c, p, NULL, BH_IGN_ROOT, &found);
		free(p);
		if (rc != CTXPACK_OK || found)
			return rc;
	}
	if (c->override != NULL) {
		/* ctx_open_as(): the .containerignore that would be written */
		if ((c->ignore_text = malloc(c->override_len + 1)) == NULL ||
		    (c->ignore_path = join(c->dir, root[0])) == NULL ||
		    (c->ignore_rel = strdup(root[0])) == NULL)
			return oom(c);
		memcpy(c->ignore_text, c->override, c->override_len);
		c->ignore_len = c->override_len;
		c->bh_ignore_kind = BH_IGN_ROOT;
		if (bh_rules_parse(c->rules, c->ignore_path, c->ignore_text,
		    c->ignore_len) != CTXPACK_OK)
			return ctx_parse_failed(c);
	}
	return CTXPACK_OK;
}

int
ctxpack_ctx_open(const char *dir, const struct ctxpack_opts *opts,
    struct ctxpack_ctx **cp)
{
	return ctx_open_as(dir, opts, NULL, 0, cp);
}

int
ctx_open_as(const char *dir, const struct ctxpack_opts *opts,
    const char *text, size_t len, struct ctxpack_ctx **cp)
{
	struct ctxpack_ctx *c;
	int rc;

	*cp = NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return CTXPACK_FATAL;
	*cp = c;
	c->override = text;
	c->override_len = len;
	c->dirfd = -1;
	c->df_lost_rule = -1;
	if (opts != NULL)
		c->opts = *opts;
	if ((c->dir = strdup(dir)) == NULL ||
	    (c->rules = ctxpack_rules_new()) == NULL)
		return oom(c);
	if ((c->realdir = realpath(dir, NULL)) == NULL)
		return ctx_fail(c, NULL, errno, "context directory %s", dir);
	if ((c->absdir = abs_path(dir)) == NULL)
		return ctx_fail(c, NULL, errno, "context directory %s", dir);
	if ((c->dirfd = open(c->realdir, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) < 0)
		return ctx_fail(c, NULL, errno, "context directory %s", dir);
	if (c->opts.builder == CTXPACK_BUILDAH &&
	    (c->opts.syntax != CTXPACK_SYNTAX_DOCKER ||
	    (c->opts.flags & CTXPACK_F_GITIGNORE)))
		return ctx_fail(c, NULL, 0, "%s", "buildah reads its ignore "
		    "file its own way: --syntax gitignore and --gitignore are "
		    "for the Docker builders");
	if (c->opts.ignore_text != NULL) {
		if ((c->opts.builder == CTXPACK_BUILDAH ?
		    bh_rules_parse(c->rules, "(patterns)", c->opts.ignore_text,
		    c->opts.ignore_len) : ctxpack_rules_parse(c->rules,
		    "(patterns)", c->opts.ignore_text, c->opts.ignore_len)) !=
		    CTXPACK_OK)
			return ctx_parse_failed(c);
		return CTXPACK_OK;
	}
	if (c->opts.builder == CTXPACK_BUILDAH) {
		/* B3: nothing is kept or added; a tar's extras: bhtar.c */
		if ((rc = bh_find_buildfile(c)) == CTXPACK_OK &&
		    (rc = bh_choose_ignore(c)) == CTXPACK_OK)
			rc = ctx_load_build(c);
		c->override = NULL;	/* borrowed: not kept past the open */
		c->opts.target = NULL;
		c->opts.build_args = NULL;
		c->opts.nbuild_args = 0;
		return rc;
	}
	if ((rc = find_dockerfile(c)) != CTXPACK_OK ||
	    (rc = choose_ignore(c)) != CTXPACK_OK)
		return rc;
	if (c->opts.builder == CTXPACK_CLASSIC &&
	    (rc = classic_build_files(c)) != CTXPACK_OK)
		return rc;
	if ((rc = tar_extras(c)) != CTXPACK_OK)
		return rc;
	rc = ctx_load_build(c);
	/* borrowed: not kept past the open */
	c->override = NULL;
	c->opts.target = NULL;
	c->opts.build_args = NULL;
	c->opts.nbuild_args = 0;
	return rc;
}

void
ctxpack_ctx_free(struct ctxpack_ctx *c)
{
	size_t i;

	if (c == NULL)
		return;
	if (c->dirfd >= 0)
		close(c->dirfd);
	ctxpack_rules_free(c->rules);
	for (i = 0; i < c->nextras; i++)
		free(c->extras[i].path);
	free(c->extras);
	free(c->skip);
	free(c->dir);
	free(c->absdir);
	free(c->why_path);
	free(c->realdir);
	free(c->ignore_path);
	free(c->ignore_rel);
	free(c->ignore_read);
	free(c->ignore_text);
	free(c->ignore_rewrite);
	free(c->dockerfile_rel);
	free(c->dockerfile_given);
	free(c->outside_df);
	free(c->bh_g);
	free(c->bh_tar_ignore);
	ctx_free_build(c);
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

void
ctxpack_ctx_info(const struct ctxpack_ctx *c, struct ctxpack_ctx_info *i)
{
	memset(i, 0, sizeof(*i));
	i->dir = c->dir;
	i->builder = c->opts.builder;
	i->dockerfile = c->dockerfile_rel;
	i->dockerfile_outside = c->outside_df != NULL ||
	    (c->bh_g != NULL && c->dockerfile_rel == NULL);
	i->dockerfile_stdin = c->df_stdin;
	i->ignore_file = c->ignore_path;
	i->ignore_read = c->ignore_read;
	i->ignore_outside = c->ignore_outside;
	i->ignore_unhonoured = c->ignore_unhonoured;
}

int
ctxpack_ctx_skip_file(struct ctxpack_ctx *c, const char *path)
{
	struct stat st;
	void *n;

	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
		return CTXPACK_OK;
	if ((n = realloc(c->skip, (c->nskip + 1) * sizeof(*c->skip))) == NULL)
		return oom(c);
	c->skip = n;
	c->skip[c->nskip].dev = st.st_dev;
	c->skip[c->nskip].ino = st.st_ino;
	c->nskip++;
	return CTXPACK_OK;
}

int
ctx_skipped(const struct ctxpack_ctx *c, const struct ctxpack_entry *e)
{
	size_t i;

	if (e->type != CTXPACK_T_FILE || e->data != NULL)
		return 0;	/* its bytes are ours (R27), not a file's */
	for (i = 0; i < c->nskip; i++)
		if (c->skip[i].dev == e->dev && c->skip[i].ino == e->ino)
			return 1;
	return 0;
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

/* The walk's messages, while the tar's thread writes: after its own. */
struct pack_diag {
	struct ctxpack_tar	*t;
	ctxpack_diag_fn		*fn;
	void			*arg;
};

static void
pack_diag(const struct ctxpack_diag *d, void *arg)
{
	struct pack_diag *pd = arg;

	tar_drain(pd->t);
	if (pd->fn != NULL)
		pd->fn(d, pd->arg);
}

int
ctxpack_pack(struct ctxpack_ctx *c, const struct ctxpack_tar_opts *o, int fd)
{
	struct pack_diag pd;
	struct ctxpack_tar_opts to;
	struct ctxpack_walk *w = NULL;
	struct ctxpack_tar *t = NULL;
	const struct ctxpack_entry *e;
	struct ctx_skip *skip = NULL;
	struct stat out;
	int rc, worst = CTXPACK_OK, self = 0;

	/* Never pack the archive into itself (-o or > inside the context). */
	if (fstat(fd, &out) == 0 && S_ISREG(out.st_mode))
		self = 1;
	/* the files never packed, as the tar writer meets them (lazy) */
	if ((skip = calloc(c->nskip + 1, sizeof(*skip))) == NULL) {
		(void)ctx_fail(c, NULL, ENOMEM, "%s", "out of memory");
		return CTXPACK_FATAL;
	}
	if (c->nskip > 0)
		memcpy(skip, c->skip, c->nskip * sizeof(*skip));
	if (self) {
		skip[c->nskip].dev = out.st_dev;
		skip[c->nskip].ino = out.st_ino;
	}
	if ((rc = ctxpack_walk_new(c, CTXPACK_WALK_TAR | CTXPACK_WALK_FRESH |
	    WALK_LAZY, &w)) != CTXPACK_OK) {
		free(skip);
		copy_err(c, w ? ctxpack_walk_error(w) : NULL);
		ctxpack_walk_free(w);
		return CTXPACK_FATAL;
	}
	memset(&to, 0, sizeof(to));
	if (o != NULL)
		to = *o;
	if (to.diag == NULL) {
		to.diag = c->opts.diag;
		to.diag_arg = c->opts.diag_arg;
	}
	if (c->opts.builder == CTXPACK_BUILDAH)
		to.flags |= CTXPACK_TAR_BUILDAH;
	if ((rc = ctxpack_tar_new(fd, &to, &t)) != CTXPACK_OK) {
		copy_err(c, t ? ctxpack_tar_error(t) : NULL);
		goto out;
	}
	tar_skip(t, skip, c->nskip + (size_t)self);
	tar_pipeline(t);
	pd.t = t;
	pd.fn = c->opts.diag;
	pd.arg = c->opts.diag_arg;
	c->opts.diag = pack_diag;
	c->opts.diag_arg = &pd;
	while ((rc = ctxpack_walk_next(w, &e)) == CTXPACK_OK) {
		if (self && e->type == CTXPACK_T_FILE && e->ino == out.st_ino &&
		    e->dev == out.st_dev)
			continue;
		if (ctx_skipped(c, e))
			continue;
		if (e->extra && e->dirfd >= 0 &&
		    c->opts.builder != CTXPACK_BUILDAH) {
			tar_drain(t);	/* after the messages before it */
			diag_emit(to.diag, to.diag_arg, CTXPACK_LEVEL_NOTE, NULL,
			    0, 0, "%s: the ignore file excludes it, but docker "
			    "build - reads it from the tar: packed anyway (COPY "
			    ". will copy it, as docker build DIR would not)",
			    e->path);
		}
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
	if (tar_warned(t))
		worst = CTXPACK_WARN;
	rc = ctxpack_walk_warnings(w) > 0 ? CTXPACK_WARN : worst;
out:
	if (c->opts.diag == pack_diag) {
		c->opts.diag = pd.fn;
		c->opts.diag_arg = pd.arg;
	}
	free(skip);
	ctxpack_tar_free(t);
	ctxpack_walk_free(w);
	return rc;
}
