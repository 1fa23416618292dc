/*
 * render.c - draws coalition maps with Cairo (PNG, SVG, PDF) and Pango.
 *
 * The work is split in stages over one `scene`: pick the orgs and ties
 * (whole view or an ego network), lay them out (layout.c), compute the size
 * and color encodings, fit positions to the page, place labels, then draw:
 * state outlines (geo), federation links, ties, orgs, labels, legend, title
 * and caption.  Ties are stroked in batches of CO_EDGE_BATCH segments of one
 * style (a compile-time knob): one path for all ties is far slower still
 * (Cairo's stroker is super-linear in a path's size).
 *
 * Measured on a 105k-tie view at 2000 x 2000 (drawing only, seconds):
 * batches of 1: 3.3-3.9, of 8: 4.2-4.5, of 64: 7.7.  Cairo's image backend
 * composites over the extents of each stroke or fill, and the ties of a
 * batch are scattered over the page, so a batch costs about the area of its
 * bounding box; orgs are filled one by one for the same reason.  PNG maps
 * of more than 20000 ties skip Cairo for the ties altogether (raster.c,
 * draw_ties_fast) and PNG files are written by libpng at zlib level 1
 * (write_png): with both, the 2000 x 2000 map of synth --chapters 200000
 * (1.1M ties) went from 67 s of drawing and writing to about 4 s on a
 * loaded machine.
 *
 * Labels are placed greedily, most central org first: each tries eight
 * positions around its org and is kept at the first that stays inside the
 * plot and touches neither a placed label nor any org's disc; a label with
 * no such position is dropped and counted.  Obstacles are kept in uniform
 * grids, so placing k labels among n orgs costs about O(k + n).
 */
#include "coalition/render.h"

#include <assert.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <png.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "coalition/raster.h"
#include "coalition/tensions.h"
#include "coalition/view.h"

#ifndef CO_VERSION
#define CO_VERSION "0"
#endif

/* Segments per stroke call (measured: see the header paragraph); a
 * compile-time option so that the measurement can be repeated. */
#ifndef CO_EDGE_BATCH
#define CO_EDGE_BATCH 1
#endif
/* Most colors a categorical legend shows before "other". */
#define MAX_CATEGORIES 12
/* Bins of a continuous color ramp. */
#define RAMP_BINS 16
/* Orgs above which betweenness is estimated from 256 sampled sources. */
#define EXACT_BETWEENNESS_MAX 5000
#define BETWEENNESS_SAMPLES 256

typedef struct {
	double r, g, b;
} rgb;

typedef struct {
	char label[200];
	rgb color;
	size_t count;
	double value;            /* ramp bins: lower bound */
} color_entry;

typedef struct {
	double x0, y0, x1, y1;
} box;

typedef struct {
	igraph_integer_t v;
	char *text;
	box b;
} placed_label;

typedef struct {
	const co_network *net;
	const co_render_options *opt;
	co_store *store;

	/* the orgs and ties drawn */
	const igraph_t *graph;   /* net->graph, or sub */
	igraph_t sub;
	int has_sub;
	const char *center_name; /* ego network: the center's name */
	igraph_integer_t n, m;
	co_org *orgs;            /* copies of net->orgs entries, parent remapped */
	igraph_integer_t *vmap;  /* scene vertex -> net vertex */
	igraph_integer_t *emap;  /* scene edge -> index in net->ties */
	igraph_integer_t n_friction, n_federation;

	/* encodings */
	double *size_value;      /* per org, the size measure */
	double *degree;
	int *color_of;           /* per org, index in colors */
	color_entry colors[MAX_CATEGORIES + RAMP_BINS + 2];
	size_t n_colors;
	int ramp;                /* color by a continuous measure */
	double ramp_min, ramp_max;
	char color_title[160], size_title[160], color_note[300];
	double size_min, size_max;

	/* geometry */
	co_layout layout;
	int has_layout;
	co_geo *geo;
	double u, W, H;
	box plot;
	double scale, tx, ty;    /* page = t + scale * layout */
	double rmin, rmax;
	double *x, *y, *r;

	/* labels */
	placed_label *labels;
	size_t n_labels;
	size_t labels_asked, labels_dropped;
	char label_rule[200];
} scene;

static const rgb kind_colors[] = {
	{0x1f / 255.0, 0x3a / 255.0, 0x68 / 255.0}, /* national: navy */
	{0x76 / 255.0, 0xb7 / 255.0, 0xb2 / 255.0}, /* coalition: teal */
	{0xed / 255.0, 0xc9 / 255.0, 0x48 / 255.0}, /* funder: gold */
	{0x59 / 255.0, 0xa1 / 255.0, 0x4f / 255.0}, /* ngo: green */
	{0xb0 / 255.0, 0x7a / 255.0, 0xa1 / 255.0}, /* union: purple */
	{0x9c / 255.0, 0x75 / 255.0, 0x5f / 255.0}, /* community: brown */
	{0x9d / 255.0, 0x9d / 255.0, 0x9d / 255.0}, /* other: grey */
	{0xf2 / 255.0, 0x8e / 255.0, 0x2b / 255.0}, /* chapter: orange */
};

/* Categorical colors without red, which friction ties use. */
static const rgb palette[MAX_CATEGORIES] = {
	{0x4e / 255.0, 0x79 / 255.0, 0xa7 / 255.0}, {0xf2 / 255.0, 0x8e / 255.0, 0x2b / 255.0},
	{0x59 / 255.0, 0xa1 / 255.0, 0x4f / 255.0}, {0xb0 / 255.0, 0x7a / 255.0, 0xa1 / 255.0},
	{0x76 / 255.0, 0xb7 / 255.0, 0xb2 / 255.0}, {0xed / 255.0, 0xc9 / 255.0, 0x48 / 255.0},
	{0xff / 255.0, 0x9d / 255.0, 0xa7 / 255.0}, {0x9c / 255.0, 0x75 / 255.0, 0x5f / 255.0},
	{0x1f / 255.0, 0x3a / 255.0, 0x68 / 255.0}, {0x8c / 255.0, 0xd1 / 255.0, 0x7d / 255.0},
	{0xd4 / 255.0, 0xa6 / 255.0, 0xc8 / 255.0}, {0x49 / 255.0, 0x98 / 255.0, 0x94 / 255.0},
};
static const rgb grey_other = {0.78, 0.78, 0.78};
static const rgb friction_red = {0xd6 / 255.0, 0x27 / 255.0, 0x28 / 255.0};
static const rgb federation_blue = {0x1f / 255.0, 0x3a / 255.0, 0x68 / 255.0};
static const rgb tie_grey = {0.33, 0.33, 0.36};
static const rgb ink = {0.13, 0.13, 0.15};

/* viridis at 0, 1/4, 1/2, 3/4, 1 */
static rgb ramp_color(double t)
{
	static const rgb stops[5] = {
		{0.267, 0.005, 0.329}, {0.230, 0.322, 0.546}, {0.128, 0.567, 0.551},
		{0.369, 0.789, 0.383}, {0.993, 0.906, 0.144},
	};
	double p = fmin(fmax(t, 0), 1) * 4;
	int i = p >= 4 ? 3 : (int)p;
	double f = p - i;
	rgb c = {stops[i].r + f * (stops[i + 1].r - stops[i].r),
	         stops[i].g + f * (stops[i + 1].g - stops[i].g),
	         stops[i].b + f * (stops[i + 1].b - stops[i].b)};
	return c;
}

void co_render_options_init(co_render_options *options)
{
	memset(options, 0, sizeof(*options));
	options->width = 1600;
	options->height = 1200;
	options->dpi = 96;
	options->layout = CO_LAYOUT_FR;
	options->seed = 1;
	options->color_by = "kind";
	options->size_by = "degree";
	options->labels = "top:20";
	options->depth = 1;
}

co_status co_render_format_from_path(co_render_format *out, const char *path)
{
	const char *dot = strrchr(path, '.');

	if (dot && strcasecmp(dot, ".png") == 0)
		*out = CO_RENDER_PNG;
	else if (dot && strcasecmp(dot, ".svg") == 0)
		*out = CO_RENDER_SVG;
	else if (dot && strcasecmp(dot, ".pdf") == 0)
		*out = CO_RENDER_PDF;
	else
		return co_error_set(CO_EINVAL, "--out: '%s' does not end in .png, .svg or .pdf", path);
	return CO_OK;
}

static double seconds_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *xcalloc(size_t n, size_t size)
{
	return calloc(n ? n : 1, size);
}

/* ---- choosing what to draw ------------------------------------------- */

static co_status select_scene(scene *s)
{
	const co_network *net = s->net;
	igraph_integer_t *scene_of = NULL;
	igraph_vector_int_t edges;
	igraph_matrix_t dm;
	co_status status = CO_OK;
	int have_edges = 0, have_dm = 0;

	if (!(scene_of = xcalloc((size_t)net->n_orgs, sizeof(*scene_of))))
		return co_error_set(CO_ENOMEM, "out of memory");
	if (s->opt->ego) {
		igraph_integer_t center;

		if ((status = co_network_find(&center, net, s->store, s->opt->ego)) != CO_OK)
			goto done;
		for (igraph_integer_t v = 0; v < net->n_orgs; v++)
			scene_of[v] = -1;
		s->center_name = net->orgs[center].name;
		/* distances from the center by breadth-first search */
		if (igraph_matrix_init(&dm, 0, 0) != IGRAPH_SUCCESS) {
			status = co_error_set(CO_ENOMEM, "out of memory");
			goto done;
		}
		have_dm = 1;
		if (igraph_distances(&net->graph, &dm, igraph_vss_1(center), igraph_vss_all(),
		                     IGRAPH_ALL) != IGRAPH_SUCCESS) {
			status = CO_EGRAPH;
			goto done;
		}
		s->n = 0;
		for (igraph_integer_t v = 0; v < net->n_orgs; v++)
			if (MATRIX(dm, 0, v) <= s->opt->depth)
				scene_of[v] = s->n++;
	} else {
		for (igraph_integer_t v = 0; v < net->n_orgs; v++)
			scene_of[v] = v;
		s->n = net->n_orgs;
	}
	s->orgs = xcalloc((size_t)s->n, sizeof(*s->orgs));
	s->vmap = xcalloc((size_t)s->n, sizeof(*s->vmap));
	s->emap = xcalloc((size_t)net->n_ties, sizeof(*s->emap));
	if (!s->orgs || !s->vmap || !s->emap) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	for (igraph_integer_t v = 0; v < net->n_orgs; v++) {
		igraph_integer_t w = scene_of[v];

		if (w < 0)
			continue;
		s->vmap[w] = v;
		s->orgs[w] = net->orgs[v];
		s->orgs[w].parent = net->orgs[v].parent >= 0 ? scene_of[net->orgs[v].parent] : -1;
		s->n_federation += s->orgs[w].parent >= 0;
	}
	s->m = 0;
	for (igraph_integer_t j = 0; j < net->n_ties; j++) {
		const co_tie *t = &net->ties[j];

		if (scene_of[t->source] < 0 || scene_of[t->target] < 0)
			continue;
		s->emap[s->m++] = j;
		s->n_friction += t->sign < 0;
	}
	if (!s->opt->ego) {
		s->graph = &net->graph;
	} else {
		if (igraph_vector_int_init(&edges, 2 * s->m) != IGRAPH_SUCCESS) {
			status = co_error_set(CO_ENOMEM, "out of memory");
			goto done;
		}
		have_edges = 1;
		for (igraph_integer_t e = 0; e < s->m; e++) {
			const co_tie *t = &net->ties[s->emap[e]];

			VECTOR(edges)[2 * e] = scene_of[t->source];
			VECTOR(edges)[2 * e + 1] = scene_of[t->target];
		}
		if (igraph_create(&s->sub, &edges, s->n, IGRAPH_UNDIRECTED) != IGRAPH_SUCCESS) {
			status = CO_EGRAPH;
			goto done;
		}
		s->has_sub = 1;
		s->graph = &s->sub;
	}
done:
	if (have_edges)
		igraph_vector_int_destroy(&edges);
	if (have_dm)
		igraph_matrix_destroy(&dm);
	free(scene_of);
	return status;
}

static const co_tie *scene_tie(const scene *s, igraph_integer_t e)
{
	return &s->net->ties[s->emap[e]];
}

