/*
 * tarwrite.c: the tar writer.  libarchive's restricted pax format gives
 * ustar headers and a pax header only when one is needed (T9, T10); the
 * entry metadata is normalised the way the docker CLI does (T1-T8):
 * uid/gid 0 without names, mtime floored to seconds, permission and
 * special bits only, hardlinks by inode, security.capability kept.
 * libarchive writes the tar unbuffered to write_cb, which hands it to a
 * second libarchive writer that compresses (raw format, a filter) or
 * straight to our own large output buffer; so the tar bytes pass through
 * here, compressed or not.  File data is read from descriptors opened
 * relative to their directory.
 *
 * Two blocks of our own: a lead-in before a first entry that needs an
 * extended header (the docker CLI must see a tar in the first 512 bytes,
 * E2), and the poison that ends an aborted archive.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <locale.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "ctxpack_int.h"

#define OUTBUF	(1024 * 1024)
#define READBUF	(1024 * 1024)

struct hl {			/* inode -> first emitted name */
	ino_t	 ino;
	char	*name;
};

struct ctxpack_tar {
	struct archive		*a;
	struct archive		*z;		/* the compressor, or NULL */
	struct archive_entry	*ae;
	int			 fd;
	char			*out;
	size_t			 olen;
	char			*rbuf;
	uint64_t		 bytes;		/* tar bytes, before compression */
	int			 werr;		/* errno of a failed write */
	int			 dead;
	struct hl		*hl;
	size_t			 nhl, hlcap;
	ctxpack_diag_fn		*diag;
	void			*diag_arg;
	struct diagbuf		 err;
	char			*name;
	size_t			 ncap;
	locale_t		 loc;		/* C.UTF-8 for libarchive */
	unsigned		 flags;		/* CTXPACK_F_* */
	int			 have_epoch;
	int64_t			 epoch;
	int			 started;	/* a header was written */
	int			 finished;	/* ctxpack_tar_finish succeeded */
	uint64_t		 data_end;	/* where the last entry's data ends */
};

/*
 * Names are bytes.  libarchive converts them from the locale's charset
 * to UTF-8 for pax headers; under a UTF-8 locale (set for this thread
 * only, around each call) valid UTF-8 passes unchanged and other bytes
 * fall back to raw (hdrcharset=BINARY), as Go writes them.
 */
#define LOCALE_ON(t)	locale_t saved_loc = (t)->loc ? uselocale((t)->loc) : \
			    (locale_t)0
#define LOCALE_OFF(t)	do { if ((t)->loc) uselocale(saved_loc); } while (0)

static int
flush_out(struct ctxpack_tar *t)
{
	size_t off = 0;

	while (off < t->olen) {
		ssize_t n = write(t->fd, t->out + off, t->olen - off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			t->werr = errno;
			return -1;
		}
		off += (size_t)n;
	}
	t->olen = 0;
	return 0;
}

/* Bytes for the output: into the buffer, or straight through when big. */
static int
sink(struct ctxpack_tar *t, const void *buf, size_t len)
{
	const char *p = buf;
	size_t left = len;

	if (t->olen + len > OUTBUF) {
		if (flush_out(t) < 0)
			return -1;
		if (len >= OUTBUF / 2) {	/* big: straight through */
			while (left > 0) {
				ssize_t n = write(t->fd, p, left);

				if (n < 0) {
					if (errno == EINTR)
						continue;
					t->werr = errno;
					return -1;
				}
				p += n;
				left -= (size_t)n;
			}
			return 0;
		}
	}
	memcpy(t->out + t->olen, buf, len);
	t->olen += len;
	return 0;
}

/* The compressor's output. */
static la_ssize_t
zsink_cb(struct archive *a, void *arg, const void *buf, size_t len)
{
	struct ctxpack_tar *t = arg;

	(void)a;
	if (t->werr || sink(t, buf, len) < 0)
		return -1;
	return (la_ssize_t)len;
}

