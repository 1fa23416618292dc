/*
 * tensions_frustration.c - the frustration index of a signed graph: the least total
 * cost of edges that disagree with some split of the vertices into two sides.
 *
 * Why this shape: the exact problem is NP-hard, but real views decompose.
 * Parallel ties between two orgs collapse to one signed edge plus a constant
 * (min of the positive and negative totals is paid by every split); the
 * index is the sum over biconnected blocks (a cut vertex lets each side of
 * it be switched independently), so bridges, trees of chapters hanging off a
 * national and balanced blocks cost nothing.  Each unbalanced block is then
 *   1. given an upper bound by local search (restarts from random spanning
 *      tree switchings, single-vertex flips, perturbation of the best);
 *   2. given a lower bound by packing unbalanced cycles (each needs one
 *      disagreeing edge; a weighted packing subtracts the cycle's smallest
 *      residual cost, so the sum is a dual-feasible bound);
 *   3. solved exactly when the bounds meet, by branch and bound when small,
 *      or by GLPK's branch and cut on Aref's integer program (one binary per
 *      vertex, one per edge, two constraints per edge), warm-started with the
 *      local-search split and stopped when its share of the work is spent.
 * The value reported is always the cost of a real split, so it is never
 * below the optimum; "exact" means the lower bound reached it.
 *
 * Every stage stops on a work budget (budget.h), never on the clock: each
 * block gets a share in proportion to its edges, and within a block the
 * local search may spend up to 30% of it, the cycle packing up to 50%, the
 * exact solvers the rest, so the same graph and seed give the same split on
 * any machine.  Only an explicit time limit reads the clock.
 */
#include "coalition/tensions.h"

#include <glpk.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "budget.h"
#include "tensions_graph.h"

/* Blocks with at most this many vertices go to branch and bound. */
#define BNB_MAX_VERTICES 28
/* Blocks with more edges than this skip GLPK (its LP alone would not fit
 * the time limit; the local search and the cycle packing still run). */
#define GLPK_MAX_EDGES 20000
/* States a cycle search may visit before giving up on a seed edge. */
#define CYCLE_SEARCH_LIMIT 4096

/* The work of a whole solve when the options name none: about 200 local
 * search rounds of a 1.1M-tie block (each n + 2m units) and its packing. */
#define DEFAULT_WORK 2e9

/* Block-local vertex and edge ids (and adjacency offsets): 32 bits halve
 * the memory the searches walk, and a large view is mostly one block. */
typedef int32_t bid;

/* One biconnected block with local vertex ids and a CSR adjacency. */
typedef struct {
	igraph_integer_t n, m;
	bid *eu, *ev;                 /* endpoints of local edge e */
	double *w;                    /* signed cost: > 0 positive, < 0 negative */
	bid *off;                     /* n + 1 offsets into adj_v / adj_e */
	bid *adj_v, *adj_e;
} block;

static void block_free(block *b)
{
	free(b->eu);
	free(b->ev);
	free(b->w);
	free(b->off);
	free(b->adj_v);
	free(b->adj_e);
	memset(b, 0, sizeof(*b));
}

static co_status block_csr(block *b)
{
	b->off = calloc((size_t)b->n + 1, sizeof(*b->off));
	b->adj_v = malloc(sizeof(*b->adj_v) * (size_t)(2 * b->m + 1));
	b->adj_e = malloc(sizeof(*b->adj_e) * (size_t)(2 * b->m + 1));
	if (!b->off || !b->adj_v || !b->adj_e)
		return co_error_set(CO_ENOMEM, "out of memory");
	for (igraph_integer_t e = 0; e < b->m; e++) {
		b->off[b->eu[e] + 1]++;
		b->off[b->ev[e] + 1]++;
	}
	for (igraph_integer_t v = 0; v < b->n; v++)
		b->off[v + 1] += b->off[v];
	bid *fill = malloc(sizeof(*fill) * (size_t)(b->n + 1));
	if (!fill)
		return co_error_set(CO_ENOMEM, "out of memory");
	memcpy(fill, b->off, sizeof(*fill) * (size_t)b->n);
	for (igraph_integer_t e = 0; e < b->m; e++) {
		igraph_integer_t u = b->eu[e], v = b->ev[e];
		b->adj_v[fill[u]] = v;
		b->adj_e[fill[u]++] = e;
		b->adj_v[fill[v]] = u;
		b->adj_e[fill[v]++] = e;
	}
	free(fill);
	return CO_OK;
}

/* 1 if edge e disagrees with sides s. */
static int disagrees(const block *b, const int *s, igraph_integer_t e)
{
	int same = s[b->eu[e]] == s[b->ev[e]];
	return b->w[e] > 0 ? !same : same;
}

static double block_cost(const block *b, const int *s)
{
	double cost = 0;

	for (igraph_integer_t e = 0; e < b->m; e++)
		if (disagrees(b, s, e))
			cost += fabs(b->w[e]);
	return cost;
}

static igraph_integer_t random_below(igraph_integer_t n)
{
	return n <= 1 ? 0 : igraph_rng_get_integer(igraph_rng_default(), 0, n - 1);
}

/* Scratch space shared by the searches on one block. */
typedef struct {
	double *h;                    /* local field of each vertex */
	bid *queue;
	char *mark;
	int *s;                       /* current sides */
} scratch;

static void scratch_free(scratch *sc)
{
	free(sc->h);
	free(sc->queue);
	free(sc->mark);
	free(sc->s);
}

