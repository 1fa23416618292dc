/*
 * export_graph.c - export of a network to GraphML, GEXF, GML, DOT, CSV and
 * JSON (export.h).  Graph files come back in through import_graph.c.
 *
 * Export gathers, once, what the network lacks from the store about its
 * orgs (founded, issues, aliases, the latest metrics) into per-org arrays,
 * and reads what it lacks about its ties (note, private flag, sources, key
 * and attributes) one tie at a time while writing, from two SQLite cursors
 * that walk the ties in row id order (tie_cursor), as the network lists
 * them: at 1.1M ties the per-tie arrays took 70 MB on top of the view.
 * The command line's export frees the network's igraph graph first,
 * keeping the ties' ends in 32 bits (co_export_file_releasing()), and
 * keeps the metrics in 32-bit columns where they are whole numbers
 * (metric_column).
 * It describes every attribute by name and type; each format is then a
 * short writer over the same attribute list, so the formats cannot drift
 * apart.  Files are written to a temporary name and renamed, so a reader
 * never sees half a file.
 */
#define _XOPEN_SOURCE 700 /* P_tmpdir */
#include "coalition/export.h"
#include "coalition/import.h"
#include "outfile.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <glib.h>
#include <igraph.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

co_status co_graph_format_parse(co_graph_format *out, const char *name)
{
	static const char *const names[] = {"graphml", "gexf", "gml", "dot", "csv", "json"};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0) {
			*out = (co_graph_format)i;
			return CO_OK;
		}
	return co_error_set(CO_EINVAL,
		"unknown export format '%s' (expected graphml, gexf, gml, dot, csv or json)", name);
}

/* ---- what an export knows about each org and tie ---- */

/* The attributes of the orgs or ties (the extra columns of the import
 * files): their names in name order, the same as identifiers GML and DOT
 * accept ([A-Za-z_][A-Za-z0-9_]*), and each row's value or NULL. */
typedef struct {
	char **names, **idents;  /* n each, owned */
	size_t n;
	char **values;           /* rows x n, owned, NULL when the row has none */
	size_t rows;
} extra_set;

/* Strings kept end to end in one block and named by their offset (0: "",
 * the block's first byte), rather than one allocation each: at 1.1M ties
 * three empty strings per tie took 32 bytes of heap each. */
typedef struct {
	char *text;  /* owned: "\0", then each string with its NUL */
	size_t used, size;
} string_pool;

/*
 * What the store holds about one tie of the network, read when a writer
 * first asks for it (tie_fetch()): two statements walk the ties and the
 * tie attributes in row id order, each standing on the first row at or
 * past the id last asked for; an id below it seeks again.  The network
 * lists its stored ties in row id order, so one export reads each table
 * once, as when the details were gathered whole.
 */
typedef struct {
	co_store *store;
	int public_only;
	size_t n_extra;                      /* the tie attributes' names (tie_extra) */
	char **extra_names;
	sqlite3_stmt *ties, *attrs;          /* NULL until first used */
	int64_t ties_asked, attrs_asked;     /* the id each last sought (0: none yet) */
	int64_t ties_at, attrs_at;           /* the id of the row each stands on, or
	                                        INT64_MAX past the last */
	igraph_integer_t j;                  /* the tie fetched, -1 before the first */
	string_pool text;                    /* that tie's strings */
	uint32_t note, sources, key;         /* in text, 0 if none */
	int private_flag;
	uint32_t *extra_at;                  /* n_extra offsets in text, UINT32_MAX if absent */
	const char **extra;                  /* n_extra values, NULL if absent */
	co_status status;                    /* the first failure reading the store */
} tie_cursor;

/* One metric's values, one per org: whole numbers while every value read
 * is one in 32 bits (INT32_MIN if absent), else doubles (NaN if absent).
 * Most metrics are counts (degree, community, brokerage roles): at 1.1M
 * ties 23 metrics took 44 MB as doubles, 32 MB so. */
typedef struct {
	int32_t *whole;
	double *real;
} metric_column;

typedef struct {
	const co_network *net;
	string_pool org_text;                /* the strings below */
	uint32_t *founded, *issues, *aliases; /* per org, in org_text, 0 if none */
	uint32_t *country, *ended, *placed;   /* per org, in org_text, 0 if none */
	tie_cursor *ties;                    /* what the store holds of the ties */
	extra_set org_extra, tie_extra;      /* the attributes (import's extra columns);
	                                        tie_extra without values (tie_cursor) */
	char **metric_names;                 /* sorted, owned */
	char **metric_attrs;                 /* "metric_<name>" with [A-Za-z0-9_] only */
	size_t n_metrics;
	metric_column *metrics;              /* n_metrics columns of n_orgs values */
	int32_t *ends;                       /* source, target of tie j at 2j, 2j + 1 once
	                                        the network's graph is released; else NULL */
} export_data;

typedef enum { T_STRING, T_DOUBLE, T_INT } value_type;

typedef struct {
	int present;
	const char *text;
	double number;
	long long integer;
} value;

/* Org attributes before the metrics, in the order every format lists them. */
/* `placed` says where lat/lon came from (file, city, state, none): a graph
 * import drops the coordinates the gazetteer or a state's point gave, and
 * finds them again, so the store's orgs come back as they were. */
enum { A_KEY, A_NAME, A_LABEL, A_KIND, A_PARENT, A_COUNTRY, A_STATE, A_CITY, A_LAT, A_LON,
       A_PLACED, A_FOUNDED, A_ENDED, A_ISSUES, A_ALIASES, N_ORG_ATTRS };
static const char *const org_attr_names[N_ORG_ATTRS] = {
	"key", "name", "label", "kind", "parent", "country", "state", "city", "lat", "lon",
	"placed", "founded", "ended", "issues", "aliases",
};
static const value_type org_attr_types[N_ORG_ATTRS] = {
	T_STRING, T_STRING, T_STRING, T_STRING, T_STRING, T_STRING, T_STRING, T_STRING, T_DOUBLE,
	T_DOUBLE, T_STRING, T_STRING, T_STRING, T_STRING, T_STRING,
};

/* `id` is the tie's stable id (the id column of ties.csv), absent when it has none. */
enum { E_KIND, E_SIGN, E_WEIGHT, E_START, E_END, E_DIRECTED, E_NOTE, E_PRIVATE, E_SOURCES,
       E_ID, N_TIE_ATTRS };
static const char *const tie_attr_names[N_TIE_ATTRS] = {
	"kind", "sign", "weight", "start", "end", "directed", "note", "private", "sources", "id",
};
static const value_type tie_attr_types[N_TIE_ATTRS] = {
	T_STRING, T_INT, T_DOUBLE, T_STRING, T_STRING, T_INT, T_STRING, T_INT, T_STRING, T_STRING,
};

/* An org's attributes are the fixed ones, then the metrics, then the
 * extra ones; a tie's the fixed ones, then the extra ones. */
static size_t n_org_attrs(const export_data *d)
{
	return N_ORG_ATTRS + d->n_metrics + d->org_extra.n;
}

static const char *org_attr_name(const export_data *d, size_t a)
{
	if (a < N_ORG_ATTRS)
		return org_attr_names[a];
	if (a < N_ORG_ATTRS + d->n_metrics)
		return d->metric_attrs[a - N_ORG_ATTRS];
	return d->org_extra.names[a - N_ORG_ATTRS - d->n_metrics];
}

/* The name as GML and DOT take it. */
static const char *org_attr_ident(const export_data *d, size_t a)
{
	if (a < N_ORG_ATTRS + d->n_metrics)
		return org_attr_name(d, a);
	return d->org_extra.idents[a - N_ORG_ATTRS - d->n_metrics];
}

static value_type org_attr_type(const export_data *d, size_t a)
{
	return a < N_ORG_ATTRS ? org_attr_types[a] : a < N_ORG_ATTRS + d->n_metrics ? T_DOUBLE
	       : T_STRING;
}

static size_t n_tie_attrs(const export_data *d)
{
	return N_TIE_ATTRS + d->tie_extra.n;
}

