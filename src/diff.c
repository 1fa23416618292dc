/*
 * diff.c - what changed between two dates: two --as-of snapshots of one
 * view compared tie by tie, friction pair by friction pair, by centrality
 * rank, and by tension clusters (diff.h gives the definitions).
 *
 * Everything is computed by the library's own analyses (co_network_build,
 * co_centrality_compute, co_tensions_compute) on each snapshot; this file
 * only matches the two results.  Ties are matched by their row id, orgs by
 * their row id (both snapshots list the same orgs in the same order, which
 * is checked), clusters by the overlap rule of diff.h.
 */
#include "coalition/diff.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "coalition/network.h"
#include "coalition/output.h"

void co_diff_options_init(co_diff_options *options)
{
	memset(options, 0, sizeof(*options));
	options->measure = CO_MEASURE_PAGERANK;
	options->top = 10;
	options->seed = 1;
	co_tensions_options_init(&options->tensions);
}

static int put(json_t *obj, const char *key, json_t *value)
{
	return value && json_object_set_new(obj, key, value) == 0;
}

static int append(json_t *array, json_t *value)
{
	return value && json_array_append_new(array, value) == 0;
}

/* A date as the first day it names, for ordering. */
static void first_day(char out[11], const char *date)
{
	snprintf(out, 11, "%s%s", date, strlen(date) == 4 ? "-01-01" : strlen(date) == 7 ? "-01" : "");
}

typedef struct {
	co_network *net;
	co_tensions *tensions;
	double *values;          /* the measure, per org */
	igraph_integer_t *rank;  /* per org */
	igraph_integer_t *size;  /* per cluster */
} snapshot;

static void snapshot_free(snapshot *s)
{
	co_tensions_free(s->tensions);
	co_network_free(s->net);
	free(s->values);
	free(s->rank);
	free(s->size);
}

static const double *sort_values;

static int by_value_desc(const void *a, const void *b)
{
	double x = sort_values[*(const igraph_integer_t *)a], y = sort_values[*(const igraph_integer_t *)b];
	return (x < y) - (x > y);
}

static int values_equal(double a, double b)
{
	return fabs(a - b) <= 1e-9 * fmax(fmax(fabs(a), fabs(b)), 1e-300);
}

static co_status take_snapshot(snapshot *s, co_store *store, const co_view *view, const char *date,
                               const co_diff_options *o)
{
	co_view v;
	co_centrality_result cr;
	igraph_integer_t n, *order = NULL;
	const co_clusters *cl;
	co_status status;

	memset(&cr, 0, sizeof(cr));
	if ((status = co_view_copy(&v, view)) != CO_OK)
		return status;
	snprintf(v.as_of, sizeof(v.as_of), "%s", date);
	status = co_network_build(&s->net, store, &v);
	co_view_free(&v);
	if (status != CO_OK)
		return status;
	n = s->net->n_orgs;
	igraph_rng_seed(igraph_rng_default(), o->seed);
	if ((status = co_centrality_compute(&cr, s->net, &o->measure, 1, NULL)) != CO_OK)
		goto done;
	s->values = malloc(((size_t)n + 1) * sizeof(double));
	s->rank = malloc(((size_t)n + 1) * sizeof(*s->rank));
	order = malloc(((size_t)n + 1) * sizeof(*order));
	if (!s->values || !s->rank || !order) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	for (igraph_integer_t i = 0; i < n; i++) {
		s->values[i] = co_centrality_value(&cr, 0, i);
		order[i] = i;
	}
	sort_values = s->values;
	qsort(order, (size_t)n, sizeof(*order), by_value_desc);
	for (igraph_integer_t k = 0; k < n; k++)
		s->rank[order[k]] = k > 0 && values_equal(s->values[order[k]], s->values[order[k - 1]]) ?
		                        s->rank[order[k - 1]] : k + 1;
	igraph_rng_seed(igraph_rng_default(), o->seed);
	if ((status = co_tensions_compute(&s->tensions, s->net, &o->tensions)) != CO_OK)
		goto done;
	cl = co_tensions_clusters(s->tensions);
	if (!(s->size = calloc((size_t)cl->k + 1, sizeof(*s->size)))) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	for (igraph_integer_t i = 0; i < n; i++)
		s->size[cl->membership[i]]++;
done:
	co_centrality_result_free(&cr);
	free(order);
	return status;
}

/* ---- ties and friction --------------------------------------------------- */

