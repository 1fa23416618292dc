/*
 * store.h - the SQLite store that holds orgs, ties, events, sources and
 * analysis results (DESIGN.md section 3).
 *
 * A co_store wraps one SQLite connection with foreign keys on, WAL journaling
 * and a busy timeout.  Opening a store checks its schema version (PRAGMA
 * user_version): an older schema is migrated in one transaction, a newer one
 * is refused.  Library modules reach SQLite through co_store_db(); the CLI
 * never does.
 *
 * Read-only SQL (sql.c): one SQL statement of an analyst's on the store, its rows read a
 * slice at a time (`coalition sql`).
 *
 * The statement runs on the store's connection, which should be opened with
 * CO_STORE_READONLY so that SQLite itself refuses any write.  co_sql_open()
 * also sets SQLite's defensive settings on that connection: no attached
 * databases, SQLITE_DBCONFIG_DEFENSIVE (no writable_schema, no shadow-table
 * writes), no fts3_tokenizer() (it hands out function pointers), no
 * extension loading, and functions in the schema limited to innocuous ones.
 * A time limit stops a statement that runs too long (a WITH RECURSIVE that
 * never ends) through SQLite's progress handler.
 *
 * Ownership: co_store_open() hands the caller a co_store, closed (and
 * freed) with co_store_close(); it owns the SQLite connection
 * (co_store_db()) and its path string.  co_sql_open() hands out a co_sql,
 * freed with co_sql_close(); its column names belong to it, and each slice of
 * rows co_sql_next() returns belongs to the caller (json_decref()).  A store
 * belongs to one thread at a time.
 */
#ifndef COALITION_STORE_H
#define COALITION_STORE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#include "coalition/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The schema version this build writes and understands. */
#define CO_STORE_SCHEMA_VERSION 10

/* The default store file name, used when neither --db nor $COALITION_DB is set. */
#define CO_STORE_DEFAULT_PATH "coalition.db"

/* How long a writer waits for another writer's lock, in milliseconds. */
#define CO_STORE_BUSY_TIMEOUT_MS 5000

typedef struct co_store co_store;

typedef enum {
	CO_STORE_READWRITE = 0, /* open an existing store for reading and writing */
	CO_STORE_CREATE = 1,    /* create the file (owner-only permissions) if missing */
	CO_STORE_READONLY = 2   /* read-only connection: SQLite refuses every write */
} co_store_mode;

/*
 * SQL condition, true for a run (table alias `r` of runs) made on a --public
 * view (runs.params {"view":{"public":true}}): its metrics saw no private or
 * friction tie, so a --public output may show them.  Use it as
 * "... JOIN runs r ON r.id = m.run_id WHERE " CO_STORE_PUBLIC_RUN("r").
 */
#define CO_STORE_PUBLIC_RUN(r) "(CASE WHEN json_valid(" r ".params) THEN " \
	"json_extract(" r ".params, '$.view.public') END = 1)"

/* Row counts of every table, used to prove that a failed import changed nothing. */
typedef struct {
	int64_t orgs, aliases, ties, events, participation, sources, tie_sources,
		runs, metrics;
} co_store_counts;

/*
 * Opens (and with CO_STORE_CREATE, creates) the store at `path`, migrating
 * an older schema.  On success *out owns the store; free it with
 * co_store_close().  Returns CO_ENOTFOUND if the file is missing and mode is
 * not CO_STORE_CREATE, CO_EDB if it is not a coalition store or comes from a
 * newer version.  A store is used by one thread at a time (open one per
 * thread: SQLite's own locking between connections still applies).
 */
co_status co_store_open(co_store **out, const char *path, co_store_mode mode);

/* Closes the store; accepts NULL. */
void co_store_close(co_store *store);

/* The SQLite connection, owned by the store (library modules only). */
sqlite3 *co_store_db(co_store *store);

/* The path the store was opened with, owned by the store. */
const char *co_store_path(const co_store *store);

/* Sets how long a writer waits for a lock held by another process. */
void co_store_set_busy_timeout(co_store *store, int milliseconds);

/* Runs SQL without results; on failure the message quotes SQLite's. */
co_status co_store_exec(co_store *store, const char *sql);

/* Transactions.  co_store_begin() takes the write lock at once (BEGIN
 * IMMEDIATE), so a busy store fails before any work is done. */
