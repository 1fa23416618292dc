/*
 * edit.c - merging orgs and deleting orgs, ties, events and sources, each
 * one transaction recorded as one change (changes.c does the recording and
 * the undo).
 *
 * A merge works one DROP at a time, moving what refers to it before the
 * org itself goes, so that nothing cascades unrecorded: ties (combined with
 * an identical tie of KEEP, or removed when they join KEEP and the DROP),
 * participation, children, metrics, aliases, attributes, then the rows of
 * any other table whose foreign key names the org.  A tie's identity is the
 * store's unique index: source, target, kind and start.  A tie combined into
 * one of KEEP's gives it its stable id (ties.key) when that one has none, so
 * that the id still finds the tie; when both have one, KEEP's stays.
 */
#include "coalition/edit.h"
#include "changes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- small SQL helpers -------------------------------------------------- */

static co_status prepare(sqlite3_stmt **stmt, co_store *store, const char *sql)
{
	if (sqlite3_prepare_v2(co_store_db(store), sql, -1, stmt, NULL) != SQLITE_OK)
		return co_store_error(store, "cannot edit the store");
	return CO_OK;
}

/* The first column of the first row of `sql` (one int64 parameter, and an
 * optional second text or int64), or 0 when there is no row. */
static co_status query_id(int64_t *out, co_store *store, const char *sql, int64_t a,
                          const char *text, int64_t b)
{
	sqlite3_stmt *stmt = NULL;
	co_status status;

	*out = 0;
	if ((status = prepare(&stmt, store, sql)) != CO_OK)
		return status;
	sqlite3_bind_int64(stmt, 1, a);
	if (text)
		sqlite3_bind_text(stmt, 2, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(stmt, 2, b);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(stmt, 0);
	else if (rc != SQLITE_DONE)
		status = co_store_error(store, "cannot edit the store");
	sqlite3_finalize(stmt);
	return status;
}

/* Row ids returned by `sql` with parameter ?1 = a. */
static co_status query_ids(int64_t **ids, size_t *n, co_store *store, const char *sql, int64_t a)
{
	sqlite3_stmt *stmt = NULL;
	co_status status;
	size_t cap = 0;

	*ids = NULL;
	*n = 0;
	if ((status = prepare(&stmt, store, sql)) != CO_OK)
		return status;
	sqlite3_bind_int64(stmt, 1, a);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		if (*n == cap) {
			size_t new_cap = cap ? 2 * cap : 16;
			int64_t *grown = realloc(*ids, new_cap * sizeof(*grown));
			if (!grown) {
				status = co_error_set(CO_ENOMEM, "out of memory");
				break;
			}
			*ids = grown;
			cap = new_cap;
		}
		(*ids)[(*n)++] = sqlite3_column_int64(stmt, 0);
	}
	sqlite3_finalize(stmt);
	return status;
}

/* The org named by `key`, as a key or an alias; CO_ENOTFOUND otherwise. */
static co_status find_org(int64_t *id, co_store *store, const char *key)
{
	co_status status = query_id(id, store, "SELECT id FROM orgs WHERE key = ?2 UNION ALL "
	                            "SELECT org_id FROM aliases WHERE alias = ?2 AND ?1 = 0 LIMIT 1",
	                            0, key, 0);
	if (status == CO_OK && !*id)
		status = co_error_set(CO_ENOTFOUND, "no org '%s' (neither a key nor an alias)", key);
	return status;
}

static co_status copy_counts(co_change_count **out, size_t *n, const co_change *change)
{
	const co_change_count *counts = co_change_counts(change, n);

	*out = NULL;
	if (!*n)
		return CO_OK;
	if (!(*out = malloc(*n * sizeof(**out))))
		return co_error_set(CO_ENOMEM, "out of memory");
	memcpy(*out, counts, *n * sizeof(**out));
	return CO_OK;
}

/* ---- merge -------------------------------------------------------------- */

typedef struct {
	co_store *store;
	co_change *change;
	co_merge_result *r;
	int64_t keep;
	const int64_t *drops;    /* every DROP of the merge */
	size_t n_drops;
} merger;

