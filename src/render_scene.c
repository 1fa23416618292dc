/*
 * render_scene.c - builds the drawing of a coalition map (render_scene.h) once, for every
 * writer: which orgs and ties, where, how big, in which color, which labels
 * where, and the legend, title and caption as lines of text and swatches.
 *
 * The stages run over one private `scene`: pick the orgs and ties (whole
 * view or an ego network), lay them out (render_layout.c), compute the size and
 * color encodings, fit positions to the page, place labels, lay out the
 * legend and the titles, then copy it all into the public co_scene.
 *
 * Labels are placed greedily in priority order: the keys asked for, then
 * the hubs (the top min(N, 10) orgs of the size measure, or the top 10 with
 * a list of keys, and every federation parent of 10 or more drawn members),
 * then the other orgs the --labels rule selects, by the
 * size measure.  Asked-for and hub labels are "forced": each tries the eight
 * positions around its org clear of labels and dots, then the same over
 * leaf dots (not over another forced org), then positions further out on
 * rings of 16 directions (with a leader line back to the org), so they are
 * left out only when the plot has no room at all; the other labels take one
 * of the eight positions clear of everything or are left out and counted.
 * Obstacles are kept in uniform grids, so k labels among n orgs cost about
 * O(k + n).
 */
#include "render_scene.h"

#include "render_html.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "coalition/centrality.h"
#include "coalition/community.h"
#include "coalition/events.h"
#include "coalition/tensions.h"
#include "coalition/view.h"
#include "outfile.h"

#ifndef CO_VERSION
#define CO_VERSION "0"
#endif
#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define CO_SCENE_STR(x) CO_SCENE_STR_(x)
#define CO_SCENE_STR_(x) #x

/* Most colors a categorical legend shows before "other". */
#define MAX_CATEGORIES 12
/* Bins of a continuous color ramp. */
#define RAMP_BINS 16
/* Hubs: the orgs of the size measure's top that are always labelled, and
 * the federation parents of at least this many drawn members. */
#define HUB_LABELS 10
#define FEDERATION_HUB 10
/* Ties and links above which styles are plain (no dashes) and, as PNG,
 * ties are drawn by render_raster.c. */
#define PLAIN_TIES 20000

typedef struct {
	double r, g, b;
} rgb;

_Static_assert(MAX_CATEGORIES + RAMP_BINS + 2 <= CO_SCENE_FILLS, "a scene's colors fit its fills");

typedef struct {
	char label[200];
	rgb color;
	size_t count;
	double value;            /* ramp bins: lower bound */
} color_entry;

typedef struct {
	double x0, y0, x1, y1;
} box;

/* A growing array: *items of *n, capacity *cap. */
#define GROW(items, n, cap, fail)                                                   \
	do {                                                                        \
		if ((n) == (cap)) {                                                 \
			size_t cap_ = (cap) ? 2 * (cap) : 16;                       \
			void *p_ = realloc((items), cap_ * sizeof(*(items)));        \
			if (!p_)                                                    \
				goto fail;                                          \
			(items) = p_;                                               \
			(cap) = cap_;                                               \
		}                                                                   \
	} while (0)

typedef struct {
	const co_network *net;
	const co_render_options *opt;
	co_store *store;

	/* the orgs and ties drawn */
	const igraph_t *graph;   /* net->graph, or sub; NULL once released */
	igraph_t sub;
	int has_sub;
	co_network *release;     /* co_render_releasing: the network whose ties go */
	int release_columns;     /* its tie columns go too (not the HTML map) */
	int32_t *ends;           /* with the graph released: the ends of edge e
	                            at 2e, 2e + 1 (IGRAPH_FROM, IGRAPH_TO) */
	int64_t group_ties;      /* a roll-up: the ties its group ties stand for */
	const char *center_name; /* ego network: the center's name */
	igraph_integer_t n, m;
	co_org *orgs;            /* copies of net->orgs entries, parent remapped; or
	                            net->orgs itself when the scene is every org and
	                            parents are kept (orgs_borrowed) */
	int orgs_borrowed;
	igraph_integer_t *vmap;  /* scene vertex -> net vertex */
	igraph_integer_t *emap;  /* scene edge -> tie of net; NULL when the scene
	                            has every tie (edge e is tie e): scene_tie() */
	igraph_integer_t n_friction, n_federation;
	igraph_integer_t center;  /* ego map: the center's scene vertex, else -1 */
	igraph_integer_t left_off; /* geo: orgs with no usable location, not drawn */
	igraph_integer_t isolates; /* --hide-isolates: orgs not drawn */
	int zoomed;               /* geo: the page shows part of the frame */
	unsigned char *link;      /* per org: its parent link is drawn (no tie joins them) */

	/* encodings */
	double *size_value;      /* per org, the size measure */
	double *degree;
	int *color_of;           /* per org, index in colors */
	color_entry colors[MAX_CATEGORIES + RAMP_BINS + 2]; /* co_scene.fills too */
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

	/* text, measured on one unhinted context whatever the output */
	PangoContext *pango;

	/* what goes into the co_scene */
	co_scene *out;
	size_t cap_labels, cap_texts, cap_marks, cap_legend, cap_frames;
	unsigned char *forced;    /* per org: its label is forced (asked for or a hub) */
	double tie_alpha, max_weight;
	struct { const char *kind; size_t count; } kind_classes[MAX_CATEGORIES + 2];
	size_t n_kind_classes;
	int fed_class, fric_class;
	/* the events layer */
	size_t n_events, events_abroad;
	double event_max;        /* the largest crowd drawn */
} scene;

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

static void *xcalloc(size_t n, size_t size)
{
	return calloc(n ? n : 1, size);
}

/* ---- choosing what to draw ------------------------------------------- */

/* Whether `kind` is in the comma-separated `list` (NULL: every kind). */
static int listed(const char *list, const char *kind)
{
	size_t len = strlen(kind ? kind : "");

	if (!list)
		return 1;
	for (const char *p = list; *p;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);

		if (n == len && strncmp(p, kind ? kind : "", n) == 0)
			return 1;
		p = comma ? comma + 1 : p + n;
	}
	return 0;
}

/* The orgs within opt->depth ties of `center`, by breadth-first search on
 * every tie and parent link of the view; a federation hub (an org that is the parent of an
 * org of the view) other than the center is reached but not walked through,
 * unless opt->through_parents. */
static co_status ego_walk(scene *s, igraph_integer_t center, unsigned char *in)
{
	const co_network *net = s->net;
	size_t n = (size_t)net->n_orgs, m = (size_t)net->n_ties;
	size_t *start = calloc(n + 1, sizeof(*start)), *fill = NULL;
	igraph_integer_t *adj = xcalloc(2 * (m + n), sizeof(*adj)), *queue = xcalloc(n, sizeof(*queue));
	int links = listed(s->opt->ties, "federation");
	int *dist = xcalloc(n, sizeof(*dist));
	unsigned char *hub = xcalloc(n, 1);
	size_t head = 0, tail = 0;
	co_status status = CO_OK;

	if (!start || !adj || !queue || !dist || !hub || !(fill = xcalloc(n, sizeof(*fill)))) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t j = 0; j < m; j++) {
		start[co_network_tie_source(net, j) + 1]++;
		start[co_network_tie_target(net, j) + 1]++;
	}
	for (size_t v = 0; links && v < n; v++)
		if (net->orgs[v].parent >= 0) {
			start[v + 1]++;
			start[net->orgs[v].parent + 1]++;
		}
	for (size_t v = 0; v < n; v++) {
		start[v + 1] += start[v];
		fill[v] = start[v];
		dist[v] = -1;
		if (net->orgs[v].parent >= 0)
			hub[net->orgs[v].parent] = 1;
	}
	for (size_t j = 0; j < m; j++) {
		adj[fill[co_network_tie_source(net, j)]++] = co_network_tie_target(net, j);
		adj[fill[co_network_tie_target(net, j)]++] = co_network_tie_source(net, j);
	}
	for (size_t v = 0; links && v < n; v++)
		if (net->orgs[v].parent >= 0) {
			adj[fill[v]++] = net->orgs[v].parent;
			adj[fill[net->orgs[v].parent]++] = (igraph_integer_t)v;
		}
	dist[center] = 0;
	queue[tail++] = center;
	while (head < tail) {
		igraph_integer_t v = queue[head++];

		in[v] = 1;
		if (dist[v] >= s->opt->depth || (v != center && hub[v] && !s->opt->through_parents))
			continue;
		for (size_t k = start[v]; k < start[v + 1]; k++)
			if (dist[adj[k]] < 0) {
				dist[adj[k]] = dist[v] + 1;
				queue[tail++] = adj[k];
			}
	}
done:
	free(start);
	free(fill);
	free(adj);
	free(queue);
	free(dist);
	free(hub);
	return status;
}

/*
 * Picks the orgs and ties drawn: the whole view or the ego network; on a
 * geo map without --unplaced strip, not the orgs with no usable location
 * (counted); only ties of the kinds --ties names; with --hide-isolates, not
 * the orgs left without a drawn tie or parent link.
 */
/* Whether org v's parent link is kept in the scene's copy. */
static int has_parent(const co_network *net, igraph_integer_t v)
{
	return net->orgs[v].parent >= 0;
}

/* s->orgs and s->vmap for the orgs with scene_of[v] >= 0.  A map of every
 * org whose parents are all kept borrows net->orgs instead of a copy (at
 * 240k orgs the copy was 21 MB of the render's peak). */
static co_status scene_orgs(scene *s, const igraph_integer_t *scene_of, int links)
{
	const co_network *net = s->net;
	int every = s->n == net->n_orgs;

	for (igraph_integer_t v = 0; every && !links && v < net->n_orgs; v++)
		every = !has_parent(net, v);
	if (!(s->vmap = xcalloc((size_t)s->n, sizeof(*s->vmap))))
		return co_error_set(CO_ENOMEM, "out of memory");
	if (every) {
		s->orgs = net->orgs;
		s->orgs_borrowed = 1;
	} else if (!(s->orgs = xcalloc((size_t)s->n, sizeof(*s->orgs)))) {
		return co_error_set(CO_ENOMEM, "out of memory");
	}
	for (igraph_integer_t v = 0; v < net->n_orgs; v++) {
		igraph_integer_t w = scene_of[v];

		if (w < 0)
			continue;
		s->vmap[w] = v;
		if (s->orgs_borrowed)
			continue;
		s->orgs[w] = net->orgs[v];
		s->orgs[w].parent = links && has_parent(net, v) ? scene_of[net->orgs[v].parent] : -1;
	}
	return CO_OK;
}

/* Whether tie j is drawn: both its orgs are, and its kind is listed. */
static int tie_in_scene(const scene *s, const igraph_integer_t *scene_of, igraph_integer_t j)
{
	const co_network *net = s->net;

	return scene_of[co_network_tie_source(net, j)] >= 0 &&
	       scene_of[co_network_tie_target(net, j)] >= 0 &&
	       listed(s->opt->ties, co_network_tie_kind(net, j));
}

/* s->m, s->n_friction and s->emap (left NULL when every tie is drawn: 8.8
 * MB at 1.1M ties). */
static co_status scene_ties(scene *s, const igraph_integer_t *scene_of)
{
	const co_network *net = s->net;

	s->m = 0;
	for (igraph_integer_t j = 0; j < net->n_ties; j++) {
		if (!tie_in_scene(s, scene_of, j))
			continue;
		s->m++;
		s->n_friction += (net->ties.flags[j] & CO_TIE_FRICTION) != 0;
	}
	if (s->m == net->n_ties)
		return CO_OK;
	if (!(s->emap = xcalloc((size_t)s->m + 1, sizeof(*s->emap))))
		return co_error_set(CO_ENOMEM, "out of memory");
	s->m = 0;
	for (igraph_integer_t j = 0; j < net->n_ties; j++)
		if (tie_in_scene(s, scene_of, j))
			s->emap[s->m++] = j;
	return CO_OK;
}

/* The tie of net that scene edge e draws. */
static igraph_integer_t scene_tie(const scene *s, igraph_integer_t e)
{
	return s->emap ? s->emap[e] : e;
}

