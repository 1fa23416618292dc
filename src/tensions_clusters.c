/*
 * tensions_clusters.c - tension clusters: a partition of a signed graph into
 * any number of clusters that minimizes the cluster error (negative ties
 * inside clusters plus positive ties between them; Doreian and Mrvar 1996).
 *
 * Parallel ties collapse first: a pair with positive total P and negative
 * total N costs N inside one cluster and P across, so the error is
 * sum(P) - sum over same-cluster pairs of (P - N); the methods maximize the
 * inside total of d = P - N.  Clusters never need to span connected
 * components (no tie joins them), so every method works per component.
 *
 *  - exact: the correlation-clustering integer program (one binary per pair
 *    of a component, three triangle inequalities per triple), solved by GLPK
 *    and warm-started with the local method; only for small components.
 *  - spinglass: igraph's spinglass with IGRAPH_SPINCOMM_IMP_NEG and weights
 *    d, per component (it refuses disconnected graphs).  It optimizes
 *    Traag and Bruggeman's signed modularity, not the cluster error; the
 *    error of its partition is reported as is.
 *  - local: Louvain-style local moving and aggregation on the cluster error
 *    itself, a few restarts within the work budget: scales to millions of
 *    ties.
 *
 * Every search stops on a work budget (budget.h: a vertex's evaluation costs
 * its degree, a simplex iteration its rows), never on the clock, so the same
 * graph and seed give the same clusters on any machine; only an explicit
 * time limit reads the clock, and the result says when it stopped a search.
 */
#include "coalition/tensions.h"

#include <glpk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "budget.h"
#include "tensions_graph.h"

/* The work of a call that names none (co_signed_clusters' work = 0). */
#define DEFAULT_WORK 2e9

co_status co_clusters_method_parse(co_clusters_method *out, const char *name)
{
	if (strcmp(name, "auto") == 0)
		*out = CO_CLUSTERS_AUTO;
	else if (strcmp(name, "exact") == 0)
		*out = CO_CLUSTERS_EXACT;
	else if (strcmp(name, "spinglass") == 0)
		*out = CO_CLUSTERS_SPINGLASS;
	else if (strcmp(name, "local") == 0)
		*out = CO_CLUSTERS_LOCAL;
	else
		return co_error_set(CO_EINVAL,
			"unknown method '%s' (expected exact, spinglass, local or auto)", name);
	return CO_OK;
}

const char *co_clusters_method_name(co_clusters_method method)
{
	switch (method) {
	case CO_CLUSTERS_EXACT: return "exact";
	case CO_CLUSTERS_SPINGLASS: return "spinglass";
	case CO_CLUSTERS_LOCAL: return "local";
	default: return "auto";
	}
}

void co_clusters_free(co_clusters *c)
{
	if (!c)
		return;
	free(c->membership);
	c->membership = NULL;
}

double co_clusters_error(const co_signed_graph *g, const igraph_integer_t *membership)
{
	double error = 0;

	for (igraph_integer_t e = 0; e < g->m; e++) {
		int same = membership[g->from[e]] == membership[g->to[e]];
		if (g->sign[e] > 0 ? !same : same)
			error += g->cost[e];
	}
	return error;
}

/* A symmetric weighted graph in CSR form, without loops.  Neighbours are
 * 32-bit: 8.8 MB less at 1.1M ties (co_signed_clusters() refuses more than
 * CO_TENSIONS_MAX_IDS orgs or ties).  Weights are floats when every one is
 * exact as a float (weights_fit_float()), doubles otherwise: read and
 * write them through wgraph_w() and wgraph_set_w(). */
typedef struct {
	igraph_integer_t n;
	igraph_integer_t *off;
	int32_t *adj;
	double *w;                    /* the weights, or NULL when wf holds them */
	float *wf;
} wgraph;

static inline double wgraph_w(const wgraph *g, igraph_integer_t j)
{
	return g->wf ? (double)g->wf[j] : g->w[j];
}

static inline void wgraph_set_w(wgraph *g, igraph_integer_t j, double x)
{
	if (g->wf)
		g->wf[j] = (float)x;
	else
		g->w[j] = x;
}

/* Room for `count` weights, floats when as_float; 0 when out of memory. */
static int wgraph_alloc_w(wgraph *g, igraph_integer_t count, int as_float)
{
	if (as_float)
		return (g->wf = malloc(sizeof(float) * (size_t)(count + 1))) != NULL;
	return (g->w = malloc(sizeof(double) * (size_t)(count + 1))) != NULL;
}

/*
 * Whether every weight of the collapsed graph, and of the cluster graphs
 * aggregated from it, is exact as a float: the costs are integers and add
 * up to less than 2^24, so every sum of them (a pair's d = P - N, a pair of
 * clusters') is an integer of magnitude below 2^24, which a float holds
 * exactly.  Then the weights take 4 bytes instead of 8 (8.8 MB less at
 * 1.1M ties, unweighted or with integer weights) and every value, so every
 * result, is the same.
 */
static int weights_fit_float(const co_signed_graph *g)
{
	double total = 0;

	for (igraph_integer_t e = 0; e < g->m; e++) {
		if (g->cost[e] != floor(g->cost[e]))
			return 0;
		total += fabs(g->cost[e]);
		if (!(total < 16777216.0))
			return 0;
	}
	return 1;
}