/* KEEP or a DROP: a tie between two of them is removed. */
static int merged(const merger *m, int64_t org)
{
	if (org == m->keep)
		return 1;
	for (size_t k = 0; k < m->n_drops; k++)
		if (m->drops[k] == org)
			return 1;
	return 0;
}

/* Adds the sources of tie `from` that tie `to` lacks to `to`. */
static co_status join_sources(merger *m, int64_t from, int64_t to)
{
	int64_t *sources = NULL;
	size_t n = 0;
	co_status status;
	sqlite3_stmt *insert = NULL;

	if ((status = query_ids(&sources, &n, m->store, "SELECT source_id FROM tie_sources WHERE "
	                        "tie_id = ?1 ORDER BY source_id", from)) != CO_OK ||
	    (status = prepare(&insert, m->store, "INSERT OR IGNORE INTO tie_sources(tie_id, "
	                      "source_id) VALUES (?1, ?2)")) != CO_OK)
		goto done;
	for (size_t k = 0; k < n && status == CO_OK; k++) {
		sqlite3_bind_int64(insert, 1, to);
		sqlite3_bind_int64(insert, 2, sources[k]);
		int rc = sqlite3_step(insert);
		sqlite3_reset(insert);
		if (rc != SQLITE_DONE) {
			status = co_store_error(m->store, "cannot join tie sources");
		} else if (sqlite3_changes(co_store_db(m->store)) > 0) {
			m->r->sources_joined++;
			status = co_change_insert(m->change, "tie_sources",
			                          sqlite3_last_insert_rowid(co_store_db(m->store)));
		}
	}
done:
	sqlite3_finalize(insert);
	free(sources);
	return status;
}

/* Deletes tie `from`, combined into `to`; `to` takes its key if it has none
 * (after the delete: keys are unique).  Both steps are recorded. */
static co_status combine_key(merger *m, int64_t from, int64_t to)
{
	sqlite3_stmt *stmt = NULL;
	char *key = NULL, *sql = NULL;
	co_status status;

	if ((status = prepare(&stmt, m->store, "SELECT f.key FROM ties f, ties t WHERE f.id = ?1 "
	                      "AND t.id = ?2 AND f.key IS NOT NULL AND t.key IS NULL")) != CO_OK)
		return status;
	sqlite3_bind_int64(stmt, 1, from);
	sqlite3_bind_int64(stmt, 2, to);
	if (sqlite3_step(stmt) == SQLITE_ROW &&
	    !(key = strdup((const char *)sqlite3_column_text(stmt, 0))))
		status = co_error_set(CO_ENOMEM, "out of memory merging");
	sqlite3_finalize(stmt);
	if (status == CO_OK)
		status = co_change_delete(m->change, "ties", from);
	if (status == CO_OK && key) {
		if (!(sql = sqlite3_mprintf("UPDATE ties SET key = %Q WHERE rowid = ?1", key)))
			status = co_error_set(CO_ENOMEM, "out of memory merging");
		else
			status = co_change_update(m->change, "ties", to, sql);
	}
	sqlite3_free(sql);
	free(key);
	return status;
}

