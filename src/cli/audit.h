/*
 * audit.h: what audit's discovery files share (audit_find.c, compose.c,
 * audit_bake.c, cmd_audit.c).  A row is one Dockerfile + context pair (or
 * a named context, with no Dockerfile), listed once with every source that
 * names it.
 */
#ifndef AUDIT_H
#define AUDIT_H

#include <stddef.h>

#include "cli.h"

struct row {
	char		 *context;	/* as shown: cleaned, or a URL */
	char		 *dockerfile;	/* as shown, or NULL (inline, named) */
	char		 *skip;		/* why it is not reported, or NULL */
	char		**sources;
	size_t		  nsources;
	char		**notes;
	size_t		  nnotes;
	char		 *rctx, *rdf;	/* realpaths: the identity */
	int		  searched;	/* only found by the file-name search */
	struct ctxpack_report *r;
};

struct rows {
	struct row	*v;
	size_t		 n, cap;
};

/*
 * Add (or find) the row for CONTEXT + DOCKERFILE (NULL: none) and add
 * SOURCE to it; SKIP set makes a row that is listed but not reported.
 * Returns the row, NULL when out of memory.
 */
struct row	*rows_add(struct rows *, const char *context,
		    const char *dockerfile, const char *source, const char *skip);
int		 row_note(struct row *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
void		 rows_free(struct rows *);

/* Lexical path.Clean ("a/b/../c" -> "a/c", "" -> "."). */
char	*path_clean(const char *);
/* DIR joined with REL (REL absolute: REL), cleaned. */
char	*path_join(const char *dir, const char *rel);
/* The directory part of a path ("." for a bare name). */
char	*path_dir(const char *);
/* git URLs, http(s) and other scheme:// references (buildx IsRemoteURL) */
int	 is_remote(const char *);

/* Is this file a Dockerfile by name and by content? */
int	 dockerfile_name(const char *);
int	 dockerfile_content(const char *path);
/* Names Compose reads by itself, and YAML files that may be compose. */
int	 compose_default_name(const char *);
int	 yaml_name(const char *);

/* A compose file: its services' build contexts into ROWS. */
int	 compose_read(struct rows *, const char *file, int is_default);
void	 compose_done(void);	/* frees what compose_read() loaded */
/* The bake files of a directory: their targets into ROWS. */
int	 bake_rows(struct rows *, const char *dir, const char *const *files,
	    size_t nfiles);

/* The files a search found under the audit's paths. */
struct found {
	char	**dockerfiles;
	size_t	  ndockerfiles;
	char	**compose;	/* default names */
	size_t	  ncompose;
	char	**yaml;		/* other YAML: compose if services: build: */
	size_t	  nyaml;
	char	**bakedirs;	/* directories with bake files */
	size_t	  nbakedirs;
};

int	 audit_search(struct found *, const char *root);
void	 found_free(struct found *);

#endif
