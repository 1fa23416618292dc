/*
 * view_snapshot.c - the whole store's network in a file beside the store
 * (STORE-view), read back with a few sequential reads straight into the
 * network's own arrays (issue 23 item 2).
 *
 * Why a file and not a table of blobs: a read is then one sequential read
 * of the page cache into the final arrays, with no copy through SQLite's
 * pages; writing it does not double through the WAL, grow the store, or
 * travel in its backups; and a command that opens the store read-only
 * (render, report, query) can still write it.  Why only the whole store's
 * view: it is the one most commands and every benchmark use, one file never
 * grows into many, and a command that builds many views (panel) does not
 * rewrite it once per view.
 *
 * The file: a header (format, the build's sizes, igraph version and the
 * time network.c was compiled, the
 * store's revision, the counts), the orgs (fixed fields, then their keys,
 * kinds and states in one block, as the network holds them; names and
 * cities are read from the store when printed), the tie kinds and odd dates,
 * the tie columns (ids and weights narrow or wide as the network holds
 * them, the header says which), and the graph's six indexed edge list vectors (from, to,
 * oi, ii, os, is: igraph_t's own fields, igraph_datatype.h) in the order
 * igraph keeps them, so that no edge is sorted again; then a checksum of all
 * that.  Reading checks the stamp and the counts against the file's size
 * before allocating, the checksum after, and then every index against its
 * bound (vertices, edges, kinds, odd dates, the strings), so that a damaged
 * or hand-made file can never make an analysis read out of bounds.
 */
#include "view_snapshot.h"

#include "hugepages.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SNAPSHOT_MAGIC "COVIEW\r\n"
#define SNAPSHOT_FORMAT 3u /* 2: narrow tie columns; 3: no names or cities */

typedef struct {
	char magic[8];
	uint32_t format;
	uint32_t layout;          /* sizes of the build's types, see layout() */
	char igraph_version[32];  /* IGRAPH_VERSION: its vectors' meaning is igraph's */
	char built[32];           /* co_network_build_time */
	int64_t schema_version;
	co_view_stamp stamp;      /* the store's revision */
	int64_t n_orgs, n_ties, n_kind_pool, n_odd_dates;
	int64_t text_bytes;       /* the orgs' strings */
	int64_t strings_bytes;    /* kinds and odd dates: a uint32 length and the bytes each */
	int64_t file_bytes;       /* the whole file, checksum included */
	uint32_t id_bytes;        /* 4: ties.id32, 8: ties.id64 */
	uint32_t weight_bytes;    /* 4: ties.weight32, 8: ties.weight64 */
} snapshot_header;

/* An org's fields that are not strings. */
typedef struct {
	int64_t id;
	double lat, lon;
	int64_t parent, members, at_state_point;
} snapshot_org;

static uint32_t layout(void)
{
	return (uint32_t)(sizeof(igraph_integer_t) | sizeof(double) << 4 | sizeof(void *) << 8 |
	                  sizeof(snapshot_header) << 12);
}

/* ---- the checksum: Fletcher's over 64-bit words (a sum, and a sum of the
 * sums, so that order counts), bytes past the last word padded; a few
 * instructions a word, where the file is 90 MB at a million ties ---- */

typedef struct {
	uint64_t a, b;
	unsigned char pending[8];
	size_t n_pending;
} hasher;

static void hash_bytes(hasher *s, const void *data, size_t n)
{
	const unsigned char *p = data;
	uint64_t w, a = s->a, b = s->b;

	if (s->n_pending > 0 && s->n_pending < 8) {
		size_t take = 8 - s->n_pending < n ? 8 - s->n_pending : n;

		memcpy(s->pending + s->n_pending, p, take);
		s->n_pending += take;
		p += take;
		n -= take;
		if (s->n_pending < 8)
			return;
		memcpy(&w, s->pending, 8);
		a += w;
		b += a;
		s->n_pending = 0;
	}
	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		a += w;
		b += a;
	}
	memcpy(s->pending, p, n);
	s->n_pending = n;
	s->a = a;
	s->b = b;
}

static uint64_t hash_end(hasher *s)
{
	uint64_t w = 0;

	memcpy(&w, s->pending, s->n_pending);
	return (s->b + s->a + w) * 0x9e3779b97f4a7c15u ^ (s->a + w + s->n_pending);
}

