/*
 * result.c - the one shape analyses hand their results back in (result.h):
 * tables of double columns over orgs, pairs or ties, scalars and parameters
 * kept as jansson objects, notes, provenance, and saving as a run.
 *
 * Columns are plain arrays of doubles so that a million-org result costs
 * what its numbers cost; output.c turns them into rows a slice at a time.
 */
#include "coalition/result.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "coalition/coalition.h"

typedef struct {
	char *name;
	co_column_type type;
	double *values;
	size_t *starts;       /* list columns: n_rows + 1 offsets into values */
	unsigned shown;       /* CO_SHOW_* */
	size_t rows;          /* CO_COLUMN_ROW: the table of the rows, else SIZE_MAX */
	unsigned char *types; /* per-cell types, or NULL: all of `type` */
} column;

typedef struct {
	char *name;
	char *title;          /* caption in the table format, or NULL */
	co_rows rows;
	size_t n_rows;
	column *columns;
	size_t n_columns;
	size_t *order;        /* print order, or NULL for row order */
	unsigned shown;       /* CO_SHOW_* */
	co_table_json json;
	size_t place;         /* scalars set before it: its place in JSON */
} table;

struct co_result {
	char *command;
	const co_network *net;  /* borrowed */
	table *tables;
	size_t n_tables;
	json_t *scalars;
	json_t *params;
	char **notes;
	size_t n_notes;
	char **texts;           /* CO_COLUMN_TEXT values index these */
	size_t n_texts;
	GHashTable *text_index; /* text -> index + 1 (keys borrowed from texts) */
	unsigned long seed;
	int has_seed;
	int64_t run_id;
};

co_status co_result_new(co_result **out, const char *command, const co_network *net)
{
	co_result *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (!r || !(r->command = strdup(command)) || !(r->scalars = json_object()) ||
	    !(r->params = json_object())) {
		co_result_free(r);
		return co_error_set(CO_ENOMEM, "out of memory");
	}
	r->net = net;
	*out = r;
	return CO_OK;
}

static void table_free(table *t)
{
	for (size_t c = 0; c < t->n_columns; c++) {
		free(t->columns[c].name);
		free(t->columns[c].values);
		free(t->columns[c].starts);
		free(t->columns[c].types);
	}
	free(t->columns);
	free(t->order);
	free(t->name);
	free(t->title);
}

void co_result_free(co_result *r)
{
	if (!r)
		return;
	for (size_t t = 0; t < r->n_tables; t++)
		table_free(&r->tables[t]);
	free(r->tables);
	for (size_t i = 0; i < r->n_notes; i++)
		free(r->notes[i]);
	free(r->notes);
	for (size_t i = 0; i < r->n_texts; i++)
		free(r->texts[i]);
	free(r->texts);
	if (r->text_index)
		g_hash_table_destroy(r->text_index);
	json_decref(r->scalars);
	json_decref(r->params);
	free(r->command);
	free(r);
}

co_status co_result_add_table(size_t *index, co_result *r, const char *name, co_rows rows,
                              size_t n_rows)
{
	table *grown = realloc(r->tables, sizeof(table) * (r->n_tables + 1));

	if (!grown)
		return co_error_set(CO_ENOMEM, "out of memory");
	r->tables = grown;
	memset(&grown[r->n_tables], 0, sizeof(table));
	if (!(grown[r->n_tables].name = strdup(name)))
		return co_error_set(CO_ENOMEM, "out of memory");
	grown[r->n_tables].rows = rows;
	grown[r->n_tables].n_rows = n_rows;
	grown[r->n_tables].shown = CO_SHOW_ALL;
	grown[r->n_tables].place = json_object_size(r->scalars);
	*index = r->n_tables++;
	return CO_OK;
}

