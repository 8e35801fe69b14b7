/*
 * tarentry.c: what one tar entry holds, decided in one place for the tar
 * writer (tarwrite.c) and the digest (digest.c), so that "equal digests,
 * equal tars" rests on one description: the tar name (T1), the kind, a
 * hard link to the first name sent of the same file (T3, keyed on device
 * and inode), the permission and special bits (T4, or normalised), the
 * mtime (T6, clamped or set to the epoch; for buildah rounded, B14),
 * the size fstat gives at open
 * and exactly that many bytes (cut or zero-padded when the file changes
 * meanwhile), and security.capability in the v2 form (T10).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "ctxpack_int.h"

#define READBUF	(1024 * 1024)

struct hl {			/* (device, inode) -> first name sent */
	dev_t	 dev;
	ino_t	 ino;
	char	*name;
};

int
tent_init(struct tent_state *s, const struct ctxpack_tar_opts *o,
    ctxpack_diag_fn *diag, void *diag_arg)
{
	memset(s, 0, sizeof(*s));
	if (o != NULL) {
		s->flags = o->flags;
		s->have_epoch = o->have_epoch;
		s->epoch = o->epoch;
	}
	s->diag = diag;
	s->diag_arg = diag_arg;
	return 0;
}

void
tent_free(struct tent_state *s)
{
	size_t i;

	for (i = 0; i < s->hlcap; i++)
		free(s->hl[i].name);
	free(s->hl);
	free(s->name);
	free(s->rbuf);
	free(s->xbuf);
	memset(s, 0, sizeof(*s));
}

static size_t
hl_slot(const struct tent_state *s, dev_t dev, ino_t ino)
{
	size_t i = (size_t)((ino ^ ((uint64_t)dev << 29)) *
	    0x9e3779b97f4a7c15ULL) & (s->hlcap - 1);

	while (s->hl[i].name != NULL && (s->hl[i].ino != ino ||
	    s->hl[i].dev != dev))
		i = (i + 1) & (s->hlcap - 1);
	return i;
}

static const char *
hl_find(const struct tent_state *s, dev_t dev, ino_t ino)
{
	if (s->hlcap == 0)
		return NULL;
	return s->hl[hl_slot(s, dev, ino)].name;
}

static int
hl_add(struct tent_state *s, dev_t dev, ino_t ino, const char *name)
{
	size_t i;

	if ((s->nhl + 1) * 2 > s->hlcap) {
		struct hl *old = s->hl;
		size_t oldcap = s->hlcap, nc = oldcap ? oldcap * 2 : 64;

		if ((s->hl = calloc(nc, sizeof(*s->hl))) == NULL) {
			s->hl = old;
			return -1;
		}
		s->hlcap = nc;
		for (i = 0; i < oldcap; i++)
			if (old[i].name != NULL)
				s->hl[hl_slot(s, old[i].dev, old[i].ino)] =
				    old[i];
		free(old);
	}
	i = hl_slot(s, dev, ino);
	if ((s->hl[i].name = strdup(name)) == NULL)
		return -1;
	s->hl[i].dev = dev;
	s->hl[i].ino = ino;
	s->nhl++;
	return 0;
}

static void
warn(struct tent_state *s, const char *path, const char *what)
{
	char q[1024];

	diag_emit(s->diag, s->diag_arg, CTXPACK_LEVEL_WARNING, NULL, 0, 0,
	    "%s: %s", diag_quote(q, sizeof(q), path, strlen(path)), what);
}

/* An error for the caller's handle: into err, CTXPACK_FATAL. */
static int
fail(struct diagbuf *err, const char *path, const char *what, int e)
{
	char q[1024];

	diag_set(err, CTXPACK_LEVEL_ERROR, NULL, 0, 0, "%s%s%s%s%s",
	    path ? diag_quote(q, sizeof(q), path, strlen(path)) : "",
	    path ? ": " : "", what, e ? ": " : "", e ? strerror(e) : "");
	err->d.syserr = e;
	return CTXPACK_FATAL;
}

