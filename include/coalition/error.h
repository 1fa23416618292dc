/*
 * error.h - status codes and the last error message.
 *
 * Every fallible library function returns a co_status.  The message that
 * explains a failure is set once, where the failure is found, with
 * co_error_set(), and read by the caller with co_error_last().  Messages are
 * lowercase, without a final full stop, and name what failed first:
 * "cannot open ties.csv: No such file or directory".
 *
 * Ownership: messages live in a per-thread buffer the library owns; the
 * pointer co_error_last() returns stays valid until the next co_error_set()
 * on that thread (copy it to keep it).  co_status_name() returns a static
 * string.  Nothing here is freed by the caller.
 */
#ifndef COALITION_ERROR_H
#define COALITION_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	CO_OK = 0,
	CO_ENOMEM,    /* out of memory */
	CO_EIO,       /* a file could not be read or written */
	CO_EDB,       /* the SQLite store failed or refused */
	CO_EGRAPH,    /* igraph reported an error */
	CO_ERENDER,   /* Cairo or Pango reported an error */
	CO_EINVAL,    /* bad input data or a bad option value */
	CO_ENOTFOUND  /* a named org, file or record does not exist */
} co_status;

/* Records a printf-style message for the current thread and returns `status`,
 * so that callers can write `return co_error_set(CO_EINVAL, "...", ...)`. */
co_status co_error_set(co_status status, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* The message of the last failure on this thread ("" if none).  The pointer
 * stays valid until the next co_error_set() on the same thread. */
const char *co_error_last(void);

/* Forgets the last message. */
void co_error_clear(void);

/* A short name for a status, such as "invalid input". */
const char *co_status_name(co_status status);

/* Installs igraph's error and warning handlers so that igraph never aborts
 * the process: errors are recorded with co_error_set(CO_EGRAPH, ...) and
 * igraph's temporaries freed.  Idempotent; called by co_store_open() and
 * co_network_build(), and safe to call from anywhere. */
void co_error_install_igraph_handler(void);

#ifdef __cplusplus
}
#endif
#endif