/* The tar writer's output, and our own blocks: tar bytes. */
static la_ssize_t
write_cb(struct archive *a, void *arg, const void *buf, size_t len)
{
	struct ctxpack_tar *t = arg;

	(void)a;
	if (t->werr)
		return -1;
	t->bytes += len;
	if (t->fd < 0)			/* counting only */
		return (la_ssize_t)len;
	if (t->z != NULL) {
		if (archive_write_data(t->z, buf, len) < 0)
			return -1;
	} else if (sink(t, buf, len) < 0)
		return -1;
	return (la_ssize_t)len;
}

/* A compression filter, its level, and no gzip timestamp when asked. */
static int
add_filter(struct archive *z, const struct ctxpack_opts *o)
{
	static const char *names[] = { NULL, "gzip", "zstd", "xz", "bzip2" };
	const char *name = names[o->compress];
	char lv[16];
	int rc;

	switch (o->compress) {
	case CTXPACK_COMPRESS_GZIP:
		rc = archive_write_add_filter_gzip(z);
		break;
	case CTXPACK_COMPRESS_ZSTD:
		rc = archive_write_add_filter_zstd(z);
		break;
	case CTXPACK_COMPRESS_XZ:
		rc = archive_write_add_filter_xz(z);
		break;
	case CTXPACK_COMPRESS_BZIP2:
		rc = archive_write_add_filter_bzip2(z);
		break;
	default:
		return ARCHIVE_FATAL;
	}
	if (rc != ARCHIVE_OK)
		return rc;
	if (o->level > 0) {
		snprintf(lv, sizeof(lv), "%d", o->level);
		if ((rc = archive_write_set_filter_option(z, name,
		    "compression-level", lv)) != ARCHIVE_OK)
			return rc;
	}
	if (o->compress == CTXPACK_COMPRESS_GZIP &&
	    (o->flags & CTXPACK_F_REPRODUCIBLE) &&
	    (rc = archive_write_set_filter_option(z, "gzip", "timestamp",
	    NULL)) != ARCHIVE_OK)
		return rc;
	return ARCHIVE_OK;
}

/*
 * The compressor: libarchive's raw format holds one entry whose data is
 * whatever it is given, here the tar, through the filter.
 */
static int
open_z(struct ctxpack_tar *t, const struct ctxpack_opts *o)
{
	struct archive_entry *ze;
	int rc;

	if ((t->z = archive_write_new()) == NULL)
		return ARCHIVE_FATAL;
	if ((rc = archive_write_set_format_raw(t->z)) != ARCHIVE_OK ||
	    (rc = add_filter(t->z, o)) != ARCHIVE_OK ||
	    (rc = archive_write_set_bytes_per_block(t->z, 0)) != ARCHIVE_OK ||
	    (rc = archive_write_open2(t->z, t, NULL, zsink_cb, NULL, NULL)) !=
	    ARCHIVE_OK)
		return rc;
	if ((ze = archive_entry_new()) == NULL)
		return ARCHIVE_FATAL;
	archive_entry_set_filetype(ze, AE_IFREG);
	rc = archive_write_header(t->z, ze);
	archive_entry_free(ze);
	return rc;
}

int
ctxpack_tar_new(int fd, const struct ctxpack_opts *opts,
    struct ctxpack_tar **tp)
{
	struct ctxpack_tar *t;

