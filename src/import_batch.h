/*
 * import_batch.h - rows an import keeps in memory and writes with one
 * statement (import_batch.c).  Internal to the library (import.c).
 */
#ifndef COALITION_IMPORT_BATCH_H
#define COALITION_IMPORT_BATCH_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

typedef struct co_row_batch co_row_batch;

/*
 * Makes an empty batch of rows of `n_columns` values and registers it on
 * `db` as the eponymous virtual table `name`, whose columns are c0, c1, ...
 * and whose rows are the batch's, in the order they were added: a statement
 * such as "INSERT INTO t(a, b) SELECT c0, c1 FROM name" writes them all.
 * Returns NULL when out of memory or when SQLite refuses the module.
 */
co_row_batch *co_row_batch_open(sqlite3 *db, const char *name, int n_columns);

/* Takes the virtual table off the connection and frees the batch (NULL is fine). */
void co_row_batch_close(co_row_batch *b);

/*
 * Adds one value to the row being added; a row is complete after n_columns
 * values.  Text is copied.  Each returns 0 when out of memory (the batch
 * is then unusable: clear it or close it).
 */
int co_row_batch_int(co_row_batch *b, int64_t v);
int co_row_batch_double(co_row_batch *b, double v);
int co_row_batch_text(co_row_batch *b, const char *s);
int co_row_batch_null(co_row_batch *b);

/* The complete rows the batch holds. */
size_t co_row_batch_rows(const co_row_batch *b);

/* Forgets all rows (their memory is kept for the next ones). */
void co_row_batch_clear(co_row_batch *b);

#endif
