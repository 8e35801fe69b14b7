/*
 * report_tree.c: an aggregated tree of the context for treemaps, built in
 * one pass over a depth-first walk with memory bounded by the tree's
 * shape, never by the size of the tree walked.
 *
 * Each directory open at a kept level (0 .. depth) has a node on a stack.
 * A child (a file, or a directory when it closes) goes into its parent's
 * array of at most `width` children; when the array is full, the
 * smallest of the lot is folded into the parent's MORE node (totals and a
 * count) and freed with everything below it.  Entries deeper than the
 * kept levels only add to the totals of the deepest open node.  So every
 * node's totals are the sums of its children's, fold included.
 */
#include <stdlib.h>
#include <string.h>

#include "report_tree.h"

struct onode {
	struct ctxpack_tree_node	 n;
	struct ctxpack_tree_node	 more;
	size_t				 cap;
};

struct rtree {
	unsigned			 depth, width;
	struct onode			*st;	/* open nodes, root first */
	size_t				 nopen;
	size_t				 deep;	/* open directories below depth */
	struct ctxpack_tree_node	*root;	/* when closed */
};

struct rtree *
rtree_new(const struct ctxpack_tree_opts *o)
{
	struct rtree *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	t->depth = o != NULL && o->depth > 0 ? o->depth : 3;
	t->width = o != NULL && o->width > 0 ? o->width : 12;
	if (t->depth > 8)
		t->depth = 8;
	if (t->width > 256)
		t->width = 256;
	if ((t->st = calloc(t->depth + 1, sizeof(*t->st))) == NULL) {
		free(t);
		return NULL;
	}
	return t;
}

static void
node_clear(struct ctxpack_tree_node *n)
{
	size_t i;

	for (i = 0; i < n->nchild; i++)
		node_clear(&n->child[i]);
	free(n->child);
	free(n->name);
}

void
rtree_node_free(struct ctxpack_tree_node *n)
{
	if (n == NULL)
		return;
	node_clear(n);
	free(n);
}

void
rtree_free(struct rtree *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nopen; i++)
		node_clear(&t->st[i].n);
	rtree_node_free(t->root);
	free(t->st);
	free(t);
}

static uint64_t
total(const struct ctxpack_tree_node *n)
{
	return n->bytes + n->excluded_bytes;
}

static void
add_totals(struct ctxpack_tree_node *to, const struct ctxpack_tree_node *n)
{
	to->bytes += n->bytes;
	to->files += n->files;
	to->excluded_bytes += n->excluded_bytes;
	to->excluded_files += n->excluded_files;
	to->read_bytes += n->read_bytes;
}

/* Fold N into P's MORE node and free it. */
static void
fold(struct onode *p, struct ctxpack_tree_node *n)
{
	add_totals(&p->more, n);
	p->more.folded++;
	node_clear(n);
}

/* Put N (moved in) among P's children, folding the smallest if full. */
static int
adopt(struct rtree *t, struct onode *p, struct ctxpack_tree_node *n)
{
	size_t i, m;

	add_totals(&p->n, n);
	if (p->n.nchild < t->width) {
		if (p->n.nchild == p->cap) {
			size_t nc = p->cap ? p->cap * 2 : 4;
			struct ctxpack_tree_node *v;

			if (nc > t->width)
				nc = t->width;
			if ((v = realloc(p->n.child, nc * sizeof(*v))) == NULL) {
				node_clear(n);
				return -1;
			}
			p->n.child = v;
			p->cap = nc;
		}
		p->n.child[p->n.nchild++] = *n;
		return 0;
	}
	for (m = 0, i = 1; i < p->n.nchild; i++)
		if (total(&p->n.child[i]) < total(&p->n.child[m]))
			m = i;
	if (total(n) <= total(&p->n.child[m])) {
		fold(p, n);
		return 0;
	}
	fold(p, &p->n.child[m]);
	p->n.child[m] = *n;
	return 0;
}

int
rtree_open(struct rtree *t, const char *name, unsigned flags)
{
	struct onode *o;

	if (t->deep > 0 || t->nopen > t->depth) {
		t->deep++;
		return 0;
	}
	o = &t->st[t->nopen];
	memset(o, 0, sizeof(*o));
	o->n.kind = CTXPACK_TREE_DIR;
	o->n.flags = flags;
	o->more.kind = CTXPACK_TREE_MORE;
	if ((o->n.name = strdup(name)) == NULL)
		return -1;
	t->nopen++;
	return 0;
}

static int
by_size(const void *a, const void *b)
{
	const struct ctxpack_tree_node *x = a, *y = b;

	if (total(x) != total(y))
		return total(x) < total(y) ? 1 : -1;
	return strcmp(x->name ? x->name : "", y->name ? y->name : "");
}

int
rtree_close(struct rtree *t, unsigned flags)
{
	struct onode *o;
	struct ctxpack_tree_node n;

	if (t->deep > 0) {
		t->deep--;
		return 0;
	}
	if (t->nopen == 0)
		return 0;
	o = &t->st[--t->nopen];
	n = o->n;
	n.flags |= flags;
	if (n.nchild > 1)
		qsort(n.child, n.nchild, sizeof(*n.child), by_size);
	if (o->more.folded > 0) {
		struct ctxpack_tree_node *v = realloc(n.child,
		    (n.nchild + 1) * sizeof(*v));

		if (v == NULL) {
			node_clear(&n);
			return -1;
		}
		n.child = v;
		n.child[n.nchild++] = o->more;
	}
	if (t->nopen == 0) {
		if ((t->root = malloc(sizeof(*t->root))) == NULL) {
			node_clear(&n);
			return -1;
		}
		*t->root = n;
		return 0;
	}
	return adopt(t, &t->st[t->nopen - 1], &n);
}

int
rtree_entry(struct rtree *t, const char *name, uint64_t bytes, int sent,
    int read)
{
	struct ctxpack_tree_node n;

	if (t->nopen == 0)
		return 0;
	memset(&n, 0, sizeof(n));
	n.kind = CTXPACK_TREE_FILE;
	if (sent) {
		n.bytes = bytes;
		n.files = 1;
		if (read) {
			n.read_bytes = bytes;
			n.flags = CTXPACK_TREE_READ;
		}
	} else {
		n.excluded_bytes = bytes;
		n.excluded_files = 1;
		n.flags = CTXPACK_TREE_EXCLUDED;
	}
	if (t->deep > 0 || t->nopen > t->depth) {
		add_totals(&t->st[t->nopen - 1].n, &n);
		return 0;
	}
	if ((n.name = strdup(name)) == NULL)
		return -1;
	return adopt(t, &t->st[t->nopen - 1], &n);
}

struct ctxpack_tree_node *
rtree_take(struct rtree *t)
{
	struct ctxpack_tree_node *r = t->root;

	t->root = NULL;
	return r;
}
