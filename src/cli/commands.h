/*
 * commands.h - the commands of the CLI, one per src/cli/cmd_<name>.c.
 *
 * Adding a command means adding its file, one line here and one entry in
 * main.c's table, and nothing else.
 */
#ifndef COALITION_CLI_COMMANDS_H
#define COALITION_CLI_COMMANDS_H

#include "cli.h"

extern const cli_command cmd_init;
extern const cli_command cmd_import;
extern const cli_command cmd_export;
extern const cli_command cmd_backup;
extern const cli_command cmd_summary;
extern const cli_command cmd_centrality;
extern const cli_command cmd_communities;
extern const cli_command cmd_gaps;
extern const cli_command cmd_tensions;
extern const cli_command cmd_events;
extern const cli_command cmd_query;
extern const cli_command cmd_sql;
extern const cli_command cmd_render;
extern const cli_command cmd_report;
extern const cli_command cmd_diff;
extern const cli_command cmd_duplicates;
extern const cli_command cmd_merge;
extern const cli_command cmd_unmerge;
extern const cli_command cmd_delete;
extern const cli_command cmd_synth;
extern const cli_command cmd_panel;
extern const cli_command cmd_outcomes;

#endif