static const char *tie_attr_name(const export_data *d, size_t a)
{
	return a < N_TIE_ATTRS ? tie_attr_names[a] : d->tie_extra.names[a - N_TIE_ATTRS];
}

static const char *tie_attr_ident(const export_data *d, size_t a)
{
	return a < N_TIE_ATTRS ? tie_attr_names[a] : d->tie_extra.idents[a - N_TIE_ATTRS];
}

static value_type tie_attr_type(size_t a)
{
	return a < N_TIE_ATTRS ? tie_attr_types[a] : T_STRING;
}

static value text_value(const char *text)
{
	value v = {text && text[0], text, 0, 0};
	return v;
}

static value number_value(double x)
{
	value v = {!isnan(x), NULL, x, 0};
	return v;
}

static value integer_value(long long i)
{
	value v = {1, NULL, 0, i};
	return v;
}

static double metric_at(const metric_column *c, igraph_integer_t i)
{
	if (c->real)
		return c->real[i];
	return c->whole && c->whole[i] != INT32_MIN ? c->whole[i] : NAN;
}

static value org_value(const export_data *d, igraph_integer_t i, size_t a)
{
	const co_org *org = &d->net->orgs[i];

	switch (a) {
	case A_KEY: return text_value(org->key);
	case A_NAME: case A_LABEL: return text_value(org->name);
	case A_KIND: return text_value(org->kind);
	case A_PARENT: return text_value(org->parent >= 0 ? d->net->orgs[org->parent].key : NULL);
	case A_STATE: return text_value(org->state);
	case A_CITY: return text_value(org->city);
	case A_LAT: return number_value(org->lat);
	case A_LON: return number_value(org->lon);
	case A_COUNTRY: return text_value(d->org_text.text + d->country[i]);
	case A_PLACED: return text_value(d->org_text.text + d->placed[i]);
	case A_ENDED: return text_value(d->org_text.text + d->ended[i]);
	case A_FOUNDED: return text_value(d->org_text.text + d->founded[i]);
	case A_ISSUES: return text_value(d->org_text.text + d->issues[i]);
	case A_ALIASES: return text_value(d->org_text.text + d->aliases[i]);
	default:
		if (a < N_ORG_ATTRS + d->n_metrics)
			return number_value(metric_at(&d->metrics[a - N_ORG_ATTRS], i));
		return text_value(d->org_extra.values[(size_t)i * d->org_extra.n +
		                                      (a - N_ORG_ATTRS - d->n_metrics)]);
	}
}

static const tie_cursor *tie_fetch(const export_data *d, igraph_integer_t j);

/* The org a tie is recorded from and to (co_network_tie_source()), from the
 * ends kept when the graph was released (co_export_file_releasing()). */
static igraph_integer_t tie_source(const export_data *d, igraph_integer_t j)
{
	return d->ends ? d->ends[2 * j] : co_network_tie_source(d->net, j);
}

static igraph_integer_t tie_target(const export_data *d, igraph_integer_t j)
{
	return d->ends ? d->ends[2 * j + 1] : co_network_tie_target(d->net, j);
}

/* Attribute a of tie j; a date is written into `date`, which the value
 * then points to. */
static value tie_value(const export_data *d, igraph_integer_t j, size_t a, char date[11])
{
	const co_network *net = d->net;
	const tie_cursor *cur;

	switch (a) {
	case E_KIND: return text_value(co_network_tie_kind(net, j));
	case E_SIGN: return integer_value(co_network_tie_sign(net, j));
	case E_WEIGHT: return number_value(co_network_tie_weight(net, j));
	case E_START: return text_value(co_network_tie_start(net, j, date));
	case E_END: return text_value(co_network_tie_end(net, j, date));
	case E_DIRECTED: return integer_value(co_network_tie_directed(net, j));
	}
	cur = tie_fetch(d, j);
	switch (a) {
	case E_PRIVATE: return integer_value(cur->private_flag);
	case E_SOURCES: return text_value(cur->text.text + cur->sources);
	case E_ID: return text_value(cur->text.text + cur->key);
	case E_NOTE: return text_value(cur->text.text + cur->note);
	default: return text_value(cur->extra[a - N_TIE_ATTRS]);
	}
}

/* A value as text: numbers with 17 significant digits, so they round-trip. */
static void value_text(char *buf, size_t size, value v, value_type type)
{
	if (!v.present)
		buf[0] = '\0';
	else if (type == T_STRING)
		snprintf(buf, size, "%s", v.text);
	else if (type == T_INT)
		snprintf(buf, size, "%lld", v.integer);
	else
		snprintf(buf, size, "%.17g", v.number);
}

static void free_strings(char **list, size_t n)
{
	if (!list)
		return;
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

static void extra_set_free(extra_set *x)
{
	free_strings(x->names, x->n);
	free_strings(x->idents, x->n);
	free_strings(x->values, x->rows * x->n);
}

static void tie_cursor_free(tie_cursor *cur)
{
	if (!cur)
		return;
	sqlite3_finalize(cur->ties);
	sqlite3_finalize(cur->attrs);
	free(cur->text.text);
	free(cur->extra_at);
	free(cur->extra);
	free(cur);
}

static void export_data_free(export_data *d)
{
	free(d->org_text.text);
	free(d->founded);
	free(d->issues);
	free(d->aliases);
	free(d->country);
	free(d->ended);
	free(d->placed);
	tie_cursor_free(d->ties);
	free_strings(d->metric_names, d->n_metrics);
	free_strings(d->metric_attrs, d->n_metrics);
	for (size_t k = 0; d->metrics && k < d->n_metrics; k++) {
		free(d->metrics[k].whole);
		free(d->metrics[k].real);
	}
	free(d->metrics);
	free(d->ends);
	extra_set_free(&d->org_extra);
	extra_set_free(&d->tie_extra);
}

typedef struct {
	int64_t id;
	igraph_integer_t index;
} id_index;

static int compare_id_index(const void *a, const void *b)
{
	int64_t x = ((const id_index *)a)->id, y = ((const id_index *)b)->id;
	return (x > y) - (x < y);
}

static igraph_integer_t find_id(const id_index *map, size_t n, int64_t id)
{
	id_index key = {id, 0};
	const id_index *found = bsearch(&key, map, n, sizeof(*map), compare_id_index);
	return found ? found->index : -1;
}

static char *column_copy(sqlite3_stmt *stmt, int column)
{
	const unsigned char *text = sqlite3_column_text(stmt, column);
	return strdup(text ? (const char *)text : "");
}

/* Makes room for `more` bytes at the end of the pool (its first byte, the
 * empty string, made on first use).  Offsets are 32 bits: -1 past 4 GiB. */
static int pool_reserve(string_pool *p, size_t more)
{
	size_t need = (p->used ? p->used : 1) + more;

	if (need > UINT32_MAX)
		return -1;
	if (need > p->size) {
		size_t size = p->size ? p->size : 4096;
		char *grown;
		while (size < need)
			size *= 2;
		if (!(grown = realloc(p->text, size)))
			return -1;
		p->text = grown;
		p->size = size;
	}
	if (!p->used) {
		p->text[0] = '\0';
		p->used = 1;
	}
	return 0;
}

/* Adds text (NULL or "" for none) to the pool; *at is its offset. */
static int pool_add(string_pool *p, uint32_t *at, const char *text)
{
	size_t n = text ? strlen(text) : 0;

	if (pool_reserve(p, n + 1) < 0)
		return -1;
	if (n == 0) {
		*at = 0;
		return 0;
	}
	memcpy(p->text + p->used, text, n + 1);
	*at = (uint32_t)p->used;
	p->used += n + 1;
	return 0;
}

/* Appends ";alias" to the string at *at, the last one of the pool, or adds
 * "alias" when *at is empty. */
static int pool_append_alias(string_pool *p, uint32_t *at, const char *alias)
{
	size_t n = strlen(alias);

	if (*at == 0)
		return pool_add(p, at, alias);
	if (pool_reserve(p, n + 1) < 0)
		return -1;
	p->text[p->used - 1] = ';';
	memcpy(p->text + p->used, alias, n + 1);
	p->used += n + 1;
	return 0;
}

static const char *column_text(sqlite3_stmt *stmt, int column)
{
	return (const char *)sqlite3_column_text(stmt, column);
}

static co_status prepare(sqlite3_stmt **stmt, co_store *store, const char *sql)
{
	if (sqlite3_prepare_v2(co_store_db(store), sql, -1, stmt, NULL) != SQLITE_OK)
		return co_store_error(store, "cannot read the store for export");
	return CO_OK;
}

static co_status finish(sqlite3_stmt *stmt, co_store *store, int rc)
{
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return co_store_error(store, "cannot read the store for export");
	return CO_OK;
}

static co_status load_org_details(export_data *d, co_store *store, const id_index *orgs)
{
	size_t n = (size_t)d->net->n_orgs;
	sqlite3_stmt *stmt = NULL;
	co_status status;
	int rc;

	if ((status = prepare(&stmt, store, "SELECT id, founded, issues, country, ended, placed"
	                                    " FROM orgs")) != CO_OK)
		return status;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		igraph_integer_t v = find_id(orgs, n, sqlite3_column_int64(stmt, 0));
		uint32_t *fields[] = {d->founded, d->issues, d->country, d->ended, d->placed};
		if (v < 0)
			continue;
		for (int c = 0; c < 5; c++) {
			if (pool_add(&d->org_text, &fields[c][v], column_text(stmt, c + 1)) < 0) {
				sqlite3_finalize(stmt);
				return co_error_set(CO_ENOMEM, "out of memory reading orgs for export");
			}
		}
	}
	if ((status = finish(stmt, store, rc)) != CO_OK)
		return status;
	if ((status = prepare(&stmt, store,
	        "SELECT org_id, alias FROM aliases ORDER BY org_id, alias")) != CO_OK)
		return status;
	/* In org order: an org's aliases follow one another, so its list is
	 * the last string of the pool while they are added. */
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		igraph_integer_t v = find_id(orgs, n, sqlite3_column_int64(stmt, 0));
		const char *alias = (const char *)sqlite3_column_text(stmt, 1);
		if (v >= 0 && alias && pool_append_alias(&d->org_text, &d->aliases[v], alias) < 0) {
			sqlite3_finalize(stmt);
			return co_error_set(CO_ENOMEM, "out of memory reading aliases for export");
		}
	}
	return finish(stmt, store, rc);
}

