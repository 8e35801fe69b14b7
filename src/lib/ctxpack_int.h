/*
 * ctxpack_int.h: structures shared by the library's files.  Not installed.
 */
#ifndef CTXPACK_INT_H
#define CTXPACK_INT_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "ctxpack.h"
#include "gitignore.h"
#include "gomatch.h"
#include "linmatch.h"
#include "re2pcre.h"

/* ---------------------------------------------------------------- diag.c */

/* A diagnostic kept on a handle, with storage for its strings. */
struct df_file;
struct df_build;

struct diagbuf {
	struct ctxpack_diag	 d;
	int			 set;
	char			 file[1024];
	char			 msg[2048];
};

void	diag_set(struct diagbuf *, enum ctxpack_level, const char *file,
	    unsigned line, unsigned col, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));
const struct ctxpack_diag *diag_get(const struct diagbuf *);
void	diag_emit(ctxpack_diag_fn *, void *, enum ctxpack_level,
	    const char *file, unsigned line, unsigned col, const char *fmt, ...)
	    __attribute__((format(printf, 7, 8)));
/* Append a C-quoted form of a name (for messages) into buf. */
const char *diag_quote(char *buf, size_t size, const char *s, size_t len);

/*
 * Make the array *pp (elements of elem bytes, *cap of them) hold at least
 * need, doubling; 0, or -1 with *pp untouched when memory runs out.
 */
int	mem_grow(void *pp, size_t *cap, size_t need, size_t elem);

/* ------------------------------------------------------------- strbuf */

struct sbuf {
	char	*s;
	size_t	 len;
	size_t	 cap;
	int	 oom;
};

