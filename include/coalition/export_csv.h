/*
 * export_csv.h - everything the store holds, out and back: `export --format csv`
 * (a directory `coalition import` reads back to an equal store) and
 * `coalition backup FILE` (a consistent copy of the SQLite file).
 *
 * The CSV directory holds one file per table, in the layout import reads
 * (DESIGN.md section 4): sources.csv (with private), orgs.csv (parent by
 * key, aliases ';'-separated), events.csv, ties.csv (sources by key, note,
 * private), participation.csv, and metrics.csv (the latest value of each
 * metric, which import does not read: analyses recompute them).  Merges and
 * other changes (undo history), runs and metrics are not round-tripped.
 * Numbers keep 17 significant digits, so they read back equal.
 */
#ifndef COALITION_EXPORT_CSV_H
#define COALITION_EXPORT_CSV_H

#include "coalition/error.h"
#include "coalition/network.h"
#include "coalition/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Writes the rows of `store` that belong to the view `net` was built with
 * into the directory `dir` (created 0700 if missing; an existing path must
 * be a directory, not a symbolic link): its orgs, the stored ties among
 * them (co-participation ties, made by --events, are not stored rows and
 * are left out), the events they took part in and that participation, and
 * every source.  A --public view also leaves out private sources and tie
 * notes.  Each file is written through a temporary file (outfile.h).
 * *orgs and *ties (may be NULL) receive the numbers of rows written.
 */
co_status co_dump_csv(long long *orgs, long long *ties, const char *dir, co_store *store,
                      const co_network *net);

/*
 * Copies the store to `path` with SQLite's online backup API, in one step,
 * so the copy is one consistent state even while another process writes.
 * `path` is written like any output file (outfile.h: owner-only, renamed
 * over a regular file only, never over the store).
 */
co_status co_dump_backup(const char *path, co_store *store);

#ifdef __cplusplus
}
#endif
#endif