/* ---- the file ---- */

static char *snapshot_path(co_store *store, const char *suffix)
{
	const char *db = co_store_path(store);
	size_t n = strlen(db) + strlen(suffix) + 6;
	char *path = malloc(n);

	if (path)
		snprintf(path, n, "%s-view%s", db, suffix);
	return path;
}

int co_view_snapshot_fits(const co_view *view, co_store *store)
{
	const char *db = co_store_path(store);

	return !view->as_of[0] && view->kinds.count == 0 && view->tie_kinds.count == 0 &&
	       view->states.count == 0 && view->min_sources == 0 && !view->positive_only &&
	       !view->events && !view->public_only && !view->federation &&
	       view->rollup == CO_ROLLUP_NONE && db[0] && strcmp(db, ":memory:") != 0;
}

co_status co_view_snapshot_stamp(co_view_stamp *out, co_store *store)
{
	memset(out, 0, sizeof(*out));
	return co_store_view_revision(out, store);
}

/* Expected size of a file with these counts; -1 when they cannot be. */
static int64_t file_bytes(const snapshot_header *h)
{
	const int64_t limit = INT64_C(1) << 40;
	int64_t n = h->n_orgs, m = h->n_ties, ig = (int64_t)sizeof(igraph_integer_t);

	if (n < 0 || m < 0 || h->n_kind_pool < 0 || h->n_odd_dates < 0 || h->text_bytes < 0 ||
	    h->strings_bytes < 0 || n > limit || m > limit || h->n_kind_pool > 65536 ||
	    h->n_odd_dates > limit || h->text_bytes > limit || h->strings_bytes > limit ||
	    (h->id_bytes != 4 && h->id_bytes != 8) || (h->weight_bytes != 4 && h->weight_bytes != 8))
		return -1;
	return (int64_t)sizeof(*h) + n * (int64_t)sizeof(snapshot_org) + h->text_bytes +
	       h->strings_bytes + m * (h->id_bytes + h->weight_bytes + 4 + 4 + 4 + 2 + 1) + 4 * m * ig +
	       2 * (n + 1) * ig + 8;
}

/* ---- writing ---- */

typedef struct {
	FILE *f;
	hasher hash;
	int failed;
} writer;

static void put(writer *w, const void *data, size_t n)
{
	if (w->failed || n == 0)
		return;
	hash_bytes(&w->hash, data, n);
	if (fwrite(data, 1, n, w->f) != n)
		w->failed = 1;
}

static void put_string(writer *w, const char *text)
{
	uint32_t n = (uint32_t)strlen(text);

	put(w, &n, sizeof(n));
	put(w, text, n);
}

static void put_vector(writer *w, const igraph_vector_int_t *v)
{
	put(w, VECTOR(*v), (size_t)igraph_vector_int_size(v) * sizeof(igraph_integer_t));
}

static int64_t strings_bytes(const co_network *net)
{
	int64_t n = 0;

	for (size_t i = 0; i < net->n_kind_pool; i++)
		n += 4 + (int64_t)strlen(net->kind_pool[i]);
	for (size_t i = 0; i < net->ties.n_odd_dates; i++)
		n += 4 + (int64_t)strlen(net->ties.odd_dates[i]);
	return n;
}

/* The orgs' strings are one block from orgs[0].key (network.c): its length
 * runs to the end of the last org's state.  Names and cities are not in it:
 * they are read from the store when printed (co_network_load_names()). */
static int64_t text_bytes(const co_network *net)
{
	const co_org *last;

	if (net->n_orgs == 0)
		return 0;
	last = &net->orgs[net->n_orgs - 1];
	return (int64_t)(last->state + strlen(last->state) + 1 - net->orgs[0].key);
}

static void put_orgs(writer *w, const co_network *net)
{
	snapshot_org chunk[512];
	size_t k = 0;

	for (igraph_integer_t v = 0; v < net->n_orgs; v++) {
		const co_org *org = &net->orgs[v];
		chunk[k++] = (snapshot_org){org->id, org->lat, org->lon, org->parent, org->members,
		                            org->at_state_point};
		if (k == sizeof(chunk) / sizeof(*chunk) || v == net->n_orgs - 1) {
			put(w, chunk, k * sizeof(*chunk));
			k = 0;
		}
	}
	if (net->n_orgs > 0)
		put(w, net->orgs[0].key, (size_t)text_bytes(net));
}