static co_status merge_ties(merger *m, int64_t drop)
{
	int64_t *ties = NULL;
	size_t n = 0;
	co_status status;
	sqlite3_stmt *tie = NULL;
	char sql[160];

	if ((status = query_ids(&ties, &n, m->store, "SELECT id FROM ties WHERE source_id = ?1 OR "
	                        "target_id = ?1 ORDER BY id", drop)) != CO_OK ||
	    (status = prepare(&tie, m->store, "SELECT source_id, target_id, kind, start FROM ties "
	                      "WHERE id = ?1")) != CO_OK)
		goto done;
	for (size_t k = 0; k < n && status == CO_OK; k++) {
		sqlite3_bind_int64(tie, 1, ties[k]);
		if (sqlite3_step(tie) != SQLITE_ROW) {
			/* removed already: it joined two DROPs merged earlier */
			sqlite3_reset(tie);
			continue;
		}
		int64_t s = sqlite3_column_int64(tie, 0), t = sqlite3_column_int64(tie, 1), same = 0;
		int64_t s2 = s == drop ? m->keep : s, t2 = t == drop ? m->keep : t;
		if (merged(m, s) && merged(m, t)) {
			sqlite3_reset(tie);
			m->r->ties_dropped++;
			status = co_change_delete(m->change, "ties", ties[k]);
			continue;
		}
		sqlite3_stmt *twin = NULL;
		if ((status = prepare(&twin, m->store, "SELECT id FROM ties WHERE source_id = ?1 AND "
		                      "target_id = ?2 AND kind = ?3 AND ifnull(start, '') = "
		                      "ifnull(?4, '') AND id <> ?5")) != CO_OK) {
			sqlite3_reset(tie);
			break;
		}
		sqlite3_bind_int64(twin, 1, s2);
		sqlite3_bind_int64(twin, 2, t2);
		sqlite3_bind_value(twin, 3, sqlite3_column_value(tie, 2));
		sqlite3_bind_value(twin, 4, sqlite3_column_value(tie, 3));
		sqlite3_bind_int64(twin, 5, ties[k]);
		if (sqlite3_step(twin) == SQLITE_ROW)
			same = sqlite3_column_int64(twin, 0);
		sqlite3_finalize(twin);
		sqlite3_reset(tie);
		if (same) {
			m->r->ties_combined++;
			if ((status = join_sources(m, ties[k], same)) == CO_OK)
				status = combine_key(m, ties[k], same);
		} else {
			m->r->ties_moved++;
			snprintf(sql, sizeof(sql), "UPDATE ties SET source_id = %lld, target_id = %lld "
			         "WHERE rowid = ?1", (long long)s2, (long long)t2);
			status = co_change_update(m->change, "ties", ties[k], sql);
		}
	}
done:
	sqlite3_finalize(tie);
	free(ties);
	return status;
}

/*
 * Moves the rows of `table` whose `column` is DROP to KEEP, or deletes the
 * ones whose key (with KEEP instead) KEEP already has: `twin_sql` finds such
 * a row of KEEP's (?1 the row, ?2 KEEP).
 */
static co_status move_rows(merger *m, int64_t drop, const char *table, const char *column,
                           const char *also, const char *twin_sql, int64_t *moved,
                           int64_t *dropped)
{
	int64_t *rows = NULL, twin;
	size_t n = 0;
	co_status status;
	char sql[200];

	snprintf(sql, sizeof(sql), "SELECT rowid FROM %s WHERE %s = ?1%s ORDER BY rowid", table,
	         column, also);
	if ((status = query_ids(&rows, &n, m->store, sql, drop)) != CO_OK)
		return status;
	snprintf(sql, sizeof(sql), "UPDATE %s SET %s = %lld WHERE rowid = ?1", table, column,
	         (long long)m->keep);
	for (size_t k = 0; k < n && status == CO_OK; k++) {
		twin = 0;
		if (twin_sql && (status = query_id(&twin, m->store, twin_sql, rows[k], NULL, m->keep))
		    != CO_OK)
			break;
		if (twin) {
			(*dropped)++;
			status = co_change_delete(m->change, table, rows[k]);
		} else {
			(*moved)++;
			status = co_change_update(m->change, table, rows[k], sql);
		}
	}
	free(rows);
	return status;
}

static co_status merge_children(merger *m, int64_t drop)
{
	int64_t *rows = NULL, drop_parent = 0;
	size_t n = 0;
	co_status status;
	char sql[160];

	if ((status = query_ids(&rows, &n, m->store, "SELECT id FROM orgs WHERE parent_id = ?1 "
	                        "ORDER BY id", drop)) != CO_OK ||
	    (status = query_id(&drop_parent, m->store, "SELECT ifnull(parent_id, 0) FROM orgs "
	                       "WHERE id = ?1", drop, NULL, 0)) != CO_OK)
		goto done;
	for (size_t k = 0; k < n && status == CO_OK; k++) {
		if (rows[k] == m->keep) {
			/* KEEP was a part of DROP: it takes DROP's parent */
			int64_t parent = drop_parent == m->keep ? 0 : drop_parent;
			if (parent)
				snprintf(sql, sizeof(sql), "UPDATE orgs SET parent_id = %lld WHERE rowid = ?1",
				         (long long)parent);
			else
				snprintf(sql, sizeof(sql), "UPDATE orgs SET parent_id = NULL WHERE rowid = ?1");
		} else {
			snprintf(sql, sizeof(sql), "UPDATE orgs SET parent_id = %lld WHERE rowid = ?1",
			         (long long)m->keep);
		}
		m->r->children_moved++;
		status = co_change_update(m->change, "orgs", rows[k], sql);
	}
done:
	free(rows);
	return status;
}

