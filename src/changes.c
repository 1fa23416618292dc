/*
 * changes.c - the change log: recording the rows a merge, delete or
 * replace touches, and undoing a change.
 *
 * A touched row is stored value by value in change_values (column name and
 * value in a column without type affinity, so integers, reals, text, blobs
 * and NULL come back exactly as they were), under a change_rows entry
 * (table, row id, what the change did: delete, update or insert).  Row ids
 * are kept for every table, so a row put back sits where it was and a dump
 * lists it in the same place.
 *
 * What goes with a deleted row is found from the schema itself, not from a
 * list kept here: every table's foreign keys (PRAGMA foreign_key_list) that
 * point at the deleted table cascade (the rows are deleted first, the same
 * way, recursively) or are set to NULL (recorded as updates), as SQLite
 * itself would do; attributes, whose owner is named by a word and a row id
 * rather than a foreign key, are deleted with their owner.  A table added
 * later with a foreign key to orgs is thereby recorded without a change
 * here.
 *
 * Undo runs in one transaction with foreign key checks deferred to the
 * commit: first every row the change left is compared with how it left it
 * (a row deleted must still be absent; a row updated or inserted must still
 * hold the recorded values), and any difference refuses the undo and names
 * the row and the later change that touched it; then the rows are restored
 * in the reverse order of their recording and the change's log rows go.
 */
#include "changes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A foreign key pointing at a table: the referring table and column, and
 * what deleting the referred row does. */
typedef struct {
	char table[64], column[64];
	int set_null;            /* ON DELETE SET NULL; else CASCADE */
	int restrict_;           /* NO ACTION / RESTRICT / SET DEFAULT: refuse */
} reference;

struct co_change {
	co_store *store;
	sqlite3 *db;
	int64_t id;
	int64_t seq;
	sqlite3_stmt *add_row, *add_value;
	co_change_count *counts;
	size_t n_counts, cap_counts;
	/* the schema's references, found once */
	char (*ref_targets)[64];
	reference *refs;
	size_t n_refs;
	int have_attributes;
};

static int is_log_table(const char *name)
{
	return strcmp(name, "changes") == 0 || strcmp(name, "change_rows") == 0 ||
	       strcmp(name, "change_values") == 0;
}

static co_status db_error(co_change *c, const char *what)
{
	return co_store_error(c->store, what);
}

/* Reads every table's foreign keys once. */
static co_status find_references(co_change *c)
{
	sqlite3_stmt *tables = NULL, *keys = NULL;
	co_status status = CO_OK;
	size_t cap = 0;
	char sql[160];

	if (sqlite3_prepare_v2(c->db, "SELECT name FROM sqlite_master WHERE type = 'table' "
	                       "AND name NOT LIKE 'sqlite_%' ORDER BY name", -1, &tables,
	                       NULL) != SQLITE_OK)
		return db_error(c, "cannot read the schema");
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *table = (const char *)sqlite3_column_text(tables, 0);
		if (strcmp(table, "attributes") == 0)
			c->have_attributes = 1;
		if (is_log_table(table) || strlen(table) >= 64)
			continue;
		snprintf(sql, sizeof(sql), "SELECT \"table\", \"from\", on_delete FROM "
		         "pragma_foreign_key_list('%s')", table);
		if (sqlite3_prepare_v2(c->db, sql, -1, &keys, NULL) != SQLITE_OK) {
			status = db_error(c, "cannot read the schema");
			goto done;
		}
		while (sqlite3_step(keys) == SQLITE_ROW) {
			const char *target = (const char *)sqlite3_column_text(keys, 0);
			const char *column = (const char *)sqlite3_column_text(keys, 1);
			const char *action = (const char *)sqlite3_column_text(keys, 2);
			if (!target || !column || strlen(target) >= 64 || strlen(column) >= 64)
				continue;
			if (c->n_refs == cap) {
				size_t new_cap = cap ? 2 * cap : 16;
				reference *r = realloc(c->refs, new_cap * sizeof(*r));
				char (*t)[64] = realloc(c->ref_targets, new_cap * sizeof(*t));
				if (r)
					c->refs = r;
				if (t)
					c->ref_targets = t;
				if (!r || !t) {
					status = co_error_set(CO_ENOMEM, "out of memory reading the schema");
					goto done;
				}
				cap = new_cap;
			}
			reference *ref = &c->refs[c->n_refs];
			memset(ref, 0, sizeof(*ref));
			strcpy(ref->table, table);
			strcpy(ref->column, column);
			ref->set_null = action && strcmp(action, "SET NULL") == 0;
			ref->restrict_ = !action || (strcmp(action, "CASCADE") != 0 && !ref->set_null);
			strcpy(c->ref_targets[c->n_refs], target);
			c->n_refs++;
		}
		sqlite3_finalize(keys);
		keys = NULL;
	}