static co_status select_scene(scene *s)
{
	const co_network *net = s->net;
	igraph_integer_t *scene_of = NULL, ego_center = -1;
	unsigned char *in = NULL, *linked = NULL;
	igraph_vector_int_t edges;
	co_status status = CO_OK;
	int have_edges = 0, links = listed(s->opt->ties, "federation");

	if (!(scene_of = xcalloc((size_t)net->n_orgs, sizeof(*scene_of))) ||
	    !(in = xcalloc((size_t)net->n_orgs, 1)) || !(linked = xcalloc((size_t)net->n_orgs, 1))) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	if (s->opt->ego) {
		if ((status = co_network_find(&ego_center, net, s->store, s->opt->ego)) != CO_OK)
			goto done;
		s->center_name = net->orgs[ego_center].name;
		if ((status = ego_walk(s, ego_center, in)) != CO_OK)
			goto done;
	} else {
		memset(in, 1, (size_t)net->n_orgs);
	}
	if (s->geo && !s->opt->unplaced_strip)
		for (igraph_integer_t v = 0; v < net->n_orgs; v++)
			if (in[v] && !co_geo_placeable(s->geo, &net->orgs[v])) {
				in[v] = 0;
				s->left_off++;
			}
	if (s->opt->hide_isolates) {
		for (igraph_integer_t j = 0; j < net->n_ties; j++) {
			igraph_integer_t a = co_network_tie_source(net, j), b = co_network_tie_target(net, j);

			if (in[a] && in[b] && listed(s->opt->ties, co_network_tie_kind(net, j)))
				linked[a] = linked[b] = 1;
		}
		for (igraph_integer_t v = 0; links && v < net->n_orgs; v++) {
			igraph_integer_t p = net->orgs[v].parent;

			if (p >= 0 && in[v] && in[p])
				linked[v] = linked[p] = 1;
		}
		for (igraph_integer_t v = 0; v < net->n_orgs; v++)
			if (in[v] && !linked[v]) {
				in[v] = 0;
				s->isolates++;
			}
	}
	s->n = 0;
	for (igraph_integer_t v = 0; v < net->n_orgs; v++)
		scene_of[v] = in[v] ? s->n++ : -1;
	if ((status = scene_orgs(s, scene_of, links)) != CO_OK ||
	    (status = scene_ties(s, scene_of)) != CO_OK)
		goto done;
	if (ego_center >= 0)
		s->center = scene_of[ego_center];
	if (s->n == net->n_orgs && s->m == net->n_ties) {
		s->graph = &net->graph;
	} else {
		if (igraph_vector_int_init(&edges, 2 * s->m) != IGRAPH_SUCCESS) {
			status = co_error_set(CO_ENOMEM, "out of memory");
			goto done;
		}
		have_edges = 1;
		for (igraph_integer_t e = 0; e < s->m; e++) {
			VECTOR(edges)[2 * e] = scene_of[co_network_tie_source(net, scene_tie(s, e))];
			VECTOR(edges)[2 * e + 1] = scene_of[co_network_tie_target(net, scene_tie(s, e))];
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
	free(scene_of);
	free(in);
	free(linked);
	return status;
}

/* The sign, kind and weight of scene edge e's tie. */
static int scene_sign(const scene *s, igraph_integer_t e)
{
	return co_network_tie_sign(s->net, scene_tie(s, e));
}

static const char *scene_kind(const scene *s, igraph_integer_t e)
{
	return co_network_tie_kind(s->net, scene_tie(s, e));
}

static double scene_weight(const scene *s, igraph_integer_t e)
{
	return co_network_tie_weight(s->net, scene_tie(s, e));
}

static igraph_integer_t tie_from(const scene *s, igraph_integer_t e)
{
	return s->ends ? s->ends[2 * e] : IGRAPH_FROM(s->graph, e);
}

static igraph_integer_t tie_to(const scene *s, igraph_integer_t e)
{
	return s->ends ? s->ends[2 * e + 1] : IGRAPH_TO(s->graph, e);
}

/* ---- measures ---------------------------------------------------------- */

co_status co_render_metric_values(double *values, size_t *found, co_store *store,
                                  const co_network *net, const char *name)
{
	return co_network_stored_metric(values, found, store, net, name);
}

/* Positive-tie weights (`zero` for friction), for force layouts, into w
 * (initialized by the caller). */
static co_status positive_weights(igraph_vector_t *w, const scene *s, double zero)
{
	if (igraph_vector_resize(w, s->m) != IGRAPH_SUCCESS)
		return co_error_set(CO_ENOMEM, "out of memory");
	for (igraph_integer_t e = 0; e < s->m; e++) {
		VECTOR(*w)[e] = scene_sign(s, e) > 0 ? scene_weight(s, e) : zero;
	}
	return CO_OK;
}

/*
 * The degree of every org of the view in all[]: its distinct partners
 * through ties of any kind or sign, loops left out.  That is what
 * co_centrality_compute() gives for degree (the igraph degree of the view's
 * simple graph, centrality.c's "every" graph), counted here on the view's
 * graph with one stamp per org instead of building that second graph (58
 * MB at 1.1M ties; test_render.c's test_releasing_same_map checks the
 * sizes by hand, and every map of a view, byte-identical, the equality).
 */
static co_status view_degree(const co_network *net, double *all)
{
	int32_t *stamp = malloc(((size_t)net->n_orgs + 1) * sizeof(*stamp));
	igraph_vector_int_t nbrs;
	co_status status = CO_OK;

	if (!stamp || igraph_vector_int_init(&nbrs, 0) != IGRAPH_SUCCESS) {
		free(stamp);
		return co_error_set(CO_ENOMEM, "out of memory");
	}
	for (igraph_integer_t v = 0; v < net->n_orgs; v++)
		stamp[v] = -1;
	for (igraph_integer_t v = 0; v < net->n_orgs && net->n_ties > 0; v++) {
		igraph_integer_t count = 0;

		if (igraph_neighbors(&net->graph, &nbrs, v, IGRAPH_ALL) != IGRAPH_SUCCESS) {
			status = CO_EGRAPH;
			break;
		}
		for (igraph_integer_t k = 0; k < igraph_vector_int_size(&nbrs); k++) {
			igraph_integer_t u = VECTOR(nbrs)[k];

			if (u != v && stamp[u] != (int32_t)v) {
				stamp[u] = (int32_t)v;
				count++;
			}
		}
		all[v] = (double)count;
	}
	igraph_vector_int_destroy(&nbrs);
	free(stamp);
	return status;
}

/* Fills values[0 .. s->n) with a built-in measure or a stored metric of
 * the whole view (an ego map sizes its orgs as the view's map would). */
static co_status measure(scene *s, double *values, const char *name, int *is_builtin)
{
	const co_network *net = s->net;
	double *all = xcalloc((size_t)net->n_orgs, sizeof(*all));
	co_status status = CO_OK;
	co_measure builtin;
	size_t found;

	*is_builtin = 1;
	if (!all)
		return co_error_set(CO_ENOMEM, "out of memory");
	if (strcmp(name, "members") == 0) {
		/* a --rollup group's orgs (1 for an org) */
		for (igraph_integer_t v = 0; v < net->n_orgs; v++)
			all[v] = (double)net->orgs[v].members;
	} else if (strcmp(name, "degree") == 0) {
		igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)s->opt->seed);
		if ((status = view_degree(net, all)) != CO_OK)
			goto done;
	} else if (co_measure_parse(&builtin, name) == CO_OK) {
		/* the centrality command's function and defaults (sampling of
		 * large views included), so a map sized by a measure shows the
		 * values `coalition centrality` prints for the view and seed */
		co_centrality_options copt;
		co_centrality_result r = {0};

		co_centrality_options_init(&copt);
		igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)s->opt->seed);
		status = co_centrality_compute(&r, net, &builtin, 1, &copt);
		if (status == CO_OK)
			memcpy(all, r.values, sizeof(double) * (size_t)net->n_orgs);
		co_centrality_result_free(&r);
		if (status != CO_OK)
			goto done;
	} else {
		co_error_clear();
		*is_builtin = 0;
		if ((status = co_render_metric_values(all, &found, s->store, net, name)) != CO_OK)
			goto done;
	}
	for (igraph_integer_t v = 0; v < s->n; v++)
		values[v] = all[s->vmap[v]];
done:
	free(all);
	return status;
}

static co_status compute_degree(scene *s)
{
	int builtin;

	if (!(s->degree = xcalloc((size_t)s->n, sizeof(*s->degree))))
		return co_error_set(CO_ENOMEM, "out of memory");
	return measure(s, s->degree, "degree", &builtin);
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

static co_status scene_names(scene *s);

/* Colors orgs by group ids (community, cluster): the largest groups get
 * palette colors, named after their best-connected member; the rest share
 * a grey "other" entry. */
static co_status color_groups(scene *s, const long *ids, const char *what, const char *whats,
                              size_t min_size)
{
	long *sorted = xcalloc((size_t)s->n, sizeof(*sorted));
	group *groups = xcalloc((size_t)s->n, sizeof(*groups));
	size_t n_groups = 0, shown, other = 0, small = 0;
	co_status status = scene_names(s); /* the legend names each group's hub */

	if (status != CO_OK || !sorted || !groups) {
		free(sorted);
		free(groups);
		return status != CO_OK ? status : co_error_set(CO_ENOMEM, "out of memory");
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
		snprintf(c->label, sizeof(c->label), "%zu other %s", small, small == 1 ? what : whats);
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

/* Communities: the communities command's function with its defaults, on
 * the whole view, so the map shows the communities `coalition communities`
 * prints for the same view and seed. */
static co_status view_communities(scene *s, long *ids)
{
	co_community_result r = {0};
	co_status status;

	igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)s->opt->seed);
	if ((status = co_community_detect(&r, s->net, NULL)) == CO_OK)
		for (igraph_integer_t v = 0; v < s->n; v++)
			ids[v] = (long)r.membership[s->vmap[v]];
	co_community_result_free(&r);
	return status;
}

/* How long a map may spend finding tension clusters when none are stored. */

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
		sign[e] = scene_sign(s, e);
		cost[e] = 1.0;
	}
	co_signed_graph g = {s->n, s->m, from, to, sign, cost};
	igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)s->opt->seed);
	/* tensions' default work budget for its clusters, no clock: the map
	 * shows the clusters `coalition tensions` finds with its defaults */
	if ((status = co_signed_clusters(&clusters, &g, CO_CLUSTERS_AUTO,
	                                 0.5 * CO_TENSIONS_DEFAULT_WORK, 0)) != CO_OK)
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
					double fill[3];

					co_render_kind_color(fill, kind); /* render.c: one palette */
					c->color = (rgb){fill[0], fill[1], fill[2]};
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
			status = cluster ? tension_clusters(s, ids) : view_communities(s, ids);
		if (status == CO_OK)
			status = color_groups(s, ids, by, cluster ? "clusters" : "communities",
			                      cluster ? 1 : 2);
		snprintf(s->color_title, sizeof(s->color_title), "%s",
		         cluster ? "Color: tension cluster" : "Color: community");
		snprintf(s->color_note, sizeof(s->color_note), "%s",
		         cluster ? (stored ? "Clusters: the latest 'cluster' metric of the store." :
		                    "Clusters: groups with cooperation inside and friction between "
		                    "(fewest disagreeing ties, as coalition tensions finds them).") :
		         (stored ? "Communities: the latest 'community' metric of the store." :
		                   "Communities: as coalition communities finds them (Leiden, modularity, "
		                   "cooperation ties)."));
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

		/* one value for all: the middle size, or the smallest when that
		 * value is 0 (a map of orgs with no ties drew them all large) */
		if (isnan(value))
			t = 0;
		else
			t = hi > lo ? (value - lo) / (hi - lo) : hi != 0 ? 0.5 : 0;
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
/* Whether a page point is on land: inside one of the geo map's regions
 * (always, on other maps). */
static int on_land(const scene *s, double x, double y)
{
	const co_scene *o = s->out;

	if (o->n_regions == 0)
		return 1;
	for (size_t i = 0; i < o->n_regions; i++) {
		const co_scene_region *g = &o->regions[i];
		int hit = 0;

		for (size_t r = 0; r < g->n_rings; r++) {
			const double *pt = g->rings[r];
			size_t n = g->lengths[r];

			for (size_t a = 0, b = n - 1; a < n; b = a++) {
				double xa = pt[2 * a], ya = pt[2 * a + 1], xb = pt[2 * b], yb = pt[2 * b + 1];

				if ((ya > y) != (yb > y) && x < (xb - xa) * (y - ya) / (yb - ya) + xa)
					hit = !hit;
			}
		}
		if (hit)
			return 1;
	}
	return 0;
}

static co_status spread_coincident(scene *s)
{
	point *pts = xcalloc((size_t)s->n, sizeof(*pts));
	double step = s->rmin + s->rmax, cell = s->rmax;
	igraph_integer_t n = 0;

	if (!pts)
		return co_error_set(CO_ENOMEM, "out of memory");
	/* orgs spread inside their state (geo) are not on a shared point */
	for (igraph_integer_t v = 0; v < s->n; v++)
		if (s->layout.how[v] != CO_PLACED_STATE && isfinite(s->x[v]))
			pts[n++] = (point){floor(s->x[v] / cell), floor(s->y[v] / cell), v};
	qsort(pts, (size_t)n, sizeof(*pts), compare_points);
	for (igraph_integer_t i = 0, k = 0, j = 0, first = 0; i < n; i++) {
		double x, y;
		int tries = 0;

		if (i > 0 && pts[i].x == pts[i - 1].x && pts[i].y == pts[i - 1].y) {
			k++;
		} else {
			k = 0;
			j = 0;
			first = pts[i].v;
		}
		if (k == 0)
			continue;
		/* the next sunflower position on land (a city on the coast spreads
		 * inland, not into the sea) */
		do {
			j++;
			x = s->x[first] + step * sqrt((double)j) * cos(j * 2.399963229728653);
			y = s->y[first] + step * sqrt((double)j) * sin(j * 2.399963229728653);
		} while (!on_land(s, x, y) && ++tries < 400);
		s->x[pts[i].v] = x;
		s->y[pts[i].v] = y;
	}
	free(pts);
	return CO_OK;
}

/* Geo maps: the box the page shows (the orgs drawn and the outlines of
 * their US states, with a margin; the whole frame when that is over half of
 * it, grown to the orgs in Canada north or east of it), and the strip of orgs with no location below it (--unplaced strip):
 * 60 to a row, spaced 1/64 of the box's width, rows from 3 spacings below
 * the box. */
/* Whether org v's state is a Canadian province (an outline of country CA). */
static int geo_in_canada(const scene *s, igraph_integer_t v)
{
	for (size_t i = 0; s->orgs[v].state && i < co_geo_count(s->geo); i++)
		if (strcasecmp(co_geo_postal(s->geo, i), s->orgs[v].state) == 0)
			return strcmp(co_geo_country(s->geo, i), "CA") == 0;
	return 0;
}