static void wgraph_free(wgraph *g)
{
	free(g->off);
	free(g->adj);
	free(g->w);
	free(g->wf);
	memset(g, 0, sizeof(*g));
}

/*
 * Neighbour sums without a sorted list of all entries: the entries of one
 * vertex (or cluster) are added into a dense accumulator in the order they
 * come, which is the order a stable sort by (from, to) would leave them in,
 * so every sum is the same double as summing that sorted list; the distinct
 * neighbours are then written in increasing order, zero sums dropped.
 */
typedef struct {
	double *acc;                  /* per neighbour: running sum */
	igraph_integer_t *stamp;      /* per neighbour: owner + 1 when acc is live */
	igraph_integer_t *list;       /* neighbours touched, in first-touch order */
	igraph_integer_t n_list;
} accumulator;

static void accumulator_free(accumulator *a)
{
	free(a->acc);
	free(a->stamp);
	free(a->list);
}

static co_status accumulator_init(accumulator *a, igraph_integer_t n)
{
	a->acc = calloc((size_t)n + 1, sizeof(double));
	a->stamp = calloc((size_t)n + 1, sizeof(igraph_integer_t));
	a->list = malloc(sizeof(igraph_integer_t) * (size_t)(n + 1));
	a->n_list = 0;
	if (!a->acc || !a->stamp || !a->list)
		return co_error_set(CO_ENOMEM, "out of memory");
	return CO_OK;
}

static void accumulate(accumulator *a, igraph_integer_t owner, igraph_integer_t b, double w)
{
	if (a->stamp[b] != owner + 1) {
		a->stamp[b] = owner + 1;
		a->acc[b] = 0;
		a->list[a->n_list++] = b;
	}
	a->acc[b] += w;
}

static int integer_cmp(const void *x, const void *y)
{
	igraph_integer_t a = *(const igraph_integer_t *)x, b = *(const igraph_integer_t *)y;

	return (a > b) - (a < b);
}

/* Appends owner's nonzero sums (not to itself) at entry *used of out, by
 * increasing neighbour, and empties the accumulator. */
static void accumulator_flush(accumulator *a, igraph_integer_t owner, wgraph *out,
                              igraph_integer_t *used)
{
	qsort(a->list, (size_t)a->n_list, sizeof(igraph_integer_t), integer_cmp);
	for (igraph_integer_t i = 0; i < a->n_list; i++) {
		igraph_integer_t b = a->list[i];
		if (a->acc[b] != 0 && b != owner) {
			out->adj[*used] = (int32_t)b;
			wgraph_set_w(out, (*used)++, a->acc[b]);
		}
	}
	a->n_list = 0;
}

/* Shrinks the arrays of g to its entries (a failed shrink keeps them). */
static void wgraph_trim(wgraph *g)
{
	size_t used = (size_t)g->off[g->n] + 1;
	int32_t *adj = realloc(g->adj, sizeof(int32_t) * used);
	double *w;
	float *wf;

	if (adj)
		g->adj = adj;
	if (g->w && (w = realloc(g->w, sizeof(double) * used)))
		g->w = w;
	if (g->wf && (wf = realloc(g->wf, sizeof(float) * used)))
		g->wf = wf;
}

/* The collapsed graph of d = P - N per pair: each vertex's entries are
 * laid out in tie order, then summed per neighbour in place. */
static co_status collapsed_graph(wgraph *out, const co_signed_graph *g)
{
	igraph_integer_t n = g->n, k = 0, used = 0;
	igraph_integer_t *fill = NULL;
	accumulator a = {0};
	co_status status;

	out->n = n;
	out->off = calloc((size_t)n + 2, sizeof(igraph_integer_t));
	if (!out->off)
		return co_error_set(CO_ENOMEM, "out of memory");
	for (igraph_integer_t e = 0; e < g->m; e++)
		if (g->from[e] != g->to[e]) {
			out->off[g->from[e] + 1]++;
			out->off[g->to[e] + 1]++;
			k += 2;
		}
	for (igraph_integer_t v = 0; v < n; v++)
		out->off[v + 1] += out->off[v];
	out->adj = malloc(sizeof(int32_t) * (size_t)(k + 1));
	fill = malloc(sizeof(igraph_integer_t) * (size_t)(n + 1));
	if (!out->adj || !wgraph_alloc_w(out, k, weights_fit_float(g)) || !fill) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	if ((status = accumulator_init(&a, n)) != CO_OK)
		goto done;
	memcpy(fill, out->off, sizeof(igraph_integer_t) * (size_t)n);
	for (igraph_integer_t e = 0; e < g->m; e++) {
		igraph_integer_t x = g->from[e], y = g->to[e];
		double d = g->sign[e] > 0 ? g->cost[e] : -g->cost[e];
		if (x == y)
			continue;
		out->adj[fill[x]] = (int32_t)y;
		wgraph_set_w(out, fill[x]++, d);
		out->adj[fill[y]] = (int32_t)x;
		wgraph_set_w(out, fill[y]++, d);
	}
	/* A vertex's sums never outnumber its entries: written over them. */
	for (igraph_integer_t v = 0; v < n; v++) {
		igraph_integer_t begin = out->off[v], end = out->off[v + 1];
		for (igraph_integer_t j = begin; j < end; j++)
			accumulate(&a, v, out->adj[j], wgraph_w(out, j));
		out->off[v] = used;
		accumulator_flush(&a, v, out, &used);
	}
	out->off[n] = used;
	wgraph_trim(out);
done:
	accumulator_free(&a);
	free(fill);
	return status;
}

