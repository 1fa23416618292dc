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
	/* argv[0] is the command's name; globals may be changed by the global
	 * options given after the command (cli_parse_options() does). */
	int (*run)(int argc, char **argv, cli_globals *globals);
	const char *summary;   /* one line for `coalition help` */
	const char *usage;     /* the start of `coalition help NAME`: synopsis and
	                          description; the Options block follows, made from
	                          the command's option table */
	const char *examples;  /* the end of it ("Examples:\n  coalition ...\n"), or NULL */
} cli_command;

/*
 * The option table: one per command, in the spirit of git's parse-options.
 * A command lists its options (the view options and --format among them)
 * in an array ending with CLI_END(); cli_parse_options() runs getopt_long
 * over it, checks and stores every value, and prints the Options block of
 * `help` from it.  The global options (--db, --seed, --quiet) and --help
 * are added by the parser, so they are accepted after the command too.
 */
typedef enum {
	CLI_OPTION_END,
	CLI_OPTION_GROUP,     /* a heading of the help text (help: the heading) */
	CLI_OPTION_FLAG,      /* *(int *)value = 1 */
	CLI_OPTION_INT,       /* *(long *)value: a whole number from min to max */
	CLI_OPTION_NUMBER,    /* *(double *)value: a number from min to max */
	CLI_OPTION_STRING,    /* *(const char **)value = the argument (in argv) */
	CLI_OPTION_CHOICE,    /* *(int *)value = the argument's index in choices */
	CLI_OPTION_CALLBACK,  /* callback(value, argument): checks and stores it */
	CLI_OPTION_VIEW,      /* co_view_set((co_view *)value, long_name, argument) */
	CLI_OPTION_FORMAT     /* *(co_format *)value: table, csv or json */
} cli_option_type;

typedef struct {
	cli_option_type type;
	const char *long_name;
	const char *argh;        /* the value's name in help ("N", "K,..."), NULL for flags */
	const char *help;        /* may span lines ('\n') */
	void *value;
	double min, max;         /* CLI_OPTION_INT and CLI_OPTION_NUMBER: the range, inclusive */
	const char *const *choices;  /* CLI_OPTION_CHOICE: NULL-terminated */
	/* CLI_OPTION_CALLBACK: CO_OK, or a status whose co_error_last() says what is wrong */
	co_status (*callback)(void *value, const char *arg);
	int given;               /* set by the parser: how many times it was given */
} cli_option;

/* Whole numbers without a stated maximum stop here (and fit a long). */
#define CLI_MAX_INT 1e9
/* The minimum of a number that must be above 0 ("greater than 0"). */
#define CLI_POSITIVE 1e-300

/* Each macro checks the type of `v` (a pointer mismatch is a warning). */
#define CLI_END() {.type = CLI_OPTION_END}
#define CLI_GROUP(title) {.type = CLI_OPTION_GROUP, .help = (title)}
#define CLI_FLAG(l, v, h) \
	{.type = CLI_OPTION_FLAG, .long_name = (l), .value = 1 ? (v) : (int *)0, .help = (h)}
#define CLI_INT(l, v, a, lo, hi, h) \
	{.type = CLI_OPTION_INT, .long_name = (l), .value = 1 ? (v) : (long *)0, .argh = (a), \
	 .min = (lo), .max = (hi), .help = (h)}
#define CLI_NUMBER(l, v, a, lo, hi, h) \
	{.type = CLI_OPTION_NUMBER, .long_name = (l), .value = 1 ? (v) : (double *)0, \
	 .argh = (a), .min = (lo), .max = (hi), .help = (h)}
#define CLI_STRING(l, v, a, h) \
	{.type = CLI_OPTION_STRING, .long_name = (l), .value = 1 ? (v) : (const char **)0, \
	 .argh = (a), .help = (h)}
#define CLI_CHOICE(l, v, a, list, h) \
	{.type = CLI_OPTION_CHOICE, .long_name = (l), .value = 1 ? (v) : (int *)0, .argh = (a), \
	 .choices = (list), .help = (h)}