/* Copies `name` into w (room for strlen(name) + 1) with every byte but
 * [A-Za-z0-9_] made '_': names GML, DOT and every other format accept. */
static void copy_ident_chars(char *w, const char *name)
{
	for (const char *p = name; *p; p++)
		*w++ = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		       (*p >= '0' && *p <= '9') ? *p : '_';
	*w = '\0';
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The statements of a tie_cursor: each stored tie's note (left out with
 * --public), private flag, source keys (without private sources with
 * --public) and key; and the tie attributes, by tie and name. */
static const char tie_details_sql[] =
	"SELECT t.id, t.note, t.private, (SELECT group_concat(key, ';') FROM"
	"  (SELECT s.key FROM tie_sources ts JOIN sources s ON s.id = ts.source_id"
	"   WHERE ts.tie_id = t.id AND NOT (?1 AND s.private) ORDER BY s.key)), t.key"
	" FROM ties t WHERE t.id >= ?2 ORDER BY t.id";
static const char tie_attributes_sql[] =
	"SELECT owner_id, name, value FROM attributes WHERE owner = 'tie' AND owner_id >= ?1"
	" ORDER BY owner_id, name";

static co_status tie_cursor_new(tie_cursor **out, co_store *store, const export_data *d)
{
	tie_cursor *cur = calloc(1, sizeof(*cur));

	*out = cur;
	if (!cur)
		return co_error_set(CO_ENOMEM, "out of memory preparing the export");
	cur->store = store;
	cur->public_only = d->net->view.public_only;
	cur->n_extra = d->tie_extra.n;
	cur->extra_names = d->tie_extra.names;
	cur->j = -1;
	cur->extra_at = malloc((cur->n_extra + 1) * sizeof(*cur->extra_at));
	cur->extra = calloc(cur->n_extra + 1, sizeof(*cur->extra));
	if (!cur->extra_at || !cur->extra || pool_reserve(&cur->text, 0) < 0)
		return co_error_set(CO_ENOMEM, "out of memory preparing the export");
	return CO_OK;
}

/*
 * Moves `stmt` (its first column a row id, its last parameter the lowest
 * id wanted) to the first row whose id is `id` or more: forward from where
 * it stands when `id` is past the id it last sought, else anew.  *at is
 * the id of that row, INT64_MAX when there is none.  CO_EDB.
 */
static co_status cursor_seek(tie_cursor *cur, sqlite3_stmt **stmt, const char *sql, int param,
                             int64_t *asked, int64_t *at, int64_t id)
{
	int rc = SQLITE_ROW;

	if (!*stmt) {
		if (sqlite3_prepare_v2(co_store_db(cur->store), sql, -1, stmt, NULL) != SQLITE_OK)
			return co_store_error(cur->store, "cannot read the store for export");
		if (param > 1)
			sqlite3_bind_int(*stmt, 1, cur->public_only);
	}
	if (*asked == 0 || id <= *asked) {
		sqlite3_reset(*stmt);
		sqlite3_bind_int64(*stmt, param, id);
		*at = 0;
	}
	*asked = id;
	while (*at < id && (rc = sqlite3_step(*stmt)) == SQLITE_ROW)
		*at = sqlite3_column_int64(*stmt, 0);
	if (rc == SQLITE_DONE)
		*at = INT64_MAX;
	else if (rc != SQLITE_ROW)
		return co_store_error(cur->store, "cannot read the store for export");
	return CO_OK;
}

/* Adds the tie attribute of the row `cur->attrs` stands on to the tie's
 * values (a name left out of the export is skipped). */
static int cursor_add_attribute(tie_cursor *cur)
{
	const char *name = column_text(cur->attrs, 1);
	char **found = name ? bsearch(&name, cur->extra_names, cur->n_extra, sizeof(char *),
	                              compare_strings) : NULL;
	const char *text = column_text(cur->attrs, 2);

	if (!found)
		return 0;
	return pool_add(&cur->text, &cur->extra_at[found - cur->extra_names], text ? text : "");
}

/* Reads what the store holds of the stored tie `id` into the cursor. */
static co_status cursor_read(tie_cursor *cur, int64_t id)
{
	co_status status;
	int rc = SQLITE_ROW;

	if ((status = cursor_seek(cur, &cur->ties, tie_details_sql, 2, &cur->ties_asked,
	                          &cur->ties_at, id)) != CO_OK)
		return status;
	if (cur->ties_at == id) {
		sqlite3_stmt *stmt = cur->ties;
		cur->private_flag = sqlite3_column_int(stmt, 2) != 0;
		/* A note is free text (who said what to whom): --public leaves it out. */
		if (pool_add(&cur->text, &cur->note, cur->public_only ? NULL : column_text(stmt, 1)) < 0 ||
		    pool_add(&cur->text, &cur->sources, column_text(stmt, 3)) < 0 ||
		    pool_add(&cur->text, &cur->key, column_text(stmt, 4)) < 0)
			return co_error_set(CO_ENOMEM, "out of memory reading ties for export");
	}
	if (cur->n_extra == 0)
		return CO_OK;
	if ((status = cursor_seek(cur, &cur->attrs, tie_attributes_sql, 1, &cur->attrs_asked,
	                          &cur->attrs_at, id)) != CO_OK)
		return status;
	while (cur->attrs_at == id) {
		if (cursor_add_attribute(cur) < 0)
			return co_error_set(CO_ENOMEM, "out of memory reading attributes for export");
		if ((rc = sqlite3_step(cur->attrs)) == SQLITE_ROW)
			cur->attrs_at = sqlite3_column_int64(cur->attrs, 0);
		else if (rc == SQLITE_DONE)
			cur->attrs_at = INT64_MAX;
		else
			return co_store_error(cur->store, "cannot read the store for export");
	}
	return CO_OK;
}