	*tp = NULL;
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return CTXPACK_FATAL;
	t->fd = fd;
	if (opts != NULL) {
		t->diag = opts->diag;
		t->diag_arg = opts->diag_arg;
		t->flags = opts->flags;
		t->have_epoch = opts->have_epoch;
		t->epoch = opts->epoch;
	}
	if ((t->out = malloc(OUTBUF)) == NULL ||
	    (t->rbuf = malloc(READBUF + 1)) == NULL ||
	    (t->a = archive_write_new()) == NULL ||
	    (t->ae = archive_entry_new()) == NULL) {
		ctxpack_tar_free(t);
		return CTXPACK_FATAL;
	}
	*tp = t;
	t->loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	if (fd >= 0 && opts != NULL && opts->compress != CTXPACK_COMPRESS_NONE &&
	    open_z(t, opts) != ARCHIVE_OK) {
		diag_set(&t->err, CTXPACK_LEVEL_ERROR, NULL, 0, 0,
		    "libarchive: %s", t->z ? archive_error_string(t->z) :
		    "out of memory");
		t->dead = 1;
		return CTXPACK_FATAL;
	}
	if (archive_write_set_format_pax_restricted(t->a) != ARCHIVE_OK ||
	    archive_write_set_bytes_per_block(t->a, 0) != ARCHIVE_OK ||
	    archive_write_open2(t->a, t, NULL, write_cb, NULL, NULL) !=
	    ARCHIVE_OK) {
		diag_set(&t->err, CTXPACK_LEVEL_ERROR, NULL, 0, 0,
		    "libarchive: %s", archive_error_string(t->a));
		t->dead = 1;
		return CTXPACK_FATAL;
	}
	return CTXPACK_OK;
}

static int
tar_fail(struct ctxpack_tar *t, const char *path, const char *what, int err)
{
	char q[1024];

	diag_set(&t->err, CTXPACK_LEVEL_ERROR, NULL, 0, 0, "%s%s%s%s%s",
	    path ? diag_quote(q, sizeof(q), path, strlen(path)) : "",
	    path ? ": " : "", what, err ? ": " : "", err ? strerror(err) : "");
	t->dead = 1;
	return CTXPACK_FATAL;
}

static void
tar_warn(struct ctxpack_tar *t, const char *path, const char *what)
{
	char q[1024];

	diag_emit(t->diag, t->diag_arg, CTXPACK_LEVEL_WARNING, NULL, 0, 0,
	    "%s: %s", diag_quote(q, sizeof(q), path, strlen(path)), what);
}

static int
write_fail(struct ctxpack_tar *t)
{
	if (t->werr) {
		tar_fail(t, NULL, "write error", t->werr);
		t->err.d.syserr = t->werr;
		return CTXPACK_FATAL;
	}
	if (t->z != NULL && archive_errno(t->z) != 0)
		return tar_fail(t, NULL, archive_error_string(t->z), 0);
	return tar_fail(t, NULL, archive_error_string(t->a), 0);
}

/*
 * security.capability, converted to the 20-byte v2 form as Go's
 * tarheader does with v3 data.
 */
static void
add_caps(struct archive_entry *ae, int fd)
{
	unsigned char v[64];
	ssize_t n = fgetxattr(fd, "security.capability", v, sizeof(v));

	if (n <= 0)
		return;
	if (n == 24 && v[3] == 0x03) {	/* VFS_CAP_REVISION_3 -> 2 */
		v[3] = 0x02;
		n = 20;
	}
	archive_entry_xattr_add_entry(ae, "security.capability", v, (size_t)n);
}

/* Tar name: the path, with '/' after a directory's (T1). */
static int
grow_name(struct ctxpack_tar *t, const struct ctxpack_entry *e)
{
	size_t need = e->pathlen + 2;

	if (need > t->ncap) {
		char *n = realloc(t->name, need);

		if (n == NULL)
			return -1;
		t->name = n;
		t->ncap = need;
	}
	memcpy(t->name, e->path, e->pathlen);
	need = e->pathlen;
	if (e->type == CTXPACK_T_DIR)
		t->name[need++] = '/';
	t->name[need] = '\0';
	return 0;
}

/* Hardlink map: open addressing on the inode number (T3 keys on it alone). */
static size_t
hl_slot(const struct ctxpack_tar *t, ino_t ino)
{
	size_t i = (size_t)(ino * 0x9e3779b97f4a7c15ULL) & (t->hlcap - 1);

	while (t->hl[i].name != NULL && t->hl[i].ino != ino)
		i = (i + 1) & (t->hlcap - 1);
	return i;
}

