/*
 * network.c - builds the network of a view from the store (DESIGN.md
 * section 5): one query for the orgs the view keeps, one for its ties, and
 * with --events one for co-participation, then a single igraph_create().
 *
 * Orgs come ordered by key, so vertex numbers, and everything computed from
 * them, do not depend on the order rows were imported in.  Ties whose
 * endpoints the view drops are dropped with them.  Tie kinds are interned:
 * a million ties share a dozen kind strings.
 *
 * Memory (a million ties, a quarter million orgs) is what limits the big
 * views, so the build keeps few copies: the strings of all orgs live in one
 * block (orgs[0].key is its start; five small mallocs per org cost three
 * times their text), the counts of sources per tie are merged in from a
 * second, sequential query instead of a correlated subquery per tie, and
 * the id-to-vertex indexes are freed before igraph_create() makes its own
 * temporaries.
 *
 * --federation adds the view's parent links as ties after the stored ones;
 * --rollup (view_rollup.c) then replaces the orgs by groups before the graph is
 * made, so the org-level graph is never built.
 *
 * The whole store's view (no filter) is kept in a snapshot beside the store
 * (view_snapshot.c) and read from it while the store has not changed: at
 * 1.1M ties that is 0.16 billion instructions where building it from the
 * rows is 5.2 billion.
 */
#include "coalition/network.h"
#include "import_places.h"

#include "view_rollup.h"
#include "view_snapshot.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A snapshot of the view written by another compilation of this file is
 * not read (view_snapshot.h). */
const char co_network_build_time[] = __DATE__ " " __TIME__;

/* Org row id -> vertex, sorted by id for binary search. */
typedef struct {
	int64_t id;
	igraph_integer_t vertex;
} id_vertex;

typedef struct {
	co_network *net;
	co_store *store;
	id_vertex *by_id;            /* n_orgs entries, sorted by id */
	igraph_integer_t *dense;     /* id -> vertex (-1 if not in the view), when ids are dense */
	int64_t max_id;              /* largest org id in the store */
	int64_t *parent_ids;         /* parent row id of each org, 0 if none */
	char *text;                  /* the orgs' strings, NUL-separated, while loading */
	size_t text_used, text_capacity;
	size_t *text_at;             /* where each org's strings start in text */
	int last_kind;               /* the tie kind interned last, or -1 */
} builder;

static int compare_id(const void *a, const void *b)
{
	int64_t x = ((const id_vertex *)a)->id, y = ((const id_vertex *)b)->id;
	return (x > y) - (x < y);
}

/* Org ids come from SQLite's rowids: an import only appends, so they are
 * dense and a plain array maps them to vertices.  A store with many deleted
 * orgs falls back to binary search in by_id. */
static igraph_integer_t vertex_of(const builder *b, int64_t id)
{
	if (b->dense)
		return id >= 0 && id <= b->max_id ? b->dense[id] : -1;
	id_vertex key = {id, 0};
	const id_vertex *found = bsearch(&key, b->by_id, (size_t)b->net->n_orgs,
	                                 sizeof(id_vertex), compare_id);
	return found ? found->vertex : -1;
}

/* Appends column `column` (NULL as "") and its NUL to the org text block;
 * like strdup(), stops at an embedded NUL. */
static int append_text(builder *b, sqlite3_stmt *stmt, int column)
{
	const unsigned char *text = sqlite3_column_text(stmt, column);
	size_t n = text ? strlen((const char *)text) : 0;

	if (b->text_used + n + 1 > b->text_capacity) {
		size_t capacity = b->text_capacity ? 2 * b->text_capacity : 65536;
		char *grown;

		while (capacity < b->text_used + n + 1)
			capacity *= 2;
		if (!(grown = realloc(b->text, capacity)))
			return -1;
		b->text = grown;
		b->text_capacity = capacity;
	}
	memcpy(b->text + b->text_used, text ? (const char *)text : "", n);
	b->text[b->text_used + n] = '\0';
	b->text_used += n + 1;
	return 0;
}

static double column_coordinate(sqlite3_stmt *stmt, int column)
{
	return sqlite3_column_type(stmt, column) == SQLITE_NULL ? NAN
	       : sqlite3_column_double(stmt, column);
}

/* Appends " AND column IN (?,?,...)" for a non-empty list. */
static void append_in_list(char *sql, size_t size, const char *column, size_t count)
{
	size_t used = strlen(sql);

	if (count == 0)
		return;
	used += (size_t)snprintf(sql + used, size - used, " AND %s IN (", column);
	for (size_t i = 0; i < count && used < size; i++)
		used += (size_t)snprintf(sql + used, size - used, i ? ",?" : "?");
	if (used < size)
		snprintf(sql + used, size - used, ")");
}

static void bind_list(sqlite3_stmt *stmt, int *index, const co_word_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		sqlite3_bind_text(stmt, (*index)++, list->items[i], -1, SQLITE_STATIC);
}

static co_status prepare(sqlite3_stmt **stmt, co_store *store, const char *sql)
{
	if (sqlite3_prepare_v2(co_store_db(store), sql, -1, stmt, NULL) != SQLITE_OK)
		return co_store_error(store, "cannot read the view");
	return CO_OK;
}

static co_status read_org_row(builder *b, sqlite3_stmt *stmt, size_t i)
{
	co_org *org = &b->net->orgs[i];

	org->id = sqlite3_column_int64(stmt, 0);
	b->text_at[i] = b->text_used;
	for (int column = 1; column <= 3; column++) /* key, kind, state */
		if (append_text(b, stmt, column) < 0)
			return co_error_set(CO_ENOMEM, "out of memory reading orgs");
	org->lat = column_coordinate(stmt, 4);
	org->lon = column_coordinate(stmt, 5);
	b->parent_ids[i] = sqlite3_column_int64(stmt, 6);
	org->at_state_point = sqlite3_column_int(stmt, 7);
	org->members = 1;
	return CO_OK;
}

/* Points the orgs' strings into the text block, which the network then owns
 * (through orgs[0].key, see co_network_free). */
static void hand_over_text(builder *b)
{
	co_network *net = b->net;
	char *block = b->text;

	if (net->n_orgs == 0)
		return; /* the builder frees the empty block */
	if (b->text_used < b->text_capacity) {
		char *shrunk = realloc(b->text, b->text_used);
		if (shrunk)
			block = shrunk;
	}
	for (igraph_integer_t v = 0; v < net->n_orgs; v++) {
		char *p = block + b->text_at[v];
		char **fields[3] = {&net->orgs[v].key, &net->orgs[v].kind, &net->orgs[v].state};

		for (int f = 0; f < 3; f++) {
			*fields[f] = p;
			p += strlen(p) + 1;
		}
	}
	b->text = NULL;
	b->text_used = b->text_capacity = 0;
}

static co_status count_orgs(int64_t *out, int64_t *max_id, co_store *store)
{
	sqlite3_stmt *stmt = NULL;
	co_status status = prepare(&stmt, store, "SELECT count(*), ifnull(max(id), 0) FROM orgs");

	if (status == CO_OK && sqlite3_step(stmt) != SQLITE_ROW)
		status = co_store_error(store, "cannot count orgs");
	if (status == CO_OK) {
		*out = sqlite3_column_int64(stmt, 0);
		*max_id = sqlite3_column_int64(stmt, 1);
	}
	sqlite3_finalize(stmt);
	return status;
}

