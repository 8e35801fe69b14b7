/*
 * linmatch.h: a matcher in linear time (pattern length times path
 * length) for the .dockerignore patterns that are plain globs, with the
 * answers of the Go regexp Docker builds for them.  Internal; not
 * installed.
 *
 * Calling sequence: lm_compile() on a cleaned pattern (without '!'), then
 * lm_match() per path, lm_free().  A compiled program is read-only:
 * lm_match() may run in several threads at once; it allocates only for
 * patterns of over 256 tokens.
 *
 * Why: PCRE2 backtracks, and a pattern like "*a*a*a*a*a*a*b" takes time
 * exponential in its stars on a long name that almost matches ("aaa...a"
 * with a 'b' inside); its DFA matcher is linear but slow (1.2 s for 2,000
 * names of 240 bytes against 30 stars).  Go's engine, Docker's, is
 * linear.  When every "**" is a whole segment, the pattern is split at
 * '/' and both levels are matched the way fnmatch does without
 * recursion: a '*' remembers where it stood and a mismatch moves it one
 * rune (or segment) on.  Otherwise ("a**b", "***") the regexp's tokens
 * run as an NFA, a set of states per rune.
 *
 * The patterns taken: literal runes (an invalid byte is U+FFFD, as Go's
 * text/scanner reads it), '\' before ASCII punctuation (a literal), '*',
 * '?' and "**" anywhere.  Not taken (lm_compile() returns NULL): classes,
 * other escapes, '^', '|', '{', '}' (they reach the regexp raw), a
 * trailing '\', a leading BOM, NUL.  The regexp's meaning, kept exactly:
 *   *	[^/]*	any runes but '/' ('\n' included)
 *   ?	[^/]	one rune but '/'
 *   **	(.*\/)?	(a '/' after it is part of it) nothing, or anything up to
 *		a '/', without '\n'; at the very end .*: anything but '\n'
 */
#ifndef LINMATCH_H
#define LINMATCH_H

#include <stddef.h>

struct lm_prog;

/* NULL if the pattern is not one of those taken (or out of memory). */
struct lm_prog	*lm_compile(const char *pat, size_t len);
void		 lm_free(struct lm_prog *);

/*
 * Match S (LEN bytes, valid UTF-8: each invalid byte replaced by U+FFFD
 * first, as Go's matcher reads it).  1 match, 0 none; -1 when the answer
 * is left to the regexp: the segment matcher with S holding a '\n' and
 * the pattern a "**" ('.' stops at '\n'), or memory ran out.
 */
int	lm_match(const struct lm_prog *, const char *s, size_t len);

#endif /* LINMATCH_H */