void	sbuf_putc(struct sbuf *, char);
void	sbuf_put(struct sbuf *, const char *, size_t);
void	sbuf_printf(struct sbuf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	sbuf_free(struct sbuf *);

/* ------------------------------------------------------------- gopath.c */

/* Go's filepath.Clean, in place into out (size >= len + 2). */
size_t	go_clean(const char *in, size_t len, char *out);
/* The same, and map[j] the offset in IN that out[j] comes from (map has
 * room for len + 1 entries; in == out is not allowed then). */
size_t	go_clean_map(const char *in, size_t len, char *out, size_t *map);
/* Go's strings.TrimSpace: returns the trimmed span of s. */
const char *go_trimspace(const char *s, size_t len, size_t *outlen);
/* Go's unicode.IsSpace. */
int	go_isspace(int32_t);
/* Go's utf8.DecodeRune: rune and width; invalid gives 0xFFFD width 1. */
int32_t	go_decode_rune(const unsigned char *s, size_t len, size_t *width);
/* Go's utf8.AppendRune: R as UTF-8 (a bad rune as U+FFFD). */
void	go_put_rune(struct sbuf *, int32_t);
/* 1 if s is valid UTF-8 as Go decodes it. */
int	go_valid_utf8(const char *s, size_t len);

/* ------------------------------------------------------------ pattern.c */

enum pkind {
	PK_EXACT,	/* byte equality */
	PK_PREFIX,	/* stem followed by a final ** */
	PK_SUFFIX,	/* ** followed by a wildcard-free rest */
	PK_REGEX	/* PCRE2 (with an optional fast path below) */
};

enum pfast {
	PF_NONE,
	PF_ROOT_SUFFIX,	/* *LIT: no '/', ends with LIT */
	PF_BASE_SUFFIX	/* **\/\*LIT: ends with LIT, no '\n' before last '/' */
};

struct pattern {
	char		*text;		/* cleaned, without '!' */
	size_t		 len;
	int		 exception;
	enum pkind	 kind;
	enum pfast	 fast;
	const char	*lit;		/* exact text, prefix stem, suffix rest */
	size_t		 litlen;
	size_t		 pfxlen;	/* regexp: every match starts with
					   text[0..pfxlen) */
	const char	*req;		/* regexp: a literal every match holds */
	size_t		 reqlen;
	char		*gore;		/* the regexp Docker builds (Go syntax) */
	size_t		 gorelen;
	char		*pcre;		/* its PCRE2 translation */
	pcre2_code	*re;
	struct lm_prog	*lm;		/* a plain glob: linear, no PCRE2 */
	int		 jit;		/* JIT compiled (on first use) */
	const char	*source;	/* borrowed from the rule set */
	unsigned	 line;
	unsigned	 col;
};

/*
 * Compile a cleaned pattern (without '!').  On a syntax error returns -1
 * with a message in err (errsz bytes) and in *erroff the offset in the
 * pattern of the faulty character: the '[' of a class or the trailing
 * '\\' filepath.Match rejects, the rune a regexp error comes from (the
 * escape, the start of a bad range or repeat); 0 when PCRE2 rejects the
 * translation or memory runs out.
 */
int	pattern_compile(struct pattern *, const char *text, size_t len,
	    int exception, char *err, size_t errsz, size_t *erroff);
void	pattern_free(struct pattern *);
/* 1 match, 0 no match, -1 a PCRE2 limit was hit. */
int	pattern_match(const struct pattern *, const char *path, size_t len,
	    pcre2_match_data *, pcre2_match_context *);
/* 1 if the pattern could match some path below DIR (DIR/...). */
int	pattern_could_match_below(const struct pattern *, const char *dir,
	    size_t len, pcre2_match_data *, pcre2_match_context *);
/*
 * A printable ignore-file line that means exactly PATH after PREFIX ("",
 * "!" or "**\/"), checked by reading it back; NULL if none can.  To free.
 */
char	*pattern_line(const char *prefix, const char *path, size_t len);

/* ---------------------------------------------------------- ruleindex.c */

/* Per-rule "matched this directory" flags, one bit per rule. */
typedef uint64_t flagword;

/*
 * Which rules can match a path, without trying them.  Calling sequence:
 * ri_new(), ri_add() for rules 0, 1, 2... in order (ri_clear() to start
 * again), then ri_candidates() per path, ri_free().  Only a rule whose
 * bit ri_candidates() sets can match the path; the others are certain
 * not to.  Read-only while matching.
 */
struct rindex;

struct rindex	*ri_new(void);
void		 ri_clear(struct rindex *);
void		 ri_free(struct rindex *);
/* Add rule I (its pattern P lives as long as the index); -1 no memory. */
int		 ri_add(struct rindex *, const struct pattern *p, size_t i);
/* OR into cand (nwords words) the rules that can match PATH itself. */
void		 ri_candidates(const struct rindex *, const char *path,
		    size_t len, flagword *cand, size_t nwords);

/* ------------------------------------------------------------ matcher.c */

/* One error of the last failed call (ctxpack_rules_error_at()). */
struct rules_err {
	struct ctxpack_diag	 d;		/* d.file interned, d.msg owned */
};

struct ctxpack_rules {
	struct pattern		*pat;
	size_t			 n;
	size_t			 cap;
	int			 has_exception;
	char			**sources;	/* interned source names */
	size_t			 nsources;
	struct rules_err	*errs;		/* of the last failed call */
	size_t			 nerrs;
	size_t			 errcap;
	struct diagbuf		 oom;		/* when errs can't grow */
	int			 oom_set;
	pcre2_match_data	*md;
	pcre2_match_context	*mctx;
	int			 limit_hit;	/* index+1 of the pattern */
	size_t			 nwords;	/* words in a flag set */
	struct gi_rules		*gi;		/* gitignore rules, or NULL */
	char			**keep;		/* build files always kept */
	size_t			 nkeep;
	struct rindex		*idx;		/* NULL: every rule is tried */
	flagword		*cand;		/* scratch: nwords candidates */
	int			 noindex;	/* tests: try every rule */
};

/* A count's noun: "1 path", "2 paths". */
#define PLURAL(n, one, many)	((n) == 1 ? (one) : (many))

/* Rule references from here on are gitignore rules (ctxpack_rule_ref). */
#define CTXPACK_GITRULE	(1L << 30)

size_t	rules_nwords(const struct ctxpack_rules *);
/*
 * One step of MatchesUsingParentResults: judge PATH given its parent's
 * flags (NULL for "no information": then ancestors are tested, as
 * MatchesOrParentMatches does).  Writes PATH's flags into out (may be NULL).
 * Returns 1 excluded, 0 included, -1 a limit was hit; *rule the decider.
 */
int	rules_step(const struct ctxpack_rules *, const char *path, size_t len,
	    const flagword *parent, flagword *out, long *rule);
/* The same, telling trace() each rule that matched: (arg, rule,
 * inherited from the parent's results, verdict after it). */
typedef void	rules_trace_fn(void *, size_t, int, int);
int	rules_step_trace(const struct ctxpack_rules *, const char *path,
	    size_t len, const flagword *parent, flagword *out, long *rule,
	    rules_trace_fn *, void *);
/*
 * The full verdict: the Docker rules (rules_step) and, when there are
 * gitignore rules, git's verdict too (either excludes; the always-kept
 * build files stay).  *git is PATH's git verdict for its children;
 * parent_git the parent's (0 at the top).  For a directory, *enter_git
 * tells whether the walk may enter it when git excluded it (only toward
 * a kept build file).
 */
int	rules_judge(const struct ctxpack_rules *, const char *path, size_t len,
	    int isdir, const flagword *parent, flagword *out, int parent_git,
	    int *git, long *rule);
/* 1 if PATH is a build file ctxpack keeps (rules_add_keep_name). */
int	rules_is_keep(const struct ctxpack_rules *, const char *path, size_t len);
/* 1 if a kept build file lies below DIR (DIR/...). */
int	rules_keep_below(const struct ctxpack_rules *, const char *dir,
	    size_t len);
int	rules_add_keep_name(struct ctxpack_rules *, const char *name);
int	rules_source_loaded(const struct ctxpack_rules *, const char *);
/* Put the error of the last limit hit on the rules; CTXPACK_FAILED. */
int	rules_limit_error(const struct ctxpack_rules *);

/* patternmatcher's deprecated Matches (R18), used for R26. */
int	rules_match_deprecated(const struct ctxpack_rules *, const char *path,
	    size_t len);
/*
 * BuildKit pruning: could any path strictly below the excluded directory
 * DIR (whose flags are dflags, decided by rule drule) be included?
 */
int	rules_could_include_below(const struct ctxpack_rules *,
	    const char *dir, size_t len, long drule, long *why);
/* Classic R21: some exception's text + "/" starts with DIR + "/". */
int	rules_classic_descend(const struct ctxpack_rules *, const char *dir,
	    size_t len);
/*
 * patternmatcher.New for one entry as written (TrimSpace, Clean, '!'):
 * its first byte is at column COL of LINE.  Clears the error list; on
 * failure it holds one error.
 */
int	rules_add_clean(struct ctxpack_rules *, const char *source,
	    unsigned line, unsigned col, const char *p, size_t len);
/*
 * The same for an entry whose byte k is at column cols[k] of LINE (len
 * + 1 entries: the last for its end); RULECOL is the rule's own column
 * (ctxpack_rules_get(), lint).  Appends one error on failure and leaves
 * the others.
 */
int	rules_add_cols(struct ctxpack_rules *, const char *source,
	    unsigned line, unsigned rulecol, const char *p, size_t len,
	    const unsigned *cols);
/* Forget the rules from N on (a file that failed is never used). */
void	rules_truncate(struct ctxpack_rules *, size_t n);
/* The rule set's one copy of a file name; NULL when memory runs out. */
const char *rules_intern_source(struct ctxpack_rules *, const char *);
/* The error list: cleared, and one error appended (CTXPACK_FAILED, or
 * CTXPACK_FATAL when memory runs out). */
void	rules_err_clear(struct ctxpack_rules *);
int	rules_err_add(struct ctxpack_rules *, const char *file, unsigned line,
	    unsigned col, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));