/* Dense when the id range is at most a few times the number of orgs. */
static co_status make_dense_index(builder *b, int64_t total)
{
	if (b->max_id > 4 * total + 1024)
		return CO_OK;
	if (!(b->dense = malloc(((size_t)b->max_id + 1) * sizeof(igraph_integer_t))))
		return co_error_set(CO_ENOMEM, "out of memory indexing %lld orgs", (long long)total);
	for (int64_t id = 0; id <= b->max_id; id++)
		b->dense[id] = -1;
	for (igraph_integer_t v = 0; v < b->net->n_orgs; v++)
		if (b->net->orgs[v].id >= 0 && b->net->orgs[v].id <= b->max_id)
			b->dense[b->net->orgs[v].id] = v;
	return CO_OK;
}

static co_status load_orgs(builder *b)
{
	const co_view *view = &b->net->view;
	char sql[4096] = "SELECT id, key, kind, state, lat, lon, "
	                 "ifnull(parent_id, 0), placed IS 'state' FROM orgs WHERE 1";
	sqlite3_stmt *stmt = NULL;
	int64_t total = 0;
	int index = 1, rc;
	co_status status;

	if ((status = count_orgs(&total, &b->max_id, b->store)) != CO_OK)
		return status;
	b->net->orgs = calloc((size_t)total + 1, sizeof(co_org));
	b->parent_ids = calloc((size_t)total + 1, sizeof(int64_t));
	b->by_id = calloc((size_t)total + 1, sizeof(id_vertex));
	b->text_at = calloc((size_t)total + 1, sizeof(size_t));
	if (!b->net->orgs || !b->parent_ids || !b->by_id || !b->text_at)
		return co_error_set(CO_ENOMEM, "out of memory reading %lld orgs", (long long)total);
	append_in_list(sql, sizeof(sql), "kind", view->kinds.count);
	append_in_list(sql, sizeof(sql), "state", view->states.count);
	strncat(sql, " ORDER BY key", sizeof(sql) - strlen(sql) - 1);
	if ((status = prepare(&stmt, b->store, sql)) != CO_OK)
		return status;
	bind_list(stmt, &index, &view->kinds);
	bind_list(stmt, &index, &view->states);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW && b->net->n_orgs < total) {
		size_t i = (size_t)b->net->n_orgs++;
		if ((status = read_org_row(b, stmt, i)) != CO_OK)
			goto done;
		b->by_id[i].id = b->net->orgs[i].id;
		b->by_id[i].vertex = (igraph_integer_t)i;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		status = co_store_error(b->store, "cannot read orgs");
		goto done;
	}
	hand_over_text(b);
	if (b->net->n_orgs > 0)
		b->net->names_from = b->store; /* co_network_load_names() */
	qsort(b->by_id, (size_t)b->net->n_orgs, sizeof(id_vertex), compare_id);
	if ((status = make_dense_index(b, total)) != CO_OK)
		goto done;
	for (igraph_integer_t v = 0; v < b->net->n_orgs; v++)
		b->net->orgs[v].parent = b->parent_ids[v] ? vertex_of(b, b->parent_ids[v]) : -1;
done:
	sqlite3_finalize(stmt);
	free(b->text_at);
	free(b->parent_ids);
	b->text_at = NULL;
	b->parent_ids = NULL;
	return status;
}

/* The index of `kind` in the kind pool, added when new; -1 when out of
 * memory or past the 65536 kinds a tie's index holds. */
static int intern_kind(co_network *net, const char *kind)
{
	char **grown;

	for (size_t i = net->n_kind_pool; i-- > 0;)
		if (strcmp(net->kind_pool[i], kind) == 0)
			return (int)i;
	if (net->n_kind_pool > UINT16_MAX ||
	    !(grown = realloc(net->kind_pool, (net->n_kind_pool + 1) * sizeof(*grown))))
		return -1;
	net->kind_pool = grown;
	if (!(grown[net->n_kind_pool] = strdup(kind)))
		return -1;
	return (int)net->n_kind_pool++;
}

/* Ties come in runs of one kind often enough that the last kind is worth
 * trying first. */
static int intern_tie_kind(builder *b, const char *kind)
{
	if (!kind)
		return -1;
	if (b->last_kind < 0 || strcmp(b->net->kind_pool[b->last_kind], kind) != 0)
		b->last_kind = intern_kind(b->net, kind);
	return b->last_kind;
}

/* ---- the tie columns ---- */

static int grow_column(void **column, size_t n, size_t size)
{
	void *grown = realloc(*column, (n ? n : 1) * size);

	if (!grown)
		return -1;
	*column = grown;
	return 0;
}

co_status co_tie_columns_reserve(co_tie_columns *ties, size_t n, int with_ends,
                                 int with_count)
{
	int failed = 0;

	if (n <= ties->capacity && (!with_ends || ties->ends) && (!with_count || ties->count))
		return CO_OK;
	if (n < ties->capacity)
		n = ties->capacity;
	if (ties->id32)
		failed |= grow_column((void **)&ties->id32, n, sizeof(*ties->id32));
	else
		failed |= grow_column((void **)&ties->id64, n, sizeof(*ties->id64));
	if (ties->weight32)
		failed |= grow_column((void **)&ties->weight32, n, sizeof(*ties->weight32));
	else
		failed |= grow_column((void **)&ties->weight64, n, sizeof(*ties->weight64));
	failed |= grow_column((void **)&ties->start, n, sizeof(*ties->start));
	failed |= grow_column((void **)&ties->end, n, sizeof(*ties->end));
	failed |= grow_column((void **)&ties->n_sources, n, sizeof(*ties->n_sources));
	failed |= grow_column((void **)&ties->kind, n, sizeof(*ties->kind));
	failed |= grow_column((void **)&ties->flags, n, sizeof(*ties->flags));
	if (with_count || ties->count)
		failed |= grow_column((void **)&ties->count, n, sizeof(*ties->count));
	if (with_ends || ties->ends)
		failed |= grow_column((void **)&ties->ends, n, 2 * sizeof(*ties->ends));
	if (failed)
		return co_error_set(CO_ENOMEM, "out of memory for %zu ties", n);
	ties->capacity = n;
	return CO_OK;
}

/* Whether every id of ids[0 .. n) fits in 32 bits; whether every weight is
 * exact as a float (NaN never is: it stays a double, as it was; a value
 * beyond float's range is checked first, as converting it is undefined). */
static int ids_fit(const int64_t *ids, size_t n)
{
	uint64_t over = 0;

	for (size_t j = 0; j < n; j++)
		over |= (uint64_t)ids[j] >> 32; /* a negative id sets high bits too */
	return over == 0;
}

static int weights_fit(const double *weights, size_t n)
{
	for (size_t j = 0; j < n; j++) {
		double w = weights[j];

		if (!(fabs(w) <= FLT_MAX || isinf(w)) || (double)(float)w != w)
			return 0;
	}
	return 1;
}

/*
 * Writes the n values of a wide block as narrow ones over its front, then
 * shrinks it: value j is read from bytes 8j.. before bytes 4j.. are written,
 * which only overlap values already read.  The copies go through memcpy so
 * that no access of one type can be reordered past one of the other.
 */
static void *narrow_ids(int64_t *wide, size_t n)
{
	unsigned char *bytes = (unsigned char *)wide;
	void *shrunk;

	for (size_t j = 0; j < n; j++) {
		int64_t v;
		uint32_t narrow;

		memcpy(&v, bytes + 8 * j, 8);
		narrow = (uint32_t)v;
		memcpy(bytes + 4 * j, &narrow, 4);
	}
	shrunk = realloc(bytes, (n ? n : 1) * 4);
	return shrunk ? shrunk : bytes; /* a failed shrink keeps the larger block */
}

