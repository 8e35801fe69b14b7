/*
 * progress.h: the progress line on a terminal's standard error (files,
 * bytes, rate, and a share when the whole is known), refreshed a few
 * times a second and cleared at the end; nothing when standard error is
 * not a terminal or -q was given.
 */
#ifndef PROGRESS_H
#define PROGRESS_H

#include <stdint.h>
#include <time.h>

struct progress {
	int		 on;		/* standard error is a terminal, no -q */
	int		 shown;		/* a line is on the screen */
	struct timespec	 start, last;
	uint64_t	 done, total;	/* contexts (audit): i of n, or 0 */
	const char	*what;		/* "files" */
};

void	progress_start(struct progress *, int quiet);
/* A callback for the library (files and bytes so far). */
void	progress_cb(uint64_t files, uint64_t bytes, void *arg);
/* Clear the line before anything else is printed on standard error. */
void	progress_end(struct progress *);

#endif
