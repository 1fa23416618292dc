/*
 * cli.c - helpers every command file uses: messages on stderr in one style
 * ("coalition: message"), opening the store and the view's network named
 * by the global and view options, and the callbacks option tables share
 * (dates, measures, org kinds).
 */
#include "cli.h"

#include <stdarg.h>
#include <string.h>
#include <unistd.h>


int cli_fail(co_status status)
{
	const char *message = co_error_last();

	cli_error("%s", message[0] ? message : co_status_name(status));
	return CLI_ERROR;
}

/* "coalition: message" on stderr, the one style of every line there. */
static void vmessage(const char *fmt, va_list ap)
{
	fputs("coalition: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

const char *cli_noun(long long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
}

void cli_progress(const cli_globals *globals, const char *fmt, ...)
{
	va_list ap;

	if (globals->quiet || !isatty(STDERR_FILENO))
		return;
	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
}

void cli_note(const cli_globals *globals, const char *fmt, ...)
{
	va_list ap;

	if (globals->quiet)
		return;
	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
}

int cli_open_store(co_store **out, const cli_globals *globals, co_store_mode mode)
{
	co_status status = co_store_open(out, globals->db_path, mode);

	return status == CO_OK ? CLI_OK : cli_fail(status);
}

int cli_open_network(co_store **store, co_network **net, const cli_globals *globals,
                     const co_view *view, co_store_mode mode)
{
	co_status status;

	if (cli_open_store(store, globals, mode) != CLI_OK)
		return CLI_ERROR;
	cli_progress(globals, "building the network");
	if ((status = co_network_build(net, *store, view)) != CO_OK)
		return cli_fail(status);
	return CLI_OK;
}

void cli_reset_getopt(void)
{
	optind = 0; /* glibc: 0 also resets its internal scan state */
	opterr = 0;
}

co_status cli_parse_kinds(void *value, const char *arg)
{
	co_word_list *list = value;
	co_view scratch;
	co_status status;

	co_view_init(&scratch);
	status = co_view_set(&scratch, "kinds", arg);
	if (status == CO_OK) {
		co_word_list_free(list);
		*list = scratch.kinds;
		scratch.kinds = (co_word_list){NULL, 0};
	} else if (strncmp(co_error_last(), "--kinds: ", 9) == 0) {
		/* the message names --kinds; the caller names its own option */
		char message[512];
		snprintf(message, sizeof(message), "%s", co_error_last() + 9);
		co_error_set(status, "%s", message);
	}
	co_view_free(&scratch);
	return status;
}

co_status cli_parse_date(void *value, const char *arg)
{
	if (!co_date_valid(arg))
		return co_error_set(CO_EINVAL, "'%s' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
		                    arg);
	*(const char **)value = arg;
	return CO_OK;
}

co_status cli_parse_measure(void *value, const char *arg)
{
	return co_measure_parse(value, arg);
}
