/*
 * tarwrite.c: the tar writer.  libarchive's restricted pax format gives
 * ustar headers and a pax header only when one is needed (T9, T10); each
 * entry is what tarentry.c says it holds (T1-T8: uid/gid 0 without names,
 * mtime floored to seconds, permission and special bits, hard links,
 * security.capability).  libarchive writes the tar unbuffered to
 * write_cb, which hands it to a second libarchive writer that compresses
 * (raw format, a filter) or straight to our own large output buffer; so
 * the tar bytes pass through here, compressed or not.
 *
 * Two blocks of our own: a lead-in before a first entry that needs an
 * extended header (the docker CLI must see a tar in the first 512 bytes,
 * E2), and the poison that ends an aborted archive.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "ctxpack_int.h"

#define OUTBUF	(1024 * 1024)

struct ctxpack_tar {
	struct archive		*a;
	struct archive		*z;		/* the compressor, or NULL */
	struct archive_entry	*ae;
	int			 fd;
	char			*out;
	size_t			 olen;
	uint64_t		 bytes;		/* tar bytes, before compression */
	int			 werr;		/* errno of a failed write */
	int			 dead;
	int			 started;	/* a header was written */
	int			 finished;	/* ctxpack_tar_finish succeeded */
	uint64_t		 data_end;	/* where the last entry's data ends */
	struct tent_state	 ts;		/* what each entry holds */
	void			(*progress)(uint64_t, uint64_t, void *);
	void			*progress_arg;
	uint64_t		 nfiles;	/* entries added, for progress */
	uint64_t		 ndata;		/* file bytes added */
	uint64_t		 nextp;		/* progress at this many bytes */
	struct diagbuf		 err;
	locale_t		 loc;		/* C.UTF-8 for libarchive */
	struct tpipe		*pipe;		/* the data thread, or NULL */
	uint64_t		 dstart, dend;	/* file data it writes */
	int			 late_warn;	/* it warned (tar_warned) */
	int			 pipe_mid;	/* it stopped inside data */
	ctxpack_diag_fn		*udiag;		/* the caller's warnings */
	void			*udiag_arg;
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
	if (buf != t->out + t->olen)	/* else read there (out_room) */
		memcpy(t->out + t->olen, buf, len);
	t->olen += len;
	return 0;
}

/*
 * Room at the end of the output buffer for tent_data to read a file's
 * bytes into: libarchive hands them on unbuffered (bytes_per_block 0),
 * so they reach sink() where they already are.  Uncompressed output only.
 */
static void *
out_room(void *arg, size_t *cap)
{
	struct ctxpack_tar *t = arg;

	if (t->z != NULL || t->fd < 0 || t->werr)
		return NULL;
	if (OUTBUF - t->olen < OUTBUF / 16 && flush_out(t) < 0)
		return NULL;
	*cap = OUTBUF - t->olen;
	return t->out + t->olen;
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

static int	pipe_sink(struct ctxpack_tar *, const void *, size_t);

/* The tar writer's output, and our own blocks: tar bytes. */
static la_ssize_t
write_cb(struct archive *a, void *arg, const void *buf, size_t len)
{
	struct ctxpack_tar *t = arg;

	(void)a;
	if (t->werr)
		return -1;
	if (t->pipe != NULL) {	/* the data thread: libarchive is its */
		if (pipe_sink(t, buf, len) < 0)
			return -1;
		t->bytes += len;
		return (la_ssize_t)len;
	}
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
add_filter(struct archive *z, const struct ctxpack_tar_opts *o)
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
	    (o->flags & CTXPACK_TAR_REPRODUCIBLE) &&
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
open_z(struct ctxpack_tar *t, const struct ctxpack_tar_opts *o)
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

static ctxpack_diag_fn	tar_diag;

/*
 * A pipe out (`ctxpack pack . | docker build -`) is widened to hold one
 * output buffer: the default 64 KiB takes a 1 MiB write in 16 pieces,
 * each a wait for the reader (pack to a pipe went from 240 to 190 ms on
 * the webapp bench tree).  Where it cannot be (pipe-max-size, the user's
 * pipe pages), the pipe stays as it was.
 */
static void
pipe_size(int fd)
{
	struct stat st;

	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode) &&
	    fcntl(fd, F_GETPIPE_SZ) < OUTBUF)
		(void)fcntl(fd, F_SETPIPE_SZ, OUTBUF);
}

