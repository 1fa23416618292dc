/*
 * changes.h - the change log that makes editing undoable (DESIGN.md
 * section 3, `changes`); private to the library: merge, delete and
 * `import --replace` record changes here, and edit.h declares what users
 * call (co_change_undo(), co_changes_list(), co_change_count).
 *
 * Every merge, delete and `import --replace` is one change: a row of
 * `changes` (id, kind, created, summary, detail) and, in `change_rows` and
 * `change_values`, every row it touched as it was before and as it was
 * left, value by value (SQLite keeps each value's type and bytes, so a
 * restored row is the same row).  Undoing a change restores those rows and
 * removes the change from the log, so the store is byte-identical to what it
 * was before the change (an SQL dump compares equal).  A change can be
 * undone only while the rows it left are still as it left them: when a later
 * change or import touched one of them, the undo is refused with the rows
 * named (undo the later change first).
 *
 * Recording: inside a write transaction, co_change_open() adds the log row;
 * co_change_delete() removes a row with everything that goes with it (the
 * rows whose foreign keys cascade, the ones set to NULL, attributes) and
 * records all of it; co_change_update() and co_change_insert() record rows
 * the caller changes.  co_change_close() writes the summary and frees the
 * recorder; the caller commits or rolls back.
 */
#ifndef COALITION_CHANGES_H
#define COALITION_CHANGES_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "coalition/edit.h"
#include "coalition/error.h"
#include "coalition/store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct co_change co_change;

/*
 * Starts recording a change of `kind` ("merge", "delete" or "replace") in
 * the write transaction the caller holds.  *out owns the recorder; free it
 * with co_change_close() (on success or failure alike).
 */
co_status co_change_open(co_change **out, co_store *store, const char *kind);

/* The id of the change being recorded (the `changes` row). */
int64_t co_change_id(const co_change *change);

/*
 * Deletes row `rowid` of `table` and, first, every row that would go with
 * it: rows of other tables whose foreign key to it cascades (recursively),
 * rows whose foreign key is set to NULL (updated), and its attributes.  All
 * are recorded.  CO_ENOTFOUND if the row does not exist.
 */
co_status co_change_delete(co_change *change, const char *table, int64_t rowid);

/*
 * Records row `rowid` of `table` as it is now, then runs `sql` (an UPDATE
 * of that row, "?1" its rowid) and records the row as it is left.
 */
co_status co_change_update(co_change *change, const char *table, int64_t rowid,
                           const char *sql);

/*
 * Points every reference to row `from` of `table` at row `to` instead, for
 * the foreign keys of tables not named in `skip` (NULL-terminated; the
 * caller moves those itself), each row recorded: what a merge does with
 * tables it does not know.  A unique constraint refusing a move is an
 * error naming the table.
 */
co_status co_change_move_references(co_change *change, const char *table, int64_t from,
                                    int64_t to, const char *const *skip);

/* Records row `rowid` of `table`, which the caller has just inserted. */
co_status co_change_insert(co_change *change, const char *table, int64_t rowid);

/* What the change did so far, per table in the order first touched; the
 * array is owned by the change. */
const co_change_count *co_change_counts(const co_change *change, size_t *n);

/*
 * Writes the change's summary (one line for people) and detail (a JSON
 * object, borrowed; may be NULL) to its log row and frees the recorder.
 * With `change` NULL does nothing.  Returns the first error met.
 */
co_status co_change_close(co_change *change, const char *summary, const json_t *detail);

/* Frees a recorder without writing (the caller rolls back); accepts NULL. */
void co_change_abandon(co_change *change);

#ifdef __cplusplus
}
#endif
#endif
