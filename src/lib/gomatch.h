/*
 * gomatch.h: Go's filepath.Match syntax check (path/filepath of the Go
 * that builds the docker CLI), the check moby/patternmatcher.New makes on
 * every pattern before it builds a regexp.  Internal; not installed.
 *
 * Calling sequence: go_match_syntax() on a cleaned pattern (Clean'ed,
 * without its '!').  Stateless, allocates nothing, thread-safe.
 *
 * New calls filepath.Match(pattern, ".") and keeps only its error.  Match
 * stops at the first chunk that cannot match ".", so only the chunks it
 * reaches are checked: "a[" and "*a\" fail, but "a*\" passes (its
 * regexp then ends in a literal '$').  The faults are a bad character
 * class ("[", "[]", "[a-", an invalid UTF-8 byte inside [...]) and a
 * trailing backslash.
 */
#ifndef GOMATCH_H
#define GOMATCH_H

#include <stddef.h>

/*
 * 0 if PAT (LEN bytes) passes; -1 if Go returns ErrBadPattern, with
 * Go's message in ERR (ERRSZ bytes) and in *ERROFF the byte offset in
 * PAT of the fault: the '[' that opens the bad class, or the trailing
 * backslash.
 */
int	go_match_syntax(const char *pat, size_t len, char *err, size_t errsz,
	    size_t *erroff);

#endif /* GOMATCH_H */