static mode_t
perm(const struct tent_state *s, const struct ctxpack_entry *e)
{
	if (!(s->flags & CTXPACK_TAR_NORMALIZE_MODES))
		return e->mode & ((s->flags & CTXPACK_TAR_BUILDAH) ?
		    01777 : 07777);	/* B13: no setuid, no setgid */
	if (e->type == CTXPACK_T_SYMLINK)
		return 0777;
	if (e->type == CTXPACK_T_DIR || (e->mode & S_IXUSR))
		return 0755;
	return 0644;
}

static int64_t
mtime(const struct tent_state *s, const struct ctxpack_entry *e)
{
	int64_t t = e->mtime;

	if (s->flags & CTXPACK_TAR_REPRODUCIBLE)
		return s->have_epoch ? s->epoch : 0;
	if (s->flags & CTXPACK_TAR_BUILDAH) {
		/* B14: to the nearest second (halves up); nothing before
		 * 1970 but for symbolic links */
		if (e->mtime_nsec >= 500000000L)
			t++;
		if (t < 0 && e->type != CTXPACK_T_SYMLINK)
			t = 0;
	}
	if (s->have_epoch && t > s->epoch)
		return s->epoch;
	return t;
}

/* security.capability, converted to the 20-byte v2 form (Go's tarheader). */
static void
caps(struct tent *t, int fd)
{
	ssize_t n = fgetxattr(fd, "security.capability", t->caps,
	    sizeof(t->caps));

	t->ncaps = 0;
	if (n <= 0)
		return;
	if (n == 24 && t->caps[3] == 0x03) {	/* VFS_CAP_REVISION_3 -> 2 */
		t->caps[3] = 0x02;
		n = 20;
	}
	t->ncaps = (size_t)n;
}

/* The extended attributes buildah keeps (copier's relevantAttributes). */
static int
bh_relevant(const char *name)
{
	return strncmp(name, "user.", 5) == 0 ||
	    strcmp(name, "security.capability") == 0 ||
	    strcmp(name, "security.ima") == 0;
}

static int
namecmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * B14: the xattrs buildah copies, of the file or directory open on fd,
 * into s->xbuf (t->xattrs).  -1 only when memory runs out.
 */
static int
bh_xattrs(struct tent_state *s, struct tent *t, int fd)
{
	char list[65536], *names[512], val[65536];
	ssize_t n = flistxattr(fd, list, sizeof(list)), v;
	size_t nn = 0, i, len = 0;
	char *p;

	if (n <= 0)
		return 0;
	for (p = list; p < list + n && nn < 512; p += strlen(p) + 1)
		if (bh_relevant(p))
			names[nn++] = p;
	qsort(names, nn, sizeof(names[0]), namecmp);
	for (i = 0; i < nn; i++) {
		size_t nl = strlen(names[i]) + 1;

		if ((v = fgetxattr(fd, names[i], val, sizeof(val))) < 0)
			continue;
		if (mem_grow(&s->xbuf, &s->xcap, len + nl + 4 + (size_t)v,
		    1) < 0)
			return -1;
		memcpy(s->xbuf + len, names[i], nl);
		len += nl;
		s->xbuf[len++] = (char)((v >> 24) & 0xff);
		s->xbuf[len++] = (char)((v >> 16) & 0xff);
		s->xbuf[len++] = (char)((v >> 8) & 0xff);
		s->xbuf[len++] = (char)(v & 0xff);
		memcpy(s->xbuf + len, val, (size_t)v);
		len += (size_t)v;
	}
	t->xattrs = len > 0 ? s->xbuf : NULL;
	t->xattrslen = len;
	return 0;
}

int
tent_xattr(const struct tent *t, size_t *off, const char **name,
    const void **value, size_t *size)
{
	const unsigned char *u;
	size_t nl;

	if (t->xattrs == NULL || *off >= t->xattrslen)
		return 0;
	*name = t->xattrs + *off;
	nl = strlen(*name) + 1;
	u = (const unsigned char *)t->xattrs + *off + nl;
	*size = (size_t)u[0] << 24 | (size_t)u[1] << 16 | (size_t)u[2] << 8 |
	    u[3];
	*value = u + 4;
	*off += nl + 4 + *size;
	return 1;
}

/*
 * Hard links: a name of a file already sent, with its device; buildah
 * links regular files only (B12).
 */
