/*
 * options.c - the option table of the commands (cli.h), in the spirit of
 * git's parse-options: one table per command drives getopt_long, checks
 * every value (whole numbers and numbers in range, choices, view options,
 * --format, callbacks), and makes the Options block of `help`, so that the
 * help, the parser and the error messages cannot drift apart.
 *
 * Every usage error prints one style and exits 2:
 *   coalition: centrality: --top: 'abc' is not a whole number
 *   coalition: see 'coalition help centrality'
 * The global options (--db, --seed, --quiet) and --help are appended to
 * every table, so `coalition synth --out d --seed 3` works as users type it.
 */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* getopt_long's val of table entry i (and of the appended ones). */
#define OPT_BASE 256
enum { OPT_DB = 1, OPT_SEED, OPT_QUIET, OPT_HELP };

/* The column where help texts start, as in the hand-written usages before. */
#define HELP_COLUMN 22

static void vusage(const cli_command *cmd, const char *fmt, va_list ap)
{
	fprintf(stderr, "coalition: %s: ", cmd->name);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\ncoalition: see 'coalition help %s'\n", cmd->name);
}

int cli_usage(const cli_command *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vusage(cmd, fmt, ap);
	va_end(ap);
	return CLI_USAGE;
}

int cli_no_operands(const cli_command *cmd, int argc, char **argv)
{
	return argc > 0 ? cli_usage(cmd, "unexpected argument '%s'", argv[0]) : CLI_OK;
}

/* "1 to 100", "at least 1" or "at most 5": the range of a number option. */
static void range_text(char *buf, size_t size, const cli_option *o)
{
	if (o->min == CLI_POSITIVE && isinf(o->max))
		snprintf(buf, size, "greater than 0");
	else if (o->min == CLI_POSITIVE)
		snprintf(buf, size, "greater than 0, at most %.15g", o->max);
	else if ((o->max >= CLI_MAX_INT && o->type == CLI_OPTION_INT) || isinf(o->max))
		snprintf(buf, size, "at least %.15g", o->min);
	else if (isinf(o->min))
		snprintf(buf, size, "at most %.15g", o->max);
	else
		snprintf(buf, size, "%.15g to %.15g", o->min, o->max);
}

static int parse_int(const cli_command *cmd, cli_option *o, const char *arg)
{
	char *end, range[96];
	long value;

	errno = 0;
	value = strtol(arg, &end, 10);
	if (!((arg[0] >= '0' && arg[0] <= '9') || (arg[0] == '-' && arg[1] >= '0' &&
	      arg[1] <= '9')) || *end || errno == EINVAL)
		return cli_usage(cmd, "--%s: '%s' is not a whole number", o->long_name, arg);
	if (errno == ERANGE || (double)value < o->min || (double)value > o->max) {
		range_text(range, sizeof(range), o);
		return cli_usage(cmd, "--%s: %s is out of range (%s)", o->long_name, arg, range);
	}
	*(long *)o->value = value;
	return CLI_CONTINUE;
}

static int parse_number(const cli_command *cmd, cli_option *o, const char *arg)
{
	char *end, range[96];
	double value;

	errno = 0;
	value = strtod(arg, &end);
	if (end == arg || *end || !isfinite(value))
		return cli_usage(cmd, "--%s: '%s' is not a number", o->long_name, arg);
	if (value < o->min || value > o->max) {
		range_text(range, sizeof(range), o);
		return cli_usage(cmd, "--%s: %s is out of range (%s)", o->long_name, arg, range);
	}
	*(double *)o->value = value;
	return CLI_CONTINUE;
}

static int parse_choice(const cli_command *cmd, cli_option *o, const char *arg)
{
	char list[512] = "";
	size_t used = 0;

	for (int i = 0; o->choices[i]; i++) {
		if (strcmp(o->choices[i], arg) == 0) {
			*(int *)o->value = i;
			return CLI_CONTINUE;
		}
		int n = snprintf(list + used, sizeof(list) - used, "%s%s", i ? ", " : "",
		                 o->choices[i]);
		if (n > 0 && (size_t)n < sizeof(list) - used)
			used += (size_t)n;
	}
	return cli_usage(cmd, "--%s: '%s' is not one of %s", o->long_name, arg, list);
}