/* ------------------------------------------------------------ buildah.c */

/*
 * buildah's rules (B4-B10) in an ordinary rule set: one struct pattern per
 * rule, gore holding buildah's regexp; kind PK_REGEX with its PCRE2 code,
 * or PK_EXACT with litlen > 0 for a plain literal, or re NULL and litlen
 * 0 when that regexp does not compile (buildah fails on the first entry
 * it walks).  Judge them with bh_match(), not rules_step().
 */
/* ParseIgnore + NewPatternMatcher on a whole file; eager errors fail. */
int	bh_rules_parse(struct ctxpack_rules *, const char *source,
	    const char *buf, size_t len);
/* One line as ParseIgnore returns it (slashes already trimmed). */
int	bh_rules_add(struct ctxpack_rules *, const char *source,
	    unsigned line, unsigned col, const char *p, size_t len);
/* The first rule whose regexp does not compile, or -1. */
long	bh_lazy(const struct ctxpack_rules *);
/* Its error, as met at ENTRY, into d; CTXPACK_FAILED. */
int	bh_lazy_error(const struct ctxpack_rules *, long rule,
	    const char *entry, struct diagbuf *d);
/* Its message; 1 when only PCRE2 fails (Go, so buildah, compiles it). */
int	bh_pattern_error(const struct pattern *, char *err, size_t sz);
/*
 * fileutils' deprecated Matches: 1 excluded, 0 not, -1 a PCRE2 limit,
 * -2 a rule that does not compile (*rule says which); *rule the last
 * matching rule.
 */