int
ctxpack_tar_new(int fd, const struct ctxpack_tar_opts *opts,
    struct ctxpack_tar **tp)
{
	struct ctxpack_tar *t;

	*tp = NULL;
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return CTXPACK_FATAL;
	t->fd = fd;
	t->udiag = opts ? opts->diag : NULL;
	t->udiag_arg = opts ? opts->diag_arg : NULL;
	tent_init(&t->ts, opts, t->udiag != NULL ? tar_diag : NULL, t);
	t->ts.readbuf = out_room;
	if (opts != NULL) {
		t->progress = opts->progress;
		t->progress_arg = opts->progress_arg;
	}
	if ((t->out = malloc(OUTBUF)) == NULL ||
	    (t->a = archive_write_new()) == NULL ||
	    (t->ae = archive_entry_new()) == NULL) {
		ctxpack_tar_free(t);
		return CTXPACK_FATAL;
	}
	*tp = t;
	t->loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	pipe_size(fd);
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
tar_fail(struct ctxpack_tar *t, const char *what, int err)
{
	diag_set(&t->err, CTXPACK_LEVEL_ERROR, NULL, 0, 0, "%s%s%s", what,
	    err ? ": " : "", err ? strerror(err) : "");
	t->err.d.syserr = err;
	t->dead = 1;
	return CTXPACK_FATAL;
}

static void	pipe_stop(struct ctxpack_tar *);

static int
write_fail(struct ctxpack_tar *t)
{
	if (t->pipe != NULL) {		/* werr is the thread's till then */
		pipe_stop(t);
		if (t->dead)		/* its error came first */
			return CTXPACK_FATAL;
	}
	if (t->werr)
		return tar_fail(t, "write error", t->werr);
	if (t->z != NULL && archive_errno(t->z) != 0)
		return tar_fail(t, archive_error_string(t->z), 0);
	return tar_fail(t, archive_error_string(t->a), 0);
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


/*
 * The data thread (tar_pipeline, for ctxpack_pack): the caller's thread
 * walks, opens and stats each file and reads its xattrs, and describes
 * its header in an archive_entry; a second thread has libarchive write
 * the headers, reads the files' bytes and writes the output, so that
 * headers, reading and writing overlap the walk on a second core.  The
 * queue holds slots, in order, each an entry and, for a regular file, the
 * file open for reading with its size at open: what the serial writer
 * would have written, byte for byte.  The data goes straight from the
 * file into the output buffer, and libarchive is given as many zeros,
 * which write_cb drops, so that every header, pax record and padding
 * block is still libarchive's.  The queue is bounded (PIPE_SLOTS
 * entries, as many open files at most); the thread's warnings are passed
 * back and said by the caller's thread, at its next call; its error ends
 * the pack at the next call.
 */
#define PIPE_SLOTS	64

enum slot_data {
	SLOT_NONE,			/* a header alone */
	SLOT_FILE,			/* and te.size bytes of te.fd */
	SLOT_MEM			/* and te.data, ctxpack's own */
};

struct slot {
	struct archive_entry	*ae;		/* its header */
	enum slot_data		 kind;
	struct tent		 te;
	char			*path;		/* for its messages */
	size_t			 plen, pcap;
};

struct pwarn {
	enum ctxpack_level	 level;
	char			*msg;
};

struct tpipe {
	pthread_t		 th;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	struct slot		 s[PIPE_SLOTS];
	uint64_t		 head;		/* the thread's next slot */
	uint64_t		 tail;		/* the one being filled */
	uint64_t		 advised;	/* the thread's: fadvise'd below */
	int			 closing;
	int			 idle;		/* the thread waits for work */
	int			 full;		/* the caller waits for room */
	int			 drain;		/* the caller waits for all */
	int			 failed;	/* the thread stopped */
	int			 mid;		/* inside an entry's data */
	struct tent_state	 ts;		/* the thread's: buffers, warn */
	struct diagbuf		 err;		/* the thread's error */
	struct pwarn		*w;		/* warnings not yet said */
	size_t			 nw, wcap;
	int			 wfail;		/* one could not be kept */
};

static const char zeros[64 * 1024];

/* The thread's warnings: kept for the caller's thread to say. */
static void
pipe_warn(const struct ctxpack_diag *d, void *arg)
{
	struct tpipe *p = arg;
	char *m = strdup(d->msg);

	pthread_mutex_lock(&p->mu);
	if (m == NULL || mem_grow(&p->w, &p->wcap, p->nw + 1,
	    sizeof(*p->w)) < 0) {
		free(m);
		p->wfail = 1;
	} else {
		p->w[p->nw].level = d->level;
		p->w[p->nw].msg = m;
		p->nw++;
	}
	pthread_mutex_unlock(&p->mu);
}

/* Say the thread's warnings (the caller's thread); 1 if there were. */
static int
say_warnings(struct ctxpack_tar *t, struct tpipe *p)
{
	struct pwarn *w;
	size_t n, i;
	int lost;

	pthread_mutex_lock(&p->mu);
	w = p->w;
	n = p->nw;
	lost = p->wfail;
	p->w = NULL;
	p->nw = p->wcap = 0;
	p->wfail = 0;
	pthread_mutex_unlock(&p->mu);
	for (i = 0; i < n; i++) {
		diag_emit(t->udiag, t->udiag_arg, w[i].level, NULL, 0, 0,
		    "%s", w[i].msg);
		free(w[i].msg);
	}
	free(w);
	if (lost)
		diag_emit(t->udiag, t->udiag_arg, CTXPACK_LEVEL_WARNING,
		    NULL, 0, 0, "%s", "out of memory: a warning was lost");
	if (n > 0 || lost)
		t->late_warn = 1;
	return n > 0 || lost;
}

/* libarchive's bytes on the data thread: all but the zeros for data. */
static int
pipe_sink(struct ctxpack_tar *t, const void *buf, size_t len)
{
	uint64_t at = t->bytes, end = at + len;
	const char *b = buf;

	/* the part of [at, end) outside [dstart, dend) */
	if (at < t->dstart && sink(t, b, (size_t)((end < t->dstart ? end :
	    t->dstart) - at)) < 0)
		return -1;
	if (end > t->dend) {
		uint64_t from = at > t->dend ? at : t->dend;

		if (sink(t, b + (from - at), (size_t)(end - from)) < 0)
			return -1;
	}
	return 0;
}

static int
pdata_sink(void *arg, const void *buf, size_t len)
{
	return sink(arg, buf, len);
}

static int
pmem_sink(void *arg, const void *buf, size_t len)
{
	struct ctxpack_tar *t = arg;

	return archive_write_data(t->a, buf, len) < 0 ? -1 : 0;
}

/* Write one slot: its header, then its data.  0 ok, -1 stop. */
static int
pipe_emit(struct ctxpack_tar *t, struct tpipe *p, struct slot *sl)
{
	struct ctxpack_entry e;
	uint64_t left;
	int rc;

	if ((!t->started && lead_in(t, sl->ae) < 0) ||
	    archive_write_header(t->a, sl->ae) < ARCHIVE_WARN) {
		tent_abort(&sl->te);
		return -1;	/* the caller says why (write_fail) */
	}
	t->data_end = t->bytes;
	if (sl->kind == SLOT_NONE)
		return 0;
	memset(&e, 0, sizeof(e));
	e.path = sl->path;
	e.pathlen = sl->plen;
	if (sl->kind == SLOT_MEM) {
		t->data_end += (uint64_t)sl->te.size;
		return tent_data(&p->ts, &e, &sl->te, pmem_sink, t, &p->err) ==
		    CTXPACK_FATAL ? -1 : 0;
	}
	left = (uint64_t)sl->te.size;
	t->data_end += left;
	t->dstart = t->bytes;
	t->dend = t->bytes + left;
	rc = tent_data(&p->ts, &e, &sl->te, pdata_sink, t, &p->err);
	tent_abort(&sl->te);
	if (rc == CTXPACK_FATAL) {
		p->mid = 1;
		return -1;
	}
	while (left > 0) {	/* libarchive's count of the data */
		la_ssize_t n = archive_write_data(t->a, zeros, left <
		    sizeof(zeros) ? (size_t)left : sizeof(zeros));

		if (n <= 0)
			return -1;
		left -= (uint64_t)n;
	}
	return 0;
}

static void *
pipe_main(void *arg)
{
	struct ctxpack_tar *t = arg;
	struct tpipe *p = t->pipe;
	LOCALE_ON(t);

	(void)pthread_setname_np(pthread_self(), "ctxpack-data");
	pthread_mutex_lock(&p->mu);
	for (;;) {
		struct slot *sl;
		uint64_t to;
		int bad;

		while (p->head == p->tail && !p->closing) {
			p->idle = 1;
			pthread_cond_wait(&p->cv, &p->mu);
			p->idle = 0;
		}
		if (p->head == p->tail)
			break;
		sl = &p->s[p->head % PIPE_SLOTS];
		if (p->advised < p->head)
			p->advised = p->head;
		to = p->tail;	/* [head, tail) are ours */
		pthread_mutex_unlock(&p->mu);
		/* a cold cache: the disk reads the files the queue holds
		 * while earlier ones are written */
		for (; p->advised < to; p->advised++) {
			struct slot *a = &p->s[p->advised % PIPE_SLOTS];

			if (a->kind == SLOT_FILE && a->te.size > 0)
				(void)posix_fadvise(a->te.fd, 0, 0,
				    POSIX_FADV_WILLNEED);
		}
		bad = pipe_emit(t, p, sl) < 0;
		pthread_mutex_lock(&p->mu);
		p->head++;
		/* the caller waits for room: wake it when half is free */
		if ((p->full && (bad || p->tail - p->head <= PIPE_SLOTS / 2)) ||
		    (p->drain && (bad || p->head == p->tail)))
			pthread_cond_broadcast(&p->cv);
		if (bad) {
			p->failed = 1;
			break;
		}
	}
	pthread_mutex_unlock(&p->mu);
	LOCALE_OFF(t);
	return NULL;
}

/* Hand the slot filled to the thread; wait for room.  -1 failed. */
static int
pipe_commit(struct ctxpack_tar *t)
{
	struct tpipe *p = t->pipe;
	int failed;

	pthread_mutex_lock(&p->mu);
	p->tail++;
	/* an idle thread is woken for a batch, or when we must wait */
	if (p->idle && (p->tail - p->head >= PIPE_SLOTS / 8 ||
	    p->tail - p->head >= PIPE_SLOTS))
		pthread_cond_broadcast(&p->cv);
	while (p->tail - p->head >= PIPE_SLOTS && !p->failed) {
		p->full = 1;
		pthread_cond_wait(&p->cv, &p->mu);
		p->full = 0;
	}
	failed = p->failed;
	pthread_mutex_unlock(&p->mu);
	return failed ? -1 : 0;
}

/* Has the thread stopped on an error?  Then it is the archive's. */
static int
pipe_failed(struct ctxpack_tar *t)
{
	struct tpipe *p = t->pipe;
	int failed;

	pthread_mutex_lock(&p->mu);
	failed = p->failed;
	pthread_mutex_unlock(&p->mu);
	return failed;
}

/*
 * Stop the thread: what was handed to it is written first.  Its error,
 * if any, becomes the archive's; the archive and the output are ours
 * again.
 */
static void
pipe_stop(struct ctxpack_tar *t)
{
	struct tpipe *p = t->pipe;
	uint64_t i;
	size_t k;

	if (p == NULL)
		return;
	pthread_mutex_lock(&p->mu);
	p->closing = 1;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->th, NULL);
	t->pipe = NULL;		/* the output is ours again */
	t->pipe_mid = p->failed && p->mid;
	say_warnings(t, p);
	for (i = p->head; i < p->tail; i++)	/* not written: failed */
		tent_abort(&p->s[i % PIPE_SLOTS].te);
	if (p->failed && !t->dead) {
		t->dead = 1;
		if (p->err.set) {
			diag_set(&t->err, CTXPACK_LEVEL_ERROR, NULL, 0, 0, "%s",
			    p->err.d.msg);
			t->err.d.syserr = p->err.d.syserr;
		} else
			(void)write_fail(t);
	}
	for (k = 0; k < PIPE_SLOTS; k++) {
		archive_entry_free(p->s[k].ae);
		free(p->s[k].path);
	}
	tent_free(&p->ts);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p);
}