/* A library check that refused a value: its message, as a usage error. */
static int refused(const cli_command *cmd, const cli_option *o, co_status status)
{
	const char *message = co_error_last();

	if (!message[0])
		message = co_status_name(status);
	if (status == CO_ENOMEM) {
		cli_error("%s", message);
		return CLI_ERROR;
	}
	/* The view's messages name their option already ("--as-of: ..."). */
	if (strncmp(message, "--", 2) == 0)
		return cli_usage(cmd, "%s", message);
	return cli_usage(cmd, "--%s: %s", o->long_name, message);
}

/* Stores the value of table entry o; CLI_CONTINUE or an exit code. */
static int take_value(const cli_command *cmd, cli_option *o, const char *arg)
{
	co_status status;

	o->given++;
	switch (o->type) {
	case CLI_OPTION_FLAG:
		*(int *)o->value = 1;
		return CLI_CONTINUE;
	case CLI_OPTION_INT:
		return parse_int(cmd, o, arg);
	case CLI_OPTION_NUMBER:
		return parse_number(cmd, o, arg);
	case CLI_OPTION_STRING:
		*(const char **)o->value = arg;
		return CLI_CONTINUE;
	case CLI_OPTION_CHOICE:
		return parse_choice(cmd, o, arg);
	case CLI_OPTION_CALLBACK:
		status = o->callback(o->value, arg);
		break;
	case CLI_OPTION_VIEW:
		status = co_view_set(o->value, o->long_name, arg);
		break;
	case CLI_OPTION_FORMAT:
		if ((status = co_format_parse(o->value, arg)) != CO_OK)
			return cli_usage(cmd, "--format: '%s' is not one of table, csv, json", arg);
		return CLI_CONTINUE;
	default:
		return CLI_CONTINUE;
	}
	return status == CO_OK ? CLI_CONTINUE : refused(cmd, o, status);
}

static int takes_value(const cli_option *o)
{
	return o->type != CLI_OPTION_FLAG && !(o->type == CLI_OPTION_VIEW && !o->argh);
}

static int parse_seed(const cli_command *cmd, cli_globals *globals, const char *arg)
{
	char *end;

	errno = 0;
	globals->seed = strtoul(arg, &end, 10);
	if (arg[0] < '0' || arg[0] > '9' || *end || errno)
		return cli_usage(cmd, "--seed: '%s' is not a whole number >= 0", arg);
	return CLI_CONTINUE;
}

/* The getopt_long table of a command's options plus the appended ones
 * (caller frees); *n receives the command's own entries. */
static struct option *long_options(const cli_option *options, size_t *n)
{
	static const struct option appended[] = {
		{"db", required_argument, NULL, OPT_DB},
		{"seed", required_argument, NULL, OPT_SEED},
		{"quiet", no_argument, NULL, OPT_QUIET},
		{"help", no_argument, NULL, OPT_HELP},
		{NULL, 0, NULL, 0},
	};
	size_t count = 0, k = 0;
	struct option *table;

	while (options[count].type != CLI_OPTION_END)
		count++;
	if (!(table = calloc(count + 5, sizeof(struct option))))
		return NULL;
	for (size_t i = 0; i < count; i++)
		if (options[i].type != CLI_OPTION_GROUP)
			table[k++] = (struct option){options[i].long_name,
			                             takes_value(&options[i]) ? required_argument
			                                                      : no_argument,
			                             NULL, OPT_BASE + (int)i};
	memcpy(&table[k], appended, sizeof(appended));
	*n = count;
	return table;
}

/* getopt's complaint about argv[optind - 1], in the one style. */
static int bad_option(const cli_command *cmd, const cli_option *options, size_t n,
                      int code, int argc, char **argv)
{
	const char *arg = optind - 1 < argc ? argv[optind - 1] : "";
	int index = optopt - OPT_BASE;

	if (optopt == OPT_DB || optopt == OPT_SEED)
		return cli_usage(cmd, "--%s needs a value", optopt == OPT_DB ? "db" : "seed");
	if (index >= 0 && (size_t)index < n) {
		if (code == ':')
			return cli_usage(cmd, "--%s needs a value (%s)", options[index].long_name,
			                 options[index].argh ? options[index].argh : "");
		return cli_usage(cmd, "--%s takes no value", options[index].long_name);
	}
	if (optopt == OPT_QUIET || optopt == OPT_HELP)
		return cli_usage(cmd, "--%s takes no value", optopt == OPT_QUIET ? "quiet" : "help");
	if (optopt > 0 && !(arg[0] == '-' && arg[1] == '-'))
		return cli_usage(cmd, "unknown option '-%c'", optopt);
	return cli_usage(cmd, "unknown option '%.*s'", (int)strcspn(arg, "="), arg);
}

