/*
 * readfail.so: an LD_PRELOAD shim that makes reading one file fail
 * midway, for the poison tests (test/engine/readers.sh).
 *	READFAIL_NAME=NAME	the file (last path component, as opened)
 *	READFAIL_AFTER=N	read(2) returns N bytes of it in all, then EIO
 * Only openat(2) and read(2) are wrapped: what ctxpack uses for file data.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static int	 watched = -1;
static size_t	 given;

static int
wanted(const char *path)
{
	const char *n = getenv("READFAIL_NAME"), *b = strrchr(path, '/');

	return n != NULL && strcmp(b ? b + 1 : path, n) == 0;
}

int
openat(int dirfd, const char *path, int flags, ...)
{
	static int (*real)(int, const char *, int, ...);
	mode_t mode = 0;
	va_list ap;
	int fd;

	if (real == NULL)
		real = (int (*)(int, const char *, int, ...))dlsym(RTLD_NEXT,
		    "openat");
	if (flags & (O_CREAT | O_TMPFILE)) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	fd = real(dirfd, path, flags, mode);
	if (fd >= 0 && wanted(path)) {
		watched = fd;
		given = 0;
	}
	return fd;
}

int	openat64(int, const char *, int, ...) __attribute__((alias("openat")));

ssize_t
read(int fd, void *buf, size_t len)
{
	static ssize_t (*real)(int, void *, size_t);
	const char *a = getenv("READFAIL_AFTER");
	size_t after = a ? strtoul(a, NULL, 10) : 0;
	ssize_t n;

	if (real == NULL)
		real = (ssize_t (*)(int, void *, size_t))dlsym(RTLD_NEXT,
		    "read");
	if (fd != watched || fd < 0)
		return real(fd, buf, len);
	if (given >= after) {
		errno = EIO;
		return -1;
	}
	if (len > after - given)
		len = after - given;
	n = real(fd, buf, len);
	if (n > 0)
		given += (size_t)n;
	return n;
}