static void geo_frame(scene *s)
{
	co_layout *l = &s->layout;
	double b[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY}, sb[4], pad, spacing;
	igraph_integer_t i = 0, per_row = 60;

	for (igraph_integer_t v = 0; v < s->n; v++) {
		double x = MATRIX(l->xy, v, 0), y = MATRIX(l->xy, v, 1);

		if (l->how[v] == CO_PLACED_NONE)
			continue;
		b[0] = fmin(b[0], x);
		b[1] = fmin(b[1], y);
		b[2] = fmax(b[2], x);
		b[3] = fmax(b[3], y);
		/* a province's box is not added: Quebec's or Ontario's runs to
		 * Hudson Bay, far from the cities their orgs are in */
		if (co_geo_bounds(s->geo, s->orgs[v].state, sb) && !geo_in_canada(s, v) &&
		    x >= sb[0] && x <= sb[2] &&
		    y >= sb[1] && y <= sb[3]) {
			b[0] = fmin(b[0], sb[0]);
			b[1] = fmin(b[1], sb[1]);
			b[2] = fmax(b[2], sb[2]);
			b[3] = fmax(b[3], sb[3]);
		}
	}
	if (isfinite(b[0]) && b[2] - b[0] < 0.5 * 960 && b[3] - b[1] < 0.5 * 500) {
		pad = 0.06 * fmax(fmax(b[2] - b[0], b[3] - b[1]), 20);
		l->x0 = b[0] - pad;
		l->y0 = b[1] - pad;
		l->x1 = b[2] + pad;
		l->y1 = b[3] + pad;
		s->zoomed = 1;
	} else if (isfinite(b[0]) && l->in_canada > 0) {
		pad = 0.03 * 960;
		l->x0 = fmin(l->x0, b[0] - pad);
		l->y0 = fmin(l->y0, b[1] - pad);
		l->x1 = fmax(l->x1, b[2] + pad);
		l->y1 = fmax(l->y1, b[3] + pad);
	}
	if (l->unplaced == 0)
		return;
	spacing = (l->x1 - l->x0) / 64;
	for (igraph_integer_t v = 0; v < s->n; v++) {
		igraph_integer_t row = i / per_row, col = i % per_row, in_row;

		if (l->how[v] != CO_PLACED_NONE)
			continue;
		in_row = l->unplaced - row * per_row < per_row ? l->unplaced - row * per_row : per_row;
		MATRIX(l->xy, v, 0) = (l->x0 + l->x1) / 2 + ((double)col - (double)(in_row - 1) / 2) * spacing;
		MATRIX(l->xy, v, 1) = l->y1 + (3 + (double)row) * spacing;
		i++;
	}
	l->y1 += (3 + (double)((l->unplaced - 1) / per_row)) * spacing + spacing;
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

static int label_overlaps(const co_scene_label *l, const box *b)
{
	box lb = {l->text.x, l->text.y, l->text.x + l->text.w, l->text.y + l->text.h};

	return boxes_overlap(&lb, b);
}

static int box_hits_labels(bucket *cells, const grid *g, const scene *s, const box *b)
{
	int cx0 = clampi(b->x0 / g->cell, 0, g->nx - 1), cx1 = clampi(b->x1 / g->cell, 0, g->nx - 1);
	int cy0 = clampi(b->y0 / g->cell, 0, g->ny - 1), cy1 = clampi(b->y1 / g->cell, 0, g->ny - 1);

	for (int cy = cy0; cy <= cy1; cy++)
		for (int cx = cx0; cx <= cx1; cx++) {
			bucket *bk = &cells[(size_t)cy * (size_t)g->nx + (size_t)cx];
			for (size_t k = 0; k < bk->n; k++)
				if (label_overlaps(&s->out->labels[bk->items[k]], b))
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


/* ---- text ------------------------------------------------------------- */

#define LABEL_FONT_SIZE 8.0

/* The context every text of a scene is measured on: metrics unhinted, so
 * that a width is the same on an image, an SVG or a PDF surface. */
static PangoContext *text_context(void)
{
	PangoContext *ctx = pango_font_map_create_context(pango_cairo_font_map_get_default());
	cairo_font_options_t *fo = cairo_font_options_create();

	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(ctx, fo);
	cairo_font_options_destroy(fo);
	return ctx;
}

static PangoLayout *text_layout(scene *s, double size, int bold)
{
	PangoLayout *layout = pango_layout_new(s->pango);
	PangoFontDescription *desc = pango_font_description_from_string(CO_SCENE_FONT);

	pango_font_description_set_absolute_size(desc, size * PANGO_SCALE);
	if (bold)
		pango_font_description_set_weight(desc, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(layout, desc);
	pango_font_description_free(desc);
	return layout;
}

/* Measures one line of text: width, height and baseline offset. */
static void measure_text(scene *s, const char *text, double size, int bold, double *w, double *h,
                         double *baseline)
{
	PangoLayout *layout = text_layout(s, size, bold);
	PangoRectangle logical;

	pango_layout_set_text(layout, text, -1);
	pango_layout_get_extents(layout, NULL, &logical);
	*w = (double)logical.width / PANGO_SCALE;
	*h = (double)logical.height / PANGO_SCALE;
	*baseline = (double)pango_layout_get_baseline(layout) / PANGO_SCALE;
	g_object_unref(layout);
}

static co_rgba rgba(rgb c, double a)
{
	co_rgba out = {c.r, c.g, c.b, a};
	return out;
}

/* Fills t with one line of text at (x, y) (top left), cut with an ellipsis
 * to at most max_width when max_width > 0.  t->text is newly allocated. */
static co_status make_text(scene *s, co_scene_text *t, co_scene_text_role role, const char *text,
                           double x, double y, double size, int bold, co_rgba color,
                           double max_width)
{
	double w, h, base;
	char *copy = strdup(text);

	if (!copy)
		return co_error_set(CO_ENOMEM, "out of memory");
	measure_text(s, copy, size, bold, &w, &h, &base);
	if (max_width > 0 && w > max_width) {
		/* the longest prefix (whole characters) that fits with an ellipsis */
		glong chars = g_utf8_strlen(text, -1), lo = 0, hi = chars;
		char *buf = malloc(strlen(text) + 4);

		if (!buf) {
			free(copy);
			return co_error_set(CO_ENOMEM, "out of memory");
		}
		while (lo < hi) {
			glong mid = (lo + hi + 1) / 2;
			size_t bytes = (size_t)(g_utf8_offset_to_pointer(text, mid) - text);

			memcpy(buf, text, bytes);
			strcpy(buf + bytes, "\u2026");
			measure_text(s, buf, size, bold, &w, &h, &base);
			if (w <= max_width)
				lo = mid;
			else
				hi = mid - 1;
		}
		memcpy(buf, text, (size_t)(g_utf8_offset_to_pointer(text, lo) - text));
		strcpy(buf + (g_utf8_offset_to_pointer(text, lo) - text), "\u2026");
		free(copy);
		copy = buf;
		measure_text(s, copy, size, bold, &w, &h, &base);
	}
	t->text = copy;
	t->x = x;
	t->y = y;
	t->w = w;
	t->h = h;
	t->baseline = y + base;
	t->size = size;
	t->bold = bold;
	t->color = color;
	t->role = role;
	return CO_OK;
}

/* Adds a line of text to the scene; *height (may be NULL) gets its height. */
static co_status add_text(scene *s, co_scene_text_role role, const char *text, double x, double y,
                          double size, int bold, co_rgba color, double max_width, double *height)
{
	co_scene *o = s->out;
	co_status status;

	GROW(o->texts, o->n_texts, s->cap_texts, nomem);
	if ((status = make_text(s, &o->texts[o->n_texts], role, text, x, y, size, bold, color,
	                        max_width)) != CO_OK)
		return status;
	if (height)
		*height = o->texts[o->n_texts].h;
	o->n_texts++;
	return CO_OK;
nomem:
	return co_error_set(CO_ENOMEM, "out of memory");
}

/* Adds a paragraph wrapped at `width` as one text per line; returns its
 * height in *height. */
static co_status add_paragraph(scene *s, co_scene_text_role role, const char *text, double x,
                               double y, double size, co_rgba color, double width, double *height)
{
	PangoLayout *layout = text_layout(s, size, 0);
	PangoLayoutIter *it;
	co_status status = CO_OK;
	double bottom = y;

	pango_layout_set_text(layout, text, -1);
	pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	it = pango_layout_get_iter(layout);
	do {
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
		PangoRectangle logical;
		char *piece;
		double h = 0;

		pango_layout_iter_get_line_extents(it, NULL, &logical);
		if (!(piece = strndup(text + line->start_index, (size_t)line->length))) {
			status = co_error_set(CO_ENOMEM, "out of memory");
			break;
		}
		g_strchomp(piece);
		status = add_text(s, role, piece, x, y + (double)logical.y / PANGO_SCALE, size, 0, color,
		                  0, &h);
		bottom = y + (double)logical.y / PANGO_SCALE + h;
		free(piece);
	} while (status == CO_OK && pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	g_object_unref(layout);
	*height = bottom - y;
	return status;
}

static co_status add_mark(scene *s, co_scene_mark m)
{
	co_scene *o = s->out;

	GROW(o->marks, o->n_marks, s->cap_marks, nomem);
	o->marks[o->n_marks++] = m;
	return CO_OK;
nomem:
	return co_error_set(CO_ENOMEM, "out of memory");
}

static co_status add_frame(scene *s, co_scene_mark m)
{
	co_scene *o = s->out;

	GROW(o->frames, o->n_frames, s->cap_frames, nomem);
	o->frames[o->n_frames++] = m;
	return CO_OK;
nomem:
	return co_error_set(CO_ENOMEM, "out of memory");
}

static co_status add_legend(scene *s, const char *section, const char *label, co_rgba color,
                            size_t count, double value, double r, int style)
{
	co_scene *o = s->out;
	co_scene_legend *e;

	GROW(o->legend, o->n_legend, s->cap_legend, nomem);
	e = &o->legend[o->n_legend++];
	memset(e, 0, sizeof(*e));
	e->section = section;
	snprintf(e->label, sizeof(e->label), "%s", label);
	e->color = color;
	e->count = count;
	e->value = value;
	e->r = r;
	e->style = style;
	return CO_OK;
nomem:
	return co_error_set(CO_ENOMEM, "out of memory");
}

/* ---- labels ------------------------------------------------------------ */

static const char *org_text(const co_org *o)
{
	return o->name && o->name[0] ? o->name : o->key;
}

/* Adds v to the candidates unless it is there already. */
static void add_candidate(igraph_integer_t *order, size_t *n, unsigned char *taken,
                          igraph_integer_t v)
{
	if (taken[v])
		return;
	taken[v] = 1;
	order[(*n)++] = v;
}

/* Chooses which orgs get a label, in priority order, in *order; marks the
 * forced ones (asked for, hubs) in s->forced. */
static co_status label_candidates(scene *s, igraph_integer_t **order, size_t *count)
{
	const char *rule = s->opt->labels ? s->opt->labels : "top:20";
	igraph_integer_t *ranked = xcalloc((size_t)s->n, sizeof(*ranked));
	igraph_integer_t *out = xcalloc((size_t)s->n, sizeof(*out));
	unsigned char *taken = xcalloc((size_t)s->n, 1);
	size_t n = 0, hubs = 0, rest = 0, asked = 0;
	co_status status = CO_OK;

	*order = NULL;
	*count = 0;
	if (!ranked || !out || !taken || !(s->forced = xcalloc((size_t)s->n, 1))) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	for (igraph_integer_t v = 0; v < s->n; v++)
		ranked[v] = v;
	priority_values = s->size_value;
	priority_orgs = s->orgs;
	qsort(ranked, (size_t)s->n, sizeof(*ranked), compare_priority);
	priority_values = NULL;
	priority_orgs = NULL;
	if (strcmp(rule, "none") == 0) {
		snprintf(s->out->label_rule, sizeof(s->out->label_rule), "no labels");
		goto done;
	} else if (strcmp(rule, "all") == 0) {
		hubs = HUB_LABELS;
		rest = (size_t)s->n;
		snprintf(s->out->label_rule, sizeof(s->out->label_rule), "all orgs");
	} else if (strncmp(rule, "top:", 4) == 0) {
		char *end;
		long k = strtol(rule + 4, &end, 10);

		if (!isdigit((unsigned char)rule[4]) || *end || k < 0) {
			status = co_error_set(CO_EINVAL,
				"--labels: '%s' is not top:N, all, none or a list of keys", rule);
			goto done;
		}
		hubs = (size_t)k < HUB_LABELS ? (size_t)k : HUB_LABELS;
		rest = (size_t)k;
		snprintf(s->out->label_rule, sizeof(s->out->label_rule), "top %ld by %s", k,
		         s->opt->size_by);
	} else {
		/* a list of keys, in the order given, then the hubs */
		const char *p = rule;

		while (*p) {
			const char *comma = strchr(p, ',');
			size_t len = comma ? (size_t)(comma - p) : strlen(p);
			char key[512];
			igraph_integer_t v, w = -1;

			snprintf(key, sizeof(key), "%.*s", (int)(len < sizeof(key) ? len : sizeof(key) - 1), p);
			if (len > 0) {
				if ((status = co_network_find(&v, s->net, s->store, key)) != CO_OK) {
					status = co_error_set(status, "--labels: no org '%s' in the view", key);
					goto done;
				}
				for (igraph_integer_t i = 0; i < s->n; i++)
					if (s->vmap[i] == v)
						w = i;
				if (w >= 0 && !taken[w]) {
					add_candidate(out, &n, taken, w);
					s->forced[w] = 1;
					asked++;
				}
			}
			p = comma ? comma + 1 : p + len;
		}
		hubs = HUB_LABELS;
		snprintf(s->out->label_rule, sizeof(s->out->label_rule), "%zu named org%s and the "
		         "top %d by %s", asked, asked == 1 ? "" : "s", HUB_LABELS, s->opt->size_by);
	}
	for (size_t i = 0; i < hubs && i < (size_t)s->n; i++) {
		if (!taken[ranked[i]])
			s->forced[ranked[i]] = 1;
		add_candidate(out, &n, taken, ranked[i]);
	}
	/* federation hubs: parents of FEDERATION_HUB or more drawn members */
	if (hubs > 0) {
		size_t *members = xcalloc((size_t)s->n, sizeof(*members));

		if (!members) {
			status = co_error_set(CO_ENOMEM, "out of memory");
			goto done;
		}
		for (igraph_integer_t v = 0; v < s->n; v++)
			if (s->orgs[v].parent >= 0)
				members[s->orgs[v].parent]++;
		for (size_t i = 0; i < (size_t)s->n; i++)
			if (members[ranked[i]] >= FEDERATION_HUB && !taken[ranked[i]]) {
				s->forced[ranked[i]] = 1;
				add_candidate(out, &n, taken, ranked[i]);
			}
		free(members);
	}
	for (size_t i = 0; i < rest && i < (size_t)s->n; i++)
		add_candidate(out, &n, taken, ranked[i]);
done:
	free(ranked);
	free(taken);
	if (status != CO_OK) {
		free(out);
		return status;
	}
	*order = out;
	*count = n;
	return CO_OK;
}

/* Whether b covers the disc of a forced org other than v (hubs keep their
 * dots visible under other labels). */
static int box_hits_forced(const scene *s, const igraph_integer_t *forced, size_t n_forced,
                           igraph_integer_t v, const box *b, double pad)
{
	for (size_t i = 0; i < n_forced; i++) {
		igraph_integer_t w = forced[i];

		if (w != v && disc_hits_box(s->x[w], s->y[w], s->r[w] + pad, b))
			return 1;
	}
	return 0;
}

/* Whether b overlaps a note already on the map (the geo map's "no location
 * known" note). */
static int box_hits_notes(const scene *s, const box *b)
{
	for (size_t k = 0; k < s->out->n_texts; k++) {
		const co_scene_text *t = &s->out->texts[k];
		box tb = {t->x, t->y, t->x + t->w, t->y + t->h};

		if (t->role == CO_SCENE_TEXT_NOTE && boxes_overlap(&tb, b))
			return 1;
	}
	return 0;
}

static int inside_plot(const scene *s, const box *b)
{
	return b->x0 >= s->plot.x0 && b->x1 <= s->plot.x1 && b->y0 >= s->plot.y0 &&
	       b->y1 <= s->plot.y1;
}

/* The point of b nearest to (x, y). */
static void nearest_on_box(const box *b, double x, double y, double *px, double *py)
{
	*px = fmin(fmax(x, b->x0), b->x1);
	*py = fmin(fmax(y, b->y0), b->y1);
}

static co_status place_labels(scene *s)
{
	co_scene *o = s->out;
	igraph_integer_t *order = NULL, *forced = NULL;
	size_t count = 0, n_cells = 0, n_forced = 0;
	grid g = {0};
	bucket *cells = NULL;
	co_status status;
	double u = s->u, gap = 2 * u, pad = 1 * u;

	if ((status = label_candidates(s, &order, &count)) != CO_OK)
		return status;
	o->labels_asked = count;
	if (count == 0)
		goto done;
	if ((status = grid_nodes(&g, s)) != CO_OK)
		goto done;
	n_cells = (size_t)g.nx * (size_t)g.ny;
	if (!(cells = calloc(n_cells, sizeof(*cells))) ||
	    !(o->labels = calloc(count, sizeof(*o->labels))) ||
	    !(forced = xcalloc(count, sizeof(*forced)))) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t k = 0; k < count; k++)
		if (s->forced[order[k]])
			forced[n_forced++] = order[k];
	for (size_t k = 0; k < count; k++) {
		igraph_integer_t v = order[k];
		int bold = v == s->center, is_forced = s->forced[v], placed = 0, moved = 0;
		double w, h, base, x = s->x[v], y = s->y[v], r = s->r[v] + gap;
		double d = r * 0.7071;
		box tries[8], chosen = {0};

		measure_text(s, org_text(&s->orgs[v]), LABEL_FONT_SIZE * u, bold, &w, &h, &base);
		/* right, left, above, below, then the four corners */
		tries[0] = (box){x + r, y - h / 2, x + r + w, y + h / 2};
		tries[1] = (box){x - r - w, y - h / 2, x - r, y + h / 2};
		tries[2] = (box){x - w / 2, y - r - h, x + w / 2, y - r};
		tries[3] = (box){x - w / 2, y + r, x + w / 2, y + r + h};
		tries[4] = (box){x + d, y - d - h, x + d + w, y - d};
		tries[5] = (box){x - d - w, y - d - h, x - d, y - d};
		tries[6] = (box){x + d, y + d, x + d + w, y + d + h};
		tries[7] = (box){x - d - w, y + d, x - d, y + d + h};
		/* pass 0: clear of labels and dots; pass 1 (forced): over leaf dots */
		for (int pass = 0; pass < (is_forced ? 2 : 1) && !placed; pass++)
			for (int t = 0; t < 8 && !placed; t++) {
				box b = tries[t], grown = {b.x0 - pad, b.y0 - pad, b.x1 + pad, b.y1 + pad};

				if (!inside_plot(s, &b) || box_hits_labels(cells, &g, s, &grown) ||
				    box_hits_notes(s, &grown))
					continue;
				if (pass == 0 ? box_hits_nodes(&g, s, &b, pad) :
				    box_hits_forced(s, forced, n_forced, v, &b, pad) ||
				    disc_hits_box(x, y, s->r[v], &b))
					continue;
				chosen = b;
				placed = 1;
			}
		/* forced labels further out, with a leader line: rings of 16
		 * directions, first clear of dots, then over leaf dots */
		for (int pass = 0; is_forced && pass < 2 && !placed; pass++)
			for (int ring = 1; ring <= 60 && !placed; ring++) {
				double dist = r + ring * (h + 2 * u);

				for (int t = 0; t < 16 && !placed; t++) {
					double a = t * M_PI / 8, cx = cos(a), cy = sin(a);
					double bx = x + cx * (dist + w / 2 * fabs(cx));
					double by = y + cy * (dist + h / 2 * fabs(cy));
					box b = {bx - w / 2, by - h / 2, bx + w / 2, by + h / 2};
					box grown = {b.x0 - pad, b.y0 - pad, b.x1 + pad, b.y1 + pad};

					if (!inside_plot(s, &b) || box_hits_labels(cells, &g, s, &grown) ||
					    box_hits_notes(s, &grown))
						continue;
					if (pass == 0 ? box_hits_nodes(&g, s, &b, pad) :
					    box_hits_forced(s, forced, n_forced, v, &b, pad) ||
					    disc_hits_box(x, y, s->r[v], &b))
						continue;
					chosen = b;
					placed = 1;
					moved = 1;
				}
			}
		if (!placed) {
			o->labels_dropped++;
			continue;
		}
		{
			co_scene_label *l = &o->labels[o->n_labels];
			co_rgba ink_color = rgba(ink, 1);

			memset(l, 0, sizeof(*l));
			if ((status = make_text(s, &l->text, CO_SCENE_TEXT_LABEL, org_text(&s->orgs[v]),
			                        chosen.x0, chosen.y0, LABEL_FONT_SIZE * u, bold,
			                        ink_color, 0)) != CO_OK)
				goto done;
			l->node = v;
			l->forced = is_forced;
			l->halo = 1;
			if (moved) {
				double px, py, dx, dy, len;

				nearest_on_box(&chosen, x, y, &px, &py);
				dx = px - x;
				dy = py - y;
				len = hypot(dx, dy);
				l->leader = 1;
				l->lx0 = x + (len > 0 ? dx / len : 0) * s->r[v];
				l->ly0 = y + (len > 0 ? dy / len : 0) * s->r[v];
				l->lx1 = px;
				l->ly1 = py;
				o->labels_moved++;
			}
			if (!bucket_add(cells, &g, &chosen, o->n_labels)) {
				free(l->text.text);
				status = co_error_set(CO_ENOMEM, "out of memory");
				goto done;
			}
			o->n_labels++;
		}
	}
done:
	for (size_t c = 0; cells && c < n_cells; c++)
		free(cells[c].items);
	free(cells);
	grid_free(&g);
	free(order);
	free(forced);
	return status;
}

/* ---- ties -------------------------------------------------------------- */

/* Width of a tie of weight w: u * base * (0.6 + 1.4 level / 7), level the
 * rounded 7 sqrt(w / max), so that ties batch by width. */
static int tie_level(double weight, double max_weight)
{
	double t = max_weight > 0 ? sqrt(fmin(weight / max_weight, 1)) : 1;

	return (int)round(t * 7);
}

static double level_width(const scene *s, int level)
{
	double base = s->m > PLAIN_TIES ? 0.25 : s->m > 2000 ? 0.5 : 1.1;

	return s->u * base * (0.6 + 1.4 * level / 7.0);
}

/* joined[v] = 1 when a tie joins v and its parent (then the parent link is
 * not drawn: one line per pair); read from the edges, as the graph may be
 * gone (co_render_releasing). */
static void mark_joined(const scene *s, unsigned char *joined)
{
	for (igraph_integer_t e = 0; e < s->m; e++) {
		igraph_integer_t a = tie_from(s, e), b = tie_to(s, e);

		if (s->orgs[a].parent == b)
			joined[a] = 1;
		if (s->orgs[b].parent == a)
			joined[b] = 1;
	}
}

/*
 * Tie classes, in draw order: collaboration (or, with --tie-color kind, one
 * class per kind of collaboration tie, the most frequent first, up to 11,
 * then "other kinds"), federation links, friction.  Each class has 8
 * styles, one per width level (style = class x 8 + level); ties are sorted
 * by style (a counting sort), so a writer draws them in array order.
 */
#define MAX_TIE_CLASSES (MAX_CATEGORIES + 2)

typedef struct {
	const char *kind;        /* the kind (kind classes), or NULL */
	size_t count;
} tie_class;

static int compare_tie_class(const void *a, const void *b)
{
	const tie_class *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->kind, y->kind);
}

/* The collaboration kinds by count (kind classes), in classes[]; returns
 * how many (the last may be "other kinds", kind NULL). */
static size_t kind_classes(scene *s, tie_class *classes)
{
	tie_class all[256];
	size_t n = 0, shown;

	for (igraph_integer_t e = 0; e < s->m; e++) {
		const char *kind = scene_kind(s, e);
		size_t i = 0;

		if (scene_sign(s, e) < 0)
			continue;
		while (i < n && strcmp(all[i].kind, kind ? kind : "") != 0)
			i++;
		if (i == n && n < 256) {
			all[n].kind = kind ? kind : "";
			all[n].count = 0;
			n++;
		}
		if (i < n)
			all[i].count++;
	}
	qsort(all, n, sizeof(*all), compare_tie_class);
	shown = n <= MAX_CATEGORIES - 1 ? n : MAX_CATEGORIES - 2;
	memcpy(classes, all, shown * sizeof(*classes));
	if (shown < n) {
		classes[shown].kind = NULL;
		classes[shown].count = 0;
		for (size_t i = shown; i < n; i++)
			classes[shown].count += all[i].count;
		shown++;
	}
	return shown;
}

/* The class of a tie given the kind classes (n_kinds of them, 0 when ties
 * are colored by sign). */
static int class_of(const tie_class *classes, size_t n_kinds, const scene *s,
                    igraph_integer_t e)
{
	size_t n_collab = n_kinds ? n_kinds : 1;
	const char *kind = scene_kind(s, e);

	if (scene_sign(s, e) < 0)
		return (int)n_collab + 1;
	/* a tie of kind federation (a parent link --federation made, or one a
	 * user recorded) is drawn as the parent link it is */
	if (kind && strcmp(kind, "federation") == 0)
		return (int)n_collab;
	if (!n_kinds)
		return 0;
	for (size_t i = 0; i < n_kinds; i++)
		if (classes[i].kind && strcmp(classes[i].kind, kind ? kind : "") == 0)
			return (int)i;
	return (int)n_kinds - 1; /* other kinds */
}

static co_status make_ties(scene *s)
{
	co_scene *o = s->out;
	int plain = s->m + s->n_federation > PLAIN_TIES, geo = s->geo != NULL;
	tie_class classes[MAX_TIE_CLASSES];
	size_t n_kinds = 0, n_collab, n_classes, n_styles, *counts = NULL;
	int fed_class, fric_class;
	igraph_integer_t links = 0, total;
	double alpha;

	for (igraph_integer_t e = 0; e < s->m; e++)
		s->max_weight = fmax(s->max_weight, scene_weight(s, e));
	if (!(s->link = xcalloc((size_t)s->n, 1)))
		return co_error_set(CO_ENOMEM, "out of memory");
	mark_joined(s, s->link);
	for (igraph_integer_t v = 0; v < s->n; v++) {
		igraph_integer_t p = s->orgs[v].parent;

		s->link[v] = p >= 0 && !s->link[v];
		links += s->link[v];
	}
	s->n_federation = links;
	plain = s->m + links > PLAIN_TIES;
	total = s->m + links;
	if (s->opt->tie_color_kind)
		n_kinds = kind_classes(s, classes);
	n_collab = n_kinds ? n_kinds : 1;
	fed_class = (int)n_collab;
	fric_class = (int)n_collab + 1;
	n_classes = n_collab + 2;
	n_styles = 8 * n_classes;
	alpha = fmin(fmax(20.0 / sqrt((double)(s->m > 0 ? s->m : 1)), 0.05), 0.55);
	s->tie_alpha = alpha;
	s->n_kind_classes = n_kinds;
	memcpy(s->kind_classes, classes, n_kinds * sizeof(*classes));
	o->plain = plain;
	o->tie_layer_alpha = plain ? 0.45 : 1;
	if (!(o->styles = calloc(n_styles, sizeof(*o->styles))) ||
	    !(o->ties = xcalloc((size_t)total, sizeof(*o->ties))) ||
	    !(counts = calloc(n_styles + 1, sizeof(*counts))))
		return co_error_set(CO_ENOMEM, "out of memory");
	o->n_styles = n_styles;
	for (size_t c = 0; c < n_classes; c++)
		for (int level = 0; level < 8; level++) {
			co_scene_style *st = &o->styles[8 * c + (size_t)level];

			if ((int)c == fric_class) {
				snprintf(st->name, sizeof(st->name), "friction");
				st->color = rgba(friction_red, plain ? fmax(alpha, 0.3) : fmax(alpha, 0.85));
				st->width = plain ? 0.5 * s->u : fmax(level_width(s, level), 1.0 * s->u);
				st->friction = 1;
				if (!plain) {
					st->dash[0] = 4 * s->u;
					st->dash[1] = 2.5 * s->u;
				}
			} else if ((int)c == fed_class) {
				/* lighter on geo maps, where a national's links cross
				 * the whole country */
				snprintf(st->name, sizeof(st->name), "federation");
				st->color = rgba(federation_blue, plain ? alpha :
				                 geo ? fmin(fmax(alpha, 0.12), 0.3) : fmax(alpha, 0.35));
				st->width = (plain ? 0.3 : geo ? 0.6 : 0.8) * s->u;
				st->federation = 1;
				if (!plain) {
					st->dash[0] = 1.2 * s->u;
					st->dash[1] = 2.4 * s->u;
				}
			} else if (n_kinds) {
				rgb color = classes[c].kind ? palette[(c + 1) % MAX_CATEGORIES] : grey_other;

				if (classes[c].kind && c + 1 == 6) /* palette[6] is pink, near friction's red */
					color = palette[11];
				snprintf(st->name, sizeof(st->name), "%s", classes[c].kind ? classes[c].kind :
				         "other kinds");
				st->color = rgba(color, plain ? 1 : fmax(alpha, 0.45));
				st->width = level_width(s, level);
			} else {
				snprintf(st->name, sizeof(st->name), "collaboration");
				st->color = rgba(tie_grey, plain ? 1 : alpha);
				st->width = level_width(s, level);
			}
		}
	/* counting sort by style */
	for (igraph_integer_t e = 0; e < s->m; e++) {
		counts[8 * class_of(classes, n_kinds, s, e) + tie_level(scene_weight(s, e), s->max_weight) + 1]++;
	}
	counts[8 * fed_class + 1] += (size_t)links;
	for (size_t i = 0; i < n_styles; i++)
		counts[i + 1] += counts[i];
	for (igraph_integer_t e = 0; e < s->m; e++) {
		int style = 8 * class_of(classes, n_kinds, s, e) + tie_level(scene_weight(s, e), s->max_weight);
		co_scene_tie *ct = &o->ties[counts[style]++];

		ct->from = (int32_t)tie_from(s, e);
		ct->to = (int32_t)tie_to(s, e);
		ct->tie = (int32_t)scene_tie(s, e);
		ct->style = (uint16_t)style;
	}
	for (igraph_integer_t v = 0; v < s->n; v++) {
		co_scene_tie *ct;

		if (!s->link[v])
			continue;
		ct = &o->ties[counts[8 * fed_class]++];
		ct->from = (int32_t)v;
		ct->to = (int32_t)s->orgs[v].parent;
		ct->tie = -1;
		ct->style = (uint16_t)(8 * fed_class);
	}
	o->n_ties = total;
	s->fed_class = fed_class;
	s->fric_class = fric_class;
	free(counts);
	return CO_OK;
}

/* Geo maps: long ties as gentle arcs (the control point 12% of the chord
 * off its middle), so that lines from one city fan out; once the orgs are
 * placed (make_ties() runs before the layout, or just after it). */
static void bend_ties(scene *s)
{
	co_scene *o = s->out;
	double arc_min = 40 * s->u;

	for (igraph_integer_t e = 0; s->geo && e < o->n_ties; e++) {
		co_scene_tie *ct = &o->ties[e];

		if (hypot(s->x[ct->to] - s->x[ct->from], s->y[ct->to] - s->y[ct->from]) > arc_min)
			ct->bend = 0.12f;
	}
}

int co_scene_tie_control(const co_scene *sc, const co_scene_tie *tie, double *cx, double *cy)
{
	const co_scene_node *a = &sc->nodes[tie->from], *b = &sc->nodes[tie->to];
	double mx = (a->x + b->x) / 2, my = (a->y + b->y) / 2;

	if (tie->bend == 0)
		return 0;
	/* left of a -> b on a page whose y grows downward: (dy, -dx) */
	*cx = mx + tie->bend * (b->y - a->y);
	*cy = my - tie->bend * (b->x - a->x);
	return 1;
}

/* ---- outlines, rings --------------------------------------------------- */

/* Clips a closed ring (n points, x y pairs) to the box (Sutherland-Hodgman,
 * one edge of the box at a time); *out gets at most 2n + 8 points. */
static size_t clip_ring(const double *in, size_t n, const box *b, double *out, double *tmp)
{
	const double *src = in;
	size_t count = n;

	for (int edge = 0; edge < 4 && count > 0; edge++) {
		double *dst = edge % 2 == 0 ? tmp : out;
		size_t k = 0;

		for (size_t i = 0; i < count; i++) {
			const double *p = &src[2 * i], *q = &src[2 * ((i + 1) % count)];
			double vp = edge == 0 ? p[0] - b->x0 : edge == 1 ? b->x1 - p[0] :
			            edge == 2 ? p[1] - b->y0 : b->y1 - p[1];
			double vq = edge == 0 ? q[0] - b->x0 : edge == 1 ? b->x1 - q[0] :
			            edge == 2 ? q[1] - b->y0 : b->y1 - q[1];

			if (vp >= 0) {
				dst[2 * k] = p[0];
				dst[2 * k + 1] = p[1];
				k++;
			}
			if ((vp >= 0) != (vq >= 0)) {
				double t = vp / (vp - vq);

				dst[2 * k] = p[0] + t * (q[0] - p[0]);
				dst[2 * k + 1] = p[1] + t * (q[1] - p[1]);
				k++;
			}
		}
		src = dst;
		count = k;
	}
	return count;
}

/* Whether some drawn org is in the state with this postal code. */
static int state_drawn(const scene *s, const char *postal)
{
	for (igraph_integer_t v = 0; v < s->n; v++)
		if (s->orgs[v].state && strcasecmp(s->orgs[v].state, postal) == 0)
			return 1;
	return 0;
}

/* Geo maps: the state outlines under the orgs, in page units, clipped to
 * the plot area (a zoomed map shows the neighbours' outlines around its
 * states); the whole frame gets frames around the Alaska, Hawaii and
 * Puerto Rico insets, so that nobody reads Alaska as off Baja California. */
static co_status make_outlines(scene *s)
{
	co_scene *o = s->out;
	size_t n = s->geo ? co_geo_count(s->geo) : 0;
	box clip = s->plot;

	if (n == 0)
		return CO_OK;
	if (!(o->regions = calloc(n, sizeof(*o->regions))))
		return co_error_set(CO_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		co_scene_region *g = &o->regions[o->n_regions];
		size_t n_rings, kept = 0;
		const double *const *pts;
		const size_t *lens;
		const char *postal = co_geo_postal(s->geo, i);
		double fx0 = INFINITY, fy0 = INFINITY, fx1 = -INFINITY, fy1 = -INFINITY;
		int inset = strcmp(postal, "AK") == 0 || strcmp(postal, "HI") == 0 ||
		            strcmp(postal, "PR") == 0;

		/* Canada only under a view with an org there: a US map stays as it was */
		if (strcmp(co_geo_country(s->geo, i), "CA") == 0 && s->layout.in_canada == 0)
			continue;
		memset(g, 0, sizeof(*g));
		snprintf(g->code, sizeof(g->code), "%s", postal);
		/* a zoomed map draws its own states darker than their neighbours */
		g->fill = !s->zoomed || state_drawn(s, postal) ? (co_rgba){0.91, 0.91, 0.89, 1} :
		          (co_rgba){0.955, 0.955, 0.945, 1};
		g->stroke = (co_rgba){1, 1, 1, 1};
		g->width = 0.6 * s->u;
		co_geo_rings(s->geo, i, &n_rings, &pts, &lens);
		if (!(g->rings = xcalloc(n_rings, sizeof(*g->rings))) ||
		    !(g->lengths = xcalloc(n_rings, sizeof(*g->lengths)))) {
			free(g->rings);
			return co_error_set(CO_ENOMEM, "out of memory");
		}
		for (size_t r = 0; r < n_rings; r++) {
			double *page = xcalloc(2 * lens[r], sizeof(double));
			double *out = xcalloc(4 * lens[r] + 16, sizeof(double));
			double *tmp = xcalloc(4 * lens[r] + 16, sizeof(double));
			size_t k;

			if (!page || !out || !tmp) {
				free(page);
				free(out);
				free(tmp);
				g->n_rings = kept;
				o->n_regions++;
				return co_error_set(CO_ENOMEM, "out of memory");
			}
			for (size_t j = 0; j < lens[r]; j++) {
				page[2 * j] = s->tx + s->scale * pts[r][2 * j];
				page[2 * j + 1] = s->ty + s->scale * pts[r][2 * j + 1];
				fx0 = fmin(fx0, page[2 * j]);
				fx1 = fmax(fx1, page[2 * j]);
				fy0 = fmin(fy0, page[2 * j + 1]);
				fy1 = fmax(fy1, page[2 * j + 1]);
			}
			k = clip_ring(page, lens[r], &clip, out, tmp);
			free(page);
			free(tmp);
			if (k < 3) {
				free(out);
				continue;
			}
			g->rings[kept] = out;
			g->lengths[kept] = k;
			kept++;
		}
		g->n_rings = kept;
		if (kept == 0) {
			free(g->rings);
			free(g->lengths);
			continue;
		}
		o->n_regions++;
		if (inset && !s->zoomed) {
			co_scene_mark m = {CO_SCENE_MARK_RECT, fx0 - 4 * s->u, fy0 - 4 * s->u,
			                   fx1 + 4 * s->u, fy1 + 4 * s->u, 0, {0, 0, 0, 0},
			                   {0.7, 0.7, 0.7, 1}, 0.6 * s->u, {0, 0}};
			co_status status;

			if ((status = add_frame(s, m)) != CO_OK)
				return status;
		}
	}
	return CO_OK;
}

/* ---- the events layer (--events-layer) ----------------------------------- */

/* Events drawn as circles under the network on a geo map, area following the
 * crowd estimate (events.h); an event without one gets the smallest circle,
 * one without coordinates sits at its state's centroid, one outside the
 * United States (or in no known state) is counted, not drawn. */
/* sky blue: apart from every kind color (and from friction red) */
#define EVENT_COLOR {0x0a / 255.0, 0x84 / 255.0, 0xc6 / 255.0}

typedef struct {
	double x, y, turnout;
} event_dot;

static int compare_event_dots(const void *a, const void *b)
{
	const event_dot *x = a, *y = b;
	double tx = isnan(x->turnout) ? -1 : x->turnout, ty = isnan(y->turnout) ? -1 : y->turnout;

	/* largest first, so that small circles are drawn over big ones */
	if (tx != ty)
		return tx < ty ? 1 : -1;
	return (x->x > y->x) - (x->x < y->x);
}

static double event_radius(const scene *s, double turnout)
{
	double rmin = 1.5 * s->u, rmax = 18 * s->u;

	if (isnan(turnout) || s->event_max <= 0)
		return rmin;
	return rmin + (rmax - rmin) * sqrt(turnout / s->event_max);
}

static co_status place_events(scene *s, event_dot *dots, const co_event_list *list)
{
	for (size_t i = 0; i < list->n_events; i++) {
		const co_event *e = &list->events[i];
		double lon = e->lon, lat = e->lat, x, y;

		if (strcmp(e->country, "US") != 0 ||
		    ((isnan(lat) || isnan(lon)) && !co_geo_centroid(s->geo, e->state, &lon, &lat)) ||
		    !co_geo_project(&x, &y, lon, lat)) {
			s->events_abroad++;
			continue;
		}
		dots[s->n_events] = (event_dot){s->tx + s->scale * x, s->ty + s->scale * y,
		                                co_event_turnout(e)};
		if (!isnan(dots[s->n_events].turnout) && dots[s->n_events].turnout > s->event_max)
			s->event_max = dots[s->n_events].turnout;
		s->n_events++;
	}
	return CO_OK;
}

static co_status make_events_layer(scene *s)
{
	static const rgb sky = EVENT_COLOR;
	co_event_list *list = NULL;
	event_dot *dots = NULL;
	co_status status;

	if (!s->opt->events_layer)
		return CO_OK;
	if (s->opt->layout != CO_LAYOUT_GEO)
		return co_error_set(CO_EINVAL, "--events-layer draws events by place: it needs --layout geo");
	if ((status = co_event_list_load(&list, s->store, s->net)) != CO_OK)
		return status;
	if (!(dots = xcalloc(list->n_events + 1, sizeof(*dots)))) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	place_events(s, dots, list);
	qsort(dots, s->n_events, sizeof(*dots), compare_event_dots);
	for (size_t i = 0; i < s->n_events; i++) {
		co_scene_mark m = {CO_SCENE_MARK_CIRCLE, dots[i].x, dots[i].y, 0, 0,
		                   event_radius(s, dots[i].turnout), rgba(sky, 0.28),
		                   rgba(sky, 0.85), 0.5 * s->u, {0, 0}};
		if ((status = add_frame(s, m)) != CO_OK)
			goto done;
	}
done:
	free(dots);
	co_event_list_free(list);
	return status;
}

/* Kinds layout: faint circles on the rings, so that the reader sees them. */
static co_status make_rings(scene *s)
{
	double drawn[64];
	int n_drawn = 0;
	co_status status;

	if (s->opt->layout != CO_LAYOUT_KINDS)
		return CO_OK;
	for (igraph_integer_t v = 0; v < s->n && n_drawn < 64; v++) {
		double d = round(hypot(MATRIX(s->layout.xy, v, 0), MATRIX(s->layout.xy, v, 1)));
		int seen = d <= 0;
		co_scene_mark m = {CO_SCENE_MARK_CIRCLE, s->tx, s->ty, 0, 0, 0, {0, 0, 0, 0},
		                   {0.88, 0.88, 0.9, 1}, 1.0 * s->u, {0, 0}};

		for (int i = 0; i < n_drawn && !seen; i++)
			seen = drawn[i] == d;
		if (seen)
			continue;
		drawn[n_drawn++] = d;
		m.r = d * s->scale;
		if ((status = add_frame(s, m)) != CO_OK)
			return status;
	}
	return CO_OK;
}

/* The "no location known:" note left of the geo map's strip of orgs with
 * no location (--unplaced strip). */
#define UNPLACED_NOTE "no location known:"

static co_status unplaced_note(scene *s)
{
	double x0 = INFINITY, y0 = 0, w, h, base;

	if (s->opt->layout != CO_LAYOUT_GEO || s->layout.unplaced == 0)
		return CO_OK;
	for (igraph_integer_t v = 0; v < s->n; v++)
		if (s->layout.how[v] == CO_PLACED_NONE && s->x[v] < x0) {
			x0 = s->x[v];
			y0 = s->y[v];
		}
	measure_text(s, UNPLACED_NOTE, 8 * s->u, 0, &w, &h, &base);
	return add_text(s, CO_SCENE_TEXT_NOTE, UNPLACED_NOTE, x0 - s->rmax - 6 * s->u - w, y0 - h / 2,
	                8 * s->u, 0, (co_rgba){0.45, 0.45, 0.47, 1}, 0, NULL);
}

/* ---- legend and titles ------------------------------------------------- */

static void format_value(char *buf, size_t size, double v)
{
	if (fabs(v) >= 100 || v == floor(v))
		snprintf(buf, size, "%.0f", v);
	else if (fabs(v) >= 1)
		snprintf(buf, size, "%.2f", v);
	else
		snprintf(buf, size, "%.3g", v);
}

static int is_count_measure(const char *name)
{
	return strcmp(name, "degree") == 0 || strcmp(name, "members") == 0;
}

/* A dot swatch and its text on a legend line at y. */
static co_status legend_dot(scene *s, double x, double y, double line, rgb color, const char *text,
                            double width)
{
	co_scene_mark m = {CO_SCENE_MARK_CIRCLE, x + 6 * s->u, y + line / 2, 0, 0, 5 * s->u,
	                   rgba(color, 1), {0, 0, 0, 0}, 0, {0, 0}};
	co_status status;

	if ((status = add_mark(s, m)) != CO_OK)
		return status;
	return add_text(s, CO_SCENE_TEXT_LEGEND, text, x + 22 * s->u, y + 1.5 * s->u, 8.5 * s->u, 0,
	                rgba(ink, 1), width - 22 * s->u, NULL);
}

/* The sizes the legend shows: the smallest, middle and largest values,
 * distinct as printed (a count measure shows whole numbers only). */
static size_t size_samples(const scene *s, double *values)
{
	double cand[3] = {s->size_min, (s->size_min + s->size_max) / 2, s->size_max};
	char prev[64] = "", buf[64];
	size_t n = 0;

	if (is_count_measure(s->opt->size_by))
		cand[1] = floor(cand[1]);
	for (int i = 0; i < 3; i++) {
		format_value(buf, sizeof(buf), cand[i]);
		if (i > 0 && strcmp(buf, prev) == 0)
			continue;
		if (is_count_measure(s->opt->size_by) && i == 1 && cand[1] <= s->size_min)
			continue;
		snprintf(prev, sizeof(prev), "%s", buf);
		values[n++] = cand[i];
	}
	return n;
}

static co_status legend_colors(scene *s, double x, double *y, double width, double bottom)
{
	double u = s->u, line = 15 * u, h;
	char buf[256];
	co_status status;

	if ((status = add_text(s, CO_SCENE_TEXT_LEGEND, s->color_title, x, *y, 9.5 * u, 1, rgba(ink, 1),
	                       width, &h)) != CO_OK)
		return status;
	*y += h + 4 * u;
	if (s->ramp) {
		/* a gradient bar, min at the bottom */
		double bar_h = fmin(RAMP_BINS * 8 * u, bottom - *y - 200 * u);

		for (int i = 0; i < RAMP_BINS && bar_h > 0; i++) {
			co_scene_mark m = {CO_SCENE_MARK_RECT, x, *y + bar_h * (RAMP_BINS - 1 - i) / RAMP_BINS,
			                   x + 12 * u, *y + bar_h * (RAMP_BINS - i) / RAMP_BINS + 0.5, 0,
			                   rgba(s->colors[i].color, 1), {0, 0, 0, 0}, 0, {0, 0}};
			if ((status = add_mark(s, m)) != CO_OK)
				return status;
		}
		format_value(buf, sizeof(buf), s->ramp_max);
		if ((status = add_text(s, CO_SCENE_TEXT_LEGEND, buf, x + 22 * u, *y - 2 * u, 8.5 * u, 0,
		                       rgba(ink, 1), width - 22 * u, NULL)) != CO_OK)
			return status;
		format_value(buf, sizeof(buf), s->ramp_min);
		if ((status = add_text(s, CO_SCENE_TEXT_LEGEND, buf, x + 22 * u,
		                       *y + bar_h - 8.5 * u * 1.3, 8.5 * u, 0, rgba(ink, 1),
		                       width - 22 * u, NULL)) != CO_OK)
			return status;
		if ((status = add_legend(s, "color", s->opt->color_by, rgba(s->colors[0].color, 1), 0,
		                         s->ramp_min, s->ramp_max, -1)) != CO_OK)
			return status;
		*y += bar_h + 6 * u;
	}
	for (size_t c = s->ramp ? RAMP_BINS : 0; c < s->n_colors && *y + line < bottom; c++) {
		snprintf(buf, sizeof(buf), "%s (%zu)", s->colors[c].label, s->colors[c].count);
		if ((status = legend_dot(s, x, *y, line, s->colors[c].color, buf, width)) != CO_OK ||
		    (status = add_legend(s, "color", s->colors[c].label, rgba(s->colors[c].color, 1),
		                         s->colors[c].count, NAN, 0, -1)) != CO_OK)
			return status;
		*y += line;
	}
	return CO_OK;
}

static co_status legend_sizes(scene *s, double x, double *y, double width, double bottom)
{
	double u = s->u, line = 15 * u, text = 8.5 * u, values[3], h;
	size_t shown;
	char buf[64];
	co_status status;

	if (s->n == 0 || !isfinite(s->size_min) || *y + 80 * u >= bottom)
		return CO_OK;
	shown = size_samples(s, values);
	if ((status = add_text(s, CO_SCENE_TEXT_LEGEND, s->size_title, x, *y, 9.5 * u, 1, rgba(ink, 1),
	                       width, &h)) != CO_OK)
		return status;
	*y += h + 4 * u;
	for (size_t i = 0; i < shown; i++) {
		double t = s->size_max > s->size_min ? (values[i] - s->size_min) /
		           (s->size_max - s->size_min) : s->size_max != 0 ? 0.5 : 0;
		double r = s->rmin + (s->rmax - s->rmin) * sqrt(t), step = fmax(2 * r + 4 * u, line);
		double cx = x + 6 * u + fmax(0, s->rmax - 6 * u) / 2;
		co_scene_mark m = {CO_SCENE_MARK_CIRCLE, cx, *y + step / 2, 0, 0, r, rgba(ink, 0.55),
		                   {0, 0, 0, 0}, 0, {0, 0}};

		format_value(buf, sizeof(buf), values[i]);
		if ((status = add_mark(s, m)) != CO_OK ||
		    (status = add_text(s, CO_SCENE_TEXT_LEGEND, buf, x + 22 * u + fmax(0, s->rmax - 6 * u),
		                       *y + step / 2 - text * 0.65, text, 0, rgba(ink, 1), width - 22 * u,
		                       NULL)) != CO_OK ||
		    (status = add_legend(s, "size", buf, rgba(ink, 0.55), 0, values[i], r, -1)) != CO_OK)
			return status;
		*y += step;
	}
	return CO_OK;
}

/* One legend line per tie class drawn (collaboration or each kind,
 * federation, friction), drawn with its widest style. */
static co_status legend_ties(scene *s, double x, double *y, double width, double bottom)
{
	co_scene *o = s->out;
	double u = s->u, line = 15 * u, h;
	size_t n_classes = o->n_styles / 8, *counts = calloc(n_classes + 1, sizeof(*counts));
	co_status status = CO_OK;
	char buf[256];

	if (!counts)
		return co_error_set(CO_ENOMEM, "out of memory");
	if (*y + 4 * line >= bottom || o->n_ties == 0)
		goto done;
	for (igraph_integer_t e = 0; e < o->n_ties; e++)
		counts[o->ties[e].style / 8]++;
	if ((status = add_text(s, CO_SCENE_TEXT_LEGEND, s->n_kind_classes ? "Ties by kind" : "Ties",
	                       x, *y, 9.5 * u, 1, rgba(ink, 1), width, &h)) != CO_OK)
		goto done;
	*y += h + 4 * u;
	for (size_t c = 0; c < n_classes && *y + line < bottom; c++) {
		int friction = (int)c == s->fric_class, federation = (int)c == s->fed_class;
		const co_scene_style *st = &o->styles[8 * c + (friction ? 4 : federation ? 0 : 7)];
		co_scene_mark m = {CO_SCENE_MARK_LINE, x, *y + line / 2, x + 16 * u, *y + line / 2, 0,
		                   {0, 0, 0, 0}, st->color, friction ? 1.2 * u : st->width,
		                   {st->dash[0], st->dash[1]}};

		if (counts[c] == 0)
			continue;
		m.stroke.a = friction ? 1 : federation ? 0.8 : 0.9;
		if (friction)
			snprintf(buf, sizeof(buf), "friction (%zu)", counts[c]);
		else if (federation)
			snprintf(buf, sizeof(buf), "federation: member of parent (%zu)", counts[c]);
		else if (s->n_kind_classes)
			snprintf(buf, sizeof(buf), "%s (%zu)", st->name, counts[c]);
		else
			snprintf(buf, sizeof(buf), "collaboration, width = weight (%zu)", counts[c]);
		if ((status = add_mark(s, m)) != CO_OK ||
		    (status = add_text(s, CO_SCENE_TEXT_LEGEND, buf, x + 22 * u, *y + 1.5 * u, 8.5 * u, 0,
		                       rgba(ink, 1), width - 22 * u, NULL)) != CO_OK ||
		    (status = add_legend(s, "ties", st->name, m.stroke, counts[c], NAN, 0,
		                         (int)(8 * c))) != CO_OK)
			goto done;
		*y += line;
	}
done:
	free(counts);
	return status;
}

/* The events layer's legend: three circles (the largest crowd, a tenth and a
 * hundredth of it) and what was left out. */
static co_status legend_events(scene *s, double x, double *y, double width, double bottom)
{
	static const rgb sky = EVENT_COLOR;
	double u = s->u, text = 8.5 * u, h, values[3] = {s->event_max, 0, 0};
	char buf[160];
	size_t shown = s->event_max > 0 ? 3 : 0;
	co_status status;

	if (!s->opt->events_layer || *y + 80 * u >= bottom)
		return CO_OK;
	snprintf(buf, sizeof(buf), "Events: %zu, area = turnout", s->n_events);
	if ((status = add_text(s, CO_SCENE_TEXT_LEGEND, buf, x, *y, 9.5 * u, 1, rgba(ink, 1), width,
	                       &h)) != CO_OK)
		return status;
	*y += h + 4 * u;
	/* the largest crowd, then the two powers of ten below it */
	if (shown) {
		values[1] = pow(10, floor(log10(s->event_max)));
		if (values[1] >= s->event_max)
			values[1] /= 10;
		values[2] = values[1] / 10;
		if (values[2] < 1)
			shown = values[1] >= 1 ? 2 : 1;
	}
	for (size_t i = 0; i < shown; i++) {
		double r = event_radius(s, values[i]), step = fmax(2 * r + 4 * u, 15 * u);
		co_scene_mark m = {CO_SCENE_MARK_CIRCLE, x + 18 * u, *y + step / 2, 0, 0, r,
		                   rgba(sky, 0.28), rgba(sky, 0.85), 0.5 * u, {0, 0}};
		format_value(buf, sizeof(buf), values[i]);
		if ((status = add_mark(s, m)) != CO_OK ||
		    (status = add_text(s, CO_SCENE_TEXT_LEGEND, buf, x + 40 * u, *y + step / 2 - text * 0.65,
		                       text, 0, rgba(ink, 1), width - 40 * u, NULL)) != CO_OK ||
		    (status = add_legend(s, "events", buf, rgba(sky, 0.28), 0, values[i], r, -1)) != CO_OK)
			return status;
		*y += step;
	}
	if (s->events_abroad) {
		snprintf(buf, sizeof(buf), "%zu events outside the states drawn are left out",
		         s->events_abroad);
		if ((status = add_paragraph(s, CO_SCENE_TEXT_NOTE, buf, x, *y, 7.5 * u, rgba(ink, 0.8),
		                            width, &h)) != CO_OK)
			return status;
		*y += h + 4 * u;
	}
	return CO_OK;
}

static co_status legend_notes(scene *s, double x, double y, double width, double bottom)
{
	co_scene *o = s->out;
	double u = s->u, line = 15 * u, h;
	co_rgba grey = rgba(ink, 0.8);
	char buf[512];
	co_status status;

	if (y + 2 * line >= bottom)
		return CO_OK;
	if (o->labels_asked > 0)
		snprintf(buf, sizeof(buf), "Labels: %s; %zu shown%s%s", o->label_rule, o->n_labels,
		         o->labels_dropped ? ", " : "", "");
	else
		snprintf(buf, sizeof(buf), "Labels: %s", o->label_rule);
	if (o->labels_dropped) {
		size_t used = strlen(buf);
		snprintf(buf + used, sizeof(buf) - used, "%zu left out to avoid overlaps",
		         o->labels_dropped);
	}
	if ((status = add_paragraph(s, CO_SCENE_TEXT_NOTE, buf, x, y, 7.5 * u, grey, width, &h)) != CO_OK)
		return status;
	y += h + 4 * u;
	if (o->plain) {
		if ((status = add_paragraph(s, CO_SCENE_TEXT_NOTE, "Over 20000 ties and links: friction "
		                            "and federation are drawn solid, not dashed", x, y, 7.5 * u,
		                            grey, width, &h)) != CO_OK)
			return status;
		y += h + 4 * u;
	}
	if (s->color_note[0]) {
		if ((status = add_paragraph(s, CO_SCENE_TEXT_NOTE, s->color_note, x, y, 7.5 * u, grey,
		                            width, &h)) != CO_OK)
			return status;
		y += h + 4 * u;
	}
	if (s->opt->layout == CO_LAYOUT_KINDS) {
		size_t used = (size_t)snprintf(buf, sizeof(buf), "Rings, from the center out:");
		for (size_t c = 0; c < s->n_colors && used < sizeof(buf); c++)
			used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s %s",
			                         c ? "," : "", s->colors[c].label);
		if (strcmp(s->opt->color_by, "kind") != 0)
			snprintf(buf, sizeof(buf), "Rings by kind of organization, national at the center");
		if ((status = add_paragraph(s, CO_SCENE_TEXT_NOTE, buf, x, y, 7.5 * u, grey, width,
		                            &h)) != CO_OK)
			return status;
		y += h + 4 * u;
	}
	if (s->opt->layout == CO_LAYOUT_GEO) {
		igraph_integer_t coords = s->n - s->layout.by_state - s->layout.unplaced;

		snprintf(buf, sizeof(buf), "Places: %" IGRAPH_PRId " orgs by their coordinates, %"
		         IGRAPH_PRId " known only by %s spread inside it; %" IGRAPH_PRId
		         " with no location %s", coords, s->layout.by_state,
		         s->layout.in_canada ? "state or province" : "state",
		         s->left_off + s->layout.unplaced,
		         s->opt->unplaced_strip ? "in the strip below the map" :
		         "left off (--unplaced strip draws them)");
		if ((status = add_paragraph(s, CO_SCENE_TEXT_NOTE, buf, x, y, 7.5 * u, grey, width,
		                            &h)) != CO_OK)
			return status;
	}
	return CO_OK;
}

static co_status make_legend(scene *s)
{
	double u = s->u, x = s->plot.x1 + 12 * u, width = s->W - 12 * u - x;
	double y = s->plot.y0, bottom = s->H - 12 * u - 30 * u;
	co_status status;

	if ((status = legend_colors(s, x, &y, width, bottom)) != CO_OK)
		return status;
	y += 8 * u;
	if ((status = legend_sizes(s, x, &y, width, bottom)) != CO_OK)
		return status;
	y += 8 * u;
	if ((status = legend_ties(s, x, &y, width, bottom)) != CO_OK)
		return status;
	y += 8 * u;
	if ((status = legend_events(s, x, &y, width, bottom)) != CO_OK)
		return status;
	return legend_notes(s, x, y, width, bottom);
}

static void today(char *buf, size_t size)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	time_t t = epoch && epoch[0] ? (time_t)strtoll(epoch, NULL, 10) : time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%d", &tm);
}

static co_status make_titles(scene *s)
{
	co_scene *o = s->out;
	double u = s->u, m = 12 * u, width = s->W - 2 * m;
	char subtitle[512], caption[1024], view[512], date[32];
	co_status status;

	if (s->opt->title)
		snprintf(o->title, sizeof(o->title), "%s", s->opt->title);
	else if (s->opt->ego)
		snprintf(o->title, sizeof(o->title), "Coalition map around %s (within %d step%s)",
		         s->center_name && s->center_name[0] ? s->center_name : s->opt->ego, s->opt->depth,
		         s->opt->depth == 1 ? "" : "s");
	else
		snprintf(o->title, sizeof(o->title), "Coalition map");
	if (s->opt->subtitle)
		snprintf(subtitle, sizeof(subtitle), "%s", s->opt->subtitle);
	else if (s->net->view.rollup != CO_ROLLUP_NONE) {
		/* A roll-up: groups standing for orgs, ties standing for ties. */
		int64_t members = 0, ties = 0;

		for (igraph_integer_t v = 0; v < s->n; v++)
			members += s->orgs[v].members;
		ties = s->group_ties;
		snprintf(subtitle, sizeof(subtitle),
		         "%" IGRAPH_PRId " groups by %s (%lld organizations) and %" IGRAPH_PRId
		         " group ties (%lld ties, %" IGRAPH_PRId " friction) \u00b7 layout: %s"
		         " \u00b7 color: %s \u00b7 size: %s", s->n,
		         co_rollup_name(s->net->view.rollup), (long long)members, s->m,
		         (long long)ties, s->n_friction, co_layout_name(s->opt->layout),
		         s->opt->color_by, s->opt->size_by);
	} else
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
	         s->opt->layout != CO_LAYOUT_GEO ? "" : s->layout.in_canada == 0 ?
	         " \u00b7 State outlines: US Census via d3 (public domain)" :
	         " \u00b7 Outlines: US Census via d3, Canada Natural Earth (public domain)");
	if ((status = add_text(s, CO_SCENE_TEXT_TITLE, o->title, m, m, 16 * u, 1, rgba(ink, 1), width,
	                       NULL)) != CO_OK ||
	    (status = add_text(s, CO_SCENE_TEXT_SUBTITLE, subtitle, m, m + 26 * u, 10 * u, 0,
	                       (co_rgba){0.35, 0.35, 0.38, 1}, width, NULL)) != CO_OK)
		return status;
	return add_text(s, CO_SCENE_TEXT_CAPTION, caption, m, s->H - m - 16 * u, 7.5 * u, 0,
	                (co_rgba){0.4, 0.4, 0.42, 1}, width, NULL);
}

