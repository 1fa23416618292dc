/*
 * network.h - the network of a view: an igraph graph with org and tie
 * attributes, built from the store in a single pass.
 *
 * Vertex i of `graph` is orgs[i]; edge j is tie j.  The graph is
 * undirected: each tie counts once.  A tie's own direction, when it has one,
 * is kept in its flags (CO_TIE_DIRECTED) with co_network_tie_source() ->
 * co_network_tie_target(), for the analyses that need it (brokerage roles,
 * hubs and authorities).  Orgs are ordered by key and ties by row id, so the
 * same store and view always give the same graph.  Two orgs may be joined by
 * several ties (a campaign and a training, say): the graph is then a
 * multigraph, and analyses that need a simple graph say how they merge
 * parallel ties.
 *
 * The ties are columns (co_tie_columns), not records: a million ties are
 * what limits the big views, and a tie costs 23 bytes here (id 4, weight 4,
 * start and end 4 each, sources 4, kind 2, flags 1) where a record cost 88.
 * Ids and weights are narrow when every one of the view fits: ids in 32
 * bits (the row ids of any real store), weights exact as floats (integers
 * below 2^24, halves, ...); else they are 8 bytes each, as they are built
 * (31 bytes a tie).  Read them through co_network_tie_id() and
 * co_network_tie_weight() (co_tie_columns_id() and co_tie_columns_weight()
 * on bare columns).
 * Its endpoints are not stored twice: they are the graph's edge j, with one
 * flag saying which end the tie was recorded from (igraph puts the larger
 * vertex first in an undirected graph).  Kinds are indexes into kind_pool;
 * dates are codes that give back the very text stored (co_tie_date_text()).
 * Read them through the co_network_tie_* accessors below, or the arrays
 * of the other attributes directly in a loop over every tie.
 *
 * With --federation each parent link of the view is a tie of kind
 * `federation` (id 0, positive, weight 1, undirected), unless a tie of kind
 * federation or affiliation already joins the org and its parent.  With
 * --rollup the vertices are groups (see co_rollup in view.h): orgs[i].members
 * says how many orgs each stands for, and the ties between two groups are
 * summed per (kind, sign): co_network_tie_count() ties of total weight
 * co_network_tie_weight(), friction summed apart from collaboration.  Ties inside one
 * group are left out.  A group that is an org (--rollup parent or top) has
 * that org's id, key and attributes; a state or kind group has id 0 and the
 * state or kind as its key ("no-state" for orgs without one).
 *
 * Ownership: co_network_build() hands the caller a network freed with
 * co_network_free(); it owns its orgs, tie columns, strings, igraph graph
 * and a copy of its view.  It borrows the store for one thing: the orgs'
 * names and cities are read when first needed (co_network_load_names()),
 * so the store must stay open until the network is freed or its names are
 * loaded.  A network made by hand (tests) owns its columns through
 * co_tie_columns_reserve()/co_tie_columns_free(); until it has a graph
 * (has_graph 0) the endpoints are read from ties.ends.  Graphs and vectors
 * filled by the co_network_* helpers are initialized by the caller (or said
 * to be uninitialized) and destroyed by the caller; co_network_aliases are
 * freed with co_network_aliases_free().
 */
#ifndef COALITION_NETWORK_H
#define COALITION_NETWORK_H

#include <igraph.h>
#include <stdint.h>

#include "coalition/error.h"
#include "coalition/store.h"
#include "coalition/view.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
	int64_t id;              /* row id in orgs */
	char *key;
	char *name;              /* read when first needed: co_network_load_names() */
	char *kind;              /* chapter, national, ngo, union, ... */
	char *state;             /* two-letter code or "" */
	char *city;              /* "" when unknown; read with the names */
	double lat, lon;         /* NAN when unknown */
	igraph_integer_t parent; /* vertex of the parent org, or -1 if none or not in the view */
	int64_t members;         /* orgs this vertex stands for: 1, or a group's size (--rollup) */
	int at_state_point;      /* 1 when lat/lon is only the state's point (orgs.placed
	                            = 'state'): a geographic map spreads it in the state */
} co_org;