/* The graph of clusters: one vertex per cluster of lc (0..k-1), summed
 * weights between different clusters.  Members are visited by increasing
 * vertex and their entries in order, as a sorted list of (lc[v],
 * lc[u], w) entries would sum them. */
static co_status aggregate(wgraph *out, const wgraph *g, const igraph_integer_t *lc,
                           igraph_integer_t k)
{
	igraph_integer_t *start = calloc((size_t)k + 2, sizeof(igraph_integer_t));
	igraph_integer_t *members = malloc(sizeof(igraph_integer_t) * (size_t)(g->n + 1));
	igraph_integer_t across = 0, used = 0;
	accumulator a = {0};
	co_status status = CO_OK;

	out->n = k;
	out->off = calloc((size_t)k + 1, sizeof(igraph_integer_t));
	if (!start || !members || !out->off) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	for (igraph_integer_t v = 0; v < g->n; v++) {
		start[lc[v] + 2]++;
		for (igraph_integer_t j = g->off[v]; j < g->off[v + 1]; j++)
			across += lc[v] != lc[g->adj[j]];
	}
	for (igraph_integer_t c = 0; c < k; c++)
		start[c + 2] += start[c + 1];
	for (igraph_integer_t v = 0; v < g->n; v++)
		members[start[lc[v] + 1]++] = v;
	out->adj = malloc(sizeof(int32_t) * (size_t)(across + 1));
	if (!out->adj || !wgraph_alloc_w(out, across, g->wf != NULL)) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	if ((status = accumulator_init(&a, k)) != CO_OK)
		goto done;
	for (igraph_integer_t c = 0; c < k; c++) {
		for (igraph_integer_t i = start[c]; i < start[c + 1]; i++) {
			igraph_integer_t v = members[i];
			for (igraph_integer_t j = g->off[v]; j < g->off[v + 1]; j++)
				if (lc[g->adj[j]] != c)
					accumulate(&a, c, lc[g->adj[j]], wgraph_w(g, j));
		}
		out->off[c] = used;
		accumulator_flush(&a, c, out, &used);
	}
	out->off[k] = used;
	wgraph_trim(out);
done:
	accumulator_free(&a);
	free(start);
	free(members);
	return status;
}

/* ---- local moving ---- */

typedef struct {
	double *dsum;                 /* weight from the moving vertex per cluster */
	igraph_integer_t *touched, *size, *free_ids, *order;
	igraph_integer_t n_free;
	igraph_integer_t *sole;       /* per cluster: xor of its members (its
	                                 member when it has one) */
	char *stale;                  /* per vertex: its move must be evaluated */
} move_space;

/* Marks the vertices whose best move may have changed when v moved from
 * cluster `from` to `to`: its neighbours (their sums changed), itself, a
 * member left alone in `from` and the one no longer alone in `to` (whether
 * leaving to a cluster of its own is allowed changed).  Called after
 * sizes are updated, before sole[] is. */
static void mark_stale(const wgraph *g, move_space *sp, igraph_integer_t v,
                       igraph_integer_t from, igraph_integer_t to)
{
	sp->stale[v] = 1;
	for (igraph_integer_t k = g->off[v]; k < g->off[v + 1]; k++)
		sp->stale[g->adj[k]] = 1;
	if (sp->size[from] == 1)
		sp->stale[sp->sole[from] ^ v] = 1;
	if (sp->size[to] == 2)
		sp->stale[sp->sole[to]] = 1;
	sp->sole[from] ^= v;
	sp->sole[to] ^= v;
}

/* Moves vertices of `g` between clusters in `comm` while that raises the
 * inside total.  Returns 1 if any vertex moved.  A vertex is evaluated only
 * when something its choice depends on changed since it last stayed put
 * (the clusters of its neighbours, its own cluster's size passing 1, free
 * cluster ids running out or coming back): skipping the others leaves every
 * pass exactly as if they had been evaluated and stayed. */