/*
 * The cursor holding what the store has of tie j (nothing for a tie that
 * is not a stored row: co-participation, parent link, group): read when j
 * is not the tie it holds.  After a failure (in d->ties->status, returned
 * by the writer's caller) every tie reads as having nothing.
 */
static const tie_cursor *tie_fetch(const export_data *d, igraph_integer_t j)
{
	tie_cursor *cur = d->ties;
	int64_t id = co_network_tie_id(d->net, j);

	if (cur->j == j)
		return cur;
	cur->j = j;
	cur->text.used = 1;
	cur->note = cur->sources = cur->key = 0;
	cur->private_flag = 0;
	for (size_t k = 0; k < cur->n_extra; k++)
		cur->extra_at[k] = UINT32_MAX;
	if (id > 0 && cur->status == CO_OK && (cur->status = cursor_read(cur, id)) != CO_OK) {
		cur->text.used = 1;
		cur->note = cur->sources = cur->key = 0;
		cur->private_flag = 0;
		for (size_t k = 0; k < cur->n_extra; k++)
			cur->extra_at[k] = UINT32_MAX;
	}
	for (size_t k = 0; k < cur->n_extra; k++)
		cur->extra[k] = cur->extra_at[k] == UINT32_MAX ? NULL : cur->text.text + cur->extra_at[k];
	return cur;
}

/* Sets org v's value of a column of n: in 32 bits while it is a whole
 * number there (not -0), else in doubles from then on; -1 when out of memory. */
static int metric_set(metric_column *c, size_t n, igraph_integer_t v, double x)
{
	int whole = !c->real && x >= -INT32_MAX && x <= INT32_MAX && x == (double)(int32_t)x &&
	            !(x == 0 && signbit(x));

	if (whole && !c->whole) {
		if (!(c->whole = malloc((n + 1) * sizeof(*c->whole))))
			return -1;
		for (size_t i = 0; i < n; i++)
			c->whole[i] = INT32_MIN;
	}
	if (whole) {
		c->whole[v] = (int32_t)x;
		return 0;
	}
	if (!c->real) {
		if (!(c->real = malloc((n + 1) * sizeof(*c->real))))
			return -1;
		for (size_t i = 0; i < n; i++)
			c->real[i] = c->whole && c->whole[i] != INT32_MIN ? c->whole[i] : NAN;
		free(c->whole);
		c->whole = NULL;
	}
	c->real[v] = x;
	return 0;
}

static co_status load_metrics(export_data *d, co_store *store)
{
	sqlite3_stmt *stmt = NULL;
	size_t cap = 0;
	co_status status;
	int rc;
	/* With --public only the metrics of public runs are exported: the others
	 * were computed with private or friction ties and would reveal them. */
	int public_only = d->net->view.public_only;

	if ((status = prepare(&stmt, store, public_only ?
	        "SELECT DISTINCT m.name FROM metrics m JOIN runs r ON r.id = m.run_id"
	        " WHERE " CO_STORE_PUBLIC_RUN("r") " ORDER BY m.name" :
	        "SELECT DISTINCT name FROM metrics ORDER BY name")) != CO_OK)
		return status;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (d->n_metrics == cap) {
			size_t grown_cap = cap ? 2 * cap : 16;
			char **names = realloc(d->metric_names, grown_cap * sizeof(char *));
			char **attrs = names ? realloc(d->metric_attrs, grown_cap * sizeof(char *)) : NULL;
			if (names)
				d->metric_names = names;
			if (attrs)
				d->metric_attrs = attrs;
			if (!names || !attrs) {
				sqlite3_finalize(stmt);
				return co_error_set(CO_ENOMEM, "out of memory reading metrics");
			}
			cap = grown_cap;
		}
		char *name = column_copy(stmt, 0);
		char *attr = name ? malloc(strlen(name) + 8) : NULL;
		if (!attr) {
			free(name);
			sqlite3_finalize(stmt);
			return co_error_set(CO_ENOMEM, "out of memory reading metrics");
		}
		/* Attribute names every format accepts: letters, digits, '_'. */
		strcpy(attr, "metric_");
		copy_ident_chars(attr + 7, name);
		d->metric_names[d->n_metrics] = name;
		d->metric_attrs[d->n_metrics++] = attr;
	}
	if ((status = finish(stmt, store, rc)) != CO_OK || d->n_metrics == 0)
		return status;
	if (!(d->metrics = calloc(d->n_metrics, sizeof(*d->metrics))))
		return co_error_set(CO_ENOMEM, "out of memory reading metrics");
	if ((status = prepare(&stmt, store, public_only ?
	        "SELECT o.key, m.name, m.value FROM metrics m JOIN orgs o ON o.id = m.org_id"
	        " WHERE m.run_id = (SELECT max(m2.run_id) FROM metrics m2"
	        " JOIN runs r ON r.id = m2.run_id WHERE m2.org_id = m.org_id"
	        " AND m2.name = m.name AND " CO_STORE_PUBLIC_RUN("r") ")" :
	        "SELECT key, name, value FROM v_metrics")) != CO_OK)
		return status;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		igraph_integer_t v = co_network_key_vertex(d->net, (const char *)sqlite3_column_text(stmt, 0));
		const char *name = (const char *)sqlite3_column_text(stmt, 1);
		char **found = name ? bsearch(&name, d->metric_names, d->n_metrics, sizeof(char *),
		                              compare_strings) : NULL;
		if (v < 0 || !found || sqlite3_column_type(stmt, 2) == SQLITE_NULL)
			continue;
		if (metric_set(&d->metrics[found - d->metric_names], (size_t)d->net->n_orgs, v,
		               sqlite3_column_double(stmt, 2)) < 0) {
			sqlite3_finalize(stmt);
			return co_error_set(CO_ENOMEM, "out of memory reading metrics");
		}
	}
	return finish(stmt, store, rc);
}

/* An identifier GML and DOT accept: [A-Za-z0-9_] kept, anything else '_',
 * and a leading '_' when the name starts with a digit. */
static char *make_ident(const char *name)
{
	char *ident = malloc(strlen(name) + 2), *w = ident;

	if (!ident)
		return NULL;
	if (*name >= '0' && *name <= '9')
		*w++ = '_';
	copy_ident_chars(w, name);
	return ident;
}

/* Whether an attribute's name is taken by a fixed attribute of the export
 * (an import column never is; "label" or "placed" could be): such an
 * attribute is left out rather than written twice. */
static int name_taken(const char *name, const char *const *fixed, size_t n_fixed)
{
	for (size_t k = 0; k < n_fixed; k++)
		if (strcmp(name, fixed[k]) == 0)
			return 1;
	return strncmp(name, "metric_", 7) == 0 || strcmp(name, "from") == 0 ||
	       strcmp(name, "to") == 0 || strcmp(name, "attributes") == 0 ||
	       strcmp(name, "metrics") == 0 || strcmp(name, "source") == 0 ||
	       strcmp(name, "target") == 0;
}

/* The attributes of `owner` ("org" or "tie") of the rows in `index`
 * (sorted by id; `rows` of them); only their names when index is NULL. */
