/*
 * import_batch.c - rows an import keeps in memory, seen by SQLite as an
 * eponymous virtual table, so that one INSERT ... SELECT writes them all.
 *
 * Why: an INSERT run once a row costs SQLite its statement's start and end
 * each time (cursors opened and freed, the statement journal's savepoint):
 * at the import of the ecosystem's 111k ties (one tie and one `year`
 * attribute a row) some 11,000 instructions a row, of which the b-tree
 * work is the smaller part (callgrind).  The rows are values copied from
 * the CSV record (text in one growing buffer, by offset), read by the
 * virtual table's cursor in the order they were added; a row's values are
 * given one by one, column after column.  Nothing here knows the store's
 * tables: the caller's statement says where the columns go.
 */
#include "import_batch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	int type;          /* SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT or SQLITE_NULL */
	int64_t i;         /* integer, or the text's offset in the batch's text */
	double d;
} batch_value;

struct co_row_batch {
	sqlite3 *db;
	char *name;
	int n_columns;
	batch_value *values;
	size_t n_values, cap_values;
	char *text;
	size_t n_text, cap_text;
};

typedef struct {
	sqlite3_vtab base;
	co_row_batch *batch;
} batch_vtab;

typedef struct {
	sqlite3_vtab_cursor base;
	co_row_batch *batch;
	size_t row;
} batch_cursor;

/* "CREATE TABLE x(c0, c1, ...)" for n columns; NULL when out of memory. */
static char *table_sql(int n)
{
	size_t size = 32 + (size_t)n * 8, used;
	char *sql = malloc(size);

	if (!sql)
		return NULL;
	used = (size_t)snprintf(sql, size, "CREATE TABLE x(");
	for (int c = 0; c < n; c++)
		used += (size_t)snprintf(sql + used, size - used, "%sc%d", c ? ", " : "", c);
	snprintf(sql + used, size - used, ")");
	return sql;
}

static int batch_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                         sqlite3_vtab **out, char **error)
{
	co_row_batch *b = aux;
	char *sql = table_sql(b->n_columns);
	batch_vtab *v = NULL;
	int rc;

	(void)argc;
	(void)argv;
	(void)error;
	*out = NULL;
	if (!sql)
		return SQLITE_NOMEM;
	if ((rc = sqlite3_declare_vtab(db, sql)) != SQLITE_OK)
		goto done;
	if (!(v = calloc(1, sizeof(*v)))) {
		rc = SQLITE_NOMEM;
		goto done;
	}
	v->batch = b;
	*out = &v->base;
done:
	free(sql);
	return rc;
}

static int batch_disconnect(sqlite3_vtab *v)
{
	free(v);
	return SQLITE_OK;
}

/* The only plan: every row, in order. */
static int batch_best_index(sqlite3_vtab *v, sqlite3_index_info *info)
{
	const co_row_batch *b = ((batch_vtab *)v)->batch;

	info->estimatedRows = (sqlite3_int64)co_row_batch_rows(b);
	info->estimatedCost = (double)info->estimatedRows + 1;
	return SQLITE_OK;
}

static int batch_open(sqlite3_vtab *v, sqlite3_vtab_cursor **out)
{
	batch_cursor *c = calloc(1, sizeof(*c));

	if (!c)
		return SQLITE_NOMEM;
	c->batch = ((batch_vtab *)v)->batch;
	*out = &c->base;
	return SQLITE_OK;
}

static int batch_close(sqlite3_vtab_cursor *c)
{
	free(c);
	return SQLITE_OK;
}

static int batch_filter(sqlite3_vtab_cursor *c, int plan, const char *plan_text, int argc,
                        sqlite3_value **argv)
{
	(void)plan;
	(void)plan_text;
	(void)argc;
	(void)argv;
	((batch_cursor *)c)->row = 0;
	return SQLITE_OK;
}

static int batch_next(sqlite3_vtab_cursor *c)
{
	((batch_cursor *)c)->row++;
	return SQLITE_OK;
}

static int batch_eof(sqlite3_vtab_cursor *c)
{
	const batch_cursor *bc = (const batch_cursor *)c;

	return bc->row >= co_row_batch_rows(bc->batch);
}