static int local_moves(const wgraph *g, igraph_integer_t *comm, move_space *sp, co_budget *budget)
{
	const double eps = 1e-12;
	int moved_any = 0;
	igraph_integer_t n = g->n;

	for (igraph_integer_t v = 0; v < n; v++) {
		sp->size[v] = 0;
		sp->sole[v] = 0;
		sp->stale[v] = 1;
	}
	for (igraph_integer_t v = 0; v < n; v++) {
		sp->size[comm[v]]++;
		sp->sole[comm[v]] ^= v;
	}
	sp->n_free = 0;
	for (igraph_integer_t c = 0; c < n; c++)
		if (sp->size[c] == 0)
			sp->free_ids[sp->n_free++] = c;
	for (igraph_integer_t v = 0; v < n; v++)
		sp->order[v] = v;
	for (igraph_integer_t i = n - 1; i > 0; i--) {
		igraph_integer_t j = igraph_rng_get_integer(igraph_rng_default(), 0, i);
		igraph_integer_t t = sp->order[i];
		sp->order[i] = sp->order[j];
		sp->order[j] = t;
	}
	for (int pass = 0; pass < 100; pass++) {
		int moved = 0;
		if (pass > 0 && co_budget_over(budget, 1.0))
			break;
		co_budget_spend(budget, (double)n);
		for (igraph_integer_t i = 0; i < n; i++) {
			igraph_integer_t v = sp->order[i], own = comm[v], nt = 0;
			if (!sp->stale[v])
				continue;
			sp->stale[v] = 0;
			co_budget_spend(budget, (double)(g->off[v + 1] - g->off[v]));
			for (igraph_integer_t k = g->off[v]; k < g->off[v + 1]; k++) {
				igraph_integer_t c = comm[g->adj[k]];
				if (sp->dsum[c] == 0)
					sp->touched[nt++] = c;
				sp->dsum[c] += wgraph_w(g, k);
				if (sp->dsum[c] == 0)
					sp->dsum[c] = 1e-300;  /* keep it marked as touched */
			}
			double own_w = sp->dsum[own] == 1e-300 ? 0 : sp->dsum[own];
			igraph_integer_t best = own;
			double best_gain = 0;
			for (igraph_integer_t t = 0; t < nt; t++) {
				igraph_integer_t c = sp->touched[t];
				double gain = sp->dsum[c] - own_w;
				if (c != own && gain > best_gain + eps) {
					best_gain = gain;
					best = c;
				}
			}
			/* Alone in a new cluster: gain -own_w. */
			if (sp->size[own] > 1 && -own_w > best_gain + eps && sp->n_free > 0) {
				best_gain = -own_w;
				best = sp->free_ids[sp->n_free - 1];
			}
			for (igraph_integer_t t = 0; t < nt; t++)
				sp->dsum[sp->touched[t]] = 0;
			if (best == own)
				continue;
			int had_free = sp->n_free > 0;
			if (sp->n_free > 0 && best == sp->free_ids[sp->n_free - 1] && sp->size[best] == 0)
				sp->n_free--;
			sp->size[own]--;
			if (sp->size[own] == 0)
				sp->free_ids[sp->n_free++] = own;
			sp->size[best]++;
			mark_stale(g, sp, v, own, best);
			if (had_free != (sp->n_free > 0))
				memset(sp->stale, 1, (size_t)n);
			comm[v] = best;
			moved = 1;
			moved_any = 1;
		}
		if (!moved)
			break;
	}
	return moved_any;
}

/* Renumbers comm to 0..k-1 in order of first appearance; returns k. */
static igraph_integer_t renumber(igraph_integer_t *comm, igraph_integer_t n, igraph_integer_t *map)
{
	igraph_integer_t k = 0;

	for (igraph_integer_t v = 0; v < n; v++)
		map[v] = -1;
	for (igraph_integer_t v = 0; v < n; v++) {
		if (map[comm[v]] < 0)
			map[comm[v]] = k++;
		comm[v] = map[comm[v]];
	}
	return k;
}

/* One run of the multilevel local method on `g`; membership in comm. */
static co_status louvain(const wgraph *g0, igraph_integer_t *comm, co_budget *budget)
{
	igraph_integer_t n0 = g0->n;
	wgraph level = {0};
	const wgraph *g = g0;
	igraph_integer_t *lc = malloc(sizeof(igraph_integer_t) * (size_t)(n0 + 1));
	igraph_integer_t *map = malloc(sizeof(igraph_integer_t) * (size_t)(n0 + 1));
	move_space sp = {0};
	co_status status = CO_OK;

	sp.dsum = calloc((size_t)n0 + 1, sizeof(double));
	sp.touched = malloc(sizeof(igraph_integer_t) * (size_t)(n0 + 1));
	sp.size = malloc(sizeof(igraph_integer_t) * (size_t)(n0 + 1));
	sp.free_ids = malloc(sizeof(igraph_integer_t) * (size_t)(n0 + 1));
	sp.order = malloc(sizeof(igraph_integer_t) * (size_t)(n0 + 1));
	sp.sole = malloc(sizeof(igraph_integer_t) * (size_t)(n0 + 1));
	sp.stale = malloc((size_t)n0 + 1);
	if (!lc || !map || !sp.dsum || !sp.touched || !sp.size || !sp.free_ids || !sp.order ||
	    !sp.sole || !sp.stale) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	for (igraph_integer_t v = 0; v < n0; v++)
		comm[v] = v;
	for (int depth = 0; depth < 64; depth++) {
		for (igraph_integer_t v = 0; v < g->n; v++)
			lc[v] = v;
		if (!local_moves(g, lc, &sp, budget))
			break;
		igraph_integer_t k = renumber(lc, g->n, map);
		for (igraph_integer_t v = 0; v < n0; v++)
			comm[v] = lc[comm[v]];
		if (k == g->n || co_budget_over(budget, 1.0))
			break;
		/* Aggregate: one vertex per cluster, summed weights between. */
		wgraph next = {0};
		status = aggregate(&next, g, lc, k);
		wgraph_free(&level);
		level = next;
		g = &level;
		if (status != CO_OK)
			goto done;
	}
	/* Refine on the original graph from the final partition. */
	local_moves(g0, comm, &sp, budget);
	renumber(comm, n0, map);
done:
	wgraph_free(&level);
	free(lc);
	free(map);
	free(sp.dsum);
	free(sp.touched);
	free(sp.size);
	free(sp.free_ids);
	free(sp.order);
	free(sp.sole);
	free(sp.stale);
	return status;
}

