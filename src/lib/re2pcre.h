/*
 * re2pcre.h: a Go regexp (package regexp, RE2 syntax with Go's default
 * flags) rewritten as a PCRE2 pattern that matches the same strings.
 * Internal; not installed.
 *
 * Calling sequence: re2pcre_translate(), then pcre2_compile() of the
 * result with PCRE2_UTF (and PCRE2_NEVER_BACKSLASH_C), then free() it.
 * Subjects must be valid UTF-8, each invalid byte replaced by U+FFFD
 * first, as Go's matcher reads it.  Stateless, thread-safe.
 *
 * What it handles, and how (Go's meaning kept where PCRE2 differs):
 *   literals          every rune not ASCII alphanumeric as \x{HEX}
 *   .                 [^\n] (Go's '.' never matches '\n')
 *   ^ $ \A \z         \A and \z (no multi-line: Go's $ is not Perl's)
 *   \b \B             as is (ASCII word boundaries in both)
 *   [...] [^...]      an explicit list of \x{lo}-\x{hi} ranges, merged,
 *                     with the surrogates cut out; [:name:] and [:^name:]
 *                     (ASCII), \d \s \w \D \S \W (ASCII, Go's \s has no
 *                     \v) and \p \P inside; an empty set as (*FAIL), a
 *                     negated empty one as (?s:.)
 *   \d \s \w \D...    the same explicit classes outside brackets
 *   \pL \p{Greek}     \p{..} / \P{..}, \p{^..} negated; names PCRE2 shares
 *   escapes           \a \f \n \r \t \v, \123 (octal), \x7f, \x{10ffff},
 *                     \ before punctuation; \Q...\E quoted text
 *   ( )               (?: ) (captures do not matter here)
 *   | * + ? {n,m}     as is, lazy forms too; a repeated assertion is put
 *                     in a group; counts over 1000 rejected as Go does
 * Go syntax errors are reported with Go's message.  Not handled (a
 * pattern Docker builds never holds them: patternmatcher escapes '('):
 * groups starting "(?" (flags, named groups) fail with "unsupported
 * group".
 */
#ifndef RE2PCRE_H
#define RE2PCRE_H

#include <stddef.h>

/*
 * Translate RE (LEN bytes).  Returns the PCRE2 pattern, NUL-terminated,
 * its length in *OUTLEN; to free().  NULL on a Go syntax error (or out
 * of memory), with the message in ERR (ERRSZ bytes) and in *ERROFF the
 * byte offset in RE where the faulty construct starts.
 */
char	*re2pcre_translate(const char *re, size_t len, size_t *outlen,
	    char *err, size_t errsz, size_t *erroff);

#endif /* RE2PCRE_H */
