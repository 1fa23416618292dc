/*
 * outfile.h - one way to write an output file (export, render, report,
 * --dump-layout): never half a file, never over something that is not a
 * regular file, never over the store.  A helper of the library, not public.
 *
 * co_outfile_open() refuses a path that names a directory, a device, a FIFO,
 * a socket, a symbolic link or the open store (or its -wal/-shm file); it
 * creates an unpredictably named temporary file in the target's folder
 * (mkostemp: O_EXCL, mode 0600) and co_outfile_close() syncs it and renames
 * it over the target once complete, or removes it.  The paths "-" and
 * "/dev/stdout" are written to stdout as a stream instead (flushed and
 * checked at close).  While a temporary file exists, SIGINT, SIGTERM,
 * SIGHUP and SIGPIPE remove it before the process dies of the signal (the
 * handlers are installed only where the signal's action is the default, and
 * the signal is then raised again with its default action).
 */
#ifndef COALITION_OUTFILE_H
#define COALITION_OUTFILE_H

#include <stdio.h>

#include "coalition/error.h"
#include "coalition/store.h"

typedef struct co_outfile co_outfile;

/*
 * Opens `path` for writing.  `store` (may be NULL) is the store the command
 * has open, which may not be the target.  On success *out owns the file;
 * finish it with co_outfile_close().  CO_EIO with "cannot write PATH: why"
 * otherwise.
 */
co_status co_outfile_open(co_outfile **out, const char *path, co_store *store);

/* The stream to write to (owned by the outfile). */
FILE *co_outfile_stream(co_outfile *file);

/* The temporary file's path (owned by the outfile), for a writer that opens
 * it by name (SQLite's backup); NULL for a stream. */
const char *co_outfile_temp_path(const co_outfile *file);

/* 1 if the output goes to stdout rather than to a file. */
int co_outfile_is_stream(const co_outfile *file);

/*
 * With `status` CO_OK: flushes and checks the stream, syncs the temporary
 * file and renames it over the target (refused if the target has meanwhile
 * become something other than a regular file).  Otherwise, or if any of that
 * fails, removes the temporary file.  Frees `file` (NULL is accepted and
 * returns `status`).  Returns `status`, or the first failure found here,
 * with its message set.
 */
co_status co_outfile_close(co_outfile *file, co_status status);

/*
 * Checks that `path` may be replaced (a regular file, or nothing yet, and
 * not the store), without opening it.  For callers that write through
 * another library's own file output.
 */
co_status co_outfile_check(const char *path, co_store *store);

/* Writes one CSV field to `out` (a ',' first unless `first`), quoted by
 * libcsv only when it holds a comma, quote or line break, so numbers stay
 * bare for spreadsheets.  Used by output, the CSV dump and graph export and
 * import. */
void co_outfile_csv_field(FILE *out, const char *text, int first);

#endif