static igraph_integer_t tie_from(const scene *s, igraph_integer_t e)
{
	return IGRAPH_FROM(s->graph, e);
}

static igraph_integer_t tie_to(const scene *s, igraph_integer_t e)
{
	return IGRAPH_TO(s->graph, e);
}

/* ---- measures ---------------------------------------------------------- */

co_status co_render_metric_values(double *values, size_t *found, co_store *store,
                                  const co_network *net, const char *name)
{
	sqlite3 *db;
	sqlite3_stmt *stmt = NULL;
	co_status status = CO_OK;
	int rc, any = 0;

	*found = 0;
	for (igraph_integer_t v = 0; v < net->n_orgs; v++)
		values[v] = NAN;
	if (!store)
		return co_error_set(CO_ENOTFOUND, "metric '%s' needs a store", name);
	db = co_store_db(store);
	/* --public: only metrics of runs on a --public view, the others were
	 * computed with private or friction ties. */
	if (sqlite3_prepare_v2(db, net->view.public_only ?
	        "SELECT o.key, m.value FROM metrics m JOIN orgs o ON o.id = m.org_id"
	        " WHERE m.name = ?1 AND m.run_id = (SELECT max(m2.run_id) FROM metrics m2"
	        " JOIN runs r ON r.id = m2.run_id WHERE m2.org_id = m.org_id"
	        " AND m2.name = m.name AND " CO_STORE_PUBLIC_RUN("r") ")" :
	        "SELECT key, value FROM v_metrics WHERE name = ?1", -1,
	                       &stmt, NULL) != SQLITE_OK)
		return co_store_error(store, "cannot read metrics");
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
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
			"no metric '%s' in the store%s (run an analysis that saves it, or use one of "
			"the built-in encodings)", name,
			net->view.public_only ? " from a run on a --public view" : "");
	sqlite3_finalize(stmt);
	return status;
}

/* Positive-tie weights (0 for friction), for PageRank and force layouts. */
static co_status positive_weights(igraph_vector_t *w, const scene *s, double zero)
{
	if (igraph_vector_init(w, s->m) != IGRAPH_SUCCESS)
		return co_error_set(CO_ENOMEM, "out of memory");
	for (igraph_integer_t e = 0; e < s->m; e++) {
		const co_tie *t = scene_tie(s, e);

		VECTOR(*w)[e] = t->sign > 0 ? t->weight : zero;
	}
	return CO_OK;
}

static co_status betweenness(scene *s, igraph_vector_t *res)
{
	igraph_error_t err;

	if (s->n <= EXACT_BETWEENNESS_MAX) {
		err = igraph_betweenness(s->graph, res, igraph_vss_all(), 0, NULL);
	} else {
		igraph_vector_int_t sources;
		igraph_vs_t vs;

		if (igraph_vector_int_init_range(&sources, 0, s->n) != IGRAPH_SUCCESS)
			return co_error_set(CO_ENOMEM, "out of memory");
		igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)s->opt->seed);
		for (igraph_integer_t i = 0; i < BETWEENNESS_SAMPLES; i++) {
			igraph_integer_t j = RNG_INTEGER(i, s->n - 1), t = VECTOR(sources)[i];
			VECTOR(sources)[i] = VECTOR(sources)[j];
			VECTOR(sources)[j] = t;
		}
		igraph_vector_int_resize(&sources, BETWEENNESS_SAMPLES);
		/* draw without replacement: a partial Fisher-Yates shuffle */
		vs = igraph_vss_vector(&sources);
		err = igraph_betweenness_subset(s->graph, res, igraph_vss_all(), 0, vs,
		                                igraph_vss_all(), NULL);
		if (!err)
			igraph_vector_scale(res, (double)s->n / (double)igraph_vector_int_size(&sources));
		igraph_vector_int_destroy(&sources);
	}
	return err ? co_error_set(CO_EGRAPH, "betweenness failed: %s", igraph_strerror(err)) : CO_OK;
}

/* Fills values[0 .. s->n) with a built-in measure or a stored metric. */
static co_status measure(scene *s, double *values, const char *name, int *is_builtin)
{
	igraph_vector_t res, w;
	co_status status = CO_OK;
	igraph_error_t err = IGRAPH_SUCCESS;

	*is_builtin = 1;
	if (igraph_vector_init(&res, 0) != IGRAPH_SUCCESS)
		return co_error_set(CO_ENOMEM, "out of memory");
	if (strcmp(name, "degree") == 0) {
		for (igraph_integer_t v = 0; v < s->n; v++)
			values[v] = s->degree[v];
	} else if (strcmp(name, "pagerank") == 0) {
		if ((status = positive_weights(&w, s, 0)) != CO_OK)
			goto done;
		err = igraph_pagerank(s->graph, IGRAPH_PAGERANK_ALGO_PRPACK, &res, NULL,
		                      igraph_vss_all(), 0, 0.85, &w, NULL);
		igraph_vector_destroy(&w);
		if (err) {
			status = co_error_set(CO_EGRAPH, "pagerank failed: %s", igraph_strerror(err));
			goto done;
		}
		for (igraph_integer_t v = 0; v < s->n; v++)
			values[v] = VECTOR(res)[v];
	} else if (strcmp(name, "betweenness") == 0) {
		if ((status = betweenness(s, &res)) != CO_OK)
			goto done;
		for (igraph_integer_t v = 0; v < s->n; v++)
			values[v] = VECTOR(res)[v];
	} else {
		double *all = xcalloc((size_t)s->net->n_orgs, sizeof(*all));
		size_t found;

		*is_builtin = 0;
		if (!all) {
			status = co_error_set(CO_ENOMEM, "out of memory");
			goto done;
		}
		status = co_render_metric_values(all, &found, s->store, s->net, name);
		for (igraph_integer_t v = 0; status == CO_OK && v < s->n; v++)
			values[v] = all[s->vmap[v]];
		free(all);
	}
done:
	igraph_vector_destroy(&res);
	return status;
}

static co_status compute_degree(scene *s)
{
	if (!(s->degree = xcalloc((size_t)s->n, sizeof(*s->degree))))
		return co_error_set(CO_ENOMEM, "out of memory");
	for (igraph_integer_t e = 0; e < s->m; e++) {
		s->degree[tie_from(s, e)] += 1;
		s->degree[tie_to(s, e)] += 1;
	}
	return CO_OK;
}

/* ---- colors ------------------------------------------------------------ */

typedef struct {
	long id;
	size_t count;
	igraph_integer_t hub;    /* the member with the highest degree */
} group;

static int compare_groups(const void *a, const void *b)
{
	const group *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int compare_longs(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

/* Colors orgs by group ids (community, cluster): the largest groups get
 * palette colors, named after their best-connected member; the rest share
 * a grey "other" entry. */
static co_status color_groups(scene *s, const long *ids, const char *what, size_t min_size)
{
	long *sorted = xcalloc((size_t)s->n, sizeof(*sorted));
	group *groups = xcalloc((size_t)s->n, sizeof(*groups));
	size_t n_groups = 0, shown, other = 0, small = 0;

	if (!sorted || !groups) {
		free(sorted);
		free(groups);
		return co_error_set(CO_ENOMEM, "out of memory");
	}
	memcpy(sorted, ids, (size_t)s->n * sizeof(*sorted));
	qsort(sorted, (size_t)s->n, sizeof(*sorted), compare_longs);
	for (igraph_integer_t i = 0; i < s->n; i++) {
		if (i == 0 || sorted[i] != sorted[i - 1]) {
			groups[n_groups].id = sorted[i];
			groups[n_groups].hub = -1;
			n_groups++;
		}
		groups[n_groups - 1].count++;
	}
	for (igraph_integer_t v = 0; v < s->n; v++) {
		size_t lo = 0, hi = n_groups;

		while (lo + 1 < hi) {
			size_t mid = (lo + hi) / 2;
			if (groups[mid].id <= ids[v])
				lo = mid;
			else
				hi = mid;
		}
		if (groups[lo].hub < 0 || s->degree[v] > s->degree[groups[lo].hub])
			groups[lo].hub = v;
	}
	qsort(groups, n_groups, sizeof(*groups), compare_groups);
	/* Communities of one are not worth a color of their own; a cluster of
	 * one is (friction split it off). */
	shown = 0;
	while (shown < n_groups && shown < MAX_CATEGORIES - 1 && groups[shown].count >= min_size)
		shown++;
	for (size_t i = 0; i < shown; i++) {
		color_entry *c = &s->colors[i];

		c->color = palette[i];
		c->count = groups[i].count;
		snprintf(c->label, sizeof(c->label), "%s %zu: %s", what, i + 1,
		         s->orgs[groups[i].hub].name ? s->orgs[groups[i].hub].name : "");
	}
	s->n_colors = shown;
	for (size_t i = shown; i < n_groups; i++) {
		other += groups[i].count;
		small++;
	}
	for (igraph_integer_t v = 0; v < s->n; v++) {
		s->color_of[v] = (int)shown;
		for (size_t i = 0; i < shown; i++)
			if (groups[i].id == ids[v])
				s->color_of[v] = (int)i;
	}
	if (other > 0) {
		color_entry *c = &s->colors[s->n_colors++];

		c->color = grey_other;
		c->count = other;
		snprintf(c->label, sizeof(c->label), "%zu other %s%s", small, what,
		         small == 1 ? "" : "s");
	}
	free(sorted);
	free(groups);
	return CO_OK;
}

/* Reads group ids from a stored metric if every drawn org has one. */
static int stored_groups(scene *s, long *ids, const char *metric)
{
	double *all = s->store ? xcalloc((size_t)s->net->n_orgs, sizeof(*all)) : NULL;
	size_t found = 0;
	int ok = 0;

	if (all && co_render_metric_values(all, &found, s->store, s->net, metric) == CO_OK) {
		ok = 1;
		for (igraph_integer_t v = 0; v < s->n; v++) {
			double x = all[s->vmap[v]];

			if (isnan(x)) {
				ok = 0;
				break;
			}
			ids[v] = (long)x;
		}
	}
	co_error_clear();
	free(all);
	return ok;
}

/* Communities: Leiden with the modularity objective on the positive ties. */
static co_status leiden_communities(scene *s, long *ids)
{
	igraph_vector_t w, strength;
	igraph_vector_int_t membership;
	igraph_integer_t n_clusters;
	double total = 0;
	igraph_error_t err;
	co_status status;

	if ((status = positive_weights(&w, s, 0)) != CO_OK)
		return status;
	if (igraph_vector_init(&strength, s->n) != IGRAPH_SUCCESS ||
	    igraph_vector_int_init(&membership, s->n) != IGRAPH_SUCCESS) {
		igraph_vector_destroy(&w);
		return co_error_set(CO_ENOMEM, "out of memory");
	}
	for (igraph_integer_t e = 0; e < s->m; e++) {
		VECTOR(strength)[tie_from(s, e)] += VECTOR(w)[e];
		VECTOR(strength)[tie_to(s, e)] += VECTOR(w)[e];
		total += VECTOR(w)[e];
	}
	igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)s->opt->seed);
	err = igraph_community_leiden(s->graph, &w, &strength,
	                              total > 0 ? 1.0 / (2 * total) : 1.0, 0.01, 0, -1,
	                              &membership, &n_clusters, NULL);
	if (!err)
		for (igraph_integer_t v = 0; v < s->n; v++)
			ids[v] = (long)VECTOR(membership)[v];
	igraph_vector_destroy(&w);
	igraph_vector_destroy(&strength);
	igraph_vector_int_destroy(&membership);
	return err ? co_error_set(CO_EGRAPH, "leiden failed: %s", igraph_strerror(err)) : CO_OK;
}

/* How long a map may spend finding tension clusters when none are stored. */
#define RENDER_CLUSTER_SECONDS 10.0

/* Tension clusters found the way `coalition tensions` finds them (the
 * tensions module's automatic method, each tie counted once), so that the
 * map and the command agree on the same view and seed. */