/* The ties of one snapshot not in the other, as edges of its network. */
typedef struct {
	const co_network *net;
	igraph_integer_t *edges;
	size_t n;
	double scale;  /* the largest finite |weight| among them (output.h's zero rule) */
} tie_list;

/* A tie's note, read with one statement prepared once (NULL under --public:
 * a note is free text about the tie, never shared). */
static co_status note_prepare(sqlite3_stmt **stmt, co_store *store, const co_view *view)
{
	*stmt = NULL;
	if (view->public_only ||
	    sqlite3_prepare_v2(co_store_db(store), "SELECT note FROM ties WHERE id = ?", -1, stmt,
	                       NULL) == SQLITE_OK)
		return CO_OK;
	return co_error_set(CO_EDB, "cannot read tie notes: %s", sqlite3_errmsg(co_store_db(store)));
}

/* Tie e of `net` as a row; its weight is 0 where it is rounding noise
 * against `scale` (a negative scale keeps it as it is); with `change`, a
 * "change" member last. */
static json_t *tie_json(const co_network *net, igraph_integer_t e, sqlite3_stmt *note_stmt,
                        double scale, const char *change)
{
	const char *note = NULL;
	co_tie t_row;
	const co_tie *t = co_network_tie_get(net, e, &t_row);
	double weight = t->weight;
	json_t *row;

	if (scale >= 0 && fabs(weight) < CO_OUTPUT_ZERO * (scale > 1 ? scale : 1))
		weight = 0.0;
	if (note_stmt) {
		sqlite3_reset(note_stmt);
		sqlite3_bind_int64(note_stmt, 1, t->id);
		if (sqlite3_step(note_stmt) == SQLITE_ROW)
			note = (const char *)sqlite3_column_text(note_stmt, 0);
	}
	row = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:i,s:f,s:s,s:s,s:s}", "id", (json_int_t)t->id,
	                "source", net->orgs[t->source].key, "source_name", net->orgs[t->source].name,
	                "target", net->orgs[t->target].key, "target_name", net->orgs[t->target].name,
	                "kind", t->kind, "sign", t->sign, "weight", weight, "start", t->start,
	                "end", t->end, "note", note ? note : "");
	if (row && change && json_object_set_new(row, "change", json_string(change)) != 0) {
		json_decref(row);
		row = NULL;
	}
	return row;
}

static int by_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* The ties of `a` whose id is not among those of `b`, in the order of `a`. */
static co_status ties_only_in(tie_list *out, const co_network *a, const co_network *b)
{
	int64_t *ids = malloc(((size_t)b->n_ties + 1) * sizeof(*ids));
	co_status status = CO_OK;

	out->net = a;
	out->n = 0;
	out->scale = 0;
	out->edges = malloc(((size_t)a->n_ties + 1) * sizeof(*out->edges));
	if (!ids || !out->edges) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	for (igraph_integer_t e = 0; e < b->n_ties; e++)
		ids[e] = b->ties.id[e];
	qsort(ids, (size_t)b->n_ties, sizeof(*ids), by_id);
	for (igraph_integer_t e = 0; e < a->n_ties; e++) {
		int64_t id = a->ties.id[e];
		double w = fabs(a->ties.weight[e]);
		if (id == 0 || bsearch(&id, ids, (size_t)b->n_ties, sizeof(*ids), by_id))
			continue; /* co-participation ties have no id to follow */
		out->edges[out->n++] = e;
		if (isfinite(w) && w > out->scale)
			out->scale = w;
	}
done:
	free(ids);
	return status;
}

/* A tie list as a JSON array of rows (weights as they are). */
static json_t *tie_rows(const tie_list *l, sqlite3_stmt *note_stmt)
{
	json_t *rows = json_array();

	for (size_t i = 0; rows && i < l->n; i++)
		if (!append(rows, tie_json(l->net, l->edges[i], note_stmt, -1, NULL))) {
			json_decref(rows);
			return NULL;
		}
	return rows;
}

typedef struct {
	igraph_integer_t a, b, ties;
} pair;

static int by_pair(const void *x, const void *y)
{
	const pair *p = x, *q = y;
	if (p->a != q->a)
		return (p->a > q->a) - (p->a < q->a);
	return (p->b > q->b) - (p->b < q->b);
}