done:
	sqlite3_finalize(keys);
	sqlite3_finalize(tables);
	return status;
}

co_status co_change_open(co_change **out, co_store *store, const char *kind)
{
	co_change *c = calloc(1, sizeof(*c));
	sqlite3_stmt *stmt = NULL;
	co_status status = CO_OK;

	*out = NULL;
	if (!c)
		return co_error_set(CO_ENOMEM, "out of memory recording a change");
	c->store = store;
	c->db = co_store_db(store);
	if (sqlite3_prepare_v2(c->db, "INSERT INTO changes(kind) VALUES (?1)", -1, &stmt,
	                       NULL) != SQLITE_OK) {
		status = db_error(c, "cannot record the change");
		goto done;
	}
	sqlite3_bind_text(stmt, 1, kind, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_DONE) {
		status = db_error(c, "cannot record the change");
		goto done;
	}
	c->id = sqlite3_last_insert_rowid(c->db);
	if (sqlite3_prepare_v2(c->db, "INSERT INTO change_rows(change_id, seq, tbl, row_id, op) "
	                       "VALUES (?1, ?2, ?3, ?4, ?5)", -1, &c->add_row, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c->db, "INSERT INTO change_values(change_id, seq, after, col, value) "
	                       "VALUES (?1, ?2, ?3, ?4, ?5)", -1, &c->add_value, NULL) != SQLITE_OK) {
		status = db_error(c, "cannot record the change");
		goto done;
	}
	status = find_references(c);
done:
	sqlite3_finalize(stmt);
	if (status != CO_OK)
		co_change_abandon(c);
	else
		*out = c;
	return status;
}

int64_t co_change_id(const co_change *change)
{
	return change->id;
}

static co_status count(co_change *c, const char *table, const char *op)
{
	co_change_count *n = NULL;

	for (size_t i = 0; i < c->n_counts; i++)
		if (strcmp(c->counts[i].table, table) == 0)
			n = &c->counts[i];
	if (!n) {
		if (c->n_counts == c->cap_counts) {
			size_t cap = c->cap_counts ? 2 * c->cap_counts : 8;
			co_change_count *grown = realloc(c->counts, cap * sizeof(*grown));
			if (!grown)
				return co_error_set(CO_ENOMEM, "out of memory recording a change");
			c->counts = grown;
			c->cap_counts = cap;
		}
		n = &c->counts[c->n_counts++];
		memset(n, 0, sizeof(*n));
		snprintf(n->table, sizeof(n->table), "%s", table);
	}
	if (op[0] == 'd')
		n->deleted++;
	else if (op[0] == 'u')
		n->updated++;
	else
		n->inserted++;
	return CO_OK;
}