static void *narrow_weights(double *wide, size_t n)
{
	unsigned char *bytes = (unsigned char *)wide;
	void *shrunk;

	for (size_t j = 0; j < n; j++) {
		double v;
		float narrow;

		memcpy(&v, bytes + 8 * j, 8);
		narrow = (float)v;
		memcpy(bytes + 4 * j, &narrow, 4);
	}
	shrunk = realloc(bytes, (n ? n : 1) * 4);
	return shrunk ? shrunk : bytes;
}

void co_tie_columns_narrow(co_tie_columns *ties, size_t n)
{
	if (n > ties->capacity)
		n = ties->capacity;
	if (ties->id64 && ids_fit(ties->id64, n)) {
		ties->id32 = narrow_ids(ties->id64, n);
		ties->id64 = NULL;
	}
	if (ties->weight64 && weights_fit(ties->weight64, n)) {
		ties->weight32 = narrow_weights(ties->weight64, n);
		ties->weight64 = NULL;
	}
	ties->capacity = n;
}

/* 1 when text[0 .. n) is n digits. */
static int digits(const char *text, int n, int *value)
{
	*value = 0;
	for (int i = 0; i < n; i++) {
		if (text[i] < '0' || text[i] > '9')
			return 0;
		*value = 10 * *value + (text[i] - '0');
	}
	return 1;
}

/* The packed code of YYYY, YYYY-MM or YYYY-MM-DD (month 1-12, day 1-31), or 0. */
static int32_t packed_date(const char *text, size_t n)
{
	int year, month = 0, day = 0;

	if ((n != 4 && n != 7 && n != 10) || !digits(text, 4, &year))
		return 0;
	if (n >= 7 && (text[4] != '-' || !digits(text + 5, 2, &month) || month < 1 || month > 12))
		return 0;
	if (n == 10 && (text[7] != '-' || !digits(text + 8, 2, &day) || day < 1 || day > 31))
		return 0;
	return CO_TIE_DATE_SET | year << 9 | month << 5 | day;
}

co_status co_tie_columns_date(int32_t *code, co_tie_columns *ties, const char *text)
{
	size_t n = text ? strnlen(text, 10) : 0;
	char **grown;

	if (n == 0 || (*code = packed_date(text, n)) != 0) {
		if (n == 0)
			*code = 0;
		return CO_OK;
	}
	/* Odd text is rare (an import checks dates): a linear search is enough. */
	for (size_t i = 0; i < ties->n_odd_dates; i++)
		if (strncmp(ties->odd_dates[i], text, n) == 0 && ties->odd_dates[i][n] == '\0') {
			*code = -(int32_t)i - 1;
			return CO_OK;
		}
	if (ties->n_odd_dates >= INT32_MAX ||
	    !(grown = realloc(ties->odd_dates, (ties->n_odd_dates + 1) * sizeof(*grown))))
		return co_error_set(CO_ENOMEM, "out of memory reading tie dates");
	ties->odd_dates = grown;
	if (!(grown[ties->n_odd_dates] = strndup(text, n)))
		return co_error_set(CO_ENOMEM, "out of memory reading tie dates");
	*code = -(int32_t)ties->n_odd_dates++ - 1;
	return CO_OK;
}

void co_tie_columns_free(co_tie_columns *ties)
{
	free(ties->id64);
	free(ties->id32);
	free(ties->weight64);
	free(ties->weight32);
	free(ties->start);
	free(ties->end);
	free(ties->n_sources);
	free(ties->kind);
	free(ties->flags);
	free(ties->count);
	free(ties->ends);
	for (size_t i = 0; i < ties->n_odd_dates; i++)
		free(ties->odd_dates[i]);
	free(ties->odd_dates);
	memset(ties, 0, sizeof(*ties));
}

/*
 * Appends a tie from `source` to `target` of kind index `kind`: sign and
 * directedness in `flags`, no dates, no sources, id 0 (the caller sets what
 * else it has).  The columns grow by half again when full.  Returns its
 * index, or -1 when out of memory.
 */
static igraph_integer_t add_tie(builder *b, igraph_integer_t source, igraph_integer_t target,
                                int kind, uint8_t flags, double weight)
{
	co_tie_columns *ties = &b->net->ties;
	igraph_integer_t j = b->net->n_ties;

	if ((size_t)j == ties->capacity &&
	    co_tie_columns_reserve(ties, ties->capacity + ties->capacity / 2 + 1024, 1, 0) != CO_OK)
		return -1;
	ties->id64[j] = 0;
	ties->weight64[j] = weight;
	ties->start[j] = ties->end[j] = 0;
	ties->n_sources[j] = 0;
	ties->kind[j] = (uint16_t)kind;
	ties->flags[j] = flags;
	ties->ends[2 * j] = source;
	ties->ends[2 * j + 1] = target;
	b->net->n_ties++;
	return j;
}

/* The code of the date in column `column` of the row (its first 10 bytes). */
static co_status column_date(int32_t *code, builder *b, sqlite3_stmt *stmt, int column)
{
	const unsigned char *text = sqlite3_column_text(stmt, column);
	size_t n = text ? (size_t)sqlite3_column_bytes(stmt, column) : 0;

	if (n == 0) {
		*code = 0;
		return CO_OK;
	}
	if ((*code = packed_date((const char *)text, n)) != 0)
		return CO_OK;
	return co_tie_columns_date(code, &b->net->ties, (const char *)text);
}

/* Room for about as many ties as the store holds (max(id) is an index
 * lookup, count(*) a scan): the columns then rarely move while filling. */