/* The distinct friction pairs of a network (a < b), sorted, with counts. */
static co_status friction_pairs(pair **out, size_t *n_out, const co_network *net)
{
	pair *p = malloc(((size_t)net->n_ties + 1) * sizeof(*p));
	size_t n = 0, m = 0;

	if (!p)
		return co_error_set(CO_ENOMEM, "out of memory");
	for (igraph_integer_t e = 0; e < net->n_ties; e++) {
		co_tie t_row;
		const co_tie *t = co_network_tie_get(net, e, &t_row);
		if (t->sign >= 0 || t->source == t->target)
			continue;
		p[n].a = t->source < t->target ? t->source : t->target;
		p[n].b = t->source < t->target ? t->target : t->source;
		p[n++].ties = 1;
	}
	qsort(p, n, sizeof(*p), by_pair);
	for (size_t i = 0; i < n; i++) {
		if (m > 0 && p[m - 1].a == p[i].a && p[m - 1].b == p[i].b)
			p[m - 1].ties++;
		else
			p[m++] = p[i];
	}
	*out = p;
	*n_out = m;
	return CO_OK;
}

static co_status friction_only_in(json_t *rows, const co_network *net, const pair *a, size_t na,
                                  const pair *b, size_t nb)
{
	for (size_t i = 0; i < na; i++) {
		if (bsearch(&a[i], b, nb, sizeof(*b), by_pair))
			continue;
		if (!append(rows, json_pack("{s:s,s:s,s:s,s:s,s:I}", "a", net->orgs[a[i].a].key,
		                            "a_name", net->orgs[a[i].a].name, "b", net->orgs[a[i].b].key,
		                            "b_name", net->orgs[a[i].b].name, "ties",
		                            (json_int_t)a[i].ties)))
			return co_error_set(CO_ENOMEM, "out of memory");
	}
	return CO_OK;
}

/* ---- ranks --------------------------------------------------------------- */

static const snapshot *rank_from, *rank_to;

static int by_move(const void *x, const void *y)
{
	igraph_integer_t i = *(const igraph_integer_t *)x, j = *(const igraph_integer_t *)y;
	igraph_integer_t di = rank_from->rank[i] - rank_to->rank[i];
	igraph_integer_t dj = rank_from->rank[j] - rank_to->rank[j];
	igraph_integer_t ai = di < 0 ? -di : di, aj = dj < 0 ? -dj : dj;

	if (ai != aj)
		return (ai < aj) - (ai > aj);
	return strcmp(rank_to->net->orgs[i].key, rank_to->net->orgs[j].key);
}

static co_status rank_moves(json_t *rows, const snapshot *f, const snapshot *t, size_t top)
{
	igraph_integer_t n = t->net->n_orgs, moved = 0;
	igraph_integer_t *order = malloc(((size_t)n + 1) * sizeof(*order));

	if (!order)
		return co_error_set(CO_ENOMEM, "out of memory");
	for (igraph_integer_t i = 0; i < n; i++)
		if (f->rank[i] != t->rank[i])
			order[moved++] = i;
	rank_from = f;
	rank_to = t;
	qsort(order, (size_t)moved, sizeof(*order), by_move);
	for (igraph_integer_t k = 0; k < moved && (top == 0 || (size_t)k < top); k++) {
		const co_org *org = &t->net->orgs[order[k]];
		igraph_integer_t i = order[k];
		if (!append(rows, json_pack("{s:s,s:s,s:s,s:I,s:I,s:I,s:f,s:f}", "key", org->key, "name",
		                            org->name, "kind", org->kind, "from_rank",
		                            (json_int_t)f->rank[i], "to_rank", (json_int_t)t->rank[i],
		                            "change", (json_int_t)(f->rank[i] - t->rank[i]),
		                            "from_value", f->values[i], "to_value", t->values[i]))) {
			free(order);
			return co_error_set(CO_ENOMEM, "out of memory");
		}
	}
	free(order);
	return CO_OK;
}

/* ---- clusters ------------------------------------------------------------ */

typedef struct {
	igraph_integer_t a, b, shared;
} link;

static int by_link(const void *x, const void *y)
{
	const link *p = x, *q = y;
	if (p->a != q->a)
		return (p->a > q->a) - (p->a < q->a);
	return (p->b > q->b) - (p->b < q->b);
}

static json_t *cluster_members(const snapshot *s, igraph_integer_t c)
{
	const co_clusters *cl = co_tensions_clusters(s->tensions);
	json_t *keys = json_array();

	for (igraph_integer_t v = 0; keys && v < s->net->n_orgs; v++)
		if (cl->membership[v] == c && !append(keys, json_string(s->net->orgs[v].key))) {
			json_decref(keys);
			return NULL;
		}
	return keys;
}