/* A tie's flags (co_tie_columns.flags). */
enum {
	CO_TIE_FRICTION = 1,     /* sign -1; collaboration (+1) without it */
	CO_TIE_DIRECTED = 2,     /* the tie has a direction source -> target */
	CO_TIE_SOURCE_IS_TO = 4  /* internal: the recorded source is IGRAPH_TO of edge j */
};

/*
 * The ties, one array per attribute, n_ties entries each.  Dates are codes:
 * 0 for none, > 0 for YYYY[-MM[-DD]] packed (CO_TIE_DATE_SET | year << 9 |
 * month << 5 | day, month and day 0 when not given, so codes compare as the
 * texts do), < 0 for any other text, kept verbatim in odd_dates[-code - 1].
 */
typedef struct {
	/* The row id in ties of each tie; 0 for a co-participation tie
	 * (--events), a parent link (--federation) or a group tie (--rollup).
	 * One of the two columns is set: id32 when every id fits in 32 bits
	 * (co_tie_columns_narrow()), else id64.  Read co_tie_columns_id(). */
	int64_t *id64;
	uint32_t *id32;
	/* The weights (> 0): weight32 when every one is exact as a float, else
	 * weight64.  Read co_tie_columns_weight(). */
	double *weight64;
	float *weight32;
	int32_t *start, *end;    /* date codes (ISO dates or none) */
	int32_t *n_sources;      /* sources backing the tie (summed over a group tie) */
	uint16_t *kind;          /* index in the network's kind_pool */
	uint8_t *flags;          /* CO_TIE_* */
	int64_t *count;          /* ties each stands for (--rollup); NULL: 1 each */
	igraph_integer_t *ends;  /* source, target of tie j at 2j, 2j + 1 while there is
	                            no graph (built by hand, or being built); else NULL */
	char **odd_dates;        /* dates not written YYYY[-MM[-DD]], as stored */
	size_t n_odd_dates;
	size_t capacity;         /* internal: entries allocated */
} co_tie_columns;

#define CO_TIE_DATE_SET (1 << 24)

typedef struct {
	igraph_t graph;          /* undirected, n_orgs vertices, n_ties edges */
	co_org *orgs;
	igraph_integer_t n_orgs;
	co_tie_columns ties;
	igraph_integer_t n_ties;
	co_view view;            /* a copy of the view it was built from */
	/* Tie kinds are interned here; ties.kind[j] indexes it. */
	char **kind_pool;
	size_t n_kind_pool;
	int has_graph;           /* internal: `graph` was created */
	co_store *names_from;    /* internal: the store the orgs' names and cities are
	                            read from when first needed; NULL once read */
	char *names_text;        /* internal: the block they were read into */
} co_network;

/* The text of date code `code` of `ties` into buf ("" for none); returns buf. */
static inline const char *co_tie_date_text(const co_tie_columns *ties, int32_t code,
                                           char buf[11])
{
	if (code < 0) {
		const char *odd = ties->odd_dates[-(int64_t)code - 1];
		size_t i = 0;

		for (; i < 10 && odd[i]; i++)
			buf[i] = odd[i];
		buf[i] = '\0';
		return buf;
	}
	if (code == 0) {
		buf[0] = '\0';
		return buf;
	}
	int year = (code >> 9) & 0x7fff, month = (code >> 5) & 15, day = code & 31, n = 4;

	buf[0] = (char)('0' + year / 1000);
	buf[1] = (char)('0' + year / 100 % 10);
	buf[2] = (char)('0' + year / 10 % 10);
	buf[3] = (char)('0' + year % 10);
	if (month) {
		buf[4] = '-';
		buf[5] = (char)('0' + month / 10);
		buf[6] = (char)('0' + month % 10);
		n = 7;
		if (day) {
			buf[7] = '-';
			buf[8] = (char)('0' + day / 10);
			buf[9] = (char)('0' + day % 10);
			n = 10;
		}
	}
	buf[n] = '\0';
	return buf;
}

