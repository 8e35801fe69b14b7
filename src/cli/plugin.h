/*
 * plugin.h: ctxpack as a docker CLI plugin.  Installed (a link to the
 * same program) as docker-ctxpack in a cli-plugins directory, it is run
 * by `docker ctxpack ARGS` as `docker-ctxpack ctxpack ARGS`, and as
 * `docker-ctxpack docker-cli-plugin-metadata` when the docker CLI looks
 * for plugins.
 */
#ifndef PLUGIN_H
#define PLUGIN_H

/*
 * When run under the plugin's name: answer the metadata query (and
 * exit), or drop the "ctxpack" the docker CLI puts first.
 */
void	plugin_args(int *argc, char ***argv);

#endif