#define CLI_CALLBACK(l, v, a, fn, h) \
	{.type = CLI_OPTION_CALLBACK, .long_name = (l), .value = (v), .argh = (a), \
	 .callback = (fn), .help = (h)}
#define CLI_FORMAT(v) \
	{.type = CLI_OPTION_FORMAT, .long_name = "format", .value = 1 ? (v) : (co_format *)0, \
	 .argh = "F", .help = "table (terminal default), csv (else), json"}
#define CLI_NO_SAVE(v) CLI_FLAG("no-save", v, "do not record the run and its metrics")
#define CLI_VIEW_OPT(l, v, a, h) \
	{.type = CLI_OPTION_VIEW, .long_name = (l), .value = 1 ? (v) : (co_view *)0, .argh = (a), \
	 .help = (h)}
/* The view options of DESIGN.md section 5, with their heading. */
#define CLI_VIEW(v) \
	CLI_GROUP("View options (which orgs and ties are analysed):"), \
	CLI_VIEW_OPT("as-of", v, "DATE", "ties active on DATE (YYYY[-MM[-DD]])"), \
	CLI_VIEW_OPT("kinds", v, "K,...", "org kinds kept (chapter,national,ngo,union,community,\n" \
	             "coalition,funder,other)"), \
	CLI_VIEW_OPT("tie-kinds", v, "K,...", "tie kinds kept (partnership,campaign,friction,...)"), \
	CLI_VIEW_OPT("states", v, "ST,...", "orgs in these states (two-letter codes)"), \
	CLI_VIEW_OPT("min-sources", v, "N", "ties backed by at least N sources"), \
	CLI_VIEW_OPT("positive-only", v, NULL, "drop friction (negative) ties"), \
	CLI_VIEW_OPT("signed", v, NULL, "keep friction ties and let analyses use them"), \
	CLI_VIEW_OPT("events", v, NULL, "add co-participation ties (weight = shared events)"), \
	CLI_VIEW_OPT("events-max", v, "N", "with --events: build up to N pairs of co-participants\n" \
	             "(default 10000000; above it the view is refused)"), \
	CLI_VIEW_OPT("public", v, NULL, "for sharing: drop private and friction ties (export and\n" \
	             "report also drop tie notes and private sources)"), \
	CLI_VIEW_OPT("federation", v, NULL, "each parent link is a tie of kind federation (positive,\n" \
	             "weight 1); without it analyses ignore parents"), \
	CLI_VIEW_OPT("rollup", v, "BY", "groups replace orgs: parent (a member without members\n" \
	             "into its parent), top (top-level ancestor), state, kind;\n" \
	             "ties between groups summed by kind and sign")

/* cli_parse_options() returns this when the command should go on. */
#define CLI_CONTINUE (-1)

/*
 * Parses a command's options.  On entry *argc and *argv are the command's own
 * (argv[0] its name); on CLI_CONTINUE they are its remaining arguments
 * (operands), argv[0] the first of them.  Otherwise returns the exit code:
 * CLI_OK after printing help (--help), CLI_USAGE after a usage error (an
 * unknown option, a missing or bad value), printed as
 *   coalition: COMMAND: --top: 'abc' is not a whole number
 *   coalition: see 'coalition help COMMAND'
 */
int cli_parse_options(const cli_command *cmd, cli_option *options, cli_globals *globals,
                      int *argc, char ***argv);

/* The option called `long_name` was given (after cli_parse_options()). */
int cli_option_given(const cli_option *options, const char *long_name);

/* Prints `coalition help COMMAND` made from the command's table. */
void cli_print_help(FILE *out, const cli_command *cmd, const cli_option *options);

/* Prints "coalition: COMMAND: message" and the help hint; returns CLI_USAGE.
 * For usage errors found after parsing (operands, options that exclude each other). */
