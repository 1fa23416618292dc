/*
 * sql.h - one SQL statement of an analyst's on the store, its rows read a
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
 */
#ifndef COALITION_SQL_H
#define COALITION_SQL_H

#include <jansson.h>
#include <stddef.h>

#include "coalition/error.h"
#include "coalition/store.h"

#ifdef __cplusplus
extern "C" {
#endif

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