/* A new column of n_values values (NaN), with list offsets when `list`. */
static co_status add_column(column **out, co_result *r, size_t index, const char *name,
                            co_column_type type, size_t n_values, int list)
{
	table *t = &r->tables[index];
	column *grown = realloc(t->columns, sizeof(column) * (t->n_columns + 1));
	column *c;

	if (!grown)
		return co_error_set(CO_ENOMEM, "out of memory");
	t->columns = grown;
	c = &grown[t->n_columns];
	memset(c, 0, sizeof(*c));
	c->type = type;
	c->shown = CO_SHOW_ALL;
	c->rows = SIZE_MAX;
	c->name = strdup(name);
	c->values = malloc(sizeof(double) * (n_values + 1));
	if (list)
		c->starts = calloc(t->n_rows + 1, sizeof(size_t));
	if (!c->name || !c->values || (list && !c->starts)) {
		free(c->name);
		free(c->values);
		free(c->starts);
		return co_error_set(CO_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n_values; i++)
		c->values[i] = NAN;
	t->n_columns++;
	*out = c;
	return CO_OK;
}

co_status co_result_add_column(double **values, co_result *r, size_t index, const char *name,
                               co_column_type type)
{
	column *c = NULL;
	co_status status = add_column(&c, r, index, name, type, r->tables[index].n_rows, 0);

	if (status == CO_OK)
		*values = c->values;
	return status;
}

co_status co_result_add_list_column(size_t **starts, double **values, co_result *r,
                                    size_t index, const char *name, co_column_type type,
                                    size_t n_items)
{
	column *c = NULL;
	co_status status = add_column(&c, r, index, name, type, n_items, 1);

	if (status == CO_OK) {
		*starts = c->starts;
		*values = c->values;
	}
	return status;
}

co_status co_result_text(double *index, co_result *r, const char *text)
{
	char **grown;
	gpointer found;

	if (!r->text_index && !(r->text_index = g_hash_table_new(g_str_hash, g_str_equal)))
		return co_error_set(CO_ENOMEM, "out of memory");
	if ((found = g_hash_table_lookup(r->text_index, text))) {
		*index = (double)(GPOINTER_TO_SIZE(found) - 1);
		return CO_OK;
	}
	if (!(grown = realloc(r->texts, sizeof(char *) * (r->n_texts + 1))))
		return co_error_set(CO_ENOMEM, "out of memory");
	r->texts = grown;
	if (!(grown[r->n_texts] = strdup(text)))
		return co_error_set(CO_ENOMEM, "out of memory");
	g_hash_table_insert(r->text_index, grown[r->n_texts], GSIZE_TO_POINTER(r->n_texts + 1));
	*index = (double)r->n_texts++;
	return CO_OK;
}

/* The column called `name` of table `index` (the last added: two columns
 * may share a name when they show in different formats), or NULL with
 * CO_ENOTFOUND set. */
static column *find(co_result *r, size_t index, const char *name)
{
	table *t = &r->tables[index];

	for (size_t c = t->n_columns; c-- > 0;)
		if (strcmp(t->columns[c].name, name) == 0)
			return &t->columns[c];
	co_error_set(CO_ENOTFOUND, "no column '%s' in table '%s'", name, t->name);
	return NULL;
}

co_status co_result_link_rows(co_result *r, size_t index, const char *name, size_t rows)
{
	column *c = find(r, index, name);

	if (!c)
		return CO_ENOTFOUND;
	c->rows = rows;
	return CO_OK;
}

co_status co_result_set_cell_type(co_result *r, size_t index, const char *name, size_t row,
                                  co_column_type type)
{
	column *c = find(r, index, name);
	size_t n = r->tables[index].n_rows;

	if (!c)
		return CO_ENOTFOUND;
	if (!c->types) {
		if (!(c->types = malloc(n + 1)))
			return co_error_set(CO_ENOMEM, "out of memory");
		memset(c->types, (int)c->type, n + 1);
	}
	c->types[row] = (unsigned char)type;
	return CO_OK;
}

co_status co_result_show(co_result *r, size_t index, const char *name, unsigned where)
{
	table *t = &r->tables[index];

	column *c;

	if (!name) {
		t->shown = where;
		return CO_OK;
	}
	if (!(c = find(r, index, name)))
		return CO_ENOTFOUND;
	c->shown = where;
	return CO_OK;
}

co_status co_result_set_title(co_result *r, size_t index, const char *fmt, ...)
{
	table *t = &r->tables[index];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	free(t->title);
	if (n < 0 || !(t->title = malloc((size_t)n + 1)))
		return co_error_set(CO_ENOMEM, "out of memory");
	va_start(ap, fmt);
	vsnprintf(t->title, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return CO_OK;
}

void co_result_set_json(co_result *r, size_t index, co_table_json shape)
{
	r->tables[index].json = shape;
}

/* qsort has no context argument: the table being sorted. */
static const double *sort_values;
static const co_network *sort_net;
static co_rows sort_rows;
static int sort_ascending;

static int compare_rows(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	double vx = sort_values[x], vy = sort_values[y];

	if (isnan(vx) != isnan(vy))
		return isnan(vx) ? 1 : -1;
	if (vx != vy && !isnan(vx))
		return (vx < vy) != sort_ascending ? 1 : -1;
	if (sort_rows == CO_ROWS_ORGS && sort_net)
		return strcmp(sort_net->orgs[x].key, sort_net->orgs[y].key);
	return x < y ? -1 : x > y;
}

static co_status sort_table(co_result *r, size_t index, const char *name, int ascending)
{
	table *t = &r->tables[index];
	size_t c = 0;

	while (c < t->n_columns && strcmp(t->columns[c].name, name) != 0)
		c++;
	if (c == t->n_columns)
		return co_error_set(CO_EINVAL, "no column '%s' to sort by", name);
	if (!t->order && !(t->order = malloc(sizeof(size_t) * (t->n_rows + 1))))
		return co_error_set(CO_ENOMEM, "out of memory");
	for (size_t i = 0; i < t->n_rows; i++)
		t->order[i] = i;
	sort_values = t->columns[c].values;
	sort_net = r->net;
	sort_rows = t->rows;
	sort_ascending = ascending;
	qsort(t->order, t->n_rows, sizeof(size_t), compare_rows);
	return CO_OK;
}

co_status co_result_sort(co_result *r, size_t index, const char *name)
{
	return sort_table(r, index, name, 0);
}

co_status co_result_sort_ascending(co_result *r, size_t index, const char *name)
{
	return sort_table(r, index, name, 1);
}

static co_status set_value(co_result *r, co_result_part part, const char *name, json_t *value)
{
	json_t *target = part == CO_RESULT_PARAM ? r->params : r->scalars;

	if (!value || json_object_set_new(target, name, value) != 0)
		return co_error_set(CO_ENOMEM, "out of memory");
	return CO_OK;
}

co_status co_result_set_number(co_result *r, co_result_part part, const char *name, double x)
{
	return set_value(r, part, name, isfinite(x) ? json_real(x) : json_null());
}

co_status co_result_set_integer(co_result *r, co_result_part part, const char *name,
                                long long value)
{
	return set_value(r, part, name, json_integer((json_int_t)value));
}

co_status co_result_set_bool(co_result *r, co_result_part part, const char *name, int value)
{
	return set_value(r, part, name, json_boolean(value));
}

co_status co_result_set_text(co_result *r, co_result_part part, const char *name,
                             const char *text)
{
	return set_value(r, part, name, text ? json_string(text) : json_null());
}

co_status co_result_set_words(co_result *r, co_result_part part, const char *name,
                              const char *const *words, size_t n)
{
	json_t *list = json_array();

	for (size_t i = 0; list && i < n; i++)
		if (json_array_append_new(list, json_string(words[i])) != 0) {
			json_decref(list);
			list = NULL;
		}
	return set_value(r, part, name, list);
}

co_status co_result_set_value(co_result *r, co_result_part part, const char *name,
                              json_t *value)
{
	return set_value(r, part, name, value);
}

co_status co_result_place_last(co_result *r, const char *name)
{
	for (size_t t = 0; t < r->n_tables; t++)
		if (strcmp(r->tables[t].name, name) == 0) {
			r->tables[t].place = json_object_size(r->scalars);
			return CO_OK;
		}
	return co_error_set(CO_ENOTFOUND, "no table '%s'", name);
}

void co_result_set_seed(co_result *r, unsigned long seed)
{
	r->seed = seed;
	r->has_seed = 1;
}

co_status co_result_note(co_result *r, const char *fmt, ...)
{
	char **grown = realloc(r->notes, sizeof(char *) * (r->n_notes + 1));
	va_list ap;
	int n;

	if (!grown)
		return co_error_set(CO_ENOMEM, "out of memory");
	r->notes = grown;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !(grown[r->n_notes] = malloc((size_t)n + 1)))
		return co_error_set(CO_ENOMEM, "out of memory");
	va_start(ap, fmt);
	vsnprintf(grown[r->n_notes], (size_t)n + 1, fmt, ap);
	va_end(ap);
	r->n_notes++;
	return CO_OK;
}

const char *co_result_command(const co_result *r) { return r->command; }
const co_network *co_result_network(const co_result *r) { return r->net; }
size_t co_result_n_notes(const co_result *r) { return r->n_notes; }
const char *co_result_note_text(const co_result *r, size_t i) { return r->notes[i]; }
size_t co_result_n_tables(const co_result *r) { return r->n_tables; }
const char *co_result_table_name(const co_result *r, size_t t) { return r->tables[t].name; }
co_rows co_result_table_rows(const co_result *r, size_t t) { return r->tables[t].rows; }
size_t co_result_n_rows(const co_result *r, size_t t) { return r->tables[t].n_rows; }
size_t co_result_n_columns(const co_result *r, size_t t) { return r->tables[t].n_columns; }
const json_t *co_result_scalars(const co_result *r) { return r->scalars; }
int64_t co_result_run_id(const co_result *r) { return r->run_id; }

const char *co_result_column_name(const co_result *r, size_t t, size_t c)
{
	return r->tables[t].columns[c].name;
}

co_column_type co_result_column_type(const co_result *r, size_t t, size_t c)
{
	return r->tables[t].columns[c].type;
}

const double *co_result_column_values(const co_result *r, size_t t, size_t c)
{
	return r->tables[t].columns[c].values;
}

const size_t *co_result_column_starts(const co_result *r, size_t t, size_t c)
{
	return r->tables[t].columns[c].starts;
}

size_t co_result_column_rows(const co_result *r, size_t t, size_t c)
{
	return r->tables[t].columns[c].rows;
}

co_column_type co_result_cell_type(const co_result *r, size_t t, size_t c, size_t row)
{
	const column *col = &r->tables[t].columns[c];

	return col->types ? (co_column_type)col->types[row] : col->type;
}

const char *co_result_text_at(const co_result *r, double index)
{
	return index >= 0 && index < (double)r->n_texts ? r->texts[(size_t)index] : NULL;
}

unsigned co_result_shown(const co_result *r, size_t t, size_t c)
{
	return c == SIZE_MAX ? r->tables[t].shown : r->tables[t].columns[c].shown;
}

const char *co_result_table_title(const co_result *r, size_t t) { return r->tables[t].title; }
co_table_json co_result_table_json(const co_result *r, size_t t) { return r->tables[t].json; }
size_t co_result_table_place(const co_result *r, size_t t) { return r->tables[t].place; }

size_t co_result_row_at(const co_result *r, size_t t, size_t i)
{
	return r->tables[t].order ? r->tables[t].order[i] : i;
}

int co_result_find_column(size_t *t, size_t *c, const co_result *r, const char *name)
{
	for (size_t i = 0; i < r->n_tables; i++)
		for (size_t j = 0; j < r->tables[i].n_columns; j++)
			if (strcmp(r->tables[i].columns[j].name, name) == 0) {
				*t = i;
				*c = j;
				return 1;
			}
	return 0;
}

/* The view as a JSON value (a new reference), or NULL when out of memory. */
static json_t *view_json(const co_result *r)
{
	co_view empty;
	char *text;
	json_t *value;

	co_view_init(&empty);
	text = co_view_to_json(r->net ? &r->net->view : &empty);
	if (!text)
		return NULL;
	value = json_loads(text, 0, NULL);
	free(text);
	return value;
}

char *co_result_params_json(const co_result *r)
{
	json_t *doc = json_object(), *view = view_json(r);
	char *text = NULL;

	if (!doc || !view || json_object_set(doc, "view", view) != 0 ||
	    json_object_update(doc, r->params) != 0)
		goto done;
	if (r->has_seed &&
	    json_object_set_new(doc, "seed", json_integer((json_int_t)r->seed)) != 0)
		goto done;
	if (json_object_set_new(doc, "version", json_string(co_version())) != 0)
		goto done;
	text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
done:
	json_decref(view);
	json_decref(doc);
	return text;
}

static int is_metric(const table *t, const column *c)
{
	return t->rows == CO_ROWS_ORGS && (t->shown & CO_SHOW_SAVE) && (c->shown & CO_SHOW_SAVE) &&
	       !c->starts && !c->types &&
	       (c->type == CO_COLUMN_NUMBER || c->type == CO_COLUMN_INTEGER ||
	        c->type == CO_COLUMN_TOTAL || c->type == CO_COLUMN_BOOL);
}

/* The run row and the metrics of every org table. */
static co_status save_rows(co_store *store, const co_result *r, const char *params,
                           const char *view, int64_t *run_id)
{
	co_status status = co_store_run_begin(run_id, store, r->command, params, view);

	for (size_t t = 0; t < r->n_tables && status == CO_OK; t++)
		for (size_t c = 0; c < r->tables[t].n_columns && status == CO_OK; c++)
			if (is_metric(&r->tables[t], &r->tables[t].columns[c]))
				status = co_network_save_metric(store, *run_id, r->net,
				                                r->tables[t].columns[c].name,
				                                r->tables[t].columns[c].values);
	return status;
}

co_status co_result_save(co_store *store, co_result *r)
{
	char *params = co_result_params_json(r), *view = NULL;
	json_t *view_value = view_json(r);
	int64_t run_id = 0;
	co_status status;

	if (!params || !view_value ||
	    !(view = json_dumps(view_value, JSON_COMPACT | JSON_PRESERVE_ORDER))) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	if ((status = co_store_begin_bulk_runs(store)) != CO_OK)
		goto done;
	if ((status = save_rows(store, r, params, view, &run_id)) == CO_OK &&
	    (status = co_store_commit(store)) == CO_OK)
		r->run_id = run_id;
	else
		co_store_rollback(store);
done:
	json_decref(view_value);
	free(view);
	free(params);
	return status;
}