/* The row id of tie j (0 for a tie made by the view), whichever column holds it. */
static inline int64_t co_tie_columns_id(const co_tie_columns *ties, size_t j)
{
	return ties->id32 ? (int64_t)ties->id32[j] : ties->id64[j];
}

/* The weight of tie j, whichever column holds it. */
static inline double co_tie_columns_weight(const co_tie_columns *ties, size_t j)
{
	return ties->weight32 ? (double)ties->weight32[j] : ties->weight64[j];
}

static inline int64_t co_network_tie_id(const co_network *net, igraph_integer_t j)
{
	return co_tie_columns_id(&net->ties, (size_t)j);
}

static inline double co_network_tie_weight(const co_network *net, igraph_integer_t j)
{
	return co_tie_columns_weight(&net->ties, (size_t)j);
}

static inline const char *co_network_tie_kind(const co_network *net, igraph_integer_t j)
{
	return net->kind_pool[net->ties.kind[j]];
}

static inline int co_network_tie_sign(const co_network *net, igraph_integer_t j)
{
	return net->ties.flags[j] & CO_TIE_FRICTION ? -1 : 1;
}

static inline int co_network_tie_directed(const co_network *net, igraph_integer_t j)
{
	return (net->ties.flags[j] & CO_TIE_DIRECTED) != 0;
}

static inline int64_t co_network_tie_count(const co_network *net, igraph_integer_t j)
{
	return net->ties.count ? net->ties.count[j] : 1;
}

/* The tie's endpoints in the order it was recorded. */
static inline igraph_integer_t co_network_tie_source(const co_network *net, igraph_integer_t j)
{
	if (!net->has_graph)
		return net->ties.ends[2 * j];
	return net->ties.flags[j] & CO_TIE_SOURCE_IS_TO ? IGRAPH_TO(&net->graph, j)
	                                                : IGRAPH_FROM(&net->graph, j);
}

static inline igraph_integer_t co_network_tie_target(const co_network *net, igraph_integer_t j)
{
	if (!net->has_graph)
		return net->ties.ends[2 * j + 1];
	return net->ties.flags[j] & CO_TIE_SOURCE_IS_TO ? IGRAPH_FROM(&net->graph, j)
	                                                : IGRAPH_TO(&net->graph, j);
}

/* The start and end of tie j as text into buf ("" for none); return buf. */
static inline const char *co_network_tie_start(const co_network *net, igraph_integer_t j,
                                               char buf[11])
{
	return co_tie_date_text(&net->ties, net->ties.start[j], buf);
}

static inline const char *co_network_tie_end(const co_network *net, igraph_integer_t j,
                                             char buf[11])
{
	return co_tie_date_text(&net->ties, net->ties.end[j], buf);
}

/*
 * One tie copied out of the columns by co_network_tie_get(), for code that
 * reads a few ties whole or prints them; loops over every tie read the
 * columns.  kind points into the network's kind_pool.
 */
typedef struct {
	int64_t id;
	igraph_integer_t source, target; /* vertices, in the order the tie was recorded */
	const char *kind;
	int sign;                /* 1 collaboration, -1 friction */
	double weight;
	char start[11], end[11]; /* the dates as stored, or "" */
	int directed;            /* 1 if the tie has a direction source -> target */
	int n_sources;
	int64_t count;           /* 1, or the ties a group tie stands for */
} co_tie;

/* Fills *tie with tie j of `net`; returns tie. */
static inline const co_tie *co_network_tie_get(const co_network *net, igraph_integer_t j,
                                               co_tie *tie)
{
	tie->id = co_network_tie_id(net, j);
	tie->source = co_network_tie_source(net, j);
	tie->target = co_network_tie_target(net, j);
	tie->kind = co_network_tie_kind(net, j);
	tie->sign = co_network_tie_sign(net, j);
	tie->weight = co_network_tie_weight(net, j);
	co_network_tie_start(net, j, tie->start);
	co_network_tie_end(net, j, tie->end);
	tie->directed = co_network_tie_directed(net, j);
	tie->n_sources = net->ties.n_sources[j];
	tie->count = co_network_tie_count(net, j);
	return tie;
}