static co_status tension_clusters(scene *s, long *ids)
{
	size_t m = (size_t)s->m + 1;
	igraph_integer_t *from = malloc(m * sizeof(*from)), *to = malloc(m * sizeof(*to));
	int *sign = malloc(m * sizeof(*sign));
	double *cost = malloc(m * sizeof(*cost));
	co_clusters clusters = {0};
	co_status status = CO_OK;

	if (!from || !to || !sign || !cost) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	for (igraph_integer_t e = 0; e < s->m; e++) {
		from[e] = tie_from(s, e);
		to[e] = tie_to(s, e);
		sign[e] = scene_tie(s, e)->sign;
		cost[e] = 1.0;
	}
	co_signed_graph g = {s->n, s->m, from, to, sign, cost};
	igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)s->opt->seed);
	if ((status = co_signed_clusters(&clusters, &g, CO_CLUSTERS_AUTO,
	                                 RENDER_CLUSTER_SECONDS)) != CO_OK)
		goto done;
	for (igraph_integer_t v = 0; v < s->n; v++)
		ids[v] = (long)clusters.membership[v];
done:
	co_clusters_free(&clusters);
	free(from);
	free(to);
	free(sign);
	free(cost);
	return status;
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Colors by a text attribute (kind, state): kinds in ring order with their
 * own colors; states by count, the largest first. */
static co_status color_by_text(scene *s, int by_kind)
{
	const char **values = xcalloc((size_t)s->n, sizeof(*values));
	const char **distinct = xcalloc((size_t)s->n, sizeof(*distinct));
	size_t n_distinct = 0;

	if (!values || !distinct) {
		free(values);
		free(distinct);
		return co_error_set(CO_ENOMEM, "out of memory");
	}
	for (igraph_integer_t v = 0; v < s->n; v++) {
		const char *t = by_kind ? s->orgs[v].kind : s->orgs[v].state;
		values[v] = t && t[0] ? t : "";
	}
	memcpy(distinct, values, (size_t)s->n * sizeof(*distinct));
	qsort(distinct, (size_t)s->n, sizeof(*distinct), compare_strings);
	for (igraph_integer_t i = 0; i < s->n; i++)
		if (i == 0 || strcmp(distinct[i], distinct[n_distinct - 1]) != 0)
			distinct[n_distinct++] = distinct[i];
	if (by_kind) {
		/* one entry per kind present, in ring order (national first) */
		for (int k = 0; co_layout_kind_rings[k] || k == 0; k++) {
			const char *kind = co_layout_kind_rings[k];
			for (size_t i = 0; kind && i < n_distinct; i++)
				if (strcmp(distinct[i], kind) == 0) {
					color_entry *c = &s->colors[s->n_colors++];
					snprintf(c->label, sizeof(c->label), "%s", kind);
					c->color = kind_colors[k];
				}
			if (!kind)
				break;
		}
		for (size_t i = 0; i < n_distinct; i++) {
			int known = 0;
			for (int k = 0; co_layout_kind_rings[k]; k++)
				known |= strcmp(distinct[i], co_layout_kind_rings[k]) == 0;
			if (!known && s->n_colors < MAX_CATEGORIES) {
				color_entry *c = &s->colors[s->n_colors++];
				snprintf(c->label, sizeof(c->label), "%s", distinct[i][0] ? distinct[i] : "(no kind)");
				c->color = grey_other;
			}
		}
		for (igraph_integer_t v = 0; v < s->n; v++) {
			const char *label = values[v][0] ? values[v] : "(no kind)";
			s->color_of[v] = (int)s->n_colors - 1;
			for (size_t i = 0; i < s->n_colors; i++)
				if (strcmp(s->colors[i].label, label) == 0)
					s->color_of[v] = (int)i;
			s->colors[s->color_of[v]].count++;
		}
	} else {
		/* states: group ids are the index in `distinct`, named by the state */
		long *ids = xcalloc((size_t)s->n, sizeof(*ids));
		group *g = xcalloc(n_distinct, sizeof(*g));
		size_t shown = 0, other = 0, n_other = 0;

		if (!ids || !g) {
			free(ids);
			free(g);
			free(values);
			free(distinct);
			return co_error_set(CO_ENOMEM, "out of memory");
		}
		for (igraph_integer_t v = 0; v < s->n; v++) {
			for (size_t i = 0; i < n_distinct; i++)
				if (strcmp(distinct[i], values[v]) == 0) {
					ids[v] = (long)i;
					g[i].count++;
				}
		}
		for (size_t i = 0; i < n_distinct; i++)
			g[i].id = (long)i;
		qsort(g, n_distinct, sizeof(*g), compare_groups);
		for (size_t i = 0; i < n_distinct; i++) {
			if (distinct[g[i].id][0] && shown < MAX_CATEGORIES - 1) {
				color_entry *c = &s->colors[shown];
				c->color = palette[shown];
				c->count = g[i].count;
				c->value = (double)g[i].id;
				snprintf(c->label, sizeof(c->label), "%s", distinct[g[i].id]);
				shown++;
			} else {
				other += g[i].count;
				n_other++;
			}
		}
		s->n_colors = shown;
		for (igraph_integer_t v = 0; v < s->n; v++) {
			s->color_of[v] = (int)shown;
			for (size_t i = 0; i < shown; i++)
				if ((long)s->colors[i].value == ids[v])
					s->color_of[v] = (int)i;
		}
		if (other > 0) {
			color_entry *c = &s->colors[s->n_colors++];
			c->color = grey_other;
			c->count = other;
			snprintf(c->label, sizeof(c->label), "other or no state");
		}
		free(ids);
		free(g);
	}
	free(values);
	free(distinct);
	return CO_OK;
}

static co_status color_by_values(scene *s, const double *values, const char *name)
{
	double lo = INFINITY, hi = -INFINITY;
	size_t missing = 0;

	for (igraph_integer_t v = 0; v < s->n; v++)
		if (!isnan(values[v])) {
			lo = fmin(lo, values[v]);
			hi = fmax(hi, values[v]);
		}
	if (!isfinite(lo))
		return co_error_set(CO_ENOTFOUND, "--color-by: no org in the view has a value of '%s'",
		                    name);
	s->ramp = 1;
	s->ramp_min = lo;
	s->ramp_max = hi;
	for (int i = 0; i < RAMP_BINS; i++) {
		color_entry *c = &s->colors[i];
		c->color = ramp_color((i + 0.5) / RAMP_BINS);
		c->value = lo + (hi - lo) * i / RAMP_BINS;
		snprintf(c->label, sizeof(c->label), "%g", c->value);
	}
	s->n_colors = RAMP_BINS;
	for (igraph_integer_t v = 0; v < s->n; v++) {
		if (isnan(values[v])) {
			s->color_of[v] = RAMP_BINS;
			missing++;
			continue;
		}
		int bin = hi > lo ? (int)((values[v] - lo) / (hi - lo) * RAMP_BINS) : RAMP_BINS / 2;
		s->color_of[v] = bin >= RAMP_BINS ? RAMP_BINS - 1 : bin;
		s->colors[s->color_of[v]].count++;
	}
	if (missing) {
		color_entry *c = &s->colors[s->n_colors++];
		c->color = grey_other;
		c->count = missing;
		snprintf(c->label, sizeof(c->label), "no value");
	}
	return CO_OK;
}

static co_status compute_colors(scene *s)
{
	const char *by = s->opt->color_by;
	co_status status = CO_OK;

	if (!(s->color_of = xcalloc((size_t)s->n, sizeof(*s->color_of))))
		return co_error_set(CO_ENOMEM, "out of memory");
	if (strcmp(by, "kind") == 0) {
		snprintf(s->color_title, sizeof(s->color_title), "Color: kind of organization");
		return color_by_text(s, 1);
	}
	if (strcmp(by, "state") == 0) {
		snprintf(s->color_title, sizeof(s->color_title), "Color: state");
		return color_by_text(s, 0);
	}
	if (strcmp(by, "community") == 0 || strcmp(by, "cluster") == 0) {
		int cluster = by[1] == 'l';
		long *ids = xcalloc((size_t)s->n, sizeof(*ids));
		int stored;

		if (!ids)
			return co_error_set(CO_ENOMEM, "out of memory");
		stored = stored_groups(s, ids, by);
		if (!stored)
			status = cluster ? tension_clusters(s, ids) : leiden_communities(s, ids);
		if (status == CO_OK)
			status = color_groups(s, ids, by, cluster ? 1 : 2);
		snprintf(s->color_title, sizeof(s->color_title), "%s",
		         cluster ? "Color: tension cluster" : "Color: community");
		snprintf(s->color_note, sizeof(s->color_note), "%s",
		         cluster ? (stored ? "Clusters: the latest 'cluster' metric of the store." :
		                    "Clusters: groups with cooperation inside and friction between "
		                    "(fewest disagreeing ties, as coalition tensions finds them).") :
		         (stored ? "Communities: the latest 'community' metric of the store." :
		                   "Communities: Leiden, modularity, on cooperation ties."));
		free(ids);
		return status;
	}
	{
		double *values = xcalloc((size_t)s->n, sizeof(*values));
		int builtin;

		if (!values)
			return co_error_set(CO_ENOMEM, "out of memory");
		status = measure(s, values, by, &builtin);
		if (status == CO_OK)
			status = color_by_values(s, values, by);
		snprintf(s->color_title, sizeof(s->color_title), "Color: %s", by);
		free(values);
	}
	return status;
}

/* ---- geometry ---------------------------------------------------------- */

static void fit(scene *s)
{
	double plot_w = s->plot.x1 - s->plot.x0, plot_h = s->plot.y1 - s->plot.y0;
	double n = s->n > 0 ? (double)s->n : 1;
	double pad, aw, ah, lw, lh, sx, sy;

	s->rmax = s->u * fmin(fmax(0.4 * sqrt(plot_w * plot_h / (s->u * s->u) / n), 1.5), 14);
	s->rmin = fmax(s->rmax / 4, 0.75 * s->u);
	pad = s->rmax + 2 * s->u;
	aw = plot_w - 2 * pad;
	ah = plot_h - 2 * pad;
	lw = s->layout.x1 - s->layout.x0;
	lh = s->layout.y1 - s->layout.y0;
	sx = lw > 0 ? aw / lw : INFINITY;
	sy = lh > 0 ? ah / lh : INFINITY;
	s->scale = fmin(sx, sy);
	if (!isfinite(s->scale))
		s->scale = 1;
	s->tx = s->plot.x0 + pad + (aw - s->scale * lw) / 2 - s->scale * s->layout.x0;
	s->ty = s->plot.y0 + pad + (ah - s->scale * lh) / 2 - s->scale * s->layout.y0;
	for (igraph_integer_t v = 0; v < s->n; v++) {
		s->x[v] = s->tx + s->scale * MATRIX(s->layout.xy, v, 0);
		s->y[v] = s->ty + s->scale * MATRIX(s->layout.xy, v, 1);
	}
}

static void sizes(scene *s)
{
	double lo = INFINITY, hi = -INFINITY;

	for (igraph_integer_t v = 0; v < s->n; v++)
		if (!isnan(s->size_value[v])) {
			lo = fmin(lo, s->size_value[v]);
			hi = fmax(hi, s->size_value[v]);
		}
	s->size_min = lo;
	s->size_max = hi;
	for (igraph_integer_t v = 0; v < s->n; v++) {
		double value = s->size_value[v], t;

		if (isnan(value))
			t = 0;
		else
			t = hi > lo ? (value - lo) / (hi - lo) : 0.5;
		s->r[v] = s->rmin + (s->rmax - s->rmin) * sqrt(t);
	}
}

typedef struct {
	double x, y;
	igraph_integer_t v;
} point;

static int compare_points(const void *a, const void *b)
{
	const point *p = a, *q = b;

	if (p->x != q->x)
		return p->x < q->x ? -1 : 1;
	if (p->y != q->y)
		return p->y < q->y ? -1 : 1;
	return p->v < q->v ? -1 : p->v > q->v;
}

/* Orgs on one point, or so close that their discs would pile up (one city
 * on a geo map): those whose centers fall in one rmax x rmax cell are spread
 * on a sunflower around the first (lowest vertex) of the cell, which stays:
 * the k-th moves (rmin + rmax) sqrt(k) at k golden angles. */
