/*
 * cli.h - what the command files of the CLI share: the command table entry,
 * global options, messages on stderr, and the view and --format options that
 * every analysis command accepts.  Only the CLI includes this header.
 */
#ifndef COALITION_CLI_H
#define COALITION_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "coalition/coalition.h"

/* Exit codes (DESIGN.md section 6). */
enum { CLI_OK = 0, CLI_ERROR = 1, CLI_USAGE = 2 };

/* The default of --seed, so that the same input gives the same output. */
#define CLI_DEFAULT_SEED 1

typedef struct {
	const char *db_path;   /* --db, $COALITION_DB, or coalition.db */
	unsigned long seed;    /* --seed */
	int quiet;             /* --quiet: no progress or notes on stderr */
} cli_globals;

typedef struct {
	const char *name;
	int (*run)(int argc, char **argv, const cli_globals *globals);
	const char *summary;   /* one line for `coalition help` */
	const char *usage;     /* the full text of `coalition help NAME` */
} cli_command;

/* Prints "coalition: message" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints the library's last error and returns CLI_ERROR. */
int cli_fail(co_status status);

/* Prints "coalition: message" and the command's usage on stderr; returns CLI_USAGE. */
int cli_usage_error(const cli_command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prints a progress note on stderr, only on a terminal and without --quiet. */
void cli_progress(const cli_globals *globals, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prints a note (not an error) on stderr unless --quiet. */
void cli_note(const cli_globals *globals, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Opens the store named by the global options; prints the error itself. */
int cli_open_store(co_store **out, const cli_globals *globals, co_store_mode mode);

/*
 * Option codes and long options shared by analysis commands.  A command's
 * option table lists CLI_VIEW_OPTIONS (and CLI_FORMAT_OPTION) among its own,
 * and passes every code it does not know to cli_view_option().
 */
enum {
	CLI_OPT_FORMAT = 1000,
	CLI_OPT_NO_SAVE,
	CLI_OPT_VIEW_FIRST = 1100 /* + index in co_view_option_names */
};

#define CLI_VIEW_OPTIONS \
	{"as-of", required_argument, NULL, CLI_OPT_VIEW_FIRST + 0}, \
	{"kinds", required_argument, NULL, CLI_OPT_VIEW_FIRST + 1}, \
	{"tie-kinds", required_argument, NULL, CLI_OPT_VIEW_FIRST + 2}, \
	{"states", required_argument, NULL, CLI_OPT_VIEW_FIRST + 3}, \
	{"min-sources", required_argument, NULL, CLI_OPT_VIEW_FIRST + 4}, \
	{"positive-only", no_argument, NULL, CLI_OPT_VIEW_FIRST + 5}, \
	{"signed", no_argument, NULL, CLI_OPT_VIEW_FIRST + 6}, \
	{"events", no_argument, NULL, CLI_OPT_VIEW_FIRST + 7}, \
	{"public", no_argument, NULL, CLI_OPT_VIEW_FIRST + 8}

#define CLI_FORMAT_OPTION {"format", required_argument, NULL, CLI_OPT_FORMAT}
#define CLI_HELP_OPTION {"help", no_argument, NULL, 'h'}

/* The usage lines of the view options, for command usage texts. */
#define CLI_VIEW_USAGE \
	"View options (which orgs and ties are analysed):\n" \
	"  --as-of DATE        ties active on DATE (YYYY[-MM[-DD]])\n" \
	"  --kinds K,...       org kinds kept (chapter,national,ngo,union,community,\n" \
	"                      coalition,funder,other)\n" \
	"  --tie-kinds K,...   tie kinds kept (partnership,campaign,friction,...)\n" \
	"  --states ST,...     orgs in these states (two-letter codes)\n" \
	"  --min-sources N     ties backed by at least N sources\n" \
	"  --positive-only     drop friction (negative) ties\n" \
	"  --signed            keep friction ties and let analyses use them\n" \
	"  --events            add co-participation ties (weight = shared events)\n" \
	"  --public            for sharing: drop private and friction ties (export and\n" \
	"                      report also drop tie notes and private sources)\n"

/*
 * Applies a shared view option if `code` is one: returns 1 if handled, 0 if
 * `code` is not a view option, and -1 after printing an error (exit 1).
 */
int cli_view_option(co_view *view, int code, const char *arg);

/* Parses --format's value; prints the error itself and returns -1 if bad. */
int cli_format_option(co_format *format, const char *arg);

/* Runs getopt_long from the start of a command's own argv. */
void cli_reset_getopt(void);

/* Handles getopt's '?' and ':' results uniformly: usage on stderr, exit 2. */
int cli_bad_option(const cli_command *cmd, int argc, char **argv);

/* Prints the command's usage on stdout (for --help); returns CLI_OK. */
int cli_help(const cli_command *cmd);

#endif
