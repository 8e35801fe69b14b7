/*
 * markdown.h: GitHub-flavoured Markdown for CI job summaries
 * ($GITHUB_STEP_SUMMARY): escaped text, inline code and table cells that
 * no name can break, and the Markdown forms of report, check and audit.
 */
#ifndef MARKDOWN_H
#define MARKDOWN_H

#include <stdio.h>

#include "cli.h"

/*
 * Text for a Markdown paragraph or table cell: punctuation Markdown acts
 * on gets a backslash, '|' too (a cell ends there otherwise), control
 * bytes and bytes that are not UTF-8 are written as C escapes (fmt_text).
 */
void	md_text(FILE *, const char *);
/*
 * Inline code: the fence is one backtick longer than the longest run of
 * backticks inside, padded with a space when the text starts or ends
 * with one; in a table (intable 1) '|' becomes "\|", which GFM turns
 * back into '|' inside code.  Control bytes as C escapes.
 */
void	md_code(FILE *, const char *, int intable);
/* A directory: inline code of "path/". */
void	md_dir(FILE *, const char *, int intable);

struct rows;

/* report --format markdown: totals, largest directories, flags, files. */
void	md_report(FILE *, const struct options *, struct ctxpack_ctx *,
	    const struct ctxpack_report *);
/* audit --format markdown: one table row per context. */
void	md_audit(FILE *, const struct options *, const struct rows *);

#endif