static co_status spread_coincident(scene *s)
{
	point *pts = xcalloc((size_t)s->n, sizeof(*pts));
	double step = s->rmin + s->rmax, cell = s->rmax;

	if (!pts)
		return co_error_set(CO_ENOMEM, "out of memory");
	for (igraph_integer_t v = 0; v < s->n; v++)
		pts[v] = (point){floor(s->x[v] / cell), floor(s->y[v] / cell), v};
	qsort(pts, (size_t)s->n, sizeof(*pts), compare_points);
	for (igraph_integer_t i = 0, k = 0, first = 0; i < s->n; i++) {
		if (i > 0 && pts[i].x == pts[i - 1].x && pts[i].y == pts[i - 1].y) {
			k++;
		} else {
			k = 0;
			first = pts[i].v;
		}
		if (k == 0)
			continue;
		s->x[pts[i].v] = s->x[first] + step * sqrt((double)k) * cos(k * 2.399963229728653);
		s->y[pts[i].v] = s->y[first] + step * sqrt((double)k) * sin(k * 2.399963229728653);
	}
	free(pts);
	return CO_OK;
}

/* ---- labels ------------------------------------------------------------ */

typedef struct {
	double x0, y0, cell;
	int nx, ny;
	size_t *start;           /* CSR: items of cell c are idx[start[c] .. start[c+1]) */
	igraph_integer_t *idx;
} grid;

static void grid_free(grid *g)
{
	free(g->start);
	free(g->idx);
}

static int clampi(double v, int lo, int hi)
{
	if (v < lo)
		return lo;
	if (v > hi)
		return hi;
	return (int)v;
}

/* Buckets node discs by the cells their bounding boxes cover. */
static co_status grid_nodes(grid *g, const scene *s)
{
	size_t total = 0, *fill = NULL;
	double cell = fmax(4 * s->rmax, 8 * s->u);

	g->x0 = 0;
	g->y0 = 0;
	g->cell = cell;
	g->nx = (int)(s->W / cell) + 1;
	g->ny = (int)(s->H / cell) + 1;
	g->start = calloc((size_t)g->nx * (size_t)g->ny + 1, sizeof(*g->start));
	if (!g->start)
		return co_error_set(CO_ENOMEM, "out of memory");
	for (int pass = 0; pass < 2; pass++) {
		for (igraph_integer_t v = 0; v < s->n; v++) {
			int cx0 = clampi((s->x[v] - s->r[v]) / cell, 0, g->nx - 1);
			int cx1 = clampi((s->x[v] + s->r[v]) / cell, 0, g->nx - 1);
			int cy0 = clampi((s->y[v] - s->r[v]) / cell, 0, g->ny - 1);
			int cy1 = clampi((s->y[v] + s->r[v]) / cell, 0, g->ny - 1);

			for (int cy = cy0; cy <= cy1; cy++)
				for (int cx = cx0; cx <= cx1; cx++) {
					size_t c = (size_t)cy * (size_t)g->nx + (size_t)cx;
					if (pass == 0)
						g->start[c + 1]++;
					else
						g->idx[fill[c]++] = v;
				}
		}
		if (pass == 0) {
			for (size_t c = 0; c < (size_t)g->nx * (size_t)g->ny; c++)
				g->start[c + 1] += g->start[c];
			total = g->start[(size_t)g->nx * (size_t)g->ny];
			g->idx = xcalloc(total, sizeof(*g->idx));
			fill = xcalloc((size_t)g->nx * (size_t)g->ny, sizeof(*fill));
			if (!g->idx || !fill) {
				free(fill);
				return co_error_set(CO_ENOMEM, "out of memory");
			}
			memcpy(fill, g->start, (size_t)g->nx * (size_t)g->ny * sizeof(*fill));
		}
	}
	free(fill);
	return CO_OK;
}

static int disc_hits_box(double cx, double cy, double r, const box *b)
{
	double dx = cx < b->x0 ? b->x0 - cx : cx > b->x1 ? cx - b->x1 : 0;
	double dy = cy < b->y0 ? b->y0 - cy : cy > b->y1 ? cy - b->y1 : 0;

	return dx * dx + dy * dy < r * r;
}

