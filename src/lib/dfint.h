/*
 * dfint.h: what the Dockerfile files (df*.c) share: an arena, string
 * vectors, Go's rune classes and quoting, the shell lexer, the JSON array
 * reader, filepath.Match, and the parsed file.  Not installed.
 */
#ifndef DFINT_H
#define DFINT_H

#include <stddef.h>
#include <stdint.h>

#include "ctxpack_int.h"
#include "dockerfile.h"

/* ------------------------------------------------------------- arena */

/* Strings and arrays that live as long as their handle. */
struct df_arena {
	struct df_blk	*blk;
	int		 oom;
};

void	*df_alloc(struct df_arena *, size_t);
char	*df_strndup(struct df_arena *, const char *, size_t);
void	*df_memdup(struct df_arena *, const void *, size_t);
void	 df_arena_free(struct df_arena *);

/* A growable vector of byte strings (each also NUL-terminated). */
struct df_strv {
	char		**v;
	size_t		 *len;
	size_t		  n;
	size_t		  cap;
	int		  oom;
};

void	df_strv_add(struct df_strv *, const char *, size_t);
void	df_strv_free(struct df_strv *);

/* One CSV record (a --mount value) into fields; -1 with ERR set. */
int	df_csv_fields(const char *, size_t, struct df_strv *, char *, size_t);

/* sbuf_put, also of (NULL, 0). */
void	df_put(struct sbuf *, const char *, size_t);

/* --------------------------------------------------------- go runes */

/* Go's unicode.IsLetter, IsDigit, IsSpace and strconv.IsPrint. */
int	df_isletter(int32_t);
int	df_isdigit(int32_t);
int	df_isprint(int32_t);
int	df_isspace(int32_t);
/* Append Go's strconv.Quote of S (also what %q prints). */
void	df_quote(struct sbuf *, const char *, size_t);
/*
 * strings.ToLower and ToUpper as far as they give ASCII: A-Z, U+0130
 * (I with dot) and U+212A (Kelvin sign) lower to i and k; a-z, U+0131
 * (dotless i) and U+017F (long s) upper to I and S.  Other runes are
 * kept: what they map to can never equal an ASCII name.  DST has room
 * for LEN + 1 bytes (the result is never longer); returns its length.
 */
size_t	df_golower(char *, const char *, size_t);
size_t	df_goupper(char *, const char *, size_t);
/* Length of S without its leading Unicode white space (Go's TrimLeft). */
size_t	df_skip_space(const char *, size_t);
/* strings.TrimSpace: the trimmed span. */
const char *df_trimspace(const char *, size_t, size_t *);

/* ----------------------------------------------------------- dfgo.c */

/* strconv.ParseBool: 0 and *V, or -1. */
int	df_go_parsebool(const char *, int *);
/* strconv.ParseUint(S, BASE, 32) succeeds (BASE 8 or 10): 0, or -1. */
int	df_go_parseuint32(const char *, int);
/* go-units' RAMInBytes succeeds: 0, or -1. */
int	df_go_raminbytes(const char *);
/*
 * suggest.WrapError: when one of OPTS is within two edits of VAL (runes;
 * case-folded unless CASESENS), append " (did you mean OPT?)" to ERR.  An
 * option equal to VAL means the error is not about VAL: nothing added.
 * BuildKit takes some option lists from Go maps, so equally close options
 * come in any order there; here the first of OPTS wins.
 */
void	df_suggest(char *, size_t, const char *, const char *const *, size_t,
	    int);

/* -------------------------------------------------------- dfshell.c */

/*
 * Look NAME up; 1 and the value if set, 0 if not.  The lexer keeps no
 * pointer to the value past the call.
 */
typedef int	df_getenv_fn(void *, const char *, size_t, const char **,
		    size_t *);

/* BuildKit's shell.Lex and its options. */
struct df_lex {
	int		 escape;	/* '\\' or '`' */
	int		 raw_quotes;	/* keep quotes in the result */
	int		 raw_escapes;	/* keep escape characters */
	int		 skip_quotes;	/* quotes are ordinary characters */
	int		 skip_unset;	/* leave unset variables as written */
	df_getenv_fn	*get;		/* NULL: nothing is set */
	void		*arg;
	size_t		 unmatched;	/* lookups of unset names */
	char		 err[512];	/* the message of a failure */
};

/*
 * ProcessWord: expand S into OUT (appended).  ProcessWords: the words
 * after expansion into V.  0, or -1 with the error in lex->err (BuildKit's
 * text, "failed to process ...: ..."); -2 out of memory.
 */
int	df_lex_word(struct df_lex *, const char *, size_t, struct sbuf *);
int	df_lex_words(struct df_lex *, const char *, size_t, struct df_strv *);

/* --------------------------------------------------------- dfjson.c */

/*
 * Read S as encoding/json reads it into []interface{} for the exec form.
 * 1: a JSON array of strings, each added to V; 0: not a JSON array (or
 * bad JSON: BuildKit then reads the shell form); -1: an array holding a
 * non-string (BuildKit's error); -2: out of memory.  V is left empty
 * (freed) unless 1 is returned.
 */
int	df_json_array(const char *, size_t, struct df_strv *);

/* -------------------------------------------------------- dfmatch.c */

/* Go's filepath.Match: 1 match, 0 no match, -1 bad pattern. */
int	df_fpmatch(const char *, size_t, const char *, size_t);
/* fsutil's containsWildcards: '*', '?' or '[' not after a '\\'. */
int	df_has_wildcards(const char *, size_t);

/* How one context read matches paths (dfmatch.c). */
struct df_read_m {
	int			 ctx;		/* reads the context at all */
	char			*base;		/* literal part, relative */
	size_t			 baselen;
	char			*wild;		/* the rest, NULL if none */
	size_t			 wildlen;
	size_t			 wildcomps;
	struct ctxpack_rules	*excl;		/* --exclude, or NULL */
	struct ctxpack_rules	*incl;		/* --parents, or NULL */
};

int	df_read_m_init(struct df_read_m *, struct df_arena *, const char *,
	    int, const char *, const char *const *, size_t, struct diagbuf *);
int	df_read_m_match(const struct df_read_m *, const char *, size_t, int);
void	df_read_m_free(struct df_read_m *);
int	df_xfer_m_match(const struct ctxpack_rules *, const char *, size_t,
	    int);

/* --------------------------------------------------------- the file */

struct df_file {
	struct df_arena		 ar;
	char			*name;
	struct df_instr		*ins;
	size_t			 nins;
	struct df_directive	*dirs;
	size_t			 ndirs;
	int			 escape;
	char			*syntax;	/* DetectSyntax's image */
	int			 syntax_custom;
	struct diagbuf		 err;
	size_t			 nfrom;		/* FROM instructions */
};

/* Parse BUF as a Dockerfile named NAME (for ONBUILD triggers too). */
struct df_file	*df_parse_internal(const char *name, const char *buf,
		    size_t len, ctxpack_diag_fn *warn, void *arg, int trigger);
/* Is the argument a heredoc word (parser.MustParseHeredoc)? */
int	df_is_heredoc(const char *, size_t);
/* The value of flag NAME on I, NULL if not given (the last one). */
const struct df_flag *df_flag(const struct df_instr *, const char *);

#endif /* DFINT_H */
