/*
 * export_csv.c - the store's rows as the CSV files import reads, and a backup of
 * the SQLite file (export.h).
 *
 * Each CSV file is one SELECT whose result columns are the file's header, in
 * the table `files` below: a column added to the store is exported by adding
 * it to its file's SELECT (and import reads it by its header name).  The
 * attributes (columns of the import files the schema does not name) are
 * added as one column each, so they come back as they went in.  Keys
 * stand for row ids (parent, source, target, event, org, the sources of a
 * tie).  Every SELECT takes the same three parameters: ?1 = 1 when the view
 * leaves out some orgs or ties (the rows kept are then those whose ids are
 * in the temporary tables co_dump_orgs and co_dump_ties, filled from the
 * network), ?2 = 1 for a --public view, ?3 = 1 when metrics may come only
 * from runs on a --public view.
 */
#include "coalition/export.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"

#define IN_VIEW_ORGS(id) "(?1 = 0 OR " id " IN temp.co_dump_orgs)"
#define IN_VIEW_TIES(id) "(?1 = 0 OR " id " IN temp.co_dump_ties)"

typedef struct {
	const char *name;
	const char *columns; /* the SELECT's result columns: the file's header */
	const char *from;    /* FROM ... WHERE ... ORDER BY */
	const char *owner;   /* attributes.owner of its rows (extra columns), or NULL */
	const char *id;      /* the row id the attributes belong to, as `from` names it */
	int optional;        /* written only when it has rows (metrics.csv) */
} dump_file;

/* In the order import reads them: each refers only to earlier ones.  An
 * org's or event's lat/lon are written only when they came from a file:
 * those the gazetteer or a state's point gave are found again on import. */
static const dump_file files[] = {
	{"sources.csv", "so.key, so.citation, so.url, so.published, so.private",
	 "FROM sources so WHERE NOT (?2 AND so.private) ORDER BY so.key", "source", "so.id", 0},
	{"orgs.csv",
	 "o.key, o.name, o.kind,"
	 "  CASE WHEN " IN_VIEW_ORGS("p.id") " THEN p.key END AS parent,"
	 "  o.country, o.state, o.city,"
	 "  CASE WHEN o.placed = 'file' THEN o.lat END AS lat,"
	 "  CASE WHEN o.placed = 'file' THEN o.lon END AS lon, o.founded, o.ended, o.issues,"
	 "  (SELECT group_concat(alias, ';') FROM"
	 "    (SELECT alias FROM aliases a WHERE a.org_id = o.id ORDER BY alias)) AS aliases",
	 "FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id"
	 " WHERE " IN_VIEW_ORGS("o.id") " ORDER BY o.key", "org", "o.id", 0},
	{"events.csv",
	 "e.key, e.name, e.kind, e.date, e.country, e.state, e.city, e.campaign,"
	 "  CASE WHEN e.placed = 'file' THEN e.lat END AS lat,"
	 "  CASE WHEN e.placed = 'file' THEN e.lon END AS lon, e.turnout_low, e.turnout_high,"
	 "  (SELECT group_concat(key, ';') FROM"
	 "    (SELECT so.key FROM event_sources es JOIN sources so ON so.id = es.source_id"
	 "     WHERE es.event_id = e.id AND NOT (?2 AND so.private) ORDER BY so.key)) AS sources",
	 "FROM events e"
	 " WHERE ?1 = 0 OR e.id IN (SELECT event_id FROM participation"
	 "   WHERE org_id IN temp.co_dump_orgs) ORDER BY e.key", "event", "e.id", 0},
	{"ties.csv",
	 "s.key AS source, d.key AS target, t.kind, t.sign, t.weight, t.start, t.end,"
	 "  t.directed,"
	 "  (SELECT group_concat(key, ';') FROM"
	 "    (SELECT so.key FROM tie_sources ts JOIN sources so ON so.id = ts.source_id"
	 "     WHERE ts.tie_id = t.id AND NOT (?2 AND so.private) ORDER BY so.key)) AS sources,"
	 "  CASE WHEN ?2 THEN '' ELSE t.note END AS note, t.private, t.key AS id",
	 "FROM ties t JOIN orgs s ON s.id = t.source_id JOIN orgs d ON d.id = t.target_id"
	 " WHERE " IN_VIEW_TIES("t.id") " ORDER BY t.id", "tie", "t.id", 0},
	{"participation.csv", "e.key AS event, o.key AS org, p.role",
	 "FROM participation p"
	 " JOIN events e ON e.id = p.event_id JOIN orgs o ON o.id = p.org_id"
	 " WHERE " IN_VIEW_ORGS("p.org_id") " ORDER BY e.key, o.key", NULL, NULL, 0},
	/* An observation keeps its source unless that is private and the view
	 * --public. */
	{"observations.csv",
	 "o.key AS org, ob.date, ob.metric, ob.value,"
	 "  CASE WHEN NOT (?2 AND so.private) THEN so.key END AS source, ob.note",
	 "FROM observations ob JOIN orgs o ON o.id = ob.org_id"
	 " LEFT JOIN sources so ON so.id = ob.source_id"
	 " WHERE " IN_VIEW_ORGS("o.id") " ORDER BY o.key, ob.metric, ob.date", NULL, NULL, 1},
	/* The latest value of each metric (v_metrics); with --public only from
	 * runs on a --public view: the others were computed with private ties. */
	{"metrics.csv", "o.key, m.name, m.value",
	 "FROM metrics m JOIN orgs o ON o.id = m.org_id"
	 " WHERE " IN_VIEW_ORGS("o.id") " AND m.value IS NOT NULL"
	 " AND m.run_id = (SELECT max(m2.run_id) FROM metrics m2 JOIN runs r ON r.id = m2.run_id"
	 "   WHERE m2.org_id = m.org_id AND m2.name = m.name"
	 "   AND (?3 = 0 OR " CO_STORE_PUBLIC_RUN("r") "))"
	 " ORDER BY o.key, m.name", NULL, NULL, 1},
};
#define N_FILES (sizeof(files) / sizeof(files[0]))