int cli_parse_options(const cli_command *cmd, cli_option *options, cli_globals *globals,
                      int *argc, char ***argv)
{
	size_t n = 0;
	struct option *table = long_options(options, &n);
	int opt, rc = CLI_CONTINUE;

	if (!table) {
		cli_error("out of memory");
		return CLI_ERROR;
	}
	optind = 0; /* glibc: 0 also resets its internal scan state */
	opterr = 0;
	while (rc == CLI_CONTINUE && (opt = getopt_long(*argc, *argv, ":h", table, NULL)) != -1) {
		if (opt >= OPT_BASE)
			rc = take_value(cmd, &options[opt - OPT_BASE], optarg);
		else if (opt == OPT_DB)
			globals->db_path = optarg;
		else if (opt == OPT_SEED)
			rc = parse_seed(cmd, globals, optarg);
		else if (opt == OPT_QUIET)
			globals->quiet = 1;
		else if (opt == OPT_HELP || opt == 'h') {
			cli_print_help(stdout, cmd, options);
			rc = CLI_OK;
		} else
			rc = bad_option(cmd, options, n, opt, *argc, *argv);
	}
	if (rc == CLI_CONTINUE) {
		*argc -= optind;
		*argv += optind;
	}
	free(table);
	return rc;
}

int cli_option_given(const cli_option *options, const char *long_name)
{
	for (size_t i = 0; options[i].type != CLI_OPTION_END; i++)
		if (options[i].long_name && strcmp(options[i].long_name, long_name) == 0)
			return options[i].given > 0;
	return 0;
}

/* "  --top N             print ..." with continuation lines indented. */
static void print_option(FILE *out, const cli_option *o)
{
	const char *help = o->help ? o->help : "";
	int width = fprintf(out, "  --%s%s%s", o->long_name, o->argh ? " " : "",
	                    o->argh ? o->argh : "");

	if (width >= HELP_COLUMN - 1) {
		fputc('\n', out);
		width = 0;
	}
	for (;;) {
		size_t len = strcspn(help, "\n");

		fprintf(out, "%*s%.*s\n", HELP_COLUMN - width, "", (int)len, help);
		if (!help[len])
			return;
		help += len + 1;
		width = 0;
	}
}

void cli_print_help(FILE *out, const cli_command *cmd, const cli_option *options)
{
	int heading = 0;

	fputs(cmd->usage, out);
	for (size_t i = 0; options[i].type != CLI_OPTION_END; i++) {
		if (options[i].type == CLI_OPTION_GROUP) {
			fprintf(out, "\n%s\n", options[i].help);
			heading = 1;
			continue;
		}
		if (!heading) {
			fputs("\nOptions:\n", out);
			heading = 1;
		}
		print_option(out, &options[i]);
	}
	fputs("\nGlobal options (before or after the command): --db PATH, --seed N, --quiet\n",
	      out);
	if (cmd->examples)
		fprintf(out, "\n%s", cmd->examples);
}

void cli_result_notes(const cli_globals *globals, const co_result *result)
{
	for (size_t i = 0; i < co_result_n_notes(result); i++)
		cli_note(globals, "%s", co_result_note_text(result, i));
}

int cli_print_result(const co_result *result, co_format format,
                     const co_output_options *options)
{
	co_status status = co_output_result(stdout, format, result, options);

	return status == CO_OK ? CLI_OK : cli_fail(status);
}

void cli_analysis_init(cli_analysis *a)
{
	memset(a, 0, sizeof(*a));
	a->format = co_format_default(stdout);
	co_view_init(&a->view);
}

int cli_analysis_open(cli_analysis *a, const cli_globals *globals)
{
	return cli_open_network(&a->store, &a->net, globals, &a->view,
	                        a->no_save ? CO_STORE_READONLY : CO_STORE_READWRITE);
}

int cli_analysis_finish(cli_analysis *a, const cli_globals *globals,
                        const co_output_options *print)
{
	co_status status;

	co_result_set_seed(a->result, globals->seed);
	cli_result_notes(globals, a->result);
	if (!a->no_save && (status = co_result_save(a->store, a->result)) != CO_OK)
		return cli_fail(status);
	return cli_print_result(a->result, a->format, print);
}

int cli_analysis_end(cli_analysis *a, co_status status, int rc)
{
	if (status != CO_OK)
		rc = cli_fail(status);
	co_result_free(a->result);
	co_network_free(a->net);
	co_store_close(a->store);
	co_view_free(&a->view);
	return rc;
}