static int boxes_overlap(const box *a, const box *b)
{
	return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

static int box_hits_nodes(const grid *g, const scene *s, const box *b, double pad)
{
	int cx0 = clampi(b->x0 / g->cell, 0, g->nx - 1), cx1 = clampi(b->x1 / g->cell, 0, g->nx - 1);
	int cy0 = clampi(b->y0 / g->cell, 0, g->ny - 1), cy1 = clampi(b->y1 / g->cell, 0, g->ny - 1);

	for (int cy = cy0; cy <= cy1; cy++)
		for (int cx = cx0; cx <= cx1; cx++) {
			size_t c = (size_t)cy * (size_t)g->nx + (size_t)cx;
			for (size_t k = g->start[c]; k < g->start[c + 1]; k++) {
				igraph_integer_t v = g->idx[k];
				if (disc_hits_box(s->x[v], s->y[v], s->r[v] + pad, b))
					return 1;
			}
		}
	return 0;
}

/* Placed labels, bucketed the same way (a simple growing list per cell). */
typedef struct {
	size_t *items;
	size_t n, cap;
} bucket;

static int box_hits_labels(bucket *cells, const grid *g, const scene *s, const box *b)
{
	int cx0 = clampi(b->x0 / g->cell, 0, g->nx - 1), cx1 = clampi(b->x1 / g->cell, 0, g->nx - 1);
	int cy0 = clampi(b->y0 / g->cell, 0, g->ny - 1), cy1 = clampi(b->y1 / g->cell, 0, g->ny - 1);

	for (int cy = cy0; cy <= cy1; cy++)
		for (int cx = cx0; cx <= cx1; cx++) {
			bucket *bk = &cells[(size_t)cy * (size_t)g->nx + (size_t)cx];
			for (size_t k = 0; k < bk->n; k++)
				if (boxes_overlap(&s->labels[bk->items[k]].b, b))
					return 1;
		}
	return 0;
}

static int bucket_add(bucket *cells, const grid *g, const box *b, size_t label)
{
	int cx0 = clampi(b->x0 / g->cell, 0, g->nx - 1), cx1 = clampi(b->x1 / g->cell, 0, g->nx - 1);
	int cy0 = clampi(b->y0 / g->cell, 0, g->ny - 1), cy1 = clampi(b->y1 / g->cell, 0, g->ny - 1);

	for (int cy = cy0; cy <= cy1; cy++)
		for (int cx = cx0; cx <= cx1; cx++) {
			bucket *bk = &cells[(size_t)cy * (size_t)g->nx + (size_t)cx];
			if (bk->n == bk->cap) {
				size_t cap = bk->cap ? 2 * bk->cap : 4;
				size_t *items = realloc(bk->items, cap * sizeof(*items));
				if (!items)
					return 0;
				bk->items = items;
				bk->cap = cap;
			}
			bk->items[bk->n++] = label;
		}
	return 1;
}

static const double *priority_values; /* for qsort, which has no context argument */
static const co_org *priority_orgs;

static int compare_priority(const void *a, const void *b)
{
	igraph_integer_t i = *(const igraph_integer_t *)a, j = *(const igraph_integer_t *)b;
	double x = priority_values[i], y = priority_values[j];

	if (isnan(x) != isnan(y))
		return isnan(x) ? 1 : -1;
	if (x != y && !isnan(x))
		return x > y ? -1 : 1;
	return strcmp(priority_orgs[i].key, priority_orgs[j].key);
}

static PangoLayout *text_layout(cairo_t *cr, const char *font, double size, int bold)
{
	PangoLayout *layout = pango_cairo_create_layout(cr);
	PangoFontDescription *desc = pango_font_description_from_string(font);

	pango_font_description_set_absolute_size(desc, size * PANGO_SCALE);
	if (bold)
		pango_font_description_set_weight(desc, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(layout, desc);
	pango_font_description_free(desc);
	return layout;
}

static void text_size(PangoLayout *layout, double *w, double *h)
{
	PangoRectangle logical;

	pango_layout_get_extents(layout, NULL, &logical);
	*w = (double)logical.width / PANGO_SCALE;
	*h = (double)logical.height / PANGO_SCALE;
}

#define LABEL_FONT_SIZE 8.0
#define UNPLACED_NOTE "no location known:"

/* The box of the "no location known:" note left of the geo map's row of
 * unplaced orgs (layout.h: y >= 540); returns 0 when there is none. */
static int unplaced_note(const scene *s, cairo_t *cr, box *b)
{
	double x0 = INFINITY, y0 = 0, w, h;
	PangoLayout *layout;

	if (s->opt->layout != CO_LAYOUT_GEO || s->layout.unplaced == 0)
		return 0;
	for (igraph_integer_t v = 0; v < s->n; v++)
		if (MATRIX(s->layout.xy, v, 1) >= 540 && s->x[v] < x0) {
			x0 = s->x[v];
			y0 = s->y[v];
		}
	layout = text_layout(cr, "Sans", 8 * s->u, 0);
	pango_layout_set_text(layout, UNPLACED_NOTE, -1);
	text_size(layout, &w, &h);
	g_object_unref(layout);
	b->x1 = x0 - s->rmax - 6 * s->u;
	b->x0 = b->x1 - w;
	b->y0 = y0 - h / 2;
	b->y1 = y0 + h / 2;
	return 1;
}


/* Chooses which orgs get a label, most central first, in *order. */
static co_status label_candidates(scene *s, igraph_integer_t **order, size_t *count)
{
	const char *rule = s->opt->labels ? s->opt->labels : "top:20";
	igraph_integer_t *all = xcalloc((size_t)s->n, sizeof(*all));
	size_t n = 0;

	*order = NULL;
	*count = 0;
	if (!all)
		return co_error_set(CO_ENOMEM, "out of memory");
	for (igraph_integer_t v = 0; v < s->n; v++)
		all[v] = v;
	priority_values = s->size_value;
	priority_orgs = s->orgs;
	if (strcmp(rule, "none") == 0) {
		snprintf(s->label_rule, sizeof(s->label_rule), "no labels");
	} else if (strcmp(rule, "all") == 0) {
		qsort(all, (size_t)s->n, sizeof(*all), compare_priority);
		n = (size_t)s->n;
		snprintf(s->label_rule, sizeof(s->label_rule), "all orgs");
	} else if (strncmp(rule, "top:", 4) == 0) {
		char *end;
		long k = strtol(rule + 4, &end, 10);

		if (!isdigit((unsigned char)rule[4]) || *end || k < 0) {
			free(all);
			return co_error_set(CO_EINVAL,
				"--labels: '%s' is not top:N, all, none or a list of keys", rule);
		}
		qsort(all, (size_t)s->n, sizeof(*all), compare_priority);
		n = (size_t)k < (size_t)s->n ? (size_t)k : (size_t)s->n;
		snprintf(s->label_rule, sizeof(s->label_rule), "top %ld by %s", k,
		         s->opt->size_by);
	} else {
		/* a list of keys: those orgs, in the given order of centrality */
		const char *p = rule;

		while (*p) {
			const char *comma = strchr(p, ',');
			size_t len = comma ? (size_t)(comma - p) : strlen(p);
			char key[512];
			igraph_integer_t v, w = -1;
			co_status status;

			snprintf(key, sizeof(key), "%.*s", (int)(len < sizeof(key) ? len : sizeof(key) - 1), p);
			if ((status = co_network_find(&v, s->net, s->store, key)) != CO_OK) {
				free(all);
				return co_error_set(status, "--labels: no org '%s' in the view", key);
			}
			for (igraph_integer_t i = 0; i < s->n; i++)
				if (s->vmap[i] == v)
					w = i;
			if (w >= 0)
				all[n++] = w;
			p = comma ? comma + 1 : p + len;
		}
		qsort(all, n, sizeof(*all), compare_priority);
		snprintf(s->label_rule, sizeof(s->label_rule), "%zu named org%s", n, n == 1 ? "" : "s");
	}
	priority_values = NULL;
	priority_orgs = NULL;
	*order = all;
	*count = n;
	return CO_OK;
}

static co_status place_labels(scene *s, cairo_t *cr)
{
	igraph_integer_t *order = NULL;
	size_t count = 0, n_cells;
	grid g = {0};
	bucket *cells = NULL;
	PangoLayout *layout = NULL;
	co_status status;
	double gap = 2 * s->u, pad = 1 * s->u;

	if ((status = label_candidates(s, &order, &count)) != CO_OK)
		return status;
	s->labels_asked = count;
	if (count == 0)
		goto done;
	if ((status = grid_nodes(&g, s)) != CO_OK)
		goto done;
	n_cells = (size_t)g.nx * (size_t)g.ny;
	if (!(cells = calloc(n_cells, sizeof(*cells))) ||
	    !(s->labels = calloc(count + 1, sizeof(*s->labels)))) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	/* the geo note is an obstacle too: an entry with no org (v = -1) */
	if (unplaced_note(s, cr, &s->labels[0].b)) {
		s->labels[0].v = -1;
		if (!bucket_add(cells, &g, &s->labels[0].b, 0)) {
			status = co_error_set(CO_ENOMEM, "out of memory");
			goto done;
		}
		s->n_labels = 1;
	}
	layout = text_layout(cr, "Sans", LABEL_FONT_SIZE * s->u, 0);
	for (size_t k = 0; k < count; k++) {
		igraph_integer_t v = order[k];
		const char *text = s->orgs[v].name && s->orgs[v].name[0] ? s->orgs[v].name : s->orgs[v].key;
		double w, h, x = s->x[v], y = s->y[v], r = s->r[v] + gap;
		double d = r * 0.7071;
		box tries[8];
		int placed = 0;

		pango_layout_set_text(layout, text, -1);
		text_size(layout, &w, &h);
		/* right, left, above, below, then the four corners */
		tries[0] = (box){x + r, y - h / 2, x + r + w, y + h / 2};
		tries[1] = (box){x - r - w, y - h / 2, x - r, y + h / 2};
		tries[2] = (box){x - w / 2, y - r - h, x + w / 2, y - r};
		tries[3] = (box){x - w / 2, y + r, x + w / 2, y + r + h};
		tries[4] = (box){x + d, y - d - h, x + d + w, y - d};
		tries[5] = (box){x - d - w, y - d - h, x - d, y - d};
		tries[6] = (box){x + d, y + d, x + d + w, y + d + h};
		tries[7] = (box){x - d - w, y + d, x - d, y + d + h};
		for (int t = 0; t < 8 && !placed; t++) {
			box b = tries[t], grown = {b.x0 - pad, b.y0 - pad, b.x1 + pad, b.y1 + pad};

			if (b.x0 < s->plot.x0 || b.x1 > s->plot.x1 || b.y0 < s->plot.y0 || b.y1 > s->plot.y1)
				continue;
			if (box_hits_labels(cells, &g, s, &grown) || box_hits_nodes(&g, s, &b, pad))
				continue;
			s->labels[s->n_labels].v = v;
			s->labels[s->n_labels].b = b;
			if (!(s->labels[s->n_labels].text = strdup(text)) ||
			    !bucket_add(cells, &g, &b, s->n_labels)) {
				free(s->labels[s->n_labels].text);
				status = co_error_set(CO_ENOMEM, "out of memory");
				goto done;
			}
			s->n_labels++;
			placed = 1;
		}
		if (!placed)
			s->labels_dropped++;
	}
done:
	if (layout)
		g_object_unref(layout);
	for (size_t c = 0; cells && c < (size_t)g.nx * (size_t)g.ny; c++)
		free(cells[c].items);
	free(cells);
	grid_free(&g);
	free(order);
	return status;
}

/* ---- drawing ----------------------------------------------------------- */

static void set_color(cairo_t *cr, rgb c, double alpha)
{
	cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha);
}

static double tie_alpha(const scene *s)
{
	return fmin(fmax(20.0 / sqrt((double)(s->m > 0 ? s->m : 1)), 0.05), 0.55);
}

/* Width of a tie of weight w: u * base * (0.6 + 1.4 sqrt(w / max)),
 * quantized to 8 levels so that ties batch by width. */
static double tie_width(const scene *s, double weight, double max_weight)
{
	double base = s->m > 20000 ? 0.25 : s->m > 2000 ? 0.5 : 1.1;
	double t = max_weight > 0 ? sqrt(fmin(weight / max_weight, 1)) : 1;
	double level = round(t * 7) / 7;

	return s->u * base * (0.6 + 1.4 * level);
}

static void draw_outlines(scene *s, cairo_t *cr)
{
	double ax0 = INFINITY, ay0 = INFINITY, ax1 = -INFINITY, ay1 = -INFINITY;
	double hx0 = INFINITY, hy0 = INFINITY, hx1 = -INFINITY, hy1 = -INFINITY;

	if (!s->geo)
		return;
	cairo_save(cr);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	for (size_t i = 0; i < co_geo_count(s->geo); i++) {
		size_t n_rings;
		const double *const *pts;
		const size_t *lens;
		int alaska = strcmp(co_geo_postal(s->geo, i), "AK") == 0;
		int hawaii = strcmp(co_geo_postal(s->geo, i), "HI") == 0;

		co_geo_rings(s->geo, i, &n_rings, &pts, &lens);
		cairo_new_path(cr);
		for (size_t r = 0; r < n_rings; r++) {
			for (size_t k = 0; k < lens[r]; k++) {
				double x = s->tx + s->scale * pts[r][2 * k];
				double y = s->ty + s->scale * pts[r][2 * k + 1];

				if (k == 0)
					cairo_move_to(cr, x, y);
				else
					cairo_line_to(cr, x, y);
				if (alaska) {
					ax0 = fmin(ax0, x); ax1 = fmax(ax1, x);
					ay0 = fmin(ay0, y); ay1 = fmax(ay1, y);
				} else if (hawaii) {
					hx0 = fmin(hx0, x); hx1 = fmax(hx1, x);
					hy0 = fmin(hy0, y); hy1 = fmax(hy1, y);
				}
			}
			cairo_close_path(cr);
		}
		cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
		cairo_set_source_rgb(cr, 0.91, 0.91, 0.89);
		cairo_fill_preserve(cr);
		/* thin borders, so that small islands keep their fill */
		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_set_line_width(cr, 0.6 * s->u);
		cairo_stroke(cr);
	}
	/* Frame the insets, so that nobody reads Alaska as off Baja California. */
	cairo_set_source_rgb(cr, 0.7, 0.7, 0.7);
	cairo_set_line_width(cr, 0.6 * s->u);
	if (isfinite(ax0))
		cairo_rectangle(cr, ax0 - 4 * s->u, ay0 - 4 * s->u, ax1 - ax0 + 8 * s->u, ay1 - ay0 + 8 * s->u);
	if (isfinite(hx0))
		cairo_rectangle(cr, hx0 - 4 * s->u, hy0 - 4 * s->u, hx1 - hx0 + 8 * s->u, hy1 - hy0 + 8 * s->u);
	cairo_stroke(cr);
	/* Name the row of orgs without a location. */
	{
		box note;

		if (unplaced_note(s, cr, &note)) {
			PangoLayout *layout = text_layout(cr, "Sans", 8 * s->u, 0);

			pango_layout_set_text(layout, UNPLACED_NOTE, -1);
			cairo_set_source_rgb(cr, 0.45, 0.45, 0.47);
			cairo_move_to(cr, note.x0, note.y0);
			pango_cairo_show_layout(cr, layout);
			g_object_unref(layout);
		}
	}
	cairo_restore(cr);
}

/* Strokes the segments added so far every CO_EDGE_BATCH segments. */
typedef struct {
	cairo_t *cr;
	int pending;
} batch;

static void batch_line(batch *b, double x0, double y0, double x1, double y1)
{
	cairo_move_to(b->cr, x0, y0);
	cairo_line_to(b->cr, x1, y1);
	if (++b->pending >= CO_EDGE_BATCH) {
		cairo_stroke(b->cr);
		b->pending = 0;
	}
}

static void batch_flush(batch *b)
{
	if (b->pending)
		cairo_stroke(b->cr);
	b->pending = 0;
}

/* Dashes cost Cairo one segment per dash: on maps of more than 20000
 * ties and links, friction ties are drawn solid red and federation links
 * solid faint blue instead (the legend shows the same styles). */
static int plain_styles(const scene *s)
{
	return s->m + s->n_federation > 20000;
}

/* Big PNG maps: the same ties and styles as draw_ties() below, written by
 * raster.c straight into the image (Cairo's per-stroke cost dominated:
 * 15 s of CPU for the 1.1M ties of synth --chapters 200000 at 2000 x 2000,
 * against about 3 s for raster.c; the pictures differ by at most one level
 * in 99% of pixels).  Collaboration ties go opaque into a plane painted at
 * 45%, as the group of draw_ties() is; federation links and friction ties
 * are translucent and stack where they cross, as Cairo strokes them. */
static co_status draw_ties_fast(scene *s, co_raster *fast, double max_weight)
{
	double alpha = tie_alpha(s);
	const double grey[3] = {tie_grey.r, tie_grey.g, tie_grey.b};
	const double blue[3] = {federation_blue.r, federation_blue.g, federation_blue.b};
	const double red[3] = {friction_red.r, friction_red.g, friction_red.b};
	co_status status = CO_OK;

	for (igraph_integer_t e = 0; status == CO_OK && e < s->m; e++) {
		const co_tie *t = scene_tie(s, e);

		if (t->sign > 0)
			status = co_raster_cover(fast, s->x[tie_from(s, e)], s->y[tie_from(s, e)],
			                         s->x[tie_to(s, e)], s->y[tie_to(s, e)],
			                         tie_width(s, t->weight, max_weight), 1);
	}
	co_raster_paint(fast, grey, 0.45);
	for (igraph_integer_t v = 0; status == CO_OK && v < s->n; v++) {
		igraph_integer_t p = s->orgs[v].parent;

		if (p >= 0)
			status = co_raster_cover(fast, s->x[v], s->y[v], s->x[p], s->y[p], 0.3 * s->u,
			                         alpha);
	}
	co_raster_paint(fast, blue, 1);
	for (igraph_integer_t e = 0; status == CO_OK && e < s->m; e++)
		if (scene_tie(s, e)->sign < 0)
			status = co_raster_cover(fast, s->x[tie_from(s, e)], s->y[tie_from(s, e)],
			                         s->x[tie_to(s, e)], s->y[tie_to(s, e)], 0.5 * s->u,
			                         fmax(alpha, 0.3));
	co_raster_paint(fast, red, 1);
	return status;
}

static void draw_ties(scene *s, cairo_t *cr, double max_weight)
{
	int plain = plain_styles(s);

	double alpha = tie_alpha(s);
	double dash[2];
	batch b = {cr, 0};

	cairo_save(cr);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	/* collaboration ties, one width level at a time.  Big maps stroke them
	 * opaque into a group painted translucent once: a translucent source
	 * made each stroke 2.3 times slower (measured, 105k ties). */
	if (plain) {
		cairo_push_group(cr);
		set_color(cr, tie_grey, 1);
	} else {
		set_color(cr, tie_grey, alpha);
	}
	for (int level = 0; level <= 7; level++) {
		double width = s->u * (s->m > 20000 ? 0.25 : s->m > 2000 ? 0.5 : 1.1) *
		               (0.6 + 1.4 * level / 7.0);
		int any = 0;

		cairo_set_line_width(cr, width);
		for (igraph_integer_t e = 0; e < s->m; e++) {
			const co_tie *t = scene_tie(s, e);
			if (t->sign < 0 || fabs(tie_width(s, t->weight, max_weight) - width) > 1e-9)
				continue;
			batch_line(&b, s->x[tie_from(s, e)], s->y[tie_from(s, e)],
			           s->x[tie_to(s, e)], s->y[tie_to(s, e)]);
			any = 1;
		}
		if (any)
			batch_flush(&b);
	}
	if (plain) {
		cairo_pop_group_to_source(cr);
		cairo_paint_with_alpha(cr, 0.45);
	}
	/* federation links: member -> parent, dotted blue */
	if (s->n_federation > 0) {
		dash[0] = 1.2 * s->u;
		dash[1] = 2.4 * s->u;
		if (!plain)
			cairo_set_dash(cr, dash, 2, 0);
		set_color(cr, federation_blue, plain ? alpha : fmax(alpha, 0.35));
		cairo_set_line_width(cr, (plain ? 0.3 : 0.8) * s->u);
		for (igraph_integer_t v = 0; v < s->n; v++) {
			igraph_integer_t p = s->orgs[v].parent;
			if (p >= 0)
				batch_line(&b, s->x[v], s->y[v], s->x[p], s->y[p]);
		}
		batch_flush(&b);
		cairo_set_dash(cr, NULL, 0, 0);
	}
	/* friction ties on top: red, dashed */
	if (s->n_friction > 0) {
		dash[0] = 4 * s->u;
		dash[1] = 2.5 * s->u;
		if (!plain)
			cairo_set_dash(cr, dash, 2, 0);
		set_color(cr, friction_red, plain ? fmax(alpha, 0.3) : fmax(alpha, 0.85));
		for (igraph_integer_t e = 0; e < s->m; e++) {
			const co_tie *t = scene_tie(s, e);
			if (t->sign > 0)
				continue;
			if (plain) {
				cairo_set_line_width(cr, 0.5 * s->u);
				batch_line(&b, s->x[tie_from(s, e)], s->y[tie_from(s, e)],
				           s->x[tie_to(s, e)], s->y[tie_to(s, e)]);
				continue;
			}
			cairo_set_line_width(cr, fmax(tie_width(s, t->weight, max_weight), 1.0 * s->u));
			batch_line(&b, s->x[tie_from(s, e)], s->y[tie_from(s, e)],
			           s->x[tie_to(s, e)], s->y[tie_to(s, e)]);
			batch_flush(&b);
		}
		batch_flush(&b);
	}
	cairo_restore(cr);
}

static const double *radius_values; /* for qsort, which has no context argument */

static int compare_radius(const void *a, const void *b)
{
	igraph_integer_t i = *(const igraph_integer_t *)a, j = *(const igraph_integer_t *)b;

	if (radius_values[i] != radius_values[j])
		return radius_values[i] > radius_values[j] ? -1 : 1;
	return i < j ? -1 : i > j;
}

/* Small maps: the largest orgs first, each filled then outlined in white,
 * so that a small org next to a large one stays visible on top.  Large
 * maps: one color at a time, in batches, without outlines. */
static co_status draw_nodes(scene *s, cairo_t *cr)
{
	cairo_save(cr);
	if (s->n <= 5000) {
		igraph_integer_t *order = xcalloc((size_t)s->n, sizeof(*order));

		if (!order) {
			cairo_restore(cr);
			return co_error_set(CO_ENOMEM, "out of memory");
		}
		for (igraph_integer_t v = 0; v < s->n; v++)
			order[v] = v;
		radius_values = s->r;
		qsort(order, (size_t)s->n, sizeof(*order), compare_radius);
		radius_values = NULL;
		cairo_set_line_width(cr, 0.6 * s->u);
		for (igraph_integer_t i = 0; i < s->n; i++) {
			igraph_integer_t v = order[i];

			cairo_new_sub_path(cr);
			cairo_arc(cr, s->x[v], s->y[v], s->r[v], 0, 2 * M_PI);
			set_color(cr, s->colors[s->color_of[v]].color, 1);
			cairo_fill_preserve(cr);
			cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
			cairo_stroke(cr);
		}
		free(order);
		cairo_restore(cr);
		return CO_OK;
	}
	/* One fill per org: Cairo composites over the extents of each fill, so
	 * a batch of scattered discs would cost the area of the whole page. */
	for (size_t c = 0; c < s->n_colors; c++) {
		set_color(cr, s->colors[c].color, 1);
		for (igraph_integer_t v = 0; v < s->n; v++) {
			if ((size_t)s->color_of[v] != c)
				continue;
			cairo_arc(cr, s->x[v], s->y[v], s->r[v], 0, 2 * M_PI);
			cairo_fill(cr);
		}
	}
	cairo_restore(cr);
	return CO_OK;
}

/* Kinds layout: faint circles on the rings, so that the reader sees them. */
static void draw_rings(scene *s, cairo_t *cr)
{
	double drawn[64];
	int n_drawn = 0;

	if (s->opt->layout != CO_LAYOUT_KINDS)
		return;
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0.88, 0.88, 0.9);
	cairo_set_line_width(cr, 1.0 * s->u);
	for (igraph_integer_t v = 0; v < s->n && n_drawn < 64; v++) {
		double d = round(hypot(MATRIX(s->layout.xy, v, 0), MATRIX(s->layout.xy, v, 1)));
		int seen = d <= 0;

		for (int i = 0; i < n_drawn && !seen; i++)
			seen = drawn[i] == d;
		if (seen)
			continue;
		drawn[n_drawn++] = d;
		cairo_new_sub_path(cr);
		cairo_arc(cr, s->tx, s->ty, d * s->scale, 0, 2 * M_PI);
		cairo_stroke(cr);
	}
	cairo_restore(cr);
}

