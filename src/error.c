/*
 * error.c - the last error message, per thread, and igraph's error handler.
 *
 * Library functions never print.  When something fails they record one
 * message here and return a status; the CLI prints the message.  igraph's
 * default error handler aborts the process, which a library must never do,
 * so we install one that records igraph's reason and frees igraph's
 * temporaries (IGRAPH_FINALLY_FREE), as igraph's documentation asks.
 */
#include "coalition/error.h"

#include <igraph.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local char last_message[1024];

co_status co_error_set(co_status status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_message, sizeof(last_message), fmt, ap);
	va_end(ap);
	return status;
}

const char *co_error_last(void)
{
	return last_message;
}

void co_error_clear(void)
{
	last_message[0] = '\0';
}

const char *co_status_name(co_status status)
{
	switch (status) {
	case CO_OK: return "ok";
	case CO_ENOMEM: return "out of memory";
	case CO_EIO: return "input/output error";
	case CO_EDB: return "store error";
	case CO_EGRAPH: return "graph error";
	case CO_ERENDER: return "render error";
	case CO_EINVAL: return "invalid input";
	case CO_ENOTFOUND: return "not found";
	}
	return "unknown error";
}

static void record_igraph_error(const char *reason, const char *file,
                                int line, igraph_error_t igraph_errno)
{
	const char *base = file ? strrchr(file, '/') : NULL;

	/* Some of igraph's checks give no reason (1e308 weights gave
	 * "igraph:  (Invalid value)"): then say where igraph stopped. */
	if (reason && reason[0])
		co_error_set(CO_EGRAPH, "igraph: %s (%s)", reason, igraph_strerror(igraph_errno));
	else
		co_error_set(CO_EGRAPH, "igraph: %s, with no reason given (in igraph's %s:%d)",
		             igraph_strerror(igraph_errno), base ? base + 1 : file ? file : "?", line);
	IGRAPH_FINALLY_FREE();
}

static void ignore_igraph_warning(const char *reason, const char *file, int line)
{
	(void)reason;
	(void)file;
	(void)line;
}

void co_error_install_igraph_handler(void)
{
	igraph_set_error_handler(record_igraph_error);
	igraph_set_warning_handler(ignore_igraph_warning);
}