int cli_usage(const cli_command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Refuses operands of a command that takes none: CLI_OK or CLI_USAGE. */
int cli_no_operands(const cli_command *cmd, int argc, char **argv);

/* A CLI_CALLBACK for an option naming org kinds (--show-kinds): value is a
 * co_word_list, checked as the view's --kinds is. */
co_status cli_parse_kinds(void *value, const char *arg);

/* A CLI_CALLBACK for a date option: value is a const char *, set to the
 * argument once it is a date YYYY[-MM[-DD]] that exists. */
co_status cli_parse_date(void *value, const char *arg);

/* A CLI_CALLBACK for one centrality measure: value is a co_measure. */
co_status cli_parse_measure(void *value, const char *arg);

/* Prints the notes of a result on stderr (unless --quiet). */
void cli_result_notes(const cli_globals *globals, const co_result *result);

/* Prints a result in `format` (output.h); CLI_OK or CLI_ERROR. */
int cli_print_result(const co_result *result, co_format format,
                     const co_output_options *options);

/*
 * What an analysis command holds between its options and its output: the
 * options every analysis takes (--format, --no-save, the view), the store,
 * the view's network and the result.  cli_analysis_init() before the
 * option table (CLI_ANALYSIS(&a) in it), cli_analysis_open() after parsing,
 * cli_analysis_finish() with the result, and cli_analysis_end() always.
 */
typedef struct {
	co_format format;      /* table on a terminal, else CSV */
	int no_save;
	co_view view;
	co_store *store;       /* owned */
	co_network *net;       /* owned */
	co_result *result;     /* owned: the analysis fills it */
} cli_analysis;

#define CLI_ANALYSIS(a) \
	CLI_FORMAT(&(a)->format), CLI_NO_SAVE(&(a)->no_save), CLI_VIEW(&(a)->view)

void cli_analysis_init(cli_analysis *a);

/* Opens the store (read-only with --no-save) and builds the view's
 * network; CLI_OK, or CLI_ERROR after printing the error. */
int cli_analysis_open(cli_analysis *a, const cli_globals *globals);

/* Records the global seed in the result, prints its notes, saves it as a
 * run unless --no-save, and prints it; CLI_OK, or CLI_ERROR after printing
 * the error. */
int cli_analysis_finish(cli_analysis *a, const cli_globals *globals,
                        const co_output_options *print);

/* Prints the error of `status` unless it is CO_OK (rc is then CLI_ERROR),
 * frees what `a` holds, and returns rc. */
int cli_analysis_end(cli_analysis *a, co_status status, int rc);

/* `one` when n is 1, else `many`: "1 tie", "2 ties" in notes. */
const char *cli_noun(long long n, const char *one, const char *many);

/* Prints "coalition: message" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints the library's last error and returns CLI_ERROR. */
int cli_fail(co_status status);

/* Prints a progress note on stderr, only on a terminal and without --quiet. */
void cli_progress(const cli_globals *globals, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prints a note (not an error) on stderr unless --quiet. */
void cli_note(const cli_globals *globals, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Opens the store named by the global options; prints the error itself. */
int cli_open_store(co_store **out, const cli_globals *globals, co_store_mode mode);

/* Opens the store and builds the network of `view` (saying so on a
 * terminal); prints the error itself.  CLI_OK or CLI_ERROR; the caller
 * frees both whatever the outcome. */
int cli_open_network(co_store **store, co_network **net, const cli_globals *globals,
                     const co_view *view, co_store_mode mode);

/* Runs getopt_long from the start of a command's own argv. */
void cli_reset_getopt(void);

/* When the store at db_path is over 64 MB, or the command (argv[0], argc
 * words) is an import of files over 32 MB, starts the program again with
 * glibc's malloc on huge pages (hugepages_exec.c says why); all_argv is
 * main()'s argv.  Returns only when it did not (a small job, already so
 * started, or the start failed). */
void cli_exec_on_huge_pages(const char *db_path, int argc, char **argv, char **all_argv);

#endif