static co_status run_local(igraph_integer_t *best, const co_signed_graph *sg, const wgraph *g,
                           co_budget *budget)
{
	igraph_integer_t *comm = malloc(sizeof(igraph_integer_t) * (size_t)(g->n + 1));
	double best_error = INFINITY;
	co_status status = CO_OK;

	if (!comm)
		return co_error_set(CO_ENOMEM, "out of memory");
	for (int run = 0; run < 8; run++) {
		if (run > 0 && co_budget_over(budget, 1.0))
			break;
		if ((status = louvain(g, comm, budget)) != CO_OK)
			break;
		double error = co_clusters_error(sg, comm);
		if (error < best_error) {
			best_error = error;
			memcpy(best, comm, sizeof(igraph_integer_t) * (size_t)g->n);
		}
	}
	free(comm);
	return status;
}

/* ---- components ---- */

static igraph_integer_t components(const wgraph *g, igraph_integer_t *comp, igraph_integer_t *queue)
{
	igraph_integer_t k = 0;

	for (igraph_integer_t v = 0; v < g->n; v++)
		comp[v] = -1;
	for (igraph_integer_t r = 0; r < g->n; r++) {
		igraph_integer_t head = 0, tail = 0;
		if (comp[r] >= 0)
			continue;
		comp[r] = k;
		queue[tail++] = r;
		while (head < tail) {
			igraph_integer_t v = queue[head++];
			for (igraph_integer_t j = g->off[v]; j < g->off[v + 1]; j++)
				if (comp[g->adj[j]] < 0) {
					comp[g->adj[j]] = k;
					queue[tail++] = g->adj[j];
				}
		}
		k++;
	}
	return k;
}

/* ---- exact ---- */

typedef struct {
	const double *warm;
	int warm_given;
	co_budget *budget;           /* a simplex iteration costs the rows */
	double rows;
	double spent_before;         /* the budget's spent less GLPK's count */
} exact_ctx;

static void exact_callback(glp_tree *tree, void *info)
{
	exact_ctx *ctx = info;

	if (glp_ios_reason(tree) == GLP_IHEUR && !ctx->warm_given) {
		ctx->warm_given = 1;
		glp_ios_heur_sol(tree, ctx->warm);
	}
	/* GLPK counts the simplex iterations of every node's LP in lp. */
	ctx->budget->spent = ctx->spent_before +
	                     (double)glp_get_it_cnt(glp_ios_get_prob(tree)) * ctx->rows;
	if (co_budget_over(ctx->budget, 1.0))
		glp_ios_terminate(tree);
}

/* GLPK's own clock cap: the deadline's milliseconds, or none. */
static int deadline_ms(const co_budget *budget)
{
	double left = budget->deadline - co_budget_now();

	if (budget->deadline <= 0)
		return 2147483647;
	return left <= 0.001 ? 1 : left > 2e6 ? 2000000000 : (int)(left * 1000.0);
}

/* Solves one component (vertices verts[0..s-1]) exactly; comm holds a warm
 * partition on entry (global labels) and the result on exit (labels of
 * the component's vertices rewritten to verts[first member]).  Returns 1 if
 * proven optimal. */