static json_t *clusters_list(const snapshot *s)
{
	const co_clusters *cl = co_tensions_clusters(s->tensions);
	json_t *list = json_array();

	for (igraph_integer_t c = 0; list && c < cl->k; c++)
		if (s->size[c] >= 2 &&
		    !append(list, json_pack("{s:I,s:o}", "id", (json_int_t)c + 1, "members",
		                            cluster_members(s, c)))) {
			json_decref(list);
			return NULL;
		}
	return list;
}

static int add_change(json_t *rows, const char *change, json_t *from, json_t *to,
                      igraph_integer_t from_size, igraph_integer_t to_size, json_t *members)
{
	return append(rows, json_pack("{s:s,s:o,s:o,s:I,s:I,s:o}", "change", change, "from", from,
	                              "to", to, "from_size", (json_int_t)from_size, "to_size",
	                              (json_int_t)to_size, "members", members));
}

/* Links clusters (of two or more orgs) of f and t; fills the change rows
 * and counts[formed, dissolved, split, merged, continued]. */
static co_status cluster_changes(json_t *rows, json_int_t counts[5], const snapshot *f,
                                 const snapshot *t)
{
	const co_clusters *cf = co_tensions_clusters(f->tensions), *ct = co_tensions_clusters(t->tensions);
	igraph_integer_t n = t->net->n_orgs;
	link *links = malloc(((size_t)n + 1) * sizeof(*links));
	igraph_integer_t *out_deg = calloc((size_t)cf->k + 1, sizeof(*out_deg));
	igraph_integer_t *in_deg = calloc((size_t)ct->k + 1, sizeof(*in_deg));
	size_t nl = 0, m = 0;
	co_status status = CO_OK;
	int ok = 1;

	if (!links || !out_deg || !in_deg) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	for (igraph_integer_t v = 0; v < n; v++) {
		igraph_integer_t a = cf->membership[v], b = ct->membership[v];
		if (f->size[a] >= 2 && t->size[b] >= 2) {
			links[nl].a = a;
			links[nl].b = b;
			links[nl++].shared = 1;
		}
	}
	qsort(links, nl, sizeof(*links), by_link);
	for (size_t i = 0; i < nl; i++) {
		if (m > 0 && links[m - 1].a == links[i].a && links[m - 1].b == links[i].b)
			links[m - 1].shared++;
		else
			links[m++] = links[i];
	}
	nl = 0;
	for (size_t i = 0; i < m; i++) {
		igraph_integer_t smaller = f->size[links[i].a] < t->size[links[i].b] ?
		                           f->size[links[i].a] : t->size[links[i].b];
		if (links[i].shared >= 2 && 2 * links[i].shared >= smaller) {
			links[nl++] = links[i];
			out_deg[links[i].a]++;
			in_deg[links[i].b]++;
		}
	}
	/* from-side events in cluster order: dissolved, split, continued */
	for (igraph_integer_t a = 0; ok && a < cf->k; a++) {
		json_t *to = json_array();
		igraph_integer_t to_size = 0, last = -1;
		if (f->size[a] < 2 || !to) {
			json_decref(to);
			continue;
		}
		for (size_t i = 0; i < nl; i++)
			if (links[i].a == a) {
				json_array_append_new(to, json_integer(links[i].b + 1));
				to_size += t->size[links[i].b];
				last = links[i].b;
			}
		if (out_deg[a] == 0) {
			ok = add_change(rows, "dissolved", json_pack("[I]", (json_int_t)a + 1), to, f->size[a],
			                0, cluster_members(f, a));
			counts[1]++;
		} else if (out_deg[a] >= 2) {
			json_t *members = json_array();
			for (size_t i = 0; members && i < nl; i++)
				if (links[i].a == a) {
					json_t *part = cluster_members(t, links[i].b);
					json_array_extend(members, part);
					json_decref(part);
				}
			ok = add_change(rows, "split", json_pack("[I]", (json_int_t)a + 1), to, f->size[a],
			                to_size, members);
			counts[2]++;
		} else if (in_deg[last] == 1) {
			ok = add_change(rows, "continued", json_pack("[I]", (json_int_t)a + 1), to,
			                f->size[a], to_size, cluster_members(t, last));
			counts[4]++;
		} else {
			json_decref(to);
		}
	}
	/* to-side events: formed, merged */
	for (igraph_integer_t b = 0; ok && b < ct->k; b++) {
		json_t *from;
		igraph_integer_t from_size = 0;
		if (t->size[b] < 2 || in_deg[b] == 1)
			continue;
		if (!(from = json_array())) {
			ok = 0;
			break;
		}
		for (size_t i = 0; i < nl; i++)
			if (links[i].b == b) {
				json_array_append_new(from, json_integer(links[i].a + 1));
				from_size += f->size[links[i].a];
			}
		ok = add_change(rows, in_deg[b] == 0 ? "formed" : "merged", from,
		                json_pack("[I]", (json_int_t)b + 1), from_size, t->size[b],
		                cluster_members(t, b));
		counts[in_deg[b] == 0 ? 0 : 3]++;
	}
	if (!ok)
		status = co_error_set(CO_ENOMEM, "out of memory");
done:
	free(links);
	free(out_deg);
	free(in_deg);
	return status;
}

