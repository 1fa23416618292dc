/*
 * sql.c - one analyst's SQL statement on the store, read a slice of rows at
 * a time, with SQLite's defensive settings and a time limit (store.h).
 *
 * Rows used to be collected whole before printing: a SELECT over a cross
 * join held every row in memory.  Now the caller asks for a few thousand
 * rows at a time and prints them before asking again.  The time limit is a
 * progress handler that SQLite calls every PROGRESS_OPS virtual machine
 * instructions; it compares the monotonic clock with the deadline and, past
 * it, makes sqlite3_step() return SQLITE_INTERRUPT.
 */
#define _POSIX_C_SOURCE 200809L
#include "coalition/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* About a millisecond of work between two looks at the clock. */
#define PROGRESS_OPS 10000

/*
 * The longest text or blob a statement may make (SQLite's default is 1e9
 * bytes).  The time limit cannot stop one function call: measured,
 * printf('%.*c', 2000000000, 'x') ran 20 s past a 0.25 s limit building a
 * 1 GB string (tests/fuzz/fuzz_sql.c).  Stored values are far smaller
 * (import caps a field at 64 KB).
 */
#define MAX_VALUE_BYTES 33554432

struct co_sql {
	co_store *store;
	sqlite3_stmt *stmt;
	json_t *columns;
	double timeout, deadline;  /* seconds; deadline on CLOCK_MONOTONIC */
	int done;
	int length_before;         /* the connection's SQLITE_LIMIT_LENGTH, put back on close */
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int past_deadline(void *closure)
{
	const co_sql *q = closure;
	return now() > q->deadline;
}

static co_status oom(void)
{
	return co_error_set(CO_ENOMEM, "out of memory reading SQL results");
}

/* Whether the rest of an SQL text holds only spaces, semicolons and comments. */
static int only_trailing(const char *p)
{
	while (*p) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == ';')
			p++;
		else if (p[0] == '-' && p[1] == '-')
			while (*p && *p != '\n')
				p++;
		else if (p[0] == '/' && p[1] == '*') {
			const char *end = strstr(p + 2, "*/");
			if (!end)
				return 1;
			p = end + 2;
		} else
			return 0;
	}
	return 1;
}

static json_t *column_value(sqlite3_stmt *stmt, int i)
{
	switch (sqlite3_column_type(stmt, i)) {
	case SQLITE_INTEGER:
		return json_integer(sqlite3_column_int64(stmt, i));
	case SQLITE_FLOAT:
		return json_real(sqlite3_column_double(stmt, i));
	case SQLITE_TEXT:
		return json_stringn((const char *)sqlite3_column_text(stmt, i),
		                    (size_t)sqlite3_column_bytes(stmt, i));
	case SQLITE_BLOB: {
		const unsigned char *blob = sqlite3_column_blob(stmt, i);
		int n = sqlite3_column_bytes(stmt, i);
		char *hex = malloc(2 * (size_t)n + 4);
		json_t *value;
		if (!hex)
			return NULL;
		hex[0] = 'x';
		hex[1] = '\'';
		for (int k = 0; k < n; k++)
			snprintf(hex + 2 + 2 * k, 3, "%02x", blob[k]);
		hex[2 + 2 * n] = '\'';
		hex[3 + 2 * n] = '\0';
		value = json_string(hex);
		free(hex);
		return value;
	}
	default:
		return json_null();
	}
}

/* Column names, each made unique so that rows can be objects. */
static co_status column_names(json_t **names, sqlite3_stmt *stmt)
{
	int n = sqlite3_column_count(stmt);
	json_t *out = json_array();

	if (!out)
		return oom();
	for (int i = 0; i < n; i++) {
		const char *name = sqlite3_column_name(stmt, i);
		char unique[256];
		int copy = 1;
		snprintf(unique, sizeof(unique), "%s", name ? name : "");
		for (size_t k = 0; k < json_array_size(out); k++) {
			if (strcmp(json_string_value(json_array_get(out, k)), unique) == 0) {
				snprintf(unique, sizeof(unique), "%s_%d", name ? name : "", ++copy);
				k = (size_t)-1; /* check the new name against all again */
			}
		}
		if (json_array_append_new(out, json_string(unique)) != 0) {
			json_decref(out);
			return oom();
		}
	}
	*names = out;
	return CO_OK;
}

