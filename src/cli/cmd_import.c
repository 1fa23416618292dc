/*
 * cmd_import.c - `coalition import DIR [--dry-run] [--replace]`: reads a
 * directory of CSV files into the store (creating the store if it does not
 * exist), or lists every bad row and leaves the store as it was; with
 * --replace also deletes what the files lack, as an undoable change.
 */
#include "cli.h"

#include "coalition/duplicates.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* One note for the ties that record a parent link again (kind federation or
 * affiliation between an org and its parent): --federation makes those ties
 * itself, and a map drew them twice. */
static void note_stated_links(const cli_globals *globals, co_store *store)
{
	int64_t count = 0;
	char example[512];

	if (co_federation_stated_links(&count, example, sizeof(example), store) != CO_OK ||
	    count == 0)
		return;
	cli_note(globals, "%lld tie%s repeat%s a parent link (%s%s); parent links are "
	         "ties with the view option --federation and need no tie of their own",
	         (long long)count, count == 1 ? "" : "s", count == 1 ? "s" : "",
	         example, count > 1 ? ", ..." : "");
}

static int run(int argc, char **argv, cli_globals *globals);

const cli_command cmd_import = {
	.name = "import", .run = run,
	.summary = "read a directory of CSV files into the store",
	.usage =
	"usage: coalition [--db PATH] import DIR [--dry-run [--list F]] [--replace] [--strict]\n"
	"                 [--date-order mdy|dmy] [--delimiter ,|;|tab] [--format csv]\n"
	"       coalition [--db PATH] import --format graphml|gml FILE [--dry-run]\n"
	"\n"
	"Reads DIR/orgs.csv and DIR/ties.csv, and DIR/events.csv,\n"
	"DIR/participation.csv, DIR/sources.csv and DIR/observations.csv when\n"
	"present, in one\n"
	"transaction: the import lands whole or not at all.  The store is created\n"
	"if it does not exist.  Rows upsert by key (ties by their id, else by\n"
	"source, target, kind and start), so importing the same directory again\n"
	"changes nothing.  A tie row with an id changes the tie of that id (a\n"
	"corrected start or kind included); without one, a new source, target,\n"
	"kind or start is a new tie (reported as added).\n"
	"\n"
	"Files (UTF-8, a BOM is accepted; RFC 4180 quoting; CRLF or LF; ',', ';' or\n"
	"tab, detected from the header; the header names the columns, in any order;\n"
	"* marks required columns):\n"
	"  orgs.csv           key* name* kind* parent country state city lat lon\n"
	"                     founded ended issues aliases   (issues and aliases\n"
	"                     separated by ';')\n"
	"  ties.csv           source* target* kind* id sign weight start end directed\n"
	"                     sources note private   (sources: ';'-separated keys;\n"
	"                     id: optional, one tie's for good, unique)\n"
	"  events.csv         key* name* kind* date* country state city\n"
	"  participation.csv  event* org* role\n"
	"  sources.csv        key* citation* url published private\n"
	"  observations.csv   org* date* metric* value* source note   (one number of\n"
	"                     an org on a date: members, volunteers, ...)\n"
	"Other columns (not in participation.csv) are kept as attributes of each row\n"
	"and listed in a note.  country is an ISO code (default US, or the state's);\n"
	"state a code or name of a US state, DC, PR, a US territory or a Canadian\n"
	"province or territory, in any case, stored as its code.  An org without\n"
	"lat/lon is placed at its city (libgeonames: GeoNames' cities of 15,000\n"
	"people or more) or else at its state's point; the report counts how.\n"
	"Kinds not in the store's org_kinds or tie_kinds are added with a note; a\n"
	"tie's empty sign and directed come from its kind (friction is always -1).\n"
	"Whitespace inside names is folded to one space, with a note.\n"
	"\n"
	"Every bad row is reported as FILE:LINE: problem (identical problems once,\n"
	"with their rows), and nothing is imported; a store the import created is\n"
	"removed again.\n",
	.examples =
	"Examples:\n"
	"  coalition import datasets/seed\n"
	"  coalition import --date-order mdy datasets/real\n"
	"  coalition import --format graphml coalition.graphml\n"
	"  coalition --db ohio.db import ohio-data --dry-run\n"
	"  coalition import --replace --dry-run ohio-data   # what would be deleted\n"
	"  coalition synth --chapters 1000 --out eco && coalition import eco\n",
};

/* "orgs 6 (1 added, 2 changed)": a new identity is added, never changed. */
static int counts(char *buf, size_t size, const char *what, int64_t read, int64_t written,
                  int64_t added, int dry_run)
{
	return snprintf(buf, size, "%s %lld (%lld %s, %lld %s)", what, (long long)read,
	                (long long)added, dry_run ? "to add" : "added",
	                (long long)(written - added), dry_run ? "to change" : "changed");
}