/* ---- the view's rows ---- */

static co_status db_error(co_store *store)
{
	return co_store_error(store, "cannot read the store for export");
}

static co_status fill_ids(co_store *store, const char *table, const co_network *net, int orgs)
{
	char sql[96];
	sqlite3_stmt *st = NULL;
	igraph_integer_t n = orgs ? net->n_orgs : net->n_ties;
	co_status status = CO_OK;

	snprintf(sql, sizeof(sql), "INSERT OR IGNORE INTO temp.%s(id) VALUES (?1)", table);
	if (sqlite3_prepare_v2(co_store_db(store), sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(store);
	for (igraph_integer_t i = 0; i < n && status == CO_OK; i++) {
		int64_t id = orgs ? net->orgs[i].id : co_network_tie_id(net, i);
		if (id <= 0)
			continue; /* a co-participation tie: not a stored row */
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) != SQLITE_DONE)
			status = db_error(store);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return status;
}

static co_status count_rows(int64_t *out, co_store *store, const char *sql)
{
	sqlite3_stmt *st = NULL;
	co_status status = CO_OK;

	if (sqlite3_prepare_v2(co_store_db(store), sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW)
		status = db_error(store);
	else
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return status;
}

/* Sets *filtered when the network lacks some of the store's orgs or ties,
 * and then lists the ones it has in the temporary tables. */
static co_status mark_view(int *filtered, co_store *store, const co_network *net)
{
	int64_t orgs = 0, ties = 0, net_ties = 0;
	co_status status;

	for (igraph_integer_t j = 0; j < net->n_ties; j++)
		net_ties += co_network_tie_id(net, j) > 0;
	if ((status = co_store_exec(store,
	        "CREATE TEMP TABLE IF NOT EXISTS co_dump_orgs(id INTEGER PRIMARY KEY);"
	        "CREATE TEMP TABLE IF NOT EXISTS co_dump_ties(id INTEGER PRIMARY KEY);"
	        "DELETE FROM temp.co_dump_orgs; DELETE FROM temp.co_dump_ties")) != CO_OK ||
	    (status = count_rows(&orgs, store, "SELECT count(*) FROM orgs")) != CO_OK ||
	    (status = count_rows(&ties, store, "SELECT count(*) FROM ties")) != CO_OK)
		return status;
	*filtered = orgs != (int64_t)net->n_orgs || ties != net_ties;
	if (!*filtered)
		return CO_OK;
	if ((status = fill_ids(store, "co_dump_orgs", net, 1)) != CO_OK)
		return status;
	return fill_ids(store, "co_dump_ties", net, 0);
}

/* ---- CSV ---- */

/* The shortest of %.15g, %.16g and %.17g that reads back as `x` (40.7, not
 * 40.700000000000003). */
static void shortest_double(char *buf, size_t size, double x)
{
	for (int digits = 15; digits <= 17; digits++) {
		snprintf(buf, size, "%.*g", digits, x);
		if (strtod(buf, NULL) == x)
			return;
	}
}

/* One field, quoted only when it must be; numbers read back equal. */
static void write_field(FILE *out, sqlite3_stmt *st, int c)
{
	char buf[64];
	const char *text = buf;

	switch (sqlite3_column_type(st, c)) {
	case SQLITE_NULL:
		text = "";
		break;
	case SQLITE_INTEGER:
		snprintf(buf, sizeof(buf), "%lld", (long long)sqlite3_column_int64(st, c));
		break;
	case SQLITE_FLOAT:
		shortest_double(buf, sizeof(buf), sqlite3_column_double(st, c));
		break;
	default:
		if (!(text = (const char *)sqlite3_column_text(st, c)))
			text = "";
	}
	co_outfile_csv_field(out, text, c == 0);
}

static void write_header(FILE *out, sqlite3_stmt *st)
{
	for (int c = 0; c < sqlite3_column_count(st); c++) {
		const char *name = sqlite3_column_name(st, c);
		if (c > 0)
			fputc(',', out);
		fputs(name ? name : "", out);
	}
	fputc('\n', out);
}

/* The file's SELECT: its columns, then one column per attribute name its
 * rows have (the extra columns import kept), in name order.  NULL when out
 * of memory or the store cannot be read; free with sqlite3_free(). */
static char *file_sql(const dump_file *f, co_store *store)
{
	sqlite3_str *sql = sqlite3_str_new(co_store_db(store));
	sqlite3_stmt *st = NULL;
	int rc = SQLITE_DONE;

	sqlite3_str_appendf(sql, "SELECT %s", f->columns);
	if (f->owner) {
		if (sqlite3_prepare_v2(co_store_db(store), "SELECT DISTINCT name FROM attributes"
		                       " WHERE owner = ?1 ORDER BY name", -1, &st, NULL) != SQLITE_OK) {
			sqlite3_free(sqlite3_str_finish(sql));
			return NULL;
		}
		sqlite3_bind_text(st, 1, f->owner, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			sqlite3_str_appendf(sql, ", (SELECT value FROM attributes WHERE owner = %Q"
			                    " AND owner_id = %s AND name = %Q) AS \"%w\"", f->owner, f->id,
			                    (const char *)sqlite3_column_text(st, 0),
			                    (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	sqlite3_str_appendf(sql, " %s", f->from);
	if (rc != SQLITE_DONE) {
		sqlite3_free(sqlite3_str_finish(sql));
		return NULL;
	}
	return sqlite3_str_finish(sql);
}

/* Writes one file of the directory; *rows receives its number of rows. */
static co_status write_file(long long *rows, const char *dir, const dump_file *f,
                            co_store *store, int filtered, int public_only)
{
	size_t n = strlen(dir) + strlen(f->name) + 2;
	char *path = malloc(n);
	sqlite3_stmt *st = NULL;
	co_outfile *file = NULL;
	co_status status = CO_OK;
	char *sql = NULL;
	FILE *out;
	int rc;

	*rows = 0;
	if (!path)
		return co_error_set(CO_ENOMEM, "out of memory");
	snprintf(path, n, "%s/%s", dir, f->name);
	if (!(sql = file_sql(f, store)) ||
	    sqlite3_prepare_v2(co_store_db(store), sql, -1, &st, NULL) != SQLITE_OK) {
		status = db_error(store);
		goto done;
	}
	sqlite3_bind_int(st, 1, filtered);
	sqlite3_bind_int(st, 2, public_only);
	sqlite3_bind_int(st, 3, public_only);
	rc = sqlite3_step(st);
	if (f->optional && rc == SQLITE_DONE)
		goto done;
	if ((status = co_outfile_open(&file, path, store)) != CO_OK)
		goto done;
	out = co_outfile_stream(file);
	write_header(out, st);
	for (; rc == SQLITE_ROW; rc = sqlite3_step(st), (*rows)++) {
		for (int c = 0; c < sqlite3_column_count(st); c++)
			write_field(out, st, c);
		fputc('\n', out);
	}
	if (rc != SQLITE_DONE)
		status = db_error(store);
	status = co_outfile_close(file, status);
done:
	sqlite3_finalize(st);
	sqlite3_free(sql);
	free(path);
	return status;
}

/* Makes `dir` if missing; refuses anything there but a directory. */
static co_status make_dir(const char *dir)
{
	struct stat st;

	if (lstat(dir, &st) != 0) {
		if (mkdir(dir, 0700) != 0)
			return co_error_set(CO_EIO, "cannot create %s: %s", dir, strerror(errno));
		return CO_OK;
	}
	if (!S_ISDIR(st.st_mode))
		return co_error_set(CO_EIO, "cannot write %s: it is %s, not a directory (csv export "
		                    "writes orgs.csv, ties.csv, ... into a directory)", dir,
		                    S_ISLNK(st.st_mode) ? "a symbolic link" : "a file");
	return CO_OK;
}

co_status co_dump_csv(long long *orgs, long long *ties, const char *dir, co_store *store,
                      const co_network *net)
{
	int filtered = 0;
	long long rows;
	co_status status;

	if ((status = make_dir(dir)) != CO_OK || (status = mark_view(&filtered, store, net)) != CO_OK)
		return status;
	for (size_t i = 0; i < N_FILES; i++) {
		if ((status = write_file(&rows, dir, &files[i], store, filtered,
		                         net->view.public_only)) != CO_OK)
			return status;
		if (orgs && strcmp(files[i].name, "orgs.csv") == 0)
			*orgs = rows;
		if (ties && strcmp(files[i].name, "ties.csv") == 0)
			*ties = rows;
	}
	return CO_OK;
}

/* ---- backup ---- */

co_status co_dump_backup(const char *path, co_store *store)
{
	co_outfile *file = NULL;
	sqlite3 *copy = NULL;
	sqlite3_backup *backup;
	co_status status;
	int rc;

	if (strcmp(path, "-") == 0 || strcmp(path, "/dev/stdout") == 0)
		return co_error_set(CO_EINVAL, "cannot back up to stdout: name a file");
	if ((status = co_outfile_open(&file, path, store)) != CO_OK)
		return status;
	if (sqlite3_open_v2(co_outfile_temp_path(file), &copy, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		status = co_error_set(CO_EIO, "cannot write %s: %s", path,
		                      copy ? sqlite3_errmsg(copy) : "out of memory");
		goto done;
	}
	/* One step: the source is read in one read transaction, one state. */
	if (!(backup = sqlite3_backup_init(copy, "main", co_store_db(store), "main"))) {
		status = co_error_set(CO_EIO, "cannot back up to %s: %s", path, sqlite3_errmsg(copy));
		goto done;
	}
	rc = sqlite3_backup_step(backup, -1);
	sqlite3_backup_finish(backup);
	if (rc != SQLITE_DONE) {
		status = co_error_set(CO_EIO, "cannot back up to %s: %s", path,
		                      rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? "the store is busy"
		                      : sqlite3_errstr(rc));
		goto done;
	}
	/* The copy's own journal is gone once it is closed; check it closes. */
	if (sqlite3_close(copy) != SQLITE_OK) {
		status = co_error_set(CO_EIO, "cannot write %s: %s", path, sqlite3_errmsg(copy));
		goto done;
	}
	copy = NULL;
done:
	if (copy)
		sqlite3_close_v2(copy);
	return co_outfile_close(file, status);
}
