/*
 * cmd_backup.c - `coalition backup FILE`: a consistent copy of the store,
 * through SQLite's online backup API (export.h).
 */
#include "cli.h"

static int run(int argc, char **argv, cli_globals *globals);

const cli_command cmd_backup = {
	.name = "backup", .run = run,
	.summary = "copy the store to a file, consistently, even while others write",
	.usage =
	"usage: coalition [--db PATH] backup FILE\n"
	"\n"
	"Copies the whole store (every table, runs, metrics and changes included)\n"
	"to FILE with SQLite's online backup API: the copy is the store as it was\n"
	"at one moment, even while another coalition writes to it.  FILE is\n"
	"readable by its owner only, written under a temporary name and renamed\n"
	"when complete; it may be a new file or a regular file to replace, never\n"
	"the store itself, a directory, a device or a symbolic link.  The copy is\n"
	"a store: use it with --db FILE.\n",
	.examples =
	"Examples:\n"
	"  coalition backup coalition-2024-05-01.db\n"
	"  coalition --db ohio.db backup /media/usb/ohio.db\n",
};

static int run(int argc, char **argv, cli_globals *globals)
{
	co_store *store = NULL;
	co_status status;
	int rc;
	cli_option options[] = {CLI_END()};

	if ((rc = cli_parse_options(&cmd_backup, options, globals, &argc, &argv)) != CLI_CONTINUE)
		return rc;
	if (argc != 1)
		return cli_usage(&cmd_backup, argc == 0 ? "which file? (coalition backup FILE)"
		                 : "takes one file");
	if (cli_open_store(&store, globals, CO_STORE_READONLY) != CLI_OK)
		return CLI_ERROR;
	status = co_dump_backup(argv[0], store);
	co_store_close(store);
	if (status != CO_OK)
		return cli_fail(status);
	cli_note(globals, "backed up %s to %s", globals->db_path, argv[0]);
	return CLI_OK;
}