static void draw_labels(scene *s, cairo_t *cr)
{
	PangoLayout *layout;

	if (s->n_labels == 0)
		return;
	layout = text_layout(cr, "Sans", LABEL_FONT_SIZE * s->u, 0);
	for (size_t k = 0; k < s->n_labels; k++) {
		const box *b = &s->labels[k].b;

		if (s->labels[k].v < 0)
			continue;
		cairo_set_source_rgba(cr, 1, 1, 1, 0.8);
		cairo_rectangle(cr, b->x0, b->y0, b->x1 - b->x0, b->y1 - b->y0);
		cairo_fill(cr);
		set_color(cr, ink, 1);
		pango_layout_set_text(layout, s->labels[k].text, -1);
		cairo_move_to(cr, b->x0, b->y0);
		pango_cairo_show_layout(cr, layout);
	}
	g_object_unref(layout);
}

/* Shows text at (x, y) (top left), at most `width` wide (ellipsized);
 * returns its height. */
static double show_text(cairo_t *cr, const char *text, double x, double y, double size,
                        int bold, rgb color, double width)
{
	PangoLayout *layout = text_layout(cr, "Sans", size, bold);
	double w, h;

	pango_layout_set_text(layout, text, -1);
	if (width > 0) {
		pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
		pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
	}
	text_size(layout, &w, &h);
	set_color(cr, color, 1);
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, layout);
	g_object_unref(layout);
	return h;
}

static void format_value(char *buf, size_t size, double v)
{
	if (fabs(v) >= 100 || v == floor(v))
		snprintf(buf, size, "%.0f", v);
	else if (fabs(v) >= 1)
		snprintf(buf, size, "%.2f", v);
	else
		snprintf(buf, size, "%.3g", v);
}

/* Draws the legend column and records its entries in `entries` (JSON). */
static void draw_legend(scene *s, cairo_t *cr, json_t *entries, double max_weight)
{
	double u = s->u, x = s->plot.x1 + 12 * u, width = s->W - 12 * u - x;
	double y = s->plot.y0, bottom = s->H - 12 * u - 30 * u, line = 15 * u, text = 8.5 * u;
	double sw = 22 * u; /* swatch column */
	char buf[256];

	cairo_save(cr);
	y += show_text(cr, s->color_title, x, y, 9.5 * u, 1, ink, width) + 4 * u;
	if (s->ramp) {
		/* a gradient bar, min at the bottom */
		double bar_h = fmin(RAMP_BINS * 8 * u, bottom - y - 200 * u);
		for (int i = 0; i < RAMP_BINS && bar_h > 0; i++) {
			set_color(cr, s->colors[i].color, 1);
			cairo_rectangle(cr, x, y + bar_h * (RAMP_BINS - 1 - i) / RAMP_BINS, 12 * u,
			                bar_h / RAMP_BINS + 0.5);
			cairo_fill(cr);
		}
		format_value(buf, sizeof(buf), s->ramp_max);
		show_text(cr, buf, x + sw, y - 2 * u, text, 0, ink, width - sw);
		format_value(buf, sizeof(buf), s->ramp_min);
		show_text(cr, buf, x + sw, y + bar_h - text * 1.3, text, 0, ink, width - sw);
		json_array_append_new(entries, json_pack("{s:s,s:s,s:f,s:f}", "section", "color",
			"label", s->opt->color_by, "min", s->ramp_min, "max", s->ramp_max));
		y += bar_h + 6 * u;
		for (size_t c = RAMP_BINS; c < s->n_colors; c++) {
			set_color(cr, s->colors[c].color, 1);
			cairo_arc(cr, x + 6 * u, y + line / 2, 5 * u, 0, 2 * M_PI);
			cairo_fill(cr);
			snprintf(buf, sizeof(buf), "%s (%zu)", s->colors[c].label, s->colors[c].count);
			show_text(cr, buf, x + sw, y + 1.5 * u, text, 0, ink, width - sw);
			json_array_append_new(entries, json_pack("{s:s,s:s,s:I}", "section", "color",
				"label", s->colors[c].label, "count", (json_int_t)s->colors[c].count));
			y += line;
		}
	} else {
		for (size_t c = 0; c < s->n_colors && y + line < bottom; c++) {
			set_color(cr, s->colors[c].color, 1);
			cairo_arc(cr, x + 6 * u, y + line / 2, 5 * u, 0, 2 * M_PI);
			cairo_fill(cr);
			snprintf(buf, sizeof(buf), "%s (%zu)", s->colors[c].label, s->colors[c].count);
			show_text(cr, buf, x + sw, y + 1.5 * u, text, 0, ink, width - sw);
			json_array_append_new(entries, json_pack("{s:s,s:s,s:I}", "section", "color",
				"label", s->colors[c].label, "count", (json_int_t)s->colors[c].count));
			y += line;
		}
	}
	/* size scale: the smallest, middle and largest values */
	y += 8 * u;
	if (s->n > 0 && isfinite(s->size_min) && y + 80 * u < bottom) {
		double values[3] = {s->size_min, (s->size_min + s->size_max) / 2, s->size_max};

		if (strcmp(s->opt->size_by, "degree") == 0)
			values[1] = round(values[1]);
		int shown = s->size_max > s->size_min ? 3 : 1;

		y += show_text(cr, s->size_title, x, y, 9.5 * u, 1, ink, width) + 4 * u;
		for (int i = 0; i < 3; i++) {
			double t, r, step;

			if (shown == 1 && i != 1)
				continue;
			t = s->size_max > s->size_min ? (values[i] - s->size_min) /
			    (s->size_max - s->size_min) : 0.5;
			r = s->rmin + (s->rmax - s->rmin) * sqrt(t);
			step = fmax(2 * r + 4 * u, line);
			set_color(cr, ink, 0.55);
			cairo_arc(cr, x + 6 * u + fmax(0, s->rmax - 6 * u) / 2, y + step / 2, r, 0, 2 * M_PI);
			cairo_fill(cr);
			format_value(buf, sizeof(buf), values[i]);
			show_text(cr, buf, x + sw + fmax(0, s->rmax - 6 * u), y + step / 2 - text * 0.65,
			          text, 0, ink, width - sw);
			json_array_append_new(entries, json_pack("{s:s,s:s,s:f,s:f}", "section", "size",
				"label", buf, "value", values[i], "r", r));
			y += step;
		}
	}
	/* tie styles present */
	y += 8 * u;
	if (y + 4 * line < bottom) {
		igraph_integer_t positive = s->m - s->n_friction;
		double dash[2];

		y += show_text(cr, "Ties", x, y, 9.5 * u, 1, ink, width) + 4 * u;
		if (positive > 0) {
			set_color(cr, tie_grey, 0.9);
			cairo_set_line_width(cr, tie_width(s, max_weight, max_weight));
			cairo_move_to(cr, x, y + line / 2);
			cairo_line_to(cr, x + 16 * u, y + line / 2);
			cairo_stroke(cr);
			snprintf(buf, sizeof(buf), "collaboration, width = weight (%" IGRAPH_PRId ")", positive);
			show_text(cr, buf, x + sw, y + 1.5 * u, text, 0, ink, width - sw);
			json_array_append_new(entries, json_pack("{s:s,s:s,s:I}", "section", "ties",
				"label", "collaboration", "count", (json_int_t)positive));
			y += line;
		}
		if (s->n_friction > 0) {
			dash[0] = 4 * u;
			dash[1] = 2.5 * u;
			if (!plain_styles(s))
				cairo_set_dash(cr, dash, 2, 0);
			set_color(cr, friction_red, 1);
			cairo_set_line_width(cr, 1.2 * u);
			cairo_move_to(cr, x, y + line / 2);
			cairo_line_to(cr, x + 16 * u, y + line / 2);
			cairo_stroke(cr);
			cairo_set_dash(cr, NULL, 0, 0);
			snprintf(buf, sizeof(buf), "friction (%" IGRAPH_PRId ")", s->n_friction);
			show_text(cr, buf, x + sw, y + 1.5 * u, text, 0, ink, width - sw);
			json_array_append_new(entries, json_pack("{s:s,s:s,s:I}", "section", "ties",
				"label", "friction", "count", (json_int_t)s->n_friction));
			y += line;
		}
		if (s->n_federation > 0) {
			dash[0] = 1.2 * u;
			dash[1] = 2.4 * u;
			if (!plain_styles(s))
				cairo_set_dash(cr, dash, 2, 0);
			set_color(cr, federation_blue, 0.8);
			cairo_set_line_width(cr, 0.8 * u);
			cairo_move_to(cr, x, y + line / 2);
			cairo_line_to(cr, x + 16 * u, y + line / 2);
			cairo_stroke(cr);
			cairo_set_dash(cr, NULL, 0, 0);
			snprintf(buf, sizeof(buf), "federation: member of parent (%" IGRAPH_PRId ")", s->n_federation);
			show_text(cr, buf, x + sw, y + 1.5 * u, text, 0, ink, width - sw);
			json_array_append_new(entries, json_pack("{s:s,s:s,s:I}", "section", "ties",
				"label", "federation", "count", (json_int_t)s->n_federation));
			y += line;
		}
	}
	/* notes: labels, unplaced orgs */
	y += 8 * u;
	if (y + 2 * line < bottom) {
		if (s->labels_asked > 0)
			snprintf(buf, sizeof(buf), "Labels: %s; %zu shown, %zu left out to avoid overlaps",
			         s->label_rule, s->labels_asked - s->labels_dropped, s->labels_dropped);
		else
			snprintf(buf, sizeof(buf), "Labels: %s", s->label_rule);
		PangoLayout *layout = text_layout(cr, "Sans", 7.5 * u, 0);
		double w, h;

		pango_layout_set_text(layout, buf, -1);
		pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(layout, PANGO_WRAP_WORD);
		text_size(layout, &w, &h);
		set_color(cr, ink, 0.8);
		cairo_move_to(cr, x, y);
		pango_cairo_show_layout(cr, layout);
		y += h + 4 * u;
		if (plain_styles(s)) {
			pango_layout_set_text(layout, "Over 20000 ties and links: friction and federation "
			                      "are drawn solid, not dashed", -1);
			text_size(layout, &w, &h);
			cairo_move_to(cr, x, y);
			pango_cairo_show_layout(cr, layout);
			y += h + 4 * u;
		}
		if (s->color_note[0]) {
			pango_layout_set_text(layout, s->color_note, -1);
			text_size(layout, &w, &h);
			cairo_move_to(cr, x, y);
			pango_cairo_show_layout(cr, layout);
			y += h + 4 * u;
		}
		if (s->opt->layout == CO_LAYOUT_KINDS) {
			size_t used = (size_t)snprintf(buf, sizeof(buf), "Rings, from the center out:");
			for (size_t c = 0; c < s->n_colors && used < sizeof(buf); c++)
				used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s %s",
				                         c ? "," : "", s->colors[c].label);
			if (strcmp(s->opt->color_by, "kind") != 0)
				snprintf(buf, sizeof(buf), "Rings by kind of organization, national at the center");
			pango_layout_set_text(layout, buf, -1);
			text_size(layout, &w, &h);
			cairo_move_to(cr, x, y);
			pango_cairo_show_layout(cr, layout);
			y += h + 4 * u;
		}
		if (s->opt->layout == CO_LAYOUT_GEO && (s->layout.unplaced || s->layout.by_state)) {
			snprintf(buf, sizeof(buf), "%" IGRAPH_PRId " orgs without a location are in the row "
			         "below the map; %" IGRAPH_PRId " without coordinates sit at their state's center",
			         s->layout.unplaced, s->layout.by_state);
			pango_layout_set_text(layout, buf, -1);
			cairo_move_to(cr, x, y);
			pango_cairo_show_layout(cr, layout);
		}
		g_object_unref(layout);
	}
	cairo_restore(cr);
}