static void put_network(writer *w, const co_network *net, const snapshot_header *h)
{
	const co_tie_columns *t = &net->ties;
	size_t m = (size_t)net->n_ties;
	const igraph_t *g = &net->graph;

	put(w, h, sizeof(*h));
	put_orgs(w, net);
	for (size_t i = 0; i < net->n_kind_pool; i++)
		put_string(w, net->kind_pool[i]);
	for (size_t i = 0; i < t->n_odd_dates; i++)
		put_string(w, t->odd_dates[i]);
	if (t->id32)
		put(w, t->id32, m * sizeof(*t->id32));
	else
		put(w, t->id64, m * sizeof(*t->id64));
	if (t->weight32)
		put(w, t->weight32, m * sizeof(*t->weight32));
	else
		put(w, t->weight64, m * sizeof(*t->weight64));
	put(w, t->start, m * sizeof(*t->start));
	put(w, t->end, m * sizeof(*t->end));
	put(w, t->n_sources, m * sizeof(*t->n_sources));
	put(w, t->kind, m * sizeof(*t->kind));
	put(w, t->flags, m * sizeof(*t->flags));
	put_vector(w, &g->from);
	put_vector(w, &g->to);
	put_vector(w, &g->oi);
	put_vector(w, &g->ii);
	put_vector(w, &g->os);
	put_vector(w, &g->is);
}

static void fill_header(snapshot_header *h, const co_network *net, const co_view_stamp *stamp)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->magic, SNAPSHOT_MAGIC, sizeof(h->magic));
	h->format = SNAPSHOT_FORMAT;
	h->layout = layout();
	snprintf(h->igraph_version, sizeof(h->igraph_version), "%s", IGRAPH_VERSION);
	snprintf(h->built, sizeof(h->built), "%s", co_network_build_time);
	h->schema_version = CO_STORE_SCHEMA_VERSION;
	h->stamp = *stamp;
	h->n_orgs = net->n_orgs;
	h->n_ties = net->n_ties;
	h->n_kind_pool = (int64_t)net->n_kind_pool;
	h->n_odd_dates = (int64_t)net->ties.n_odd_dates;
	h->text_bytes = text_bytes(net);
	h->strings_bytes = strings_bytes(net);
	h->id_bytes = net->ties.id32 ? 4 : 8;
	h->weight_bytes = net->ties.weight32 ? 4 : 8;
	h->file_bytes = file_bytes(h);
}

co_status co_view_snapshot_write(const co_network *net, co_store *store,
                                 const co_view_stamp *stamp)
{
	char *path = snapshot_path(store, ""), *tmp = snapshot_path(store, ".XXXXXX");
	writer w = {NULL, {0, 0, {0}, 0}, 0};
	snapshot_header h;
	co_status status = CO_OK;
	uint64_t sum;
	int fd = -1;

	assert(net->has_graph && !net->ties.ends && !net->ties.count);
	if (!path || !tmp) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	if ((fd = mkstemp(tmp)) < 0 || !(w.f = fdopen(fd, "wb"))) {
		status = co_error_set(CO_EIO, "cannot write %s: %s", tmp, strerror(errno));
		goto done;
	}
	fd = -1;
	fill_header(&h, net, stamp);
	put_network(&w, net, &h);
	sum = hash_end(&w.hash);
	if (!w.failed && fwrite(&sum, sizeof(sum), 1, w.f) != 1)
		w.failed = 1;
	if (fclose(w.f) != 0)
		w.failed = 1;
	w.f = NULL;
	if (w.failed || rename(tmp, path) != 0)
		status = co_error_set(CO_EIO, "cannot write %s: %s", path, strerror(errno));
done:
	if (fd >= 0)
		close(fd);
	if (w.f)
		fclose(w.f);
	if (status != CO_OK && tmp)
		unlink(tmp);
	free(path);
	free(tmp);
	return status;
}

/* ---- reading ---- */