/* Stores the values of row `rowid` of `table` under entry `seq`. */
static co_status store_values(co_change *c, const char *table, int64_t rowid, int after)
{
	sqlite3_stmt *stmt = NULL;
	co_status status = CO_OK;
	char sql[160];

	snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\" WHERE rowid = ?1", table);
	if (sqlite3_prepare_v2(c->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		status = db_error(c, "cannot record the change");
		goto done;
	}
	sqlite3_bind_int64(stmt, 1, rowid);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		status = co_error_set(CO_ENOTFOUND, "%s has no row %lld", table, (long long)rowid);
		goto done;
	}
	for (int k = 0; k < sqlite3_column_count(stmt); k++) {
		sqlite3_stmt *v = c->add_value;
		sqlite3_bind_int64(v, 1, c->id);
		sqlite3_bind_int64(v, 2, c->seq);
		sqlite3_bind_int(v, 3, after);
		sqlite3_bind_text(v, 4, sqlite3_column_name(stmt, k), -1, SQLITE_TRANSIENT);
		sqlite3_bind_value(v, 5, sqlite3_column_value(stmt, k));
		int rc = sqlite3_step(v);
		sqlite3_reset(v);
		if (rc != SQLITE_DONE) {
			status = db_error(c, "cannot record the change");
			goto done;
		}
	}
done:
	sqlite3_finalize(stmt);
	return status;
}