static struct hl *
hl_find(struct ctxpack_tar *t, ino_t ino)
{
	struct hl *h;

	if (t->hlcap == 0)
		return NULL;
	h = &t->hl[hl_slot(t, ino)];
	return h->name != NULL ? h : NULL;
}

static int
hl_add(struct ctxpack_tar *t, ino_t ino, const char *name)
{
	size_t i;

	if ((t->nhl + 1) * 2 > t->hlcap) {
		struct hl *old = t->hl;
		size_t oldcap = t->hlcap, nc = oldcap ? oldcap * 2 : 64;

		if ((t->hl = calloc(nc, sizeof(*t->hl))) == NULL) {
			t->hl = old;
			return -1;
		}
		t->hlcap = nc;
		for (i = 0; i < oldcap; i++)
			if (old[i].name != NULL)
				t->hl[hl_slot(t, old[i].ino)] = old[i];
		free(old);
	}
	i = hl_slot(t, ino);
	if ((t->hl[i].name = strdup(name)) == NULL)
		return -1;
	t->hl[i].ino = ino;
	t->nhl++;
	return 0;
}

static int64_t
entry_mtime(const struct ctxpack_tar *t, const struct ctxpack_entry *e)
{
	if (t->flags & CTXPACK_F_REPRODUCIBLE)
		return t->have_epoch ? t->epoch : 0;
	if (t->have_epoch && e->mtime > t->epoch)
		return t->epoch;
	return e->mtime;
}

static mode_t
entry_perm(const struct ctxpack_tar *t, const struct ctxpack_entry *e)
{
	if (!(t->flags & CTXPACK_F_NORMALIZE_MODES))
		return e->mode & 07777;
	if (e->type == CTXPACK_T_SYMLINK)
		return 0777;
	if (e->type == CTXPACK_T_DIR || (e->mode & S_IXUSR))
		return 0755;
	return 0644;
}

/*
 * Copy exactly SIZE bytes (the header's) from fd.  Each read asks for one
 * byte more than is left, so growth is seen without an extra call.
 */
static int
copy_data(struct ctxpack_tar *t, const struct ctxpack_entry *e, int fd,
    off_t size, int *warn)
{
	off_t left = size;
	int probed = 0;

	while (left > 0) {
		size_t want = left < READBUF ? (size_t)left + 1 : READBUF;
		ssize_t n = read(fd, t->rbuf, want);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return tar_fail(t, e->path, "read error", errno);
		}
		if (n == 0) {
			/* shrank: pad with zeros to the header's size */
			memset(t->rbuf, 0, READBUF);
			while (left > 0) {
				size_t z = left < READBUF ? (size_t)left :
				    READBUF;

				if (archive_write_data(t->a, t->rbuf, z) < 0)
					return write_fail(t);
				left -= (off_t)z;
			}
			tar_warn(t, e->path, "file shrank while read; "
			    "zero-padded to its size in the header");
			*warn = 1;
			return CTXPACK_OK;
		}
		if (want == (size_t)left + 1)
			probed = 1;
		if ((off_t)n > left) {
			n = (ssize_t)left;
			tar_warn(t, e->path, "file grew while read; cut to its "
			    "size in the header");
			*warn = 1;
		}
		if (archive_write_data(t->a, t->rbuf, (size_t)n) < 0)
			return write_fail(t);
		left -= n;
	}
	if (!probed && !*warn) {
		char c;

		if (read(fd, &c, 1) > 0) {
			tar_warn(t, e->path, "file grew while read; cut to "
			    "its size in the header");
			*warn = 1;
		}
	}
	return CTXPACK_OK;
}

/*
 * A ustar header block of type 'g', a pax global header with no records:
 * every pax reader takes it as "nothing changes" and lists nothing for
 * it; moby's Untar skips it.
 */
