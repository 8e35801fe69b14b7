/*
 * treemap.h: the squarified treemap layout (Bruls, Huizing and van Wijk,
 * 2000): rectangles whose areas are proportional to their weights and
 * whose sides stay close to squares.
 */
#ifndef TREEMAP_H
#define TREEMAP_H

#include <stddef.h>

struct tm_rect {
	double	x, y, w, h;
};

/*
 * Lay N weights (any order; zero weights get empty rectangles) out in R:
 * OUT[i] is the rectangle of W[i], and together they tile R exactly.
 */
void	treemap_layout(const double *w, size_t n, struct tm_rect r,
	    struct tm_rect *out);

#endif