/* ---- the document -------------------------------------------------------- */

co_status co_diff_check(const co_view *view, const char *from, const char *to)
{
	char a[11], b[11];

	if (view->as_of[0])
		return co_error_set(CO_EINVAL, "--as-of cannot be combined with --from and --to");
	if (!from || !co_date_valid(from))
		return co_error_set(CO_EINVAL, "--from needs a date YYYY[-MM[-DD]], not '%s'",
		                    from ? from : "");
	if (!to || !co_date_valid(to))
		return co_error_set(CO_EINVAL, "--to needs a date YYYY[-MM[-DD]], not '%s'", to ? to : "");
	first_day(a, from);
	first_day(b, to);
	if (strcmp(a, b) >= 0)
		return co_error_set(CO_EINVAL, "--from %s is not before --to %s", from, to);
	return CO_OK;
}

/* Everything the two dates' comparison holds before it is written. */
typedef struct {
	snapshot f, t;
	tie_list added, ended;
	pair *pf, *pt;
	size_t npf, npt;
	json_t *appeared, *resolved, *moves, *changes;
	json_int_t counts[5];    /* formed, dissolved, split, merged, continued */
	sqlite3_stmt *note;      /* a tie's note; NULL under --public */
} comparison;

static void comparison_free(comparison *c)
{
	json_decref(c->appeared);
	json_decref(c->resolved);
	json_decref(c->moves);
	json_decref(c->changes);
	free(c->added.edges);
	free(c->ended.edges);
	free(c->pf);
	free(c->pt);
	sqlite3_finalize(c->note);
	snapshot_free(&c->f);
	snapshot_free(&c->t);
}

static co_status compare(comparison *c, co_store *store, const co_view *view, const char *from,
                         const char *to, const co_diff_options *o)
{
	co_status status;

	memset(c, 0, sizeof(*c));
	if ((status = co_diff_check(view, from, to)) != CO_OK)
		return status;
	c->appeared = json_array();
	c->resolved = json_array();
	c->moves = json_array();
	c->changes = json_array();
	if (!c->appeared || !c->resolved || !c->moves || !c->changes)
		return co_error_set(CO_ENOMEM, "out of memory");
	if ((status = take_snapshot(&c->f, store, view, from, o)) != CO_OK ||
	    (status = take_snapshot(&c->t, store, view, to, o)) != CO_OK)
		return status;
	if (c->f.net->n_orgs != c->t.net->n_orgs)
		return co_error_set(CO_EINVAL, "the two snapshots have different orgs");
	for (igraph_integer_t i = 0; i < c->f.net->n_orgs; i++)
		if (c->f.net->orgs[i].id != c->t.net->orgs[i].id)
			return co_error_set(CO_EINVAL, "the two snapshots have different orgs");
	if ((status = ties_only_in(&c->added, c->t.net, c->f.net)) != CO_OK ||
	    (status = ties_only_in(&c->ended, c->f.net, c->t.net)) != CO_OK ||
	    (status = friction_pairs(&c->pf, &c->npf, c->f.net)) != CO_OK ||
	    (status = friction_pairs(&c->pt, &c->npt, c->t.net)) != CO_OK ||
	    (status = friction_only_in(c->appeared, c->t.net, c->pt, c->npt, c->pf, c->npf)) != CO_OK ||
	    (status = friction_only_in(c->resolved, c->f.net, c->pf, c->npf, c->pt, c->npt)) != CO_OK ||
	    (status = rank_moves(c->moves, &c->f, &c->t, o->top)) != CO_OK ||
	    (status = cluster_changes(c->changes, c->counts, &c->f, &c->t)) != CO_OK)
		return status;
	return note_prepare(&c->note, store, view);
}