/* Makes `alias` an alias of KEEP unless an org or alias has it already. */
static co_status add_alias(merger *m, const char *alias)
{
	int64_t taken = 0;
	sqlite3_stmt *stmt = NULL;
	co_status status;

	if ((status = query_id(&taken, m->store, "SELECT 1 FROM orgs WHERE key = ?2 UNION ALL "
	                       "SELECT 1 FROM aliases WHERE alias = ?2 AND ?1 = 0", 0, alias, 0))
	    != CO_OK)
		return status;
	if (taken) {
		m->r->aliases_skipped++;
		return CO_OK;
	}
	if ((status = prepare(&stmt, m->store, "INSERT INTO aliases(org_id, alias) VALUES (?1, ?2)"))
	    != CO_OK)
		return status;
	sqlite3_bind_int64(stmt, 1, m->keep);
	sqlite3_bind_text(stmt, 2, alias, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		status = co_store_error(m->store, "cannot add an alias");
	sqlite3_finalize(stmt);
	if (status == CO_OK) {
		m->r->aliases_added++;
		status = co_change_insert(m->change, "aliases",
		                          sqlite3_last_insert_rowid(co_store_db(m->store)));
	}
	return status;
}

static co_status table_exists(int *exists, co_store *store, const char *table)
{
	int64_t found = 0;
	co_status status = query_id(&found, store, "SELECT 1 FROM sqlite_master WHERE type = "
	                            "'table' AND name = ?2 AND ?1 = 0", 0, table, 0);
	*exists = found != 0;
	return status;
}

static co_status merge_one(merger *m, int64_t drop)
{
	static const char *const handled[] = {
		"ties", "participation", "orgs", "metrics", "aliases", "tie_sources", "observations",
		NULL,
	};
	sqlite3_stmt *stmt = NULL;
	char *key = NULL, *name = NULL;
	int has_attributes, has_observations;
	co_status status;

	if ((status = prepare(&stmt, m->store, "SELECT key, name FROM orgs WHERE id = ?1")) != CO_OK)
		return status;
	sqlite3_bind_int64(stmt, 1, drop);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		key = strdup((const char *)sqlite3_column_text(stmt, 0));
		name = strdup((const char *)sqlite3_column_text(stmt, 1));
	}
	sqlite3_finalize(stmt);
	if (!key || !name) {
		status = co_error_set(CO_ENOMEM, "out of memory merging");
		goto done;
	}
	if ((status = merge_ties(m, drop)) != CO_OK ||
	    (status = move_rows(m, drop, "participation", "org_id", "",
	                        "SELECT 1 FROM participation p, participation q WHERE p.rowid = ?1 "
	                        "AND q.event_id = p.event_id AND q.org_id = ?2",
	                        &m->r->participation_moved, &m->r->participation_combined)) != CO_OK ||
	    (status = merge_children(m, drop)) != CO_OK ||
	    (status = move_rows(m, drop, "metrics", "org_id", "",
	                        "SELECT 1 FROM metrics p, metrics q WHERE p.rowid = ?1 AND "
	                        "q.run_id = p.run_id AND q.name = p.name AND q.org_id = ?2",
	                        &m->r->metrics_moved, &m->r->metrics_dropped)) != CO_OK ||
	    (status = move_rows(m, drop, "aliases", "org_id", "", NULL, &m->r->aliases_moved, NULL))
	    != CO_OK ||
	    (status = table_exists(&has_attributes, m->store, "attributes")) != CO_OK)
		goto done;
	if (has_attributes &&
	    (status = move_rows(m, drop, "attributes", "owner_id", " AND owner = 'org'",
	                        "SELECT 1 FROM attributes p, attributes q WHERE p.rowid = ?1 AND "
	                        "q.owner = 'org' AND q.owner_id = ?2 AND q.name = p.name",
	                        &m->r->attributes_moved, &m->r->attributes_dropped)) != CO_OK)
		goto done;
	/* observations: KEEP's value of a metric on a date wins */
	if ((status = table_exists(&has_observations, m->store, "observations")) != CO_OK ||
	    (has_observations &&
	     (status = move_rows(m, drop, "observations", "org_id", "",
	                         "SELECT 1 FROM observations p, observations q WHERE p.rowid = ?1 "
	                         "AND q.org_id = ?2 AND q.metric = p.metric AND q.date = p.date",
	                         &m->r->other_moved, &m->r->metrics_dropped)) != CO_OK))
		goto done;
	/* other tables: their updates, counted before and after */
	size_t n_counts;
	int64_t updates = 0;
	const co_change_count *counts = co_change_counts(m->change, &n_counts);
	for (size_t i = 0; i < n_counts; i++)
		updates -= counts[i].updated;
	if ((status = co_change_move_references(m->change, "orgs", drop, m->keep, handled)) != CO_OK)
		goto done;
	counts = co_change_counts(m->change, &n_counts);
	for (size_t i = 0; i < n_counts; i++)
		updates += counts[i].updated;
	m->r->other_moved += updates;
	if ((status = co_change_delete(m->change, "orgs", drop)) != CO_OK)
		goto done;
	m->r->orgs_merged++;
	if ((status = add_alias(m, key)) == CO_OK)
		status = add_alias(m, name);
done:
	free(key);
	free(name);
	return status;
}

