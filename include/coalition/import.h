/*
 * import.h - data enters the store here, from a directory of CSV files
 * (DESIGN.md section 4).
 *
 * An import reads orgs.csv and ties.csv (and optionally events.csv,
 * participation.csv, sources.csv), checks every row, and writes everything
 * in one transaction: it lands whole or not at all.  Keys upsert, so
 * importing the same directory twice changes nothing and a changed row
 * updates.  Every bad row is collected as "FILE:LINE: problem" (up to
 * CO_IMPORT_MAX_PROBLEMS); if there is any, nothing is written.
 *
 * Ownership: co_import_dir() and co_import_graph() fill a caller's
 * co_import_result whose problem lines, notes, org rows and per-table counts
 * it owns; free them with co_import_result_free() whatever the status (a
 * zeroed result is accepted).  The store and options are borrowed.
 */
#ifndef COALITION_IMPORT_H
#define COALITION_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "coalition/edit.h" /* co_change_count */
#include "coalition/error.h"
#include "coalition/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Kinds of problem (identical problems are one kind, listed once with their
 * rows) collected in one file before the import stops reading it. */
#define CO_IMPORT_MAX_PROBLEMS 50

/* The longest field (in bytes) a CSV file may hold: no name, key or note
 * comes near it, so a longer one is a wrong or damaged file. */
#define CO_IMPORT_MAX_FIELD 65536

typedef struct {
	int dry_run;              /* validate everything, write nothing */
	int strict;               /* every note is an error */
	char date_order;          /* 'm': dates M/D/YYYY accepted; 'd': D/M/YYYY; 0: ISO only */
	char delimiter;           /* ',', ';' or '\t'; 0: detected from each file's header */
	int list_changes;         /* list every row added or changed in result->changes */
	int replace;              /* the files are the whole truth for the tables they cover:
	                             rows the store has and they lack are deleted, as one
	                             undoable change (see co_import_dir) */
} co_import_options;

/* A row an import adds or changes (with list_changes). */
typedef struct {
	const char *file;         /* "orgs.csv", ... (static) */
	uint32_t line;            /* its line in the file */
	const char *action;       /* "add", "change" or, with replace, "delete" (static) */
	char *row;                /* the org's key, "a -> b (kind from start)", ... (owned) */
} co_import_change;

typedef struct {
	/* Rows read from each file (header excluded). */
	int64_t orgs, aliases, ties, events, participation, sources, tie_sources;
	/* Rows the import inserted or changed (0 on a repeated import). */
	int64_t orgs_changed, ties_changed, events_changed, sources_changed;
	/* "FILE:LINE: problem" lines, owned by the result. */
	char **problems;
	size_t n_problems;
	int truncated;            /* more problems than CO_IMPORT_MAX_PROBLEMS */
	/* Participation rows inserted or whose role changed (0 on a repeated import). */
	int64_t participation_changed;
	/* Stored private ties that a row without a private value (no column, or
	 * an empty cell) left private: they are never made public by omission. */
	int64_t private_kept;
	/* observations.csv rows read, and inserted or changed. */
	int64_t observations, observations_changed;
	/* How the orgs of orgs.csv were placed: lat/lon of the file, the
	 * gazetteer's city, their state's point, or not at all. */
	int64_t placed_file, placed_city, placed_state, placed_none;
	/* How the events of events.csv were placed, likewise. */
	int64_t events_placed_file, events_placed_city, events_placed_state, events_placed_none;
	/* What the importer decided on its own ("FILE:LINE: note" or
	 * "FILE: N rows (2, 3, ...): note"), owned by the result; errors under
	 * strict. */
	char **notes;
	size_t n_notes;
	/* Of the rows changed, those that are new (the rest were updated; the
	 * rows read less the changed ones are unchanged). */
	int64_t orgs_added, ties_added, events_added, sources_added, participation_added;
	/* With list_changes, in the order the files are read (orgs last), then
	 * with replace the rows deleted (line 0). */
	co_import_change *changes;
	size_t n_changes;
	/* With replace: the change that records the rows deleted (0 when none
	 * was, or with dry_run), undone by co_change_undo(); and the rows it
	 * deleted (and references it set to NULL) per table, owned. */
	int64_t change;
	co_change_count *deleted;
	size_t n_deleted;
	/* Of the observations changed, those that are new. */
	int64_t observations_added;
} co_import_result;

/*
 * Imports the CSV files of directory `dir` into `store`.
 *
 * orgs.csv and ties.csv must exist; events.csv, participation.csv,
 * sources.csv and observations.csv are read when present (observations by
 * org, metric and date).  A row replaces what the store holds
 * under the same identity (orgs, events and sources by key; ties by source,
 * target, kind and start; participation by event and org): an optional
 * column absent from the file, or an empty cell, means "no value", and an
 * org's aliases and a tie's sources become exactly the ones listed.  Orgs,
 * ties, events and sources that the files do not mention are kept.
 * `orgs_changed` counts an org whose row, parent or aliases changed;
 * `ties_changed` a tie whose row or sources changed.  With dry_run the
 * import runs whole inside a transaction that is rolled back, so the
 * counts say what an import would change.
 *
 * A tie row with an id (the `id` column, stored as ties.key) is matched by
 * it: its kind, start and the rest may change, its ends may not (an id that
 * names a tie with other ends is refused, as is an id given twice in the
 * file, or a row whose identity is another stored tie's).  Without an id a
 * row is matched by its identity, and a new identity is a new tie.
 *
 * With options->replace the files are the whole truth for the tables they
 * cover (orgs.csv and ties.csv always; events.csv, participation.csv,
 * sources.csv and observations.csv when present): after the rows are
 * written, every row of those tables that no row of its file wrote is
 * deleted with what goes with it (an org's ties, participation, aliases,
 * metrics ...), in the same transaction, recorded as one change of kind
 * 'replace' (changes.h) so that co_change_undo() puts the deleted rows back;
 * a row of a file naming a row that is about to go (an org missing from
 * orgs.csv, ...) is a problem.  `options` may be NULL.  On bad data returns CO_EINVAL, lists the problems in *result and
 * leaves the store unchanged; co_error_last() then holds the first problem.
 * Free the result with co_import_result_free() whatever the status.
 */
co_status co_import_dir(co_import_result *result, co_store *store, const char *dir,
                        const co_import_options *options);

/* Frees what a result owns; accepts a zeroed or NULL result. */
void co_import_result_free(co_import_result *result);

/*
 * Imports a GraphML or GML file (`format` "graphml" or "gml") through
 * igraph's readers, with the rules, upserts and transaction of
 * co_import_dir().  Implemented in import_graph.c.  Node attributes: key
 * (else label in GML, else the node id), name (else label, else key), kind
 * (default other), parent, state, city, lat, lon, founded, issues, aliases;
 * edge attributes: kind (default partnership), sign (default: the sign of
 * weight), weight (its absolute value; default 1), start, end, directed
 * (default 1 in a directed graph), note, private, sources (keys of sources
 * already in the store, ';'-separated), id (the tie's stable id), and from/to (the keys of the
 * edge's ends in the order the tie was recorded).  Other attributes, metric_* among
 * them, are ignored: results are recomputed, not imported.  Problems name
 * the file and the node key or edge number ("net.graphml: node 'x': ...").
 */
co_status co_import_graph(co_import_result *result, co_store *store, const char *path,
                          const char *format, const co_import_options *options);

#ifdef __cplusplus
}
#endif
#endif