static int
linkable(const struct tent_state *s, const struct ctxpack_entry *e)
{
	if ((s->flags & CTXPACK_TAR_BUILDAH) && e->type != CTXPACK_T_FILE)
		return 0;
	return e->type != CTXPACK_T_DIR && e->nlink > 1 && e->data == NULL;
}

void
tent_skip(struct tent_state *s, const struct ctx_skip *skip, size_t n)
{
	s->skip = skip;
	s->nskip = n;
}

/* The file's xattrs: Docker's security.capability, or buildah's. */
static int
xattrs_of(struct tent_state *s, struct tent *t, const struct ctxpack_entry *e,
    struct diagbuf *err)
{
	if (!(s->flags & CTXPACK_TAR_BUILDAH))
		caps(t, t->fd);
	else if (bh_xattrs(s, t, t->fd) < 0)
		return fail(err, e->path, "out of memory", 0);
	return CTXPACK_OK;
}

/* Open a regular file to read it: -1 with a status in *rc. */
static int
open_file(struct tent_state *s, const struct ctxpack_entry *e, int *rc,
    struct diagbuf *err)
{
	int fd = openat(e->dirfd, e->name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC |
	    O_NOCTTY | O_NONBLOCK);

	if (fd >= 0)
		return fd;
	if (errno == ENOENT || errno == ELOOP) {
		warn(s, e->path, "vanished or replaced while read; not packed");
		*rc = CTXPACK_WARN;
	} else
		*rc = fail(err, e->path, "can't read", errno);
	return -1;
}

int
tent_open(struct tent_state *s, const struct ctxpack_entry *e, int noread,
    struct tent *t, struct diagbuf *err)
{
	size_t need = e->pathlen + 2, i;
	struct ctxpack_entry le;
	struct stat st;
	int rc, lazy;

	memset(t, 0, sizeof(*t));
	t->fd = -1;
	if (e->type == CTXPACK_T_SOCK) {
		warn(s, e->path, "socket not packed (tar cannot hold it)");
		return CTXPACK_WARN;
	}
	lazy = e->type == CTXPACK_T_FILE && e->nlink == 0 && e->dirfd >= 0 &&
	    e->data == NULL;
	if (lazy) {
		/* WALK_LAZY: the stat of the descriptor read, not of a name */
		if (noread) {
			if (fstatat(e->dirfd, e->name, &st,
			    AT_SYMLINK_NOFOLLOW) < 0) {
				if (errno != ENOENT)
					return fail(err, e->path, "can't stat",
					    errno);
				warn(s, e->path, "vanished while read; not "
				    "packed");
				return CTXPACK_WARN;
			}
		} else {
			if ((t->fd = open_file(s, e, &rc, err)) < 0)
				return rc;
			if (fstat(t->fd, &st) < 0) {
				rc = fail(err, e->path, "can't stat", errno);
				tent_abort(t);
				return rc;
			}
		}
		if (!S_ISREG(st.st_mode)) {
			tent_abort(t);
			warn(s, e->path, "replaced while read; not packed");
			return CTXPACK_WARN;
		}
		for (i = 0; i < s->nskip; i++)
			if (s->skip[i].dev == st.st_dev &&
			    s->skip[i].ino == st.st_ino) {
				tent_abort(t);
				return TENT_SKIP;
			}
		le = *e;
		entry_fill_stat(&le, &st);
		e = &le;
	}
	if (need > s->ncap) {
		char *n = realloc(s->name, need);

		if (n == NULL)
			return fail(err, e->path, "out of memory", 0);
		s->name = n;
		s->ncap = need;
	}
	memcpy(s->name, e->path, e->pathlen);
	need = e->pathlen;
	if (e->type == CTXPACK_T_DIR)
		s->name[need++] = '/';
	s->name[need] = '\0';
	t->name = s->name;
	t->namelen = need;
	t->type = e->type;
	t->perm = perm(s, e);
	t->mtime = mtime(s, e);
	t->rdev = e->rdev;
	t->link = e->type == CTXPACK_T_SYMLINK ? (e->link ? e->link : "") :
	    NULL;
	t->linkable = linkable(s, e);
	t->dev = e->dev;
	t->ino = e->ino;
	if (t->linkable && (t->hardlink = hl_find(s, e->dev, e->ino)) != NULL) {
		tent_abort(t);	/* a lazy entry's file is not read */
		return CTXPACK_OK;
	}
	if (e->type == CTXPACK_T_DIR && (s->flags & CTXPACK_TAR_BUILDAH) &&
	    e->dirfd >= 0 && !noread && !e->excluded) {
		int fd = openat(e->dirfd, e->name, O_RDONLY | O_DIRECTORY |
		    O_NOFOLLOW | O_CLOEXEC);

		if (fd >= 0) {
			rc = bh_xattrs(s, t, fd);
			close(fd);
			if (rc < 0)
				return fail(err, e->path, "out of memory", 0);
		}
	}
	if (e->type != CTXPACK_T_FILE)
		return CTXPACK_OK;
	t->size = e->size;
	t->data = e->data;
	if (e->dirfd < 0 || noread)
		return CTXPACK_OK;
	if (lazy)
		return xattrs_of(s, t, e, err);
	if ((t->fd = open_file(s, e, &rc, err)) < 0)
		return rc;
	if (fstat(t->fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(t->fd);
		t->fd = -1;
		warn(s, e->path, "replaced while read; not packed");
		return CTXPACK_WARN;
	}
	t->size = st.st_size;	/* the open file's size decides */
	return xattrs_of(s, t, e, err);
}

int
tent_data(struct tent_state *s, const struct ctxpack_entry *e,
    struct tent *t, int (*sink)(void *, const void *, size_t), void *arg,
    struct diagbuf *err)
{
	off_t left = t->size;
	int probed = 0, warned = 0;

