/*
 * cmd_init.c - `coalition init`: creates an empty store, or migrates an
 * existing one to this version's schema.
 */
#include "cli.h"

static int run(int argc, char **argv, cli_globals *globals);

const cli_command cmd_init = {
	"init", run, "create an empty store (or migrate an older one)",
	"usage: coalition [--db PATH] init\n"
	"\n"
	"Creates the store (readable by its owner only) if it does not exist, and\n"
	"brings an existing store from an older coalition up to this version's\n"
	"schema.  A store from a newer coalition is refused.\n"
	"\n"
	"Examples:\n"
	"  coalition init\n"
	"  coalition --db ohio.db init\n",
	NULL,
};

static int run(int argc, char **argv, cli_globals *globals)
{
	static const struct option options[] = {CLI_HELP_OPTION, {NULL, 0, NULL, 0}};
	co_store *store = NULL;
	int opt;

	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (opt == 'h')
			return cli_help(&cmd_init);
		return cli_bad_option(&cmd_init, argc, argv);
	}
	if (optind < argc)
		return cli_usage_error(&cmd_init, "init: unexpected argument '%s'", argv[optind]);
	if (cli_open_store(&store, globals, CO_STORE_CREATE) != CLI_OK)
		return CLI_ERROR;
	co_store_close(store);
	cli_note(globals, "store ready: %s (schema version %d)", globals->db_path,
	         CO_STORE_SCHEMA_VERSION);
	return CLI_OK;
}
