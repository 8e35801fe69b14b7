/*
 * timeit: run a command several times and report wall-clock statistics
 * and peak memory, for ctxpack's benchmarks (no hyperfine needed).
 *
 *   timeit [-n RUNS] [-w 0|1] [-s SLOW_MS -r SLOW_RUNS] [-v VERYSLOW_MS]
 *          [-t SECONDS] [-p PREP] -- COMMAND [ARG...]
 *
 * COMMAND runs RUNS times, each in its own process group with stdin from
 * /dev/null (stdout and stderr inherited; use `sh -c '... | ...'` for
 * pipelines).  The first run is a probe: with -w 1 (the default) a probe
 * faster than SLOW_MS is a discarded warm-up and RUNS timed runs follow;
 * a probe slower than SLOW_MS counts as the first of SLOW_RUNS runs, and
 * one slower than VERYSLOW_MS is the only run.  With -w 0 the probe always
 * counts.  A run killed after SECONDS ends the measurement.  With -p,
 * the shell command PREP runs before every run, untimed (the cold-cache
 * rows drop the page cache with it); a PREP that fails fails the
 * measurement (status 125).  One line goes to stdout:
 *
 *   MEDIAN_MS MIN_MS MAX_MS PEAK_RSS_KIB STATUS RUNS CPU_MS
 *
 * CPU_MS is the median of the runs' user+system time (the command's and
 * its waited-for descendants', so a whole pipeline's): less disturbed by
 * other load on the machine than wall time.
 * PEAK_RSS_KIB is the largest ru_maxrss that wait4() reported over the
 * timed runs; Linux reports a child's own peak or that of the largest
 * descendant it waited for, whichever is larger, so under `sh -c` it is
 * the biggest process of the pipeline.  STATUS is 0 when every run exited
 * 0, else the first bad exit status (128+N for signal N, 124 for a run
 * killed after SECONDS; MEDIAN_MS is then the time it was killed at).
 * RUNS is the number of timed runs.  timeit exits with STATUS.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t timed_out;
static pid_t child;

static void
on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
	if (child > 0)
		kill(-child, SIGKILL);
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double lastcpu;	/* user+sys ms of the last run */
static const char *prep;	/* -p: run before each run, untimed */

static void
do_prep(void)
{
	int st;

	if (prep == NULL)
		return;
	st = system(prep);
	if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "timeit: -p %s failed\n", prep);
		printf("0 0 0 0 125 0 0\n");
		exit(125);
	}
}

/* One run: wall time in *ms, peak RSS in *rss; returns the status. */
static int
run(char **argv, unsigned timeout, double *ms, long *rss)
{
	struct rusage ru;
	double t0;
	int st, rc;

	do_prep();
	timed_out = 0;
	t0 = now_ms();
	child = fork();
	if (child < 0) {
		perror("timeit: fork");
		exit(125);
	}
	if (child == 0) {
		int fd = open("/dev/null", O_RDONLY);

		setpgid(0, 0);
		if (fd >= 0 && fd != 0) {
			dup2(fd, 0);
			close(fd);
		}
		signal(SIGALRM, SIG_DFL);
		execvp(argv[0], argv);
		fprintf(stderr, "timeit: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	setpgid(child, child);
	if (timeout)
		alarm(timeout);
	while (wait4(child, &st, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("timeit: wait4");
			exit(125);
		}
	}
	alarm(0);
	*ms = now_ms() - t0;
	child = 0;
	*rss = ru.ru_maxrss;
	lastcpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	if (timed_out)
		rc = 124;
	else if (WIFSIGNALED(st))
		rc = 128 + WTERMSIG(st);
	else
		rc = WEXITSTATUS(st);
	return rc;
}

int
main(int argc, char **argv)
{
	unsigned runs = 5, warm = 1, timeout = 0, slowruns = 3, n = 0, i;
	double slow = 0, veryslow = 0, probe, *t, *cpu;
	long rss, peak = 0;
	int c, rc, status = 0;
	struct sigaction sa;

	while ((c = getopt(argc, argv, "+n:w:t:s:r:v:p:h")) != -1) {
		switch (c) {
		case 'n': runs = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'w': warm = (unsigned)strtoul(optarg, NULL, 10); break;
		case 't': timeout = (unsigned)strtoul(optarg, NULL, 10); break;
		case 's': slow = strtod(optarg, NULL); break;
		case 'r': slowruns = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'v': veryslow = strtod(optarg, NULL); break;
		case 'p': prep = optarg; break;
		default:
			fprintf(stderr, "usage: timeit [-n RUNS] [-w 0|1] "
			    "[-s SLOW_MS -r SLOW_RUNS] [-v VERYSLOW_MS] "
			    "[-t SECONDS] [-p PREP] -- COMMAND [ARG...]\n");
			return 125;
		}
	}
	if (optind >= argc || runs == 0 || slowruns == 0) {
		fprintf(stderr, "timeit: no command\n");
		return 125;
	}
	argv += optind;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	if ((t = calloc(runs > slowruns ? runs : slowruns, sizeof *t)) == NULL ||
	    (cpu = calloc(runs > slowruns ? runs : slowruns, sizeof *t)) == NULL)
		return 125;

	status = run(argv, timeout, &probe, &rss);
	if (status == 124 || (veryslow > 0 && probe >= veryslow)) {
		runs = 0;		/* the probe is the measurement */
		cpu[n] = lastcpu;
		t[n++] = probe;
		peak = rss;
	} else if (!warm || (slow > 0 && probe >= slow)) {
		if (slow > 0 && probe >= slow)
			runs = slowruns;
		cpu[n] = lastcpu;
		t[n++] = probe;
		peak = rss;
		runs--;
	}
	for (i = 0; i < runs && status != 124; i++) {
		if ((rc = run(argv, timeout, &t[n], &rss)) != 0 && !status)
			status = rc;
		cpu[n++] = lastcpu;
		if (rss > peak)
			peak = rss;
	}
	qsort(t, n, sizeof *t, dcmp);
	qsort(cpu, n, sizeof *cpu, dcmp);
	printf("%.1f %.1f %.1f %ld %d %u %.1f\n", n % 2 ? t[n / 2] :
	    (t[n / 2 - 1] + t[n / 2]) / 2, t[0], t[n - 1], peak, status, n,
	    n % 2 ? cpu[n / 2] : (cpu[n / 2 - 1] + cpu[n / 2]) / 2);
	return status;
}