	if (t->hardlink != NULL || t->type != CTXPACK_T_FILE)
		return CTXPACK_OK;
	if (t->fd < 0) {
		if (t->data != NULL && left > 0 &&
		    sink(arg, t->data, (size_t)left) < 0)
			return CTXPACK_FATAL;
		return CTXPACK_OK;
	}
	if (s->rbuf == NULL && (s->rbuf = malloc(READBUF)) == NULL)
		return fail(err, e->path, "out of memory", 0);
	/* each read asks for a byte more than is left: growth is seen */
	while (left > 0) {
		size_t cap = READBUF, want;
		char *buf = s->readbuf != NULL ? s->readbuf(arg, &cap) : NULL;
		ssize_t n;

		if (buf == NULL) {
			buf = s->rbuf;
			cap = READBUF;
		}
		want = (uint64_t)left < cap ? (size_t)left + 1 : cap;
		n = read(t->fd, buf, want);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return fail(err, e->path, "read error", errno);
		}
		if (n == 0) {
			memset(s->rbuf, 0, READBUF);
			while (left > 0) {
				size_t z = left < READBUF ? (size_t)left :
				    READBUF;

				if (sink(arg, s->rbuf, z) < 0)
					return CTXPACK_FATAL;
				left -= (off_t)z;
			}
			warn(s, e->path, "file shrank while read; zero-padded "
			    "to its size at open");
			return CTXPACK_WARN;
		}
		if (want == (size_t)left + 1)
			probed = 1;
		if ((off_t)n > left) {
			n = (ssize_t)left;
			warn(s, e->path, "file grew while read; cut to its size "
			    "at open");
			warned = 1;
		}
		if (sink(arg, buf, (size_t)n) < 0)
			return CTXPACK_FATAL;
		left -= n;
	}
	if (!probed && !warned) {
		char c;

		if (read(t->fd, &c, 1) > 0) {
			warn(s, e->path, "file grew while read; cut to its "
			    "size at open");
			warned = 1;
		}
	}
	return warned ? CTXPACK_WARN : CTXPACK_OK;
}

int
tent_done(struct tent_state *s, const struct ctxpack_entry *e,
    struct tent *t, struct diagbuf *err)
{
	if (t->fd >= 0) {
		close(t->fd);
		t->fd = -1;
	}
	(void)e;
	if (t->hardlink == NULL && t->linkable &&
	    hl_add(s, t->dev, t->ino, t->name) < 0)
		return fail(err, e->path, "out of memory", 0);
	return CTXPACK_OK;
}

void
tent_abort(struct tent *t)
{
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
}