static void
global_block(char *blk, const char *name)
{
	unsigned sum = 0;
	size_t i;

	memset(blk, 0, 512);
	memcpy(blk, name, strlen(name));
	memcpy(blk + 100, "0000644", 8);	/* mode */
	memcpy(blk + 108, "0000000", 8);	/* uid */
	memcpy(blk + 116, "0000000", 8);	/* gid */
	memcpy(blk + 124, "00000000000", 12);	/* size */
	memcpy(blk + 136, "00000000000", 12);	/* mtime */
	blk[156] = 'g';
	memcpy(blk + 257, "ustar", 6);
	memcpy(blk + 263, "00", 2);
	memset(blk + 148, ' ', 8);
	for (i = 0; i < 512; i++)
		sum += (unsigned char)blk[i];
	snprintf(blk + 148, 7, "%06o", sum);
	blk[155] = ' ';
}

struct probe {
	unsigned char	blk[512];
	size_t		n;
};

static la_ssize_t
probe_cb(struct archive *a, void *arg, const void *buf, size_t len)
{
	struct probe *p = arg;
	size_t k = len < sizeof(p->blk) - p->n ? len : sizeof(p->blk) - p->n;

	(void)a;
	memcpy(p->blk + p->n, buf, k);
	p->n += k;
	return (la_ssize_t)len;
}

/*
 * Does libarchive begin this entry with an extended header?  Asked of a
 * scratch archive, so the answer is libarchive's own whatever the reason
 * (a long or non-ASCII name or link, a time or size beyond octal, an
 * xattr).
 */
static int
needs_ext(struct archive_entry *ae)
{
	struct archive *a;
	struct probe p;
	int ext = 0;

	p.n = 0;
	if ((a = archive_write_new()) == NULL)
		return 0;
	if (archive_write_set_format_pax_restricted(a) == ARCHIVE_OK &&
	    archive_write_set_bytes_per_block(a, 0) == ARCHIVE_OK &&
	    archive_write_open2(a, &p, NULL, probe_cb, NULL, NULL) ==
	    ARCHIVE_OK && archive_write_header(a, ae) >= ARCHIVE_WARN)
		ext = p.n == sizeof(p.blk) && p.blk[156] == 'x';
	archive_write_fail(a);
	archive_write_free(a);
	return ext;
}

/*
 * E2: the docker CLI takes `docker build -` input for a tar only if one
 * tar.Reader.Next() succeeds on its first 512 bytes; an extended header
 * there needs the next block, so the tar is read as a Dockerfile.  Before
 * such a first entry goes one empty pax global header, a whole header in
 * one block that every reader skips; the entries stay as they are.  (A
 * compressed stream is known by its magic, but gets the same tar inside,
 * for whoever decompresses it first.)
 */
static int
lead_in(struct ctxpack_tar *t, struct archive_entry *ae)
{
	char blk[512];

	t->started = 1;
	if (!needs_ext(ae))
		return 0;
	global_block(blk, "pax_global_header");
	return write_cb(t->a, t, blk, sizeof(blk)) < 0 ? -1 : 0;
}

static int	tar_add(struct ctxpack_tar *, const struct ctxpack_entry *);

int
ctxpack_tar_add(struct ctxpack_tar *t, const struct ctxpack_entry *e)
{
	int rc;
	LOCALE_ON(t);

	rc = tar_add(t, e);
	LOCALE_OFF(t);
	return rc;
}