/* The clusters of two or more orgs of a snapshot. */
static json_int_t clusters_counted(const snapshot *s)
{
	const co_clusters *cl = co_tensions_clusters(s->tensions);
	json_int_t n = 0;

	for (igraph_integer_t k = 0; k < cl->k; k++)
		n += s->size[k] >= 2;
	return n;
}

/* Where the tie lists stand in a document written a row at a time. */
#define STAND_IN_ADDED "\x01\x02" "coalition diff ties_added\x03"
#define STAND_IN_ENDED "\x01\x02" "coalition diff ties_ended\x03"
#define MARK_ADDED "\"ties_added\": \"\\u0001\\u0002coalition diff ties_added\\u0003\""
#define MARK_ENDED "\"ties_ended\": \"\\u0001\\u0002coalition diff ties_ended\\u0003\""

enum {
	STAND_IN = 1,       /* the tie lists as the strings above */
	NO_CLUSTERS = 2     /* without clusters_from and clusters_to (tables do not show them) */
};

/* The document of co_diff_compute(), or NULL when out of memory; `how` is
 * 0 or the flags above. */
static json_t *document(const comparison *c, const co_view *view, const char *from,
                        const char *to, const co_diff_options *o, int how)
{
	int stand_in = how & STAND_IN;

	char description[512];
	json_t *doc = json_object();

	co_view_describe(view, description, sizeof(description));
	if (!doc ||
	    !put(doc, "from", json_string(from)) || !put(doc, "to", json_string(to)) ||
	    !put(doc, "view", json_string(description)) ||
	    !put(doc, "measure", json_string(co_measure_name(o->measure))) ||
	    !put(doc, "counts",
	         json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}",
	                   "ties_from", (json_int_t)c->f.net->n_ties,
	                   "ties_to", (json_int_t)c->t.net->n_ties,
	                   "ties_added", (json_int_t)c->added.n, "ties_ended", (json_int_t)c->ended.n,
	                   "friction_appeared", (json_int_t)json_array_size(c->appeared),
	                   "friction_resolved", (json_int_t)json_array_size(c->resolved),
	                   "rank_moves", (json_int_t)json_array_size(c->moves),
	                   "clusters_from", clusters_counted(&c->f),
	                   "clusters_to", clusters_counted(&c->t),
	                   "formed", c->counts[0], "dissolved", c->counts[1], "split", c->counts[2],
	                   "merged", c->counts[3], "continued", c->counts[4])) ||
	    !put(doc, "ties_added", stand_in ? json_string(STAND_IN_ADDED) : tie_rows(&c->added, c->note)) ||
	    !put(doc, "ties_ended", stand_in ? json_string(STAND_IN_ENDED) : tie_rows(&c->ended, c->note)) ||
	    !put(doc, "friction_appeared", json_incref(c->appeared)) ||
	    !put(doc, "friction_resolved", json_incref(c->resolved)) ||
	    !put(doc, "rank_moves", json_incref(c->moves)) ||
	    !put(doc, "cluster_changes", json_incref(c->changes)) ||
	    (!(how & NO_CLUSTERS) && (!put(doc, "clusters_from", clusters_list(&c->f)) ||
	                              !put(doc, "clusters_to", clusters_list(&c->t))))) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

co_status co_diff_compute(json_t **out, co_store *store, const co_view *view, const char *from,
                          const char *to, const co_diff_options *options)
{
	co_diff_options defaults;
	comparison c;
	co_status status;

	*out = NULL;
	if (!options) {
		co_diff_options_init(&defaults);
		options = &defaults;
	}
	if ((status = compare(&c, store, view, from, to, options)) == CO_OK &&
	    !(*out = document(&c, view, from, to, options, 0)))
		status = co_error_set(CO_ENOMEM, "out of memory");
	comparison_free(&c);
	return status;
}

/* ---- writing it a row at a time ----------------------------------------- */

#define DUMP_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17))

/* A tie list as json_dumpf() writes an array at the document's top level
 * ("[]", or one row per line indented by 4), a row at a time. */
static co_status write_ties_json(FILE *out, const tie_list *l, sqlite3_stmt *note_stmt)
{
	fputc('[', out);
	for (size_t i = 0; i < l->n; i++) {
		json_t *row = tie_json(l->net, l->edges[i], note_stmt, l->scale, NULL);
		char *text = row ? json_dumps(row, DUMP_FLAGS) : NULL;

		json_decref(row);
		if (!text)
			return co_error_set(CO_ENOMEM, "out of memory");
		fputs(i ? ",\n    " : "\n    ", out);
		/* Strings escape their newlines: every newline is indentation. */
		for (const char *ch = text; *ch; ch++) {
			fputc(*ch, out);
			if (*ch == '\n')
				fputs("    ", out);
		}
		free(text);
	}
	fputs(l->n ? "\n  ]" : "]", out);
	return CO_OK;
}