int	bh_match(const struct ctxpack_rules *, const char *path, size_t len,
	    long *rule);
int	bh_match_trace(const struct ctxpack_rules *, const char *path,
	    size_t len, long *rule, rules_trace_fn *, void *);
/* One rule of the set alone: 1 it matches PATH, 0 not, -1 a limit. */
int	bh_match1(const struct ctxpack_rules *, const struct pattern *,
	    const char *path, size_t len);
/* B10: the copier enters the excluded directory DIR; *why the exception. */
int	bh_enters(const struct ctxpack_rules *, const char *dir, size_t len,
	    long *why);
/* A line buildah reads as exactly PATH after PREFIX ("" or "!"); to free. */
char	*bh_line(const char *prefix, const char *path, size_t len);
/* "**\/" and such a line: NAME at any depth; to free. */
char	*bh_line_under(const char *name);

/* ----------------------------------------------------------- tarentry.c */

/*
 * One tar entry as the tar holds it (tarwrite.c writes it, digest.c hashes
 * it).  Calling sequence per entry: tent_open(), then for a file
 * tent_data() (exactly size bytes to the sink), then tent_done() (or
 * tent_abort() on failure).  Hard links are keyed on (device, inode).
 */
struct ctx_skip;

struct tent_state {
	struct hl		*hl;
	size_t			 nhl, hlcap;
	char			*name;		/* the current entry's tar name */
	size_t			 ncap;
	char			*rbuf;
	char			*xbuf;		/* the xattrs of the entry */
	size_t			 xcap;
	/* where tent_data reads to instead, when it gives room: the
	 * sink's own buffer, so the sink need not copy (tarwrite.c) */
	void			*(*readbuf)(void *, size_t *);
	unsigned		 flags;		/* CTXPACK_TAR_* */
	int			 have_epoch;
	int64_t			 epoch;
	ctxpack_diag_fn		*diag;		/* warnings */
	void			*diag_arg;
	const struct ctx_skip	*skip;		/* never written (lazy) */
	size_t			 nskip;
};

struct tent {
	const char		*name;		/* tar name: dirs end in '/' */
	size_t			 namelen;
	enum ctxpack_type	 type;
	mode_t			 perm;		/* as the tar holds it */
	int64_t			 mtime;
	off_t			 size;		/* files: the bytes that follow */
	dev_t			 rdev;
	const char		*link;		/* symlink target */
	const char		*hardlink;	/* first name of the same file */
	const char		*data;		/* extra entries: the bytes */
	int			 fd;		/* files: open to read, or -1 */
	unsigned char		 caps[64];	/* security.capability (v2) */
	size_t			 ncaps;
	int			 linkable;	/* may have other names: */
	dev_t			 dev;		/* its device and inode */
	ino_t			 ino;
	/*
	 * CTXPACK_TAR_BUILDAH: the xattrs buildah copies (user.*,
	 * security.capability and security.ima, raw; of files and
	 * directories), sorted by name: NAME NUL, 4-byte big-endian size,
	 * the value; repeated.  tent_xattr() steps through them.
	 */
	const char		*xattrs;
	size_t			 xattrslen;
};

/* The xattr at *off of t (name, value): 1, or 0 at the end. */
int	tent_xattr(const struct tent *, size_t *off, const char **name,
	    const void **value, size_t *size);

