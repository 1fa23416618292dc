/*
 * render_layout.h - where each org of a network is placed on a map (private
 * to the library: render, report and the HTML map call it; the layout kinds
 * and their names are in render.h).
 *
 * Eight layouts (DESIGN.md section 6, `render --layout`):
 *   fr      Fruchterman-Reingold (igraph; grid above 1000 orgs) up to 2000
 *           orgs (CO_MULTILEVEL_MIN_ORGS in src/render_layout_multilevel.h), multilevel above
 *   multilevel  a multilevel force layout at any size (src/render_layout_multilevel.c:
 *           Walshaw's coarsening by matching, Barnes-Hut repulsion, a few
 *           Fruchterman-Reingold rounds per level); on the benchmark's 105k-tie
 *           graphs 6-10x faster than igraph's FR, with fewer crossings and
 *           better-kept neighbourhoods (tests/bench/RESULTS.md)
 *   kk      Kamada-Kawai (igraph)
 *   drl     DrL (igraph)
 *   lgl     Large Graph Layout (igraph)
 *   circle  every org on the unit circle, in vertex order, starting at angle 0
 *   kinds   concentric rings by org kind (national organizations at the center)
 *   geo     lat/lon projected with an Albers USA projection (Alaska, Hawaii and
 *           Puerto Rico inset); orgs known only by state spread inside its outline
 * Every random layout seeds igraph's default generator with the given seed
 * (multilevel its own generator from it), so the same network and seed give
 * the same positions.
 *
 * Coordinates are in layout units with y growing downward (as on a page);
 * the renderer fits co_layout.box into its plot area with one scale for x and
 * y.  For geo the units are those of d3's geoAlbersUsa with its default
 * scale 1070 and translate (480, 250): the United States fill a 960 x 500
 * frame.  The module also loads and projects the US state outlines drawn
 * under a geo map and Canada's provinces and territories (co_geo), drawn
 * when the view has an org in Canada; Canada is projected with the
 * contiguous states' conic, so it lies north of them (y < 0 in the far
 * north).
 */
#ifndef COALITION_RENDER_LAYOUT_H
#define COALITION_RENDER_LAYOUT_H

#include <igraph.h>
#include <stddef.h>
#include <stdint.h>

#include "coalition/error.h"
#include "coalition/network.h"
#include "coalition/render.h" /* co_layout_kind */