static co_status load_extra(extra_set *x, co_store *store, const char *owner,
                            const id_index *index, size_t rows, const char *const *fixed,
                            size_t n_fixed)
{
	sqlite3_stmt *stmt = NULL;
	co_status status;
	size_t cap = 0;
	int rc;

	x->rows = rows;
	if ((status = prepare(&stmt, store, "SELECT DISTINCT name FROM attributes WHERE owner = ?1"
	                                    " ORDER BY name")) != CO_OK)
		return status;
	sqlite3_bind_text(stmt, 1, owner, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(stmt, 0);
		if (!name || name_taken(name, fixed, n_fixed))
			continue;
		if (x->n == cap) {
			size_t grown = cap ? 2 * cap : 8;
			char **names = realloc(x->names, grown * sizeof(char *));
			char **idents = names ? realloc(x->idents, grown * sizeof(char *)) : NULL;
			if (names)
				x->names = names;
			if (idents)
				x->idents = idents;
			if (!names || !idents)
				goto oom;
			cap = grown;
		}
		x->names[x->n] = strdup(name);
		x->idents[x->n] = make_ident(name);
		x->n++;
		if (!x->names[x->n - 1] || !x->idents[x->n - 1])
			goto oom;
	}
	if ((status = finish(stmt, store, rc)) != CO_OK || x->n == 0 || !index)
		return status;
	if (!(x->values = calloc(rows * x->n + 1, sizeof(char *))))
		return co_error_set(CO_ENOMEM, "out of memory reading attributes for export");
	if ((status = prepare(&stmt, store, "SELECT owner_id, name, value FROM attributes"
	                                    " WHERE owner = ?1")) != CO_OK)
		return status;
	sqlite3_bind_text(stmt, 1, owner, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		igraph_integer_t row = find_id(index, rows, sqlite3_column_int64(stmt, 0));
		const char *name = (const char *)sqlite3_column_text(stmt, 1);
		char **found = row >= 0 && name ? bsearch(&name, x->names, x->n, sizeof(char *),
		                                          compare_strings) : NULL;
		if (!found)
			continue; /* another view's row, or a name left out */
		if (!(x->values[(size_t)row * x->n + (size_t)(found - x->names)] =
		      column_copy(stmt, 2)))
			goto oom;
	}
	return finish(stmt, store, rc);
oom:
	sqlite3_finalize(stmt);
	return co_error_set(CO_ENOMEM, "out of memory reading attributes for export");
}

/* The attributes of the view's orgs, and the names of its stored ties'
 * (their values are read tie by tie: tie_cursor).  A roll-up's vertices
 * and ties are groups: they have none. */
static co_status load_extras(export_data *d, co_store *store, const id_index *orgs)
{
	const co_network *net = d->net;
	co_status status;

	if (net->view.rollup != CO_ROLLUP_NONE)
		return CO_OK;
	if ((status = load_extra(&d->org_extra, store, "org", orgs, (size_t)net->n_orgs,
	                         org_attr_names, N_ORG_ATTRS)) != CO_OK)
		return status;
	return load_extra(&d->tie_extra, store, "tie", NULL, 0, tie_attr_names, N_TIE_ATTRS);
}

/* Keeps the ends of the ties in 32 bits and frees the network's igraph
 * graph (co_network_release_graph()), which no writer reads then: at 1.1M
 * ties 9 MB kept for the graph's 39. */
static co_status release_graph(export_data *d, co_network *release)
{
	igraph_integer_t m = release->n_ties;

	if (!release->has_graph || release->n_orgs >= INT32_MAX)
		return CO_OK;
	if (!(d->ends = malloc(2 * ((size_t)m + 1) * sizeof(*d->ends))))
		return co_error_set(CO_ENOMEM, "out of memory preparing the export");
	for (igraph_integer_t j = 0; j < m; j++) {
		d->ends[2 * j] = (int32_t)co_network_tie_source(release, j);
		d->ends[2 * j + 1] = (int32_t)co_network_tie_target(release, j);
	}
	co_network_release_graph(release);
	return CO_OK;
}

/* `release`: net itself, whose graph goes before the rest is read, or NULL. */
static co_status export_data_load(export_data *d, co_store *store, const co_network *net,
                                  co_network *release)
{
	size_t n = (size_t)net->n_orgs;
	id_index *orgs = NULL;
	co_status status;

	memset(d, 0, sizeof(*d));
	d->net = net;
	if (release && (status = release_graph(d, release)) != CO_OK)
		return status;
	if ((status = co_network_load_names(net)) != CO_OK)
		return status;
	/* Every offset 0 (""), and each pool holding its empty string. */
	d->founded = calloc(n + 1, sizeof(uint32_t));
	d->issues = calloc(n + 1, sizeof(uint32_t));
	d->aliases = calloc(n + 1, sizeof(uint32_t));
	d->country = calloc(n + 1, sizeof(uint32_t));
	d->ended = calloc(n + 1, sizeof(uint32_t));
	d->placed = calloc(n + 1, sizeof(uint32_t));
	orgs = calloc(n + 1, sizeof(*orgs));
	if (!d->founded || !d->issues || !d->aliases || !d->country || !d->ended || !d->placed ||
	    !orgs || pool_reserve(&d->org_text, 0) < 0) {
		status = co_error_set(CO_ENOMEM, "out of memory preparing the export");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		orgs[i].id = net->orgs[i].id;
		orgs[i].index = (igraph_integer_t)i;
	}
	qsort(orgs, n, sizeof(*orgs), compare_id_index);
	if ((status = load_org_details(d, store, orgs)) != CO_OK ||
	    (status = load_extras(d, store, orgs)) != CO_OK ||
	    (status = tie_cursor_new(&d->ties, store, d)) != CO_OK)
		goto done;
	/* A roll-up's vertices are groups: the metrics stored are of orgs. */
	if (net->view.rollup == CO_ROLLUP_NONE)
		status = load_metrics(d, store);
done:
	free(orgs);
	return status;
}

/* ---- writers ---- */

/*
 * The code point of the UTF-8 sequence at s and its length in *len, or -1
 * (length 1) for a byte that starts no valid sequence: a store written by
 * other tools than `import` may hold any bytes (GLib's validation: no
 * overlong forms, no surrogates).
 */
static long utf8_code_point(const char *s, int *len)
{
	gunichar c = g_utf8_get_char_validated(s, -1);

	if (c == (gunichar)-1 || c == (gunichar)-2) {
		*len = 1;
		return -1;
	}
	*len = (int)(g_utf8_next_char(s) - s);
	return (long)c;
}

/* XML text: escapes markup, keeps line breaks in attributes, drops the
 * control characters XML 1.0 cannot hold, and writes U+FFFD for what is
 * not a character of XML (U+FFFE, U+FFFF) or not UTF-8 at all. */
static void xml_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x80) {
			int len;
			long cp = utf8_code_point(s, &len);
			if (cp < 0 || cp == 0xFFFE || cp == 0xFFFF)
				fputs("\xEF\xBF\xBD", out);
			else
				fwrite(s, 1, (size_t)len, out);
			s += len - 1;
			continue;
		}
		switch (c) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\n': fputs("&#10;", out); break;
		case '\r': fputs("&#13;", out); break;
		case '\t': fputs("&#9;", out); break;
		default:
			if (c >= 0x20)
				fputc(c, out);
		}
	}
}

static const char *graphml_type(value_type type)
{
	return type == T_STRING ? "string" : type == T_INT ? "int" : "double";
}

static void write_graphml(FILE *out, const export_data *d)
{
	char date[11]; /* a tie date being written */
	const co_network *net = d->net;
	char buf[64];

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
	      "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
	      "    xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
	      "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n", out);
	for (size_t a = 0; a < n_org_attrs(d); a++) {
		fprintf(out, "  <key id=\"v%zu\" for=\"node\" attr.name=\"", a);
		xml_text(out, org_attr_name(d, a));
		fprintf(out, "\" attr.type=\"%s\"/>\n", graphml_type(org_attr_type(d, a)));
	}
	for (size_t a = 0; a < n_tie_attrs(d); a++)
	{
		fprintf(out, "  <key id=\"e%zu\" for=\"edge\" attr.name=\"", a);
		xml_text(out, tie_attr_name(d, a));
		fprintf(out, "\" attr.type=\"%s\"/>\n", graphml_type(tie_attr_type(a)));
	}
	fputs("  <key id=\"from\" for=\"edge\" attr.name=\"from\" attr.type=\"string\"/>\n"
	      "  <key id=\"to\" for=\"edge\" attr.name=\"to\" attr.type=\"string\"/>\n", out);
	fputs("  <graph id=\"coalition\" edgedefault=\"undirected\">\n", out);
	for (igraph_integer_t i = 0; i < net->n_orgs; i++) {
		fputs("    <node id=\"", out);
		xml_text(out, net->orgs[i].key);
		fputs("\">\n", out);
		for (size_t a = 0; a < n_org_attrs(d); a++) {
			value v = org_value(d, i, a);
			if (!v.present)
				continue;
			fprintf(out, "      <data key=\"v%zu\">", a);
			if (org_attr_type(d, a) == T_STRING)
				xml_text(out, v.text);
			else {
				value_text(buf, sizeof(buf), v, org_attr_type(d, a));
				fputs(buf, out);
			}
			fputs("</data>\n", out);
		}
		fputs("    </node>\n", out);
	}
	for (igraph_integer_t j = 0; j < net->n_ties; j++) {
		fputs("    <edge source=\"", out);
		xml_text(out, net->orgs[tie_source(d, j)].key);
		fputs("\" target=\"", out);
		xml_text(out, net->orgs[tie_target(d, j)].key);
		fputs("\">\n      <data key=\"from\">", out);
		xml_text(out, net->orgs[tie_source(d, j)].key);
		fputs("</data>\n      <data key=\"to\">", out);
		xml_text(out, net->orgs[tie_target(d, j)].key);
		fputs("</data>\n", out);
		for (size_t a = 0; a < n_tie_attrs(d); a++) {
			value v = tie_value(d, j, a, date);
			if (!v.present)
				continue;
			fprintf(out, "      <data key=\"e%zu\">", a);
			if (tie_attr_type(a) == T_STRING)
				xml_text(out, v.text);
			else {
				value_text(buf, sizeof(buf), v, tie_attr_type(a));
				fputs(buf, out);
			}
			fputs("</data>\n", out);
		}
		fputs("    </edge>\n", out);
	}
	fputs("  </graph>\n</graphml>\n", out);
}