/* The rows --replace deleted (or would), per table. */
static void report_deleted(const cli_globals *globals, const co_import_result *r, int dry_run)
{
	char line[512];
	size_t used = 0;

	for (size_t i = 0; i < r->n_deleted && used < sizeof(line); i++)
		if (r->deleted[i].deleted)
			used += (size_t)snprintf(line + used, sizeof(line) - used, "%s%s %lld",
			                         used ? ", " : "", r->deleted[i].table,
			                         (long long)r->deleted[i].deleted);
	for (size_t i = 0; i < r->n_deleted && used < sizeof(line); i++)
		if (r->deleted[i].updated)
			used += (size_t)snprintf(line + used, sizeof(line) - used,
			                         "%s%s %lld reference%s cleared", used ? ", " : "",
			                         r->deleted[i].table, (long long)r->deleted[i].updated,
			                         r->deleted[i].updated == 1 ? "" : "s");
	if (!used)
		cli_note(globals, "replace: the store holds no row the files lack; nothing %s",
		         dry_run ? "would be deleted" : "deleted");
	else if (dry_run)
		cli_note(globals, "replace would delete: %s", line);
	else
		cli_note(globals, "replace deleted: %s (change %lld: undo with 'coalition unmerge "
		         "%lld')", line, (long long)r->change, (long long)r->change);
}

/* The report of a successful import, on stderr. */
static void report(const cli_globals *globals, const char *dir, const co_import_result *r,
                   int dry_run, int replace)
{
	char c[6][96];

	counts(c[0], sizeof(c[0]), "orgs", r->orgs, r->orgs_changed, r->orgs_added, dry_run);
	counts(c[1], sizeof(c[1]), "ties", r->ties, r->ties_changed, r->ties_added, dry_run);
	counts(c[2], sizeof(c[2]), "events", r->events, r->events_changed, r->events_added, dry_run);
	counts(c[3], sizeof(c[3]), "participation", r->participation, r->participation_changed,
	       r->participation_added, dry_run);
	counts(c[4], sizeof(c[4]), "sources", r->sources, r->sources_changed, r->sources_added,
	       dry_run);
	counts(c[5], sizeof(c[5]), "observations", r->observations, r->observations_changed,
	       r->observations_added, dry_run);
	cli_note(globals, "%s %s: %s, %s, %s, %s, %s, %s; aliases %lld, tie sources %lld%s",
	         dry_run ? "checked" : "imported", dir, c[0], c[1], c[2], c[3], c[4], c[5],
	         (long long)r->aliases, (long long)r->tie_sources,
	         dry_run ? "; dry run, nothing written" : "");
	if (r->private_kept)
		cli_note(globals, "%lld stored private ties kept private: their rows give no private "
		         "value (a private column with 0 makes a tie public)",
		         (long long)r->private_kept);
	cli_note(globals, "%s orgs.csv %lld added, %lld changed, %lld unchanged; ties.csv %lld, "
	         "%lld, %lld; events.csv %lld, %lld, %lld; participation.csv %lld, %lld, %lld; "
	         "sources.csv %lld, %lld, %lld", dry_run ? "would be:" : "per file:",
	         (long long)r->orgs_added, (long long)(r->orgs_changed - r->orgs_added),
	         (long long)(r->orgs - r->orgs_changed),
	         (long long)r->ties_added, (long long)(r->ties_changed - r->ties_added),
	         (long long)(r->ties - r->ties_changed),
	         (long long)r->events_added, (long long)(r->events_changed - r->events_added),
	         (long long)(r->events - r->events_changed),
	         (long long)r->participation_added,
	         (long long)(r->participation_changed - r->participation_added),
	         (long long)(r->participation - r->participation_changed),
	         (long long)r->sources_added, (long long)(r->sources_changed - r->sources_added),
	         (long long)(r->sources - r->sources_changed));
	if (replace)
		report_deleted(globals, r, dry_run);
	if (r->orgs)
		cli_note(globals, "orgs placed: %lld by their lat/lon, %lld by their city (gazetteer), "
		         "%lld at their state's point (city unknown or none), %lld not placed",
		         (long long)r->placed_file, (long long)r->placed_city,
		         (long long)r->placed_state, (long long)r->placed_none);
	if (r->events)
		cli_note(globals, "events placed: %lld by their lat/lon, %lld by their city (gazetteer), "
		         "%lld at their state's point (city unknown or none), %lld not placed",
		         (long long)r->events_placed_file, (long long)r->events_placed_city,
		         (long long)r->events_placed_state, (long long)r->events_placed_none);
}