#ifdef __cplusplus
extern "C" {
#endif

/* The ring order of the kinds layout, innermost first; rings with no org
 * are skipped.  Kinds not listed (there are none in DESIGN.md) go outermost. */
extern const char *const co_layout_kind_rings[];

/*
 * The kinds layout, in detail (so that positions can be checked by hand):
 * orgs are grouped by kind in the order of co_layout_kind_rings; the j-th
 * non-empty ring (j = 0, 1, ...) has radius j + 1, except that a first ring
 * holding a single org has radius 0 (the org sits at the center, with no
 * direction) and the rings after it radius j.  The first ring is sorted by
 * (parent vertex, state, key) and its i-th of m orgs is at angle
 * t = -pi/2 + 2 pi i / m: (R cos t, R sin t), the first at the top, running
 * clockwise on the page.  Each later ring, from the inside out, starts in
 * that order too; each org's target is the mean direction of its parent
 * (weight 3) and tie partners (weight 1) on inner rings, or, with none,
 * the angle of its slot; the ring is sorted by target (in [-pi, pi), ties
 * by the first order) and set on m evenly spaced slots turned by the mean
 * direction of (target - slot angle).  Then neighbours on a ring (not the
 * first) swap while that lowers the crossings of the lines (ties, parent
 * links) at them: sweeps from the inner rings out, each ring from its first
 * slot, up to 8, ending after a sweep without a swap or after 2e7 segment
 * tests.  So chapters sit near their national and members near their
 * parent; crossings measured by tests/reference/kinds_crossings.py: seed
 * 133 -> 83, the real dataset 6630 -> 5859.
 */

/* US state outlines and state centroids, projected into the geo frame. */
typedef struct co_geo co_geo;

/*
 * Loads `dir`/us-states.geojson (52 features keyed by FIPS code, parsed with
 * jansson), `dir`/us_state_centroids.csv (postal, FIPS, name, lat, lon) and,
 * when the folder has it, `dir`/canada-provinces.geojson (13 features keyed
 * by postal code, with a "name"), and projects the outlines (Puerto Rico
 * into its inset, Canada with the contiguous states' conic).  On success *out owns the result; free it with co_geo_free().
 * CO_EIO or CO_EINVAL with a message naming the file otherwise.
 */
co_status co_geo_load(co_geo **out, const char *dir);

/* Frees outlines; accepts NULL. */
void co_geo_free(co_geo *geo);

/*
 * Projects a point (degrees) with Albers USA: Alaska (latitude > 50.5 and
 * longitude < -129 or > 170) and Hawaii (latitude 18-23, longitude -161 to
 * -154) go to their insets, Puerto Rico and the Virgin Islands (latitude
 * 17.5-18.8, longitude -67.5 to -64.4) to an inset at full scale (a conic
 * equal-area projection with parallels 8 and 18 N rotated by 66 degrees,
 * its center 66 W 18 N at (480 + 0.35 x 1070, 250 + 0.224 x 1070)), the
 * rest of the box latitude 24-50, longitude -125 to -66 to the contiguous
 * states' Albers projection (standard parallels 29.5 and 45.5 N, central
 * meridian 96 W), and so does the rest of Canada's box (latitude 41.6-84,
 * longitude -141 to -52).  Returns 1 and sets
 * *x, *y (y downward) if the point is on the map, 0 otherwise.
 */
int co_geo_project(double *x, double *y, double lon, double lat);

/* The number of outlines: states (and DC, Puerto Rico) and, when loaded,
 * Canada's provinces and territories, sorted by postal code (the two sets
 * of codes do not meet). */
size_t co_geo_count(const co_geo *geo);

/* The two-letter postal code and name of outline i (owned by geo). */
const char *co_geo_postal(const co_geo *geo, size_t i);
const char *co_geo_name(const co_geo *geo, size_t i);

/* The country of outline i: "US" or "CA" (owned by geo). */
const char *co_geo_country(const co_geo *geo, size_t i);

/*
 * The projected rings of outline i: *n_rings rings; ring r has lengths[r]
 * points stored as x, y pairs in points[r].  Owned by geo.
 */
void co_geo_rings(const co_geo *geo, size_t i, size_t *n_rings,
                  const double *const **points, const size_t **lengths);

/* Looks up a US state's centroid (postal code, any case); returns 1 if known
 * (0 for a Canadian province: the file gives no point for them). */
int co_geo_centroid(const co_geo *geo, const char *postal, double *lon, double *lat);

/* Whether the projected point (x, y) is inside outline i (even-odd over
 * all its rings). */
int co_geo_inside(const co_geo *geo, size_t i, double x, double y);

/* The projected bounding box (x0, y0, x1, y1) of a state's outline
 * (postal code, any case); returns 0 if the state has none. */
int co_geo_bounds(const co_geo *geo, const char *postal, double box[4]);

/* Whether the geo layout places `org`: its coordinates are on the map, or
 * it has none and its state has an outline. */
int co_geo_placeable(const co_geo *geo, const co_org *org);

/* How the layout placed each org (co_layout.how). */
enum {
	CO_PLACED_NONE = 0,      /* geo: no usable location (x, y are NaN) */
	CO_PLACED_COORDS = 1,    /* geo: its own latitude and longitude */
	CO_PLACED_STATE = 2,     /* geo: spread inside its state's outline */
	CO_PLACED_LAYOUT = 3     /* any other layout */
};

typedef struct {
	igraph_matrix_t xy;      /* n x 2: x and y of each vertex, y downward */
	double x0, y0, x1, y1;   /* the box to fit into the plot area: the nodes' box, or
	                            for kinds the square of the outer ring (drawn whole) */
	igraph_integer_t unplaced; /* geo: orgs with no usable location (x, y NaN) */
	igraph_integer_t by_state; /* geo: orgs spread inside their state's outline (no lat/lon) */
	igraph_integer_t in_canada; /* geo: orgs placed in Canada (by province, or inside its outline) */
	unsigned char *how;      /* per vertex, CO_PLACED_* */
} co_layout;

/*
 * The ties a layout reads: an igraph graph, or, once a map has freed it
 * (co_render_releasing), the ends of each tie in 32 bits (ends[2e] and
 * ends[2e + 1]: igraph's IGRAPH_FROM and IGRAPH_TO of edge e, so a layout
 * reads the same edges either way).
 */
typedef struct {
	igraph_integer_t n, m;       /* vertices, edges */
	const igraph_t *graph;       /* or NULL: ends */
	const int32_t *ends;
	/* or NULL; else the multilevel and kinds layouts call it once they
	 * have copied the edges and weights into their own arrays and read them
	 * no more (the caller may free them there: 17.6 MB at 1.1M ties) */
	void (*done_reading)(void *context);
	void *context;
} co_layout_edges;

static inline co_layout_edges co_layout_edges_of(const igraph_t *graph)
{
	co_layout_edges e = {igraph_vcount(graph), igraph_ecount(graph), graph, NULL, NULL, NULL};

	return e;
}

static inline igraph_integer_t co_layout_edge_from(const co_layout_edges *e, igraph_integer_t k)
{
	return e->graph ? IGRAPH_FROM(e->graph, k) : e->ends[2 * k];
}

static inline igraph_integer_t co_layout_edge_to(const co_layout_edges *e, igraph_integer_t k)
{
	return e->graph ? IGRAPH_TO(e->graph, k) : e->ends[2 * k + 1];
}

/*
 * Computes a layout of `graph` whose vertex i is orgs[i] (orgs supplies
 * kind, parent, state, key, lat and lon; graph's edges are the ties; weights
 * may be NULL, else one positive number per edge, used by fr as attraction).
 * `geo` is needed by CO_LAYOUT_GEO only (for state outlines; it may be
 * NULL, then orgs without lat/lon are unplaced).  Geo places orgs at their
 * projected coordinates (orgs of one city share a point: the renderer
 * spreads them) and orgs without lat/lon inside their state's outline: the
 * k orgs of a state (in vertex order) at the first k points of the Halton
 * (2, 3) sequence over the outline's bounding box that fall inside it with
 * a margin of 1/40 of the box's smaller side (halved after every 4000
 * misses); orgs with no usable location get NaN (how = CO_PLACED_NONE) and
 * the box stays the 960 x 500 frame.
 * `out` is uninitialized; on success free it with co_layout_free().
 * Returns CO_EGRAPH if igraph fails.
 */
co_status co_layout_compute(co_layout *out, const igraph_t *graph, const co_org *orgs,
                            const igraph_vector_t *weights, co_layout_kind kind,
                            unsigned long seed, const co_geo *geo);

/*
 * co_layout_compute() of the ties `edges`: the multilevel layout reads the
 * ends as they are; the layouts of igraph (and kinds) read an igraph graph,
 * built from the ends for the call when edges has none (the same graph:
 * the same coordinates).
 */
co_status co_layout_compute_edges(co_layout *out, const co_layout_edges *edges,
                                  const co_org *orgs, const igraph_vector_t *weights,
                                  co_layout_kind kind, unsigned long seed, const co_geo *geo);

/* Frees a layout's matrix; accepts NULL. */
void co_layout_free(co_layout *layout);

#ifdef __cplusplus
}
#endif
#endif
