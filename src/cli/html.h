/*
 * html.h: report --html: one self-contained page with a treemap of the
 * context (inline SVG and CSS, a few lines of script, nothing loaded
 * from anywhere), the totals, a legend and the lines to add.
 */
#ifndef HTML_H
#define HTML_H

#include "cli.h"

/* The tree the page needs: directory levels and children kept. */
#define HTML_TREE_DEPTH		3
#define HTML_TREE_WIDTH		14

/*
 * Write the page for report R (run with a tree) to o->html ("-":
 * standard output).  -1 after an error message.
 */
int	html_write(const struct options *, struct ctxpack_ctx *,
	    const struct ctxpack_report *);

#endif