static int
tar_add(struct ctxpack_tar *t, const struct ctxpack_entry *e)
{
	struct archive_entry *ae = t->ae;
	struct stat st;
	int fd = -1, warn = 0, rc;
	off_t size = 0;
	struct hl *h = NULL;

	if (t->dead)
		return CTXPACK_FATAL;
	if (e->type == CTXPACK_T_SOCK) {
		tar_warn(t, e->path, "socket not packed (tar cannot hold it)");
		return CTXPACK_WARN;
	}
	archive_entry_clear(ae);
	/* T3: any non-directory whose inode was already sent (inode only) */
	if (e->type != CTXPACK_T_DIR && e->nlink > 1 && e->dirfd >= 0 &&
	    (h = hl_find(t, e->ino)) != NULL)
		goto header;
	if (e->type == CTXPACK_T_FILE && e->dirfd >= 0 && t->fd >= 0) {
		fd = openat(e->dirfd, e->name, O_RDONLY | O_NOFOLLOW |
		    O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
		if (fd < 0) {
			if (errno == ENOENT || errno == ELOOP) {
				tar_warn(t, e->path, "vanished or replaced "
				    "while read; not packed");
				return CTXPACK_WARN;
			}
			return tar_fail(t, e->path, "can't read", errno);
		}
		if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
			close(fd);
			tar_warn(t, e->path, "replaced while read; not packed");
			return CTXPACK_WARN;
		}
		size = st.st_size;	/* fstat of the open file decides */
	} else if (e->type == CTXPACK_T_FILE)
		size = e->size;
header:
	if (grow_name(t, e) < 0)
		goto oom;
	archive_entry_copy_pathname(ae, t->name);
	archive_entry_set_uid(ae, 0);
	archive_entry_set_gid(ae, 0);
	archive_entry_set_mtime(ae, (time_t)entry_mtime(t, e), 0);
	archive_entry_set_perm(ae, entry_perm(t, e));
	switch (e->type) {
	case CTXPACK_T_DIR:
		archive_entry_set_filetype(ae, AE_IFDIR);
		break;
	case CTXPACK_T_SYMLINK:
		archive_entry_set_filetype(ae, AE_IFLNK);
		archive_entry_copy_symlink(ae, e->link ? e->link : "");
		break;
	case CTXPACK_T_FIFO:
		archive_entry_set_filetype(ae, AE_IFIFO);
		break;
	case CTXPACK_T_CHR:
	case CTXPACK_T_BLK:
		archive_entry_set_filetype(ae, e->type == CTXPACK_T_CHR ?
		    AE_IFCHR : AE_IFBLK);
		archive_entry_set_rdevmajor(ae, major(e->rdev));
		archive_entry_set_rdevminor(ae, minor(e->rdev));
		break;
	default:
		archive_entry_set_filetype(ae, AE_IFREG);
		/* counting: the header of a size under 8 GiB is as long
		 * whatever the size; its data is added, not written */
		if (t->fd < 0 && h == NULL && size < ((off_t)1 << 33)) {
			archive_entry_set_size(ae, 0);
			t->bytes += ((uint64_t)size + 511) & ~(uint64_t)511;
		} else
			archive_entry_set_size(ae, size);
		break;
	}
	if (h != NULL) {
		archive_entry_copy_hardlink(ae, h->name);
		archive_entry_set_size(ae, 0);
	}
	if (fd >= 0)
		add_caps(ae, fd);
	if (!t->started && lead_in(t, ae) < 0)
		rc = ARCHIVE_FATAL;
	else
		rc = archive_write_header(t->a, ae);
	if (rc < ARCHIVE_WARN) {
		if (fd >= 0)
			close(fd);
		return write_fail(t);
	}
	t->data_end = t->bytes;
	if (e->type == CTXPACK_T_FILE && h == NULL)
		t->data_end += (uint64_t)size;
	if (e->type == CTXPACK_T_FILE && h == NULL && t->fd < 0) {
		/* counting: libarchive pads the unwritten data with nulls */
		if (archive_write_finish_entry(t->a) < ARCHIVE_WARN)
			return write_fail(t);
	} else if (e->type == CTXPACK_T_FILE && h == NULL) {
		if (e->dirfd < 0) {
			if (e->data != NULL && size > 0 &&
			    archive_write_data(t->a, e->data, (size_t)size) < 0)
				return write_fail(t);
		} else {
			rc = copy_data(t, e, fd, size, &warn);
			close(fd);
			fd = -1;
			if (rc != CTXPACK_OK)
				return rc;
		}
	}
	if (e->type != CTXPACK_T_DIR && h == NULL && e->nlink > 1 &&
	    e->dirfd >= 0 && hl_add(t, e->ino, t->name) < 0)
		goto oom;
	if (fd >= 0)
		close(fd);
	return warn ? CTXPACK_WARN : CTXPACK_OK;
oom:
	if (fd >= 0)
		close(fd);
	return tar_fail(t, e->path, "out of memory", 0);
}