/* ---- the public scene -------------------------------------------------- */

static const double *radius_values; /* for qsort, which has no context argument */

static int compare_radius(const void *a, const void *b)
{
	igraph_integer_t i = *(const igraph_integer_t *)a, j = *(const igraph_integer_t *)b;

	if (radius_values[i] != radius_values[j])
		return radius_values[i] > radius_values[j] ? -1 : 1;
	return i < j ? -1 : i > j;
}

static co_status make_nodes(scene *s)
{
	co_scene *o = s->out;

	if (!(o->nodes = xcalloc((size_t)s->n, sizeof(*o->nodes))) ||
	    !(o->order = xcalloc((size_t)s->n, sizeof(*o->order))))
		return co_error_set(CO_ENOMEM, "out of memory");
	o->n_nodes = s->n;
	for (size_t c = 0; c < s->n_colors; c++)
		o->fills[c] = rgba(s->colors[c].color, 1);
	for (igraph_integer_t v = 0; v < s->n; v++) {
		co_scene_node *d = &o->nodes[v];

		d->org = &s->net->orgs[s->vmap[v]];
		d->x = s->x[v];
		d->y = s->y[v];
		d->r = s->r[v];
		d->group = s->color_of[v];
		d->size_value = s->size_value[v];
		d->ego = v == s->center;
		d->label = -1;
		d->placed = (unsigned char)s->layout.how[v];
		o->order[v] = v;
	}
	for (size_t k = 0; k < o->n_labels; k++)
		o->nodes[o->labels[k].node].label = (int)k;
	radius_values = s->r;
	qsort(o->order, (size_t)s->n, sizeof(*o->order), compare_radius);
	radius_values = NULL;
	return CO_OK;
}

