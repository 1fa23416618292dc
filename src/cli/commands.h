/*
 * commands.h - the commands of the CLI, one per src/cli/cmd_<name>.c.
 *
 * Each is declared weak: a command whose file is not (yet) built is simply
 * absent from `coalition help`, so adding a command means adding its file
 * and one line here and in main.c's table, and nothing else.
 */
#ifndef COALITION_CLI_COMMANDS_H
#define COALITION_CLI_COMMANDS_H

#include "cli.h"

#define CLI_COMMAND(name) extern const cli_command name __attribute__((weak))

CLI_COMMAND(cmd_init);
CLI_COMMAND(cmd_import);
CLI_COMMAND(cmd_export);
CLI_COMMAND(cmd_summary);
CLI_COMMAND(cmd_centrality);
CLI_COMMAND(cmd_communities);
CLI_COMMAND(cmd_gaps);
CLI_COMMAND(cmd_tensions);
CLI_COMMAND(cmd_query);
CLI_COMMAND(cmd_sql);
CLI_COMMAND(cmd_render);
CLI_COMMAND(cmd_report);
CLI_COMMAND(cmd_diff);
CLI_COMMAND(cmd_synth);

#endif