typedef struct {
	FILE *f;
	hasher hash;
	int failed;
} reader;

static void get(reader *r, void *data, size_t n)
{
	if (r->failed || n == 0)
		return;
	co_hugepages_advise(data, n);
	if (fread(data, 1, n, r->f) != n)
		r->failed = 1;
	else
		hash_bytes(&r->hash, data, n);
}

static co_status stale(const char *why)
{
	return co_error_set(CO_ENOTFOUND, "no current snapshot of the view: %s", why);
}

static co_status read_header(snapshot_header *h, reader *r, const co_view_stamp *stamp)
{
	struct stat st;

	get(r, h, sizeof(*h));
	if (r->failed)
		return stale("its header is cut short");
	if (memcmp(h->magic, SNAPSHOT_MAGIC, sizeof(h->magic)) != 0 ||
	    h->format != SNAPSHOT_FORMAT || h->layout != layout() ||
	    strncmp(h->igraph_version, IGRAPH_VERSION, sizeof(h->igraph_version)) != 0 ||
	    strncmp(h->built, co_network_build_time, sizeof(h->built)) != 0 ||
	    h->schema_version != CO_STORE_SCHEMA_VERSION)
		return stale("written by another build");
	if (memcmp(&h->stamp, stamp, sizeof(*stamp)) != 0)
		return stale("the store changed since it was written");
	if (fstat(fileno(r->f), &st) != 0 || file_bytes(h) < 0 ||
	    file_bytes(h) != h->file_bytes || (int64_t)st.st_size != h->file_bytes)
		return stale("its size does not match its counts");
	return CO_OK;
}

/* Points each org's key, kind and state into the text block; 0 when the
 * block does not hold exactly 3 strings an org. */
static int place_strings(co_network *net, char *block, int64_t n_bytes)
{
	char *p = block, *end = block + n_bytes;

	for (igraph_integer_t v = 0; v < net->n_orgs; v++) {
		co_org *org = &net->orgs[v];
		char **fields[3] = {&org->key, &org->kind, &org->state};

		for (int f = 0; f < 3; f++) {
			char *nul = p < end ? memchr(p, '\0', (size_t)(end - p)) : NULL;
			if (!nul)
				return 0;
			*fields[f] = p;
			p = nul + 1;
		}
	}
	return p == end;
}

static co_status get_orgs(reader *r, co_network *net, const snapshot_header *h)
{
	snapshot_org chunk[512];
	char *block;

	if (!(net->orgs = calloc((size_t)h->n_orgs + 1, sizeof(co_org))))
		return co_error_set(CO_ENOMEM, "out of memory reading the view's snapshot");
	for (int64_t v = 0; v < h->n_orgs;) {
		size_t k = (size_t)(h->n_orgs - v < 512 ? h->n_orgs - v : 512);
		get(r, chunk, k * sizeof(*chunk));
		for (size_t i = 0; i < k && !r->failed; i++, v++) {
			co_org *org = &net->orgs[v];
			org->id = chunk[i].id;
			org->lat = chunk[i].lat;
			org->lon = chunk[i].lon;
			org->parent = (igraph_integer_t)chunk[i].parent;
			org->members = chunk[i].members;
			org->at_state_point = (int)chunk[i].at_state_point;
		}
		if (r->failed)
			return stale("it is cut short");
	}
	net->n_orgs = (igraph_integer_t)h->n_orgs;
	if (h->n_orgs == 0)
		return CO_OK;
	if (!(block = malloc((size_t)h->text_bytes)))
		return co_error_set(CO_ENOMEM, "out of memory reading the view's snapshot");
	get(r, block, (size_t)h->text_bytes);
	if (r->failed || !place_strings(net, block, h->text_bytes)) {
		/* the network frees the block through orgs[0].key only once placed */
		memset(net->orgs, 0, (size_t)net->n_orgs * sizeof(co_org));
		free(block);
		return stale("its org keys are damaged");
	}
	return CO_OK;
}