/* The document, its tie lists written a row at a time into its text. */
static co_status write_json(FILE *out, const comparison *c, const co_view *view,
                            const char *from, const char *to, const co_diff_options *o)
{
	json_t *doc = document(c, view, from, to, o, STAND_IN);
	char *text = NULL, *added, *ended;
	size_t size = 0;
	FILE *mem;
	co_status status = CO_OK;

	/* The rest as co_output_json() writes it (its reals cleaned), in memory. */
	if (!doc || !(mem = open_memstream(&text, &size))) {
		json_decref(doc);
		return co_error_set(CO_ENOMEM, "out of memory");
	}
	status = co_output_json(mem, doc);
	json_decref(doc);
	if (fclose(mem) != 0 && status == CO_OK)
		status = co_error_set(CO_ENOMEM, "out of memory");
	if (status != CO_OK) {
		free(text);
		return status;
	}
	added = strstr(text, MARK_ADDED);
	ended = added ? strstr(added, MARK_ENDED) : NULL;
	if (!added || !ended) {
		free(text);
		return co_error_set(CO_ENOMEM, "out of memory");
	}
	fwrite(text, 1, (size_t)(added - text) + strlen("\"ties_added\": "), out);
	if ((status = write_ties_json(out, &c->added, c->note)) == CO_OK) {
		const char *rest = added + strlen(MARK_ADDED);
		fwrite(rest, 1, (size_t)(ended - rest) + strlen("\"ties_ended\": "), out);
		status = write_ties_json(out, &c->ended, c->note);
	}
	if (status == CO_OK)
		fputs(ended + strlen(MARK_ENDED), out); /* with co_output_json()'s newline */
	free(text);
	if (status == CO_OK && ferror(out))
		status = co_error_set(CO_EIO, "cannot write JSON output");
	return status;
}

/* The tables of `coalition diff`: tables sharing a title print as one
 * (ties added then ended; friction appeared then resolved). */
typedef struct {
	const char *key, *title;
	const char *change; /* value of the "change" column added, or NULL */
	const char *columns[12];
} table_spec;

static const table_spec tables[] = {
	{"counts", "counts", NULL,
	 {"ties_from", "ties_to", "ties_added", "ties_ended", "friction_appeared", "friction_resolved",
	  "formed", "dissolved", "split", "merged"}},
	{"ties_added", "ties added and ended", "added",
	 {"change", "source", "source_name", "target", "target_name", "kind", "sign", "weight",
	  "start", "end", "note"}},
	{"ties_ended", NULL, "ended",
	 {"change", "source", "source_name", "target", "target_name", "kind", "sign", "weight",
	  "start", "end", "note"}},
	{"friction_appeared", "friction between pairs of orgs", "appeared",
	 {"change", "a", "a_name", "b", "b_name", "ties"}},
	{"friction_resolved", NULL, "resolved", {"change", "a", "a_name", "b", "b_name", "ties"}},
	{"rank_moves", "rank moves (change = from rank - to rank)", NULL,
	 {"key", "name", "kind", "from_rank", "to_rank", "change", "from_value", "to_value"}},
	{"cluster_changes", "tension clusters (of two or more orgs)", NULL,
	 {"change", "from", "to", "from_size", "to_size", "members"}},
};
#define N_TABLES (sizeof(tables) / sizeof(tables[0]))
#define TIES_TABLE 1   /* tables[1] and [2]: written a row at a time */

static size_t n_columns_of(const table_spec *t)
{
	size_t n = 0;
	while (n < 12 && t->columns[n])
		n++;
	return n;
}

#define CSV_SLICE 4096 /* tie rows held at once for CSV */

/* Tie row i of the ties added then ended (as one table), NULL when out of
 * memory; its weight cleaned against both lists, as one column. */
static json_t *ties_table_row(const comparison *c, size_t i)
{
	double scale = fmax(c->added.scale, c->ended.scale);

	if (i < c->added.n)
		return tie_json(c->added.net, c->added.edges[i], c->note, scale, "added");
	i -= c->added.n;
	return tie_json(c->ended.net, c->ended.edges[i], c->note, scale, "ended");
}