static int exact_component(const wgraph *g, const igraph_integer_t *verts, igraph_integer_t s,
                           igraph_integer_t *comm, co_budget *budget, co_status *status)
{
	int npairs = (int)(s * (s - 1) / 2), ntriples = (int)(s * (s - 1) * (s - 2) / 6);
	int nrows = 3 * ntriples, ne = 3 * nrows, proven = 0, k = 0;
	int *ia = malloc(sizeof(int) * (size_t)(ne + 1));
	int *ja = malloc(sizeof(int) * (size_t)(ne + 1));
	double *ar = malloc(sizeof(double) * (size_t)(ne + 1));
	double *warm = malloc(sizeof(double) * (size_t)(npairs + 1));
	double *dw = calloc((size_t)(s * s) + 1, sizeof(double));
	igraph_integer_t *local = malloc(sizeof(igraph_integer_t) * (size_t)(g->n + 1));
	glp_prob *lp = NULL;
	exact_ctx ctx = {0};

	if (!ia || !ja || !ar || !warm || !dw || !local) {
		*status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	for (igraph_integer_t i = 0; i < s; i++)
		local[verts[i]] = i;
	for (igraph_integer_t i = 0; i < s; i++) {
		igraph_integer_t v = verts[i];
		for (igraph_integer_t j = g->off[v]; j < g->off[v + 1]; j++)
			dw[i * s + local[g->adj[j]]] = wgraph_w(g, j);
	}
#define PAIR(i, j) ((i) < (j) ? (int)((j) * ((j) - 1) / 2 + (i)) + 1 \
                              : (int)((i) * ((i) - 1) / 2 + (j)) + 1)
	glp_term_out(GLP_OFF);
	lp = glp_create_prob();
	glp_set_obj_dir(lp, GLP_MIN);
	if (npairs > 0)
		glp_add_cols(lp, npairs);
	if (nrows > 0)
		glp_add_rows(lp, nrows);
	/* y_ij = 1 when i and j are in different clusters: cost d_ij * y_ij
	 * (plus a constant for negative pairs). */
	for (igraph_integer_t j = 1; j < s; j++)
		for (igraph_integer_t i = 0; i < j; i++) {
			int col = PAIR(i, j);
			glp_set_col_kind(lp, col, GLP_BV);
			glp_set_obj_coef(lp, col, dw[i * s + j]);
			warm[col] = comm[verts[i]] != comm[verts[j]];
		}
	int row = 0;
	for (igraph_integer_t a = 0; a < s; a++)
		for (igraph_integer_t b = a + 1; b < s; b++)
			for (igraph_integer_t c = b + 1; c < s; c++) {
				int ab = PAIR(a, b), bc = PAIR(b, c), ac = PAIR(a, c);
				int trip[3][3] = {{ab, bc, ac}, {bc, ac, ab}, {ac, ab, bc}};
				for (int t = 0; t < 3; t++) {
					/* y_x <= y_y + y_z */
					row++;
					glp_set_row_bnds(lp, row, GLP_LO, 0.0, 0.0);
					ia[++k] = row; ja[k] = trip[t][1]; ar[k] = 1;
					ia[++k] = row; ja[k] = trip[t][2]; ar[k] = 1;
					ia[++k] = row; ja[k] = trip[t][0]; ar[k] = -1;
				}
			}
#undef PAIR
	if (ne > 0)
		glp_load_matrix(lp, ne, ia, ja, ar);
	if (npairs == 0) {
		proven = 1;
		goto done;
	}
	glp_smcp smcp;
	glp_init_smcp(&smcp);
	smcp.msg_lev = GLP_MSG_OFF;
	double rows = nrows > 0 ? (double)nrows : 1;
	double left = co_budget_left(budget, 1.0) / rows;
	smcp.it_lim = left < 1 ? 1 : left > 2e9 ? 2000000000 : (int)left;
	smcp.tm_lim = deadline_ms(budget);
	int solved = glp_simplex(lp, &smcp) == 0 && glp_get_status(lp) == GLP_OPT;
	co_budget_spend(budget, (double)glp_get_it_cnt(lp) * rows);
	if (!solved) {
		co_budget_over(budget, 1.0);  /* records which bound stopped it */
		goto done;
	}
	glp_iocp iocp;
	glp_init_iocp(&iocp);
	iocp.msg_lev = GLP_MSG_OFF;
	iocp.tm_lim = deadline_ms(budget);
	iocp.cb_func = exact_callback;
	iocp.cb_info = &ctx;
	ctx.warm = warm;
	ctx.budget = budget;
	ctx.rows = rows;
	ctx.spent_before = budget->spent - (double)glp_get_it_cnt(lp) * rows;
	int ret = glp_intopt(lp, &iocp);
	budget->spent = ctx.spent_before + (double)glp_get_it_cnt(lp) * rows;
	if (ret == GLP_ETMLIM)
		budget->clock_bound = 1;
	int mip = glp_mip_status(lp);
	if (mip == GLP_OPT || mip == GLP_FEAS) {
		/* y is transitive: i joins the cluster of the first j < i with y = 0 */
		for (igraph_integer_t i = 0; i < s; i++) {
			igraph_integer_t label = verts[i];
			for (igraph_integer_t j = 0; j < i; j++)
				if (glp_mip_col_val(lp, (int)(i * (i - 1) / 2 + j) + 1) < 0.5) {
					label = comm[verts[j]];
					break;
				}
			comm[verts[i]] = label;
		}
	}
	proven = ret == 0 && mip == GLP_OPT;
done:
	if (lp)
		glp_delete_prob(lp);
	free(ia);
	free(ja);
	free(ar);
	free(warm);
	free(dw);
	free(local);
	return proven;
}

/* ---- spinglass ---- */

static co_status spinglass_component(const wgraph *g, const igraph_integer_t *verts,
                                     igraph_integer_t s, igraph_integer_t *comm,
                                     igraph_integer_t *local)
{
	igraph_vector_int_t edges, membership;
	igraph_vector_t weights;
	igraph_t sub;
	int made_edges = 0, made_weights = 0, made_sub = 0, made_memb = 0;
	co_status status = CO_OK;
	igraph_real_t modularity, temperature;

	for (igraph_integer_t i = 0; i < s; i++)
		local[verts[i]] = i;
	if (igraph_vector_int_init(&edges, 0) || (made_edges = 1, 0) ||
	    igraph_vector_init(&weights, 0) || (made_weights = 1, 0) ||
	    igraph_vector_int_init(&membership, 0) || (made_memb = 1, 0)) {
		status = CO_EGRAPH;
		goto done;
	}
	for (igraph_integer_t i = 0; i < s; i++) {
		igraph_integer_t v = verts[i];
		for (igraph_integer_t j = g->off[v]; j < g->off[v + 1]; j++) {
			igraph_integer_t u = g->adj[j];
			if (local[u] <= i)
				continue;
			if (igraph_vector_int_push_back(&edges, i) ||
			    igraph_vector_int_push_back(&edges, local[u]) ||
			    igraph_vector_push_back(&weights, wgraph_w(g, j))) {
				status = CO_EGRAPH;
				goto done;
			}
		}
	}
	if (igraph_create(&sub, &edges, s, IGRAPH_UNDIRECTED)) {
		status = CO_EGRAPH;
		goto done;
	}
	made_sub = 1;
	if (igraph_community_spinglass(&sub, &weights, &modularity, &temperature, &membership,
	                               NULL, s < 25 ? s : 25, 0, 1.0, 0.01, 0.99,
	                               IGRAPH_SPINCOMM_UPDATE_CONFIG, 1.0,
	                               IGRAPH_SPINCOMM_IMP_NEG, 1.0)) {
		status = CO_EGRAPH;
		goto done;
	}
	/* Label each spin state by its first vertex, so labels stay global. */
	for (igraph_integer_t i = 0; i < s; i++) {
		igraph_integer_t label = verts[i];
		for (igraph_integer_t j = 0; j < i; j++)
			if (VECTOR(membership)[j] == VECTOR(membership)[i]) {
				label = comm[verts[j]];
				break;
			}
		comm[verts[i]] = label;
	}
done:
	if (made_sub)
		igraph_destroy(&sub);
	if (made_memb)
		igraph_vector_int_destroy(&membership);
	if (made_weights)
		igraph_vector_destroy(&weights);
	if (made_edges)
		igraph_vector_int_destroy(&edges);
	return status;
}