int
ctxpack_tar_finish(struct ctxpack_tar *t)
{
	if (t->dead)
		return CTXPACK_FATAL;
	if (archive_write_close(t->a) != ARCHIVE_OK)
		return write_fail(t);
	if (t->z != NULL && archive_write_close(t->z) != ARCHIVE_OK)
		return write_fail(t);
	if (flush_out(t) < 0)
		return write_fail(t);
	t->finished = 1;
	return CTXPACK_OK;
}

const struct ctxpack_diag *
ctxpack_tar_error(const struct ctxpack_tar *t)
{
	return diag_get(&t->err);
}

uint64_t
ctxpack_tar_bytes(const struct ctxpack_tar *t)
{
	return t->bytes;
}

/*
 * An aborted archive must not pass for a whole one, with any reader.
 * Leaving out the end-of-archive blocks is not enough: Go's tar reader
 * (docker) and GNU tar take a clean EOF between entries as the end, and
 * a bad header there ends Python's tarfile silently and is a warning only
 * to bsdtar (it resyncs).  So, at an entry boundary, the archive ends
 * with an empty pax global header, a block that is no header (its
 * checksum is not octal) and a part block:
 *   Python      a bad header right after an extended one is fatal
 *               (SubsequentHeaderError);
 *   Go, GNU tar the bad header is (archive/tar: invalid tar header;
 *               "Skipping to next header", exit 2);
 *   libarchive  the part block is (Truncated tar archive);
 *   docker CLI  the global header passes its 512-byte test even as the
 *               first block, so the daemon's reader fails, not a
 *               Dockerfile parse.
 * Inside an entry's data (a read error midway) nothing more is written:
 * a reader then meets the end of file inside the data, which every one
 * of them reports, while anything written there would be data to it and
 * could end that data early.  A compressed stream ends properly, with
 * the same tar inside.
 */
static void
poison(struct ctxpack_tar *t)
{
	static const char m[] = "ctxpack: ARCHIVE INCOMPLETE: packing failed; "
	    "do not use this context\n";
	char blk[4 * 512];
	size_t pad, n;

	if (t->fd < 0)
		return;
	if (t->bytes >= t->data_end) {
		/* finish the block libarchive was in (its padding is lazy) */
		pad = (size_t)((512 - t->bytes % 512) % 512);
		memset(blk, 0, pad);
		n = pad;
		global_block(blk + n, "ctxpack-ARCHIVE-INCOMPLETE");
		n += 512;
		memset(blk + n, '!', 512);
		memcpy(blk + n, m, sizeof(m) - 1);
		n += 512;
		memcpy(blk + n, m, sizeof(m) - 1);
		n += sizeof(m) - 1;
		if (write_cb(t->a, t, blk, n) < 0)
			return;
	}
	if (t->z != NULL && archive_write_close(t->z) != ARCHIVE_OK)
		return;
	flush_out(t);
}

void
ctxpack_tar_free(struct ctxpack_tar *t)
{
	size_t i;

	if (t == NULL)
		return;
	if (t->a != NULL) {
		/* not finished: we failed (dead), or the caller gave up (a
		 * walk error): either way the archive is incomplete */
		if (!t->finished) {
			archive_write_fail(t->a);
			if (!t->werr)
				poison(t);
		}
		archive_write_free(t->a);
	}
	if (t->z != NULL)
		archive_write_free(t->z);
	archive_entry_free(t->ae);
	for (i = 0; i < t->hlcap; i++)
		free(t->hl[i].name);
	free(t->hl);
	free(t->out);
	free(t->rbuf);
	free(t->name);
	if (t->loc)
		freelocale(t->loc);
	free(t);
}