/* The ties table as CSV, CSV_SLICE rows at a time. */
static co_status write_ties_csv(FILE *out, const comparison *c, const char *const *columns,
                                size_t n_columns)
{
	size_t n = c->added.n + c->ended.n;
	json_t *rows = json_array();
	co_status status = rows ? co_output_rows(out, CO_FORMAT_CSV, rows, columns, n_columns)
	                        : co_error_set(CO_ENOMEM, "out of memory");

	for (size_t i = 0; status == CO_OK && i < n; i++) {
		if (!append(rows, ties_table_row(c, i)))
			status = co_error_set(CO_ENOMEM, "out of memory");
		else if (json_array_size(rows) == CSV_SLICE || i + 1 == n) {
			status = co_output_csv_body(out, rows, columns, n_columns);
			json_array_clear(rows);
		}
	}
	json_decref(rows);
	return status;
}

/* The ties table aligned as co_output_rows() aligns a table: a first pass
 * over the rows for the column widths, a second to print them. */
static co_status write_ties_table(FILE *out, const comparison *c, const char *const *columns,
                                  size_t n_columns)
{
	size_t widths[12], n = c->added.n + c->ended.n;

	for (size_t col = 0; col < n_columns; col++)
		widths[col] = co_output_text_width(columns[col]);
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1)
			co_output_table_head(out, columns, widths, n_columns);
		for (size_t i = 0; i < n; i++) {
			json_t *row = ties_table_row(c, i);
			if (!row)
				return co_error_set(CO_ENOMEM, "out of memory");
			if (pass == 0)
				co_output_table_widen(widths, row, columns, n_columns);
			else
				co_output_table_row(out, row, columns, widths, n_columns);
			json_decref(row);
		}
	}
	return ferror(out) ? co_error_set(CO_EIO, "cannot write table output") : CO_OK;
}

/* The rows of tables[i] up to the next titled one, "change" set where the
 * table names one (a new array, NULL when out of memory). */
static json_t *table_rows(const json_t *doc, size_t i, size_t *next)
{
	json_t *rows = json_array();
	size_t j = i;

	do {
		json_t *part = json_object_get(doc, tables[j].key), *row;
		size_t k;
		if (json_is_object(part)) {
			json_array_append(rows, part);
		} else {
			json_array_foreach(part, k, row) {
				json_t *copy = json_copy(row);
				if (copy && tables[j].change)
					json_object_set_new(copy, "change", json_string(tables[j].change));
				json_array_append_new(rows, copy);
			}
		}
		j++;
	} while (j < N_TABLES && !tables[j].title);
	*next = j;
	return rows;
}

static co_status write_tables(FILE *out, co_format format, const comparison *c,
                              const co_view *view, const char *from, const char *to,
                              const co_diff_options *o)
{
	json_t *doc = document(c, view, from, to, o, STAND_IN | NO_CLUSTERS);
	co_status status = doc ? CO_OK : co_error_set(CO_ENOMEM, "out of memory");

	for (size_t i = 0, next; status == CO_OK && i < N_TABLES; i = next) {
		const char *const *columns = tables[i].columns;
		json_t *rows;

		if (format == CO_FORMAT_CSV && i > 0)
			fputc('\n', out);
		co_output_section(out, format, tables[i].title);
		if (i == TIES_TABLE) {
			next = i + 2;
			status = format == CO_FORMAT_CSV
			         ? write_ties_csv(out, c, columns, n_columns_of(&tables[i]))
			         : write_ties_table(out, c, columns, n_columns_of(&tables[i]));
			continue;
		}
		if (!(rows = table_rows(doc, i, &next)))
			status = co_error_set(CO_ENOMEM, "out of memory");
		else
			status = co_output_rows(out, format, rows, columns, n_columns_of(&tables[i]));
		json_decref(rows);
	}
	json_decref(doc);
	return status;
}

co_status co_diff_write(FILE *out, co_format format, co_store *store, const co_view *view,
                        const char *from, const char *to, const co_diff_options *options)
{
	co_diff_options defaults;
	comparison c;
	co_status status;

	if (!options) {
		co_diff_options_init(&defaults);
		options = &defaults;
	}
	if ((status = compare(&c, store, view, from, to, options)) == CO_OK)
		status = format == CO_FORMAT_JSON ? write_json(out, &c, view, from, to, options)
		                                  : write_tables(out, format, &c, view, from, to, options);
	comparison_free(&c);
	return status;
}