static co_status merge_summary(co_change *change, const co_merge_result *r, const char *keep,
                               const char *const *drop, size_t n_drop)
{
	char summary[512];
	size_t used = (size_t)snprintf(summary, sizeof(summary), "merge %s <-", keep);
	json_t *detail = co_merge_result_to_json(r, keep, drop, n_drop);
	co_status status;

	for (size_t k = 0; k < n_drop && used < sizeof(summary); k++)
		used += (size_t)snprintf(summary + used, sizeof(summary) - used, "%s %s",
		                         k ? "," : "", drop[k]);
	if (used < sizeof(summary))
		snprintf(summary + used, sizeof(summary) - used, ": %lld ties moved, %lld combined, "
		         "%lld between them dropped", (long long)r->ties_moved,
		         (long long)r->ties_combined, (long long)r->ties_dropped);
	status = co_change_close(change, summary, detail);
	json_decref(detail);
	return status;
}

co_status co_merge(co_merge_result *out, co_store *store, const char *keep,
                   const char *const *drop, size_t n_drop, int dry_run)
{
	merger m = {store, NULL, out, 0, NULL, 0};
	int64_t *ids = NULL;
	co_status status;

	memset(out, 0, sizeof(*out));
	if (n_drop == 0)
		return co_error_set(CO_EINVAL, "merge needs at least one org to merge into %s", keep);
	if (!(ids = calloc(n_drop, sizeof(*ids))))
		return co_error_set(CO_ENOMEM, "out of memory");
	if ((status = co_store_begin(store)) != CO_OK)
		goto done;
	if ((status = find_org(&m.keep, store, keep)) != CO_OK)
		goto done;
	for (size_t k = 0; k < n_drop; k++) {
		if ((status = find_org(&ids[k], store, drop[k])) != CO_OK)
			goto done;
		if (ids[k] == m.keep) {
			status = co_error_set(CO_EINVAL, "'%s' is the org kept (%s): it cannot also be "
			                      "merged into it", drop[k], keep);
			goto done;
		}
		for (size_t j = 0; j < k; j++)
			if (ids[j] == ids[k]) {
				status = co_error_set(CO_EINVAL, "'%s' and '%s' are the same org: name it once",
				                      drop[j], drop[k]);
				goto done;
			}
	}
	m.drops = ids;
	m.n_drops = n_drop;
	if ((status = co_change_open(&m.change, store, "merge")) != CO_OK)
		goto done;
	for (size_t k = 0; k < n_drop && status == CO_OK; k++)
		status = merge_one(&m, ids[k]);
	if (status == CO_OK)
		status = copy_counts(&out->counts, &out->n_counts, m.change);
	if (status != CO_OK)
		goto done;
	out->change = dry_run ? 0 : co_change_id(m.change);
	status = merge_summary(m.change, out, keep, drop, n_drop);
	m.change = NULL;
	if (status == CO_OK && !dry_run)
		status = co_store_commit(store);
done:
	co_change_abandon(m.change);
	if (status != CO_OK || dry_run)
		co_store_rollback(store);
	free(ids);
	return status;
}

