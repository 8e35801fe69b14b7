/*
 * main.c: ctxpack's entry point: parse the options (options.c), run the
 * command the table names, finish standard output (msg.c).  Run as
 * docker-ctxpack, it is a docker CLI plugin first (plugin.c).
 */
#include <signal.h>
#include <sys/resource.h>

#include "cli.h"
#include "plugin.h"

int
main(int argc, char *argv[])
{
	struct options o;
	struct rlimit rl;
	int rc;

	/* deep trees hold one descriptor per level */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	/* a reader that stops early gives EPIPE: exit 2, quietly */
	signal(SIGPIPE, SIG_IGN);
	plugin_args(&argc, &argv);	/* docker ctxpack ... */
	options_parse(argc, argv, &o);
	rc = o.cmd->run(&o);
	options_free(&o);
	return msg_finish(rc);
}
