/*
 * treemap.c: squarified treemaps.  Items go, largest first, into rows
 * along the shorter side of what is left; a row takes items while that
 * does not make its worst aspect ratio worse, then it is laid down and the
 * rest of the rectangle shrinks by its thickness.
 */
#include <stdlib.h>

#include "treemap.h"

/* The worst aspect ratio of a row of total SUM, items MAX and MIN. */
static double
worst(double sum, double max, double min, double side)
{
	double s2 = side * side, a, b;

	if (sum <= 0 || min <= 0)
		return 1e300;
	a = s2 * max / (sum * sum);
	b = sum * sum / (s2 * min);
	return a > b ? a : b;
}

static const double *order_w;

static int
by_weight(const void *a, const void *b)
{
	double x = order_w[*(const size_t *)a], y = order_w[*(const size_t *)b];

	if (x != y)
		return x < y ? 1 : -1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

void
treemap_layout(const double *w, size_t n, struct tm_rect r,
    struct tm_rect *out)
{
	size_t *ix, i, j, k, m = 0;
	double total = 0, scale;

	for (i = 0; i < n; i++) {
		out[i].x = r.x;
		out[i].y = r.y;
		out[i].w = out[i].h = 0;
		if (w[i] > 0)
			total += w[i];
	}
	if (total <= 0 || r.w <= 0 || r.h <= 0 ||
	    (ix = malloc(n * sizeof(*ix))) == NULL)
		return;
	for (i = 0; i < n; i++)
		if (w[i] > 0)
			ix[m++] = i;
	order_w = w;
	qsort(ix, m, sizeof(*ix), by_weight);
	scale = r.w * r.h / total;
	for (i = 0; i < m; i = j) {
		double side = r.w < r.h ? r.w : r.h, sum, max, min, t, pos;

		sum = max = min = w[ix[i]] * scale;
		for (j = i + 1; j < m; j++) {
			double a = w[ix[j]] * scale;

			if (worst(sum + a, max, a, side) >
			    worst(sum, max, min, side))
				break;
			sum += a;
			min = a;
		}
		if (j == m) {	/* the last row fills what is left exactly */
			t = r.w < r.h ? r.h : r.w;
			sum = r.w * r.h;
		} else
			t = sum / side;
		pos = 0;
		for (k = i; k < j; k++) {
			double a = w[ix[k]] * scale, len;

			if (j == m) {
				double rest = 0;
				size_t q;

				for (q = k; q < j; q++)
					rest += w[ix[q]];
				len = k + 1 == j ? side - pos :
				    (side - pos) * w[ix[k]] / rest;
			} else
				len = k + 1 == j ? side - pos : a / t;
			if (r.w < r.h) {	/* a row across the top */
				out[ix[k]].x = r.x + pos;
				out[ix[k]].y = r.y;
				out[ix[k]].w = len;
				out[ix[k]].h = j == m ? r.h : t;
			} else {		/* a column down the left */
				out[ix[k]].x = r.x;
				out[ix[k]].y = r.y + pos;
				out[ix[k]].w = j == m ? r.w : t;
				out[ix[k]].h = len;
			}
			pos += len;
		}
		if (r.w < r.h) {
			r.y += t;
			r.h -= t;
		} else {
			r.x += t;
			r.w -= t;
		}
	}
	free(ix);
}
