/*
 * scan.c: fill the listing cache ahead of a walk of the whole tree, on
 * several cores (report: its walk and the suggestion engine's then read
 * the tree from the cache).  Each directory is listed, sorted as the
 * walk sorts it (R19), and every entry lstat'ed (a directory: the fstat
 * of it opened) and, for a symbolic link, its target read; what is the
 * walk's work on one core becomes N threads' over a shared stack of
 * open directories.
 *
 * The scan only ever adds to the cache what the walk would have read:
 * directories are opened relative to their parent with O_NOFOLLOW, as
 * the walk opens them, from the context's own descriptor.  It is best
 * effort: what fails (a directory it cannot open, an entry that vanished,
 * no memory) is left out of the cache, and the walk reads it itself and
 * says so as it always has.  A directory already in the cache is not
 * scanned again (bind mounts can make loops).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctxpack_int.h"

#define SCAN_STACK	64	/* open directories waiting for a thread */
#define SCAN_THREADS	8	/* at most, the caller's included */
#define SCAN_DEPTH	64	/* levels a thread goes down by itself (its
				   stack, its descriptors), the stack full */

struct sjob {
	int		 fd;
	struct stat	 st;
};

struct scan {
	struct ctxpack_cache	*c;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	struct sjob		 stack[SCAN_STACK];
	size_t			 n;
	int			 idle;		/* threads waiting for work */
	int			 nthreads;
	int			 done;
};

/* One thread's buffers, reused from directory to directory. */
struct sworker {
	struct scan	*s;
	struct dirlist	 l;
	char		 link[PATH_MAX + 1];
};

/* Hand an open directory to another thread: 0, or -1 (no room). */
static int
give(struct scan *s, int fd, const struct stat *st)
{
	int ok;

	pthread_mutex_lock(&s->mu);
	if ((ok = s->n < SCAN_STACK)) {
		s->stack[s->n].fd = fd;
		s->stack[s->n].st = *st;
		s->n++;
		if (s->idle > 0)
			pthread_cond_signal(&s->cv);
	}
	pthread_mutex_unlock(&s->mu);
	return ok ? 0 : -1;
}

/* Is there room on the stack?  (give() may still find none.) */
static int
room(struct scan *s)
{
	int ok;

	pthread_mutex_lock(&s->mu);
	ok = s->n < SCAN_STACK;
	pthread_mutex_unlock(&s->mu);
	return ok;
}

/* Directory entry i of d, open on fd: opened, its fstat cached; or -1. */
static int
open_sub(struct cdir *d, size_t i, int fd, struct stat *st)
{
	int cfd;

	if ((cfd = openat(fd, cache_name(d, i), O_RDONLY | O_DIRECTORY |
	    O_NOFOLLOW | O_CLOEXEC)) < 0)
		return -1;
	if (fstat(cfd, st) < 0) {
		close(cfd);
		return -1;
	}
	cache_set_stat(d, i, st);
	return cfd;
}

static void	scan_dir(struct sworker *, int, const struct stat *, int);

/*
 * A subdirectory no other thread can take: this one's, SCAN_DEPTH levels
 * down at most (its stack, its descriptors); deeper, it is left to the
 * walk.
 */
static void
here(struct sworker *wk, int fd, const struct stat *st, int depth)
{
	if (depth < SCAN_DEPTH)
		scan_dir(wk, fd, st, depth);
	else
		close(fd);
}

/*
 * The directory open on fd (closed here), with its fstat st: its
 * subdirectories first, handed to other threads while there is room on
 * the stack (so that they have work early), then the lstat of the other
 * entries and their links' targets, then the subdirectories that found
 * no room, here.
 */
