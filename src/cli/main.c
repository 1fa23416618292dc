/*
 * main.c - the `coalition` command: global options, the command table,
 * `help`, and dispatch.  Commands live in cmd_<name>.c; this file knows
 * only their names.  Exit codes: 0 success, 1 error (a failed write to
 * stdout included: it is flushed and checked here), 2 usage.
 */
#include "cli.h"
#include "commands.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* In the order `coalition help` lists them (DESIGN.md section 6). */
static const cli_command *const commands[] = {
	&cmd_init, &cmd_import, &cmd_export, &cmd_backup, &cmd_summary, &cmd_centrality,
	&cmd_communities, &cmd_gaps, &cmd_tensions, &cmd_events, &cmd_query, &cmd_sql,
	&cmd_panel, &cmd_outcomes, &cmd_render, &cmd_report, &cmd_diff, &cmd_duplicates,
	&cmd_merge, &cmd_unmerge, &cmd_delete, &cmd_synth,
};
#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static const char main_usage[] =
	"usage: coalition [--db PATH] [--seed N] [--quiet] COMMAND [OPTIONS]\n"
	"\n"
	"Maps how chapters, national organizations, NGOs and unions work together,\n"
	"and where they pull apart, from relationships kept in an SQLite store.\n"
	"\n"
	"Global options:\n"
	"  --db PATH     the store (default $COALITION_DB, else ./coalition.db)\n"
	"  --seed N      seed for everything random (default 1)\n"
	"  --quiet       no progress or notes on stderr\n"
	"  --version     print the version\n"
	"  -h, --help    this text\n"
	"\n"
	"Examples:\n"
	"  coalition init\n"
	"  coalition import datasets/seed\n"
	"  coalition summary --format json | jq .kinds\n"
	"  coalition help import\n"
	"\n";

static void print_commands(FILE *out)
{
	fputs("Commands:\n", out);
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(out, "  %-12s %s\n", commands[i]->name, commands[i]->summary);
	fputs("  help         show help for a command: coalition help COMMAND\n", out);
}

static void print_usage(FILE *out)
{
	fputs(main_usage, out);
	print_commands(out);
}

static const cli_command *find_command(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

/* `coalition help NAME` is `coalition NAME --help`: the help is made from
 * the command's option table, which only the command holds. */
static int run_help(int argc, char **argv, cli_globals *globals)
{
	char *help_argv[] = {NULL, "--help", NULL};
	const cli_command *cmd;

	if (argc < 2) {
		print_usage(stdout);
		return CLI_OK;
	}
	if (!(cmd = find_command(argv[1]))) {
		cli_error("help: unknown command '%s'", argv[1]);
		print_commands(stderr);
		return CLI_USAGE;
	}
	help_argv[0] = argv[1];
	return cmd->run(2, help_argv, globals);
}

/* Flushes stdout and turns a failed write into exit 1 with a message
 * (`coalition summary >/dev/full`), unless the command failed already. */
static int finish(int rc)
{
	int failed, error;

	errno = 0;
	failed = fflush(stdout) != 0 || ferror(stdout);
	error = errno;

	if (failed && rc == CLI_OK) {
		cli_error("cannot write the output: %s",
		          error ? strerror(error) : "write error");
		return CLI_ERROR;
	}
	return rc;
}

static int parse_seed(unsigned long *out, const char *text)
{
	char *end;

	errno = 0;
	*out = strtoul(text, &end, 10);
	return text[0] >= '0' && text[0] <= '9' && *end == '\0' && errno == 0;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{"db", required_argument, NULL, 'd'},
		{"seed", required_argument, NULL, 's'},
		{"quiet", no_argument, NULL, 'q'},
		{"version", no_argument, NULL, 'V'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	cli_globals globals = {NULL, CLI_DEFAULT_SEED, 0};
	const cli_command *cmd;
	int opt;

	globals.db_path = getenv("COALITION_DB");
	if (!globals.db_path || !globals.db_path[0])
		globals.db_path = CO_STORE_DEFAULT_PATH;
	opterr = 0;
	/* '+': stop at the command name; its options are its own. */
	while ((opt = getopt_long(argc, argv, "+qh", options, NULL)) != -1) {
		switch (opt) {
		case 'd':
			globals.db_path = optarg;
			break;
		case 's':
			if (!parse_seed(&globals.seed, optarg)) {
				cli_error("--seed needs a non-negative integer, not '%s'", optarg);
				return CLI_USAGE;
			}
			break;
		case 'q':
			globals.quiet = 1;
			break;
		case 'V':
			printf("coalition %s\n", co_version());
			return CLI_OK;
		case 'h':
			print_usage(stdout);
			return CLI_OK;
		default:
			cli_error("unknown global option or missing value '%s'", argv[optind - 1]);
			print_usage(stderr);
			return CLI_USAGE;
		}
	}
	if (optind >= argc) {
		print_usage(stderr);
		return CLI_USAGE;
	}
	if (strcmp(argv[optind], "help") == 0)
		return finish(run_help(argc - optind, argv + optind, &globals));
	if (!(cmd = find_command(argv[optind]))) {
		cli_error("unknown command '%s'", argv[optind]);
		print_commands(stderr);
		return CLI_USAGE;
	}
	int first = optind;
	cli_exec_on_huge_pages(globals.db_path, argc - first, argv + first, argv);
	cli_reset_getopt();
	return finish(cmd->run(argc - first, argv + first, &globals));
}