/* Splits every cluster into the parts its net-positive pairs connect.  The
 * pairs separated have d <= 0, so the error never rises (it falls for
 * negative ones), and orgs with nothing pulling them together (no tie, or
 * ties that cancel) are not reported as one cluster.  Labels become the
 * first vertex of each part. */
static void split_unconnected(const wgraph *g, igraph_integer_t *membership,
                              igraph_integer_t *label, igraph_integer_t *queue)
{
	for (igraph_integer_t v = 0; v < g->n; v++)
		label[v] = -1;
	for (igraph_integer_t r = 0; r < g->n; r++) {
		igraph_integer_t head = 0, tail = 0;
		if (label[r] >= 0)
			continue;
		label[r] = r;
		queue[tail++] = r;
		while (head < tail) {
			igraph_integer_t v = queue[head++];
			for (igraph_integer_t j = g->off[v]; j < g->off[v + 1]; j++) {
				igraph_integer_t u = g->adj[j];
				if (wgraph_w(g, j) > 0 && label[u] < 0 && membership[u] == membership[r]) {
					label[u] = r;
					queue[tail++] = u;
				}
			}
		}
	}
	memcpy(membership, label, sizeof(igraph_integer_t) * (size_t)g->n);
}

/* ---- numbering and the entry point ---- */

typedef struct {
	igraph_integer_t size, first, label;
} cluster_key;

static int cluster_cmp(const void *x, const void *y)
{
	const cluster_key *a = x, *b = y;

	if (a->size != b->size)
		return a->size > b->size ? -1 : 1;
	return (a->first > b->first) - (a->first < b->first);
}

/* Relabels membership as 0..k-1 by decreasing size, then smallest vertex. */
static co_status number_clusters(igraph_integer_t *membership, igraph_integer_t n,
                                 igraph_integer_t *k_out)
{
	igraph_integer_t *map = malloc(sizeof(igraph_integer_t) * (size_t)(n + 1));
	cluster_key *keys = malloc(sizeof(cluster_key) * (size_t)(n + 1));
	igraph_integer_t k = 0;

	if (!map || !keys) {
		free(map);
		free(keys);
		return co_error_set(CO_ENOMEM, "out of memory");
	}
	for (igraph_integer_t v = 0; v < n; v++)
		map[v] = -1;
	for (igraph_integer_t v = 0; v < n; v++) {
		igraph_integer_t c = membership[v];
		if (map[c] < 0) {
			map[c] = k;
			keys[k] = (cluster_key){0, v, c};
			k++;
		}
		keys[map[c]].size++;
	}
	qsort(keys, (size_t)k, sizeof(*keys), cluster_cmp);
	for (igraph_integer_t i = 0; i < k; i++)
		map[keys[i].label] = i;
	for (igraph_integer_t v = 0; v < n; v++)
		membership[v] = map[membership[v]];
	*k_out = k;
	free(map);
	free(keys);
	return CO_OK;
}

/* AUTO on medium views: spinglass (igraph's fixed schedule) and local
 * moving (the work budget); the partition with the lower cluster error wins
 * (spinglass on ties). */
static co_status best_of_spinglass_and_local(co_clusters *out, const co_signed_graph *sg,
                                             const co_budget *budget)
{
	co_clusters local = {0};
	co_status status;
	double seconds = budget->deadline > 0 ? budget->deadline - co_budget_now() : 0;

	free(out->membership);
	memset(out, 0, sizeof(*out));
	if ((status = co_signed_clusters(out, sg, CO_CLUSTERS_SPINGLASS, budget->limit,
	                                 seconds > 0 ? seconds : 0)) != CO_OK)
		goto done;
	seconds = budget->deadline > 0 ? budget->deadline - co_budget_now() : 0;
	if ((status = co_signed_clusters(&local, sg, CO_CLUSTERS_LOCAL, budget->limit,
	                                 budget->deadline > 0 ? (seconds > 1e-3 ? seconds : 1e-3)
	                                                      : 0)) != CO_OK)
		goto done;
	local.work += out->work;
	local.time_limit_reached |= out->time_limit_reached;
	out->work = local.work;
	out->time_limit_reached = local.time_limit_reached;
	if (local.error < out->error) {
		co_clusters_free(out);
		*out = local;
		memset(&local, 0, sizeof(local));
	}
done:
	co_clusters_free(&local);
	return status;
}