/*
 * A walk flag of the library's own (ctxpack_pack, ctxpack_digest): a
 * regular file is not stat'ed by the walk but by tent_open(), on the
 * descriptor it reads (one syscall less a file).  Such an entry has
 * nlink 0 and no stat fields until then.
 */
#define WALK_LAZY		0x1000
/*
 * A walk flag of the library's own (the suggestion engine's walks over
 * the listing cache): a directory the cache lists is entered without
 * opening it, and opened only if something not cached must be read
 * there.  Its entries' dirfd is then -1: the walk's caller reads nothing
 * through them.
 */
#define WALK_NODIRFD		0x2000
/* tent_open(): the file is one ctxpack_ctx_skip_file() named. */
#define TENT_SKIP		10

/* tarwrite.c: the files a tar never holds (TENT_SKIP). */
struct ctxpack_tar;
void	tar_skip(struct ctxpack_tar *, const struct ctx_skip *, size_t);
/* File data read and written by a second thread (uncompressed output);
 * tar_warned(): it warned, maybe after the entry's ctxpack_tar_add. */
void	tar_pipeline(struct ctxpack_tar *);
/* Wait till it has written what it has, and say its warnings. */
void	tar_drain(struct ctxpack_tar *);
int	tar_warned(const struct ctxpack_tar *);

/* walk.c: the stat fields of an entry. */
void	entry_fill_stat(struct ctxpack_entry *, const struct stat *);

int	tent_init(struct tent_state *, const struct ctxpack_tar_opts *,
	    ctxpack_diag_fn *, void *);
/* Files never written (their dev and inode), for lazy entries. */
void	tent_skip(struct tent_state *, const struct ctx_skip *, size_t);
void	tent_free(struct tent_state *);
/*
 * Describe E (NOREAD: do not open the file; counting).  CTXPACK_WARN: not
 * packed (a socket, a file that vanished), with a warning; TENT_SKIP: not
 * packed, silently (tent_skip); CTXPACK_FATAL: see err.
 */
int	tent_open(struct tent_state *, const struct ctxpack_entry *e,
	    int noread, struct tent *, struct diagbuf *err);
/* Exactly t->size bytes to sink (-1 from it: CTXPACK_FATAL). */
int	tent_data(struct tent_state *, const struct ctxpack_entry *,
	    struct tent *, int (*sink)(void *, const void *, size_t), void *,
	    struct diagbuf *err);
int	tent_done(struct tent_state *, const struct ctxpack_entry *,
	    struct tent *, struct diagbuf *err);
void	tent_abort(struct tent *);

/* -------------------------------------------------------------- cache.c */

/* One directory's listing, as the walk reads it (names sorted bytewise). */
struct dent {
	const char	*name;
	size_t		 off;		/* of name in the frame's arena */
	unsigned char	 type;		/* DT_* */
};

/* walk.c: a directory's names, sorted bytewise (R19), without . and .. */
struct dirlist {
	char		*arena;		/* the names */
	size_t		 alen, acap;
	struct dent	*ents;
	size_t		 n, ncap;
};
int		 dirlist_read(struct dirlist *, int);

struct cdir;				/* a cached listing */

struct cdir	*cache_find(const struct ctxpack_cache *, dev_t, ino_t);
/* Record a directory's sorted listing; NULL when memory runs out. */
struct cdir	*cache_add(struct ctxpack_cache *, dev_t, ino_t,
		    const struct dent *, size_t);
size_t		 cache_count(const struct cdir *);
const char	*cache_name(const struct cdir *, size_t);
unsigned char	 cache_type(const struct cdir *, size_t);
/* Entry i's lstat: 0 if the cache has it. */
int		 cache_stat(const struct cdir *, size_t, struct stat *);
void		 cache_set_stat(struct cdir *, size_t, const struct stat *);
const char	*cache_link(const struct cdir *, size_t);
void		 cache_set_link(struct cdir *, size_t, const char *);
struct cdir	*cache_sub(struct ctxpack_cache *, struct cdir *, size_t);
void		 cache_names(const struct cdir *, struct dent *);
/* scan.c: the whole tree under a directory into the cache, on N cores. */
void		 cache_scan(struct ctxpack_cache *, int, int);