static const char *gexf_type(value_type type)
{
	return type == T_STRING ? "string" : type == T_INT ? "integer" : "double";
}

/* GEXF puts the weight on the edge element itself, so it is not an attvalue;
 * the name is the node's label, not an attvalue either. */
static void write_gexf(FILE *out, const export_data *d)
{
	char date[11]; /* a tie date being written */
	const co_network *net = d->net;
	char buf[64];

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<gexf xmlns=\"http://www.gexf.net/1.2draft\" version=\"1.2\">\n"
	      "  <meta><creator>coalition</creator></meta>\n"
	      "  <graph mode=\"static\" defaultedgetype=\"undirected\">\n"
	      "    <attributes class=\"node\">\n", out);
	for (size_t a = 0; a < n_org_attrs(d); a++) {
		if (a == A_NAME || a == A_LABEL)
			continue;
		fprintf(out, "      <attribute id=\"%zu\" title=\"", a);
		xml_text(out, org_attr_name(d, a));
		fprintf(out, "\" type=\"%s\"/>\n", gexf_type(org_attr_type(d, a)));
	}
	fputs("    </attributes>\n    <attributes class=\"edge\">\n", out);
	for (size_t a = 0; a < n_tie_attrs(d); a++)
		if (a != E_WEIGHT) {
			fprintf(out, "      <attribute id=\"%zu\" title=\"", a);
			xml_text(out, tie_attr_name(d, a));
			fprintf(out, "\" type=\"%s\"/>\n", gexf_type(tie_attr_type(a)));
		}
	fputs("    </attributes>\n    <nodes>\n", out);
	for (igraph_integer_t i = 0; i < net->n_orgs; i++) {
		fputs("      <node id=\"", out);
		xml_text(out, net->orgs[i].key);
		fputs("\" label=\"", out);
		xml_text(out, net->orgs[i].name);
		fputs("\">\n        <attvalues>\n", out);
		for (size_t a = 0; a < n_org_attrs(d); a++) {
			value v = org_value(d, i, a);
			if (!v.present || a == A_NAME || a == A_LABEL)
				continue;
			fprintf(out, "          <attvalue for=\"%zu\" value=\"", a);
			if (org_attr_type(d, a) == T_STRING)
				xml_text(out, v.text);
			else {
				value_text(buf, sizeof(buf), v, org_attr_type(d, a));
				fputs(buf, out);
			}
			fputs("\"/>\n", out);
		}
		fputs("        </attvalues>\n      </node>\n", out);
	}
	fputs("    </nodes>\n    <edges>\n", out);
	for (igraph_integer_t j = 0; j < net->n_ties; j++) {
		value_text(buf, sizeof(buf), tie_value(d, j, E_WEIGHT, date), T_DOUBLE);
		fprintf(out, "      <edge id=\"%lld\" source=\"", (long long)j);
		xml_text(out, net->orgs[tie_source(d, j)].key);
		fputs("\" target=\"", out);
		xml_text(out, net->orgs[tie_target(d, j)].key);
		fprintf(out, "\" weight=\"%s\">\n        <attvalues>\n", buf);
		for (size_t a = 0; a < n_tie_attrs(d); a++) {
			value v = tie_value(d, j, a, date);
			if (!v.present || a == E_WEIGHT)
				continue;
			fprintf(out, "          <attvalue for=\"%zu\" value=\"", a);
			if (tie_attr_type(a) == T_STRING)
				xml_text(out, v.text);
			else {
				value_text(buf, sizeof(buf), v, tie_attr_type(a));
				fputs(buf, out);
			}
			fputs("\"/>\n", out);
		}
		fputs("        </attvalues>\n      </edge>\n", out);
	}
	fputs("    </edges>\n  </graph>\n</gexf>\n", out);
}

/* GML is ASCII (NetworkX refuses other bytes): strings hold no double
 * quote, and every character outside printable ASCII, line breaks included,
 * is a numeric character reference, as NetworkX writes them.  igraph's reader decodes only the named entities;
 * co_import_graph() decodes the numeric ones (decode_references()). */
static void gml_string(FILE *out, const char *s)
{
	fputc('"', out);
	while (*s) {
		unsigned char c = (unsigned char)*s;
		int len = 1;
		if (c == '"')
			fputs("&quot;", out);
		else if (c == '&') /* not &amp;: igraph would decode it before the references */
			fputs("&#38;", out);
		else if (c < 0x20) /* line breaks in notes: NetworkX reads a string on one line */
			fprintf(out, "&#%d;", c);
		else if (c < 0x80)
			fputc(c, out);
		else {
			long cp = utf8_code_point(s, &len);
			if (cp < 0)
				fputs("&#65533;", out);
			else
				fprintf(out, "&#%ld;", cp);
		}
		s += len;
	}
	fputc('"', out);
}

static void gml_value(FILE *out, const char *name, value v, value_type type)
{
	char buf[64];

	if (!v.present)
		return;
	fprintf(out, "    %s ", name);
	if (type == T_STRING)
		gml_string(out, v.text);
	else {
		value_text(buf, sizeof(buf), v, type);
		/* A GML real needs a decimal point or exponent to stay a real. */
		if (type == T_DOUBLE && !strpbrk(buf, ".eE") && isfinite(v.number))
			strcat(buf, ".0");
		fputs(buf, out);
	}
	fputc('\n', out);
}

static void write_gml(FILE *out, const export_data *d)
{
	char date[11]; /* a tie date being written */
	const co_network *net = d->net;

	/* multigraph 1: two orgs may have several ties (NetworkX refuses
	 * parallel edges without it; igraph ignores it). */
	fputs("Creator \"coalition\"\ngraph [\n  directed 0\n  multigraph 1\n", out);
	for (igraph_integer_t i = 0; i < net->n_orgs; i++) {
		fprintf(out, "  node [\n    id %lld\n", (long long)i);
		for (size_t a = 0; a < n_org_attrs(d); a++)
			gml_value(out, org_attr_ident(d, a), org_value(d, i, a), org_attr_type(d, a));
		fputs("  ]\n", out);
	}
	for (igraph_integer_t j = 0; j < net->n_ties; j++) {
		fprintf(out, "  edge [\n    source %lld\n    target %lld\n",
		        (long long)tie_source(d, j), (long long)tie_target(d, j));
		gml_value(out, "from", text_value(net->orgs[tie_source(d, j)].key), T_STRING);
		gml_value(out, "to", text_value(net->orgs[tie_target(d, j)].key), T_STRING);
		for (size_t a = 0; a < n_tie_attrs(d); a++)
			gml_value(out, tie_attr_ident(d, a), tie_value(d, j, a, date), tie_attr_type(a));
		fputs("  ]\n", out);
	}
	fputs("]\n", out);
}