co_status co_store_begin(co_store *store);
co_status co_store_commit(co_store *store);
void co_store_rollback(co_store *store);

/*
 * Begins a write transaction for many rows whose references the writer
 * checks itself (the importer resolves every key it is given;
 * co_network_save_metric() checks the orgs of a run in one ordered pass):
 * SQLite's foreign-key lookups are off until co_store_commit() or
 * co_store_rollback() turns them back on.  At a million ties they were a
 * quarter of an import and a third of saving a run's metrics.  The view
 * revision (co_store_view_revision) is counted up once for the whole
 * transaction and its per-row triggers are off until co_store_commit()
 * puts them back just before COMMIT (or co_store_rollback() undoes it all).
 */
co_status co_store_begin_bulk(co_store *store);

/*
 * The same for a run's rows (runs, metrics: co_result_save()), which no view
 * reads: foreign-key lookups off, but the view revision and its triggers
 * left alone, so that saving a run does not make the view snapshot beside the
 * store stale (the next command would rebuild it: 1.7 s at 1.1M ties).
 */
co_status co_store_begin_bulk_runs(co_store *store);

/*
 * The revision of the rows the whole store's view reads (orgs, ties,
 * tie_sources): view_revision's `n` and `nonce`, which every update or
 * delete of such a row changes (triggers, whoever writes), and each table's
 * count(*) and max(rowid), which every insert changes.  Equal revisions are
 * equal rows; a snapshot of the view stamped with one is current while the
 * store's is equal (view_snapshot.c).
 */
typedef struct {
	int64_t n, nonce;
	int64_t rows[3], last[3];   /* count(*), max(rowid): orgs, ties, tie_sources */
} co_store_revision;

/* Reads the store's revision into *out.  CO_EDB if it cannot be read (a
 * store of schema 8 opened read-only has none). */
co_status co_store_view_revision(co_store_revision *out, co_store *store);

/* Reads the row count of every table into *out. */
co_status co_store_counts_read(co_store_counts *out, co_store *store);

/*
 * Records a run of an analysis command in `runs` and returns its id in
 * *run_id.  `params` is a JSON text describing the view and the options,
 * `view` the view's options alone (co_view_to_json(); NULL for "{}"), which
 * v_metrics shows and groups by.  Analyses save through co_result_save().
 */
co_status co_store_run_begin(int64_t *run_id, co_store *store,
                             const char *command, const char *params, const char *view);

/* Stores one metric value of an org (by its row id) for a run. */
co_status co_store_metric_put(co_store *store, int64_t run_id, int64_t org_id,
                              const char *name, double value);

/* Stores metric `name` of n orgs for a run: values[i] (NaN: not defined,
 * stored as NULL) of the org with row id org_ids[i], in that order, as n
 * calls of co_store_metric_put() would, several rows a statement. */
co_status co_store_metric_put_many(co_store *store, int64_t run_id, const char *name,
                                   const int64_t *org_ids, const double *values, size_t n);

/*
 * Sets the message for a failed SQLite call on `store` ("what: sqlite's
 * message") and returns CO_EDB.  For library modules.
 */
co_status co_store_error(co_store *store, const char *what);

typedef struct co_sql co_sql;

/*
 * Prepares one statement on `store`.  `timeout_seconds` > 0 stops the
 * statement (CO_EDB, "stopped after N s") once that much time has passed
 * since co_sql_open(); 0 sets no limit.  A second statement after the first
 * is refused with CO_EINVAL, as is an empty text or an SQL error.  On
 * success *out owns the statement; free it with co_sql_close().
 */
co_status co_sql_open(co_sql **out, co_store *store, const char *statement,
                      double timeout_seconds);

/* The column names (a JSON array of strings owned by `q`; a repeated name
 * gets a suffix "_2", "_3", ...). */
const json_t *co_sql_columns(const co_sql *q);

/*
 * Reads up to `max_rows` more rows into *rows, a new array of objects keyed
 * by the column names (the caller owns it); an empty array once every row
 * has been read.  Integers, reals, text and NULL map to JSON; a blob becomes
 * "x'HEX'".  A write on a read-only store fails with CO_EDB and a message
 * saying the store is read-only.
 */
co_status co_sql_next(json_t **rows, co_sql *q, size_t max_rows);

/* Finalizes the statement, removes the time limit; accepts NULL. */
void co_sql_close(co_sql *q);

#ifdef __cplusplus
}
#endif
#endif