static void today(char *buf, size_t size)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	time_t t = epoch && epoch[0] ? (time_t)strtoll(epoch, NULL, 10) : time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%d", &tm);
}

static void draw_titles(scene *s, cairo_t *cr)
{
	double u = s->u, m = 12 * u, width = s->W - 2 * m;
	char title[512], subtitle[512], caption[1024], view[512], date[32];

	if (s->opt->title)
		snprintf(title, sizeof(title), "%s", s->opt->title);
	else if (s->opt->ego)
		snprintf(title, sizeof(title), "Coalition map around %s (within %d step%s)",
		         s->center_name && s->center_name[0] ? s->center_name : s->opt->ego, s->opt->depth,
		         s->opt->depth == 1 ? "" : "s");
	else
		snprintf(title, sizeof(title), "Coalition map");
	if (s->opt->subtitle)
		snprintf(subtitle, sizeof(subtitle), "%s", s->opt->subtitle);
	else
		snprintf(subtitle, sizeof(subtitle),
		         "%" IGRAPH_PRId " organizations and %" IGRAPH_PRId " ties (%" IGRAPH_PRId
		         " friction) \u00b7 layout: %s \u00b7 color: %s \u00b7 size: %s",
		         s->n, s->m, s->n_friction, co_layout_name(s->opt->layout), s->opt->color_by,
		         s->opt->size_by);
	co_view_describe(&s->net->view, view, sizeof(view));
	if (s->opt->date)
		snprintf(date, sizeof(date), "%s", s->opt->date);
	else
		today(date, sizeof(date));
	snprintf(caption, sizeof(caption), "Store: %s \u00b7 View: %s \u00b7 Drawn %s by coalition %s (seed %lu)%s",
	         s->opt->store_label ? s->opt->store_label :
	         s->store ? co_store_path(s->store) : "(none)",
	         view, date, CO_VERSION, s->opt->seed,
	         s->opt->layout == CO_LAYOUT_GEO ? " \u00b7 State outlines: US Census via d3 (public domain)" : "");
	show_text(cr, title, m, m, 16 * u, 1, ink, width);
	show_text(cr, subtitle, m, m + 26 * u, 10 * u, 0, (rgb){0.35, 0.35, 0.38}, width);
	show_text(cr, caption, m, s->H - m - 16 * u, 7.5 * u, 0, (rgb){0.4, 0.4, 0.42}, width);
}

/* ---- dump -------------------------------------------------------------- */

static co_status dump_layout(scene *s, json_t *legend)
{
	json_t *doc = json_object(), *nodes = json_array(), *labels = json_array();
	co_status status = CO_OK;

	if (!doc || !nodes || !labels) {
		json_decref(doc);
		json_decref(nodes);
		json_decref(labels);
		return co_error_set(CO_ENOMEM, "out of memory");
	}
	json_object_set_new(doc, "width", json_integer(s->opt->width));
	json_object_set_new(doc, "height", json_integer(s->opt->height));
	json_object_set_new(doc, "layout", json_string(co_layout_name(s->opt->layout)));
	json_object_set_new(doc, "seed", json_integer((json_int_t)s->opt->seed));
	json_object_set_new(doc, "plot", json_pack("{s:f,s:f,s:f,s:f}", "x0", s->plot.x0,
		"y0", s->plot.y0, "x1", s->plot.x1, "y1", s->plot.y1));
	json_object_set_new(doc, "transform", json_pack("{s:f,s:f,s:f}", "scale", s->scale,
		"tx", s->tx, "ty", s->ty));
	for (igraph_integer_t v = 0; v < s->n; v++)
		json_array_append_new(nodes, json_pack("{s:s,s:s,s:f,s:f,s:f}", "key", s->orgs[v].key,
			"kind", s->orgs[v].kind ? s->orgs[v].kind : "", "x", s->x[v], "y", s->y[v],
			"r", s->r[v]));
	json_object_set_new(doc, "nodes", nodes);
	for (size_t k = 0; k < s->n_labels; k++) {
		const placed_label *l = &s->labels[k];
		if (l->v < 0)
			continue;
		json_array_append_new(labels, json_pack("{s:s,s:s,s:f,s:f,s:f,s:f}",
			"key", s->orgs[l->v].key, "text", l->text, "x0", l->b.x0, "y0", l->b.y0,
			"x1", l->b.x1, "y1", l->b.y1));
	}
	json_object_set_new(doc, "labels", labels);
	json_object_set_new(doc, "labels_asked", json_integer((json_int_t)s->labels_asked));
	json_object_set_new(doc, "labels_dropped", json_integer((json_int_t)s->labels_dropped));
	json_object_set_new(doc, "legend", json_incref(legend));
	if (s->geo) {
		json_t *outlines = json_array();
		for (size_t i = 0; outlines && i < co_geo_count(s->geo); i++) {
			size_t n_rings;
			const double *const *pts;
			const size_t *lens;
			json_t *rings = json_array();

			co_geo_rings(s->geo, i, &n_rings, &pts, &lens);
			for (size_t r = 0; r < n_rings; r++) {
				json_t *ring = json_array();
				for (size_t k = 0; k < lens[r]; k++)
					json_array_append_new(ring, json_pack("[f,f]",
						s->tx + s->scale * pts[r][2 * k], s->ty + s->scale * pts[r][2 * k + 1]));
				json_array_append_new(rings, ring);
			}
			json_array_append_new(outlines, json_pack("{s:s,s:o}", "state",
				co_geo_postal(s->geo, i), "rings", rings));
		}
		json_object_set_new(doc, "outlines", outlines);
	}
	if (json_dump_file(doc, s->opt->dump_path, JSON_INDENT(1) | JSON_REAL_PRECISION(12)) != 0)
		status = co_error_set(CO_EIO, "cannot write %s: %s", s->opt->dump_path, strerror(errno));
	json_decref(doc);
	return status;
}

/* ---- the whole map ----------------------------------------------------- */

static void scene_free(scene *s)
{
	if (s->has_sub)
		igraph_destroy(&s->sub);
	if (s->has_layout)
		co_layout_free(&s->layout);
	co_geo_free(s->geo);
	for (size_t k = 0; k < s->n_labels; k++)
		free(s->labels[k].text);
	free(s->labels);
	free(s->orgs);
	free(s->vmap);
	free(s->emap);
	free(s->size_value);
	free(s->degree);
	free(s->color_of);
	free(s->x);
	free(s->y);
	free(s->r);
}

static co_status check_options(const co_render_options *o, int to_context)
{
	if (!o->out_path && !to_context)
		return co_error_set(CO_EINVAL, "no output file (--out FILE.png|svg|pdf)");
	if (o->width < 100 || o->width > 30000 || o->height < 100 || o->height > 30000)
		return co_error_set(CO_EINVAL, "--width and --height must be between 100 and 30000, not %d x %d",
		                    o->width, o->height);
	if (!(o->dpi >= 24 && o->dpi <= 2400))
		return co_error_set(CO_EINVAL, "--dpi must be between 24 and 2400, not %g", o->dpi);
	if (o->depth < 0)
		return co_error_set(CO_EINVAL, "--depth must be 0 or more, not %d", o->depth);
	if (o->layout == CO_LAYOUT_GEO && !o->geo_dir)
		return co_error_set(CO_EINVAL, "the geo layout needs the directory of us-states.geojson");
	return CO_OK;
}

void co_render_kind_color(double rgb_out[3], const char *kind)
{
	rgb c = grey_other;

	for (int k = 0; kind && co_layout_kind_rings[k]; k++)
		if (strcmp(kind, co_layout_kind_rings[k]) == 0)
			c = kind_colors[k];
	rgb_out[0] = c.r;
	rgb_out[1] = c.g;
	rgb_out[2] = c.b;
}

/* co_render() when `target` is NULL, else co_render_cairo() on `target`. */
/* ---- output files ------------------------------------------------------
 * Every map goes to a temporary file next to --out, renamed over it once
 * complete and synced, so a failed write (a full disk) leaves no partial
 * file and an older map as it was.  SVG and PDF go through a FILE the
 * renderer owns (Cairo's own file output once reported success for a PDF
 * cut short by a full disk). */
typedef struct {
	FILE *f;
	char *tmp;               /* the temporary file's path */
	int failed, err;         /* a write failed, with this errno */
} out_file;