/*
 * The data thread for an uncompressed output (ctxpack_pack): warnings
 * about a file's data come later than its ctxpack_tar_add, so the
 * caller asks tar_warned() after ctxpack_tar_finish.  No thread (the
 * serial writer) when one cannot be had, or once a header was written.
 */
void
tar_pipeline(struct ctxpack_tar *t)
{
	struct tpipe *p;
	size_t k;

	if (t->dead || t->fd < 0 || t->z != NULL || t->pipe != NULL ||
	    t->bytes > 0 || (p = calloc(1, sizeof(*p))) == NULL)
		return;
	for (k = 0; k < PIPE_SLOTS; k++) {
		p->s[k].te.fd = -1;
		if ((p->s[k].ae = archive_entry_new()) == NULL) {
			while (k-- > 0)
				archive_entry_free(p->s[k].ae);
			free(p);
			return;
		}
	}
	tent_init(&p->ts, NULL, pipe_warn, p);
	p->ts.readbuf = out_room;
	if (pthread_mutex_init(&p->mu, NULL) != 0)
		goto fail;
	if (pthread_cond_init(&p->cv, NULL) != 0) {
		pthread_mutex_destroy(&p->mu);
		goto fail;
	}
	t->pipe = p;
	if (pthread_create(&p->th, NULL, pipe_main, t) != 0) {
		t->pipe = NULL;
		pthread_mutex_destroy(&p->mu);
		pthread_cond_destroy(&p->cv);
		goto fail;
	}
	return;
fail:
	for (k = 0; k < PIPE_SLOTS; k++)
		archive_entry_free(p->s[k].ae);
	tent_free(&p->ts);
	free(p);
}

