/*
 * hcl.h: a subset of HCL's native syntax for reading bake files (audit).
 * The parser reads the whole native syntax (blocks, attributes, every
 * expression form, templates with interpolation and directives, heredocs,
 * comments); the evaluator computes literals, templates with ${...},
 * variables, tuples, objects, ?:, ==, !=, &&, ||, ! and unary minus, and
 * reports anything else (function calls, traversals, for expressions,
 * arithmetic, comparisons, template directives and strip markers) as
 * unsupported with its position.  Everything lives in one arena.
 */
#ifndef HCL_H
#define HCL_H

#include <stddef.h>

struct arena;

struct arena	*arena_new(void);
void		 arena_free(struct arena *);
void		*arena_alloc(struct arena *, size_t);	/* zeroed; exits on ENOMEM */
char		*arena_strndup(struct arena *, const char *, size_t);
char		*arena_strdup(struct arena *, const char *);

enum hval_type {
	HV_NULL, HV_BOOL, HV_NUM, HV_STR, HV_TUPLE, HV_OBJECT
};

/* A value.  Numbers are kept as plain decimal text ("-1.5", "1000"). */
struct hval {
	enum hval_type	  t;
	int		  b;
	const char	 *s;		/* HV_STR, HV_NUM */
	size_t		  n;		/* HV_TUPLE, HV_OBJECT */
	struct hval	**v;
	const char	**k;		/* HV_OBJECT keys */
};

enum hexpr_type {
	HX_LIT, HX_TMPL, HX_VAR, HX_TUPLE, HX_OBJECT, HX_COND, HX_BIN,
	HX_NOT, HX_NEG, HX_UNSUP
};

struct hexpr {
	enum hexpr_type	  t;
	size_t		  pos;		/* byte offset in the source */
	struct hval	 *lit;		/* HX_LIT */
	const char	 *name;		/* HX_VAR; HX_UNSUP: what */
	int		  op;		/* HX_BIN: '|', '&', '=', '!' */
	struct hexpr	**sub;		/* HX_TMPL parts, HX_TUPLE items,
					   HX_OBJECT key, value, key, ...,
					   HX_COND c, a, b; HX_BIN l, r */
	size_t		  n;
	const struct hsrc *src;
};

/* A source text, for turning offsets into line and column. */
struct hsrc {
	const char	*file;
	const char	*text;
	size_t		 len;
	unsigned	 line0, col0;	/* for JSON strings: where they start */
};

struct hattr {
	const char	*name;
	struct hexpr	*e;
	size_t		 pos;
};

struct hblock {
	const char	 *type;
	const char	**labels;
	size_t		  nlabels;
	struct hbody	 *body;
	size_t		  pos;
};

struct hbody {
	struct hattr	 *attrs;
	size_t		  nattrs;
	struct hblock	 *blocks;
	size_t		  nblocks;
	const struct hsrc *src;
};

/* An error: where (file, 1-based line and column) and what. */
struct herr {
	const char	*file;
	unsigned	 line, col;
	int		 unsupported;	/* 1: valid HCL beyond the subset */
	char		 msg[256];
};

void	hsrc_linecol(const struct hsrc *, size_t, unsigned *, unsigned *);

/* Parse a native-syntax file; NULL on a syntax error (in *err). */
struct hbody	*hcl_parse(struct arena *, const char *file, const char *text,
		    size_t len, struct herr *err);
/*
 * Parse a string as a template with no backslash escapes (HCL's JSON
 * syntax reads JSON strings so), starting at LINE:COL of FILE.
 */
struct hexpr	*hcl_parse_template(struct arena *, const char *file,
		    const char *text, size_t len, unsigned line, unsigned col,
		    struct herr *err);

/* Variables: fill *out or return -1 with err set. */
typedef int	hcl_lookup_fn(void *arg, const char *name, const struct hexpr *at,
		    struct hval **out, struct herr *err);

/* Anything beyond the subset anywhere in E: -1, the first one in *err. */
int	hcl_check(const struct hexpr *, struct herr *);
int	hcl_eval(struct arena *, const struct hexpr *, hcl_lookup_fn *, void *,
	    struct hval **, struct herr *);
void	hcl_seterr(struct herr *, const struct hexpr *, int unsupported,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* cty's conversions to string; -1 if not convertible (null gives 0, *s NULL) */
int	hval_to_string(struct arena *, const struct hval *, const char **s);
struct hval *hval_str(struct arena *, const char *);
struct hval *hval_num_parse(struct arena *, const char *);	/* strtod text */

#endif
