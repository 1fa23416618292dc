/*
 * render_layout_multilevel.c - a multilevel force layout (Walshaw, "A multilevel
 * algorithm for force-directed graph-drawing", JGAA 7(3), 2003) for views
 * above a few thousand orgs.
 *
 * Each connected component is laid out alone and the components are packed
 * (largest first, isolated orgs in a grid below).  A component is coarsened
 * level by level: its vertices are visited in a random order (from the
 * seed) and each unmatched one is matched with its unmatched partner of
 * least mass; vertices left over join the lightest group among their
 * partners' (so a hub's many one-tie partners collapse with it instead of
 * stalling the coarsening, as plain matching does on stars), and coarse
 * levels keep only their heaviest ties (prune()).  The coarsest level (at
 * most 60 vertices, or where a level shrinks by less than a fifth) is laid
 * out from random positions; each finer level starts from its parent's
 * position, children spread in a disc that grows with their number, and is
 * refined by a few rounds of Fruchterman-Reingold attraction and Walshaw's
 * mass-weighted repulsion, computed over a Barnes-Hut quadtree.  The number
 * of rounds per level follows its size (ROUND_WORK), so the whole costs a
 * few rounds of the finest graph.
 *
 * Why our own and not a library's: igraph 0.10 has no multilevel layout,
 * and Graphviz's sfdp (libgvc 2.42, overlap=true), measured side by side
 * with igraph's FR by tests/bench/layout_bench.c on one core, drew better
 * but was slower than FR, where the aim was 3x faster:
 *   gen_ecosystem.py 20000 (23k orgs, 111k ties): FR (grid, 500 rounds)
 *     1.87 s, stress 0.188, neighbourhood 0.001, crossings 0.042;
 *     sfdp 10.7 s, 0.187, 0.010, 0.030;
 *   synth --chapters 20000 (24k orgs, 105k ties): FR 3.0 s of CPU, 0.178,
 *     0.003, 0.037; sfdp 21.1 s of CPU, 0.168, 0.006, 0.024.
 * This layout, on the same graphs: 0.3-0.4 s of CPU, stress 0.190 / 0.172,
 * neighbourhood 0.005 / 0.009, crossings 0.032 / 0.023; at 1.1M ties
 * (gen_ecosystem.py 200000) about half of FR's CPU (50 rounds there) with
 * stress 0.206 against FR's 0.251 and crossings 0.041 against 0.142.
 * Current figures: tests/bench/RESULTS.md.
 *
 * Forces are computed for all vertices from the positions of the round
 * before (no vertex's update is seen by another in the same round), each
 * vertex summing its own terms in a fixed order: the result does not depend
 * on the number of threads.  The rounds of large levels run in two threads
 * over fixed halves of the vertices.
 */
#include "render_layout_multilevel.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define COARSEST 60          /* stop coarsening at this many vertices */
#define REPULSION 1.0        /* Walshaw's C (0.2 in his paper, with a cut-off) */
#define COOLING 0.85         /* temperature factor per round */
#define START_TEMP 3.0       /* a finer level's first moves, in natural lengths */
#define ROUND_WORK 1.2e7     /* rounds per level: this over (40 n + tie slots), */
#define MIN_ROUNDS 2         /* ... but at least this */
#define MAX_ROUNDS 12        /* ... and at most this */
#define COARSEST_ROUNDS 300
#define THREADS 2
#define PAD 2.0              /* natural lengths between packed components */

/* One level: a simple undirected graph in adjacency arrays (each tie in
 * both directions), the mass of each vertex (the orgs it stands for) and,
 * but at the coarsest, each vertex's group at the next coarser level. */
typedef struct {
	igraph_integer_t n;
	igraph_integer_t *start;  /* n + 1 */
	igraph_integer_t *to;     /* start[n] neighbours */
	double *w;                /* their tie weights */
	double *mass;
	igraph_integer_t *group;  /* NULL at the coarsest level */
	double *x, *y;
	double k;                 /* natural length */
} level;

typedef struct {
	uint64_t s;
} rng;