static cairo_status_t out_write(void *closure, const unsigned char *data, unsigned int length)
{
	out_file *o = closure;

	if (!o->f || o->failed)
		return CAIRO_STATUS_WRITE_ERROR;
	if (fwrite(data, 1, length, o->f) != length) {
		o->failed = 1;
		o->err = errno;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

static co_status out_open(out_file *o, const char *path)
{
	size_t n = strlen(path) + 16;
	int fd = -1;
	co_status status;

	memset(o, 0, sizeof(*o));
	if (!(o->tmp = malloc(n)))
		return co_error_set(CO_ENOMEM, "out of memory");
	snprintf(o->tmp, n, "%s.tmp.XXXXXX", path);
	if ((fd = mkstemp(o->tmp)) >= 0 && (o->f = fdopen(fd, "wb")))
		return CO_OK;
	status = co_error_set(CO_EIO, "cannot write %s: %s", path, strerror(errno));
	if (fd >= 0) {
		close(fd);
		unlink(o->tmp);
	}
	free(o->tmp);
	o->tmp = NULL;
	return status;
}

/* With status CO_OK completes the file (flush, sync, rename over path);
 * otherwise removes it.  Returns the status, or the failure found. */
static co_status out_close(out_file *o, const char *path, co_status status)
{
	int err;

	if (!o->tmp)
		return status;
	err = o->failed ? o->err : 0;
	if (status == CO_OK && (o->failed || fflush(o->f) != 0 || ferror(o->f) ||
	                        fsync(fileno(o->f)) != 0))
		status = co_error_set(CO_EIO, "cannot write %s: %s", path,
		                      strerror(err ? err : errno ? errno : EIO));
	if (fclose(o->f) != 0 && status == CO_OK)
		status = co_error_set(CO_EIO, "cannot write %s: %s", path, strerror(errno));
	o->f = NULL;
	if (status == CO_OK && rename(o->tmp, path) != 0)
		status = co_error_set(CO_EIO, "cannot write %s: %s", path, strerror(errno));
	if (status != CO_OK)
		unlink(o->tmp);
	free(o->tmp);
	o->tmp = NULL;
	return status;
}

/* libpng prints its errors unless given these; the library never prints. */
static void png_quiet_error(png_structp png, png_const_charp message)
{
	(void)message;
	png_longjmp(png, 1);
}

static void png_quiet_warning(png_structp png, png_const_charp message)
{
	(void)png;
	(void)message;
}

/* Writes the image as PNG with libpng rather than
 * cairo_surface_write_to_png(): zlib level 1 and the Up filter, and RGB
 * when every pixel is opaque (maps are painted white first).  Measured on
 * a 2000 x 2000 map of 1.1M ties: 0.10 s of CPU and 3.7 MB, against Cairo's
 * 0.53 s and 3.5 MB (level 6, all filters, always RGBA). */
static co_status write_png(cairo_surface_t *surface, const char *path)
{
	int w = cairo_image_surface_get_width(surface), h = cairo_image_surface_get_height(surface);
	int stride = cairo_image_surface_get_stride(surface), opaque = 1;
	const unsigned char *data;
	png_structp png = NULL;
	png_infop info = NULL;
	unsigned char *volatile row = NULL;
	FILE *volatile f = NULL;
	volatile co_status status = CO_OK;
	out_file file = {0};

	cairo_surface_flush(surface);
	data = cairo_image_surface_get_data(surface);
	for (int y = 0; y < h && opaque; y++)
		for (int x = 0; x < w && opaque; x++)
			opaque = ((const uint32_t *)(data + (size_t)y * (size_t)stride))[x] >> 24 == 255;
	if (!(row = malloc((size_t)w * 4 + 1)))
		return co_error_set(CO_ENOMEM, "out of memory");
	if ((status = out_open(&file, path)) != CO_OK)
		goto done;
	f = file.f;
	errno = 0;
	if (!(png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, png_quiet_error,
	                                    png_quiet_warning)) ||
	    !(info = png_create_info_struct(png))) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	if (setjmp(png_jmpbuf(png))) {
		status = co_error_set(CO_EIO, "cannot write %s: %s", path,
		                      errno ? strerror(errno) : "PNG encoder failed");
		goto done;
	}
	png_init_io(png, f);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8,
	             opaque ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGB_ALPHA, PNG_INTERLACE_NONE,
	             PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_set_compression_level(png, 1);
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
	png_write_info(png, info);
	for (int y = 0; y < h; y++) {
		const uint32_t *px = (const uint32_t *)(data + (size_t)y * (size_t)stride);
		unsigned char *out = row;

		for (int x = 0; x < w; x++) {
			/* Cairo's pixels are premultiplied ARGB in native order */
			uint32_t v = px[x], a = v >> 24;
			uint32_t r = (v >> 16) & 255, g = (v >> 8) & 255, b = v & 255;

			if (!opaque && a > 0 && a < 255) {
				r = (r * 255 + a / 2) / a;
				g = (g * 255 + a / 2) / a;
				b = (b * 255 + a / 2) / a;
			}
			*out++ = (unsigned char)(r > 255 ? 255 : r);
			*out++ = (unsigned char)(g > 255 ? 255 : g);
			*out++ = (unsigned char)(b > 255 ? 255 : b);
			if (!opaque)
				*out++ = (unsigned char)a;
		}
		png_write_row(png, row);
	}
	png_write_end(png, info);
done:
	if (png)
		png_destroy_write_struct(&png, info ? &info : NULL);
	status = out_close(&file, path, status);
	free(row);
	return status;
}

static co_status render_any(co_render_result *result, co_store *store, const co_network *net,
                            const co_render_options *options, cairo_t *target)
{
	scene s;
	cairo_surface_t *surface = NULL;
	cairo_t *cr = NULL;
	json_t *legend = NULL;
	igraph_vector_t weights;
	out_file out = {0};
	int have_weights = 0, builtin, saved = 0;
	double t0 = seconds_now(), max_weight = 0;
	co_status status;

	memset(result, 0, sizeof(*result));
	memset(&s, 0, sizeof(s));
	s.net = net;
	s.opt = options;
	s.store = store;
	if ((status = check_options(options, target != NULL)) != CO_OK)
		return status;
	co_error_install_igraph_handler();
	s.W = options->width;
	s.H = options->height;
	s.u = options->format == CO_RENDER_PNG && !target ? options->dpi / 72.0 : 1.0;
	if ((status = select_scene(&s)) != CO_OK)
		goto done;
	if (options->layout == CO_LAYOUT_GEO &&
	    (status = co_geo_load(&s.geo, options->geo_dir)) != CO_OK)
		goto done;
	if ((status = positive_weights(&weights, &s, 0.05)) != CO_OK)
		goto done;
	have_weights = 1;
	if ((status = co_layout_compute(&s.layout, s.graph, s.orgs, &weights, options->layout,
	                                options->seed, s.geo)) != CO_OK)
		goto done;
	s.has_layout = 1;
	result->seconds_layout = seconds_now() - t0;
	t0 = seconds_now();

	if ((status = compute_degree(&s)) != CO_OK)
		goto done;
	if (!(s.size_value = xcalloc((size_t)s.n, sizeof(*s.size_value)))) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	if ((status = measure(&s, s.size_value, options->size_by, &builtin)) != CO_OK)
		goto done;
	snprintf(s.size_title, sizeof(s.size_title), "Size: %s%s", options->size_by,
	         strcmp(options->size_by, "degree") == 0 ? " (number of ties)" :
	         strcmp(options->size_by, "pagerank") == 0 ? " (weighted, collaboration ties)" :
	         strcmp(options->size_by, "betweenness") == 0 && s.n > EXACT_BETWEENNESS_MAX ?
	         " (estimated from 256 sources)" : "");
	if ((status = compute_colors(&s)) != CO_OK)
		goto done;
	result->seconds_measures = seconds_now() - t0;
	t0 = seconds_now();

	/* page geometry (render.h) */
	s.plot.x0 = 12 * s.u;
	s.plot.x1 = s.W - 12 * s.u - fmin(210 * s.u, s.W / 3);
	s.plot.y0 = 12 * s.u + 54 * s.u;
	s.plot.y1 = s.H - 12 * s.u - 30 * s.u;
	if (s.plot.x1 - s.plot.x0 < 20 || s.plot.y1 - s.plot.y0 < 20) {
		status = co_error_set(CO_EINVAL, "--width %d x --height %d is too small at %g dpi",
		                      options->width, options->height, options->dpi);
		goto done;
	}
	s.x = xcalloc((size_t)s.n, sizeof(double));
	s.y = xcalloc((size_t)s.n, sizeof(double));
	s.r = xcalloc((size_t)s.n, sizeof(double));
	if (!s.x || !s.y || !s.r) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	fit(&s);
	sizes(&s);
	if ((status = spread_coincident(&s)) != CO_OK)
		goto done;
	for (igraph_integer_t e = 0; e < s.m; e++)
		max_weight = fmax(max_weight, scene_tie(&s, e)->weight);

	if (target) {
		cr = cairo_reference(target);
		cairo_save(cr);
		saved = 1;
		cairo_rectangle(cr, 0, 0, s.W, s.H);
		cairo_clip(cr);
	} else switch (options->format) {
	case CO_RENDER_PNG:
		surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, options->width, options->height);
		break;
	case CO_RENDER_SVG:
		if ((status = out_open(&out, options->out_path)) != CO_OK)
			goto done;
		surface = cairo_svg_surface_create_for_stream(out_write, &out, s.W, s.H);
		break;
	case CO_RENDER_PDF:
		if ((status = out_open(&out, options->out_path)) != CO_OK)
			goto done;
		surface = cairo_pdf_surface_create_for_stream(out_write, &out, s.W, s.H);
		break;
	}
	if (!target && cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
		status = co_error_set(options->format == CO_RENDER_PNG ? CO_ERENDER : CO_EIO,
			"cannot create %s: %s", options->out_path,
			cairo_status_to_string(cairo_surface_status(surface)));
		goto done;
	}
	if (!target)
		cr = cairo_create(surface);
	if ((status = place_labels(&s, cr)) != CO_OK)
		goto done;
	if (!(legend = json_array())) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	draw_outlines(&s, cr);
	draw_rings(&s, cr);
	if (!target && options->format == CO_RENDER_PNG && plain_styles(&s)) {
		co_raster *fast = NULL;

		if ((status = co_raster_new(&fast, surface)) == CO_OK)
			status = draw_ties_fast(&s, fast, max_weight);
		co_raster_free(fast);
		if (status != CO_OK)
			goto done;
	} else {
		draw_ties(&s, cr, max_weight);
	}
	if ((status = draw_nodes(&s, cr)) != CO_OK)
		goto done;
	draw_labels(&s, cr);
	draw_legend(&s, cr, legend, max_weight);
	draw_titles(&s, cr);
	if (target) {
		cairo_restore(cr);
		saved = 0;
	}
	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
		status = co_error_set(CO_ERENDER, "drawing failed: %s",
		                      cairo_status_to_string(cairo_status(cr)));
		goto done;
	}
	result->seconds_draw = seconds_now() - t0;
	t0 = seconds_now();
	if (target) {
		/* the caller owns the surface and finishes it */
	} else if (options->format == CO_RENDER_PNG) {
		if ((status = write_png(surface, options->out_path)) != CO_OK)
			goto done;
	} else {
		cairo_surface_finish(surface);
		if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
			status = co_error_set(CO_EIO, "cannot write %s: %s", options->out_path,
			                      out.failed ? strerror(out.err) :
			                      cairo_status_to_string(cairo_surface_status(surface)));
			goto done;
		}
		if ((status = out_close(&out, options->out_path, CO_OK)) != CO_OK)
			goto done;
	}
	if (options->dump_path && (status = dump_layout(&s, legend)) != CO_OK)
		goto done;
	result->seconds_write = seconds_now() - t0;
	result->nodes = s.n;
	result->ties = s.m;
	result->labels_asked = s.labels_asked;
	result->labels_drawn = s.n_labels - (s.n_labels > 0 && s.labels[0].v < 0);
	result->labels_dropped = s.labels_dropped;
	result->unplaced = s.layout.unplaced;
done:
	if (have_weights)
		igraph_vector_destroy(&weights);
	json_decref(legend);
	if (saved)
		cairo_restore(cr);
	if (cr)
		cairo_destroy(cr);
	if (surface)
		cairo_surface_destroy(surface);
	/* after the surface, which may still write while it is destroyed */
	status = out_close(&out, options->out_path, status);
	scene_free(&s);
	return status;
}

co_status co_render(co_render_result *result, co_store *store, const co_network *net,
                    const co_render_options *options)
{
	return render_any(result, store, net, options, NULL);
}

co_status co_render_cairo(co_render_result *result, cairo_t *cr, co_store *store,
                          const co_network *net, const co_render_options *options)
{
	assert(cr);
	return render_any(result, store, net, options, cr);
}