static void dot_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		if (*s == '\n')
			fputs("\\n", out);
		else if (*s != '\r')
			fputc(*s, out);
	}
	fputc('"', out);
}

static void dot_attrs(FILE *out, const char *name, value v, value_type type, int *first)
{
	char buf[64];

	if (!v.present)
		return;
	fprintf(out, "%s%s=", *first ? "" : ", ", name);
	*first = 0;
	if (type == T_STRING)
		dot_string(out, v.text);
	else {
		value_text(buf, sizeof(buf), v, type);
		dot_string(out, buf);
	}
}

static void write_dot(FILE *out, const export_data *d)
{
	char date[11]; /* a tie date being written */
	const co_network *net = d->net;

	fputs("graph coalition {\n", out);
	for (igraph_integer_t i = 0; i < net->n_orgs; i++) {
		int first = 1;
		fputs("  ", out);
		dot_string(out, net->orgs[i].key);
		fputs(" [", out);
		for (size_t a = 0; a < n_org_attrs(d); a++)
			if (a != A_KEY) /* the node id is the key */
				dot_attrs(out, org_attr_ident(d, a), org_value(d, i, a), org_attr_type(d, a),
				          &first);
		fputs("];\n", out);
	}
	for (igraph_integer_t j = 0; j < net->n_ties; j++) {
		int first = 1;
		fputs("  ", out);
		dot_string(out, net->orgs[tie_source(d, j)].key);
		fputs(" -- ", out);
		dot_string(out, net->orgs[tie_target(d, j)].key);
		fputs(" [", out);
		for (size_t a = 0; a < n_tie_attrs(d); a++)
			dot_attrs(out, tie_attr_ident(d, a), tie_value(d, j, a, date), tie_attr_type(a), &first);
		if (co_network_tie_sign(net, j) < 0)
			fputs(", style=\"dashed\", color=\"red\"", out);
		if (co_network_tie_directed(net, j))
			fputs(", dir=\"forward\"", out);
		fputs("];\n", out);
	}
	fputs("}\n", out);
}

static json_t *json_of(value v, value_type type)
{
	if (!v.present)
		return json_null();
	return type == T_STRING ? json_string(v.text) : type == T_INT ? json_integer(v.integer)
	       : json_real(v.number);
}

/* A row's attributes as "attributes": {names[k]: values[k]} (left out
 * when every value is NULL). */
static int json_set_extra(json_t *row, char *const *names, const char *const *values, size_t n)
{
	json_t *attributes = NULL;

	for (size_t k = 0; k < n; k++) {
		const char *text = values[k];
		if (!text)
			continue;
		if (!attributes && !(attributes = json_object()))
			return -1;
		if (json_object_set_new(attributes, names[k], json_string(text)) != 0) {
			json_decref(attributes);
			return -1;
		}
	}
	return attributes ? json_object_set_new(row, "attributes", attributes) : 0;
}

/* Org i as a JSON object (NULL when out of memory or a string is not
 * UTF-8, which jansson refuses). */
static json_t *json_org(const export_data *d, igraph_integer_t i)
{
	json_t *org = json_object(), *metrics = json_object();
	int bad = !org || !metrics;

	for (size_t a = 0; !bad && a < N_ORG_ATTRS; a++)
		if (a != A_LABEL)
			bad = json_object_set_new(org, org_attr_names[a],
			                          json_of(org_value(d, i, a), org_attr_types[a])) != 0;
	for (size_t k = 0; !bad && k < d->n_metrics; k++) {
		value v = org_value(d, i, N_ORG_ATTRS + k);
		if (v.present)
			bad = json_object_set_new(metrics, d->metric_names[k], json_real(v.number)) != 0;
	}
	if (!bad)
		bad = json_set_extra(org, d->org_extra.names, (const char *const *)d->org_extra.values +
		                     (size_t)i * d->org_extra.n, d->org_extra.n) != 0;
	if (!bad) {
		/* Takes metrics' reference, even when it fails. */
		bad = json_object_set_new(org, "metrics", metrics) != 0;
		metrics = NULL;
	}
	json_decref(metrics);
	if (bad) {
		json_decref(org);
		return NULL;
	}
	return org;
}

/* Tie j as a JSON object (NULL as for json_org()). */
static json_t *json_tie(const export_data *d, igraph_integer_t j)
{
	char date[11]; /* a tie date being written */
	const co_network *net = d->net;
	json_t *tie = json_pack("{s:s, s:s}", "source", net->orgs[tie_source(d, j)].key,
	                        "target", net->orgs[tie_target(d, j)].key);
	int bad = !tie;

	for (size_t a = 0; !bad && a < N_TIE_ATTRS; a++)
		bad = json_object_set_new(tie, tie_attr_names[a],
		                          json_of(tie_value(d, j, a, date), tie_attr_type(a))) != 0;
	if (!bad)
		bad = json_set_extra(tie, d->tie_extra.names, tie_fetch(d, j)->extra,
		                     d->tie_extra.n) != 0;
	if (bad) {
		json_decref(tie);
		return NULL;
	}
	return tie;
}

#define JSON_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17))

/* A reusable buffer for one record's JSON text. */
typedef struct {
	char *text;
	size_t size;
} json_buffer;

/*
 * Writes `row` (its reference taken) as an element of an array that is
 * itself a member of the top object: jansson's text of the row with every
 * line indented by 4 more spaces, as json_dumpf() of the whole document
 * would place it (a string's line breaks are escaped, so every '\n' is
 * jansson's own).  Returns -1 when the row is NULL or out of memory.
 */
static int json_put_row(FILE *out, json_buffer *buf, json_t *row, int last)
{
	size_t n;
	const char *p, *end, *nl;

	if (!row)
		return -1;
	while ((n = json_dumpb(row, buf->text, buf->size, JSON_FLAGS)) > buf->size) {
		char *grown = realloc(buf->text, 2 * n);
		if (!grown) {
			json_decref(row);
			return -1;
		}
		buf->text = grown;
		buf->size = 2 * n;
	}
	json_decref(row);
	if (n == 0)
		return -1;
	fputs("    ", out);
	for (p = buf->text, end = buf->text + n; (nl = memchr(p, '\n', (size_t)(end - p)));
	     p = nl + 1) {
		fwrite(p, 1, (size_t)(nl - p), out);
		fputs("\n    ", out);
	}
	fwrite(p, 1, (size_t)(end - p), out);
	fputs(last ? "\n" : ",\n", out);
	return 0;
}

/*
 * {"orgs": [...], "ties": [...]} written one org and one tie at a time:
 * the same bytes as json_dumpf() of the whole document with JSON_FLAGS
 * (2-space indent, "[]" for an empty array), without holding it (3.4 GB of
 * jansson objects at 1.1M ties).
 */
static co_status write_json(FILE *out, const export_data *d)
{
	const co_network *net = d->net;
	json_buffer buf = {NULL, 0};
	co_status status = CO_OK;
	int bad = 0;

	fputs("{\n  \"orgs\": ", out);
	fputs(net->n_orgs ? "[\n" : "[]", out);
	for (igraph_integer_t i = 0; !bad && i < net->n_orgs; i++)
		bad = json_put_row(out, &buf, json_org(d, i), i + 1 == net->n_orgs) != 0;
	if (!bad && net->n_orgs)
		fputs("  ]", out);
	fputs(",\n  \"ties\": ", out);
	fputs(net->n_ties ? "[\n" : "[]", out);
	for (igraph_integer_t j = 0; !bad && j < net->n_ties; j++)
		bad = json_put_row(out, &buf, json_tie(d, j), j + 1 == net->n_ties) != 0;
	if (!bad && net->n_ties)
		fputs("  ]", out);
	fputs("\n}\n", out);
	free(buf.text);
	if (bad)
		status = co_error_set(CO_ENOMEM, "out of memory writing JSON");
	else if (ferror(out))
		status = co_error_set(CO_EIO, "cannot write the export: %s", strerror(errno));
	return status;
}