static co_status scratch_init(scratch *sc, igraph_integer_t n)
{
	sc->h = malloc(sizeof(double) * (size_t)(n + 1));
	sc->queue = malloc(sizeof(bid) * (size_t)(n + 1));
	sc->mark = malloc((size_t)n + 1);
	sc->s = malloc(sizeof(int) * (size_t)(n + 1));
	if (!sc->h || !sc->queue || !sc->mark || !sc->s)
		return co_error_set(CO_ENOMEM, "out of memory");
	return CO_OK;
}

/* Sides from a spanning tree grown by BFS from a random root, visiting
 * neighbours from a random offset: every tree edge agrees. */
static void tree_switching(const block *b, scratch *sc)
{
	igraph_integer_t head = 0, tail = 0;

	memset(sc->mark, 0, (size_t)b->n);
	for (igraph_integer_t start = 0; start < b->n; start++) {
		igraph_integer_t root = start == 0 ? random_below(b->n) : start;
		if (sc->mark[root])
			continue;
		sc->mark[root] = 1;
		sc->s[root] = (int)random_below(2);
		sc->queue[tail++] = root;
		while (head < tail) {
			igraph_integer_t v = sc->queue[head++];
			igraph_integer_t deg = b->off[v + 1] - b->off[v];
			igraph_integer_t shift = random_below(deg);
			/* positions off[v] + (i + shift) % deg, without the division */
			for (igraph_integer_t i = 0, k = b->off[v] + shift; i < deg; i++, k++) {
				if (k == b->off[v + 1])
					k = b->off[v];
				igraph_integer_t u = b->adj_v[k];
				if (sc->mark[u])
					continue;
				sc->mark[u] = 1;
				sc->s[u] = b->w[b->adj_e[k]] > 0 ? sc->s[v] : !sc->s[v];
				sc->queue[tail++] = u;
			}
		}
	}
}

/* Flips single vertices while a flip lowers the cost (a local optimum). */
static void local_descent(const block *b, scratch *sc)
{
	igraph_integer_t head = 0, count = 0;
	const double eps = 1e-12;

	for (igraph_integer_t v = 0; v < b->n; v++) {
		double h = 0;
		for (igraph_integer_t k = b->off[v]; k < b->off[v + 1]; k++)
			h += b->w[b->adj_e[k]] * (sc->s[b->adj_v[k]] ? -1.0 : 1.0);
		sc->h[v] = h;
		sc->mark[v] = 1;
		sc->queue[v] = v;
	}
	count = b->n;
	/* queue is circular of size n: each vertex is in it at most once */
	while (count > 0) {
		igraph_integer_t v = sc->queue[head];
		head = (head + 1) % b->n;
		count--;
		sc->mark[v] = 0;
		double sigma = sc->s[v] ? -1.0 : 1.0;
		if (sigma * sc->h[v] >= -eps)
			continue;
		sc->s[v] = !sc->s[v];
		for (igraph_integer_t k = b->off[v]; k < b->off[v + 1]; k++) {
			igraph_integer_t u = b->adj_v[k];
			sc->h[u] += -2.0 * b->w[b->adj_e[k]] * sigma;
			double su = sc->s[u] ? -1.0 : 1.0;
			if (!sc->mark[u] && su * sc->h[u] < -eps) {
				sc->mark[u] = 1;
				sc->queue[(head + count) % b->n] = u;
				count++;
			}
		}
	}
}

/* Flips a random connected patch of up to `size` vertices of the sides. */
static void perturb(const block *b, scratch *sc, igraph_integer_t size)
{
	igraph_integer_t head = 0, tail = 0;
	igraph_integer_t root = random_below(b->n);

	memset(sc->mark, 0, (size_t)b->n);
	sc->queue[tail++] = root;
	sc->mark[root] = 1;
	while (head < tail && tail < size) {
		igraph_integer_t v = sc->queue[head++];
		for (igraph_integer_t k = b->off[v]; k < b->off[v + 1] && tail < size; k++) {
			igraph_integer_t u = b->adj_v[k];
			if (!sc->mark[u] && random_below(2)) {
				sc->mark[u] = 1;
				sc->queue[tail++] = u;
			}
		}
	}
	for (igraph_integer_t i = 0; i < tail; i++)
		sc->s[sc->queue[i]] = !sc->s[sc->queue[i]];
}

/* Local search until `until` of the budget is spent (at least two
 * descents): best sides in best[], cost returned.  A round costs n + 2m
 * units (tree, descent, cost), plus the degrees of the vertices flipped. */
static double local_search(const block *b, scratch *sc, int *best, co_budget *budget,
                           double until, int max_rounds)
{
	double best_cost = INFINITY;

	for (int round = 0; round < max_rounds; round++) {
		if (round >= 2 && co_budget_over(budget, until))
			break;
		co_budget_spend(budget, (double)(b->n + 2 * b->m));
		if (round % 3 == 2 && best_cost < INFINITY) {
			memcpy(sc->s, best, sizeof(int) * (size_t)b->n);
			perturb(b, sc, 2 + random_below(b->n < 40 ? b->n : 40));
		} else {
			tree_switching(b, sc);
		}
		local_descent(b, sc);
		double cost = block_cost(b, sc->s);
		if (cost < best_cost) {
			best_cost = cost;
			memcpy(best, sc->s, sizeof(int) * (size_t)b->n);
		}
		if (best_cost == 0)
			break;
	}
	return best_cost;
}

/* ---- Lower bound: packing unbalanced cycles ---- */

/* Packs unbalanced triangles, then for each edge that disagrees with
 * `sides`, shortest unbalanced cycles through it (BFS on the signed double
 * cover), subtracting each cycle's smallest residual from its edges. */
