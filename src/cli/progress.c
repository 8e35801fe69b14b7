/*
 * progress.c: the progress line.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fmt.h"
#include "progress.h"

static double
since(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	    (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

void
progress_start(struct progress *p, int quiet)
{
	memset(p, 0, sizeof(*p));
	p->on = !quiet && isatty(STDERR_FILENO);
	clock_gettime(CLOCK_MONOTONIC, &p->start);
	p->last = p->start;
}

void
progress_cb(uint64_t files, uint64_t bytes, void *arg)
{
	struct progress *p = arg;
	struct timespec now;
	char b1[32], b2[32], b3[32], b4[96], b5[32];
	double t;

	if (!p->on)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (since(&p->last, &now) < 0.2)
		return;
	p->last = now;
	if ((t = since(&p->start, &now)) < 0.5)
		return;
	b4[0] = '\0';
	if (p->total > 0)
		snprintf(b4, sizeof(b4), "%llu%% (%llu of %llu contexts), ",
		    (unsigned long long)(100 * p->done / p->total),
		    (unsigned long long)p->done, (unsigned long long)p->total);
	fprintf(stderr, "\r\033[Kctxpack: %s%s files, %s, %s files/s, %s/s ",
	    b4, fmt_grouped(files, b1, sizeof(b1)), fmt_iec(bytes, b2,
	    sizeof(b2)), fmt_grouped((uint64_t)((double)files / t), b3,
	    sizeof(b3)), fmt_iec((uint64_t)((double)bytes / t), b5,
	    sizeof(b5)));
	p->shown = 1;
}

void
progress_end(struct progress *p)
{
	if (p->shown)
		fputs("\r\033[K", stderr);
	p->shown = 0;
}