static co_status presize_ties(builder *b)
{
	sqlite3_stmt *stmt = NULL;
	co_status status = prepare(&stmt, b->store, "SELECT ifnull(max(id), 0) FROM ties");
	int64_t n = 0;

	if (status == CO_OK && sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	if (status != CO_OK)
		return status;
	if (b->net->view.federation)
		n += b->net->n_orgs;
	if (n > 64 * 1024 * 1024)
		n = 64 * 1024 * 1024; /* a sparse id range: grow past it as needed */
	return co_tie_columns_reserve(&b->net->ties, (size_t)n + 1, 1, 0);
}

/* The end of a period written YYYY or YYYY-MM is its last day, so that a
 * tie that ended "2019" is still active on 2019-06-01. */
#define END_AS_DAY "CASE length(t.end) WHEN 4 THEN t.end || '-12-31' " \
                   "WHEN 7 THEN t.end || '-31' ELSE t.end END"

/* The number of sources of each tie, read in tie id order next to the ties
 * (a merge join): one sequential pass over tie_sources' primary key instead
 * of a count(*) subquery, and a B-tree search, per tie.  With --public a
 * private source neither shows nor counts. */
typedef struct {
	sqlite3_stmt *stmt;
	int64_t tie_id;          /* the tie of the current row; INT64_MAX when done */
	int count;
} source_counts;

static co_status source_counts_next(source_counts *c, co_store *store)
{
	int rc = sqlite3_step(c->stmt);

	if (rc == SQLITE_ROW) {
		c->tie_id = sqlite3_column_int64(c->stmt, 0);
		c->count = sqlite3_column_int(c->stmt, 1);
		return CO_OK;
	}
	c->tie_id = INT64_MAX;
	return rc == SQLITE_DONE ? CO_OK : co_store_error(store, "cannot read tie sources");
}

static co_status source_counts_open(source_counts *c, co_store *store, int public_only)
{
	co_status status;

	c->stmt = NULL;
	if ((status = prepare(&c->stmt, store, public_only ?
	        "SELECT s.tie_id, count(*) FROM tie_sources s WHERE s.source_id IN"
	        " (SELECT id FROM sources WHERE private = 0) GROUP BY s.tie_id ORDER BY s.tie_id" :
	        "SELECT tie_id, count(*) FROM tie_sources GROUP BY tie_id ORDER BY tie_id"))
	    != CO_OK)
		return status;
	return source_counts_next(c, store);
}

/* The number of sources of tie `id`; ids must come in increasing order. */
static co_status source_counts_of(int *count, source_counts *c, co_store *store, int64_t id)
{
	co_status status;

	while (c->tie_id < id)
		if ((status = source_counts_next(c, store)) != CO_OK)
			return status;
	*count = c->tie_id == id ? c->count : 0;
	return CO_OK;
}

static co_status load_ties(builder *b)
{
	const co_view *view = &b->net->view;
	char sql[4096] = "SELECT t.id, t.source_id, t.target_id, t.kind, t.sign, t.weight,"
	                 " t.start, t.end, t.directed FROM ties t WHERE 1";
	char as_of_day[24];
	sqlite3_stmt *stmt = NULL;
	source_counts counts = {NULL, 0, 0};
	int index = 1, rc;
	co_status status;

	/* A date written YYYY or YYYY-MM means its first day. */
	snprintf(as_of_day, sizeof(as_of_day), "%s%s", view->as_of,
	         strlen(view->as_of) == 4 ? "-01-01" : strlen(view->as_of) == 7 ? "-01" : "");
	if (view->as_of[0])
		strncat(sql, " AND (t.start IS NULL OR t.start <= ?) AND (t.end IS NULL OR "
		        END_AS_DAY " >= ?)", sizeof(sql) - strlen(sql) - 1);
	append_in_list(sql, sizeof(sql), "t.kind", view->tie_kinds.count);
	if (view->positive_only)
		strncat(sql, " AND t.sign = 1", sizeof(sql) - strlen(sql) - 1);
	if (view->public_only)
		strncat(sql, " AND t.private = 0 AND t.sign = 1", sizeof(sql) - strlen(sql) - 1);
	strncat(sql, " ORDER BY t.id", sizeof(sql) - strlen(sql) - 1);
	if ((status = presize_ties(b)) != CO_OK ||
	    (status = source_counts_open(&counts, b->store, view->public_only)) != CO_OK ||
	    (status = prepare(&stmt, b->store, sql)) != CO_OK)
		goto done;
	if (view->as_of[0]) {
		sqlite3_bind_text(stmt, index++, as_of_day, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, index++, as_of_day, -1, SQLITE_STATIC);
	}
	bind_list(stmt, &index, &view->tie_kinds);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(stmt, 0);
		igraph_integer_t source = vertex_of(b, sqlite3_column_int64(stmt, 1));
		igraph_integer_t target = vertex_of(b, sqlite3_column_int64(stmt, 2));
		int n_sources = 0, kind;
		igraph_integer_t j;

		if ((status = source_counts_of(&n_sources, &counts, b->store, id)) != CO_OK)
			goto done;
		if (n_sources < view->min_sources)
			continue; /* --min-sources */
		if (source < 0 || target < 0)
			continue; /* an endpoint is outside the view */
		if ((kind = intern_tie_kind(b, (const char *)sqlite3_column_text(stmt, 3))) < 0 ||
		    (j = add_tie(b, source, target, kind,
		                 (uint8_t)((sqlite3_column_int(stmt, 4) < 0 ? CO_TIE_FRICTION : 0) |
		                           (sqlite3_column_int(stmt, 8) != 0 ? CO_TIE_DIRECTED : 0)),
		                 sqlite3_column_double(stmt, 5))) < 0) {
			status = co_error_set(CO_ENOMEM, "out of memory reading ties");
			goto done;
		}
		b->net->ties.id64[j] = id;
		b->net->ties.n_sources[j] = n_sources;
		if ((status = column_date(&b->net->ties.start[j], b, stmt, 6)) != CO_OK ||
		    (status = column_date(&b->net->ties.end[j], b, stmt, 7)) != CO_OK)
			goto done;
	}
	if (rc != SQLITE_DONE)
		status = co_store_error(b->store, "cannot read ties");
done:
	sqlite3_finalize(stmt);
	sqlite3_finalize(counts.stmt);
	return status;
}

/*
 * The pairs --events would join, counted before any is built (an event
 * with n participants makes n(n-1)/2), against the bound of the view
 * (--events-max): above it, CO_EINVAL with the count, the largest event and
 * the way out.
 */
static co_status check_pair_bound(builder *b)
{
	const co_view *view = &b->net->view;
	long long bound = view->events_max > 0 ? view->events_max : CO_VIEW_EVENTS_MAX;
	char sql[512];
	sqlite3_stmt *stmt = NULL;
	co_status status;
	int rc;

	snprintf(sql, sizeof(sql),
	         "SELECT ifnull(sum(n * (n - 1) / 2), 0), ifnull(max(n), 0),"
	         " (SELECT key FROM events WHERE id = max_id) FROM"
	         " (SELECT p.event_id AS max_id, count(*) AS n FROM participation p"
	         " JOIN events e ON e.id = p.event_id%s GROUP BY p.event_id ORDER BY n DESC, p.event_id)",
	         view->as_of[0] ? " WHERE e.date IS NULL OR e.date <= ?1" : "");
	if ((status = prepare(&stmt, b->store, sql)) != CO_OK)
		return status;
	if (view->as_of[0])
		sqlite3_bind_text(stmt, 1, view->as_of, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) {
		status = co_store_error(b->store, "cannot count the pairs of co-participants");
	} else if (sqlite3_column_int64(stmt, 0) > bound) {
		const char *event = (const char *)sqlite3_column_text(stmt, 2);
		status = co_error_set(CO_EINVAL, "--events: the events' participants make %lld pairs "
		                      "of orgs (the largest event, '%s', has %lld), more than the "
		                      "bound of %lld: give --events-max %lld to build them all (each "
		                      "takes memory and time), or leave out --events",
		                      (long long)sqlite3_column_int64(stmt, 0), event ? event : "?",
		                      (long long)sqlite3_column_int64(stmt, 1), bound,
		                      (long long)sqlite3_column_int64(stmt, 0));
	}
	sqlite3_finalize(stmt);
	return status;
}

/* --events: one collaboration tie per pair of orgs that took part in the same
 * events (on or before --as-of), weighted by how many they shared. */
static co_status load_co_participation(builder *b)
{
	const co_view *view = &b->net->view;
	char sql[1024] =
		"SELECT p1.org_id, p2.org_id, count(*), max(e.date) FROM participation p1"
		" JOIN participation p2 ON p2.event_id = p1.event_id AND p2.org_id > p1.org_id"
		" JOIN events e ON e.id = p1.event_id";
	sqlite3_stmt *stmt = NULL;
	int kind, rc;
	co_status status;

	if ((status = check_pair_bound(b)) != CO_OK)
		return status;
	if (view->as_of[0])
		strncat(sql, " WHERE e.date IS NULL OR e.date <= ?", sizeof(sql) - strlen(sql) - 1);
	strncat(sql, " GROUP BY p1.org_id, p2.org_id ORDER BY p1.org_id, p2.org_id",
	        sizeof(sql) - strlen(sql) - 1);
	if ((status = prepare(&stmt, b->store, sql)) != CO_OK)
		return status;
	if (view->as_of[0])
		sqlite3_bind_text(stmt, 1, view->as_of, -1, SQLITE_STATIC);
	if ((kind = intern_kind(b->net, "co_participation")) < 0) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		igraph_integer_t source = vertex_of(b, sqlite3_column_int64(stmt, 0));
		igraph_integer_t target = vertex_of(b, sqlite3_column_int64(stmt, 1));
		igraph_integer_t j;

		if (source < 0 || target < 0)
			continue;
		if ((j = add_tie(b, source, target, kind, 0,
		                 (double)sqlite3_column_int64(stmt, 2))) < 0) {
			status = co_error_set(CO_ENOMEM, "out of memory reading events");
			goto done;
		}
		if ((status = column_date(&b->net->ties.start[j], b, stmt, 3)) != CO_OK)
			goto done;
	}
	if (rc != SQLITE_DONE)
		status = co_store_error(b->store, "cannot read events");