static co_status cycle_packing(double *bound, const block *b, const int *sides,
                               co_budget *budget, double until)
{
	double lb = 0;
	double *r = malloc(sizeof(double) * (size_t)(b->m + 1));
	bid *mark = malloc(sizeof(bid) * (size_t)(b->n + 1));
	bid *up_off = malloc(sizeof(bid) * (size_t)(b->n + 1));
	bid *up = malloc(sizeof(bid) * (size_t)(b->m + 1));
	/* The searches' arrays come once the triangles' are gone. */
	uint32_t *stamp = NULL;
	bid *parent = NULL, *pedge = NULL, *queue = NULL;
	co_status status = CO_OK;
	const double eps = 1e-12;

	*bound = 0;
	if (!r || !mark || !up_off || !up) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	for (igraph_integer_t e = 0; e < b->m; e++)
		r[e] = fabs(b->w[e]);

	/* Triangles: orient each edge towards the endpoint of higher (degree,
	 * id) rank, so each triangle is seen once from its lowest vertex. */
	for (igraph_integer_t v = 0; v < b->n; v++)
		mark[v] = -1;
#define HIGHER(a, c) ((b->off[(a) + 1] - b->off[a]) != (b->off[(c) + 1] - b->off[c]) \
	? (b->off[(a) + 1] - b->off[a]) > (b->off[(c) + 1] - b->off[c]) : (a) > (c))
	/* Each vertex's adjacency positions towards higher-ranked neighbours, in
	 * adjacency order: the inner loop below walked all of a hub's adjacency
	 * once per lower neighbour (a quarter of the instructions of a 105k-tie
	 * run); it now walks the same entries that pass HIGHER, in the same
	 * order, and still spends the whole degree of the budget. */
	{
		bid used = 0;
		for (igraph_integer_t v = 0; v < b->n; v++) {
			up_off[v] = used;
			for (igraph_integer_t k = b->off[v]; k < b->off[v + 1]; k++)
				if (HIGHER(b->adj_v[k], v))
					up[used++] = (bid)k;
		}
		up_off[b->n] = used;
	}
	for (igraph_integer_t v = 0; v < b->n; v++) {
		if ((v & 1023) == 0 && co_budget_over(budget, until))
			break;
		co_budget_spend(budget, (double)(b->off[v + 1] - b->off[v]));
		for (igraph_integer_t k = b->off[v]; k < b->off[v + 1]; k++)
			if (HIGHER(b->adj_v[k], v))
				mark[b->adj_v[k]] = b->adj_e[k];
		for (igraph_integer_t k = b->off[v]; k < b->off[v + 1]; k++) {
			igraph_integer_t u = b->adj_v[k], evu = b->adj_e[k];
			if (!HIGHER(u, v))
				continue;
			co_budget_spend(budget, (double)(b->off[u + 1] - b->off[u]));
			for (igraph_integer_t i = up_off[u]; i < up_off[u + 1]; i++) {
				igraph_integer_t j = up[i], x = b->adj_v[j], eux = b->adj_e[j];
				if (mark[x] < 0)
					continue;
				igraph_integer_t evx = mark[x];
				int neg = (b->w[evu] < 0) + (b->w[eux] < 0) + (b->w[evx] < 0);
				if (neg % 2 == 0)
					continue;
				double y = fmin(r[evu], fmin(r[eux], r[evx]));
				if (y <= eps)
					continue;
				r[evu] -= y;
				r[eux] -= y;
				r[evx] -= y;
				lb += y;
			}
		}
		for (igraph_integer_t k = b->off[v]; k < b->off[v + 1]; k++)
			mark[b->adj_v[k]] = -1;
	}
#undef HIGHER

	free(mark);
	free(up_off);
	free(up);
	mark = up_off = up = NULL;
	stamp = calloc((size_t)(2 * b->n + 1), sizeof(uint32_t));
	parent = malloc(sizeof(bid) * (size_t)(2 * b->n + 1));
	pedge = malloc(sizeof(bid) * (size_t)(2 * b->n + 1));
	queue = malloc(sizeof(bid) * (size_t)(2 * b->n + 1));
	if (!stamp || !parent || !pedge || !queue) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}

	/* Longer cycles through the edges the best split frustrates. */
	uint32_t generation = 0;      /* at most 8 searches per edge: < 2^32 */
	for (igraph_integer_t e = 0; e < b->m; e++) {
		if (!disagrees(b, sides, e))
			continue;
		if ((e & 63) == 0 && co_budget_over(budget, until))
			break;
		for (int attempt = 0; attempt < 8 && r[e] > eps; attempt++) {
			igraph_integer_t src = b->eu[e], dst = b->ev[e];
			int want = b->w[e] < 0 ? 0 : 1;   /* parity of negatives on the path */
			igraph_integer_t head = 0, tail = 0, found = -1;

			generation++;
			stamp[2 * src] = generation;
			parent[2 * src] = -1;
			queue[tail++] = 2 * src;
			while (head < tail && found < 0 && tail < CYCLE_SEARCH_LIMIT) {
				igraph_integer_t state = queue[head++];
				igraph_integer_t v = state / 2;
				int parity = (int)(state % 2);
				for (igraph_integer_t k = b->off[v]; k < b->off[v + 1]; k++) {
					igraph_integer_t f = b->adj_e[k];
					if (f == e || r[f] <= eps)
						continue;
					igraph_integer_t next = 2 * b->adj_v[k] + (parity ^ (b->w[f] < 0));
					if (stamp[next] == generation)
						continue;
					stamp[next] = generation;
					parent[next] = state;
					pedge[next] = f;
					queue[tail++] = next;
					if (next == 2 * dst + want) {
						found = next;
						break;
					}
				}
			}
			co_budget_spend(budget, (double)tail);
			if (found < 0)
				break;
			double y = r[e];
			for (igraph_integer_t st = found; parent[st] >= 0; st = parent[st])
				y = fmin(y, r[pedge[st]]);
			for (igraph_integer_t st = found; parent[st] >= 0; st = parent[st])
				r[pedge[st]] -= y;
			r[e] -= y;
			lb += y;
		}
	}
	*bound = lb;
