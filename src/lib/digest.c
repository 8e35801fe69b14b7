/*
 * digest.c: a content digest of the build context (xxh3-128), computed
 * from what ctxpack_pack would write, without the tar: every entry a
 * normal walk sends, in tar order, with the fields the reproducible tar
 * holds (name, type, permission and special bits as the handle's
 * CTXPACK_F_NORMALIZE_MODES leaves them, size, link targets, device
 * numbers, security.capability, file bytes) and none it does not (mtimes,
 * owners, inode numbers).  Files are read the way the tar
 * writer reads them: their size is the one fstat gives at open, a file
 * that grows is cut and one that shrinks is zero-padded to it, and a
 * second name of an inode already sent is a hard link to the first (T3).
 *
 * Encoding (version 1): the tag "ctxpack-digest/1" with its length, then
 * one record per entry:
 *	name	u64 length, bytes (tar name: directories end in '/')
 *	kind	u8: 'f' file, 'd' dir, 'l' symlink, 'h' hard link, 'p' fifo,
 *		'c' char device, 'b' block device
 *	mode	u32 (st_mode & 07777, or 0644/0755/0777 with
 *		CTXPACK_F_NORMALIZE_MODES, as the tar has it)
 *	then by kind:
 *	  f	size u64, capability u64 length + bytes, then size bytes
 *	  l, h	target u64 length + bytes
 *	  c, b	major u32, minor u32
 *	  h	for a hard link to a device, major u32, minor u32 after
 *		the target
 * Integers are little-endian.  Every variable field is length-prefixed
 * and the kind fixes which fields follow, so the encoding of a sequence
 * of entries is unambiguous.  A per-directory digest is the same tag
 * followed by the records of one top-level entry and all below it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "ctxpack_int.h"

#define DIGEST_TAG	"ctxpack-digest/1"
#define READBUF		(1024 * 1024)

struct dhl {			/* inode -> first name, as tarwrite.c keys */
	ino_t	 ino;
	char	*name;
};

struct dstate {
	struct ctxpack_ctx	*c;
	XXH3_state_t		*xs;
	char			*rbuf;
	struct dhl		*hl;
	size_t			 nhl, hlcap;
	char			*name;		/* tar name of the entry */
	size_t			 ncap;
	char			*top;		/* per-dir: current group */
	size_t			 topcap;
	int			 ingroup;
	int			 warn;
	void			(*cb)(const char *, const unsigned char[16],
				    void *);
	void			*arg;
};

static int
d_fail(struct dstate *s, const char *path, const char *what, int err)
{
	char q[1024];

	diag_set(&s->c->err, CTXPACK_LEVEL_ERROR, NULL, 0, 0, "%s%s%s%s%s",
	    path ? diag_quote(q, sizeof(q), path, strlen(path)) : "",
	    path ? ": " : "", what, err ? ": " : "", err ? strerror(err) : "");
	s->c->err.d.syserr = err;
	return CTXPACK_FATAL;
}

static void
d_warn(struct dstate *s, const char *path, const char *what)
{
	char q[1024];

	s->warn = 1;
	diag_emit(s->c->opts.diag, s->c->opts.diag_arg, CTXPACK_LEVEL_WARNING,
	    NULL, 0, 0, "%s: %s", diag_quote(q, sizeof(q), path, strlen(path)),
	    what);
}

static void
put_u8(struct dstate *s, unsigned v)
{
	unsigned char b = (unsigned char)v;

	XXH3_128bits_update(s->xs, &b, 1);
}