void co_merge_result_free(co_merge_result *result)
{
	if (!result)
		return;
	free(result->counts);
	result->counts = NULL;
	result->n_counts = 0;
}

static json_t *tables_json(const co_change_count *counts, size_t n)
{
	json_t *tables = json_object();

	for (size_t i = 0; tables && i < n; i++)
		json_object_set_new(tables, counts[i].table, json_pack("{s:I, s:I, s:I}",
			"deleted", (json_int_t)counts[i].deleted, "updated", (json_int_t)counts[i].updated,
			"inserted", (json_int_t)counts[i].inserted));
	return tables;
}

json_t *co_merge_result_to_json(const co_merge_result *r, const char *keep,
                                const char *const *drop, size_t n_drop)
{
	json_t *drops = json_array();

	for (size_t k = 0; drops && k < n_drop; k++)
		json_array_append_new(drops, json_string(drop[k]));
	return json_pack("{s:I, s:s, s:o*, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, "
	                 "s:I, s:I, s:I, s:I, s:I, s:o*}",
		"change", (json_int_t)r->change, "keep", keep, "drop", drops,
		"orgs_merged", (json_int_t)r->orgs_merged,
		"ties_moved", (json_int_t)r->ties_moved,
		"ties_combined", (json_int_t)r->ties_combined,
		"ties_dropped", (json_int_t)r->ties_dropped,
		"sources_joined", (json_int_t)r->sources_joined,
		"participation_moved", (json_int_t)r->participation_moved,
		"participation_combined", (json_int_t)r->participation_combined,
		"children_moved", (json_int_t)r->children_moved,
		"metrics_moved", (json_int_t)r->metrics_moved,
		"metrics_dropped", (json_int_t)r->metrics_dropped,
		"aliases_moved", (json_int_t)r->aliases_moved,
		"aliases_added", (json_int_t)r->aliases_added,
		"aliases_skipped", (json_int_t)r->aliases_skipped,
		"attributes_moved", (json_int_t)r->attributes_moved,
		"attributes_dropped", (json_int_t)r->attributes_dropped,
		"other_moved", (json_int_t)r->other_moved,
		"tables", tables_json(r->counts, r->n_counts));
}

/* ---- delete ------------------------------------------------------------- */

co_status co_delete_kind_parse(co_delete_kind *out, const char *word)
{
	static const char *const words[] = {"org", "tie", "event", "source"};

	for (int k = 0; k < 4; k++)
		if (strcmp(words[k], word) == 0) {
			*out = (co_delete_kind)k;
			return CO_OK;
		}
	return co_error_set(CO_EINVAL, "cannot delete '%s': say org, tie, event or source", word);
}

/* The row a key names: orgs by key or alias, ties by key (when the store
 * has tie keys) or row id, events and sources by key. */
