/*
 * report_tree.h: the bounded tree ctxpack_report_tree() builds during
 * report.c's walk.  report.c calls these as it opens and closes
 * directories and meets other entries, in walk order.
 */
#ifndef REPORT_TREE_H
#define REPORT_TREE_H

#include <stdint.h>

#include "ctxpack.h"

struct rtree;

struct rtree	*rtree_new(const struct ctxpack_tree_opts *);
/* A directory opens below the open ones ("" for the root). */
int		 rtree_open(struct rtree *, const char *name, unsigned flags);
/* The innermost open directory closes, with flags report found then. */
int		 rtree_close(struct rtree *, unsigned flags);
/* A non-directory in the innermost open directory (READ: the build
 * reads it). */
int		 rtree_entry(struct rtree *, const char *name, uint64_t bytes,
		    int sent, int read);
/* The root, once closed (then owned by the caller); NULL before. */
struct ctxpack_tree_node *rtree_take(struct rtree *);
void		 rtree_free(struct rtree *);
void		 rtree_node_free(struct ctxpack_tree_node *);

#endif