/* --replace (not a dry run): the change on stdout, as delete prints one. */
static int print_replace(const co_import_result *r, const char *dir, co_format format)
{
	static const char *const columns[] = {"table", "deleted", "updated"};
	json_t *deleted = json_object(), *updated = json_object(), *rows = json_array(), *doc;
	co_status status;

	for (size_t i = 0; deleted && updated && rows && i < r->n_deleted; i++) {
		if (r->deleted[i].deleted)
			json_object_set_new(deleted, r->deleted[i].table,
			                    json_integer(r->deleted[i].deleted));
		if (r->deleted[i].updated)
			json_object_set_new(updated, r->deleted[i].table,
			                    json_integer(r->deleted[i].updated));
		json_array_append_new(rows, json_pack("{s:s, s:I, s:I}", "table", r->deleted[i].table,
			"deleted", (json_int_t)r->deleted[i].deleted,
			"updated", (json_int_t)r->deleted[i].updated));
	}
	doc = json_pack("{s:I, s:o*, s:o*}", "change", (json_int_t)r->change, "deleted", deleted,
	                "updated", updated);
	if (!doc || !rows) {
		json_decref(doc);
		json_decref(rows);
		return cli_fail(co_error_set(CO_ENOMEM, "out of memory"));
	}
	if (format == CO_FORMAT_JSON) {
		status = co_output_json(stdout, doc);
	} else {
		if (format == CO_FORMAT_TABLE) {
			if (r->change)
				printf("change %lld: import --replace %s deleted, with:\n", (long long)r->change,
				       dir);
			else
				printf("no change: the store holds no row that %s lacks\n", dir);
		}
		status = co_output_rows(stdout, format, rows, columns, 3);
		if (format == CO_FORMAT_TABLE && r->change)
			printf("undo with: coalition unmerge %lld\n", (long long)r->change);
	}
	json_decref(doc);
	json_decref(rows);
	return status == CO_OK ? CLI_OK : cli_fail(status);
}

/* --dry-run: the rows the import would add or change, on stdout. */
static int print_changes(const co_import_result *r, co_format format)
{
	static const char *const columns[] = {"file", "line", "action", "row"};
	json_t *rows = json_array();
	co_status status;

	for (size_t i = 0; rows && i < r->n_changes; i++) {
		const co_import_change *c = &r->changes[i];
		json_array_append_new(rows, json_pack("{s:s, s:I, s:s, s:s}", "file", c->file, "line",
		                                      (json_int_t)c->line, "action", c->action,
		                                      "row", c->row));
	}
	if (!rows)
		return cli_fail(co_error_set(CO_ENOMEM, "out of memory"));
	status = co_output_rows(stdout, format, rows, columns, 4);
	json_decref(rows);
	return status == CO_OK ? CLI_OK : cli_fail(status);
}

/* The notes: what the importer decided on its own. */
static void print_notes(const cli_globals *globals, const co_import_result *r)
{
	for (size_t i = 0; i < r->n_notes; i++)
		cli_note(globals, "note: %s", r->notes[i]);
}

/* Removes a store file and its WAL companions (a store this import made). */
static void remove_store(const char *path)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	char name[4096];

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		if ((size_t)snprintf(name, sizeof(name), "%s%s", path, suffixes[i]) < sizeof(name))
			unlink(name);
	}
}

/* A note naming the likeliest duplicates the import just created (the
 * three best pairs with an org newer than `mark`). */
static void note_duplicates(const cli_globals *globals, co_store *store, int64_t mark)
{
	co_duplicates dups;
	co_network *net = NULL;
	int64_t added = 0;

	if (co_duplicates_added(&dups, &net, &added, store, mark, 3) == CO_OK && dups.n > 0) {
		cli_note(globals, "likely duplicates among the orgs just added (merge with "
		         "'coalition merge KEEP DROP', more with 'coalition duplicates'):");
		for (size_t k = 0; k < dups.n; k++)
			cli_note(globals, "  %.2f  %s (%s) / %s (%s)", dups.pairs[k].score,
			         net->orgs[dups.pairs[k].a].key, net->orgs[dups.pairs[k].a].name,
			         net->orgs[dups.pairs[k].b].key, net->orgs[dups.pairs[k].b].name);
	} else if (added > CO_DUPLICATES_NOTE_MAX_NEW) {
		cli_note(globals, "%lld orgs added: look for duplicates with 'coalition duplicates'",
		         (long long)added);
	}
	co_duplicates_free(&dups);
	co_network_free(net);
}

/* What --format reads: a directory of CSV files, or a graph file read
 * through igraph (co_import_graph). */
static const char *const formats[] = {"csv", "graphml", "gml", NULL};
static const char *const date_orders[] = {"mdy", "dmy", NULL};

static co_status parse_list_format(void *value, const char *arg)
{
	if (co_format_parse(value, arg) != CO_OK)
		return co_error_set(CO_EINVAL, "'%s' is not one of table, csv, json", arg);
	return CO_OK;
}