/* ------------------------------------------------------------ context.c */

/*
 * An entry a tar carries beyond the walked tree: bytes of our own (a
 * Dockerfile from outside, the classic CLI's .dockerignore), or a file of
 * the tree the walk did not send (BuildKit: an excluded Dockerfile that
 * a piped tar must hold).
 */
struct ctx_extra {
	char			*path;
	const char		*data;		/* NULL: the tree's file PATH */
	size_t			 len;
	int			 tar_only;	/* only in CTXPACK_WALK_TAR walks */
	long			 rule;		/* tree file: the rule excluding it */
};

struct ctxpack_ctx {
	char			*dir;		/* as given */
	char			*absdir;	/* absolute, cleaned, links kept */
	char			*realdir;	/* absolute, symlinks resolved */
	char			*why_path;	/* ctxpack_why(): the path judged */
	int			 dirfd;
	struct ctxpack_opts	 opts;
	struct ctxpack_rules	*rules;
	char			*ignore_path;	/* the ignore file, as shown */
	char			*ignore_rel;	/* its name in the context */
	char			*ignore_read;	/* a link: the file read (relative
						   inside, absolute outside) */
	char			*ignore_text;	/* the bytes read */
	size_t			 ignore_len;
	int			 ignore_link;	/* it is a symbolic link */
	int			 ignore_dir;	/* BuildKit: one was a directory,
						   read as none */
	int			 ignore_outside; /* read from outside the context */
	int			 ignore_unhonoured; /* BuildKit: a link whose
						   re-rooted target is absent */
	int			 ignore_per_df;	/* <Dockerfile>.dockerignore */
	int			 ignore_sent;	/* classic R27: .dockerignore is
						   a sent regular file */
	char			*ignore_rewrite; /* classic R27: its new text */
	size_t			 ignore_rewrite_len;
	char			*dockerfile_rel; /* name in the context */
	char			*dockerfile_given; /* as named, link unresolved */
	long			 df_lost_rule;	/* classic: the rule that hides
						   the Dockerfile (moby#40090) */
	int			 df_stdin;	/* -f - */
	char			*outside_df;	/* bytes of an outside Dockerfile */
	size_t			 outside_len;
	struct ctx_extra	*extras;
	size_t			 nextras;
	struct ctx_skip {
		dev_t	dev;
		ino_t	ino;
	}			*skip;		/* files never packed */
	size_t			 nskip;
	struct diagbuf		 err;
	unsigned		 nostat;	/* walk without fstatat */
	const char		*override;	/* ctx_open_as(): the ignore */
	size_t			 override_len;	/* file's bytes, during open */
	struct df_file		*df;		/* CTXPACK_F_DOCKERFILE: the */
	struct df_build		*build;		/* Dockerfile and its build */
	struct ctxpack_rules	*follow;	/* its transfer, symbolic */
	int			 follow_all;	/* links followed (build.c) */
	struct ctxpack_rules	*follow_narrow;	/* the narrower transfers,
						   when one goes through a
						   link (suggest keeps it) */
	int			 follow_narrow_all;
	/* buildah (B1, B2) */
	char			*bh_g;		/* the build file as buildah names
						   it for <it>.dockerignore:
						   absolute, cleaned */
	int			 bh_df_cwd;	/* -f found from the cwd */
	int			 bh_ignore_kind; /* BH_IGN_* */
	int			 bh_planned;	/* bhtar.c ran */
	char			*bh_tar_ignore;	/* its ignore file for the tar */
};

/* Where a buildah context's rules came from (B2). */
enum {
	BH_IGN_NONE = 0,
	BH_IGN_OPTION,		/* --ignore-file */
	BH_IGN_PERFILE,		/* <build file>.dockerignore/.containerignore */
	BH_IGN_ROOT		/* DIR/.containerignore or DIR/.dockerignore */
};

/*
 * build.c: read and evaluate the Dockerfile when the options ask for it
 * (c->df, c->build); free them.  ctx_used(): does the build's transfer
 * (what BuildKit sends for docker build DIR) or a build file need PATH:
 * CTXPACK_READ_*, -1 a match limit.
 */