static int	fill_entry(struct ctxpack_tar *, struct archive_entry *,
		    const struct tent *, int);

/*
 * An entry, in the thread's hands: its header described in the slot's
 * archive_entry, its open file or its bytes, and the slot to the thread.
 */
static int
pipe_add(struct ctxpack_tar *t, const struct ctxpack_entry *e,
    struct tent *te)
{
	struct slot *sl = &t->pipe->s[t->pipe->tail % PIPE_SLOTS];

	if (fill_entry(t, sl->ae, te, 0) < 0 ||
	    mem_grow(&sl->path, &sl->pcap, e->pathlen + 1, 1) < 0) {
		tent_abort(te);
		return tar_fail(t, "out of memory", 0);
	}
	memcpy(sl->path, e->path, e->pathlen + 1);
	sl->plen = e->pathlen;
	sl->te = *te;
	sl->te.name = NULL;	/* t->ts's, changed by the next entry */
	sl->kind = SLOT_NONE;
	if (te->type == CTXPACK_T_FILE && te->hardlink == NULL) {
		if (te->fd >= 0)
			sl->kind = SLOT_FILE;
		else if (te->data != NULL)
			sl->kind = SLOT_MEM;
		t->ndata += (uint64_t)te->size;
	}
	te->fd = -1;		/* the thread closes it */
	if (t->progress != NULL && t->ndata >= t->nextp) {
		t->progress(t->nfiles, t->ndata, t->progress_arg);
		t->nextp = t->ndata + (16 << 20);
	}
	if (pipe_commit(t) < 0) {
		pipe_stop(t);
		return CTXPACK_FATAL;
	}
	return CTXPACK_OK;
}