co_status co_signed_clusters(co_clusters *out, const co_signed_graph *sg,
                             co_clusters_method method, double work, double time_limit)
{
	wgraph g = {0};
	igraph_integer_t n = sg->n;
	igraph_integer_t *comp = malloc(sizeof(igraph_integer_t) * (size_t)(n + 1));
	igraph_integer_t *queue = malloc(sizeof(igraph_integer_t) * (size_t)(n + 1));
	igraph_integer_t *count = NULL, *start = NULL, *verts = NULL, *local = NULL;
	co_budget budget;
	co_status status = CO_OK;

	memset(out, 0, sizeof(*out));
	if (n > CO_TENSIONS_MAX_IDS || sg->m > CO_TENSIONS_MAX_IDS) {
		free(comp);
		free(queue);
		return co_error_set(CO_EINVAL, "tensions: %" IGRAPH_PRId " orgs and %" IGRAPH_PRId
		                    " ties are more than this analysis takes", n, sg->m);
	}
	co_budget_init(&budget, work > 0 ? work : DEFAULT_WORK, time_limit);
	out->membership = malloc(sizeof(igraph_integer_t) * (size_t)(n + 1));
	if (!comp || !queue || !out->membership) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	if ((status = collapsed_graph(&g, sg)) != CO_OK)
		goto done;
	igraph_integer_t nc = components(&g, comp, queue);
	count = calloc((size_t)nc + 1, sizeof(igraph_integer_t));
	start = calloc((size_t)nc + 2, sizeof(igraph_integer_t));
	verts = malloc(sizeof(igraph_integer_t) * (size_t)(n + 1));
	local = malloc(sizeof(igraph_integer_t) * (size_t)(n + 1));
	if (!count || !start || !verts || !local) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	igraph_integer_t largest = 0;
	for (igraph_integer_t v = 0; v < n; v++)
		count[comp[v]]++;
	for (igraph_integer_t c = 0; c < nc; c++) {
		start[c + 1] = start[c] + count[c];
		if (count[c] > largest)
			largest = count[c];
	}
	for (igraph_integer_t c = 0; c < nc; c++)
		count[c] = start[c];
	for (igraph_integer_t v = 0; v < n; v++)
		verts[count[comp[v]]++] = v;

	if (method == CO_CLUSTERS_AUTO && largest > CO_CLUSTERS_EXACT_MAX &&
	    largest <= CO_CLUSTERS_SPINGLASS_MAX) {
		status = best_of_spinglass_and_local(out, sg, &budget);
		goto done;
	}
	if (method == CO_CLUSTERS_AUTO)
		method = largest <= CO_CLUSTERS_EXACT_MAX ? CO_CLUSTERS_EXACT : CO_CLUSTERS_LOCAL;
	out->method = method;
	if (method == CO_CLUSTERS_EXACT && largest > CO_CLUSTERS_EXACT_MAX) {
		status = co_error_set(CO_EINVAL,
			"exact tension clusters need connected components of at most %d orgs "
			"(the largest has %" IGRAPH_PRId "); use --method local or spinglass",
			CO_CLUSTERS_EXACT_MAX, largest);
		goto done;
	}

	if (method == CO_CLUSTERS_SPINGLASS) {
		for (igraph_integer_t v = 0; v < n; v++)
			out->membership[v] = v;
		for (igraph_integer_t c = 0; c < nc && status == CO_OK; c++)
			if (start[c + 1] - start[c] > 1)
				status = spinglass_component(&g, verts + start[c], start[c + 1] - start[c],
				                             out->membership, local);
		out->optimal = 0;
	} else {
		/* The local method, also the warm start of the exact one. */
		co_budget moves = co_budget_share(&budget, method == CO_CLUSTERS_EXACT ? 0.2 : 1.0);
		status = run_local(out->membership, sg, &g, &moves);
		co_budget_join(&budget, &moves);
		if (status != CO_OK)
			goto done;
		/* Label clusters by their smallest vertex, so that the exact solver
		 * can name new clusters by vertex without clashing. */
		for (igraph_integer_t v = 0; v < n; v++)
			local[v] = -1;
		for (igraph_integer_t v = 0; v < n; v++) {
			if (local[out->membership[v]] < 0)
				local[out->membership[v]] = v;
			out->membership[v] = local[out->membership[v]];
		}
		out->optimal = 0;
		if (method == CO_CLUSTERS_EXACT) {
			int all = 1;
			double left_pairs = 0;
			for (igraph_integer_t c = 0; c < nc; c++) {
				double s = (double)(start[c + 1] - start[c]);
				left_pairs += s * s * s;
			}
			for (igraph_integer_t c = 0; c < nc && status == CO_OK; c++) {
				igraph_integer_t s = start[c + 1] - start[c];
				double cube = (double)s * (double)s * (double)s;
				if (s <= 2) {
					/* one pair: together iff d > 0, which local moving finds */
					left_pairs -= cube;
					continue;
				}
				co_budget share = co_budget_share(&budget, cube / (left_pairs > 0
				                                                   ? left_pairs : 1));
				all &= exact_component(&g, verts + start[c], s, out->membership,
				                       &share, &status);
				co_budget_join(&budget, &share);
				left_pairs -= cube;
			}
			out->optimal = all && status == CO_OK;
		}
	}
	if (status != CO_OK)
		goto done;
	split_unconnected(&g, out->membership, comp, queue);
	if ((status = number_clusters(out->membership, n, &out->k)) != CO_OK)
		goto done;
	out->error = co_clusters_error(sg, out->membership);
	out->work = budget.spent;
	out->time_limit_reached = budget.clock_bound;
done:
	wgraph_free(&g);
	free(comp);
	free(queue);
	free(count);
	free(start);
	free(verts);
	free(local);
	return status;
}