done:
	free(r);
	free(mark);
	free(stamp);
	free(parent);
	free(pedge);
	free(queue);
	free(up_off);
	free(up);
	return status;
}

/* ---- Branch and bound for small blocks ---- */

typedef struct {
	const block *b;
	igraph_integer_t *order, *pos;
	int *s, *best;
	double best_cost;
	double *c0, *c1;              /* cost of each unassigned vertex per side */
	double rest;                  /* sum over unassigned of min(c0, c1) */
	long nodes;
	co_budget *budget;            /* a node costs its vertex's degree */
	int timed_out;
} bnb_state;

static void bnb(bnb_state *st, igraph_integer_t depth, double cost)
{
	const block *b = st->b;

	if (st->timed_out)
		return;
	if ((++st->nodes & 4095) == 0 && co_budget_over(st->budget, 1.0)) {
		st->timed_out = 1;
		return;
	}
	if (depth == b->n) {
		if (cost < st->best_cost) {
			st->best_cost = cost;
			memcpy(st->best, st->s, sizeof(int) * (size_t)b->n);
		}
		return;
	}
	igraph_integer_t v = st->order[depth];
	co_budget_spend(st->budget, (double)(1 + b->off[v + 1] - b->off[v]));
	int first = st->c0[v] <= st->c1[v] ? 0 : 1;
	double own_min = fmin(st->c0[v], st->c1[v]);
	for (int t = 0; t < (depth == 0 ? 1 : 2); t++) {
		int side = t == 0 ? first : !first;
		double add = side ? st->c1[v] : st->c0[v];
		double rest = st->rest - own_min;
		/* Neighbours not yet assigned learn the cost of each of their sides. */
		for (igraph_integer_t k = b->off[v]; k < b->off[v + 1]; k++) {
			igraph_integer_t u = b->adj_v[k];
			if (st->pos[u] <= depth)
				continue;
			double w = b->w[b->adj_e[k]], before = fmin(st->c0[u], st->c1[u]);
			/* positive: disagrees if u takes the other side; negative: same side */
			if ((w > 0) == (side == 1))
				st->c0[u] += fabs(w);
			else
				st->c1[u] += fabs(w);
			rest += fmin(st->c0[u], st->c1[u]) - before;
		}
		st->s[v] = side;
		double saved_rest = st->rest;
		st->rest = rest;
		if (cost + add + rest < st->best_cost - 1e-12)
			bnb(st, depth + 1, cost + add);
		st->rest = saved_rest;
		for (igraph_integer_t k = b->off[v]; k < b->off[v + 1]; k++) {
			igraph_integer_t u = b->adj_v[k];
			if (st->pos[u] <= depth)
				continue;
			double w = b->w[b->adj_e[k]];
			if ((w > 0) == (side == 1))
				st->c0[u] -= fabs(w);
			else
				st->c1[u] -= fabs(w);
		}
	}
}

/* Exact by branch and bound; best[] holds an upper-bound split on entry.
 * Returns 1 if it finished (best[] optimal). */