/*
 * Makes room in `ties` for `n` ties (their count column too when with_count,
 * their ends when with_ends); new entries are not initialized.  Ids and
 * weights grow in the columns they have, and start wide (id64, weight64):
 * ties are filled wide and narrowed once complete.  CO_ENOMEM.
 */
co_status co_tie_columns_reserve(co_tie_columns *ties, size_t n, int with_ends,
                                 int with_count);

/*
 * Narrows the ids of the first n ties (the ties there are, n <= capacity)
 * to id32 when every one is in [0, 2^32), and their weights to weight32
 * when every one is exact as a float; each in place (the narrow values
 * written over the wide block from its front, then the block shrunk to n),
 * so that it never needs more memory than the wide column held.  Columns
 * that do not fit, or are narrow already, stay as they are; capacity is n
 * afterwards (the other columns hold at least n).
 */
void co_tie_columns_narrow(co_tie_columns *ties, size_t n);

/* The code of date `text` (at most its first 10 bytes), adding it to
 * odd_dates when it is not YYYY[-MM[-DD]].  CO_ENOMEM. */
co_status co_tie_columns_date(int32_t *code, co_tie_columns *ties, const char *text);

/* Frees the columns of `ties` and zeroes it; accepts an empty one. */
void co_tie_columns_free(co_tie_columns *ties);

/*
 * Builds the network of `view` from `store`.  On success *out owns the
 * network; free it with co_network_free().  The network of the whole store
 * (a view that filters nothing) is read from the snapshot beside a store
 * file (STORE-view) when the store has not changed since it was written,
 * and written there when it is missing or stale; a snapshot that cannot be
 * written is left out without an error.
 */
co_status co_network_build(co_network **out, co_store *store, const co_view *view);

/* Frees a network; accepts NULL. */
void co_network_free(co_network *net);

/*
 * Reads the orgs' names and cities, which a network built from the store
 * does not hold until something prints them: a view is built for its
 * analysis, and at 240k orgs names and cities are 8.5 MB that no analysis
 * reads.  Every function of the library that reads org names calls this
 * first; code outside it that reads orgs[v].name or .city directly calls it
 * too (until then they are NULL).  Loading needs the store the network was
 * built from still open.  Once loaded, or for a network without pending
 * names (built by hand, a --rollup view), it does nothing.  The names are a
 * cache: this is the one call that changes a network given as const, so it
 * must not run while another thread reads the network.  CO_EDB, CO_ENOMEM,
 * or CO_EDB with a message when the store's orgs changed since the build.
 */
co_status co_network_load_names(const co_network *net);

/*
 * Frees the network's ties (their columns and the igraph graph), for a
 * command whose analysis has built what it reads from them and needs only
 * the orgs from then on (to print and save per-org values): 64 MB of a
 * 1.1M-tie view's 90 (its 240k orgs 26 MB, 35 once their names are read;
 * the tie columns 25 MB at 23 bytes a tie, the graph 39 MB at 32 bytes a
 * tie and 16 an org).
 * Afterwards the network reads as one without ties: n_ties is 0, has_graph
 * 0 (net->graph is zeroed: no igraph call may read it), and no tie accessor
 * may be called; the orgs, kinds and view stay, and co_network_free() frees
 * the rest.  Accepts NULL.
 */
void co_network_release_ties(co_network *net);

/*
 * Frees the network's igraph graph only (39 MB of a 1.1M-tie view's 90),
 * for a command that has taken the ends of the ties it needs: the tie
 * columns stay (weights, kinds, signs, dates), but co_network_tie_source()
 * and co_network_tie_target() may no longer be called, nor any igraph call
 * read net->graph (has_graph is 0); co_network_release_ties() and
 * co_network_free() free the rest.  Accepts NULL.
 */
void co_network_release_graph(co_network *net);