static co_status find_row(int64_t *id, co_store *store, co_delete_kind kind, const char *key)
{
	static const char *const tables[] = {"orgs", "ties", "events", "sources"};
	static const char *const words[] = {"org", "tie", "event", "source"};
	co_status status;
	int has_key = 0;

	if (kind == CO_DELETE_ORG)
		return find_org(id, store, key);
	*id = 0;
	if (kind == CO_DELETE_TIE) {
		int64_t found = 0;
		if ((status = query_id(&found, store, "SELECT 1 FROM pragma_table_info('ties') WHERE "
		                       "name = ?2 AND ?1 = 0", 0, "key", 0)) != CO_OK)
			return status;
		has_key = found != 0;
		if (has_key && (status = query_id(id, store, "SELECT id FROM ties WHERE key = ?2 AND "
		                                  "?1 = 0", 0, key, 0)) != CO_OK)
			return status;
		if (!*id) {
			char *end;
			long long n = strtoll(key, &end, 10);
			if (key[0] >= '0' && key[0] <= '9' && !*end &&
			    (status = query_id(id, store, "SELECT id FROM ties WHERE id = ?1", n, NULL, 0))
			    != CO_OK)
				return status;
		}
	} else {
		char sql[96];
		snprintf(sql, sizeof(sql), "SELECT id FROM %s WHERE key = ?2 AND ?1 = 0", tables[kind]);
		if ((status = query_id(id, store, sql, 0, key, 0)) != CO_OK)
			return status;
	}
	if (!*id)
		return co_error_set(CO_ENOTFOUND, "no %s '%s'%s", words[kind], key,
		                    kind == CO_DELETE_TIE ? " (a tie is named by its id column, or by "
		                    "its row id as 'coalition sql' shows it)" : "");
	return CO_OK;
}

co_status co_delete(co_delete_result *out, co_store *store, co_delete_kind kind,
                    const char *const *keys, size_t n_keys, int dry_run)
{
	static const char *const tables[] = {"orgs", "ties", "events", "sources"};
	static const char *const words[] = {"org", "tie", "event", "source"};
	co_change *change = NULL;
	int64_t *ids = NULL;
	co_status status;
	char summary[512];
	size_t used;

	memset(out, 0, sizeof(*out));
	if (n_keys == 0)
		return co_error_set(CO_EINVAL, "delete needs at least one %s", words[kind]);
	if (!(ids = calloc(n_keys, sizeof(*ids))))
		return co_error_set(CO_ENOMEM, "out of memory");
	if ((status = co_store_begin(store)) != CO_OK)
		goto done;
	for (size_t k = 0; k < n_keys; k++) {
		if ((status = find_row(&ids[k], store, kind, keys[k])) != CO_OK)
			goto done;
		for (size_t j = 0; j < k; j++)
			if (ids[j] == ids[k]) {
				status = co_error_set(CO_EINVAL, "'%s' and '%s' are the same %s: name it once",
				                      keys[j], keys[k], words[kind]);
				goto done;
			}
	}
	if ((status = co_change_open(&change, store, "delete")) != CO_OK)
		goto done;
	for (size_t k = 0; k < n_keys && status == CO_OK; k++)
		status = co_change_delete(change, tables[kind], ids[k]);
	if (status != CO_OK || (status = copy_counts(&out->counts, &out->n_counts, change)) != CO_OK)
		goto done;
	out->change = dry_run ? 0 : co_change_id(change);
	used = (size_t)snprintf(summary, sizeof(summary), "delete %s", words[kind]);
	for (size_t k = 0; k < n_keys && used < sizeof(summary); k++)
		used += (size_t)snprintf(summary + used, sizeof(summary) - used, "%s %s", k ? "," : "",
		                         keys[k]);
	json_t *detail = co_delete_result_to_json(out);
	status = co_change_close(change, summary, detail);
	json_decref(detail);
	change = NULL;
	if (status == CO_OK && !dry_run)
		status = co_store_commit(store);
done:
	co_change_abandon(change);
	if (status != CO_OK || dry_run)
		co_store_rollback(store);
	free(ids);
	return status;
}

void co_delete_result_free(co_delete_result *result)
{
	if (!result)
		return;
	free(result->counts);
	result->counts = NULL;
	result->n_counts = 0;
}

json_t *co_delete_result_to_json(const co_delete_result *r)
{
	json_t *deleted = json_object(), *updated = json_object();

	for (size_t i = 0; deleted && updated && i < r->n_counts; i++) {
		if (r->counts[i].deleted)
			json_object_set_new(deleted, r->counts[i].table, json_integer(r->counts[i].deleted));
		if (r->counts[i].updated)
			json_object_set_new(updated, r->counts[i].table, json_integer(r->counts[i].updated));
	}
	return json_pack("{s:I, s:o*, s:o*}", "change", (json_int_t)r->change, "deleted", deleted,
	                 "updated", updated);
}