static void region_free(co_scene_region *g)
{
	for (size_t r = 0; r < g->n_rings; r++)
		free(g->rings[r]);
	free(g->rings);
	free(g->lengths);
}

void co_scene_free(co_scene *o)
{
	if (!o)
		return;
	free(o->nodes);
	free(o->order);
	free(o->styles);
	free(o->ties);
	for (size_t i = 0; i < o->n_regions; i++)
		region_free(&o->regions[i]);
	free(o->regions);
	free(o->frames);
	for (size_t k = 0; k < o->n_labels; k++)
		free(o->labels[k].text.text);
	free(o->labels);
	free(o->marks);
	for (size_t k = 0; k < o->n_texts; k++)
		free(o->texts[k].text);
	free(o->texts);
	free(o->legend);
	co_html_cited_free(o->cited);
	free(o);
}

/* ---- dump -------------------------------------------------------------- */

static const char *const placed_names[] = {"none", "coords", "state", "layout"};
static const char *const role_names[] = {"title", "subtitle", "caption", "legend", "note", "label"};

static json_t *hex_color(co_rgba c)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "#%02x%02x%02x", (int)lround(c.r * 255), (int)lround(c.g * 255),
	         (int)lround(c.b * 255));
	return json_string(buf);
}

co_status co_scene_dump(const co_scene *o, const char *path)
{
	json_t *doc = json_object(), *nodes = json_array(), *labels = json_array();
	json_t *legend = json_array(), *texts = json_array();
	co_status status = CO_OK;

	if (!doc || !nodes || !labels || !legend || !texts) {
		json_decref(doc);
		json_decref(nodes);
		json_decref(labels);
		json_decref(legend);
		json_decref(texts);
		return co_error_set(CO_ENOMEM, "out of memory");
	}
	json_object_set_new(doc, "width", json_integer((json_int_t)lround(o->width)));
	json_object_set_new(doc, "height", json_integer((json_int_t)lround(o->height)));
	json_object_set_new(doc, "unit", json_real(o->u));
	json_object_set_new(doc, "layout", json_string(co_layout_name(o->layout)));
	json_object_set_new(doc, "seed", json_integer((json_int_t)o->seed));
	json_object_set_new(doc, "plot", json_pack("{s:f,s:f,s:f,s:f}", "x0", o->plot.x0,
		"y0", o->plot.y0, "x1", o->plot.x1, "y1", o->plot.y1));
	json_object_set_new(doc, "transform", json_pack("{s:f,s:f,s:f}", "scale", o->scale,
		"tx", o->tx, "ty", o->ty));
	for (igraph_integer_t v = 0; v < o->n_nodes; v++) {
		const co_scene_node *d = &o->nodes[v];
		json_t *node = json_pack("{s:s,s:s,s:s,s:f,s:f,s:f,s:o,s:i}", "key", d->org->key,
			"name", d->org->name ? d->org->name : "", "kind", d->org->kind ? d->org->kind : "",
			"x", d->x, "y", d->y, "r", d->r, "color", hex_color(co_scene_node_fill(o, d)),
			"group", d->group);

		if (node && isfinite(d->size_value))
			json_object_set_new(node, "size", json_real(d->size_value));
		if (node && d->ego)
			json_object_set_new(node, "ego", json_true());
		if (node && d->org->state && d->org->state[0])
			json_object_set_new(node, "state", json_string(d->org->state));
		if (node)
			json_object_set_new(node, "placed", json_string(placed_names[d->placed]));
		json_array_append_new(nodes, node);
	}
	json_object_set_new(doc, "nodes", nodes);
	for (size_t k = 0; k < o->n_labels; k++) {
		const co_scene_label *l = &o->labels[k];
		json_t *label = json_pack("{s:s,s:s,s:f,s:f,s:f,s:f,s:b,s:b}",
			"key", o->nodes[l->node].org->key, "text", l->text.text, "x0", l->text.x,
			"y0", l->text.y, "x1", l->text.x + l->text.w, "y1", l->text.y + l->text.h,
			"forced", l->forced, "bold", l->text.bold);

		if (label && l->leader)
			json_object_set_new(label, "leader", json_pack("[f,f,f,f]", l->lx0, l->ly0, l->lx1,
			                                               l->ly1));
		json_array_append_new(labels, label);
	}
	json_object_set_new(doc, "labels", labels);
	json_object_set_new(doc, "labels_asked", json_integer((json_int_t)o->labels_asked));
	json_object_set_new(doc, "labels_dropped", json_integer((json_int_t)o->labels_dropped));
	json_object_set_new(doc, "labels_moved", json_integer((json_int_t)o->labels_moved));
	json_object_set_new(doc, "ties", json_integer((json_int_t)o->n_ties));
	json_object_set_new(doc, "unplaced", json_integer((json_int_t)o->unplaced));
	json_object_set_new(doc, "by_state", json_integer((json_int_t)o->by_state));
	for (size_t i = 0; i < o->n_legend; i++) {
		const co_scene_legend *e = &o->legend[i];
		json_t *entry = json_pack("{s:s,s:s,s:o}", "section", e->section, "label", e->label,
		                          "color", hex_color(e->color));

		if (!entry)
			continue;
		if (strcmp(e->section, "size") == 0) {
			json_object_set_new(entry, "value", json_real(e->value));
			json_object_set_new(entry, "r", json_real(e->r));
		} else if (strcmp(e->section, "color") == 0 && e->count == 0 && !isnan(e->value)) {
			json_object_set_new(entry, "min", json_real(e->value));
			json_object_set_new(entry, "max", json_real(e->r));
		} else {
			json_object_set_new(entry, "count", json_integer((json_int_t)e->count));
		}
		json_array_append_new(legend, entry);
	}
	json_object_set_new(doc, "legend", legend);
	for (size_t k = 0; k < o->n_texts; k++)
		json_array_append_new(texts, json_pack("{s:s,s:s,s:f,s:f}", "role",
			role_names[o->texts[k].role], "text", o->texts[k].text, "x", o->texts[k].x,
			"y", o->texts[k].y));
	json_object_set_new(doc, "texts", texts);
	if (o->n_regions) {
		json_t *outlines = json_array();

		for (size_t i = 0; outlines && i < o->n_regions; i++) {
			const co_scene_region *g = &o->regions[i];
			json_t *rings = json_array();

			for (size_t r = 0; r < g->n_rings; r++) {
				json_t *ring = json_array();
				for (size_t k = 0; k < g->lengths[r]; k++)
					json_array_append_new(ring, json_pack("[f,f]", g->rings[r][2 * k],
					                                      g->rings[r][2 * k + 1]));
				json_array_append_new(rings, ring);
			}
			json_array_append_new(outlines, json_pack("{s:s,s:o}", "state", g->code,
			                                          "rings", rings));
		}
		json_object_set_new(doc, "outlines", outlines);
	}
	{
		co_outfile *file = NULL;
		if ((status = co_outfile_open(&file, path, NULL)) == CO_OK &&
		    json_dumpf(doc, co_outfile_stream(file), JSON_INDENT(1) | JSON_REAL_PRECISION(12)) != 0)
			status = co_error_set(CO_EIO, "cannot write %s: %s", path, strerror(errno));
		status = co_outfile_close(file, status);
	}
	json_decref(doc);
	return status;
}