/* A string written by put_string() into a new string *out. */
static co_status get_string(char **out, reader *r, int64_t *left)
{
	uint32_t n = 0;

	get(r, &n, sizeof(n));
	if (r->failed || (int64_t)n + 4 > *left)
		return stale("its names of kinds are damaged");
	*left -= 4 + (int64_t)n;
	if (!(*out = malloc((size_t)n + 1)))
		return co_error_set(CO_ENOMEM, "out of memory reading the view's snapshot");
	get(r, *out, n);
	(*out)[n] = '\0';
	return r->failed || strlen(*out) != n ? stale("its names of kinds are damaged") : CO_OK;
}

static co_status get_strings(reader *r, co_network *net, const snapshot_header *h)
{
	int64_t left = h->strings_bytes;
	co_status status = CO_OK;

	if (!(net->kind_pool = calloc((size_t)h->n_kind_pool + 1, sizeof(char *))) ||
	    !(net->ties.odd_dates = calloc((size_t)h->n_odd_dates + 1, sizeof(char *))))
		return co_error_set(CO_ENOMEM, "out of memory reading the view's snapshot");
	for (int64_t i = 0; i < h->n_kind_pool && status == CO_OK; i++)
		if ((status = get_string(&net->kind_pool[i], r, &left)) == CO_OK ||
		    net->kind_pool[i])
			net->n_kind_pool++;
	for (int64_t i = 0; i < h->n_odd_dates && status == CO_OK; i++)
		if ((status = get_string(&net->ties.odd_dates[i], r, &left)) == CO_OK ||
		    net->ties.odd_dates[i])
			net->ties.n_odd_dates++;
	if (status == CO_OK && left != 0)
		status = stale("its names of kinds are damaged");
	return status;
}

/* The tie columns, ids and weights as wide as the header says: the narrow
 * ones are made first, so that co_tie_columns_reserve() grows them and
 * makes no wide ones. */
static co_status get_ties(reader *r, co_network *net, const snapshot_header *h)
{
	co_tie_columns *t = &net->ties;
	size_t m = (size_t)net->n_ties;
	co_status status;

	if ((h->id_bytes == 4 && !(t->id32 = malloc(sizeof(*t->id32)))) ||
	    (h->weight_bytes == 4 && !(t->weight32 = malloc(sizeof(*t->weight32)))))
		return co_error_set(CO_ENOMEM, "out of memory reading the view's snapshot");
	if ((status = co_tie_columns_reserve(t, m, 0, 0)) != CO_OK)
		return status;
	if (t->id32)
		get(r, t->id32, m * sizeof(*t->id32));
	else
		get(r, t->id64, m * sizeof(*t->id64));
	if (t->weight32)
		get(r, t->weight32, m * sizeof(*t->weight32));
	else
		get(r, t->weight64, m * sizeof(*t->weight64));
	get(r, t->start, m * sizeof(*t->start));
	get(r, t->end, m * sizeof(*t->end));
	get(r, t->n_sources, m * sizeof(*t->n_sources));
	get(r, t->kind, m * sizeof(*t->kind));
	get(r, t->flags, m * sizeof(*t->flags));
	return r->failed ? stale("it is cut short") : CO_OK;
}

static int get_vector(reader *r, igraph_vector_int_t *v, igraph_integer_t n)
{
	if (igraph_vector_int_resize(v, n) != IGRAPH_SUCCESS)
		return -1;
	get(r, VECTOR(*v), (size_t)n * sizeof(igraph_integer_t));
	return 0;
}

/* The graph: an empty one of n vertices whose six vectors are then read in
 * (the cache igraph keeps of its properties is cleared: it knew none). */
static co_status get_graph(reader *r, co_network *net)
{
	igraph_t *g = &net->graph;
	igraph_integer_t n = net->n_orgs, m = net->n_ties;

	if (igraph_empty(g, n, IGRAPH_UNDIRECTED) != IGRAPH_SUCCESS)
		return co_error_set(CO_ENOMEM, "out of memory reading the view's snapshot");
	net->has_graph = 1;
	if (get_vector(r, &g->from, m) < 0 || get_vector(r, &g->to, m) < 0 ||
	    get_vector(r, &g->oi, m) < 0 || get_vector(r, &g->ii, m) < 0 ||
	    get_vector(r, &g->os, n + 1) < 0 || get_vector(r, &g->is, n + 1) < 0) {
		/* a failed resize leaves the vectors as they were: the graph stays whole */
		return co_error_set(CO_ENOMEM, "out of memory reading the view's snapshot");
	}
	igraph_invalidate_cache(g);
	return r->failed ? stale("it is cut short") : CO_OK;
}