/* splitmix64: the stream depends only on the seed. */
static uint64_t rng_next(rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double rng_unit(rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

static void level_free(level *l)
{
	free(l->start);
	free(l->to);
	free(l->w);
	free(l->mass);
	free(l->group);
	free(l->x);
	free(l->y);
	memset(l, 0, sizeof(*l));
}

/* Allocates a level of n vertices with room for `slots` neighbours. */
static int level_alloc(level *l, igraph_integer_t n, igraph_integer_t slots)
{
	size_t nn = (size_t)n + 1, ss = (size_t)slots + 1;

	memset(l, 0, sizeof(*l));
	l->n = n;
	l->start = calloc(nn, sizeof(*l->start));
	l->to = malloc(ss * sizeof(*l->to));
	l->w = malloc(ss * sizeof(*l->w));
	l->mass = calloc(nn, sizeof(*l->mass));
	l->x = calloc(nn, sizeof(*l->x));
	l->y = calloc(nn, sizeof(*l->y));
	if (!l->start || !l->to || !l->w || !l->mass || !l->x || !l->y) {
		level_free(l);
		return -1;
	}
	return 0;
}

/*
 * Merges the neighbours of each vertex of l whose slots are filled in
 * start[v] .. end[v] (ties between the same two vertices summed), packing
 * the adjacency arrays.  mark[] (n entries, all -1) is left all -1.
 */
static void merge_slots(level *l, const igraph_integer_t *end, igraph_integer_t *mark)
{
	igraph_integer_t out = 0;

	for (igraph_integer_t v = 0; v < l->n; v++) {
		igraph_integer_t first = out, from = l->start[v], to = end[v];

		for (igraph_integer_t j = from; j < to; j++) {
			igraph_integer_t u = l->to[j];

			if (mark[u] >= first) {
				l->w[mark[u]] += l->w[j];
			} else {
				mark[u] = out;
				l->to[out] = u;
				l->w[out++] = l->w[j];
			}
		}
		for (igraph_integer_t j = first; j < out; j++)
			mark[l->to[j]] = -1;
		l->start[v] = first;
	}
	l->start[l->n] = out;
}

/* The finest level from the graph: loops dropped, ties merged, weights
 * divided by their mean (so an average tie pulls as FR's does). */
static int finest_level(level *l, const igraph_t *graph, const igraph_vector_t *weights)
{
	igraph_integer_t n = igraph_vcount(graph), m = igraph_ecount(graph);
	igraph_integer_t *fill = NULL, *mark = NULL;
	double total = 0;
	igraph_integer_t kept = 0;
	int rc = -1;

	if (level_alloc(l, n, 2 * m) < 0)
		return -1;
	fill = malloc(((size_t)n + 1) * sizeof(*fill));
	mark = malloc(((size_t)n + 1) * sizeof(*mark));
	if (!fill || !mark)
		goto done;
	for (igraph_integer_t e = 0; e < m; e++) {
		igraph_integer_t a = IGRAPH_FROM(graph, e), b = IGRAPH_TO(graph, e);

		if (a == b)
			continue;
		l->start[a + 1]++;
		l->start[b + 1]++;
		total += weights ? VECTOR(*weights)[e] : 1;
		kept++;
	}
	for (igraph_integer_t v = 0; v < n; v++)
		l->start[v + 1] += l->start[v];
	memcpy(fill, l->start, ((size_t)n + 1) * sizeof(*fill));
	for (igraph_integer_t e = 0; e < m; e++) {
		igraph_integer_t a = IGRAPH_FROM(graph, e), b = IGRAPH_TO(graph, e);
		double w = (weights ? VECTOR(*weights)[e] : 1) * (double)kept / (total > 0 ? total : 1);

		if (a == b)
			continue;
		l->to[fill[a]] = b;
		l->w[fill[a]++] = w;
		l->to[fill[b]] = a;
		l->w[fill[b]++] = w;
	}
	for (igraph_integer_t v = 0; v < n; v++) {
		mark[v] = -1;
		l->mass[v] = 1;
	}
	merge_slots(l, fill, mark);
	l->k = 1;
	rc = 0;
done:
	free(fill);
	free(mark);
	if (rc < 0)
		level_free(l);
	return rc;
}

/* Groups the vertices of `fine` (fine->group, allocated here) and returns
 * the number of groups, or -1 out of memory. */
static igraph_integer_t match(level *fine, rng *r)
{
	igraph_integer_t n = fine->n, groups = 0, lone = -1;
	igraph_integer_t *order = malloc(((size_t)n + 1) * sizeof(*order));
	double *gmass = malloc(((size_t)n + 1) * sizeof(*gmass));
	igraph_integer_t *g = malloc(((size_t)n + 1) * sizeof(*g));

	if (!order || !gmass || !g) {
		free(order);
		free(gmass);
		free(g);
		return -1;
	}
	for (igraph_integer_t v = 0; v < n; v++) {
		order[v] = v;
		g[v] = -1;
	}
	for (igraph_integer_t i = n - 1; i > 0; i--) {
		igraph_integer_t j = (igraph_integer_t)(rng_next(r) % (uint64_t)(i + 1)), t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	for (igraph_integer_t i = 0; i < n; i++) {
		igraph_integer_t v = order[i], best = -1;

		if (g[v] >= 0)
			continue;
		for (igraph_integer_t j = fine->start[v]; j < fine->start[v + 1]; j++) {
			igraph_integer_t u = fine->to[j];

			if (g[u] < 0 && (best < 0 || fine->mass[u] < fine->mass[best]))
				best = u;
		}
		if (best >= 0) {
			g[v] = g[best] = groups;
			gmass[groups++] = fine->mass[v] + fine->mass[best];
		}
	}
	for (igraph_integer_t i = 0; i < n; i++) {
		igraph_integer_t v = order[i], best = -1;

		if (g[v] >= 0)
			continue;
		for (igraph_integer_t j = fine->start[v]; j < fine->start[v + 1]; j++) {
			igraph_integer_t u = fine->to[j];

			if (g[u] >= 0 && (best < 0 || gmass[g[u]] < gmass[g[best]]))
				best = u;
		}
		if (best >= 0) {
			g[v] = g[best];
			gmass[g[v]] += fine->mass[v];
		} else if (lone >= 0 && fine->start[v] == fine->start[v + 1]) {
			g[v] = g[lone];          /* two isolated vertices */
			gmass[g[v]] += fine->mass[v];
			lone = -1;
		} else {
			g[v] = groups;
			gmass[groups++] = fine->mass[v];
			if (fine->start[v] == fine->start[v + 1])
				lone = v;
		}
	}
	free(order);
	free(gmass);
	fine->group = g;
	return groups;
}

/* The coarse level of `fine`'s groups: masses summed, ties between groups
 * merged.  0, or -1 out of memory. */
static int coarsen(level *coarse, const level *fine, igraph_integer_t groups)
{
	igraph_integer_t n = fine->n;
	igraph_integer_t *first = NULL, *members = NULL, *end = NULL, *mark = NULL;
	igraph_integer_t out = 0;
	int rc = -1;

	if (level_alloc(coarse, groups, fine->start[n]) < 0)
		return -1;
	first = calloc((size_t)groups + 2, sizeof(*first));
	members = malloc(((size_t)n + 1) * sizeof(*members));
	end = malloc(((size_t)groups + 1) * sizeof(*end));
	mark = malloc(((size_t)groups + 1) * sizeof(*mark));
	if (!first || !members || !end || !mark)
		goto done;
	for (igraph_integer_t v = 0; v < n; v++) {
		first[fine->group[v] + 1]++;
		coarse->mass[fine->group[v]] += fine->mass[v];
	}
	for (igraph_integer_t c = 0; c < groups; c++)
		first[c + 1] += first[c];
	for (igraph_integer_t v = 0; v < n; v++)
		members[first[fine->group[v]]++] = v;
	for (igraph_integer_t c = groups; c > 0; c--)
		first[c] = first[c - 1];
	first[0] = 0;
	for (igraph_integer_t c = 0; c < groups; c++) {
		mark[c] = -1;
		coarse->start[c] = out;
		for (igraph_integer_t i = first[c]; i < first[c + 1]; i++) {
			igraph_integer_t v = members[i];

			for (igraph_integer_t j = fine->start[v]; j < fine->start[v + 1]; j++) {
				igraph_integer_t b = fine->group[fine->to[j]];

				if (b == c)
					continue;
				coarse->to[out] = b;
				coarse->w[out++] = fine->w[j];
			}
		}
		end[c] = out;
	}
	merge_slots(coarse, end, mark);
	rc = 0;
done:
	free(first);
	free(members);
	free(end);
	free(mark);
	if (rc < 0)
		level_free(coarse);
	return rc;
}

/* The k-th smallest of a[0 .. n) (0-based; a is reordered): Hoare's
 * selection with the middle element as pivot. */
static double select_kth(double *a, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;

	while (lo < hi) {
		double pivot = a[lo + (hi - lo) / 2];
		size_t i = lo, j = hi;

		while (i <= j) {
			while (a[i] < pivot)
				i++;
			while (a[j] > pivot)
				j--;
			if (i <= j) {
				double t = a[i];

				a[i] = a[j];
				a[j] = t;
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return a[k];
	}
	return a[k];
}

/*
 * Keeps the heaviest ties of a coarse level: a tie stays if it is among
 * the KEEP_TIES heaviest of either of its vertices (so the level stays
 * symmetric, and every vertex keeps its strongest partners).  Coarse
 * levels of graphs with hubs, or of random graphs, grow dense: on
 * gen_ecosystem.py's 1.1M ties every level from 3000 vertices up had over
 * a million neighbour slots (400 a vertex), and pulling along them was
 * most of the layout's time; a coarse level only has to place groups
 * roughly, which their heaviest ties do.  (Keeping the heaviest ties of the
 * whole level instead cut groups off, and repulsion then drove the pieces
 * apart: stress 0.85.)  0, or -1 out of memory.
 */
#define KEEP_TIES 12
static int prune(level *l)
{
	igraph_integer_t n = l->n, out = 0;
	double *threshold = malloc(((size_t)n + 1) * sizeof(*threshold)), *w = NULL;
	size_t most = 0;

	if (!threshold)
		return -1;
	for (igraph_integer_t v = 0; v < n; v++)
		if ((size_t)(l->start[v + 1] - l->start[v]) > most)
			most = (size_t)(l->start[v + 1] - l->start[v]);
	if (most > KEEP_TIES && !(w = malloc(most * sizeof(*w)))) {
		free(threshold);
		return -1;
	}
	for (igraph_integer_t v = 0; v < n; v++) {
		size_t d = (size_t)(l->start[v + 1] - l->start[v]);

		threshold[v] = -INFINITY;
		if (d <= KEEP_TIES)
			continue;
		memcpy(w, l->w + l->start[v], d * sizeof(*w));
		threshold[v] = select_kth(w, d, d - KEEP_TIES);
	}
	for (igraph_integer_t v = 0; v < n; v++) {
		igraph_integer_t from = l->start[v];

		l->start[v] = out;
		for (igraph_integer_t j = from; j < l->start[v + 1]; j++)
			if (l->w[j] >= threshold[v] || l->w[j] >= threshold[l->to[j]]) {
				l->to[out] = l->to[j];
				l->w[out++] = l->w[j];
			}
	}
	l->start[n] = out;
	free(threshold);
	free(w);
	return 0;
}

/* ---- Barnes-Hut quadtree ----
 *
 * Nodes are stored in depth-first order, so a node's first child is the
 * next node and `skip` is the node after its subtree: the walk for one
 * org is a loop over an array (Barnes and Hut's opening test, side/d <
 * THETA).  The orgs' positions and masses are copied in the tree's order,
 * and the orgs are moved in that order too, so that orgs near each other
 * walk the same nodes one after the other.
 */

#define LEAF 8
#define MAX_DEPTH 24
#define THETA 1.0

typedef struct {
	double cx, cy, mass;
	double open2;             /* (side / THETA)^2: nearer than this, open it */
	int32_t skip, lo, hi;     /* the node after the subtree; its orgs */
	int32_t leaf;
} qnode;

typedef struct {
	qnode *node;
	size_t n_nodes, cap;
	igraph_integer_t *item, *tmp; /* orgs in tree order */
	double *px, *py, *pm;         /* their positions and masses */
} qtree;

static void qtree_free(qtree *t)
{
	free(t->node);
	free(t->item);
	free(t->tmp);
	free(t->px);
	free(t->py);
	free(t->pm);
	memset(t, 0, sizeof(*t));
}

/* Builds the subtree of item[lo .. hi) in the square centred at (mx, my)
 * of half side h; 0, or -1 out of memory. */
static int qtree_node(qtree *t, const level *l, igraph_integer_t lo, igraph_integer_t hi,
                      double mx, double my, double h, int depth)
{
	igraph_integer_t count[4] = {0}, at[5], fill[4];
	double mass = 0, sx = 0, sy = 0;
	size_t self;

	if (t->n_nodes == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 1024;
		qnode *grown = realloc(t->node, cap * sizeof(*grown));

		if (!grown)
			return -1;
		t->node = grown;
		t->cap = cap;
	}
	self = t->n_nodes++;
	for (igraph_integer_t i = lo; i < hi; i++) {
		igraph_integer_t v = t->item[i];

		mass += l->mass[v];
		sx += l->mass[v] * l->x[v];
		sy += l->mass[v] * l->y[v];
	}
	t->node[self] = (qnode){sx / mass, sy / mass, mass, 4 * h * h / (THETA * THETA),
	                        0, (int32_t)lo, (int32_t)hi, 1};
	if (hi - lo > LEAF && depth < MAX_DEPTH) {
		t->node[self].leaf = 0;
		for (igraph_integer_t i = lo; i < hi; i++) {
			igraph_integer_t v = t->item[i];

			count[(l->x[v] >= mx) + 2 * (l->y[v] >= my)]++;
		}
		at[0] = lo;
		for (int q = 0; q < 4; q++)
			at[q + 1] = at[q] + count[q];
		memcpy(fill, at, sizeof(fill));
		for (igraph_integer_t i = lo; i < hi; i++) {
			igraph_integer_t v = t->item[i];

			t->tmp[fill[(l->x[v] >= mx) + 2 * (l->y[v] >= my)]++] = v;
		}
		memcpy(t->item + lo, t->tmp + lo, sizeof(igraph_integer_t) * (size_t)(hi - lo));
		for (int q = 0; q < 4; q++)
			if (at[q + 1] > at[q] &&
			    qtree_node(t, l, at[q], at[q + 1], mx + (q & 1 ? h : -h) / 2,
			               my + (q & 2 ? h : -h) / 2, h / 2, depth + 1) < 0)
				return -1;
	}
	t->node[self].skip = (int32_t)t->n_nodes;
	return 0;
}

static int qtree_build(qtree *t, const level *l)
{
	double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
	size_t n = (size_t)l->n + 1;

	t->n_nodes = 0;
	if (!t->item && (!(t->item = malloc(n * sizeof(*t->item))) ||
	                 !(t->tmp = malloc(n * sizeof(*t->tmp))) ||
	                 !(t->px = malloc(n * sizeof(double))) ||
	                 !(t->py = malloc(n * sizeof(double))) ||
	                 !(t->pm = malloc(n * sizeof(double)))))
		return -1;
	for (igraph_integer_t v = 0; v < l->n; v++) {
		t->item[v] = v;
		x0 = fmin(x0, l->x[v]);
		x1 = fmax(x1, l->x[v]);
		y0 = fmin(y0, l->y[v]);
		y1 = fmax(y1, l->y[v]);
	}
	if (qtree_node(t, l, 0, l->n, (x0 + x1) / 2, (y0 + y1) / 2,
	               fmax(x1 - x0, y1 - y0) / 2 * 1.0001 + 1e-9, 0) < 0)
		return -1;
	for (igraph_integer_t i = 0; i < l->n; i++) {
		t->px[i] = l->x[t->item[i]];
		t->py[i] = l->y[t->item[i]];
		t->pm[i] = l->mass[t->item[i]];
	}
	return 0;
}

/* The repulsion C m k^2 / d of every other org on the org at tree
 * position `self` (at x, y), far groups through their node. */
static void repel(const qtree *t, igraph_integer_t self, double x, double y, double k2,
                  double *fx, double *fy)
{
	const qnode *node = t->node;
	size_t i = 0, n = t->n_nodes;
	double c = REPULSION * k2, sx = 0, sy = 0;

	while (i < n) {
		const qnode *q = &node[i];
		double dx = x - q->cx, dy = y - q->cy, d2 = dx * dx + dy * dy;

		if (d2 > q->open2) {
			double f = c * q->mass / d2;

			sx += dx * f;
			sy += dy * f;
			i = (size_t)q->skip;
			continue;
		}
		if (!q->leaf) {
			i++;
			continue;
		}
		for (int32_t j = q->lo; j < q->hi; j++) {
			double ex, ey, e2, f;

			if (j == self)
				continue;
			ex = x - t->px[j];
			ey = y - t->py[j];
			e2 = ex * ex + ey * ey;
			if (e2 < 1e-18 * k2) {
				/* the same point: push apart by position in the tree */
				ex = (self < j ? -1e-3 : 1e-3) * sqrt(k2);
				ey = (double)((self ^ j) & 1) * 1e-3 * sqrt(k2);
				e2 = ex * ex + ey * ey;
			}
			f = c * t->pm[j] / e2;
			sx += ex * f;
			sy += ey * f;
		}
		i = (size_t)q->skip;
	}
	*fx += sx;
	*fy += sy;
}

/* ---- force rounds ---- */

typedef struct {
	const level *l;
	const qtree *t;
	double *nx, *ny;          /* the new positions */
	double temp;
	igraph_integer_t from, to; /* this part's orgs, in tree order */
} round_part;

/* The new position of each org of the part: Walshaw's repulsion, FR's
 * attraction d^2/k per tie (times its weight), the move capped at the
 * temperature. */
static void *force_part(void *arg)
{
	round_part *p = arg;
	const level *l = p->l;
	const qtree *t = p->t;
	double k2 = l->k * l->k;

	for (igraph_integer_t i = p->from; i < p->to; i++) {
		igraph_integer_t v = t->item[i];
		double fx = 0, fy = 0, len, x = l->x[v], y = l->y[v];

		repel(t, i, x, y, k2, &fx, &fy);
		for (igraph_integer_t j = l->start[v]; j < l->start[v + 1]; j++) {
			igraph_integer_t u = l->to[j];
			double dx = l->x[u] - x, dy = l->y[u] - y;
			double f = l->w[j] * sqrt(dx * dx + dy * dy) / l->k;

			fx += dx * f;
			fy += dy * f;
		}
		len = sqrt(fx * fx + fy * fy);
		if (len > p->temp) {
			fx *= p->temp / len;
			fy *= p->temp / len;
		}
		p->nx[v] = x + fx;
		p->ny[v] = y + fy;
	}
	return NULL;
}

/* One round over all orgs, in THREADS fixed parts run in threads where
 * the level is large enough to gain from them; 0, or -1 out of memory. */
static int force_round(level *l, qtree *tree, double *nx, double *ny, double temp)
{
	round_part parts[THREADS];
	pthread_t thread[THREADS];
	int started[THREADS] = {0};

	if (qtree_build(tree, l) < 0)
		return -1;
	for (int t = 0; t < THREADS; t++)
		parts[t] = (round_part){l, tree, nx, ny, temp,
		                        l->n * t / THREADS, l->n * (t + 1) / THREADS};
	for (int t = 1; t < THREADS; t++)
		started[t] = l->n > 20000 &&
		             pthread_create(&thread[t], NULL, force_part, &parts[t]) == 0;
	force_part(&parts[0]);
	for (int t = 1; t < THREADS; t++) {
		if (started[t])
			pthread_join(thread[t], NULL);
		else
			force_part(&parts[t]);
	}
	memcpy(l->x, nx, sizeof(double) * (size_t)l->n);
	memcpy(l->y, ny, sizeof(double) * (size_t)l->n);
	return 0;
}

/* Refines level l by force rounds: the coarsest from a hot start, finer
 * levels (started from their parents) cooler; the number of rounds
 * follows the level's size. */
static int refine(level *l, int coarsest)
{
	qtree tree;
	double *nx = malloc(((size_t)l->n + 1) * sizeof(double));
	double *ny = malloc(((size_t)l->n + 1) * sizeof(double));
	double temp = coarsest ? l->k * sqrt((double)l->n) : l->k * START_TEMP;
	double per_round = (double)l->n * 40 + (double)l->start[l->n];
	int rounds = coarsest ? COARSEST_ROUNDS : (int)(ROUND_WORK / per_round);
	int rc = 0;

	memset(&tree, 0, sizeof(tree));
	if (!coarsest && rounds < MIN_ROUNDS)
		rounds = MIN_ROUNDS;
	if (!coarsest && rounds > MAX_ROUNDS)
		rounds = MAX_ROUNDS;
	if (!nx || !ny)
		rc = -1;
	for (int r = 0; rc == 0 && r < rounds; r++) {
		if (force_round(l, &tree, nx, ny, temp) < 0)
			rc = -1;
		temp *= COOLING;
	}
	qtree_free(&tree);
	free(nx);
	free(ny);
	return rc;
}

/* Places the vertices of `fine` around their groups' positions in
 * `coarse`: a group of c children spreads them in a disc of radius
 * k sqrt(c) / 2 (k the fine level's length). */
static int prolong(level *fine, const level *coarse, rng *r)
{
	igraph_integer_t *count = calloc((size_t)coarse->n + 1, sizeof(*count));

	if (!count)
		return -1;
	for (igraph_integer_t v = 0; v < fine->n; v++)
		count[fine->group[v]]++;
	for (igraph_integer_t v = 0; v < fine->n; v++) {
		igraph_integer_t c = fine->group[v];
		double radius = fine->k * (count[c] > 1 ? 0.5 * sqrt((double)count[c]) : 0.0);
		double a = 2 * 3.14159265358979323846 * rng_unit(r), d = radius * sqrt(rng_unit(r));

		fine->x[v] = coarse->x[c] + d * cos(a);
		fine->y[v] = coarse->y[c] + d * sin(a);
	}
	free(count);
	return 0;
}

/* Lays out the connected graph of levels[0] (k = 1) into its x, y:
 * coarsens it, lays out the coarsest level from random positions and
 * refines every level from its parent's.  Frees the coarser levels.
 * 0, or -1 out of memory. */
static int lay_out(level *levels, int cap, rng *r)
{
	int n_levels = 1, rc = -1;

	while (n_levels < cap && levels[n_levels - 1].n > COARSEST) {
		level *fine = &levels[n_levels - 1];
		igraph_integer_t groups = match(fine, r);

		if (groups < 0)
			goto done;
		if ((double)groups > 0.8 * (double)fine->n) {
			free(fine->group);
			fine->group = NULL;
			break;
		}
		if (coarsen(&levels[n_levels], fine, groups) < 0)
			goto done;
		n_levels++;
		if (prune(&levels[n_levels - 1]) < 0)
			goto done;
		levels[n_levels - 1].k = fine->k * 0.94 * sqrt((double)fine->n / (double)groups);
	}
	{
		level *top = &levels[n_levels - 1];
		double side = top->k * sqrt((double)top->n);

		for (igraph_integer_t v = 0; v < top->n; v++) {
			top->x[v] = side * rng_unit(r);
			top->y[v] = side * rng_unit(r);
		}
		if (refine(top, 1) < 0)
			goto done;
	}
	for (int i = n_levels - 2; i >= 0; i--)
		if (prolong(&levels[i], &levels[i + 1], r) < 0 || refine(&levels[i], 0) < 0)
			goto done;
	rc = 0;
done:
	for (int i = 1; i < n_levels; i++)
		level_free(&levels[i]);
	free(levels[0].group);
	levels[0].group = NULL;
	return rc;
}

/* The connected components of l: comp[v], numbered in order of their
 * first vertex; returns their number. */
static igraph_integer_t components(const level *l, igraph_integer_t *comp,
                                   igraph_integer_t *queue)
{
	igraph_integer_t count = 0;

	for (igraph_integer_t v = 0; v < l->n; v++)
		comp[v] = -1;
	for (igraph_integer_t v = 0; v < l->n; v++) {
		igraph_integer_t head = 0, tail = 0;

		if (comp[v] >= 0)
			continue;
		comp[v] = count;
		queue[tail++] = v;
		while (head < tail) {
			igraph_integer_t x = queue[head++];

			for (igraph_integer_t j = l->start[x]; j < l->start[x + 1]; j++)
				if (comp[l->to[j]] < 0) {
					comp[l->to[j]] = count;
					queue[tail++] = l->to[j];
				}
		}
		count++;
	}
	return count;
}

/* The component's vertices members[0 .. size) of `all` as a level of
 * their own (local[] maps a vertex of `all` to its place in members). */
static int extract(level *sub, const level *all, const igraph_integer_t *members,
                   igraph_integer_t size, const igraph_integer_t *local)
{
	igraph_integer_t slots = 0, out = 0;

	for (igraph_integer_t i = 0; i < size; i++)
		slots += all->start[members[i] + 1] - all->start[members[i]];
	if (level_alloc(sub, size, slots) < 0)
		return -1;
	for (igraph_integer_t i = 0; i < size; i++) {
		igraph_integer_t v = members[i];

		sub->start[i] = out;
		sub->mass[i] = 1;
		for (igraph_integer_t j = all->start[v]; j < all->start[v + 1]; j++) {
			sub->to[out] = local[all->to[j]];
			sub->w[out++] = all->w[j];
		}
	}
	sub->start[size] = out;
	sub->k = 1;
	return 0;
}

/* Box of a placed component, for packing. */
typedef struct {
	igraph_integer_t comp, size, first; /* first: its place in `members` */
	double x0, y0, x1, y1;
} box;

static int compare_boxes(const void *a, const void *b)
{
	const box *p = a, *q = b;

	if (p->size != q->size)
		return p->size > q->size ? -1 : 1;
	return (p->comp > q->comp) - (p->comp < q->comp);
}

/*
 * Packs the components' boxes: the largest alone on the first row, then
 * the others, largest first, in rows no wider than the widest box or the
 * side of a square holding them all, PAD natural lengths apart (isolated
 * orgs end up in a grid below); writes the shifted positions into xy.  Each component is laid out
 * alone: with repulsion between them, small components drifted off and
 * the main one shrank to a dot (seen on a synth map of 24k orgs, whose
 * union federations are components of their own).
 */
static void pack(igraph_matrix_t *xy, box *boxes, igraph_integer_t n_boxes,
                 const igraph_integer_t *members, const double *x, const double *y)
{
	double area = 0, width = 0, cx = 0, cy = 0, row = 0;

	qsort(boxes, (size_t)n_boxes, sizeof(*boxes), compare_boxes);
	for (igraph_integer_t b = 0; b < n_boxes; b++) {
		area += (boxes[b].x1 - boxes[b].x0 + PAD) * (boxes[b].y1 - boxes[b].y0 + PAD);
		width = fmax(width, boxes[b].x1 - boxes[b].x0 + PAD);
	}
	width = fmax(width, sqrt(area));
	for (igraph_integer_t b = 0; b < n_boxes; b++) {
		const box *p = &boxes[b];
		double w = p->x1 - p->x0 + PAD, h = p->y1 - p->y0 + PAD;

		if (b == 1 || (cx > 0 && cx + w > width)) {
			cx = 0;
			cy += row;
			row = 0;
		}
		for (igraph_integer_t i = p->first; i < p->first + p->size; i++) {
			MATRIX(*xy, members[i], 0) = x[i] - p->x0 + cx;
			MATRIX(*xy, members[i], 1) = y[i] - p->y0 + cy;
		}
		cx += w;
		row = fmax(row, h);
	}
}

co_status co_multilevel_layout(igraph_matrix_t *xy, const igraph_t *graph,
                               const igraph_vector_t *weights, unsigned long seed)
{
	level all, *levels = NULL;
	igraph_integer_t n = igraph_vcount(graph), n_comps, *comp = NULL, *members = NULL;
	igraph_integer_t *local = NULL;
	double *x = NULL, *y = NULL;
	box *boxes = NULL;
	int cap = 64, rc = -1;
	rng r = {(uint64_t)seed * 0x9e3779b97f4a7c15ULL + 0x2545f4914f6cdd1dULL};

	memset(&all, 0, sizeof(all));
	if (n == 0)
		return CO_OK;
	if (finest_level(&all, graph, weights) < 0)
		goto done;
	comp = malloc((size_t)n * sizeof(*comp));
	members = malloc((size_t)n * sizeof(*members));
	local = malloc((size_t)n * sizeof(*local));
	x = malloc((size_t)n * sizeof(*x));
	y = malloc((size_t)n * sizeof(*y));
	levels = calloc((size_t)cap, sizeof(*levels));
	if (!comp || !members || !local || !x || !y || !levels)
		goto done;
	n_comps = components(&all, comp, members);
	if (!(boxes = calloc((size_t)n_comps, sizeof(*boxes))))
		goto done;
	/* members grouped by component, each in vertex order */
	for (igraph_integer_t v = 0; v < n; v++)
		boxes[comp[v]].size++;
	for (igraph_integer_t c = 0, at = 0; c < n_comps; c++) {
		boxes[c].comp = c;
		boxes[c].first = at;
		at += boxes[c].size;
		boxes[c].size = 0;
	}
	for (igraph_integer_t v = 0; v < n; v++) {
		box *b = &boxes[comp[v]];

		local[v] = b->size;
		members[b->first + b->size++] = v;
	}
	for (igraph_integer_t c = 0; c < n_comps; c++) {
		box *b = &boxes[c];

		if (b->size == 1) {
			x[b->first] = y[b->first] = 0;
		} else {
			if (extract(&levels[0], &all, members + b->first, b->size, local) < 0)
				goto done;
			if (lay_out(levels, cap, &r) < 0) {
				level_free(&levels[0]);
				goto done;
			}
			memcpy(x + b->first, levels[0].x, (size_t)b->size * sizeof(*x));
			memcpy(y + b->first, levels[0].y, (size_t)b->size * sizeof(*y));
			level_free(&levels[0]);
		}
		b->x0 = b->y0 = INFINITY;
		b->x1 = b->y1 = -INFINITY;
		for (igraph_integer_t i = b->first; i < b->first + b->size; i++) {
			b->x0 = fmin(b->x0, x[i]);
			b->x1 = fmax(b->x1, x[i]);
			b->y0 = fmin(b->y0, y[i]);
			b->y1 = fmax(b->y1, y[i]);
		}
	}
	pack(xy, boxes, n_comps, members, x, y);
	rc = 0;
done:
	level_free(&all);
	free(levels);
	free(comp);
	free(members);
	free(local);
	free(x);
	free(y);
	free(boxes);
	return rc == 0 ? CO_OK : co_error_set(CO_ENOMEM, "out of memory laying out the view");
}