/* Tie columns co_network_release_tie_columns() can free one by one. */
#define CO_TIE_COLUMN_ID 1u          /* ties.id32 or id64: the row ids (citations.h reads them) */
#define CO_TIE_COLUMN_N_SOURCES 2u   /* ties.n_sources */

/*
 * Frees the tie columns named in `columns` (CO_TIE_COLUMN_* or'ed), for a
 * map that reads the other columns still (the interactive map: weights,
 * kinds, signs, dates; 9 MB of a 1.1M-tie view's 25 MB of columns are ids
 * and counts of sources, 4 bytes a tie each).  CO_TIE_COLUMN_ID frees the
 * ids' column, narrow or wide.  The freed columns are NULL afterwards, and
 * co_network_tie_get() and co_network_tie_id() (for the ids) may no longer
 * be called; the other accessors may.  co_network_release_ties() and
 * co_network_free() free the rest.  Accepts NULL.
 */
void co_network_release_tie_columns(co_network *net, unsigned columns);

/*
 * Frees the network's orgs (their structs and strings: 26 MB of a 1.1M-tie
 * view's 240k orgs, 35 with their names), for a command that has copied what it reads of them
 * (the render command's PNG and PDF maps, once the scene is built).
 * Afterwards n_orgs is 0 and orgs NULL: no org may be read, and no tie
 * accessor called; co_network_free() frees the rest.  Accepts NULL.
 */
void co_network_release_orgs(co_network *net);

/*
 * Finds an org of the network by key, or through the store (store may be
 * NULL to search keys only) by alias, or by key, alias or name compared
 * without case or accents ("aclu of ohio").  Returns CO_ENOTFOUND with a
 * message naming `key` when it is not in the view: listing the orgs it
 * names when it names several, the nearest names when none.
 */
co_status co_network_find(igraph_integer_t *vertex, const co_network *net,
                          co_store *store, const char *key);

/* The vertex of the org whose key is exactly `key`, or -1 (no aliases, no
 * message; orgs are sorted by key in byte order). */
igraph_integer_t co_network_key_vertex(const co_network *net, const char *key);

/*
 * Fills `weights` (initialized by the caller) with each tie's weight, and
 * with `signed_weights` set, the weight times the sign.
 */
co_status co_network_weights(igraph_vector_t *weights, const co_network *net,
                             int signed_weights);

/*
 * Builds in *out (uninitialized) the subgraph of positive ties only, with the
 * same vertices; edge_map (may be NULL; initialized by the caller) receives
 * for each edge of *out the index of its tie in net's ties.
 */
co_status co_network_positive_subgraph(igraph_t *out, igraph_vector_int_t *edge_map,
                                       const co_network *net);

/*
 * Saves one value per org of the network for metric `name` in run `run_id`
 * (values[i] belongs to net->orgs[i]; NaN is saved as NULL).
 */
co_status co_network_save_metric(co_store *store, int64_t run_id,
                                 const co_network *net, const char *name,
                                 const double *values);

/*
 * Reads the latest stored value of metric `name` for each org of `net`
 * from runs on the same view as `net` (runs.view, v_metrics), into
 * values[0 .. n_orgs) (NaN where an org has none); *found counts the orgs
 * that have one.  CO_ENOTFOUND with a message when no run on this view
 * saved the metric.
 */
co_status co_network_stored_metric(double *values, size_t *found, co_store *store,
                                   const co_network *net, const char *name);

/*
 * The aliases of the network's orgs (the aliases table): those of org v
 * are text[first[v] .. first[v + 1]), in alias order.  Both arrays are
 * owned; free them with co_network_aliases_free().
 */
typedef struct {
	char **text;
	size_t *first;   /* n_orgs + 1 entries */
} co_network_aliases;

/* Reads the aliases of `net`'s orgs into *out (zeroed first; free it with
 * co_network_aliases_free() also after a failure).  CO_EDB, CO_ENOMEM. */
co_status co_network_aliases_read(co_network_aliases *out, co_store *store,
                                  const co_network *net);

void co_network_aliases_free(co_network_aliases *aliases, const co_network *net);

#ifdef __cplusplus
}
#endif
#endif