/* ---- building ---------------------------------------------------------- */

static void scene_free(scene *s)
{
	if (s->has_sub)
		igraph_destroy(&s->sub);
	free(s->ends);
	if (s->has_layout)
		co_layout_free(&s->layout);
	co_geo_free(s->geo);
	if (s->pango)
		g_object_unref(s->pango);
	if (!s->orgs_borrowed)
		free(s->orgs);
	free(s->vmap);
	free(s->emap);
	free(s->size_value);
	free(s->degree);
	free(s->color_of);
	free(s->x);
	free(s->y);
	free(s->r);
	free(s->link);
	free(s->forced);
}

/* ---- the layout kept between maps (render.h, co_render_memo) ----------- */

struct co_render_memo {
	co_layout layout;
	int have;
};

co_status co_render_memo_new(co_render_memo **out)
{
	if (!(*out = calloc(1, sizeof(**out))))
		return co_error_set(CO_ENOMEM, "out of memory");
	return CO_OK;
}

void co_render_memo_free(co_render_memo *memo)
{
	if (!memo)
		return;
	if (memo->have)
		co_layout_free(&memo->layout);
	free(memo);
}

/* *to (uninitialized) becomes a copy of the layout `from` of n orgs. */
static co_status layout_copy(co_layout *to, const co_layout *from, igraph_integer_t n)
{
	*to = *from;
	to->how = malloc((size_t)n + 1);
	if (!to->how)
		return co_error_set(CO_ENOMEM, "out of memory");
	if (igraph_matrix_init_copy(&to->xy, &from->xy) != IGRAPH_SUCCESS) {
		free(to->how);
		to->how = NULL;
		return CO_EGRAPH;
	}
	if (n)
		memcpy(to->how, from->how, (size_t)n);
	return CO_OK;
}