static void
put_u32(struct dstate *s, uint32_t v)
{
	unsigned char b[4];
	int i;

	for (i = 0; i < 4; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	XXH3_128bits_update(s->xs, b, sizeof(b));
}

static void
put_u64(struct dstate *s, uint64_t v)
{
	unsigned char b[8];
	int i;

	for (i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	XXH3_128bits_update(s->xs, b, sizeof(b));
}

static void
put_bytes(struct dstate *s, const void *p, size_t len)
{
	put_u64(s, (uint64_t)len);
	if (len > 0)
		XXH3_128bits_update(s->xs, p, len);
}

static void
d_reset(struct dstate *s)
{
	XXH3_128bits_reset(s->xs);
	put_bytes(s, DIGEST_TAG, sizeof(DIGEST_TAG) - 1);
}

static void
d_final(struct dstate *s, unsigned char out[16])
{
	XXH128_canonical_t cn;

	XXH128_canonicalFromHash(&cn, XXH3_128bits_digest(s->xs));
	memcpy(out, cn.digest, 16);
}

static int
grow(char **p, size_t *cap, size_t need)
{
	char *n;

	if (need <= *cap)
		return 0;
	if ((n = realloc(*p, need)) == NULL)
		return -1;
	*p = n;
	*cap = need;
	return 0;
}

/* Hard link map: open addressing on the inode number alone (T3). */
static size_t
hl_slot(const struct dstate *s, ino_t ino)
{
	size_t i = (size_t)(ino * 0x9e3779b97f4a7c15ULL) & (s->hlcap - 1);

	while (s->hl[i].name != NULL && s->hl[i].ino != ino)
		i = (i + 1) & (s->hlcap - 1);
	return i;
}

static const char *
hl_find(const struct dstate *s, ino_t ino)
{
	if (s->hlcap == 0)
		return NULL;
	return s->hl[hl_slot(s, ino)].name;
}

static int
hl_add(struct dstate *s, ino_t ino, const char *name)
{
	size_t i;

	if ((s->nhl + 1) * 2 > s->hlcap) {
		struct dhl *old = s->hl;
		size_t oldcap = s->hlcap, nc = oldcap ? oldcap * 2 : 64;

		if ((s->hl = calloc(nc, sizeof(*s->hl))) == NULL) {
			s->hl = old;
			return -1;
		}
		s->hlcap = nc;
		for (i = 0; i < oldcap; i++)
			if (old[i].name != NULL)
				s->hl[hl_slot(s, old[i].ino)] = old[i];
		free(old);
	}
	i = hl_slot(s, ino);
	if ((s->hl[i].name = strdup(name)) == NULL)
		return -1;
	s->hl[i].ino = ino;
	s->nhl++;
	return 0;
}

/* The permission bits the tar holds (tarwrite.c entry_perm). */
static uint32_t
perm(const struct dstate *s, const struct ctxpack_entry *e)
{
	if (!(s->c->opts.flags & CTXPACK_F_NORMALIZE_MODES))
		return (uint32_t)(e->mode & 07777);
	if (e->type == CTXPACK_T_SYMLINK)
		return 0777;
	if (e->type == CTXPACK_T_DIR || (e->mode & S_IXUSR))
		return 0755;
	return 0644;
}

/* security.capability as the tar writer stores it (v3 -> v2). */
static void
put_caps(struct dstate *s, int fd)
{
	unsigned char v[64];
	ssize_t n = fgetxattr(fd, "security.capability", v, sizeof(v));

	if (n <= 0) {
		put_u64(s, 0);
		return;
	}
	if (n == 24 && v[3] == 0x03) {
		v[3] = 0x02;
		n = 20;
	}
	put_bytes(s, v, (size_t)n);
}

/*
 * Exactly SIZE bytes from fd, as the tar writer copies them: cut if the
 * file grew, zero-padded if it shrank (with a warning either way).
 */
static int
put_data(struct dstate *s, const struct ctxpack_entry *e, int fd, off_t size)
{
	off_t left = size;
	int probed = 0;

	while (left > 0) {
		size_t want = left < READBUF ? (size_t)left + 1 : READBUF;
		ssize_t n = read(fd, s->rbuf, want);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return d_fail(s, e->path, "read error", errno);
		}
		if (n == 0) {
			memset(s->rbuf, 0, READBUF);
			while (left > 0) {
				size_t z = left < READBUF ? (size_t)left :
				    READBUF;

				XXH3_128bits_update(s->xs, s->rbuf, z);
				left -= (off_t)z;
			}
			d_warn(s, e->path, "file shrank while read; "
			    "zero-padded to its size at open, as pack does");
			return CTXPACK_OK;
		}
		if (want == (size_t)left + 1)
			probed = 1;
		if ((off_t)n > left) {
			n = (ssize_t)left;
			d_warn(s, e->path, "file grew while read; cut to its "
			    "size at open, as pack does");
		}
		XXH3_128bits_update(s->xs, s->rbuf, (size_t)n);
		left -= n;
	}
	if (!probed) {
		char ch;

		if (read(fd, &ch, 1) > 0)
			d_warn(s, e->path, "file grew while read; cut to its "
			    "size at open, as pack does");
	}
	return CTXPACK_OK;
}

/* The group (top-level entry) PATH belongs to: its first component. */
static int
group_name(struct dstate *s, const struct ctxpack_entry *e, size_t *lenp)
{
	const char *slash = memchr(e->path, '/', e->pathlen);
	size_t n = slash ? (size_t)(slash - e->path) : e->pathlen;
	int dir = slash != NULL || e->type == CTXPACK_T_DIR;

	if (grow(&s->name, &s->ncap, n + 2) < 0)
		return -1;
	memcpy(s->name, e->path, n);
	if (dir)
		s->name[n++] = '/';
	s->name[n] = '\0';
	*lenp = n;
	return 0;
}

static void
end_group(struct dstate *s)
{
	unsigned char d[16];

	if (!s->ingroup)
		return;
	d_final(s, d);
	s->cb(s->top, d, s->arg);
	s->ingroup = 0;
}

/* Per-dir mode: close the current group if E starts another one. */
static int
switch_group(struct dstate *s, const struct ctxpack_entry *e)
{
	size_t n;

	if (group_name(s, e, &n) < 0)
		return -1;
	if (s->ingroup && strcmp(s->top, s->name) == 0)
		return 0;
	end_group(s);
	if (grow(&s->top, &s->topcap, n + 1) < 0)
		return -1;
	memcpy(s->top, s->name, n + 1);
	d_reset(s);
	s->ingroup = 1;
	return 0;
}

static int
put_entry(struct dstate *s, const struct ctxpack_entry *e)
{
	const char *target = NULL;
	struct stat st;
	off_t size = 0;
	int fd = -1, rc = CTXPACK_OK, dev;
	size_t n;

	if (e->type == CTXPACK_T_SOCK) {
		d_warn(s, e->path, "socket not packed (tar cannot hold it)");
		return CTXPACK_OK;
	}
	if (e->type != CTXPACK_T_DIR && e->nlink > 1 && e->dirfd >= 0)
		target = hl_find(s, e->ino);
	if (target == NULL && e->type == CTXPACK_T_FILE && e->dirfd >= 0) {
		fd = openat(e->dirfd, e->name, O_RDONLY | O_NOFOLLOW |
		    O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
		if (fd < 0) {
			if (errno == ENOENT || errno == ELOOP) {
				d_warn(s, e->path, "vanished or replaced "
				    "while read; not packed");
				return CTXPACK_OK;
			}
			return d_fail(s, e->path, "can't read", errno);
		}
		if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
			close(fd);
			d_warn(s, e->path, "replaced while read; not packed");
			return CTXPACK_OK;
		}
		size = st.st_size;
	} else if (e->type == CTXPACK_T_FILE)
		size = e->size;
	if (s->cb != NULL && switch_group(s, e) < 0)
		goto oom;
	n = e->pathlen;
	if (grow(&s->name, &s->ncap, n + 2) < 0)
		goto oom;
	memcpy(s->name, e->path, n);
	if (e->type == CTXPACK_T_DIR)
		s->name[n++] = '/';
	s->name[n] = '\0';
	put_bytes(s, s->name, n);
	dev = e->type == CTXPACK_T_CHR || e->type == CTXPACK_T_BLK;
	if (target != NULL) {
		put_u8(s, 'h');
		put_u32(s, perm(s, e));
		put_bytes(s, target, strlen(target));
		if (dev) {
			put_u32(s, (uint32_t)major(e->rdev));
			put_u32(s, (uint32_t)minor(e->rdev));
		}
		return CTXPACK_OK;
	}
	switch (e->type) {
	case CTXPACK_T_DIR:
		put_u8(s, 'd');
		put_u32(s, perm(s, e));
		break;
	case CTXPACK_T_SYMLINK:
		put_u8(s, 'l');
		put_u32(s, perm(s, e));
		put_bytes(s, e->link ? e->link : "", e->link ?
		    strlen(e->link) : 0);
		break;
	case CTXPACK_T_FIFO:
		put_u8(s, 'p');
		put_u32(s, perm(s, e));
		break;
	case CTXPACK_T_CHR:
	case CTXPACK_T_BLK:
		put_u8(s, e->type == CTXPACK_T_CHR ? 'c' : 'b');
		put_u32(s, perm(s, e));
		put_u32(s, (uint32_t)major(e->rdev));
		put_u32(s, (uint32_t)minor(e->rdev));
		break;
	default:
		put_u8(s, 'f');
		put_u32(s, perm(s, e));
		put_u64(s, (uint64_t)size);
		if (fd >= 0) {
			put_caps(s, fd);
			rc = put_data(s, e, fd, size);
			close(fd);
			fd = -1;
			if (rc != CTXPACK_OK)
				return rc;
		} else {
			put_u64(s, 0);
			if (size > 0 && e->data != NULL)
				XXH3_128bits_update(s->xs, e->data,
				    (size_t)size);
		}
		break;
	}
	if (e->type != CTXPACK_T_DIR && e->nlink > 1 && e->dirfd >= 0 &&
	    hl_add(s, e->ino, s->name) < 0)
		goto oom;
	return CTXPACK_OK;
oom:
	if (fd >= 0)
		close(fd);
	return d_fail(s, e->path, "out of memory", 0);
}

static int
digest_run(struct ctxpack_ctx *c, unsigned char out[16],
    void (*cb)(const char *, const unsigned char[16], void *), void *arg)
{
	struct ctxpack_walk *w = NULL;
	const struct ctxpack_entry *e;
	struct dstate s;
	unsigned saved = c->opts.flags;
	struct ctxpack_cache *cache = c->opts.cache;
	size_t i;
	int rc;

	memset(&s, 0, sizeof(s));
	s.c = c;
	s.cb = cb;
	s.arg = arg;
	if ((s.xs = XXH3_createState()) == NULL ||
	    (s.rbuf = malloc(READBUF)) == NULL) {
		rc = d_fail(&s, NULL, "out of memory", 0);
		goto out;
	}
	d_reset(&s);
	/*
	 * A normal walk, whatever the handle was opened for, that sees the
	 * tree as it is now (no listing cache), as ctxpack_pack must.
	 */
	c->opts.flags = saved & ~(CTXPACK_F_NOSTAT | CTXPACK_F_ALL);
	c->opts.cache = NULL;
	rc = ctxpack_walk_new(c, &w);
	c->opts.flags = saved;
	c->opts.cache = cache;
	if (rc != CTXPACK_OK) {
		if (w != NULL && ctxpack_walk_error(w) != NULL) {
			const struct ctxpack_diag *d = ctxpack_walk_error(w);

			diag_set(&c->err, d->level, d->file, d->line, d->col,
			    "%s", d->msg);
			c->err.d.syserr = d->syserr;
		} else
			d_fail(&s, NULL, "out of memory", 0);
		rc = CTXPACK_FATAL;
		goto out;
	}
	while ((rc = ctxpack_walk_next(w, &e)) == CTXPACK_OK)
		if ((rc = put_entry(&s, e)) != CTXPACK_OK)
			goto out;
	if (rc == CTXPACK_FATAL) {
		const struct ctxpack_diag *d = ctxpack_walk_error(w);

		diag_set(&c->err, d->level, d->file, d->line, d->col, "%s",
		    d->msg);
		c->err.d.syserr = d->syserr;
		goto out;
	}
	if (cb != NULL)
		end_group(&s);
	else
		d_final(&s, out);
	rc = s.warn || ctxpack_walk_warnings(w) > 0 ? CTXPACK_WARN :
	    CTXPACK_OK;
out:
	ctxpack_walk_free(w);
	for (i = 0; i < s.hlcap; i++)
		free(s.hl[i].name);
	free(s.hl);
	free(s.name);
	free(s.top);
	free(s.rbuf);
	if (s.xs != NULL)
		XXH3_freeState(s.xs);
	return rc;
}

int
ctxpack_digest(struct ctxpack_ctx *c, unsigned char out[16])
{
	memset(out, 0, 16);
	return digest_run(c, out, NULL, NULL);
}

int
ctxpack_digest_per_dir(struct ctxpack_ctx *c,
    void (*cb)(const char *, const unsigned char[16], void *), void *arg)
{
	if (cb == NULL)
		return CTXPACK_OK;
	return digest_run(c, NULL, cb, arg);
}
