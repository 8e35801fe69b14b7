/*
 * plugin.c: the docker CLI plugin protocol, as the docker CLI's
 * cli-plugins/manager speaks it: a binary named docker-NAME answers
 * `docker-cli-plugin-metadata` with a JSON object (SchemaVersion 0.1.0,
 * Vendor, Version, ShortDescription, URL) and is then run with NAME as
 * its first argument.  Exit statuses pass through the docker CLI.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "plugin.h"

/* Where the project lives; a build may set it (-DCTXPACK_URL=...). */
#ifndef CTXPACK_URL
#define CTXPACK_URL	""
#endif

#define PLUGIN_NAME	"docker-ctxpack"

void
plugin_args(int *argc, char ***argv)
{
	const char *b = strrchr((*argv)[0], '/');

	b = b != NULL ? b + 1 : (*argv)[0];
	if (strcmp(b, PLUGIN_NAME) != 0)
		return;
	if (*argc >= 2 && strcmp((*argv)[1], "docker-cli-plugin-metadata") ==
	    0) {
		printf("{\n  \"SchemaVersion\": \"0.1.0\",\n"
		    "  \"Vendor\": \"ctxpack\",\n  \"Version\": \"%s\",\n"
		    "  \"ShortDescription\": \"What goes into a build context, "
		    "exactly as Docker decides\"", ctxpack_version());
		if (CTXPACK_URL[0] != '\0')
			printf(",\n  \"URL\": \"%s\"", CTXPACK_URL);
		printf("\n}\n");
		exit(msg_finish(0));
	}
	/* docker ctxpack ARGS runs docker-ctxpack ctxpack ARGS */
	if (*argc >= 2 && strcmp((*argv)[1], "ctxpack") == 0) {
		(*argv)[1] = (*argv)[0];
		(*argc)--;
		(*argv)++;
	}
}
