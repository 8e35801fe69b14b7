/*
 * floor: the read+write floor for packing a build context.  Reads every
 * file named in a NUL-separated list (as `ctxpack ls -0` prints it) and
 * writes the bytes, nothing else, to stdout: no stat, no headers, no
 * padding, no matching.  A tar writer that does all of that can at best
 * approach this.
 *
 *   floor [-C DIR] [-b BUFSIZE] [-p PIPESIZE] LIST|-
 *
 * Names ending in "/" (directories) are skipped, and so are symlinks
 * (opened with O_NOFOLLOW: ELOOP).  Buffers are those of a fast tar
 * writer: one 1 MiB output buffer that file data is read into directly,
 * written out with one write() each time it fills.  A read shorter than
 * asked is taken as end of file (regular files), so a small file costs
 * open, one read, close.  With -p, a pipe on stdout is first widened to
 * PIPESIZE bytes (F_SETPIPE_SZ), as ctxpack pack widens its own to its
 * 1 MiB buffer: the floor then pays what pack pays for the pipe.  Exit
 * status 2 on any other error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *out;
static size_t olen, ocap = 1 << 20;
static unsigned long long total;

static void
flush(void)
{
	size_t off = 0;

	while (off < olen) {
		ssize_t n = write(1, out + off, olen - off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("floor: write");
			exit(2);
		}
		off += (size_t)n;
	}
	total += olen;
	olen = 0;
}

static char *
slurp(const char *path, size_t *len)
{
	int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY);
	size_t cap = 1 << 20, n = 0;
	char *b = malloc(cap + 1);
	ssize_t r;

	if (fd < 0 || b == NULL) {
		fprintf(stderr, "floor: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	while ((r = read(fd, b + n, cap - n)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "floor: %s: %s\n", path,
			    strerror(errno));
			exit(2);
		}
		n += (size_t)r;
		if (n == cap && (b = realloc(b, (cap *= 2) + 1)) == NULL) {
			fprintf(stderr, "floor: out of memory\n");
			exit(2);
		}
	}
	b[n] = 0;
	*len = n;
	return b;
}

int
main(int argc, char **argv)
{
	const char *dir = NULL;
	char *list, *p, *end;
	size_t len;
	long psize = 0;
	int c;

	while ((c = getopt(argc, argv, "C:b:p:")) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'b': ocap = strtoul(optarg, NULL, 0); break;
		case 'p': psize = strtol(optarg, NULL, 0); break;
		default:
			fprintf(stderr, "usage: floor [-C DIR] [-b BUFSIZE] "
			    "[-p PIPESIZE] LIST|-\n");
			return 2;
		}
	}
	if (optind != argc - 1 || ocap < 4096)
		return 2;
	list = slurp(argv[optind], &len);
	if (dir != NULL && chdir(dir) < 0) {
		fprintf(stderr, "floor: %s: %s\n", dir, strerror(errno));
		return 2;
	}
	if ((out = malloc(ocap)) == NULL)
		return 2;
	if (psize > 0 && fcntl(1, F_GETPIPE_SZ) >= 0 &&
	    fcntl(1, F_SETPIPE_SZ, psize) < 0) {
		perror("floor: F_SETPIPE_SZ");
		return 2;
	}
	for (p = list, end = list + len; p < end; p += strlen(p) + 1) {
		size_t nl = strlen(p);
		int fd;

		if (nl == 0 || p[nl - 1] == '/')
			continue;
		if ((fd = open(p, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
			if (errno == ELOOP)
				continue;
			fprintf(stderr, "floor: %s: %s\n", p, strerror(errno));
			return 2;
		}
		for (;;) {
			size_t want = ocap - olen;
			ssize_t n = read(fd, out + olen, want);

			if (n < 0) {
				if (errno == EINTR)
					continue;
				fprintf(stderr, "floor: %s: %s\n", p,
				    strerror(errno));
				return 2;
			}
			olen += (size_t)n;
			if (olen == ocap)
				flush();
			else if ((size_t)n < want)
				break;
		}
		close(fd);
	}
	flush();
	return 0;
}
