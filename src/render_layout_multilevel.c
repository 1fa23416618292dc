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
 * few rounds of the finest graph; on graphs whose finest level is larger
 * than LARGE_WORK the budget of every level shrinks in proportion (as
 * igraph's FR drops from 500 to 50 rounds above 50000 orgs), down to one
 * round of each large level, and levels above LARGE_LEVEL vertices open
 * fewer quadtree nodes (their far field is the coarser levels' work).
 *
 * Why our own and not a library's: igraph 0.10 has no multilevel layout,
 * and Graphviz's sfdp (libgvc 2.42, overlap=true), measured side by side
 * with igraph's FR by tests/bench/layout_bench.c on one core, drew better
 * but was slower than FR, where the aim was 3x faster:
 *   gen_ecosystem.py 20000 (23k orgs, 111k ties): FR (grid, 500 rounds)
 *     2.5 s of CPU, stress 0.188, neighbourhood 0.001, crossings 0.042;
 *     sfdp 15.5 s of CPU, 0.187, 0.010, 0.030;
 *   synth --chapters 20000 (24k orgs, 105k ties): FR 2.7 s of CPU, 0.178,
 *     0.003, 0.037; sfdp 27 s of CPU, 0.168, 0.006, 0.024.
 * This layout against FR (layout_bench, CPU seconds, medians of 3 runs
 * interleaved with FR's on a loaded two-core machine; stress,
 * neighbourhood, crossings):
 *   synth 20000 (105k ties): 0.29 s against 2.71 s (0.11x); 0.173, 0.012,
 *     0.024 against 0.178, 0.003, 0.037;
 *   gen_ecosystem.py 20000 (111k ties): 0.32 s against 2.33 s (0.14x);
 *     0.190, 0.007, 0.032 against 0.188, 0.001, 0.042;
 *   synth 200000 (1.1M ties; FR 50 rounds): 0.67 s against 3.83 s (0.18x);
 *     0.216, 0.011, 0.029 against 0.293, 0.0003, 0.132;
 *   gen_ecosystem.py 200000 (1.1M ties): 0.70 s against 3.09 s (0.23x;
 *     FR's fastest of the three runs, 2.25 s, gives 0.31x); 0.226, 0.012,
 *     0.084 against 0.251, 0.0005, 0.142.
 * Current figures: tests/bench/RESULTS.md.
 *
 * Where the time went at 1.1M ties (perf, and CPU clocks around each step,
 * before this layout's memory was reorganized): 2.0 s of CPU, of which
 * 0.35 s copying the graph twice (adjacency arrays, then each component's
 * own), 0.6 s coarsening, 1.1 s of force rounds (two of the finest level
 * cost 0.5-0.7 s, memory-bound: each org's ties, position and neighbours'
 * positions fetched in the quadtree's order, far apart in memory) and some
 * 0.3-0.5 s faulting in fresh memory (the same layout run again in one
 * process, reusing freed memory, took 0.65 s against 0.93 s).  Hence:
 * neighbours as 32-bit numbers with float weights (8 bytes a slot, not 16),
 * positions as x, y pairs (one cache line per neighbour), the components
 * split in one pass over the ties into one set of arrays that each
 * component's finest level borrows (union-find; no BFS, no copy), groups
 * numbered in the order of their first member (coarse levels keep the
 * finer one's memory order), large arrays in huge pages (big_alloc), and
 * fewer rounds on the large levels, as above.
 *
 * Forces are computed for all vertices from the positions of the round
 * before (no vertex's update is seen by another in the same round), each
 * vertex summing its own terms in a fixed order: the result does not depend
 * on the number of threads.  On large levels each half of a round (the
 * repulsion, then the attraction and the move) runs in two threads over
 * fixed halves of the vertices.
 */
#include "render_layout_multilevel.h"

#include "hugepages.h"

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
#define LARGE_WORK 1.5e6     /* ... times this over the finest's, if it is more, */
#define MIN_ROUNDS 1         /* ... but at least this */
#define MAX_ROUNDS 12        /* ... and at most this */
#define COARSEST_ROUNDS 300
#define THREADS 2
#define PAD 2.0              /* natural lengths between packed components */

/* One level: a simple undirected graph in adjacency arrays (each tie in
 * both directions), the mass of each vertex (the orgs it stands for) and,
 * but at the coarsest, each vertex's group at the next coarser level. */
typedef struct {
	igraph_integer_t n;
	igraph_integer_t *start;  /* n + 1: v's neighbours are to[start[v] .. start[v + 1]) */
	int32_t *to;
	float *w;                 /* their tie weights */
	double *mass;
	int32_t *group;           /* NULL at the coarsest level */
	double *xy;               /* x of v at 2 v, y at 2 v + 1 */
	double k;                 /* natural length */
	int borrowed;             /* start, to and w belong to the caller */
} level;

/* The neighbour slots of l (its start[] may begin anywhere in to[]). */
static igraph_integer_t slots_of(const level *l)
{
	return l->start[l->n] - l->start[0];
}

typedef struct {
	uint64_t s;
} rng;

/*
 * malloc, but an array of a megabyte or more is asked for in 2 MB pages
 * where Linux offers them (transparent huge pages on request): the layout
 * writes some 100 MB of fresh arrays at 1.1M ties, and faulting them in
 * 4 kB pages cost 0.2-0.3 s of CPU there (run alternately with and
 * without the advice: 0.78-1.04 s against 1.24-1.29 s).  Freed with free().
 */
#define BIG (1 << 20)
static void *big_alloc(size_t bytes)
{
	return bytes >= BIG ? co_hugepages_alloc(bytes) : malloc(bytes);
}

static void *big_zalloc(size_t bytes)
{
	void *p = big_alloc(bytes);

	if (p)
		memset(p, 0, bytes);
	return p;
}

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
	if (!l->borrowed) {
		free(l->start);
		free(l->to);
		free(l->w);
	}
	free(l->mass);
	free(l->group);
	free(l->xy);
	memset(l, 0, sizeof(*l));
}

/* Allocates a level of n vertices with room for `slots` neighbours. */
static int level_alloc(level *l, igraph_integer_t n, igraph_integer_t slots)
{
	size_t nn = (size_t)n + 1, ss = (size_t)slots + 1;

	memset(l, 0, sizeof(*l));
	l->n = n;
	l->start = big_zalloc(nn * sizeof(*l->start));
	l->to = big_alloc(ss * sizeof(*l->to));
	l->w = big_alloc(ss * sizeof(*l->w));
	l->mass = big_zalloc(nn * sizeof(*l->mass));
	l->xy = big_alloc(2 * nn * sizeof(*l->xy));
	if (!l->start || !l->to || !l->w || !l->mass || !l->xy) {
		level_free(l);
		return -1;
	}
	return 0;
}

/* A level of n vertices of mass 1 whose ties are the caller's start[0 ..
 * n], to[] and w[] (kept); 0, or -1 out of memory. */
static int level_borrow(level *l, igraph_integer_t n, igraph_integer_t *start, int32_t *to,
                        float *w)
{
	memset(l, 0, sizeof(*l));
	l->n = n;
	l->start = start;
	l->to = to;
	l->w = w;
	l->borrowed = 1;
	l->k = 1;
	l->mass = big_alloc(((size_t)n + 1) * sizeof(*l->mass));
	l->xy = big_alloc(2 * ((size_t)n + 1) * sizeof(*l->xy));
	if (!l->mass || !l->xy) {
		level_free(l);
		return -1;
	}
	for (igraph_integer_t v = 0; v < n; v++)
		l->mass[v] = 1;
	return 0;
}

/*
 * Merges the neighbours of each vertex of l whose slots are filled in
 * start[v] .. end[v] (ties between the same two vertices summed), packing
 * the adjacency arrays.  mark[] (n entries, all -1) is left all -1.
 */
static void merge_slots(level *l, const igraph_integer_t *end, igraph_integer_t *mark)
{
	igraph_integer_t out = l->start[0];

	for (igraph_integer_t v = 0; v < l->n; v++) {
		igraph_integer_t first = out, from = l->start[v], to = end[v];

		for (igraph_integer_t j = from; j < to; j++) {
			int32_t u = l->to[j];

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

/*
 * The graph split into its connected components, all in one set of
 * adjacency arrays: the vertices are numbered component by component
 * (components in the order of their first vertex, each one's vertices in
 * vertex order), component c holding places first[c] .. first[c + 1), and
 * a neighbour is named by its place within its component, so that each
 * component's slice of start[] is a finest level as it stands (no copy).
 */
typedef struct {
	igraph_integer_t n, n_comps;
	igraph_integer_t *first;  /* n_comps + 1 */
	int32_t *vertex;          /* place -> vertex of the graph */
	igraph_integer_t *start;  /* n + 1, by place */
	int32_t *to;
	float *w;
} pieces;

static void pieces_free(pieces *p)
{
	free(p->first);
	free(p->vertex);
	free(p->start);
	free(p->to);
	free(p->w);
	memset(p, 0, sizeof(*p));
}

static int32_t root_of(int32_t *parent, int32_t v)
{
	while (parent[v] != v) {
		parent[v] = parent[parent[v]];
		v = parent[v];
	}
	return v;
}

/* comp[v] for every vertex (union-find over the ties, each component's
 * root its least vertex, so they are numbered in order of their first
 * vertex); returns the number of components. */
static igraph_integer_t label_components(int32_t *comp, const co_layout_edges *graph)
{
	igraph_integer_t n = graph->n, m = graph->m, count = 0;

	for (igraph_integer_t v = 0; v < n; v++)
		comp[v] = (int32_t)v;
	for (igraph_integer_t e = 0; e < m; e++) {
		int32_t a = root_of(comp, (int32_t)co_layout_edge_from(graph, e));
		int32_t b = root_of(comp, (int32_t)co_layout_edge_to(graph, e));

		if (a < b)
			comp[b] = a;
		else if (b < a)
			comp[a] = b;
	}
	for (igraph_integer_t v = 0; v < n; v++)
		comp[v] = root_of(comp, (int32_t)v);
	/* each root comes before its other vertices: its number is set first */
	for (igraph_integer_t v = 0; v < n; v++)
		comp[v] = comp[v] == v ? (int32_t)count++ : comp[comp[v]];
	return count;
}

/* Fills p->start, to and w from the graph's ties (loops dropped, ties
 * between the same two orgs merged, weights divided by their mean so that
 * an average tie pulls as FR's does); place[v] is v's place. */
static int fill_ties(pieces *p, const co_layout_edges *graph, const igraph_vector_t *weights,
                     const int32_t *place, const int32_t *comp)
{
	igraph_integer_t n = p->n, m = graph->m, kept = 0;
	igraph_integer_t *fill = big_alloc(((size_t)n + 1) * sizeof(*fill));
	igraph_integer_t *mark = big_alloc(((size_t)n + 1) * sizeof(*mark));
	double total = 0, scale;
	level all;
	int rc = -1;

	if (!fill || !mark)
		goto done;
	for (igraph_integer_t e = 0; e < m; e++) {
		igraph_integer_t a = co_layout_edge_from(graph, e), b = co_layout_edge_to(graph, e);

		if (a == b)
			continue;
		p->start[place[a] + 1]++;
		p->start[place[b] + 1]++;
		total += weights ? VECTOR(*weights)[e] : 1;
		kept++;
	}
	scale = (double)kept / (total > 0 ? total : 1);
	for (igraph_integer_t v = 0; v < n; v++)
		p->start[v + 1] += p->start[v];
	if (!(p->to = big_alloc(((size_t)p->start[n] + 1) * sizeof(*p->to))) ||
	    !(p->w = big_alloc(((size_t)p->start[n] + 1) * sizeof(*p->w))))
		goto done;
	memcpy(fill, p->start, ((size_t)n + 1) * sizeof(*fill));
	for (igraph_integer_t e = 0; e < m; e++) {
		igraph_integer_t a = co_layout_edge_from(graph, e), b = co_layout_edge_to(graph, e);
		float w = (float)((weights ? VECTOR(*weights)[e] : 1) * scale);
		int32_t pa = place[a], pb = place[b];

		if (a == b)
			continue;
		p->to[fill[pa]] = pb - (int32_t)p->first[comp[a]];
		p->w[fill[pa]++] = w;
		p->to[fill[pb]] = pa - (int32_t)p->first[comp[a]];
		p->w[fill[pb]++] = w;
	}
	for (igraph_integer_t v = 0; v < n; v++)
		mark[v] = -1;
	all = (level){.n = n, .start = p->start, .to = p->to, .w = p->w};
	merge_slots(&all, fill, mark);
	rc = 0;
done:
	free(fill);
	free(mark);
	return rc;
}

/* The graph's components in p; 0, or -1 out of memory. */
static int split_components(pieces *p, const co_layout_edges *graph,
                            const igraph_vector_t *weights)
{
	igraph_integer_t n = graph->n;
	int32_t *comp = big_alloc(((size_t)n + 1) * sizeof(*comp));
	int32_t *place = big_alloc(((size_t)n + 1) * sizeof(*place));
	int rc = -1;

	memset(p, 0, sizeof(*p));
	p->n = n;
	p->vertex = big_alloc(((size_t)n + 1) * sizeof(*p->vertex));
	p->start = big_zalloc(((size_t)n + 1) * sizeof(*p->start));
	if (!comp || !place || !p->vertex || !p->start)
		goto done;
	p->n_comps = label_components(comp, graph);
	if (!(p->first = calloc((size_t)p->n_comps + 1, sizeof(*p->first))))
		goto done;
	for (igraph_integer_t v = 0; v < n; v++)
		p->first[comp[v] + 1]++;
	for (igraph_integer_t c = 0; c < p->n_comps; c++)
		p->first[c + 1] += p->first[c];
	for (igraph_integer_t v = 0; v < n; v++)
		p->first[comp[v]]++;            /* first[c] runs to the end of c ... */
	for (igraph_integer_t v = n - 1; v >= 0; v--) {
		place[v] = (int32_t)--p->first[comp[v]];   /* ... and back */
		p->vertex[place[v]] = (int32_t)v;
	}
	rc = fill_ties(p, graph, weights, place, comp);
done:
	free(comp);
	free(place);
	if (rc < 0)
		pieces_free(p);
	return rc;
}

/* Numbers the groups g[0 .. n) in the order of their first vertex (so a
 * coarse level keeps the memory order of the finer one's vertices). */
static void number_groups(int32_t *g, igraph_integer_t n, igraph_integer_t groups, int32_t *id)
{
	int32_t next = 0;

	for (igraph_integer_t c = 0; c < groups; c++)
		id[c] = -1;
	for (igraph_integer_t v = 0; v < n; v++) {
		if (id[g[v]] < 0)
			id[g[v]] = next++;
		g[v] = id[g[v]];
	}
}

/* Groups the vertices of `fine` (fine->group, allocated here) and returns
 * the number of groups, or -1 out of memory. */
static igraph_integer_t match(level *fine, rng *r)
{
	igraph_integer_t n = fine->n, groups = 0;
	int32_t lone = -1;
	int32_t *order = big_alloc(((size_t)n + 1) * sizeof(*order));
	double *gmass = big_alloc(((size_t)n + 1) * sizeof(*gmass));
	int32_t *g = big_alloc(((size_t)n + 1) * sizeof(*g));

	if (!order || !gmass || !g) {
		free(order);
		free(gmass);
		free(g);
		return -1;
	}
	for (igraph_integer_t v = 0; v < n; v++) {
		order[v] = (int32_t)v;
		g[v] = -1;
	}
	for (igraph_integer_t i = n - 1; i > 0; i--) {
		igraph_integer_t j = (igraph_integer_t)(rng_next(r) % (uint64_t)(i + 1));
		int32_t t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	for (igraph_integer_t i = 0; i < n; i++) {
		int32_t v = order[i], best = -1;

		if (g[v] >= 0)
			continue;
		for (igraph_integer_t j = fine->start[v]; j < fine->start[v + 1]; j++) {
			int32_t u = fine->to[j];

			if (g[u] < 0 && (best < 0 || fine->mass[u] < fine->mass[best]))
				best = u;
		}
		if (best >= 0) {
			g[v] = g[best] = (int32_t)groups;
			gmass[groups++] = fine->mass[v] + fine->mass[best];
		}
	}
	for (igraph_integer_t i = 0; i < n; i++) {
		int32_t v = order[i], best = -1;

		if (g[v] >= 0)
			continue;
		for (igraph_integer_t j = fine->start[v]; j < fine->start[v + 1]; j++) {
			int32_t u = fine->to[j];

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
			g[v] = (int32_t)groups;
			gmass[groups++] = fine->mass[v];
			if (fine->start[v] == fine->start[v + 1])
				lone = v;
		}
	}
	number_groups(g, n, groups, order);
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
	igraph_integer_t *end = NULL, *mark = NULL;
	const int32_t *g = fine->group;
	int rc = -1;

	if (level_alloc(coarse, groups, slots_of(fine)) < 0)
		return -1;
	end = big_alloc(((size_t)groups + 1) * sizeof(*end));
	mark = big_alloc(((size_t)groups + 1) * sizeof(*mark));
	if (!end || !mark)
		goto done;
	/* room for each group's members' ties, filled in vertex order (groups
	 * are numbered in that order too, so the writes move forward) */
	for (igraph_integer_t v = 0; v < n; v++) {
		coarse->start[g[v] + 1] += fine->start[v + 1] - fine->start[v];
		coarse->mass[g[v]] += fine->mass[v];
	}
	for (igraph_integer_t c = 0; c < groups; c++) {
		coarse->start[c + 1] += coarse->start[c];
		end[c] = coarse->start[c];
		mark[c] = -1;
	}
	for (igraph_integer_t v = 0; v < n; v++) {
		int32_t c = g[v];

		for (igraph_integer_t j = fine->start[v]; j < fine->start[v + 1]; j++) {
			int32_t b = g[fine->to[j]];

			if (b == c)
				continue;
			coarse->to[end[c]] = b;
			coarse->w[end[c]++] = fine->w[j];
		}
	}
	merge_slots(coarse, end, mark);
	rc = 0;
done:
	free(end);
	free(mark);
	if (rc < 0)
		level_free(coarse);
	return rc;
}

/* Moves a coarse level's ties into arrays of their own size: coarsen()
 * allocates the finer level's number of slots, and merging and pruning
 * leave 30-70% of them (at 1.1M ties, level 1 kept 1.5M of 2.2M slots
 * and the levels together held some 17 MB they did not use, counted in
 * the render's peak).  0, or -1 out of memory. */
static int fit_slots(level *l)
{
	size_t slots = (size_t)slots_of(l) + 1;
	int32_t *to = malloc(slots * sizeof(*to));
	float *w = malloc(slots * sizeof(*w));

	if (!to || !w) {
		free(to);
		free(w);
		return -1;
	}
	memcpy(to, l->to, slots * sizeof(*to));
	memcpy(w, l->w, slots * sizeof(*w));
	free(l->to);
	free(l->w);
	l->to = to;
	l->w = w;
	return 0;
}

/* The k-th smallest of a[0 .. n) (0-based; a is reordered): Hoare's
 * selection with the middle element as pivot. */
static float select_kth(float *a, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;

	while (lo < hi) {
		float pivot = a[lo + (hi - lo) / 2];
		size_t i = lo, j = hi;

		while (i <= j) {
			while (a[i] < pivot)
				i++;
			while (a[j] > pivot)
				j--;
			if (i <= j) {
				float t = a[i];

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
	float *threshold = big_alloc(((size_t)n + 1) * sizeof(*threshold)), *w = NULL;
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
 * and the repulsion is summed in that order too, so that orgs near each
 * other walk the same nodes one after the other; the attraction is summed
 * in vertex order, which reads each org's ties in memory order (summed in
 * tree order, fetching each org's first tie and position was a cache miss:
 * the rounds at 1.1M ties took 0.15 s of CPU less this way, same output).
 */

#define LEAF 8
#define MAX_DEPTH 24
#define THETA 1.0
#define THETA_LARGE 1.4      /* on levels above LARGE_LEVEL vertices, whose far */
#define LARGE_LEVEL 50000    /* field the coarser levels have already set */

typedef struct {
	double cx, cy, mass;
	double open2;             /* (side / THETA)^2: nearer than this, open it */
	int32_t skip, lo, hi;     /* the node after the subtree; its orgs */
	int32_t leaf;
} qnode;

typedef struct {
	qnode *node;
	size_t n_nodes, cap;
	double theta;
	int32_t *item, *tmp;      /* orgs in tree order */
	double *pxy, *pm;         /* their positions (x, y pairs) and masses */
} qtree;

static void qtree_free(qtree *t)
{
	free(t->node);
	free(t->item);
	free(t->tmp);
	free(t->pxy);
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
		int32_t v = t->item[i];

		mass += l->mass[v];
		sx += l->mass[v] * l->xy[2 * v];
		sy += l->mass[v] * l->xy[2 * v + 1];
	}
	t->node[self] = (qnode){sx / mass, sy / mass, mass, 4 * h * h / (t->theta * t->theta),
	                        0, (int32_t)lo, (int32_t)hi, 1};
	if (hi - lo > LEAF && depth < MAX_DEPTH) {
		t->node[self].leaf = 0;
		for (igraph_integer_t i = lo; i < hi; i++) {
			int32_t v = t->item[i];

			count[(l->xy[2 * v] >= mx) + 2 * (l->xy[2 * v + 1] >= my)]++;
		}
		at[0] = lo;
		for (int q = 0; q < 4; q++)
			at[q + 1] = at[q] + count[q];
		memcpy(fill, at, sizeof(fill));
		for (igraph_integer_t i = lo; i < hi; i++) {
			int32_t v = t->item[i];

			t->tmp[fill[(l->xy[2 * v] >= mx) + 2 * (l->xy[2 * v + 1] >= my)]++] = v;
		}
		memcpy(t->item + lo, t->tmp + lo, sizeof(*t->item) * (size_t)(hi - lo));
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
	t->theta = l->n > LARGE_LEVEL ? THETA_LARGE : THETA;
	if (!t->item && (!(t->item = big_alloc(n * sizeof(*t->item))) ||
	                 !(t->tmp = big_alloc(n * sizeof(*t->tmp))) ||
	                 !(t->pxy = big_alloc(2 * n * sizeof(double))) ||
	                 !(t->pm = big_alloc(n * sizeof(double)))))
		return -1;
	for (igraph_integer_t v = 0; v < l->n; v++) {
		t->item[v] = (int32_t)v;
		x0 = fmin(x0, l->xy[2 * v]);
		x1 = fmax(x1, l->xy[2 * v]);
		y0 = fmin(y0, l->xy[2 * v + 1]);
		y1 = fmax(y1, l->xy[2 * v + 1]);
	}
	if (qtree_node(t, l, 0, l->n, (x0 + x1) / 2, (y0 + y1) / 2,
	               fmax(x1 - x0, y1 - y0) / 2 * 1.0001 + 1e-9, 0) < 0)
		return -1;
	for (igraph_integer_t i = 0; i < l->n; i++) {
		t->pxy[2 * i] = l->xy[2 * t->item[i]];
		t->pxy[2 * i + 1] = l->xy[2 * t->item[i] + 1];
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
			ex = x - t->pxy[2 * j];
			ey = y - t->pxy[2 * j + 1];
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
	double *nxy;              /* the repulsion on each org, then its new position */
	double temp;
	igraph_integer_t from, to; /* this part's orgs: tree positions, then vertices */
} round_part;

/* The repulsion on each org of the part (walked in tree order, so that
 * orgs one after the other walk the same nodes), into nxy. */
static void *repel_part(void *arg)
{
	round_part *p = arg;
	const qtree *t = p->t;
	double k2 = p->l->k * p->l->k;

	for (igraph_integer_t i = p->from; i < p->to; i++) {
		int32_t v = t->item[i];
		double fx = 0, fy = 0;

		repel(t, i, t->pxy[2 * i], t->pxy[2 * i + 1], k2, &fx, &fy);
		p->nxy[2 * v] = fx;
		p->nxy[2 * v + 1] = fy;
	}
	return NULL;
}

/* The new position of each org of the part (in vertex order, so that its
 * ties are read in memory order): the repulsion, FR's attraction d^2/k
 * per tie (times its weight), the move capped at the temperature. */
static void *attract_part(void *arg)
{
	round_part *p = arg;
	const level *l = p->l;
	const double *xy = l->xy;
	double inv_k = 1 / l->k;

	for (igraph_integer_t v = p->from; v < p->to; v++) {
		double fx = p->nxy[2 * v], fy = p->nxy[2 * v + 1], len;
		double x = xy[2 * v], y = xy[2 * v + 1];

		for (igraph_integer_t j = l->start[v]; j < l->start[v + 1]; j++) {
			int32_t u = l->to[j];
			double dx = xy[2 * u] - x, dy = xy[2 * u + 1] - y;
			double f = l->w[j] * sqrt(dx * dx + dy * dy) * inv_k;

			fx += dx * f;
			fy += dy * f;
		}
		len = sqrt(fx * fx + fy * fy);
		if (len > p->temp) {
			fx *= p->temp / len;
			fy *= p->temp / len;
		}
		p->nxy[2 * v] = x + fx;
		p->nxy[2 * v + 1] = y + fy;
	}
	return NULL;
}

/* Runs fn over THREADS fixed parts of the level's orgs, in threads where
 * the level is large enough to gain from them. */
static void run_parts(void *(*fn)(void *), round_part *parts, igraph_integer_t n)
{
	pthread_t thread[THREADS];
	int started[THREADS] = {0};

	for (int t = 0; t < THREADS; t++) {
		parts[t].from = n * t / THREADS;
		parts[t].to = n * (t + 1) / THREADS;
	}
	for (int t = 1; t < THREADS; t++)
		started[t] = n > 20000 && pthread_create(&thread[t], NULL, fn, &parts[t]) == 0;
	fn(&parts[0]);
	for (int t = 1; t < THREADS; t++) {
		if (started[t])
			pthread_join(thread[t], NULL);
		else
			fn(&parts[t]);
	}
}

/* One round over all orgs; the new positions are written to *nxy, which
 * is then swapped with l->xy.  0, or -1 out of memory. */
static int force_round(level *l, qtree *tree, double **nxy, double temp)
{
	round_part parts[THREADS];
	double *old = l->xy;

	if (qtree_build(tree, l) < 0)
		return -1;
	for (int t = 0; t < THREADS; t++)
		parts[t] = (round_part){l, tree, *nxy, temp, 0, 0};
	run_parts(repel_part, parts, l->n);
	run_parts(attract_part, parts, l->n);
	l->xy = *nxy;
	*nxy = old;
	return 0;
}

/* The work of one round over level l, in the units of ROUND_WORK. */
static double round_work(const level *l)
{
	return (double)l->n * 40 + (double)slots_of(l);
}

/* Refines level l by force rounds: the coarsest from a hot start, finer
 * levels (started from their parents) cooler; the number of rounds is the
 * budget of work over that of one round. */
static int refine(level *l, int coarsest, double budget)
{
	qtree tree;
	double *nxy = big_alloc(2 * ((size_t)l->n + 1) * sizeof(double));
	double temp = coarsest ? l->k * sqrt((double)l->n) : l->k * START_TEMP;
	int rounds = coarsest ? COARSEST_ROUNDS : (int)(budget / round_work(l));
	int rc = 0;

	memset(&tree, 0, sizeof(tree));
	if (!coarsest && rounds < MIN_ROUNDS)
		rounds = MIN_ROUNDS;
	if (!coarsest && rounds > MAX_ROUNDS)
		rounds = MAX_ROUNDS;
	if (!nxy)
		rc = -1;
	for (int r = 0; rc == 0 && r < rounds; r++) {
		if (force_round(l, &tree, &nxy, temp) < 0)
			rc = -1;
		temp *= COOLING;
	}
	qtree_free(&tree);
	free(nxy);
	return rc;
}

/* Places the vertices of `fine` around their groups' positions in
 * `coarse`: a group of c children spreads them in a disc of radius
 * k sqrt(c) / 2 (k the fine level's length). */
static int prolong(level *fine, const level *coarse, rng *r)
{
	int32_t *count = calloc((size_t)coarse->n + 1, sizeof(*count));

	if (!count)
		return -1;
	for (igraph_integer_t v = 0; v < fine->n; v++)
		count[fine->group[v]]++;
	for (igraph_integer_t v = 0; v < fine->n; v++) {
		int32_t c = fine->group[v];
		double radius = fine->k * (count[c] > 1 ? 0.5 * sqrt((double)count[c]) : 0.0);
		double a = 2 * 3.14159265358979323846 * rng_unit(r), d = radius * sqrt(rng_unit(r));

		fine->xy[2 * v] = coarse->xy[2 * c] + d * cos(a);
		fine->xy[2 * v + 1] = coarse->xy[2 * c + 1] + d * sin(a);
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
	double budget = ROUND_WORK * fmin(1, LARGE_WORK / round_work(&levels[0]));

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
		if (prune(&levels[n_levels - 1]) < 0 || fit_slots(&levels[n_levels - 1]) < 0)
			goto done;
		levels[n_levels - 1].k = fine->k * 0.94 * sqrt((double)fine->n / (double)groups);
	}
	{
		level *top = &levels[n_levels - 1];
		double side = top->k * sqrt((double)top->n);

		for (igraph_integer_t v = 0; v < top->n; v++) {
			top->xy[2 * v] = side * rng_unit(r);
			top->xy[2 * v + 1] = side * rng_unit(r);
		}
		if (refine(top, 1, budget) < 0)
			goto done;
	}
	/* a level is done with once its finer level starts from its places */
	for (int i = n_levels - 2; i >= 0; i--) {
		if (prolong(&levels[i], &levels[i + 1], r) < 0)
			goto done;
		level_free(&levels[i + 1]);
		if (refine(&levels[i], 0, budget) < 0)
			goto done;
	}
	rc = 0;
done:
	for (int i = 1; i < n_levels; i++)
		level_free(&levels[i]);
	free(levels[0].group);
	levels[0].group = NULL;
	return rc;
}

/* Box of a placed component, for packing. */
typedef struct {
	igraph_integer_t comp, size, first; /* first: its first place (pieces) */
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
                 const int32_t *vertex, const double *pxy)
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
			MATRIX(*xy, vertex[i], 0) = pxy[2 * i] - p->x0 + cx;
			MATRIX(*xy, vertex[i], 1) = pxy[2 * i + 1] - p->y0 + cy;
		}
		cx += w;
		row = fmax(row, h);
	}
}

/* Lays out component c of p into pxy (its places' x, y pairs); 0, or -1
 * out of memory. */
static int lay_out_component(double *pxy, const pieces *p, igraph_integer_t c, level *levels,
                             int cap, rng *r)
{
	igraph_integer_t first = p->first[c], size = p->first[c + 1] - first;

	if (size == 1) {
		pxy[2 * first] = pxy[2 * first + 1] = 0;
		return 0;
	}
	if (level_borrow(&levels[0], size, p->start + first, p->to, p->w) < 0)
		return -1;
	if (lay_out(levels, cap, r) < 0) {
		level_free(&levels[0]);
		return -1;
	}
	memcpy(pxy + 2 * first, levels[0].xy, 2 * (size_t)size * sizeof(*pxy));
	level_free(&levels[0]);
	return 0;
}

co_status co_multilevel_layout(igraph_matrix_t *xy, const igraph_t *graph,
                               const igraph_vector_t *weights, unsigned long seed)
{
	co_layout_edges edges = co_layout_edges_of(graph);

	return co_multilevel_layout_edges(xy, &edges, weights, seed);
}

co_status co_multilevel_layout_edges(igraph_matrix_t *xy, const co_layout_edges *graph,
                                     const igraph_vector_t *weights, unsigned long seed)
{
	pieces p;
	level *levels = NULL;
	igraph_integer_t n = graph->n;
	double *pxy = NULL;
	box *boxes = NULL;
	int cap = 64, rc = -1;
	rng r = {(uint64_t)seed * 0x9e3779b97f4a7c15ULL + 0x2545f4914f6cdd1dULL};

	memset(&p, 0, sizeof(p));
	if (n == 0)
		return CO_OK;
	if (n > INT32_MAX / 2)
		return co_error_set(CO_EINVAL, "too many orgs to lay out (%ld)", (long)n);
	if (split_components(&p, graph, weights) < 0)
		goto done;
	if (graph->done_reading)
		graph->done_reading(graph->context);
	pxy = big_alloc(2 * (size_t)n * sizeof(*pxy));
	levels = calloc((size_t)cap, sizeof(*levels));
	boxes = calloc((size_t)p.n_comps, sizeof(*boxes));
	if (!pxy || !levels || !boxes)
		goto done;
	for (igraph_integer_t c = 0; c < p.n_comps; c++) {
		box *b = &boxes[c];

		b->comp = c;
		b->first = p.first[c];
		b->size = p.first[c + 1] - p.first[c];
		if (lay_out_component(pxy, &p, c, levels, cap, &r) < 0)
			goto done;
		b->x0 = b->y0 = INFINITY;
		b->x1 = b->y1 = -INFINITY;
		for (igraph_integer_t i = b->first; i < b->first + b->size; i++) {
			b->x0 = fmin(b->x0, pxy[2 * i]);
			b->x1 = fmax(b->x1, pxy[2 * i]);
			b->y0 = fmin(b->y0, pxy[2 * i + 1]);
			b->y1 = fmax(b->y1, pxy[2 * i + 1]);
		}
	}
	pack(xy, boxes, p.n_comps, p.vertex, pxy);
	rc = 0;
done:
	pieces_free(&p);
	free(levels);
	free(pxy);
	free(boxes);
	return rc == 0 ? CO_OK : co_error_set(CO_ENOMEM, "out of memory laying out the view");
}