static co_status check_options(const co_render_options *o)
{
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

/* The roll-up's count of ties its group ties stand for (the subtitle). */
static void count_group_ties(scene *s)
{
	s->group_ties = 0;
	for (igraph_integer_t e = 0; s->net->view.rollup != CO_ROLLUP_NONE && e < s->m; e++)
		s->group_ties += co_network_tie_count(s->net, scene_tie(s, e));
}

/* co_render_releasing: keeps the scene's edge ends in 32 bits and frees
 * the igraph graph (the network's, or the scene's own), which nothing reads
 * from here on. */
static co_status release_graph(scene *s)
{
	if (!(s->ends = malloc(2 * ((size_t)s->m + 1) * sizeof(*s->ends))))
		return co_error_set(CO_ENOMEM, "out of memory");
	for (igraph_integer_t e = 0; e < s->m; e++) {
		s->ends[2 * e] = (int32_t)IGRAPH_FROM(s->graph, e);
		s->ends[2 * e + 1] = (int32_t)IGRAPH_TO(s->graph, e);
	}
	if (s->has_sub) {
		igraph_destroy(&s->sub);
		s->has_sub = 0;
	}
	co_network_release_graph(s->release);
	s->graph = NULL;
	return CO_OK;
}

typedef struct {
	scene *s;
	igraph_vector_t *weights;
} layout_input;

/* The HTML map keeps the tie columns (co_scene_build_releasing's
 * keep_columns): its scene's ties are made after the layout, from the ends
 * kept for them, so that the layout's levels and the scene's ties are not
 * held together (at 1.1M ties: the 25 MB of ties against the 9 MB of ends). */
static int ties_after_layout(const scene *s)
{
	return s->release && !s->release_columns;
}

/* co_layout_edges.done_reading: with the graph released, the ends and
 * weights go once the layout has its own copy (the ends after the
 * scene's ties are made, with ties_after_layout). */
static void layout_read(void *context)
{
	layout_input *in = context;

	if (!in->s->release)
		return;
	if (!ties_after_layout(in->s)) {
		free(in->s->ends);
		in->s->ends = NULL;
	}
	igraph_vector_clear(in->weights);
	igraph_vector_resize_min(in->weights);
}

/* The orgs' names, read once the layout is done (its peak is the render's,
 * and it reads none), or when a legend names community hubs before it: the
 * scene's copies of the orgs take them. */
static co_status scene_names(scene *s)
{
	co_status status = co_network_load_names(s->net);

	if (status != CO_OK || s->orgs_borrowed)
		return status;
	for (igraph_integer_t w = 0; w < s->n; w++) {
		s->orgs[w].name = s->net->orgs[s->vmap[w]].name;
		s->orgs[w].city = s->net->orgs[s->vmap[w]].city;
	}
	return CO_OK;
}

/* The layout, from the memo when it holds one of this scene. */
static co_status lay_out(scene *s, igraph_vector_t *weights)
{
	const co_render_options *options = s->opt;
	layout_input in = {s, weights};
	co_layout_edges edges = {s->n, s->m, s->graph, s->ends, layout_read, &in};
	co_status status;

	if (options->memo && options->memo->have &&
	    igraph_matrix_nrow(&options->memo->layout.xy) == s->n)
		return layout_copy(&s->layout, &options->memo->layout, s->n);
	if ((status = co_layout_compute_edges(&s->layout, &edges, s->orgs, weights, options->layout,
	                                      options->seed, s->geo)) != CO_OK)
		return status;
	if (options->memo && !options->memo->have) {
		if ((status = layout_copy(&options->memo->layout, &s->layout, s->n)) != CO_OK) {
			co_layout_free(&s->layout);
			return status;
		}
		options->memo->have = 1;
	}
	return CO_OK;
}

/* What reads the network's ties, before the layout: the encodings, the
 * scene's ties and the layout's weights.  With s->release, the graph goes
 * before the scene's ties are made and the tie columns after (unless the
 * HTML map reads them: then the scene's ties come after the layout,
 * ties_after_layout), so that the layout runs without them. */
static co_status tie_stages(scene *s, igraph_vector_t *weights)
{
	const co_render_options *options = s->opt;
	int builtin;
	co_status status;

	if ((status = compute_degree(s)) != CO_OK)
		return status;
	if (!(s->size_value = xcalloc((size_t)s->n, sizeof(*s->size_value))))
		return co_error_set(CO_ENOMEM, "out of memory");
	if ((status = measure(s, s->size_value, options->size_by, &builtin)) != CO_OK)
		return status;
	snprintf(s->size_title, sizeof(s->size_title), "Size: %s%s", options->size_by,
	         strcmp(options->size_by, "degree") == 0 ? " (orgs tied to it)" :
	         strcmp(options->size_by, "members") == 0 ? " (orgs in the group)" :
	         strcmp(options->size_by, "pagerank") == 0 ? " (collaboration ties)" :
	         strcmp(options->size_by, "betweenness") == 0 &&
	         s->net->n_orgs > CO_CENTRALITY_AUTO_SAMPLE_ORGS ?
	         " (estimated from " CO_SCENE_STR(CO_CENTRALITY_AUTO_SAMPLE_K) " sources)" : "");
	if ((status = compute_colors(s)) != CO_OK)
		return status;
	count_group_ties(s);
	if (s->release && (status = release_graph(s)) != CO_OK)
		return status;
	if ((status = positive_weights(weights, s, 0.05)) != CO_OK)
		return status;
	if (!ties_after_layout(s) && (status = make_ties(s)) != CO_OK)
		return status;
	if (s->release && s->release_columns)
		co_network_release_ties(s->release);
	else if (s->release) {
		/* the HTML map reads all but these: its sources are read now,
		 * so that the ties' row ids are not held through the layout (9 MB
		 * at 1.1M ties) */
		co_network_release_tie_columns(s->release, CO_TIE_COLUMN_N_SOURCES);
		if (s->store && (status = co_html_cited_read(&s->out->cited, s->store, s->net)) != CO_OK)
			return status;
		co_network_release_tie_columns(s->release, CO_TIE_COLUMN_ID);
	}
	return CO_OK;
}

static co_status build_stages(scene *s)
{
	const co_render_options *options = s->opt;
	co_scene *o = s->out;
	igraph_vector_t weights;
	co_status status;

	if (options->layout == CO_LAYOUT_GEO &&
	    (status = co_geo_load(&s->geo, options->geo_dir)) != CO_OK)
		return status;
	if ((status = select_scene(s)) != CO_OK)
		return status;
	/* co_scene_tie numbers nodes and ties in 32 bits (12 bytes a tie less
	 * than igraph's integers: 13 MB at 1.1M ties) */
	if (s->n >= INT32_MAX || s->net->n_ties >= INT32_MAX || s->m >= INT32_MAX - s->n)
		return co_error_set(CO_EINVAL, "too many orgs or ties to draw (%" IGRAPH_PRId " orgs, %"
		                    IGRAPH_PRId " ties)", s->n, s->m);
	if (igraph_vector_init(&weights, 0) != IGRAPH_SUCCESS)
		return co_error_set(CO_ENOMEM, "out of memory");
	if ((status = tie_stages(s, &weights)) == CO_OK)
		status = lay_out(s, &weights);
	igraph_vector_destroy(&weights);
	if (status == CO_OK && ties_after_layout(s))
		status = make_ties(s);
	free(s->ends);
	s->ends = NULL;
	if (status != CO_OK || (status = scene_names(s)) != CO_OK)
		return status;
	s->has_layout = 1;
	if (s->geo)
		geo_frame(s);
	/* page geometry (render.h) */
	s->plot.x0 = 12 * s->u;
	s->plot.x1 = s->W - 12 * s->u - fmin(210 * s->u, s->W / 3);
	s->plot.y0 = 12 * s->u + 54 * s->u;
	s->plot.y1 = s->H - 12 * s->u - 30 * s->u;
	if (s->plot.x1 - s->plot.x0 < 20 || s->plot.y1 - s->plot.y0 < 20)
		return co_error_set(CO_EINVAL, "--width %d x --height %d is too small at %g dpi",
		                    options->width, options->height, options->dpi);
	s->x = xcalloc((size_t)s->n, sizeof(double));
	s->y = xcalloc((size_t)s->n, sizeof(double));
	s->r = xcalloc((size_t)s->n, sizeof(double));
	if (!s->x || !s->y || !s->r)
		return co_error_set(CO_ENOMEM, "out of memory");
	fit(s);
	sizes(s);
	if ((status = make_outlines(s)) != CO_OK || (status = spread_coincident(s)) != CO_OK)
		return status;
	bend_ties(s);
	o->width = s->W;
	o->height = s->H;
	o->u = s->u;
	o->plot = (co_box){s->plot.x0, s->plot.y0, s->plot.x1, s->plot.y1};
	o->layout = options->layout;
	o->seed = options->seed;
	o->scale = s->scale;
	o->tx = s->tx;
	o->ty = s->ty;
	o->unplaced = s->layout.unplaced + s->left_off;
	o->by_state = s->layout.by_state;
	if ((status = make_events_layer(s)) != CO_OK ||
	    (status = make_rings(s)) != CO_OK || (status = unplaced_note(s)) != CO_OK ||
	    (status = place_labels(s)) != CO_OK || (status = make_nodes(s)) != CO_OK ||
	    (status = make_legend(s)) != CO_OK || (status = make_titles(s)) != CO_OK)
		return status;
	return CO_OK;
}

static co_status scene_build(co_scene **out, co_store *store, const co_network *net,
                             co_network *release, int release_columns,
                             const co_render_options *options, int unit_points)
{
	scene s;
	co_status status;
	/* No --size-by: a roll-up's groups by how many orgs they hold, else degree. */
	co_render_options sized = *options;

	*out = NULL;
	if (!sized.size_by)
		sized.size_by = net->view.rollup != CO_ROLLUP_NONE ? "members" : "degree";
	options = &sized;
	/* an ego map's title names its center before anything is laid out */
	if ((status = check_options(options)) != CO_OK ||
	    (options->ego && (status = co_network_load_names(net)) != CO_OK))
		return status;
	memset(&s, 0, sizeof(s));
	s.net = net;
	s.release = release;
	s.release_columns = release_columns;
	s.opt = options;
	s.store = store;
	s.center = -1;
	s.W = options->width;
	s.H = options->height;
	s.u = unit_points ? 1.0 : options->dpi / 72.0;
	if (!(s.out = calloc(1, sizeof(*s.out))))
		return co_error_set(CO_ENOMEM, "out of memory");
	s.out->net = net;
	co_error_install_igraph_handler();
	s.pango = text_context();
	status = build_stages(&s);
	scene_free(&s);
	if (status != CO_OK) {
		co_scene_free(s.out);
		return status;
	}
	*out = s.out;
	return CO_OK;
}

co_status co_scene_build(co_scene **out, co_store *store, const co_network *net,
                         const co_render_options *options, int unit_points)
{
	return scene_build(out, store, net, NULL, 0, options, unit_points);
}

co_status co_scene_build_releasing(co_scene **out, co_store *store, co_network *net,
                                   int keep_columns, const co_render_options *options,
                                   int unit_points)
{
	return scene_build(out, store, net, net, !keep_columns, options, unit_points);
}
