/*
 * replay.c: a plain main() standing in for libFuzzer.  Linked with one
 * fuzz target, it runs every regular file in the directories (or the
 * files) named on the command line through LLVMFuzzerTestOneInput, in
 * byte order of their names, and prints "fuzz_X: N inputs ok".  A target
 * reports an invariant violation with abort(); the handler below names
 * the input that was running before the process dies, so the exit status
 * is non-zero.  Also non-zero: an input that leaks memory (counted below
 * when no sanitizer does it), an unreadable argument, no input at all.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

static char current[4096];

/*
 * Leak check without a sanitizer: malloc and friends are replaced (glibc
 * supports that) by wrappers counting live blocks, and each input must
 * give back every block it took.  Skipped under AddressSanitizer, which
 * has its own LeakSanitizer, and outside glibc.
 */
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define NO_LEAK_COUNT
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || !defined(__GLIBC__)
#define NO_LEAK_COUNT
#endif

#ifndef NO_LEAK_COUNT
extern void	*__libc_malloc(size_t);
extern void	*__libc_calloc(size_t, size_t);
extern void	*__libc_realloc(void *, size_t);
extern void	 __libc_free(void *);
extern void	*__libc_memalign(size_t, size_t);
extern void	*__libc_valloc(size_t);
extern void	*__libc_pvalloc(size_t);
void	*memalign(size_t, size_t);
void	*valloc(size_t);
void	*pvalloc(size_t);

static long live;		/* blocks allocated and not freed */

void *
malloc(size_t n)
{
	void *p = __libc_malloc(n);

	live += p != NULL;
	return p;
}

void *
calloc(size_t a, size_t b)
{
	void *p = __libc_calloc(a, b);

	live += p != NULL;
	return p;
}

void *
realloc(void *o, size_t n)
{
	void *p = __libc_realloc(o, n);

	if (o == NULL)
		live += p != NULL;
	else if (n == 0 && p == NULL)
		live--;		/* glibc frees */
	return p;
}

void
free(void *p)
{
	live -= p != NULL;
	__libc_free(p);
}

void *
memalign(size_t a, size_t n)
{
	void *p = __libc_memalign(a, n);

	live += p != NULL;
	return p;
}

void *
aligned_alloc(size_t a, size_t n)
{
	return memalign(a, n);
}

int
posix_memalign(void **pp, size_t a, size_t n)
{
	void *p = memalign(a, n);

	if (p == NULL)
		return ENOMEM;
	*pp = p;
	return 0;
}

void *
valloc(size_t n)
{
	void *p = __libc_valloc(n);

	live += p != NULL;
	return p;
}

void *
pvalloc(size_t n)
{
	void *p = __libc_pvalloc(n);

	live += p != NULL;
	return p;
}

/* Run one input; the number of blocks it left allocated. */
static long
run_counted(const unsigned char *buf, size_t len)
{
	long before = live;

	LLVMFuzzerTestOneInput(buf, len);
	return live - before;
}
#else
static long
run_counted(const unsigned char *buf, size_t len)
{
	LLVMFuzzerTestOneInput(buf, len);
	return 0;
}
#endif

static void
on_signal(int sig)
{
	static const char m1[] = ": crashed on input ";
	size_t n = strlen(current);

	if (write(2, fuzz_name, strlen(fuzz_name)) < 0 ||
	    write(2, m1, sizeof(m1) - 1) < 0 || write(2, current, n) < 0 ||
	    write(2, "\n", 1) < 0)
		_exit(128 + sig);
	signal(sig, SIG_DFL);
	raise(sig);
}

static int
run_file(const char *path)
{
	struct stat st;
	unsigned char *buf;
	size_t len = 0;
	long leaked;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL || fstat(fileno(f), &st) < 0) {
		fprintf(stderr, "%s: %s: %s\n", fuzz_name, path,
		    strerror(errno));
		if (f != NULL)
			fclose(f);
		return -1;
	}
	/*
	 * Exactly st_size bytes, as libFuzzer hands them over, so that a
	 * read past the end shows under a sanitizer.
	 */
	if ((buf = malloc(st.st_size > 0 ? (size_t)st.st_size : 1)) == NULL) {
		fclose(f);
		fprintf(stderr, "%s: %s: out of memory\n", fuzz_name, path);
		return -1;
	}
	len = fread(buf, 1, (size_t)st.st_size, f);
	if (ferror(f) || len != (size_t)st.st_size) {
		fprintf(stderr, "%s: %s: short read\n", fuzz_name, path);
		fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	snprintf(current, sizeof(current), "%s", path);
	leaked = run_counted(buf, len);
	/* A second run tells a leak from a one-time allocation. */
	if (leaked != 0)
		leaked = run_counted(buf, len);
	free(buf);
	current[0] = '\0';
	if (leaked != 0) {
		fprintf(stderr, "%s: %s: %ld memory block(s) %s\n", fuzz_name,
		    path, leaked > 0 ? leaked : -leaked, leaked > 0 ?
		    "leaked" : "freed twice or not counted");
		return -1;
	}
	return 0;
}

static int
namecmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
run_dir(const char *dir, unsigned long *count)
{
	char **names = NULL, path[4096];
	size_t n = 0, cap = 0, i;
	struct dirent *de;
	struct stat st;
	int rc = 0;
	DIR *d;

	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "%s: %s: %s\n", fuzz_name, dir,
		    strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;	/* ".", "..", editor droppings */
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((names = realloc(names, cap * sizeof(*names))) ==
			    NULL)
				abort();
		}
		if ((names[n++] = strdup(de->d_name)) == NULL)
			abort();
	}
	closedir(d);
	qsort(names, n, sizeof(*names), namecmp);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			if (run_file(path) < 0)
				rc = -1;
			else
				(*count)++;
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	unsigned long count = 0;
	struct stat st;
	int i, rc = 0;

	signal(SIGABRT, on_signal);
	signal(SIGSEGV, on_signal);
	signal(SIGBUS, on_signal);
	signal(SIGFPE, on_signal);
	signal(SIGILL, on_signal);
	if (argc < 2) {
		fprintf(stderr, "usage: %s dir|file ...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) < 0) {
			fprintf(stderr, "%s: %s: %s\n", fuzz_name, argv[i],
			    strerror(errno));
			rc = 1;
		} else if (S_ISDIR(st.st_mode)) {
			if (run_dir(argv[i], &count) < 0)
				rc = 1;
		} else if (run_file(argv[i]) < 0)
			rc = 1;
		else
			count++;
	}
	if (count == 0) {
		fprintf(stderr, "%s: no inputs\n", fuzz_name);
		return 1;
	}
	if (rc != 0)
		return rc;
	printf("%s: %lu inputs ok\n", fuzz_name, count);
	return 0;
}
