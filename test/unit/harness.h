/*
 * harness.h: a small test harness after libarchive's: DEFINE_TEST, and
 * assertions that report file:line and let the test go on.
 */
#ifndef HARNESS_H
#define HARNESS_H

#include <stdio.h>
#include <string.h>

#define DEFINE_TEST(name)	void name(void); void name(void)

extern int	 t_failures;	/* failed assertions in the current test */
extern const char *t_srcdir;	/* test/ directory */

void	t_fail(const char *file, int line, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* Write a file (text) or make a directory (NULL), parents as needed. */
void	t_put(const char *path, const char *text);

#define assert_true(x) do {						\
	if (!(x))							\
		t_fail(__FILE__, __LINE__, "%s", #x);			\
} while (0)
#define assert_int(a, b) do {						\
	long long _a = (long long)(a), _b = (long long)(b);		\
	if (_a != _b)							\
		t_fail(__FILE__, __LINE__, "%s == %lld, want %lld",	\
		    #a, _a, _b);					\
} while (0)
#define assert_str(a, b) do {						\
	const char *_a = (a), *_b = (b);				\
	if (_a == NULL || _b == NULL || strcmp(_a, _b) != 0)		\
		t_fail(__FILE__, __LINE__, "%s == \"%s\", want \"%s\"",	\
		    #a, _a ? _a : "(null)", _b ? _b : "(null)");	\
} while (0)

#endif