done:
	sqlite3_finalize(stmt);
	return status;
}

/* An org and its parent, smaller vertex first, for finding the parent links
 * a stored tie already makes. */
typedef struct {
	igraph_integer_t a, b;
} vertex_pair;

static int compare_pairs(const void *x, const void *y)
{
	const vertex_pair *p = x, *q = y;

	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return (p->b > q->b) - (p->b < q->b);
}

static vertex_pair make_pair(igraph_integer_t u, igraph_integer_t v)
{
	vertex_pair pair = {u < v ? u : v, u < v ? v : u};
	return pair;
}

/* The pairs joined by a stored tie of kind federation or affiliation: the
 * parent links users recorded again as ties, which --federation does not
 * add a second time (a map would draw them twice). */
static co_status stated_links(vertex_pair **out, size_t *n_out, const co_network *net)
{
	vertex_pair *pairs = NULL;
	size_t n = 0;
	char *linking = calloc(net->n_kind_pool + 1, 1); /* kinds federation, affiliation */

	*out = NULL;
	*n_out = 0;
	if (!linking)
		return co_error_set(CO_ENOMEM, "out of memory adding federation ties");
	for (size_t k = 0; k < net->n_kind_pool; k++)
		linking[k] = strcmp(net->kind_pool[k], "federation") == 0 ||
		             strcmp(net->kind_pool[k], "affiliation") == 0;
	for (igraph_integer_t j = 0; j < net->n_ties; j++)
		n += linking[net->ties.kind[j]];
	if (n == 0) {
		free(linking);
		return CO_OK;
	}
	if (!(pairs = malloc(n * sizeof(*pairs)))) {
		free(linking);
		return co_error_set(CO_ENOMEM, "out of memory adding federation ties");
	}
	n = 0;
	for (igraph_integer_t j = 0; j < net->n_ties; j++)
		if (linking[net->ties.kind[j]])
			pairs[n++] = make_pair(net->ties.ends[2 * j], net->ties.ends[2 * j + 1]);
	free(linking);
	qsort(pairs, n, sizeof(*pairs), compare_pairs);
	*out = pairs;
	*n_out = n;
	return CO_OK;
}

/* --federation: one tie of kind federation per org whose parent is in the
 * view, in vertex order after the stored ties. */
static co_status load_federation(builder *b)
{
	co_network *net = b->net;
	vertex_pair *stated = NULL;
	size_t n_stated = 0;
	int kind = intern_kind(net, "federation");
	co_status status;

	if (kind < 0)
		return co_error_set(CO_ENOMEM, "out of memory");
	if ((status = stated_links(&stated, &n_stated, net)) != CO_OK)
		return status;
	for (igraph_integer_t v = 0; v < net->n_orgs; v++) {
		igraph_integer_t p = net->orgs[v].parent;
		vertex_pair pair = make_pair(v, p);

		if (p < 0 || p == v ||
		    (n_stated && bsearch(&pair, stated, n_stated, sizeof(*stated), compare_pairs)))
			continue;
		if (add_tie(b, v, p, kind, 0, 1.0) < 0) {
			status = co_error_set(CO_ENOMEM, "out of memory adding federation ties");
			break;
		}
	}
	free(stated);
	return status;
}

/* Gives back the room the columns were given ahead (their growth, or a
 * presize from sparse ids); shrinking in place never fails for long. */
static void shrink_ties(co_network *net)
{
	co_tie_columns *ties = &net->ties;
	size_t n = (size_t)net->n_ties;

	if (n >= ties->capacity)
		return;
	ties->capacity = 0; /* reserve() then reallocates every column to n */
	if (co_tie_columns_reserve(ties, n, ties->ends != NULL, ties->count != NULL) != CO_OK)
		ties->capacity = n; /* a failed shrink leaves blocks at least n long */
}

/*
 * Makes the graph straight from the ends column (a view of it, no copy),
 * then notes for each tie which end igraph put its recorded source at and
 * frees the ends: from then on the graph holds them.
 */