/* Adds a change_rows entry; the caller stores its values. */
static co_status add_entry(co_change *c, const char *table, int64_t rowid, const char *op)
{
	sqlite3_stmt *r = c->add_row;
	int rc;

	c->seq++;
	sqlite3_bind_int64(r, 1, c->id);
	sqlite3_bind_int64(r, 2, c->seq);
	sqlite3_bind_text(r, 3, table, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(r, 4, rowid);
	sqlite3_bind_text(r, 5, op, -1, SQLITE_STATIC);
	rc = sqlite3_step(r);
	sqlite3_reset(r);
	if (rc != SQLITE_DONE)
		return db_error(c, "cannot record the change");
	return count(c, table, op);
}

/* Row ids of `table` whose `column` is `value`. */
static co_status select_ids(int64_t **ids, size_t *n, co_change *c, const char *table,
                            const char *where, int64_t value, const char *text)
{
	sqlite3_stmt *stmt = NULL;
	co_status status = CO_OK;
	size_t cap = 0;
	char sql[256];

	*ids = NULL;
	*n = 0;
	snprintf(sql, sizeof(sql), "SELECT rowid FROM \"%s\" WHERE %s ORDER BY rowid", table, where);
	if (sqlite3_prepare_v2(c->db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return db_error(c, "cannot find the rows that go with it");
	sqlite3_bind_int64(stmt, 1, value);
	if (text)
		sqlite3_bind_text(stmt, 2, text, -1, SQLITE_STATIC);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		if (*n == cap) {
			size_t new_cap = cap ? 2 * cap : 16;
			int64_t *grown = realloc(*ids, new_cap * sizeof(*grown));
			if (!grown) {
				status = co_error_set(CO_ENOMEM, "out of memory");
				goto done;
			}
			*ids = grown;
			cap = new_cap;
		}
		(*ids)[(*n)++] = sqlite3_column_int64(stmt, 0);
	}
done:
	sqlite3_finalize(stmt);
	return status;
}

co_status co_change_update(co_change *c, const char *table, int64_t rowid, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	co_status status;

	if ((status = add_entry(c, table, rowid, "update")) != CO_OK ||
	    (status = store_values(c, table, rowid, 0)) != CO_OK)
		return status;
	if (sqlite3_prepare_v2(c->db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return db_error(c, table);
	sqlite3_bind_int64(stmt, 1, rowid);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		status = db_error(c, table);
	sqlite3_finalize(stmt);
	if (status == CO_OK)
		status = store_values(c, table, rowid, 1);
	return status;
}

co_status co_change_insert(co_change *c, const char *table, int64_t rowid)
{
	co_status status = add_entry(c, table, rowid, "insert");

	return status == CO_OK ? store_values(c, table, rowid, 1) : status;
}

static const char *attribute_owner(const char *table)
{
	static const char *const owners[][2] = {
		{"orgs", "org"}, {"ties", "tie"}, {"events", "event"}, {"sources", "source"},
	};
	for (size_t i = 0; i < 4; i++)
		if (strcmp(owners[i][0], table) == 0)
			return owners[i][1];
	return NULL;
}

/* Deletes the row itself, recorded. */
static co_status delete_one(co_change *c, const char *table, int64_t rowid)
{
	sqlite3_stmt *stmt = NULL;
	co_status status;
	char sql[160];

	if ((status = add_entry(c, table, rowid, "delete")) != CO_OK ||
	    (status = store_values(c, table, rowid, 0)) != CO_OK)
		return status;
	snprintf(sql, sizeof(sql), "DELETE FROM \"%s\" WHERE rowid = ?1", table);
	if (sqlite3_prepare_v2(c->db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return db_error(c, table);
	sqlite3_bind_int64(stmt, 1, rowid);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		status = db_error(c, table);
	sqlite3_finalize(stmt);
	return status;
}

co_status co_change_delete(co_change *c, const char *table, int64_t rowid)
{
	co_status status = CO_OK;
	int64_t *ids = NULL;
	size_t n = 0;
	char where[160];
	const char *owner = attribute_owner(table);

	for (size_t r = 0; r < c->n_refs && status == CO_OK; r++) {
		const reference *ref = &c->refs[r];
		if (strcmp(c->ref_targets[r], table) != 0)
			continue;
		snprintf(where, sizeof(where), "\"%s\" = ?1", ref->column);
		if ((status = select_ids(&ids, &n, c, ref->table, where, rowid, NULL)) != CO_OK)
			break;
		for (size_t k = 0; k < n && status == CO_OK; k++) {
			if (ref->restrict_) {
				status = co_error_set(CO_EINVAL, "cannot delete %s row %lld: %s.%s refers "
				                      "to it", table, (long long)rowid, ref->table,
				                      ref->column);
			} else if (ref->set_null) {
				char sql[200];
				snprintf(sql, sizeof(sql), "UPDATE \"%s\" SET \"%s\" = NULL WHERE rowid = ?1",
				         ref->table, ref->column);
				status = co_change_update(c, ref->table, ids[k], sql);
			} else if (!(strcmp(ref->table, table) == 0 && ids[k] == rowid)) {
				status = co_change_delete(c, ref->table, ids[k]);
			}
		}
		free(ids);
		ids = NULL;
	}
	if (status == CO_OK && owner && c->have_attributes &&
	    (status = select_ids(&ids, &n, c, "attributes", "owner_id = ?1 AND owner = ?2", rowid,
	                         owner)) == CO_OK)
		for (size_t k = 0; k < n && status == CO_OK; k++)
			status = delete_one(c, "attributes", ids[k]);
	free(ids);
	if (status == CO_OK)
		status = delete_one(c, table, rowid);
	return status;
}

static int in_skip(const char *const *skip, const char *table)
{
	for (size_t i = 0; skip && skip[i]; i++)
		if (strcmp(skip[i], table) == 0)
			return 1;
	return 0;
}

co_status co_change_move_references(co_change *c, const char *table, int64_t from, int64_t to,
                                    const char *const *skip)
{
	co_status status = CO_OK;
	int64_t *ids = NULL;
	size_t n = 0;
	char where[160], sql[256];

	for (size_t r = 0; r < c->n_refs && status == CO_OK; r++) {
		const reference *ref = &c->refs[r];
		if (strcmp(c->ref_targets[r], table) != 0 || in_skip(skip, ref->table))
			continue;
		snprintf(where, sizeof(where), "\"%s\" = ?1", ref->column);
		if ((status = select_ids(&ids, &n, c, ref->table, where, from, NULL)) != CO_OK)
			break;
		snprintf(sql, sizeof(sql), "UPDATE \"%s\" SET \"%s\" = %lld WHERE rowid = ?1",
		         ref->table, ref->column, (long long)to);
		for (size_t k = 0; k < n && status == CO_OK; k++)
			status = co_change_update(c, ref->table, ids[k], sql);
		free(ids);
		ids = NULL;
	}
	return status;
}

const co_change_count *co_change_counts(const co_change *change, size_t *n)
{
	*n = change->n_counts;
	return change->counts;
}

void co_change_abandon(co_change *c)
{
	if (!c)
		return;
	sqlite3_finalize(c->add_row);
	sqlite3_finalize(c->add_value);
	free(c->counts);
	free(c->refs);
	free(c->ref_targets);
	free(c);
}

co_status co_change_close(co_change *c, const char *summary, const json_t *detail)
{
	sqlite3_stmt *stmt = NULL;
	co_status status = CO_OK;
	char *text = NULL;

	if (!c)
		return CO_OK;
	if (detail && !(text = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS))) {
		status = co_error_set(CO_ENOMEM, "out of memory recording a change");
		goto done;
	}
	if (sqlite3_prepare_v2(c->db, "UPDATE changes SET summary = ?1, detail = ?2 WHERE id = ?3",
	                       -1, &stmt, NULL) != SQLITE_OK) {
		status = db_error(c, "cannot record the change");
		goto done;
	}
	sqlite3_bind_text(stmt, 1, summary ? summary : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, text ? text : "{}", -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, c->id);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		status = db_error(c, "cannot record the change");
done:
	sqlite3_finalize(stmt);
	free(text);
	co_change_abandon(c);
	return status;
}

/* ---- undo --------------------------------------------------------------- */

/* One recorded row: its entry and its values before and after. */
typedef struct {
	int64_t seq, rowid;
	char table[64], op[8];
} entry;

static int same_value(sqlite3_value *a, sqlite3_value *b)
{
	int ta = sqlite3_value_type(a), tb = sqlite3_value_type(b);

	if (ta != tb)
		return 0;
	switch (ta) {
	case SQLITE_NULL:
		return 1;
	case SQLITE_INTEGER:
		return sqlite3_value_int64(a) == sqlite3_value_int64(b);
	case SQLITE_FLOAT:
		return memcmp(&(double){sqlite3_value_double(a)}, &(double){sqlite3_value_double(b)},
		              sizeof(double)) == 0;
	default: {
		int na = sqlite3_value_bytes(a), nb = sqlite3_value_bytes(b);
		const void *pa = ta == SQLITE_TEXT ? (const void *)sqlite3_value_text(a)
		                                   : sqlite3_value_blob(a);
		const void *pb = tb == SQLITE_TEXT ? (const void *)sqlite3_value_text(b)
		                                   : sqlite3_value_blob(b);
		return na == nb && (na == 0 || memcmp(pa, pb, (size_t)na) == 0);
	}
	}
}

/* Whether the row is now as the change left it; *exists says if it is there. */
static co_status row_as_left(int *same, int *exists, sqlite3 *db, co_store *store, int64_t id,
                             const entry *e)
{
	sqlite3_stmt *now = NULL, *vals = NULL;
	co_status status = CO_OK;
	char sql[160];

	*same = 1;
	snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\" WHERE rowid = ?1", e->table);
	if (sqlite3_prepare_v2(db, sql, -1, &now, NULL) != SQLITE_OK)
		return co_store_error(store, "cannot check the change");
	sqlite3_bind_int64(now, 1, e->rowid);
	*exists = sqlite3_step(now) == SQLITE_ROW;
	if (!*exists || strcmp(e->op, "delete") == 0)
		goto done;
	if (sqlite3_prepare_v2(db, "SELECT col, value FROM change_values WHERE change_id = ?1 "
	                       "AND seq = ?2 AND after = 1", -1, &vals, NULL) != SQLITE_OK) {
		status = co_store_error(store, "cannot check the change");
		goto done;
	}
	sqlite3_bind_int64(vals, 1, id);
	sqlite3_bind_int64(vals, 2, e->seq);
	/* A column the row has and the record lacks was added by a migration
	 * after the change (ties.key in version 8): it is not compared, and a
	 * row put back gets its default, as the migration gave it. */
	while (*same && sqlite3_step(vals) == SQLITE_ROW) {
		const char *col = (const char *)sqlite3_column_text(vals, 0);
		int found = 0;
		for (int k = 0; k < sqlite3_column_count(now); k++)
			if (strcmp(sqlite3_column_name(now, k), col) == 0) {
				found = 1;
				if (!same_value(sqlite3_column_value(now, k), sqlite3_column_value(vals, 1)))
					*same = 0;
			}
		if (!found)
			*same = 0;
	}
done:
	sqlite3_finalize(vals);
	sqlite3_finalize(now);
	return status;
}

/* "change 5 (delete)" for the later changes that touched the row, or "". */
static void later_changes(char *buf, size_t size, sqlite3 *db, int64_t id, const entry *e)
{
	sqlite3_stmt *stmt = NULL;
	size_t used = 0;

	buf[0] = '\0';
	if (sqlite3_prepare_v2(db, "SELECT DISTINCT c.id, c.kind FROM change_rows r JOIN changes c "
	                       "ON c.id = r.change_id WHERE r.tbl = ?1 AND r.row_id = ?2 AND "
	                       "r.change_id > ?3 ORDER BY c.id", -1, &stmt, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_text(stmt, 1, e->table, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, e->rowid);
	sqlite3_bind_int64(stmt, 3, id);
	while (sqlite3_step(stmt) == SQLITE_ROW && used + 40 < size)
		used += (size_t)snprintf(buf + used, size - used, "%schange %lld (%s)",
		                         used ? ", " : " by ", (long long)sqlite3_column_int64(stmt, 0),
		                         (const char *)sqlite3_column_text(stmt, 1));
	sqlite3_finalize(stmt);
}

static co_status load_entries(entry **out, size_t *n, co_store *store, int64_t id)
{
	sqlite3 *db = co_store_db(store);
	sqlite3_stmt *stmt = NULL;
	co_status status = CO_OK;
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(db, "SELECT seq, tbl, row_id, op FROM change_rows WHERE "
	                       "change_id = ?1 ORDER BY seq DESC", -1, &stmt, NULL) != SQLITE_OK)
		return co_store_error(store, "cannot read the change");
	sqlite3_bind_int64(stmt, 1, id);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		if (*n == cap) {
			size_t new_cap = cap ? 2 * cap : 64;
			entry *grown = realloc(*out, new_cap * sizeof(*grown));
			if (!grown) {
				status = co_error_set(CO_ENOMEM, "out of memory reading the change");
				goto done;
			}
			*out = grown;
			cap = new_cap;
		}
		entry *e = &(*out)[(*n)++];
		e->seq = sqlite3_column_int64(stmt, 0);
		snprintf(e->table, sizeof(e->table), "%s", (const char *)sqlite3_column_text(stmt, 1));
		e->rowid = sqlite3_column_int64(stmt, 2);
		snprintf(e->op, sizeof(e->op), "%s", (const char *)sqlite3_column_text(stmt, 3));
	}
done:
	sqlite3_finalize(stmt);
	return status;
}

/* Checks that every row is as the change left it; the message names up to
 * five rows that are not. */
static co_status check_rows(co_store *store, int64_t id, const entry *entries, size_t n)
{
	sqlite3 *db = co_store_db(store);
	char message[1024], later[160];
	size_t used = 0;
	int bad = 0;
	co_status status;

	message[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		int same = 0, exists = 0;
		const entry *e = &entries[i];
		if ((status = row_as_left(&same, &exists, db, store, id, e)) != CO_OK)
			return status;
		int ok = strcmp(e->op, "delete") == 0 ? !exists : exists && same;
		if (ok)
			continue;
		if (++bad > 5)
			continue;
		later_changes(later, sizeof(later), db, id, e);
		used += (size_t)snprintf(message + used, sizeof(message) - used, "%s%s row %lld %s%s",
		                         used ? "; " : "", e->table, (long long)e->rowid,
		                         strcmp(e->op, "delete") == 0 ? "was added again"
		                         : exists ? "was changed" : "was deleted",
		                         later[0] ? later : " by an import or edit after it");
		if (used >= sizeof(message))
			used = sizeof(message) - 1;
	}
	if (!bad)
		return CO_OK;
	return co_error_set(CO_EINVAL, "change %lld cannot be undone: %d row%s it left changed "
	                    "since (%s%s); undo the later changes first", (long long)id, bad,
	                    bad == 1 ? "" : "s", message, bad > 5 ? "; ..." : "");
}

/* Puts one row back as it was before the change. */
static co_status restore(co_store *store, int64_t id, const entry *e)
{
	sqlite3 *db = co_store_db(store);
	sqlite3_stmt *vals = NULL, *stmt = NULL;
	co_status status = CO_OK;
	char *sql = NULL;
	size_t size = 256, used = 0;
	int n = 0;

	if (strcmp(e->op, "insert") == 0) {
		char del[160];
		snprintf(del, sizeof(del), "DELETE FROM \"%s\" WHERE rowid = ?1", e->table);
		if (sqlite3_prepare_v2(db, del, -1, &stmt, NULL) != SQLITE_OK)
			return co_store_error(store, "cannot undo the change");
		sqlite3_bind_int64(stmt, 1, e->rowid);
		if (sqlite3_step(stmt) != SQLITE_DONE)
			status = co_store_error(store, "cannot undo the change");
		sqlite3_finalize(stmt);
		return status;
	}
	if (sqlite3_prepare_v2(db, "SELECT col, value FROM change_values WHERE change_id = ?1 AND "
	                       "seq = ?2 AND after = 0 ORDER BY col", -1, &vals, NULL) != SQLITE_OK)
		return co_store_error(store, "cannot undo the change");
	sqlite3_bind_int64(vals, 1, id);
	sqlite3_bind_int64(vals, 2, e->seq);
	/* the statement: INSERT INTO t(rowid, c1, ...) VALUES (?1, ?2, ...) or
	 * UPDATE t SET c1 = ?2, ... WHERE rowid = ?1 */
	if (!(sql = malloc(size)))
		goto oom;
	used = (size_t)snprintf(sql, size, strcmp(e->op, "delete") == 0
	                        ? "INSERT INTO \"%s\"(rowid" : "UPDATE \"%s\" SET ", e->table);
	while (sqlite3_step(vals) == SQLITE_ROW) {
		const char *col = (const char *)sqlite3_column_text(vals, 0);
		size_t need = used + strlen(col) + 32;
		if (need > size) {
			char *grown = realloc(sql, size = 2 * need);
			if (!grown)
				goto oom;
			sql = grown;
		}
		n++;
		if (strcmp(e->op, "delete") == 0)
			used += (size_t)snprintf(sql + used, size - used, ", \"%s\"", col);
		else
			used += (size_t)snprintf(sql + used, size - used, "%s\"%s\" = ?%d",
			                         n > 1 ? ", " : "", col, n + 1);
	}
	if (used + 16 * (size_t)n + 64 > size) {
		char *grown = realloc(sql, size = used + 16 * (size_t)n + 64);
		if (!grown)
			goto oom;
		sql = grown;
	}
	if (strcmp(e->op, "delete") == 0) {
		used += (size_t)snprintf(sql + used, size - used, ") VALUES (?1");
		for (int k = 0; k < n; k++)
			used += (size_t)snprintf(sql + used, size - used, ", ?%d", k + 2);
		snprintf(sql + used, size - used, ")");
	} else {
		snprintf(sql + used, size - used, " WHERE rowid = ?1");
	}
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		status = co_store_error(store, "cannot undo the change");
		goto done;
	}
	sqlite3_bind_int64(stmt, 1, e->rowid);
	sqlite3_reset(vals);
	for (int k = 0; k < n && sqlite3_step(vals) == SQLITE_ROW; k++)
		sqlite3_bind_value(stmt, k + 2, sqlite3_column_value(vals, 1));
	if (sqlite3_step(stmt) != SQLITE_DONE) {
		char what[200];
		snprintf(what, sizeof(what), "cannot put back %s row %lld", e->table,
		         (long long)e->rowid);
		status = co_store_error(store, what);
	}
	goto done;
oom:
	status = co_error_set(CO_ENOMEM, "out of memory undoing the change");
done:
	free(sql);
	sqlite3_finalize(stmt);
	sqlite3_finalize(vals);
	return status;
}

static co_status read_change(co_undo_result *out, co_store *store, int64_t id)
{
	sqlite3_stmt *stmt = NULL;
	co_status status = CO_OK;

	if (sqlite3_prepare_v2(co_store_db(store), "SELECT kind, summary FROM changes WHERE id = ?1",
	                       -1, &stmt, NULL) != SQLITE_OK)
		return co_store_error(store, "cannot read the change log");
	sqlite3_bind_int64(stmt, 1, id);
	if (sqlite3_step(stmt) != SQLITE_ROW)
		status = co_error_set(CO_ENOTFOUND, "no change %lld in the log (list them with "
		                      "'coalition unmerge --list')", (long long)id);
	else {
		snprintf(out->kind, sizeof(out->kind), "%s", (const char *)sqlite3_column_text(stmt, 0));
		snprintf(out->summary, sizeof(out->summary), "%s",
		         (const char *)sqlite3_column_text(stmt, 1));
	}
	sqlite3_finalize(stmt);
	return status;
}

co_status co_change_undo(co_undo_result *out, co_store *store, int64_t id, int dry_run)
{
	entry *entries = NULL;
	size_t n = 0;
	sqlite3_stmt *stmt = NULL;
	co_status status;

	memset(out, 0, sizeof(*out));
	out->change = id;
	if ((status = co_store_begin(store)) != CO_OK)
		return status;
	if ((status = co_store_exec(store, "PRAGMA defer_foreign_keys = ON")) != CO_OK ||
	    (status = read_change(out, store, id)) != CO_OK ||
	    (status = load_entries(&entries, &n, store, id)) != CO_OK ||
	    (status = check_rows(store, id, entries, n)) != CO_OK)
		goto done;
	for (size_t i = 0; i < n && status == CO_OK; i++)
		status = restore(store, id, &entries[i]);
	if (status != CO_OK)
		goto done;
	out->rows = (int64_t)n;
	if (sqlite3_prepare_v2(co_store_db(store), "DELETE FROM changes WHERE id = ?1", -1, &stmt,
	                       NULL) != SQLITE_OK) {
		status = co_store_error(store, "cannot undo the change");
		goto done;
	}
	sqlite3_bind_int64(stmt, 1, id);
	if (sqlite3_step(stmt) != SQLITE_DONE) {
		status = co_store_error(store, "cannot undo the change");
		goto done;
	}
	if (!dry_run)
		status = co_store_commit(store);
done:
	sqlite3_finalize(stmt);
	free(entries);
	if (status != CO_OK || dry_run)
		co_store_rollback(store);
	return status;
}

json_t *co_changes_list(co_store *store)
{
	sqlite3_stmt *stmt = NULL;
	json_t *list = json_array();

	if (!list) {
		co_error_set(CO_ENOMEM, "out of memory");
		return NULL;
	}
	if (sqlite3_prepare_v2(co_store_db(store), "SELECT id, kind, created, summary FROM changes "
	                       "ORDER BY id DESC", -1, &stmt, NULL) != SQLITE_OK) {
		co_store_error(store, "cannot read the change log");
		json_decref(list);
		return NULL;
	}
	while (sqlite3_step(stmt) == SQLITE_ROW)
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s}",
			"change", (json_int_t)sqlite3_column_int64(stmt, 0),
			"kind", (const char *)sqlite3_column_text(stmt, 1),
			"created", (const char *)sqlite3_column_text(stmt, 2),
			"summary", (const char *)sqlite3_column_text(stmt, 3)));
	sqlite3_finalize(stmt);
	return list;
}