/* Refuses fts3_tokenizer(): with one argument it returns the address of a
 * tokenizer's code, and with two it installs code at any address. */
static int authorize(void *closure, int action, const char *a, const char *b,
                     const char *database, const char *trigger)
{
	(void)closure;
	(void)a;
	(void)database;
	(void)trigger;
	if (action == SQLITE_FUNCTION && b && sqlite3_stricmp(b, "fts3_tokenizer") == 0)
		return SQLITE_DENY;
	return SQLITE_OK;
}

/* SQLite's settings for statements written by someone else. */
static void defend(sqlite3 *db)
{
	/* Attaching another file would give a read-only connection a writable
	 * database; analysts have no need for it. */
	sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_set_authorizer(db, authorize, NULL);
}

co_status co_sql_open(co_sql **out, co_store *store, const char *statement,
                      double timeout_seconds)
{
	sqlite3 *db = co_store_db(store);
	const char *tail = NULL;
	co_sql *q;
	co_status status = CO_OK;

	*out = NULL;
	if (!(q = calloc(1, sizeof(*q))))
		return oom();
	q->store = store;
	q->timeout = timeout_seconds;
	defend(db);
	q->length_before = sqlite3_limit(db, SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES);
	if (sqlite3_prepare_v2(db, statement, -1, &q->stmt, &tail) != SQLITE_OK) {
		status = co_error_set(CO_EINVAL, "sql: %s", sqlite3_errmsg(db));
		goto done;
	}
	if (!q->stmt) {
		status = co_error_set(CO_EINVAL, "sql: no statement to run");
		goto done;
	}
	if (tail && !only_trailing(tail)) {
		status = co_error_set(CO_EINVAL,
			"sql: one statement at a time (found more after the first)");
		goto done;
	}
	if ((status = column_names(&q->columns, q->stmt)) != CO_OK)
		goto done;
	if (timeout_seconds > 0) {
		q->deadline = now() + timeout_seconds;
		sqlite3_progress_handler(db, PROGRESS_OPS, past_deadline, q);
	}
	*out = q;
	q = NULL;
done:
	co_sql_close(q);
	return status;
}

const json_t *co_sql_columns(const co_sql *q)
{
	return q->columns;
}

static co_status step_error(co_sql *q, int rc)
{
	sqlite3 *db = co_store_db(q->store);

	if ((rc & 0xff) == SQLITE_INTERRUPT)
		return co_error_set(CO_EDB, "sql: stopped after %g s, the time limit (--timeout "
		                    "SECONDS sets another; 0 for none)", q->timeout);
	if ((rc & 0xff) == SQLITE_READONLY)
		return co_error_set(CO_EDB,
			"sql: the store is read-only here; coalition sql never changes it "
			"(use import to change data): %s", sqlite3_errmsg(db));
	return co_error_set(CO_EDB, "sql: %s", sqlite3_errmsg(db));
}

co_status co_sql_next(json_t **rows, co_sql *q, size_t max_rows)
{
	json_t *out = json_array();
	size_t n_columns = json_array_size(q->columns);
	int rc;

	*rows = NULL;
	if (!out)
		return oom();
	while (!q->done && json_array_size(out) < max_rows) {
		json_t *row;
		if ((rc = sqlite3_step(q->stmt)) == SQLITE_DONE) {
			q->done = 1;
			break;
		}
		if (rc != SQLITE_ROW) {
			json_decref(out);
			return step_error(q, rc);
		}
		if (!(row = json_object()) || json_array_append_new(out, row) != 0) {
			json_decref(out);
			return oom();
		}
		for (size_t i = 0; i < n_columns; i++)
			if (json_object_set_new(row, json_string_value(json_array_get(q->columns, i)),
			                        column_value(q->stmt, (int)i)) != 0) {
				json_decref(out);
				return oom();
			}
	}
	*rows = out;
	return CO_OK;
}

void co_sql_close(co_sql *q)
{
	if (!q)
		return;
	if (q->deadline > 0)
		sqlite3_progress_handler(co_store_db(q->store), 0, NULL, NULL);
	sqlite3_set_authorizer(co_store_db(q->store), NULL, NULL);
	sqlite3_finalize(q->stmt);
	sqlite3_limit(co_store_db(q->store), SQLITE_LIMIT_LENGTH, q->length_before);
	json_decref(q->columns);
	free(q);
}