/*
 * Wait till the thread has written all it was handed, and say its
 * warnings: before any other message, so that messages keep the order
 * of the entries (tar_diag, and ctxpack_pack for the walk's).
 */
void
tar_drain(struct ctxpack_tar *t)
{
	struct tpipe *p = t->pipe;

	if (p == NULL)
		return;
	pthread_mutex_lock(&p->mu);
	if (p->idle)
		pthread_cond_broadcast(&p->cv);
	while (p->head != p->tail && !p->failed) {
		p->drain = 1;
		pthread_cond_wait(&p->cv, &p->mu);
		p->drain = 0;
	}
	pthread_mutex_unlock(&p->mu);
	say_warnings(t, p);
}

/* The entries' own warnings (tarentry.c): after the thread's. */
static void
tar_diag(const struct ctxpack_diag *d, void *arg)
{
	struct ctxpack_tar *t = arg;

	tar_drain(t);
	if (t->udiag != NULL)
		t->udiag(d, t->udiag_arg);
}

int
tar_warned(const struct ctxpack_tar *t)
{
	return t->late_warn;
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

/* libarchive takes the bytes of an entry. */
static int
data_sink(void *arg, const void *p, size_t n)
{
	struct ctxpack_tar *t = arg;

	t->ndata += n;
	if (t->progress != NULL && t->ndata >= t->nextp) {
		t->progress(t->nfiles, t->ndata, t->progress_arg);
		t->nextp = t->ndata + (16 << 20);
	}
	return archive_write_data(t->a, p, n) < 0 ? -1 : 0;
}

void
tar_skip(struct ctxpack_tar *t, const struct ctx_skip *skip, size_t n)
{
	tent_skip(&t->ts, skip, n);
}

/*
 * Is this entry's header one ustar block to libarchive, whatever else it
 * would say?  Only the plainest are asked here (a directory or a file, no
 * hard link or xattr, a short printable ASCII name, a size below 8 GiB and
 * an mtime below libarchive's 0x7fffffff cut): they get no extended header
 * from its restricted pax writer.  Anything else is counted by libarchive.
 */
static int
plain(const struct tent *te)
{
	size_t i;

	if ((te->type != CTXPACK_T_FILE && te->type != CTXPACK_T_DIR) ||
	    te->hardlink != NULL || te->ncaps > 0 || te->namelen >= 100 ||
	    te->mtime < 0 || te->mtime >= 0x7fffffff ||
	    te->size >= ((off_t)1 << 33))
		return 0;
	for (i = 0; i < te->namelen; i++)
		if ((unsigned char)te->name[i] < 0x20 ||
		    (unsigned char)te->name[i] > 0x7e)
			return 0;
	return 1;
}

/*
 * te's header, described in ae.  Counting (no output): a regular file's
 * header is as long whatever its size under 8 GiB, so its size is said
 * as 0 and its data added to the count instead of written.
 */
static int
fill_entry(struct ctxpack_tar *t, struct archive_entry *ae,
    const struct tent *te, int count)
{
	const char *xn;
	const void *xv;
	size_t off = 0, xs;

	archive_entry_clear(ae);
	archive_entry_copy_pathname(ae, te->name);
	archive_entry_set_uid(ae, 0);
	archive_entry_set_gid(ae, 0);
	archive_entry_set_mtime(ae, (time_t)te->mtime, 0);
	archive_entry_set_perm(ae, te->perm);
	switch (te->type) {
	case CTXPACK_T_DIR:
		archive_entry_set_filetype(ae, AE_IFDIR);
		break;
	case CTXPACK_T_SYMLINK:
		archive_entry_set_filetype(ae, AE_IFLNK);
		archive_entry_copy_symlink(ae, te->link);
		break;
	case CTXPACK_T_FIFO:
		archive_entry_set_filetype(ae, AE_IFIFO);
		break;
	case CTXPACK_T_CHR:
	case CTXPACK_T_BLK:
		archive_entry_set_filetype(ae, te->type == CTXPACK_T_CHR ?
		    AE_IFCHR : AE_IFBLK);
		archive_entry_set_rdevmajor(ae, major(te->rdev));
		archive_entry_set_rdevminor(ae, minor(te->rdev));
		break;
	default:
		archive_entry_set_filetype(ae, AE_IFREG);
		if (count && te->hardlink == NULL &&
		    te->size < ((off_t)1 << 33)) {
			archive_entry_set_size(ae, 0);
			t->bytes += ((uint64_t)te->size + 511) & ~(uint64_t)511;
		} else
			archive_entry_set_size(ae, te->size);
		break;
	}
	if (te->hardlink != NULL) {
		archive_entry_copy_hardlink(ae, te->hardlink);
		archive_entry_set_size(ae, 0);
	}
	if (te->ncaps > 0)
		archive_entry_xattr_add_entry(ae, "security.capability",
		    te->caps, te->ncaps);
	while (tent_xattr(te, &off, &xn, &xv, &xs))
		archive_entry_xattr_add_entry(ae, xn, xv, xs);
	return 0;
}

static int
tar_add(struct ctxpack_tar *t, const struct ctxpack_entry *e)
{
	struct archive_entry *ae = t->ae;
	struct tent te;
	int rc, late = 0;

	if (t->dead)
		return CTXPACK_FATAL;
	if (t->pipe != NULL) {
		late = say_warnings(t, t->pipe);
		if (pipe_failed(t)) {
			pipe_stop(t);
			return CTXPACK_FATAL;
		}
	}
	if ((rc = tent_open(&t->ts, e, t->fd < 0, &te, &t->err)) !=
	    CTXPACK_OK) {
		if (rc == CTXPACK_FATAL)
			t->dead = 1;
		if (rc == TENT_SKIP)
			return CTXPACK_OK;	/* never packed */
		return rc;	/* CTXPACK_WARN: not packed, said why */
	}
	if (t->pipe != NULL) {
		if ((rc = pipe_add(t, e, &te)) != CTXPACK_OK)
			return rc;
		goto done;
	}
	if (t->fd < 0 && t->started && plain(&te)) {
		/* counting a plain entry: one ustar block and its data */
		t->bytes += 512;
		if (te.type == CTXPACK_T_FILE)
			t->bytes += ((uint64_t)te.size + 511) & ~(uint64_t)511;
		t->data_end = t->bytes;
		goto done;
	}
	fill_entry(t, ae, &te, t->fd < 0);
	if ((!t->started && lead_in(t, ae) < 0) ||
	    archive_write_header(t->a, ae) < ARCHIVE_WARN) {
		tent_abort(&te);
		return write_fail(t);
	}
	t->data_end = t->bytes;
	if (te.type == CTXPACK_T_FILE && te.hardlink == NULL)
		t->data_end += (uint64_t)te.size;
	if (te.type == CTXPACK_T_FILE && te.hardlink == NULL && t->fd < 0) {
		/* counting: libarchive pads the unwritten data with nulls */
		if (archive_write_finish_entry(t->a) < ARCHIVE_WARN) {
			tent_abort(&te);
			return write_fail(t);
		}
		rc = CTXPACK_OK;
	} else if ((rc = tent_data(&t->ts, e, &te, data_sink, t, &t->err)) ==
	    CTXPACK_FATAL) {
		tent_abort(&te);
		if (t->err.set) {
			t->dead = 1;
			return CTXPACK_FATAL;
		}
		return write_fail(t);
	}
done:
	if (tent_done(&t->ts, e, &te, &t->err) != CTXPACK_OK) {
		t->dead = 1;
		return CTXPACK_FATAL;
	}
	if (late && rc == CTXPACK_OK)
		rc = CTXPACK_WARN;
	if (t->progress != NULL && (++t->nfiles & 1023) == 0)
		t->progress(t->nfiles, t->ndata, t->progress_arg);
	return rc;
}

int
ctxpack_tar_finish(struct ctxpack_tar *t)
{
	if (t->dead)
		return CTXPACK_FATAL;
	pipe_stop(t);		/* all it was handed is written */
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
	if (t->bytes >= t->data_end && !t->pipe_mid) {
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
	if (t == NULL)
		return;
	pipe_stop(t);		/* what it was handed is written */
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
	tent_free(&t->ts);
	free(t->out);
	if (t->loc)
		freelocale(t->loc);
	free(t);
}