static co_status create_graph(co_network *net)
{
	igraph_vector_int_t edges;
	co_tie_columns *ties = &net->ties;
	static const igraph_integer_t none[2] = {0, 0};

	/* the view only fills `edges`; zeroed first, as GCC cannot see that
	 * through the const-qualified parameter igraph gives it */
	memset(&edges, 0, sizeof(edges));
	igraph_vector_int_view(&edges, ties->ends ? ties->ends : none, 2 * net->n_ties);
	if (igraph_create(&net->graph, &edges, net->n_orgs, IGRAPH_UNDIRECTED) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	net->has_graph = 1;
	for (igraph_integer_t j = 0; j < net->n_ties; j++) {
		ties->flags[j] &= (uint8_t)~CO_TIE_SOURCE_IS_TO;
		if (IGRAPH_FROM(&net->graph, j) != ties->ends[2 * j])
			ties->flags[j] |= CO_TIE_SOURCE_IS_TO;
	}
	free(ties->ends);
	ties->ends = NULL;
	return CO_OK;
}

static co_status build_network(co_network **out, co_store *store, const co_view *view)
{
	builder b = {0};
	co_status status;

	b.last_kind = -1;
	if (!(b.net = calloc(1, sizeof(co_network))))
		return co_error_set(CO_ENOMEM, "out of memory");
	b.store = store;
	if ((status = co_view_check(view, store)) != CO_OK ||
	    (status = co_view_copy(&b.net->view, view)) != CO_OK)
		goto done;
	if ((status = load_orgs(&b)) != CO_OK || (status = load_ties(&b)) != CO_OK)
		goto done;
	if (view->events && (status = load_co_participation(&b)) != CO_OK)
		goto done;
	if (view->federation && (status = load_federation(&b)) != CO_OK)
		goto done;
	/* igraph_create() needs three times the edge list on top of it: what the
	 * graph no longer needs goes first. */
	free(b.by_id);
	free(b.dense);
	b.by_id = NULL;
	b.dense = NULL;
	if (view->rollup != CO_ROLLUP_NONE) {
		co_network *groups = NULL;

		/* groups that are orgs take their names */
		if ((status = co_network_load_names(b.net)) != CO_OK ||
		    (status = co_rollup_network(&groups, b.net)) != CO_OK)
			goto done;
		co_network_free(b.net);
		b.net = groups;
	}
	shrink_ties(b.net);
	co_tie_columns_narrow(&b.net->ties, (size_t)b.net->n_ties);
	if ((status = create_graph(b.net)) != CO_OK)
		goto done;
	*out = b.net;
done:
	if (status != CO_OK)
		co_network_free(b.net);
	free(b.by_id);
	free(b.dense);
	free(b.parent_ids);
	free(b.text_at);
	free(b.text);
	return status;
}

/*
 * The whole store's view comes from its snapshot when that is current
 * (view_snapshot.c), and is written to one when not.  The stamp is read
 * before the rows: a write made while they are read leaves the snapshot
 * stamped older than the store, so it is never taken as current.
 */
co_status co_network_build(co_network **out, co_store *store, const co_view *view)
{
	co_view_stamp stamp;
	int snapshot = co_view_snapshot_fits(view, store) &&
	               co_view_snapshot_stamp(&stamp, store) == CO_OK;
	co_status status;

	*out = NULL;
	co_error_install_igraph_handler();
	if (snapshot && (status = co_view_snapshot_read(out, store, view, &stamp)) != CO_ENOTFOUND)
		return status;
	if ((status = build_network(out, store, view)) == CO_OK && snapshot)
		co_view_snapshot_write(*out, store, &stamp); /* without one, the next builds again */
	return status;
}

void co_network_free(co_network *net)
{
	if (!net)
		return;
	if (net->has_graph)
		igraph_destroy(&net->graph);
	/* The orgs' strings are one block starting at the first key (NULL when
	 * the build failed before they were read). */
	if (net->orgs && net->n_orgs > 0)
		free(net->orgs[0].key);
	free(net->names_text);
	for (size_t i = 0; i < net->n_kind_pool; i++)
		free(net->kind_pool[i]);
	free(net->kind_pool);
	free(net->orgs);
	co_tie_columns_free(&net->ties);
	co_view_free(&net->view);
	free(net);
}

/* ---- the orgs' names and cities, read when first needed ----
 *
 * One scan of the orgs in key order, the view's own order (its orgs are a
 * subsequence of the store's, sorted by key in byte order), so each row is
 * matched to the next org of the view by id with nothing to look up.  The
 * block is sized from one count first, so that it never moves: each org's
 * pointers are set as its row passes, and no doubling growth leaves spare
 * room at a command's peak (the names of 240k orgs are 8.5 MB).
 */

typedef struct {
	char *block;
	size_t used, capacity;
} names_block;

/* Bytes of the names and cities of the orgs from `first_key` on, NULs
 * included: an upper bound for the view's. */
static co_status names_size(size_t *out, co_store *store, const char *first_key)
{
	sqlite3_stmt *stmt = NULL;
	co_status status = prepare(&stmt, store,
	                           "SELECT total(length(CAST(name AS BLOB))) + "
	                           "total(length(CAST(city AS BLOB))) + 2 * count(*) "
	                           "FROM orgs WHERE key >= ?");

	if (status != CO_OK)
		return status;
	sqlite3_bind_text(stmt, 1, first_key, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		*out = (size_t)sqlite3_column_double(stmt, 0) + 1;
	else
		status = co_store_error(store, "cannot read the orgs' names");
	sqlite3_finalize(stmt);
	return status;
}

/* Copies column `column` (NULL as "", up to an embedded NUL) and its NUL
 * into the block; NULL when it does not fit (the store grew meanwhile). */
static char *names_copy(names_block *b, sqlite3_stmt *stmt, int column)
{
	const unsigned char *text = sqlite3_column_text(stmt, column);
	size_t n = text ? strlen((const char *)text) : 0;
	char *at = b->block + b->used;

	if (n + 1 > b->capacity - b->used)
		return NULL;
	memcpy(at, text ? (const char *)text : "", n);
	at[n] = '\0';
	b->used += n + 1;
	return at;
}

/* Reads every org's name and city into the block (see above). */
static co_status names_read(co_network *net, co_store *store, names_block *b)
{
	sqlite3_stmt *stmt = NULL;
	igraph_integer_t v = 0;
	co_status status = prepare(&stmt, store, "SELECT id, name, city FROM orgs "
	                                         "WHERE key >= ? ORDER BY key");
	int rc = SQLITE_DONE;

	if (status != CO_OK)
		return status;
	sqlite3_bind_text(stmt, 1, net->orgs[0].key, -1, SQLITE_STATIC);
	while (v < net->n_orgs && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		co_org *org = &net->orgs[v];

		if (sqlite3_column_int64(stmt, 0) != org->id)
			continue; /* an org the view leaves out */
		if (!(org->name = names_copy(b, stmt, 1)) || !(org->city = names_copy(b, stmt, 2)))
			break;
		v++;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		status = co_store_error(store, "cannot read the orgs' names");
	else if (v < net->n_orgs)
		status = co_error_set(CO_EDB, "org '%s' changed in the store while its view was in "
		                      "use; run the command again", net->orgs[v].key);
	sqlite3_finalize(stmt);
	return status;
}

/* A filtered view's names take less than the count allowed: an exact copy. */
static void names_fit(co_network *net, names_block *b)
{
	char *exact;

	if (b->used >= b->capacity / 2 || !(exact = malloc(b->used)))
		return;
	memcpy(exact, b->block, b->used);
	for (igraph_integer_t v = 0; v < net->n_orgs; v++) {
		net->orgs[v].name = exact + (net->orgs[v].name - b->block);
		net->orgs[v].city = exact + (net->orgs[v].city - b->block);
	}
	free(b->block);
	b->block = exact;
}

co_status co_network_load_names(const co_network *view_net)
{
	co_network *net = (co_network *)view_net; /* a cache (network.h) */
	names_block block = {NULL, 0, 0};
	co_status status;

	if (!net || !net->names_from)
		return CO_OK;
	if ((status = names_size(&block.capacity, net->names_from, net->orgs[0].key)) != CO_OK)
		return status;
	if (!(block.block = malloc(block.capacity)))
		return co_error_set(CO_ENOMEM, "out of memory reading the orgs' names");
	if ((status = names_read(net, net->names_from, &block)) != CO_OK) {
		for (igraph_integer_t v = 0; v < net->n_orgs; v++)
			net->orgs[v].name = net->orgs[v].city = NULL;
		free(block.block);
		return status;
	}
	names_fit(net, &block);
	net->names_text = block.block;
	net->names_from = NULL;
	return CO_OK;
}

void co_network_release_ties(co_network *net)
{
	if (!net)
		return;
	co_network_release_graph(net);
	co_tie_columns_free(&net->ties);
	net->n_ties = 0;
}

void co_network_release_tie_columns(co_network *net, unsigned columns)
{
	if (!net)
		return;
	if (columns & CO_TIE_COLUMN_ID) {
		free(net->ties.id64);
		free(net->ties.id32);
		net->ties.id64 = NULL;
		net->ties.id32 = NULL;
	}
	if (columns & CO_TIE_COLUMN_N_SOURCES) {
		free(net->ties.n_sources);
		net->ties.n_sources = NULL;
	}
}

void co_network_release_graph(co_network *net)
{
	if (!net)
		return;
	if (net->has_graph)
		igraph_destroy(&net->graph);
	memset(&net->graph, 0, sizeof(net->graph));
	net->has_graph = 0;
}

void co_network_release_orgs(co_network *net)
{
	if (!net)
		return;
	/* the strings are one block starting at the first key (co_network_free) */
	if (net->orgs && net->n_orgs > 0)
		free(net->orgs[0].key);
	free(net->names_text);
	free(net->orgs);
	net->orgs = NULL;
	net->n_orgs = 0;
	net->names_text = NULL;
	net->names_from = NULL;
}

igraph_integer_t co_network_key_vertex(const co_network *net, const char *key)
{
	igraph_integer_t lo = 0, hi = net->n_orgs;

	while (lo < hi) {
		igraph_integer_t mid = lo + (hi - lo) / 2;
		int c = strcmp(net->orgs[mid].key, key);
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Appends "key (name)" to a list of candidates in buf. */
static void add_candidate(char *buf, size_t size, size_t *used, int *shown, const char *key,
                          const char *name)
{
	if (*shown < 8 && *used < size)
		*used += (size_t)snprintf(buf + *used, size - *used, "%s%s (%s)", *shown ? ", " : "",
		                          key, name);
	else if (*shown == 8 && *used < size)
		*used += (size_t)snprintf(buf + *used, size - *used, ", ...");
	(*shown)++;
}

/*
 * An org named by `text` the way people name it: its key, an alias or its
 * name, in any case and with or without accents ("aclu of ohio" for "ACLU
 * of Ohio").  One match is the org; several are an error listing them; none
 * an error listing the nearest names.
 */
static co_status find_by_name(igraph_integer_t *vertex, const co_network *net,
                              co_store *store, const char *text)
{
	sqlite3_stmt *stmt = NULL;
	char *want = co_places_fold(text), list[900] = "", last_key[256] = "";
	char **near_names = NULL;
	size_t used = 0, n_near = 0;
	int shown = 0, rc;
	igraph_integer_t found = -1;
	co_status status = CO_OK;

	if (!want)
		return co_error_set(CO_ENOMEM, "out of memory");
	if (sqlite3_prepare_v2(co_store_db(store),
	        "SELECT key, name, name FROM orgs UNION ALL"
	        " SELECT o.key, o.name, a.alias FROM aliases a JOIN orgs o ON o.id = a.org_id"
	        " UNION ALL SELECT key, name, key FROM orgs ORDER BY 1",
	        -1, &stmt, NULL) != SQLITE_OK) {
		status = co_store_error(store, "cannot look up org names");
		goto done;
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(stmt, 0);
		const char *name = (const char *)sqlite3_column_text(stmt, 1);
		const char *label = (const char *)sqlite3_column_text(stmt, 2);
		char *folded = label ? co_places_fold(label) : NULL;
		igraph_integer_t v;
		if (!key || !name || !folded) {
			free(folded);
			continue;
		}
		v = co_network_key_vertex(net, key);
		if (v >= 0 && strcmp(folded, want) == 0 && strcmp(key, last_key) != 0) {
			snprintf(last_key, sizeof(last_key), "%s", key);
			add_candidate(list, sizeof(list), &used, &shown, key, name);
			found = v;
		} else if (v >= 0 && shown == 0 && co_text_distance(folded, want, 2) <= 2 &&
		           strcmp(label, name) == 0 && n_near < 3) {
			char **nm = realloc(near_names, (n_near + 1) * sizeof(*nm));
			if (nm)
				near_names = nm;
			if (nm && (nm[n_near] = malloc(strlen(key) + strlen(name) + 4))) {
				sprintf(nm[n_near], "%s (%s)", key, name);
				n_near++;
			}
		}
		free(folded);
	}
	if (rc != SQLITE_DONE) {
		status = co_store_error(store, "cannot look up org names");
		goto done;
	}
	if (shown == 1) {
		*vertex = found;
	} else if (shown > 1) {
		status = co_error_set(CO_ENOTFOUND, "'%s' names %d orgs in this view: %s; give one "
		                      "of their keys", text, shown, list);
	} else {
		used = 0;
		list[0] = '\0';
		for (size_t i = 0; i < n_near && used < sizeof(list); i++)
			used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s",
			                         i ? ", " : "", near_names[i]);
		status = co_error_set(CO_ENOTFOUND, "no org '%s' in this view (no key, alias or "
		                      "name)%s%s%s", text, n_near ? "; did you mean " : "", list,
		                      n_near ? "?" : "");
	}
done:
	for (size_t i = 0; i < n_near; i++)
		free(near_names[i]);
	free(near_names);
	sqlite3_finalize(stmt);
	free(want);
	return status;
}

co_status co_network_find(igraph_integer_t *vertex, const co_network *net,
                          co_store *store, const char *key)
{
	sqlite3_stmt *stmt = NULL;
	igraph_integer_t v = co_network_key_vertex(net, key);

	if (v < 0 && store &&
	    sqlite3_prepare_v2(co_store_db(store),
	        "SELECT o.key FROM aliases a JOIN orgs o ON o.id = a.org_id WHERE a.alias = ?1",
	        -1, &stmt, NULL) == SQLITE_OK) {
		sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
		if (sqlite3_step(stmt) == SQLITE_ROW)
			v = co_network_key_vertex(net, (const char *)sqlite3_column_text(stmt, 0));
	}
	sqlite3_finalize(stmt);
	if (v < 0 && net->view.rollup != CO_ROLLUP_NONE)
		return co_error_set(CO_ENOTFOUND, "no group '%s' in this view rolled up by %s "
		                    "(name a group by its key, such as '%s')", key,
		                    co_rollup_name(net->view.rollup),
		                    net->n_orgs > 0 ? net->orgs[0].key : "");
	if (v < 0 && store)
		return find_by_name(vertex, net, store, key);
	if (v < 0)
		return co_error_set(CO_ENOTFOUND, "no org '%s' in this view", key);
	*vertex = v;
	return CO_OK;
}

co_status co_network_weights(igraph_vector_t *weights, const co_network *net,
                             int signed_weights)
{
	if (igraph_vector_resize(weights, net->n_ties) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	for (igraph_integer_t j = 0; j < net->n_ties; j++)
		VECTOR(*weights)[j] = co_network_tie_weight(net, j) *
		                      (signed_weights ? co_network_tie_sign(net, j) : 1);
	return CO_OK;
}

co_status co_network_positive_subgraph(igraph_t *out, igraph_vector_int_t *edge_map,
                                       const co_network *net)
{
	igraph_vector_int_t edges;
	co_status status = CO_OK;

	if (igraph_vector_int_init(&edges, 0) != IGRAPH_SUCCESS)
		return CO_EGRAPH;
	if (edge_map && igraph_vector_int_resize(edge_map, 0) != IGRAPH_SUCCESS) {
		status = CO_EGRAPH;
		goto done;
	}
	for (igraph_integer_t j = 0; j < net->n_ties; j++) {
		if (net->ties.flags[j] & CO_TIE_FRICTION)
			continue;
		if (igraph_vector_int_push_back(&edges, co_network_tie_source(net, j)) != IGRAPH_SUCCESS ||
		    igraph_vector_int_push_back(&edges, co_network_tie_target(net, j)) != IGRAPH_SUCCESS ||
		    (edge_map && igraph_vector_int_push_back(edge_map, j) != IGRAPH_SUCCESS)) {
			status = CO_EGRAPH;
			goto done;
		}
	}
	if (igraph_create(out, &edges, net->n_orgs, IGRAPH_UNDIRECTED) != IGRAPH_SUCCESS)
		status = CO_EGRAPH;
done:
	igraph_vector_int_destroy(&edges);
	return status;
}

static int foreign_keys_on(co_store *store)
{
	sqlite3_stmt *stmt = NULL;
	int on = 1;

	if (sqlite3_prepare_v2(co_store_db(store), "PRAGMA foreign_keys", -1, &stmt, NULL)
	    == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
		on = sqlite3_column_int(stmt, 0) != 0;
	sqlite3_finalize(stmt);
	return on;
}

/* With SQLite's foreign key checks off (co_store_begin_bulk()), the check that every org of the
 * network is still in the store is made here: one pass over the orgs'
 * rowids next to `order` (sorted by id), where SQLite searched orgs once per
 * row. */
static co_status check_orgs_exist(co_store *store, const co_network *net,
                                  const id_vertex *order)
{
	sqlite3_stmt *stmt = NULL;
	int rc;
	co_status status;

	if ((status = prepare(&stmt, store, "SELECT id FROM orgs ORDER BY id")) != CO_OK)
		return status;
	rc = sqlite3_step(stmt);
	for (igraph_integer_t i = 0; i < net->n_orgs && status == CO_OK; i++) {
		while (rc == SQLITE_ROW && sqlite3_column_int64(stmt, 0) < order[i].id)
			rc = sqlite3_step(stmt);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			status = co_store_error(store, "cannot read orgs");
		else if (rc != SQLITE_ROW || sqlite3_column_int64(stmt, 0) != order[i].id)
			status = co_error_set(CO_EDB, "cannot save metrics: org '%s' is no longer "
			                      "in the store", net->orgs[order[i].vertex].key);
	}
	sqlite3_finalize(stmt);
	return status;
}

/* Orgs a co_store_metric_put_many() call of co_network_save_metric(). */
#define SAVE_CHUNK 256

/* Rows go in in org id order: the metrics indexes (run, org, name) and (org,
 * name) and the orgs the foreign key checks are then walked in order, not
 * jumped about in key order (at 240k orgs the insert took half the time).
 * The rows saved are the same. */
co_status co_network_save_metric(co_store *store, int64_t run_id,
                                 const co_network *net, const char *name,
                                 const double *values)
{
	int own_transaction = sqlite3_get_autocommit(co_store_db(store));
	id_vertex *order = malloc(((size_t)net->n_orgs + 1) * sizeof(id_vertex));
	co_status status = CO_OK;

	/* A roll-up's vertices are groups, not orgs: their values are printed,
	 * never saved as an org's (the head org of a group would show them). */
	if (net->view.rollup != CO_ROLLUP_NONE) {
		free(order);
		return CO_OK;
	}
	if (!order)
		return co_error_set(CO_ENOMEM, "out of memory saving metric %s", name);
	for (igraph_integer_t v = 0; v < net->n_orgs; v++)
		order[v] = (id_vertex){net->orgs[v].id, v};
	qsort(order, (size_t)net->n_orgs, sizeof(id_vertex), compare_id);
	if (own_transaction && (status = co_store_begin(store)) != CO_OK)
		goto done;
	if (!foreign_keys_on(store))
		status = check_orgs_exist(store, net, order);
	for (igraph_integer_t i = 0; i < net->n_orgs && status == CO_OK; i += SAVE_CHUNK) {
		int64_t ids[SAVE_CHUNK];
		double chunk[SAVE_CHUNK];
		size_t n = 0;

		for (; n < SAVE_CHUNK && i + (igraph_integer_t)n < net->n_orgs; n++) {
			ids[n] = order[i + (igraph_integer_t)n].id;
			chunk[n] = values[order[i + (igraph_integer_t)n].vertex];
		}
		status = co_store_metric_put_many(store, run_id, name, ids, chunk, n);
	}
	if (own_transaction) {
		if (status == CO_OK)
			status = co_store_commit(store);
		else
			co_store_rollback(store);
	}
done:
	free(order);
	return status;
}

/* Read back by render (--color-by/--size-by METRIC) through v_metrics. */
co_status co_network_stored_metric(double *values, size_t *found, co_store *store,
                                   const co_network *net, const char *name)
{
	sqlite3 *db;
	sqlite3_stmt *stmt = NULL;
	co_status status = CO_OK;
	char *view;
	int rc, any = 0;

	*found = 0;
	for (igraph_integer_t v = 0; v < net->n_orgs; v++)
		values[v] = NAN;
	if (!store)
		return co_error_set(CO_ENOTFOUND, "metric '%s' needs a store", name);
	db = co_store_db(store);
	/* Only runs on this very view: a metric of another view (another date,
	 * kinds, --public or not) describes other orgs and ties. */
	if (!(view = co_view_to_json(&net->view)))
		return co_error_set(CO_ENOMEM, "out of memory");
	if (sqlite3_prepare_v2(db, "SELECT key, value FROM v_metrics WHERE name = ?1 AND view = ?2",
	                       -1, &stmt, NULL) != SQLITE_OK) {
		free(view);
		return co_store_error(store, "cannot read metrics");
	}
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, view, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(stmt, 0);
		igraph_integer_t lo = 0, hi = net->n_orgs;

		any = 1;
		if (!key || sqlite3_column_type(stmt, 1) == SQLITE_NULL)
			continue;
		/* orgs are sorted by key (network.h) */
		while (lo < hi) {
			igraph_integer_t mid = lo + (hi - lo) / 2;
			int c = strcmp(net->orgs[mid].key, key);

			if (c == 0) {
				values[mid] = sqlite3_column_double(stmt, 1);
				(*found)++;
				break;
			}
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	if (rc != SQLITE_DONE)
		status = co_store_error(store, "cannot read metrics");
	else if (!any)
		status = co_error_set(CO_ENOTFOUND,
			"no metric '%s' in the store from a run on this view (run an analysis "
			"that saves it with the same view options, or use one of the built-in "
			"encodings)", name);
	sqlite3_finalize(stmt);
	free(view);
	return status;
}

/* ---- aliases ---- */

co_status co_network_aliases_read(co_network_aliases *out, co_store *store,
                                  const co_network *net)
{
	size_t n = (size_t)net->n_orgs, count = 0, cap = 0;
	igraph_integer_t *owner = NULL;
	sqlite3_stmt *stmt = NULL;
	co_status status = CO_OK;
	char **text = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!(out->first = calloc(n + 2, sizeof(size_t))))
		return co_error_set(CO_ENOMEM, "out of memory reading aliases");
	if (sqlite3_prepare_v2(co_store_db(store), "SELECT o.key, a.alias FROM aliases a "
	                       "JOIN orgs o ON o.id = a.org_id ORDER BY a.alias", -1, &stmt,
	                       NULL) != SQLITE_OK)
		return co_store_error(store, "cannot read aliases");
	/* Read in alias order, each with its vertex; then placed by vertex
	 * (a counting sort keeps the alias order within an org). */
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(stmt, 0);
		const char *alias = (const char *)sqlite3_column_text(stmt, 1);
		igraph_integer_t v = key && alias ? co_network_key_vertex(net, key) : -1;
		if (v < 0)
			continue;
		if (count == cap) {
			size_t grown = cap ? 2 * cap : 64;
			char **more_text = realloc(text, grown * sizeof(*more_text));
			igraph_integer_t *more_owner = more_text ? realloc(owner, grown * sizeof(*owner))
			                                         : NULL;
			if (more_text)
				text = more_text;
			if (more_owner)
				owner = more_owner;
			if (!more_text || !more_owner)
				goto oom;
			cap = grown;
		}
		if (!(text[count] = strdup(alias)))
			goto oom;
		owner[count++] = v;
		out->first[v + 2]++;
	}
	if (rc != SQLITE_DONE) {
		status = co_store_error(store, "cannot read aliases");
		goto done;
	}
	for (size_t v = 2; v < n + 2; v++)
		out->first[v] += out->first[v - 1];
	if (!(out->text = malloc((count + 1) * sizeof(char *))))
		goto oom;
	for (size_t i = 0; i < count; i++) {
		out->text[out->first[owner[i] + 1]++] = text[i];
		text[i] = NULL;
	}
	goto done;
oom:
	status = co_error_set(CO_ENOMEM, "out of memory reading aliases");
done:
	for (size_t i = 0; text && i < count; i++)
		free(text[i]);
	free(text);
	free(owner);
	sqlite3_finalize(stmt);
	return status;
}

void co_network_aliases_free(co_network_aliases *aliases, const co_network *net)
{
	for (size_t i = 0; aliases->text && aliases->first && i < aliases->first[net->n_orgs]; i++)
		free(aliases->text[i]);
	free(aliases->text);
	free(aliases->first);
	memset(aliases, 0, sizeof(*aliases));
}