/* ---- the checks of every index against its bound ---- */

static int indexes_below(const igraph_vector_int_t *v, igraph_integer_t bound)
{
	const igraph_integer_t *x = VECTOR(*v);
	igraph_integer_t n = igraph_vector_int_size(v);
	uint64_t bad = 0;

	/* one unsigned compare catches negative values too */
	for (igraph_integer_t i = 0; i < n; i++)
		bad |= (uint64_t)x[i] >= (uint64_t)bound;
	return !bad;
}

/* os and is: start at 0, never decrease, end at m. */
static int starts_valid(const igraph_vector_int_t *v, igraph_integer_t m)
{
	igraph_integer_t n = igraph_vector_int_size(v);

	const igraph_integer_t *x = VECTOR(*v);
	int bad = 0;

	if (n < 1 || x[0] != 0 || x[n - 1] != m)
		return 0;
	for (igraph_integer_t i = 1; i < n; i++)
		bad |= x[i] < x[i - 1];
	return !bad;
}

static int date_valid(int32_t code, size_t n_odd)
{
	return code >= 0 || (size_t)(-(int64_t)code - 1) < n_odd;
}

static int network_valid(const co_network *net)
{
	const igraph_t *g = &net->graph;
	const co_tie_columns *t = &net->ties;
	int bad = 0;

	for (igraph_integer_t v = 0; v < net->n_orgs; v++)
		bad |= net->orgs[v].parent < -1 || net->orgs[v].parent >= net->n_orgs;
	for (igraph_integer_t j = 0; j < net->n_ties; j++)
		bad |= (t->kind[j] >= net->n_kind_pool) | (t->flags[j] > 7) |
		       !date_valid(t->start[j], t->n_odd_dates) | !date_valid(t->end[j], t->n_odd_dates);
	if (bad)
		return 0;
	return indexes_below(&g->from, net->n_orgs) && indexes_below(&g->to, net->n_orgs) &&
	       indexes_below(&g->oi, net->n_ties) && indexes_below(&g->ii, net->n_ties) &&
	       starts_valid(&g->os, net->n_ties) && starts_valid(&g->is, net->n_ties);
}

static co_status read_network(co_network *net, reader *r, const co_view_stamp *stamp)
{
	snapshot_header h;
	uint64_t sum = 0, expected;
	co_status status;

	if ((status = read_header(&h, r, stamp)) != CO_OK ||
	    (status = get_orgs(r, net, &h)) != CO_OK ||
	    (status = get_strings(r, net, &h)) != CO_OK)
		return status;
	net->n_ties = (igraph_integer_t)h.n_ties;
	if ((status = get_ties(r, net, &h)) != CO_OK || (status = get_graph(r, net)) != CO_OK)
		return status;
	expected = hash_end(&r->hash);
	if (fread(&sum, sizeof(sum), 1, r->f) != 1 || sum != expected)
		return stale("its checksum does not match");
	if (!network_valid(net))
		return stale("an index in it is out of bounds");
	return CO_OK;
}

co_status co_view_snapshot_read(co_network **out, co_store *store, const co_view *view,
                                const co_view_stamp *stamp)
{
	char *path = snapshot_path(store, "");
	reader r = {NULL, {0, 0, {0}, 0}, 0};
	co_network *net = NULL;
	co_status status;

	*out = NULL;
	if (!path)
		return co_error_set(CO_ENOMEM, "out of memory");
	if (!(r.f = fopen(path, "rb"))) {
		status = stale(strerror(errno));
		goto done;
	}
	if (!(net = calloc(1, sizeof(*net)))) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	if ((status = co_view_copy(&net->view, view)) != CO_OK)
		goto done;
	if ((status = read_network(net, &r, stamp)) != CO_OK)
		goto done;
	if (net->n_orgs > 0)
		net->names_from = store; /* names and cities: co_network_load_names() */
	*out = net;
	net = NULL;
done:
	co_network_free(net);
	if (r.f)
		fclose(r.f);
	free(path);
	return status;
}