static void write_orgs_csv(FILE *out, const export_data *d)
{
	static const size_t columns[] = {A_KEY, A_NAME, A_KIND, A_PARENT, A_STATE, A_CITY,
	                                 A_LAT, A_LON, A_FOUNDED, A_ISSUES, A_ALIASES};
	const size_t n = sizeof(columns) / sizeof(columns[0]);
	char buf[64];

	/* A roll-up (--rollup) says how many orgs each group stands for. */
	int rolled = d->net->view.rollup != CO_ROLLUP_NONE;

	for (size_t c = 0; c < n; c++)
		co_outfile_csv_field(out, org_attr_names[columns[c]], c == 0);
	if (rolled)
		co_outfile_csv_field(out, "members", 0);
	fputc('\n', out);
	for (igraph_integer_t i = 0; i < d->net->n_orgs; i++) {
		for (size_t c = 0; c < n; c++) {
			value v = org_value(d, i, columns[c]);
			if (org_attr_types[columns[c]] == T_STRING)
				co_outfile_csv_field(out, v.present ? v.text : "", c == 0);
			else {
				value_text(buf, sizeof(buf), v, org_attr_types[columns[c]]);
				co_outfile_csv_field(out, buf, c == 0);
			}
		}
		if (rolled) {
			value_text(buf, sizeof(buf), integer_value(d->net->orgs[i].members), T_INT);
			co_outfile_csv_field(out, buf, 0);
		}
		fputc('\n', out);
	}
}

static void write_ties_csv(FILE *out, const export_data *d)
{
	char date[11]; /* a tie date being written */
	char buf[64];
	/* A roll-up's tie stands for `count` ties between two groups. */
	int rolled = d->net->view.rollup != CO_ROLLUP_NONE;

	fputs("source,target", out);
	for (size_t a = 0; a < n_tie_attrs(d); a++)
		co_outfile_csv_field(out, tie_attr_name(d, a), 0);
	if (rolled)
		co_outfile_csv_field(out, "count", 0);
	fputc('\n', out);
	for (igraph_integer_t j = 0; j < d->net->n_ties; j++) {
		co_outfile_csv_field(out, d->net->orgs[tie_source(d, j)].key, 1);
		co_outfile_csv_field(out, d->net->orgs[tie_target(d, j)].key, 0);
		for (size_t a = 0; a < n_tie_attrs(d); a++) {
			value v = tie_value(d, j, a, date);
			if (tie_attr_type(a) == T_STRING)
				co_outfile_csv_field(out, v.present ? v.text : "", 0);
			else {
				value_text(buf, sizeof(buf), v, tie_attr_type(a));
				co_outfile_csv_field(out, buf, 0);
			}
		}
		if (rolled) {
			value_text(buf, sizeof(buf), integer_value(co_network_tie_count(d->net, j)), T_INT);
			co_outfile_csv_field(out, buf, 0);
		}
		fputc('\n', out);
	}
}

static void write_metrics_csv(FILE *out, const export_data *d)
{
	char buf[64];

	fputs("key,name,value\n", out);
	for (igraph_integer_t i = 0; i < d->net->n_orgs; i++)
		for (size_t k = 0; k < d->n_metrics; k++) {
			value v = org_value(d, i, N_ORG_ATTRS + k);
			if (!v.present)
				continue;
			co_outfile_csv_field(out, d->net->orgs[i].key, 1);
			co_outfile_csv_field(out, d->metric_names[k], 0);
			value_text(buf, sizeof(buf), v, T_DOUBLE);
			co_outfile_csv_field(out, buf, 0);
			fputc('\n', out);
		}
}

static co_status write_format(FILE *out, const export_data *d, co_graph_format format)
{
	co_status status = CO_OK;

	switch (format) {
	case CO_GRAPH_GRAPHML: write_graphml(out, d); break;
	case CO_GRAPH_GEXF: write_gexf(out, d); break;
	case CO_GRAPH_GML: write_gml(out, d); break;
	case CO_GRAPH_DOT: write_dot(out, d); break;
	case CO_GRAPH_JSON: status = write_json(out, d); break;
	case CO_GRAPH_CSV:
		return co_error_set(CO_EINVAL, "csv export writes a directory (orgs.csv, ties.csv): "
		                    "give it with --out DIR");
	}
	if (status == CO_OK)
		status = d->ties->status;
	if (status == CO_OK && (fflush(out) != 0 || ferror(out)))
		status = co_error_set(CO_EIO, "cannot write the export: %s", strerror(errno));
	return status;
}

static co_status export_stream(FILE *out, co_store *store, const co_network *net,
                               co_network *release, co_graph_format format)
{
	export_data d;
	co_status status;

	if (format == CO_GRAPH_CSV)
		return write_format(out, NULL, format);
	if ((status = export_data_load(&d, store, net, release)) == CO_OK)
		status = write_format(out, &d, format);
	export_data_free(&d);
	return status;
}

co_status co_export_stream(FILE *out, co_store *store, const co_network *net,
                           co_graph_format format)
{
	return export_stream(out, store, net, NULL, format);
}

co_status co_export_stream_releasing(FILE *out, co_store *store, co_network *net,
                                     co_graph_format format)
{
	return export_stream(out, store, net, net, format);
}

/* Writes `path` through co_outfile: a temporary file renamed over a regular
 * file only, or stdout for "-". */
static co_status write_atomically(const char *path, co_store *store, const export_data *d,
                                  co_graph_format format)
{
	co_outfile *file = NULL;
	co_status status;

	if ((status = co_outfile_open(&file, path, store)) != CO_OK)
		return status;
	if ((status = write_format(co_outfile_stream(file), d, format)) == CO_EIO) {
		char reason[256];
		snprintf(reason, sizeof(reason), "%s", co_error_last());
		status = co_error_set(CO_EIO, "%s (%s)", reason, path);
	}
	return co_outfile_close(file, status);
}

/* A roll-up's groups are not stored rows: its CSV is the network's orgs and
 * ties (with members and count), not a dump of the store (export.h). */
static co_status export_rollup_csv(const char *dir, co_store *store, const export_data *d)
{
	static const struct { const char *name; void (*write)(FILE *, const export_data *); }
	files[] = {{"orgs.csv", write_orgs_csv}, {"ties.csv", write_ties_csv},
	           {"metrics.csv", write_metrics_csv}};
	size_t n = strlen(dir) + 32;
	char *path = malloc(n);
	struct stat st;
	co_status status = CO_OK;

	if (!path)
		return co_error_set(CO_ENOMEM, "out of memory");
	if (lstat(dir, &st) != 0 && mkdir(dir, 0700) != 0)
		status = co_error_set(CO_EIO, "cannot create %s: %s", dir, strerror(errno));
	else if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		status = co_error_set(CO_EIO, "cannot write %s: it is not a directory (csv export "
		                      "writes orgs.csv and ties.csv into a directory)", dir);
	for (size_t i = 0; status == CO_OK && i < sizeof(files) / sizeof(files[0]); i++) {
		co_outfile *file = NULL;
		if (i == 2 && d->n_metrics == 0)
			break;
		snprintf(path, n, "%s/%s", dir, files[i].name);
		if ((status = co_outfile_open(&file, path, store)) != CO_OK)
			break;
		files[i].write(co_outfile_stream(file), d);
		status = co_outfile_close(file, d->ties->status);
	}
	free(path);
	return status;
}

static co_status export_file(const char *path, co_store *store, const co_network *net,
                             co_network *release, co_graph_format format)
{
	export_data d;
	co_status status;

	if (format == CO_GRAPH_CSV && net->view.rollup == CO_ROLLUP_NONE)
		return co_dump_csv(NULL, NULL, path, store, net);
	if ((status = export_data_load(&d, store, net, release)) == CO_OK)
		status = format == CO_GRAPH_CSV ? export_rollup_csv(path, store, &d)
		         : write_atomically(path, store, &d, format);
	export_data_free(&d);
	return status;
}

co_status co_export_file(const char *path, co_store *store, const co_network *net,
                         co_graph_format format)
{
	return export_file(path, store, net, NULL, format);
}

co_status co_export_file_releasing(const char *path, co_store *store, co_network *net,
                                   co_graph_format format)
{
	return export_file(path, store, net, net, format);
}
