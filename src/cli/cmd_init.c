/*
 * cmd_init.c - `coalition init`: creates an empty store, or migrates an
 * existing one to this version's schema.
 */
#include "cli.h"

static int run(int argc, char **argv, cli_globals *globals);

const cli_command cmd_init = {
	.name = "init", .run = run, .summary = "create an empty store (or migrate an older one)",
	.usage =
	"usage: coalition [--db PATH] init\n"
	"\n"
	"Creates the store (readable by its owner only) if it does not exist, and\n"
	"brings an existing store from an older coalition up to this version's\n"
	"schema.  A store from a newer coalition is refused.\n",
	.examples =
	"Examples:\n"
	"  coalition init\n"
	"  coalition --db ohio.db init\n",
};

static int run(int argc, char **argv, cli_globals *globals)
{
	cli_option options[] = {CLI_END()};
	co_store *store = NULL;
	int rc;

	if ((rc = cli_parse_options(&cmd_init, options, globals, &argc, &argv)) != CLI_CONTINUE ||
	    (rc = cli_no_operands(&cmd_init, argc, argv)) != CLI_OK)
		return rc;
	if (cli_open_store(&store, globals, CO_STORE_CREATE) != CLI_OK)
		return CLI_ERROR;
	co_store_close(store);
	cli_note(globals, "store ready: %s (schema version %d)", globals->db_path,
	         CO_STORE_SCHEMA_VERSION);
	return CLI_OK;
}