/* secret.c: does NAME (last component of PATH) look like a secret? */
int	ctx_is_secret(const char *name, const char *path, int isdir);

/*
 * lintbuild.c: lint's findings about what the Dockerfile reads.
 * lint_build_open(): ctxpack_ctx_open() for lint (a Dockerfile that does
 * not read is a finding, not a failure), then the dockerfile, copy-ignored
 * and copy-missing findings to CB.  lint_build_secret(): 1 when the build
 * reads the secret-looking entry E and a secret-copied finding went to CB
 * (lint's secret is then not given).
 */
int	lint_build_open(const char *dir, struct ctxpack_opts *,
	    struct ctxpack_ctx **, ctxpack_lint_fn *cb, void *arg);
int	lint_build_secret(struct ctxpack_ctx *, const struct ctxpack_entry *e,
	    ctxpack_lint_fn *cb, void *arg);

/* lint.c: one finding to the callback, its message formatted. */
void	lint_vfinding(ctxpack_lint_fn *, void *, const char *code,
	    enum ctxpack_lint_level, const char *file, unsigned line,
	    unsigned col, const char *path, const char *fix, const char *fmt,
	    va_list) __attribute__((format(printf, 10, 0)));

int	ctx_load_build(struct ctxpack_ctx *);
/* buildah: does a read name the link PATH or go through it (build.c)? */
int	ctx_used_link(const struct ctxpack_ctx *, const char *path,
	    size_t len);
/* buildah: a COPY source below a directory the walk prunes, or NULL. */
const char *ctx_bh_pruned_read(const struct ctxpack_ctx *);
int	ctx_follow_keeps(const struct ctxpack_ctx *, const char *path,
	    size_t len, int isdir);
void	ctx_free_build(struct ctxpack_ctx *);
int	ctx_used(const struct ctxpack_ctx *, const char *path, size_t len,
	    int isdir);

/*
 * gitload.c: read DIR/.gitignore (DIR the context-relative path of the
 * directory open on dirfd, len bytes) into the context's rules, once.
 * Not a regular file: nothing.  -1 only when the rules could not grow.
 */
int	ctx_load_gitignore(struct ctxpack_ctx *, int dirfd, const char *dir,
	    size_t len);
/* Open the context's directory REL (len bytes), no link followed; -1. */
int	ctx_open_dir(const struct ctxpack_ctx *, const char *rel, size_t len);

/* buildah's build file (B1) and ignore file (B2). */
int	bh_find_buildfile(struct ctxpack_ctx *);
int	bh_choose_ignore(struct ctxpack_ctx *);
/*
 * bhtar.c: the entries a tar for `buildah build -` carries beyond the
 * walked tree, so that buildah's second filtering of the extracted tar
 * changes nothing (ctx extras, tar only); once per context.
 */
int	bh_plan(struct ctxpack_ctx *);

/*
 * A tar entry beyond the walked tree: DATA (LEN bytes, kept by the
 * caller) or, DATA NULL, the tree's file PATH; only in CTXPACK_WALK_TAR
 * walks when TAR_ONLY.
 */
int	ctx_add_extra(struct ctxpack_ctx *, const char *path, const char *data,
	    size_t len, int tar_only);
/*
 * ctxpack_ctx_open() as if the ignore file in use (or, when there is
 * none, DIR/.dockerignore) held TEXT: suggest's check of new lines.
 */
int	ctx_open_as(const char *dir, const struct ctxpack_opts *,
	    const char *text, size_t len, struct ctxpack_ctx **);

/* Fail with a message on the context; err an errno to append, or 0. */
int	ctx_fail(struct ctxpack_ctx *, const char *file, int err,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A match limit was hit: put its error on the context; CTXPACK_FAILED. */
int	ctx_rules_failed(struct ctxpack_ctx *);
/* Read a whole file (at most max bytes); -1 with errno. */
int	ctx_slurp(int fd, size_t max, char **bufp, size_t *lenp);
/* 1 if the entry is one of the files pack never packs (its output). */
int	ctx_skipped(const struct ctxpack_ctx *, const struct ctxpack_entry *);

#endif /* CTXPACK_INT_H */