static int solve_bnb(const block *b, int *best, double *best_cost, co_budget *budget,
                     co_status *status)
{
	bnb_state st = {0};
	igraph_integer_t head = 0, tail = 0, root = 0;
	int finished = 0;

	st.b = b;
	st.order = malloc(sizeof(igraph_integer_t) * (size_t)b->n);
	st.pos = malloc(sizeof(igraph_integer_t) * (size_t)b->n);
	st.s = malloc(sizeof(int) * (size_t)b->n);
	st.c0 = calloc((size_t)b->n, sizeof(double));
	st.c1 = calloc((size_t)b->n, sizeof(double));
	if (!st.order || !st.pos || !st.s || !st.c0 || !st.c1) {
		*status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	/* BFS order from the vertex of highest degree: each vertex after the
	 * first has an assigned neighbour, so bounds bite early. */
	for (igraph_integer_t v = 0; v < b->n; v++) {
		st.pos[v] = b->n;
		if (b->off[v + 1] - b->off[v] > b->off[root + 1] - b->off[root])
			root = v;
	}
	st.order[tail++] = root;
	st.pos[root] = 0;
	while (head < tail) {
		igraph_integer_t v = st.order[head++];
		for (igraph_integer_t k = b->off[v]; k < b->off[v + 1]; k++)
			if (st.pos[b->adj_v[k]] == b->n) {
				st.pos[b->adj_v[k]] = tail;
				st.order[tail++] = b->adj_v[k];
			}
	}
	st.best = best;
	st.best_cost = *best_cost;
	st.budget = budget;
	bnb(&st, 0, 0);
	*best_cost = st.best_cost;
	finished = !st.timed_out;
done:
	free(st.order);
	free(st.pos);
	free(st.s);
	free(st.c0);
	free(st.c1);
	return finished;
}

/* ---- GLPK integer program ---- */

typedef struct {
	const double *warm;          /* 1-based column values of the warm start */
	int warm_given;
	double bound;                /* best proven lower bound seen */
	int integral;
	int proven;                  /* incumbent proven optimal by rounding */
	co_budget *budget;           /* a simplex iteration costs the rows */
	double rows;
	double spent_before;         /* the budget's spent when intopt began */
} glpk_ctx;

static void glpk_callback(glp_tree *tree, void *info)
{
	glpk_ctx *ctx = info;
	glp_prob *lp = glp_ios_get_prob(tree);
	int reason = glp_ios_reason(tree);

	if (reason == GLP_IHEUR && !ctx->warm_given) {
		ctx->warm_given = 1;
		glp_ios_heur_sol(tree, ctx->warm);
	}
	int node = glp_ios_best_node(tree);
	int have = glp_mip_status(lp) == GLP_FEAS || glp_mip_status(lp) == GLP_OPT;
	double incumbent = have ? glp_mip_obj_val(lp) : INFINITY;
	if (node) {
		double bound = fmin(glp_ios_node_bound(tree, node), incumbent);
		if (bound > ctx->bound)
			ctx->bound = bound;
	}
	if (have && ctx->integral && ceil(ctx->bound - 1e-6) >= incumbent - 1e-6) {
		ctx->proven = 1;
		glp_ios_terminate(tree);
		return;
	}
	/* GLPK counts the simplex iterations of every node's LP in lp. */
	ctx->budget->spent = ctx->spent_before + (double)glp_get_it_cnt(lp) * ctx->rows;
	if (co_budget_over(ctx->budget, 1.0))
		glp_ios_terminate(tree);
}

/* The simplex iterations the budget still allows, at `rows` units each. */
static int iterations_left(const co_budget *budget, double rows)
{
	double left = co_budget_left(budget, 1.0) / (rows > 1 ? rows : 1);

	return left < 1 ? 1 : left > 2e9 ? 2000000000 : (int)left;
}

/* GLPK's own clock cap: the deadline's milliseconds, or none. */
static int deadline_ms(const co_budget *budget)
{
	double left = budget->deadline - co_budget_now();

	if (budget->deadline <= 0)
		return INT32_MAX;
	return left <= 0.001 ? 1 : left > 2e6 ? 2000000000 : (int)(left * 1000.0);
}

/* Solves block b with GLPK, warm-started from best[] (cost *best_cost).
 * Improves best[] / *best_cost if it finds better, raises *lower.  Returns
 * 1 if optimality was proven. */
static int solve_glpk(const block *b, int *best, double *best_cost, double *lower,
                      int integral, co_budget *budget, co_status *status)
{
	igraph_integer_t n = b->n, m = b->m;
	int ncols = (int)(n + m), ne = (int)(6 * m);
	int *ia = malloc(sizeof(int) * (size_t)(ne + 1));
	int *ja = malloc(sizeof(int) * (size_t)(ne + 1));
	double *ar = malloc(sizeof(double) * (size_t)(ne + 1));
	double *warm = malloc(sizeof(double) * (size_t)(ncols + 1));
	glp_prob *lp = NULL;
	glpk_ctx ctx = {0};
	int proven = 0, k = 0;

	if (!ia || !ja || !ar || !warm) {
		*status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	glp_term_out(GLP_OFF);
	lp = glp_create_prob();
	glp_set_obj_dir(lp, GLP_MIN);
	glp_add_cols(lp, ncols);
	glp_add_rows(lp, (int)(2 * m));
	/* Vertex 0's side is fixed: a split and its mirror cost the same. */
	int flip = best[0];
	for (igraph_integer_t v = 0; v < n; v++) {
		glp_set_col_kind(lp, (int)v + 1, GLP_BV);
		warm[v + 1] = best[v] ^ flip;
	}
	glp_set_col_bnds(lp, 1, GLP_FX, 0.0, 0.0);
	for (igraph_integer_t e = 0; e < m; e++) {
		int col = (int)(n + e) + 1, xu = (int)b->eu[e] + 1, xv = (int)b->ev[e] + 1;
		int r1 = (int)(2 * e) + 1, r2 = r1 + 1;
		/* f_e needs no integrality of its own: with integral x the
		 * minimum puts it at |x_u - x_v| (or its complement), and fewer
		 * integer columns mean less branching. */
		glp_set_col_bnds(lp, col, GLP_DB, 0.0, 1.0);
		glp_set_obj_coef(lp, col, fabs(b->w[e]));
		warm[col] = disagrees(b, best, e);
		if (b->w[e] > 0) {
			/* f >= x_u - x_v and f >= x_v - x_u */
			glp_set_row_bnds(lp, r1, GLP_LO, 0.0, 0.0);
			glp_set_row_bnds(lp, r2, GLP_LO, 0.0, 0.0);
			ia[++k] = r1; ja[k] = col; ar[k] = 1;
			ia[++k] = r1; ja[k] = xu; ar[k] = -1;
			ia[++k] = r1; ja[k] = xv; ar[k] = 1;
			ia[++k] = r2; ja[k] = col; ar[k] = 1;
			ia[++k] = r2; ja[k] = xu; ar[k] = 1;
			ia[++k] = r2; ja[k] = xv; ar[k] = -1;
		} else {
			/* f >= x_u + x_v - 1 and f >= 1 - x_u - x_v */
			glp_set_row_bnds(lp, r1, GLP_LO, -1.0, 0.0);
			glp_set_row_bnds(lp, r2, GLP_LO, 1.0, 0.0);
			ia[++k] = r1; ja[k] = col; ar[k] = 1;
			ia[++k] = r1; ja[k] = xu; ar[k] = -1;
			ia[++k] = r1; ja[k] = xv; ar[k] = -1;
			ia[++k] = r2; ja[k] = col; ar[k] = 1;
			ia[++k] = r2; ja[k] = xu; ar[k] = 1;
			ia[++k] = r2; ja[k] = xv; ar[k] = 1;
		}
	}
	glp_load_matrix(lp, ne, ia, ja, ar);

	glp_smcp smcp;
	glp_init_smcp(&smcp);
	smcp.msg_lev = GLP_MSG_OFF;
	smcp.it_lim = iterations_left(budget, (double)(2 * m));
	smcp.tm_lim = deadline_ms(budget);
	int solved = glp_simplex(lp, &smcp) == 0 && glp_get_status(lp) == GLP_OPT;
	co_budget_spend(budget, (double)glp_get_it_cnt(lp) * (double)(2 * m));
	if (!solved) {
		co_budget_over(budget, 1.0);  /* records which bound stopped it */
		goto done;  /* no bound from GLPK; the caller keeps its own */
	}

	glp_iocp iocp;
	glp_init_iocp(&iocp);
	iocp.msg_lev = GLP_MSG_OFF;
	iocp.tm_lim = deadline_ms(budget);
	iocp.mir_cuts = GLP_ON;
	iocp.cb_func = glpk_callback;
	iocp.cb_info = &ctx;
	ctx.warm = warm;
	ctx.integral = integral;
	ctx.bound = -INFINITY;
	ctx.budget = budget;
	ctx.rows = (double)(2 * m);
	ctx.spent_before = budget->spent - (double)glp_get_it_cnt(lp) * ctx.rows;
	int ret = glp_intopt(lp, &iocp);
	budget->spent = ctx.spent_before + (double)glp_get_it_cnt(lp) * ctx.rows;
	if (ret == GLP_ETMLIM)
		budget->clock_bound = 1;
	int mip = glp_mip_status(lp);
	if (mip == GLP_OPT || mip == GLP_FEAS) {
		double value = glp_mip_obj_val(lp);
		if (value < *best_cost - 1e-9) {
			for (igraph_integer_t v = 0; v < n; v++)
				best[v] = glp_mip_col_val(lp, (int)v + 1) > 0.5;
			*best_cost = block_cost(b, best);
		}
	}
	if ((ret == 0 && mip == GLP_OPT) || ctx.proven) {
		proven = 1;
		*lower = *best_cost;
	} else if (ctx.bound > *lower) {
		*lower = fmin(ctx.bound, *best_cost);
	}
done:
	if (lp)
		glp_delete_prob(lp);
	free(ia);
	free(ja);
	free(ar);
	free(warm);
	return proven;
}

/* ---- The whole graph ---- */

typedef struct {
	igraph_integer_t size, index;
} block_key;

static int block_key_cmp(const void *a, const void *b)
{
	const block_key *x = a, *y = b;

	if (x->size != y->size)
		return x->size < y->size ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

void co_frustration_free(co_frustration *f)
{
	if (!f)
		return;
	free(f->side);
	free(f->frustrated);
	f->side = NULL;
	f->frustrated = NULL;
}

/* Solves one block: sets frustrated flags of its reduced edges (by the
 * block's local edge -> reduced edge map) and adds to value/lower. */
static co_status solve_block(block *b, const int32_t *emap, char *rfrustrated,
                             double *lower, int integral, co_budget *budget,
                             int *exact, unsigned *used)
{
	scratch sc = {0};
	int *best = malloc(sizeof(int) * (size_t)(b->n + 1));
	co_status status = CO_OK;
	double ub, lb = 0;

	*exact = 0;
	if (!best || (status = scratch_init(&sc, b->n)) != CO_OK) {
		if (status == CO_OK)
			status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	/* A balanced block: one tree switching with no disagreeing edge. */
	tree_switching(b, &sc);
	memcpy(best, sc.s, sizeof(int) * (size_t)b->n);
	ub = block_cost(b, best);
	if (ub == 0) {
		*exact = 1;
		goto mark;
	}
	ub = local_search(b, &sc, best, budget, 0.3, b->n <= BNB_MAX_VERTICES ? 8 : 200);
	*used |= 4;
	scratch_free(&sc);  /* the bounds below have their own */
	memset(&sc, 0, sizeof(sc));
	if ((status = cycle_packing(&lb, b, best, budget, 0.5)) != CO_OK)
		goto done;
	if (integral)
		lb = ceil(lb - 1e-9);
	if (lb >= ub - 1e-9) {
		*exact = 1;
		goto mark;
	}
	if (b->n <= BNB_MAX_VERTICES) {
		*used |= 1;
		if (solve_bnb(b, best, &ub, budget, &status)) {
			*exact = 1;
			lb = ub;
		}
		if (status != CO_OK)
			goto done;
	} else if (b->m <= GLPK_MAX_EDGES && !co_budget_over(budget, 1.0)) {
		*used |= 2;
		if (solve_glpk(b, best, &ub, &lb, integral, budget, &status))
			*exact = 1;
		if (status != CO_OK)
			goto done;
		if (integral)
			lb = ceil(lb - 1e-9);
		if (lb >= ub - 1e-9)
			*exact = 1;
	}
mark:
	if (*exact)
		lb = block_cost(b, best);
	*lower += lb;
	for (igraph_integer_t e = 0; e < b->m; e++)
		rfrustrated[emap[e]] = (char)disagrees(b, best, e);
done:
	scratch_free(&sc);
	free(best);
	return status;
}

/* used: 1 branch and bound, 2 GLPK, 4 local search; 0 = every block was
 * balanced. */
static const char *method_name(unsigned used)
{
	switch (used) {
	case 0: return "balanced";
	case 1: case 5: return "branch-and-bound";
	case 2: case 6: return "integer-program";
	case 4: return "local-search";
	case 3: case 7: return "branch-and-bound+integer-program";
	default: return "local-search";
	}
}

/* The graph with parallel edges collapsed: one signed edge per pair of
 * orgs whose positive and negative totals differ, in (u, v) order. */
typedef struct {
	int32_t m;
	int32_t *u, *v;               /* u < v */
	double *w;                    /* positive total - negative total */
} collapsed;

static void collapsed_free(collapsed *c)
{
	free(c->u);
	free(c->v);
	free(c->w);
	memset(c, 0, sizeof(*c));
}

/* 1. Collapses parallel edges: a pair with positive total P and negative
 * total N pays min(P, N) whatever the split, and behaves as one edge of
 * cost |P - N| with the sign of P - N.  Adds the constant to *lower (pairs
 * in (lower end, higher end) order, each summed in tie order). */
static co_status collapse(collapsed *out, double *lower, const co_signed_graph *g)
{
	igraph_integer_t m = g->m, pairs = 0;
	int32_t *order = NULL, mr = 0;
	co_status status;

	memset(out, 0, sizeof(*out));
	if ((status = co_tensions_pair_order(&order, g, NULL, 0)) != CO_OK)
		return status;
#define LO(e) (g->from[e] < g->to[e] ? g->from[e] : g->to[e])
#define HI(e) (g->from[e] < g->to[e] ? g->to[e] : g->from[e])
	for (igraph_integer_t i = 0; i < m; i++)
		pairs += i == 0 || LO(order[i]) != LO(order[i - 1]) || HI(order[i]) != HI(order[i - 1]);
	out->u = malloc(sizeof(int32_t) * (size_t)(pairs + 1));
	out->v = malloc(sizeof(int32_t) * (size_t)(pairs + 1));
	out->w = malloc(sizeof(double) * (size_t)(pairs + 1));
	if (!out->u || !out->v || !out->w) {
		free(order);
		return co_error_set(CO_ENOMEM, "out of memory");
	}
	for (igraph_integer_t i = 0; i < m;) {
		igraph_integer_t j = i, lo = LO(order[i]), hi = HI(order[i]);
		double pos = 0, neg = 0;
		while (j < m && LO(order[j]) == lo && HI(order[j]) == hi) {
			int32_t e = order[j];
			if (g->sign[e] > 0)
				pos += g->cost[e];
			else
				neg += g->cost[e];
			j++;
		}
		if (lo == hi) {
			*lower += neg;  /* a negative loop always disagrees */
		} else {
			*lower += fmin(pos, neg);
			if (fabs(pos - neg) > 1e-12 * (pos + neg)) {
				out->u[mr] = (int32_t)lo;
				out->v[mr] = (int32_t)hi;
				out->w[mr] = pos - neg;
				mr++;
			}
		}
		i = j;
	}
#undef LO
#undef HI
	out->m = mr;
	free(order);
	return CO_OK;
}

/* Block indices by increasing size (ties by index): smallest solved first. */
static int32_t *block_order(const co_tensions_blocks *blocks)
{
	int32_t nblocks = blocks->n_blocks;
	int32_t *order = malloc(sizeof(int32_t) * ((size_t)nblocks + 1));
	block_key *tmp = malloc(sizeof(block_key) * ((size_t)nblocks + 1));

	if (!order || !tmp) {
		free(order);
		free(tmp);
		return NULL;
	}
	for (int32_t i = 0; i < nblocks; i++) {
		tmp[i].size = blocks->start[i + 1] - blocks->start[i];
		tmp[i].index = i;
	}
	qsort(tmp, (size_t)nblocks, sizeof(*tmp), block_key_cmp);
	for (int32_t i = 0; i < nblocks; i++)
		order[i] = (int32_t)tmp[i].index;
	free(tmp);
	return order;
}

/* Copies the block of edges ce[0..bm-1] of the collapsed graph into b with
 * local vertex ids (numbered in order of first appearance).  `local` (n
 * entries, all -1) is restored; `verts` needs room for the block's
 * vertices. */
static co_status block_load(block *b, const int32_t *ce, int32_t bm, const collapsed *c,
                            int32_t *local, int32_t *verts)
{
	b->m = bm;
	b->n = 0;
	b->eu = malloc(sizeof(bid) * (size_t)bm);
	b->ev = malloc(sizeof(bid) * (size_t)bm);
	b->w = malloc(sizeof(double) * (size_t)bm);
	if (!b->eu || !b->ev || !b->w)
		return co_error_set(CO_ENOMEM, "out of memory");
	for (int32_t k = 0; k < bm; k++) {
		int32_t e = ce[k];
		int32_t ends[2] = {c->u[e], c->v[e]};
		for (int t = 0; t < 2; t++)
			if (local[ends[t]] < 0) {
				local[ends[t]] = (int32_t)b->n;
				verts[b->n++] = ends[t];
			}
		b->eu[k] = local[c->u[e]];
		b->ev[k] = local[c->v[e]];
		b->w[k] = c->w[e];
	}
	for (igraph_integer_t k = 0; k < b->n; k++)
		local[verts[k]] = -1;
	return block_csr(b);
}

/* 4. Sides for the whole graph: with the chosen edges' signs flipped the
 * graph is balanced (every cycle lies in one block), so one search per
 * component, from its smallest vertex on side 0, assigns sides that
 * frustrate exactly those edges whatever order it visits edges in. */
static co_status sides_from(int *side, const collapsed *c, const char *rfrus,
                            igraph_integer_t n)
{
	int32_t *off = calloc((size_t)n + 2, sizeof(int32_t));
	int32_t *inc = malloc(sizeof(int32_t) * (2 * (size_t)c->m + 1));
	int32_t *queue = malloc(sizeof(int32_t) * (size_t)(n + 1));
	char *seen = calloc((size_t)n + 1, 1);
	co_status status = CO_OK;

	if (!off || !inc || !queue || !seen) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	for (int32_t e = 0; e < c->m; e++) {
		off[c->u[e] + 2]++;
		off[c->v[e] + 2]++;
	}
	for (igraph_integer_t v = 0; v < n; v++)
		off[v + 2] += off[v + 1];
	for (int32_t e = 0; e < c->m; e++) {
		inc[off[c->u[e] + 1]++] = e;
		inc[off[c->v[e] + 1]++] = e;
	}
	for (igraph_integer_t root = 0; root < n; root++) {
		int32_t head = 0, tail = 0;
		if (seen[root])
			continue;
		seen[root] = 1;
		side[root] = 0;
		queue[tail++] = (int32_t)root;
		while (head < tail) {
			int32_t v = queue[head++];
			for (int32_t k = off[v]; k < off[v + 1]; k++) {
				int32_t e = inc[k];
				int32_t u = c->u[e] == v ? c->v[e] : c->u[e];
				if (seen[u])
					continue;
				int agree_same = c->w[e] > 0;   /* positive: same side agrees */
				int same = rfrus[e] ? !agree_same : agree_same;
				side[u] = same ? side[v] : !side[v];
				seen[u] = 1;
				queue[tail++] = u;
			}
		}
	}
done:
	free(off);
	free(inc);
	free(queue);
	free(seen);
	return status;
}

co_status co_frustration_solve(co_frustration *out, const co_signed_graph *g,
                               const co_frustration_options *options)
{
	igraph_integer_t n = g->n, m = g->m;
	collapsed c = {0};
	co_tensions_blocks blocks = {0};
	char *rfrus = NULL;
	int32_t *local = NULL, *verts = NULL, *border = NULL;
	co_status status = CO_OK;
	co_budget budget;
	int integral = options ? options->integral_costs : 0;
	double lower = 0;
	unsigned used = 0;
	block b = {0};

	memset(out, 0, sizeof(*out));
	co_budget_init(&budget, options && options->work > 0 ? options->work : DEFAULT_WORK,
	               options ? options->time_limit : 0);
	if ((status = collapse(&c, &lower, g)) != CO_OK ||
	    (status = co_tensions_blocks_find(&blocks, (int32_t)n, c.m, c.u, c.v)) != CO_OK)
		goto done;
	rfrus = calloc((size_t)c.m + 1, 1);
	local = malloc(sizeof(int32_t) * (size_t)(n + 1));
	verts = malloc(sizeof(int32_t) * (size_t)(n + 1));
	if (!rfrus || !local || !verts || !(border = block_order(&blocks))) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}

	/* 3. Solve blocks smallest first; each gets a share of the work left
	 * in proportion to its edges (what a block leaves passes on). */
	double remaining_m = 0;
	for (int32_t i = 0; i < blocks.n_blocks; i++) {
		int32_t size = blocks.start[i + 1] - blocks.start[i];
		if (size >= 3)
			remaining_m += (double)size;
	}
	for (igraph_integer_t v = 0; v < n; v++)
		local[v] = -1;
	for (int32_t bi = 0; bi < blocks.n_blocks && status == CO_OK; bi++) {
		const int32_t *ce = blocks.edges + blocks.start[border[bi]];
		int32_t bm = blocks.start[border[bi] + 1] - blocks.start[border[bi]];
		if (bm < 3)
			continue;  /* a bridge (or a lone edge) always agrees */
		status = block_load(&b, ce, bm, &c, local, verts);
		/* The last block is the largest (a large view's giant block holds
		 * most pairs): the collapsed graph is rebuilt after it rather than
		 * kept beside its copy (17 MB at 1.1M ties). */
		if (bi == blocks.n_blocks - 1)
			collapsed_free(&c);
		if (status == CO_OK) {
			co_budget share = co_budget_share(&budget, (double)bm /
			                                  (remaining_m > 0 ? remaining_m : 1));
			int exact = 0;
			status = solve_block(&b, ce, rfrus, &lower, integral, &share, &exact, &used);
			co_budget_join(&budget, &share);
			out->blocks++;
			out->blocks_exact += exact;
		}
		remaining_m -= (double)bm;
		block_free(&b);
	}
	if (status != CO_OK)
		goto done;
	co_tensions_blocks_free(&blocks);
	double again = 0;
	out->side = calloc((size_t)n + 1, sizeof(int));
	out->frustrated = calloc((size_t)m + 1, sizeof(int));
	if (!out->side || !out->frustrated) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	if ((!c.u && (status = collapse(&c, &again, g)) != CO_OK) ||
	    (status = sides_from(out->side, &c, rfrus, n)) != CO_OK)
		goto done;

	/* 5. The value, counted on the original edges. */
	out->value = 0;
	for (igraph_integer_t e = 0; e < m; e++) {
		int same = out->side[g->from[e]] == out->side[g->to[e]];
		out->frustrated[e] = g->sign[e] > 0 ? !same : same;
		if (out->frustrated[e])
			out->value += g->cost[e];
	}
	out->lower_bound = fmin(lower, out->value);
	out->exact = out->blocks_exact == out->blocks;
	if (out->exact)
		out->lower_bound = out->value;
	out->method = method_name(used);
	out->work = budget.spent;
	out->time_limit_reached = budget.clock_bound;
done:
	co_tensions_blocks_free(&blocks);
	block_free(&b);
	collapsed_free(&c);
	free(rfrus);
	free(local);
	free(verts);
	free(border);
	return status;
}