static void
scan_dir(struct sworker *wk, int fd, const struct stat *st, int depth)
{
	struct scan *s = wk->s;
	struct cdir *d = NULL;
	struct stat cst;
	size_t i, n, *later = NULL, nlater = 0, lcap = 0;
	int cfd;

	if (dirlist_read(&wk->l, fd) == 0) {
		pthread_mutex_lock(&s->mu);
		if (cache_find(s->c, st->st_dev, st->st_ino) == NULL)
			d = cache_add(s->c, st->st_dev, st->st_ino, wk->l.ents,
			    wk->l.n);
		pthread_mutex_unlock(&s->mu);
	}
	if (d == NULL) {
		close(fd);
		return;
	}
	n = cache_count(d);
	for (i = 0; i < n; i++) {
		const char *name = cache_name(d, i);

		if (cache_type(d, i) == DT_DIR) {
			if (!room(s)) {
				if (mem_grow(&later, &lcap, nlater + 1,
				    sizeof(*later)) == 0)
					later[nlater++] = i;
			} else if ((cfd = open_sub(d, i, fd, &cst)) >= 0 &&
			    give(s, cfd, &cst) < 0)
				here(wk, cfd, &cst, depth + 1);
			continue;
		}
		if (fstatat(fd, name, &cst, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		cache_set_stat(d, i, &cst);
		if (S_ISLNK(cst.st_mode)) {
			ssize_t k = readlinkat(fd, name, wk->link,
			    sizeof(wk->link));

			if (k >= 0 && (size_t)k < sizeof(wk->link)) {
				wk->link[k] = '\0';
				cache_set_link(d, i, wk->link);
			}
		} else if (S_ISDIR(cst.st_mode) && mem_grow(&later, &lcap,
		    nlater + 1, sizeof(*later)) == 0)
			later[nlater++] = i;	/* DT_UNKNOWN */
	}
	for (i = 0; i < nlater; i++)
		if ((cfd = open_sub(d, later[i], fd, &cst)) >= 0 &&
		    give(s, cfd, &cst) < 0)
			here(wk, cfd, &cst, depth + 1);
	free(later);
	close(fd);
}

static void *
scan_main(void *arg)
{
	struct sworker wk;
	struct scan *s = arg;

	memset(&wk, 0, sizeof(wk));
	wk.s = s;
	pthread_mutex_lock(&s->mu);
	for (;;) {
		struct sjob j;

		while (s->n == 0 && !s->done) {
			if (++s->idle == s->nthreads) {
				s->done = 1;	/* no one has work left */
				pthread_cond_broadcast(&s->cv);
				break;
			}
			pthread_cond_wait(&s->cv, &s->mu);
			s->idle--;
		}
		if (s->done)
			break;
		j = s->stack[--s->n];
		pthread_mutex_unlock(&s->mu);
		scan_dir(&wk, j.fd, &j.st, 0);
		pthread_mutex_lock(&s->mu);
	}
	pthread_mutex_unlock(&s->mu);
	free(wk.l.arena);
	free(wk.l.ents);
	return NULL;
}

/*
 * Scan the tree under the directory rootfd (not closed) into c, on the
 * ncpus cores the process may use: nothing on one (the walk reads the
 * tree at the same cost), else one thread a core, the caller's included,
 * but at least 4 and at most SCAN_THREADS.  More threads than cores pay
 * when the metadata is not cached, since the disk then serves several
 * reads at once (webapp, cold: 2 threads 1.1-1.3 s, 4 0.83-0.91 s, 8
 * 0.70 s, du 1.75 s) and cost little when it is (warm: 2 and 4 alike,
 * 8 a tenth slower).
 */
void
cache_scan(struct ctxpack_cache *c, int rootfd, int ncpus)
{
	pthread_t th[SCAN_THREADS - 1];
	struct scan s;
	struct stat st;
	int fd, i, k = 0, nthreads = ncpus < 4 ? 4 : ncpus;

	if (nthreads > SCAN_THREADS)
		nthreads = SCAN_THREADS;
	if (ncpus < 2 || (fd = openat(rootfd, ".", O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) < 0)
		return;
	if (fstat(fd, &st) < 0) {
		close(fd);
		return;
	}
	memset(&s, 0, sizeof(s));
	s.c = c;
	if (pthread_mutex_init(&s.mu, NULL) != 0) {
		close(fd);
		return;
	}
	if (pthread_cond_init(&s.cv, NULL) != 0) {
		pthread_mutex_destroy(&s.mu);
		close(fd);
		return;
	}
	s.stack[0].fd = fd;
	s.stack[0].st = st;
	s.n = 1;
	/* no thread starts work before all are counted */
	pthread_mutex_lock(&s.mu);
	for (i = 0; i < nthreads - 1; i++)
		if (pthread_create(&th[k], NULL, scan_main, &s) == 0)
			k++;
	s.nthreads = k + 1;
	pthread_mutex_unlock(&s.mu);
	scan_main(&s);
	for (i = 0; i < k; i++)
		pthread_join(th[i], NULL);
	pthread_cond_destroy(&s.cv);
	pthread_mutex_destroy(&s.mu);
}
