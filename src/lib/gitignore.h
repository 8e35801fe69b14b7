/*
 * gitignore.h: git's ignore-file semantics (gitignore(5), dir.c,
 * wildmatch.c of git 2.39), for the Git mode of ctxpack.  Internal; not
 * installed.
 *
 * Calling sequence: gi_new(), gi_add() once per ignore file, then
 * gi_match() per path, gi_free().  Rules are immutable during matching;
 * gi_match() allocates nothing and may be called from several threads at
 * once as long as no gi_add() runs.
 *
 * Precedence follows git's exclude lists.  A file added with a deeper
 * base beats one with a shallower base, whatever the add order (git's
 * per-directory .gitignore stack).  Among files with the same base, the
 * file added later beats the one added earlier: add core.excludesFile
 * (base "") first, then .git/info/exclude, then the root .gitignore, as
 * git ranks them.  Within one file the last matching line wins.  A file
 * only applies to paths strictly below its base.
 */
#ifndef GITIGNORE_H
#define GITIGNORE_H

#include <stddef.h>

struct gi_rules;

struct gi_rules	*gi_new(void);
void		 gi_free(struct gi_rules *);

/*
 * Add the lines of one ignore file as git reads them: a UTF-8 BOM at the
 * start is skipped, a '\r' before each '\n' (and at the very end) is
 * dropped, a line ends at its first NUL byte, '#' in column 1 starts a
 * comment, unescaped trailing spaces are trimmed.  Lines left empty are
 * not stored (git keeps them, but they can never match).
 * SOURCE names the file in gi_info() (copied).  BASE is the directory the
 * file belongs to, relative to the root, "" for the root; surrounding
 * '/'s are ignored.  Returns 0, or -1 with a message in ERR (out of
 * memory is the only error) and *ERRLINE set (0 when no line is to
 * blame).
 */
int	gi_add(struct gi_rules *, const char *source, const char *base,
	    const char *buf, size_t len, char *err, size_t errsz,
	    unsigned *errline);

/*
 * Judge PATH (relative to the root, '/'-separated, no trailing '/');
 * ISDIR tells whether it is a directory (a symlink is not).
 * PARENT_EXCLUDED is the verdict of the parent directory in a walk:
 *   0	the parent is included (or PATH is at the top): judge PATH alone;
 *   1	the parent is excluded: PATH is excluded and *RULE is -1 (git
 *	cannot re-include below an excluded directory; the walker knows
 *	which rule excluded the parent, and git reports that one);
 *  -1	judge every ancestor directory first, top down, as git's
 *	prep_exclude() does; the first excluded one decides and its rule
 *	is returned.
 * Returns 1 excluded, 0 included.  *RULE is the index (in add order, as
 * for gi_info()) of the deciding pattern or -1 if none matched; *NEGATED
 * is 1 if that pattern is a '!' one (then the return is 0).
 */
int	gi_match(const struct gi_rules *, const char *path, size_t len,
	    int isdir, int parent_excluded, long *rule, int *negated);

size_t	gi_count(const struct gi_rules *);

/*
 * Pattern I: its source and 1-based line, its text as written after
 * trimming (with any '!' and trailing '/', as `git check-ignore -v`
 * prints it), and its flags.  Any pointer may be NULL.  Returns 0, or -1
 * if I is out of range.  The strings live until gi_free().
 */
int	gi_info(const struct gi_rules *, size_t i, const char **source,
	    unsigned *line, const char **text, int *negated, int *dironly);

#endif /* GITIGNORE_H */