static int batch_column(sqlite3_vtab_cursor *c, sqlite3_context *context, int column)
{
	const batch_cursor *bc = (const batch_cursor *)c;
	const co_row_batch *b = bc->batch;
	const batch_value *v = &b->values[bc->row * (size_t)b->n_columns + (size_t)column];

	switch (v->type) {
	case SQLITE_INTEGER:
		sqlite3_result_int64(context, v->i);
		break;
	case SQLITE_FLOAT:
		sqlite3_result_double(context, v->d);
		break;
	case SQLITE_TEXT:
		sqlite3_result_text(context, b->text + v->i, -1, SQLITE_STATIC);
		break;
	default:
		sqlite3_result_null(context);
		break;
	}
	return SQLITE_OK;
}

static int batch_rowid(sqlite3_vtab_cursor *c, sqlite3_int64 *rowid)
{
	*rowid = (sqlite3_int64)((const batch_cursor *)c)->row + 1;
	return SQLITE_OK;
}

/* Eponymous only (no xCreate): the table exists while the module does. */
static const sqlite3_module batch_module = {
	.iVersion = 0,
	.xConnect = batch_connect,
	.xBestIndex = batch_best_index,
	.xDisconnect = batch_disconnect,
	.xOpen = batch_open,
	.xClose = batch_close,
	.xFilter = batch_filter,
	.xNext = batch_next,
	.xEof = batch_eof,
	.xColumn = batch_column,
	.xRowid = batch_rowid,
};

co_row_batch *co_row_batch_open(sqlite3 *db, const char *name, int n_columns)
{
	co_row_batch *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	b->db = db;
	b->n_columns = n_columns;
	if (!(b->name = strdup(name)) ||
	    sqlite3_create_module(db, name, &batch_module, b) != SQLITE_OK) {
		free(b->name);
		free(b);
		return NULL;
	}
	return b;
}

void co_row_batch_close(co_row_batch *b)
{
	if (!b)
		return;
	sqlite3_create_module(b->db, b->name, NULL, NULL);
	free(b->name);
	free(b->values);
	free(b->text);
	free(b);
}

/* The next value's slot; NULL when out of memory. */
static batch_value *next_value(co_row_batch *b)
{
	if (b->n_values == b->cap_values) {
		size_t cap = b->cap_values ? 2 * b->cap_values : 64 * (size_t)b->n_columns;
		batch_value *grown = realloc(b->values, cap * sizeof(*grown));
		if (!grown)
			return NULL;
		b->values = grown;
		b->cap_values = cap;
	}
	return &b->values[b->n_values++];
}

int co_row_batch_int(co_row_batch *b, int64_t v)
{
	batch_value *slot = next_value(b);

	if (!slot)
		return 0;
	slot->type = SQLITE_INTEGER;
	slot->i = v;
	return 1;
}

int co_row_batch_double(co_row_batch *b, double v)
{
	batch_value *slot = next_value(b);

	if (!slot)
		return 0;
	slot->type = SQLITE_FLOAT;
	slot->d = v;
	return 1;
}

int co_row_batch_text(co_row_batch *b, const char *s)
{
	size_t n = strlen(s) + 1;
	batch_value *slot;

	if (b->cap_text - b->n_text < n) {
		size_t cap = b->cap_text ? 2 * b->cap_text : 4096;
		char *grown;
		while (cap - b->n_text < n)
			cap *= 2;
		if (!(grown = realloc(b->text, cap)))
			return 0;
		b->text = grown;
		b->cap_text = cap;
	}
	if (!(slot = next_value(b)))
		return 0;
	memcpy(b->text + b->n_text, s, n);
	slot->type = SQLITE_TEXT;
	slot->i = (int64_t)b->n_text;
	b->n_text += n;
	return 1;
}

int co_row_batch_null(co_row_batch *b)
{
	batch_value *slot = next_value(b);

	if (!slot)
		return 0;
	slot->type = SQLITE_NULL;
	return 1;
}

size_t co_row_batch_rows(const co_row_batch *b)
{
	return b->n_values / (size_t)b->n_columns;
}

void co_row_batch_clear(co_row_batch *b)
{
	b->n_values = 0;
	b->n_text = 0;
}