/* --delimiter: ',', ';' or tab (the word or the character). */
static co_status parse_delimiter(void *value, const char *arg)
{
	if (strcmp(arg, "tab") == 0 || strcmp(arg, "\t") == 0)
		*(char *)value = '\t';
	else if (strcmp(arg, ",") == 0 || strcmp(arg, ";") == 0)
		*(char *)value = arg[0];
	else
		return co_error_set(CO_EINVAL, "'%s' is not ',', ';' or tab", arg);
	return CO_OK;
}

static int run(int argc, char **argv, cli_globals *globals)
{
	co_import_options import_options = {0};
	co_import_result result = {0};
	co_store *store = NULL;
	const char *dir;
	int format = 0, date_order = -1, code;
	co_status status;
	int64_t mark = 0;
	int created;
	co_format list_format = co_format_default(stdout);
	struct stat st;
	cli_option options[] = {
		CLI_FLAG("dry-run", &import_options.dry_run,
		         "check everything, write nothing, and list on stdout the rows\n"
		         "that would be added, changed or deleted (file, line,\n"
		         "action, row)"),
		CLI_FLAG("replace", &import_options.replace,
		         "the files are the whole truth for their tables: rows the\n"
		         "store has and they lack go, with what goes with them (an\n"
		         "org's ties...), as change N ('coalition unmerge N' undoes\n"
		         "it); prints 'change N:' (JSON with --list json)"),
		CLI_CALLBACK("list", &list_format, "F", parse_list_format,
		             "the format of that list: table, csv or json (default: table\n"
		             "on a terminal, else csv)"),
		CLI_FLAG("strict", &import_options.strict,
		         "make every note an error (new kinds, extra columns, ...)"),
		CLI_CHOICE("date-order", &date_order, "O", date_orders,
		           "also read dates written M/D/YYYY (mdy) or D/M/YYYY (dmy)"),
		CLI_CALLBACK("delimiter", &import_options.delimiter, "D", parse_delimiter,
		             "',', ';' or tab (default: detected from each file's header)"),
		CLI_CHOICE("format", &format, "F", formats,
		           "csv (a directory, the default), or graphml or gml: a graph\n"
		           "file read through igraph, with the attributes `coalition\n"
		           "export` writes (key, name, kind, ...; see `help export`)"),
		CLI_END(),
	};

	if ((code = cli_parse_options(&cmd_import, options, globals, &argc, &argv)) != CLI_CONTINUE)
		return code;
	if (argc < 1)
		return cli_usage(&cmd_import, "which directory? (import DIR)");
	if (argc > 1)
		return cli_usage(&cmd_import, "unexpected argument '%s'", argv[1]);
	if (date_order >= 0)
		import_options.date_order = date_orders[date_order][0];
	dir = argv[0];
	code = CLI_ERROR;
	if (import_options.replace && format > 0)
		return cli_usage(&cmd_import, "--replace reads a directory of CSV files, not --format %s",
		                 formats[format]);

	/* A store this import creates is removed again if nothing lands in it. */
	created = strcmp(globals->db_path, ":memory:") != 0 && stat(globals->db_path, &st) != 0;
	if (cli_open_store(&store, globals, CO_STORE_CREATE) != CLI_OK) {
		if (created)
			remove_store(globals->db_path);
		return CLI_ERROR;
	}
	import_options.list_changes = import_options.dry_run;
	if ((status = co_duplicates_mark(&mark, store)) != CO_OK) {
		co_store_close(store);
		return cli_fail(status);
	}
	status = format > 0 ? co_import_graph(&result, store, dir, formats[format], &import_options)
	                    : co_import_dir(&result, store, dir, &import_options);
	if (status == CO_OK) {
		print_notes(globals, &result);
		report(globals, dir, &result, import_options.dry_run, import_options.replace);
		if (!import_options.dry_run)
			note_stated_links(globals, store);
		if (!import_options.dry_run && !globals->quiet)
			note_duplicates(globals, store, mark);
		code = import_options.dry_run ? print_changes(&result, list_format)
		       : import_options.replace ? print_replace(&result, dir, list_format) : CLI_OK;
	} else if (status == CO_EINVAL && result.n_problems > 0) {
		for (size_t i = 0; i < result.n_problems; i++)
			cli_error("%s", result.problems[i]);
		if (result.truncated)
			cli_error("%zu kinds of problem shown; a file with more than %d kinds was not "
			          "read to its end; nothing was imported", result.n_problems,
			          CO_IMPORT_MAX_PROBLEMS);
		else
			cli_error("%zu problem%s; nothing was imported", result.n_problems,
			          result.n_problems == 1 ? "" : "s");
	} else {
		cli_fail(status);
	}
	co_import_result_free(&result);
	co_store_close(store);
	if (created && (code != CLI_OK || import_options.dry_run))
		remove_store(globals->db_path);
	return code;
}
