/*
 * render_layout.c - places the orgs of a network: igraph's force-directed layouts,
 * a circle, rings by org kind, and a geographic layout with an Albers USA
 * projection over US state outlines and Canada's provinces (loaded from
 * GeoJSON with jansson).
 *
 * The projection follows d3-geo's geoAlbersUsa (conic equal-area, spherical
 * formulas) so that maps line up with what analysts know from the web; the
 * choice of inset is made on latitude/longitude boxes instead of d3's
 * clip-extent test, which gives the same answer for every point of the 50
 * states and DC.  Canada is projected with the contiguous states' conic (it
 * is their neighbour on the same continent, so borders meet); an org in a
 * Canadian province is projected so even where the Alaska box would take
 * its point (the panhandle's longitudes).
 */
#include "render_layout.h"

#include "render_layout_multilevel.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static const char *const layout_names[] = {"fr", "kk", "drl", "lgl", "circle", "kinds", "geo",
	"multilevel"};

const char *const co_layout_kind_rings[] = {
	"national", "coalition", "funder", "ngo", "union", "community", "other", "chapter", NULL,
};

co_status co_layout_parse(co_layout_kind *out, const char *name)
{
	for (size_t i = 0; i < sizeof(layout_names) / sizeof(layout_names[0]); i++)
		if (strcmp(name, layout_names[i]) == 0) {
			*out = (co_layout_kind)i;
			return CO_OK;
		}
	return co_error_set(CO_EINVAL,
		"--layout: '%s' is not a layout (fr, kk, drl, lgl, circle, kinds, geo, multilevel)",
		name);
}

const char *co_layout_name(co_layout_kind kind)
{
	return layout_names[kind];
}

/* ---- Albers USA ------------------------------------------------------- */

typedef struct {
	double n, c, r0;      /* conic equal-area constants */
	double rotate;        /* degrees added to longitude */
	double cx, cy;        /* raw projection of the center */
	double k, tx, ty;     /* scale and translate */
} conic;

static void conic_raw(const conic *p, double lambda, double phi, double *x, double *y)
{
	double r = sqrt(p->c - 2 * p->n * sin(phi)) / p->n;
	double t = lambda * p->n;

	*x = r * sin(t);
	*y = p->r0 - r * cos(t);
}

static void conic_init(conic *p, double parallel0, double parallel1, double rotate,
                       double center_lon, double center_lat, double k, double tx, double ty)
{
	double sy0 = sin(parallel0 * M_PI / 180);

	p->n = (sy0 + sin(parallel1 * M_PI / 180)) / 2;
	p->c = 1 + sy0 * (2 * p->n - sy0);
	p->r0 = sqrt(p->c) / p->n;
	p->rotate = rotate;
	p->k = k;
	p->tx = tx;
	p->ty = ty;
	conic_raw(p, center_lon * M_PI / 180, center_lat * M_PI / 180, &p->cx, &p->cy);
}

static void conic_project(const conic *p, double lon, double lat, double *x, double *y)
{
	double lambda = fmod(lon + p->rotate + 540.0, 360.0) - 180.0; /* wrap to [-180, 180) */
	double rx, ry;

	conic_raw(p, lambda * M_PI / 180, lat * M_PI / 180, &rx, &ry);
	*x = p->tx + p->k * (rx - p->cx);
	*y = p->ty - p->k * (ry - p->cy);
}

/* d3's defaults: scale 1070, translate (480, 250); Alaska at 0.35 scale. */
#define ALBERS_K 1070.0
#define ALBERS_TX 480.0
#define ALBERS_TY 250.0

enum { REGION_NONE = -1, REGION_LOWER48, REGION_ALASKA, REGION_HAWAII, REGION_PR, REGION_CANADA };

static const conic *projection(int region)
{
	static conic p[4];
	static int ready;

	if (!ready) {
		conic_init(&p[0], 29.5, 45.5, 96, -0.6, 38.7, ALBERS_K, ALBERS_TX, ALBERS_TY);
		conic_init(&p[1], 55, 65, 154, -2, 58.5, ALBERS_K * 0.35,
		           ALBERS_TX - 0.307 * ALBERS_K, ALBERS_TY + 0.201 * ALBERS_K);
		conic_init(&p[2], 8, 18, 157, -3, 19.9, ALBERS_K,
		           ALBERS_TX - 0.205 * ALBERS_K, ALBERS_TY + 0.212 * ALBERS_K);
		/* Puerto Rico and the Virgin Islands: an inset at full scale in
		 * the sea south-east of Florida (where d3-composite-projections'
		 * albersUsaTerritories puts it) */
		conic_init(&p[3], 8, 18, 66, 0, 18, ALBERS_K,
		           ALBERS_TX + 0.35 * ALBERS_K, ALBERS_TY + 0.224 * ALBERS_K);
		ready = 1;
	}
	return &p[region == REGION_CANADA ? REGION_LOWER48 : region];
}

static int region_of(double lon, double lat)
{
	if (!isfinite(lon) || !isfinite(lat))
		return REGION_NONE;
	if (lat > 50.5 && (lon < -129 || lon > 170))
		return REGION_ALASKA;
	if (lat >= 18 && lat <= 23 && lon >= -161 && lon <= -154)
		return REGION_HAWAII;
	if (lat >= 17.5 && lat <= 18.8 && lon >= -67.5 && lon <= -64.4)
		return REGION_PR;
	if (lat >= 24 && lat <= 50 && lon >= -125 && lon <= -66)
		return REGION_LOWER48;
	/* Canada north of that box and east of it (the Maritimes) */
	if (lat >= 41.6 && lat <= 84 && lon >= -141 && lon <= -52)
		return REGION_CANADA;
	return REGION_NONE;
}

int co_geo_project(double *x, double *y, double lon, double lat)
{
	int region = region_of(lon, lat);

	if (region == REGION_NONE)
		return 0;
	conic_project(projection(region), lon, lat, x, y);
	return 1;
}

/* ---- state outlines ---------------------------------------------------- */

typedef struct {
	char postal[3];
	char fips[3];         /* "" for a Canadian province */
	char country[3];      /* US or CA */
	char *name;
	double lat, lon;
	size_t n_rings;
	double **rings;       /* x, y pairs */
	size_t *lengths;      /* points per ring */
} geo_state;

struct co_geo {
	geo_state *states;    /* with an outline first, then centroid-only */
	size_t n_states;      /* entries in states */
	size_t n_outlined;    /* states[0 .. n_outlined) have rings */
};

static void state_clear(geo_state *s)
{
	for (size_t r = 0; r < s->n_rings; r++)
		free(s->rings[r]);
	free(s->rings);
	free(s->lengths);
	free(s->name);
}

void co_geo_free(co_geo *geo)
{
	if (!geo)
		return;
	for (size_t i = 0; i < geo->n_states; i++)
		state_clear(&geo->states[i]);
	free(geo->states);
	free(geo);
}

/* Reads the centroid table: a header, then postal,fips,name,lat,lon lines
 * with no quoted fields (the shipped file; names have no commas). */
static co_status read_centroids(co_geo *geo, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[512];
	co_status status = CO_OK;
	int lineno = 0;

	if (!f)
		return co_error_set(CO_EIO, "cannot open %s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char *field[5], *p = line, *end;
		int n = 0;
		geo_state *grown, *s;

		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (lineno == 1 || line[0] == '\0')
			continue;
		while (n < 5) {
			field[n++] = p;
			if (!(p = strchr(p, ',')))
				break;
			*p++ = '\0';
		}
		if (n != 5 || strlen(field[0]) != 2 || strlen(field[1]) != 2) {
			status = co_error_set(CO_EINVAL, "%s:%d: expected postal,fips,name,lat,lon",
			                      path, lineno);
			goto done;
		}
		if (!(grown = realloc(geo->states, (geo->n_states + 1) * sizeof(*grown)))) {
			status = co_error_set(CO_ENOMEM, "out of memory");
			goto done;
		}
		geo->states = grown;
		s = &geo->states[geo->n_states];
		memset(s, 0, sizeof(*s));
		memcpy(s->postal, field[0], 3);
		memcpy(s->fips, field[1], 3);
		memcpy(s->country, "US", 3);
		s->lat = strtod(field[3], &end);
		s->lon = strtod(field[4], &end);
		if (!(s->name = strdup(field[2]))) {
			status = co_error_set(CO_ENOMEM, "out of memory");
			goto done;
		}
		geo->n_states++;
	}
done:
	fclose(f);
	return status;
}

/* Appends one projected ring (a GeoJSON array of [lon, lat]) to s. */
static co_status add_ring(geo_state *s, const json_t *ring, int region, const char *path)
{
	size_t n = json_array_size(ring), r = s->n_rings;
	double **rings;
	size_t *lengths;
	double *xy;

	if (n < 3)
		return co_error_set(CO_EINVAL, "%s: state %s has a ring of %zu points", path,
		                    s->postal, n);
	if (!(rings = realloc(s->rings, (r + 1) * sizeof(*rings))))
		return co_error_set(CO_ENOMEM, "out of memory");
	s->rings = rings;
	if (!(lengths = realloc(s->lengths, (r + 1) * sizeof(*lengths))))
		return co_error_set(CO_ENOMEM, "out of memory");
	s->lengths = lengths;
	if (!(xy = malloc(2 * n * sizeof(*xy))))
		return co_error_set(CO_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		const json_t *pt = json_array_get(ring, i);
		double lon = json_number_value(json_array_get(pt, 0));
		double lat = json_number_value(json_array_get(pt, 1));

		if (json_array_size(pt) < 2 || !json_is_number(json_array_get(pt, 0)) ||
		    !json_is_number(json_array_get(pt, 1))) {
			free(xy);
			return co_error_set(CO_EINVAL, "%s: state %s has a bad point", path, s->postal);
		}
		conic_project(projection(region), lon, lat, &xy[2 * i], &xy[2 * i + 1]);
	}
	s->rings[r] = xy;
	s->lengths[r] = n;
	s->n_rings = r + 1;
	return CO_OK;
}

static co_status add_polygon(geo_state *s, const json_t *polygon, int region, const char *path)
{
	co_status status = CO_OK;

	for (size_t i = 0; status == CO_OK && i < json_array_size(polygon); i++)
		status = add_ring(s, json_array_get(polygon, i), region, path);
	return status;
}

static int compare_outlined(const void *a, const void *b)
{
	const geo_state *x = a, *y = b;

	if ((x->n_rings > 0) != (y->n_rings > 0))
		return x->n_rings > 0 ? -1 : 1;
	return strcmp(x->postal, y->postal);
}

/* Projects the rings of a Polygon or MultiPolygon geometry into s. */
static co_status add_geometry(geo_state *s, const json_t *geometry, int region,
                              const char *path, const char *id)
{
	const char *type = json_string_value(json_object_get(geometry, "type"));
	const json_t *coords = json_object_get(geometry, "coordinates");
	co_status status = CO_OK;

	if (type && strcmp(type, "Polygon") == 0)
		status = add_polygon(s, coords, region, path);
	else if (type && strcmp(type, "MultiPolygon") == 0)
		for (size_t p = 0; status == CO_OK && p < json_array_size(coords); p++)
			status = add_polygon(s, json_array_get(coords, p), region, path);
	else
		status = co_error_set(CO_EINVAL, "%s: feature %s is not a polygon", path, id);
	return status;
}

/*
 * Adds Canada's provinces and territories from `path` (features keyed by
 * postal code, "name" in properties; datasets/geo/canada_provinces.py).
 * A --geo-dir without the file has US outlines only: not an error.
 */
static co_status load_provinces(co_geo *geo, const char *path)
{
	json_t *doc = NULL, *features;
	json_error_t jerr;
	co_status status = CO_OK;
	FILE *probe = fopen(path, "r");

	if (!probe)
		return errno == ENOENT ? CO_OK :
		       co_error_set(CO_EIO, "cannot open %s: %s", path, strerror(errno));
	fclose(probe);
	if (!(doc = json_load_file(path, 0, &jerr)))
		return co_error_set(jerr.line < 0 ? CO_EIO : CO_EINVAL, "cannot read %s: %s",
		                    path, jerr.text);
	features = json_object_get(doc, "features");
	if (!json_is_array(features)) {
		status = co_error_set(CO_EINVAL, "%s: no \"features\" array", path);
		goto done;
	}
	for (size_t f = 0; f < json_array_size(features); f++) {
		const json_t *feature = json_array_get(features, f);
		const char *id = json_string_value(json_object_get(feature, "id"));
		const char *name = json_string_value(json_object_get(json_object_get(feature,
		                                     "properties"), "name"));
		geo_state *grown, *s;

		if (!id || strlen(id) != 2 || !name) {
			status = co_error_set(CO_EINVAL, "%s: feature %zu has no two-letter \"id\" "
			                      "or no \"name\"", path, f + 1);
			goto done;
		}
		if (!(grown = realloc(geo->states, (geo->n_states + 1) * sizeof(*grown)))) {
			status = co_error_set(CO_ENOMEM, "out of memory");
			goto done;
		}
		geo->states = grown;
		s = &geo->states[geo->n_states];
		memset(s, 0, sizeof(*s));
		memcpy(s->postal, id, 3);
		memcpy(s->country, "CA", 3);
		s->lat = s->lon = NAN;
		if (!(s->name = strdup(name))) {
			status = co_error_set(CO_ENOMEM, "out of memory");
			goto done;
		}
		geo->n_states++;
		if ((status = add_geometry(s, json_object_get(feature, "geometry"), REGION_CANADA,
		                           path, id)) != CO_OK)
			goto done;
	}
done:
	json_decref(doc);
	return status;
}

co_status co_geo_load(co_geo **out, const char *dir)
{
	co_geo *geo = calloc(1, sizeof(*geo));
	char path[4096];
	json_t *doc = NULL, *features;
	json_error_t jerr;
	co_status status = CO_OK;

	*out = NULL;
	if (!geo)
		return co_error_set(CO_ENOMEM, "out of memory");
	snprintf(path, sizeof(path), "%s/us_state_centroids.csv", dir);
	if ((status = read_centroids(geo, path)) != CO_OK)
		goto done;
	snprintf(path, sizeof(path), "%s/us-states.geojson", dir);
	if (!(doc = json_load_file(path, 0, &jerr))) {
		status = co_error_set(jerr.line < 0 ? CO_EIO : CO_EINVAL, "cannot read %s: %s",
		                      path, jerr.text);
		goto done;
	}
	features = json_object_get(doc, "features");
	if (!json_is_array(features)) {
		status = co_error_set(CO_EINVAL, "%s: no \"features\" array", path);
		goto done;
	}
	for (size_t f = 0; f < json_array_size(features); f++) {
		const json_t *feature = json_array_get(features, f);
		const char *id = json_string_value(json_object_get(feature, "id"));
		const json_t *geometry = json_object_get(feature, "geometry");
		geo_state *s = NULL;
		int region;

		for (size_t i = 0; id && i < geo->n_states; i++)
			if (strcmp(geo->states[i].fips, id) == 0)
				s = &geo->states[i];
		if (!s)
			continue; /* a feature without a row in the centroid table */
		region = strcmp(s->postal, "AK") == 0 ? REGION_ALASKA :
		         strcmp(s->postal, "HI") == 0 ? REGION_HAWAII :
		         strcmp(s->postal, "PR") == 0 ? REGION_PR : REGION_LOWER48;
		if ((status = add_geometry(s, geometry, region, path, id)) != CO_OK)
			goto done;
	}
	snprintf(path, sizeof(path), "%s/canada-provinces.geojson", dir);
	if ((status = load_provinces(geo, path)) != CO_OK)
		goto done;
	qsort(geo->states, geo->n_states, sizeof(*geo->states), compare_outlined);
	while (geo->n_outlined < geo->n_states && geo->states[geo->n_outlined].n_rings > 0)
		geo->n_outlined++;
	*out = geo;
	geo = NULL;
done:
	json_decref(doc);
	co_geo_free(geo);
	return status;
}

size_t co_geo_count(const co_geo *geo)
{
	return geo->n_outlined;
}

const char *co_geo_postal(const co_geo *geo, size_t i)
{
	return geo->states[i].postal;
}

const char *co_geo_name(const co_geo *geo, size_t i)
{
	return geo->states[i].name;
}

const char *co_geo_country(const co_geo *geo, size_t i)
{
	return geo->states[i].country;
}

void co_geo_rings(const co_geo *geo, size_t i, size_t *n_rings,
                  const double *const **points, const size_t **lengths)
{
	*n_rings = geo->states[i].n_rings;
	*points = (const double *const *)geo->states[i].rings;
	*lengths = geo->states[i].lengths;
}

int co_geo_centroid(const co_geo *geo, const char *postal, double *lon, double *lat)
{
	if (!geo || !postal || strlen(postal) != 2)
		return 0;
	for (size_t i = 0; i < geo->n_states; i++)
		if (toupper((unsigned char)postal[0]) == geo->states[i].postal[0] &&
		    toupper((unsigned char)postal[1]) == geo->states[i].postal[1] &&
		    isfinite(geo->states[i].lat)) {
			*lon = geo->states[i].lon;
			*lat = geo->states[i].lat;
			return 1;
		}
	return 0;
}

/* ---- layouts ----------------------------------------------------------- */

static int ring_of(const char *kind)
{
	int i = 0;

	for (; co_layout_kind_rings[i]; i++)
		if (kind && strcmp(kind, co_layout_kind_rings[i]) == 0)
			return i;
	return i;
}

static const co_org *sort_orgs; /* qsort has no context argument in C11 */

static int compare_in_ring(const void *a, const void *b)
{
	igraph_integer_t i = *(const igraph_integer_t *)a, j = *(const igraph_integer_t *)b;
	const co_org *x = &sort_orgs[i], *y = &sort_orgs[j];
	int rx = ring_of(x->kind), ry = ring_of(y->kind), c;

	if (rx != ry)
		return rx < ry ? -1 : 1;
	if (x->parent != y->parent)
		return x->parent < y->parent ? -1 : 1;
	if ((c = strcmp(x->state ? x->state : "", y->state ? y->state : "")) != 0)
		return c;
	if ((c = strcmp(x->key, y->key)) != 0)
		return c;
	return i < j ? -1 : i > j;
}

/* The mean direction of weighted angles, or NaN when they cancel out or
 * there are none. */
static double circular_mean(double s, double c)
{
	return hypot(s, c) > 1e-12 ? atan2(s, c) : NAN;
}

static const double *sort_target;   /* qsort has no context argument in C11 */
static const igraph_integer_t *sort_rank;

static int compare_target(const void *a, const void *b)
{
	igraph_integer_t i = *(const igraph_integer_t *)a, j = *(const igraph_integer_t *)b;

	if (sort_target[i] != sort_target[j])
		return sort_target[i] < sort_target[j] ? -1 : 1;
	return sort_rank[i] < sort_rank[j] ? -1 : sort_rank[i] > sort_rank[j];
}

/* Each org's tie partners in vertex order, a partner once per tie and a
 * loop twice: the order and multiset igraph_neighbors(IGRAPH_ALL) gives
 * (order_ring() sums their directions in that order), in 4 bytes a slot
 * where the igraph graph the kinds layout was given before took 32 a tie
 * (at 1.1M ties: 9 against 39 MB, built from the view's ends). */
typedef struct {
	size_t *start;            /* n + 1: v's partners are nbr[start[v] .. start[v + 1]) */
	int32_t *nbr;
} adjacency;

static void adjacency_free(adjacency *a)
{
	free(a->start);
	free(a->nbr);
	memset(a, 0, sizeof(*a));
}

static int compare_int32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

/* 0, or -1 out of memory. */
static int adjacency_make(adjacency *a, const co_layout_edges *edges)
{
	igraph_integer_t n = edges->n, m = edges->m;
	size_t *fill = NULL;

	memset(a, 0, sizeof(*a));
	a->start = calloc((size_t)n + 2, sizeof(*a->start));
	a->nbr = malloc((2 * (size_t)m + 1) * sizeof(*a->nbr));
	fill = malloc(((size_t)n + 1) * sizeof(*fill));
	if (!a->start || !a->nbr || !fill) {
		free(fill);
		adjacency_free(a);
		return -1;
	}
	for (igraph_integer_t e = 0; e < m; e++) {
		a->start[co_layout_edge_from(edges, e) + 1]++;
		a->start[co_layout_edge_to(edges, e) + 1]++;
	}
	for (igraph_integer_t v = 0; v < n; v++) {
		a->start[v + 1] += a->start[v];
		fill[v] = a->start[v];
	}
	for (igraph_integer_t e = 0; e < m; e++) {
		igraph_integer_t x = co_layout_edge_from(edges, e), y = co_layout_edge_to(edges, e);

		a->nbr[fill[x]++] = (int32_t)y;
		a->nbr[fill[y]++] = (int32_t)x;
	}
	for (igraph_integer_t v = 0; v < n; v++)
		if (a->start[v + 1] - a->start[v] > 1)
			qsort(a->nbr + a->start[v], a->start[v + 1] - a->start[v], sizeof(*a->nbr),
			      compare_int32);
	free(fill);
	return 0;
}

/*
 * Orders one ring (orgs ring[0 .. m), in their first order) around what is
 * already placed (angle[] of inner rings, NaN elsewhere): each org's target
 * is the mean direction of its parent (weight 3) and its tie partners
 * (weight 1) on inner rings, else the angle of its slot in the first
 * order; the ring is sorted by target (in [-pi, pi), ties by first order)
 * and put on m evenly spaced slots turned by the mean direction of
 * (target - slot angle).
 */
static void order_ring(igraph_integer_t *ring, igraph_integer_t m, double *angle,
                       double *target, igraph_integer_t *rank, const co_org *orgs,
                       const adjacency *adj)
{
	double s = 0, c = 0, turn;

	for (igraph_integer_t i = 0; i < m; i++) {
		igraph_integer_t v = ring[i], p = orgs[v].parent;
		double ts = 0, tc = 0, t;

		rank[v] = i;
		if (p >= 0 && !isnan(angle[p])) {
			ts += 3 * sin(angle[p]);
			tc += 3 * cos(angle[p]);
		}
		for (size_t k = adj->start[v]; k < adj->start[v + 1]; k++) {
			int32_t w = adj->nbr[k];

			if (!isnan(angle[w])) {
				ts += sin(angle[w]);
				tc += cos(angle[w]);
			}
		}
		t = circular_mean(ts, tc);
		if (isnan(t))
			t = atan2(sin(-M_PI / 2 + 2 * M_PI * (double)i / (double)m),
			          cos(-M_PI / 2 + 2 * M_PI * (double)i / (double)m));
		target[v] = t;
	}
	sort_target = target;
	sort_rank = rank;
	qsort(ring, (size_t)m, sizeof(*ring), compare_target);
	sort_target = NULL;
	sort_rank = NULL;
	for (igraph_integer_t i = 0; i < m; i++) {
		double d = target[ring[i]] - (-M_PI / 2 + 2 * M_PI * (double)i / (double)m);

		s += sin(d);
		c += cos(d);
	}
	turn = circular_mean(s, c);
	if (isnan(turn))
		turn = 0;
	for (igraph_integer_t i = 0; i < m; i++)
		angle[ring[i]] = -M_PI / 2 + 2 * M_PI * (double)i / (double)m + turn;
}

/* Lines of the kinds layout for counting crossings: ties and parent links. */
typedef struct {
	int32_t (*line)[2];
	size_t n;
	size_t *inc_start;        /* per org, the lines at it: inc_all[inc_start[v] .. inc_start[v + 1]) */
	uint32_t *inc_all;
} lines;

static int orient(const co_layout *out, int32_t a, int32_t b, int32_t c)
{
	double v = (MATRIX(out->xy, b, 0) - MATRIX(out->xy, a, 0)) * (MATRIX(out->xy, c, 1) - MATRIX(out->xy, a, 1)) -
	           (MATRIX(out->xy, b, 1) - MATRIX(out->xy, a, 1)) * (MATRIX(out->xy, c, 0) - MATRIX(out->xy, a, 0));

	return fabs(v) < 1e-12 ? 0 : v > 0 ? 1 : -1;
}

static int lines_cross(const co_layout *out, const int32_t *s, const int32_t *t)
{
	if (s[0] == t[0] || s[0] == t[1] || s[1] == t[0] || s[1] == t[1])
		return 0;
	return orient(out, s[0], s[1], t[0]) * orient(out, s[0], s[1], t[1]) < 0 &&
	       orient(out, t[0], t[1], s[0]) * orient(out, t[0], t[1], s[1]) < 0;
}

/* Crossings of the lines at a or b with all lines (pairs within them once);
 * adds the segment tests made to *work. */
static long local_crossings(const co_layout *out, const lines *L, igraph_integer_t a,
                            igraph_integer_t b, unsigned char *mark, size_t *work)
{
	long count = 0;
	igraph_integer_t ends[2] = {a, b};

	for (int e = 0; e < 2; e++)
		for (size_t k = L->inc_start[ends[e]]; k < L->inc_start[ends[e] + 1]; k++)
			mark[L->inc_all[k]] = 1;
	for (int e = 0; e < 2; e++)
		for (size_t k = L->inc_start[ends[e]]; k < L->inc_start[ends[e] + 1]; k++) {
			size_t s = L->inc_all[k];

			if (mark[s] != 1)
				continue;
			mark[s] = 2; /* counted: a later line of the set skips it */
			for (size_t t = 0; t < L->n; t++)
				if (mark[t] != 2 && lines_cross(out, L->line[s], L->line[t]))
					count++;
			*work += L->n;
		}
	for (int e = 0; e < 2; e++)
		for (size_t k = L->inc_start[ends[e]]; k < L->inc_start[ends[e] + 1]; k++)
			mark[L->inc_all[k]] = 0;
	return count;
}

/* The work budget of the swap pass, in segment tests (about 0.2 s). */
#define KINDS_SWAP_WORK 20000000

/*
 * Swaps neighbours on each ring (after the first) while that lowers the
 * number of crossing lines: sweeps over the rings from the inside out, each
 * ring from its first slot, swapping orgs i and i + 1 (their angles) when
 * the crossings of the lines at them drop; at most 8 sweeps, none after one
 * without a swap, and no further test once KINDS_SWAP_WORK segment tests
 * are spent.
 */
static void swap_pass(co_layout *out, const co_org *orgs, igraph_integer_t n,
                      const co_layout_edges *edges, igraph_integer_t *order,
                      const igraph_integer_t *ring_start, int n_rings, const double *radius)
{
	lines L = {0};
	igraph_integer_t m = edges->m;
	unsigned char *mark = NULL;
	size_t work = 0, *fill = NULL;

	L.line = malloc((size_t)(m + n + 1) * sizeof(*L.line));
	L.inc_start = calloc((size_t)n + 2, sizeof(size_t));
	if (!L.line || !L.inc_start)
		goto done;
	for (igraph_integer_t e = 0; e < m; e++) {
		igraph_integer_t a = co_layout_edge_from(edges, e), b = co_layout_edge_to(edges, e);

		if (a != b) {
			L.line[L.n][0] = (int32_t)a;
			L.line[L.n][1] = (int32_t)b;
			L.n++;
		}
	}
	for (igraph_integer_t v = 0; v < n; v++)
		if (orgs[v].parent >= 0 && orgs[v].parent != v) {
			L.line[L.n][0] = (int32_t)v;
			L.line[L.n][1] = (int32_t)orgs[v].parent;
			L.n++;
		}
	/* the lines are all it reads of the ties: the caller may let them go */
	if (edges->done_reading)
		edges->done_reading(edges->context);
	if (!(L.inc_all = malloc((2 * L.n + 1) * sizeof(*L.inc_all))) ||
	    !(fill = calloc((size_t)n + 1, sizeof(size_t))) || !(mark = calloc(L.n + 1, 1)))
		goto done;
	for (size_t k = 0; k < L.n; k++) {
		L.inc_start[L.line[k][0] + 1]++;
		L.inc_start[L.line[k][1] + 1]++;
	}
	for (igraph_integer_t v = 0; v < n; v++) {
		L.inc_start[v + 1] += L.inc_start[v];
		fill[v] = L.inc_start[v];
	}
	for (size_t k = 0; k < L.n; k++) {
		L.inc_all[fill[L.line[k][0]]++] = (uint32_t)k;
		L.inc_all[fill[L.line[k][1]]++] = (uint32_t)k;
	}
	for (int sweep = 0; sweep < 8; sweep++) {
		int swapped = 0;

		for (int r = 1; r < n_rings; r++)
			for (igraph_integer_t i = ring_start[r]; i + 1 < ring_start[r + 1]; i++) {
				igraph_integer_t a = order[i], b = order[i + 1];
				long before, after;
				double ax = MATRIX(out->xy, a, 0), ay = MATRIX(out->xy, a, 1);

				if (work > KINDS_SWAP_WORK)
					goto done;
				before = local_crossings(out, &L, a, b, mark, &work);
				MATRIX(out->xy, a, 0) = MATRIX(out->xy, b, 0);
				MATRIX(out->xy, a, 1) = MATRIX(out->xy, b, 1);
				MATRIX(out->xy, b, 0) = ax;
				MATRIX(out->xy, b, 1) = ay;
				after = local_crossings(out, &L, a, b, mark, &work);
				if (after < before) {
					order[i] = b;
					order[i + 1] = a;
					swapped = 1;
				} else {
					MATRIX(out->xy, b, 0) = MATRIX(out->xy, a, 0);
					MATRIX(out->xy, b, 1) = MATRIX(out->xy, a, 1);
					MATRIX(out->xy, a, 0) = ax;
					MATRIX(out->xy, a, 1) = ay;
				}
			}
		if (!swapped)
			break;
	}
done:
	(void)radius;
	free(L.line);
	free(L.inc_start);
	free(L.inc_all);
	free(fill);
	free(mark);
}

static co_status layout_kinds(co_layout *out, const co_org *orgs, igraph_integer_t n,
                              const co_layout_edges *edges)
{
	igraph_integer_t *order = malloc((size_t)(n ? n : 1) * sizeof(*order));
	igraph_integer_t *rank = malloc((size_t)(n ? n : 1) * sizeof(*rank));
	double *angle = malloc((size_t)(n ? n : 1) * sizeof(*angle));
	double *target = malloc((size_t)(n ? n : 1) * sizeof(*target));
	igraph_integer_t start = 0, ring_start[65];
	adjacency adj;
	int ring_index = 0, center_single = 0;

	if (!order || !rank || !angle || !target || adjacency_make(&adj, edges) < 0) {
		free(order);
		free(rank);
		free(angle);
		free(target);
		return co_error_set(CO_ENOMEM, "out of memory");
	}
	for (igraph_integer_t i = 0; i < n; i++) {
		order[i] = i;
		angle[i] = NAN;
	}
	sort_orgs = orgs;
	qsort(order, (size_t)n, sizeof(*order), compare_in_ring);
	sort_orgs = NULL;
	while (start < n) {
		int ring = ring_of(orgs[order[start]].kind);

		if (ring_index < 64)
			ring_start[ring_index] = start;
		igraph_integer_t end = start;
		double radius;

		while (end < n && ring_of(orgs[order[end]].kind) == ring)
			end++;
		if (ring_index == 0 && end - start == 1)
			center_single = 1;
		radius = ring_index + 1 - center_single;
		if (ring_index == 0)
			for (igraph_integer_t i = start; i < end; i++)
				angle[order[i]] = -M_PI / 2 + 2 * M_PI * (double)(i - start) / (double)(end - start);
		else
			order_ring(order + start, end - start, angle, target, rank, orgs, &adj);
		for (igraph_integer_t i = start; i < end; i++) {
			MATRIX(out->xy, order[i], 0) = radius * cos(angle[order[i]]);
			MATRIX(out->xy, order[i], 1) = radius * sin(angle[order[i]]);
		}
		/* an org alone at the center has no direction to draw others to */
		if (center_single && ring_index == 0)
			angle[order[start]] = NAN;
		ring_index++;
		start = end;
	}
	ring_start[ring_index < 64 ? ring_index : 64] = n;
	adjacency_free(&adj);
	if (ring_index <= 64)
		swap_pass(out, orgs, n, edges, order, ring_start, ring_index, NULL);
	free(order);
	free(rank);
	free(angle);
	free(target);
	return CO_OK;
}

/* The outlined state with this postal code (any case), or -1. */
static long outlined_state(const co_geo *geo, const char *postal)
{
	if (!geo || !postal || strlen(postal) != 2)
		return -1;
	for (size_t i = 0; i < geo->n_outlined; i++)
		if (toupper((unsigned char)postal[0]) == geo->states[i].postal[0] &&
		    toupper((unsigned char)postal[1]) == geo->states[i].postal[1])
			return (long)i;
	return -1;
}

int co_geo_inside(const co_geo *geo, size_t i, double x, double y)
{
	const geo_state *s = &geo->states[i];
	int hit = 0;

	for (size_t r = 0; r < s->n_rings; r++) {
		const double *pt = s->rings[r];
		size_t n = s->lengths[r];

		for (size_t a = 0, b = n - 1; a < n; b = a++) {
			double xa = pt[2 * a], ya = pt[2 * a + 1], xb = pt[2 * b], yb = pt[2 * b + 1];

			if ((ya > y) != (yb > y) && x < (xb - xa) * (y - ya) / (yb - ya) + xa)
				hit = !hit;
		}
	}
	return hit;
}

/* The i-th term of the van der Corput sequence in `base` (Halton). */
static double halton(unsigned long i, unsigned base)
{
	double f = 1, r = 0;

	while (i > 0) {
		f /= base;
		r += f * (double)(i % base);
		i /= base;
	}
	return r;
}

/*
 * Spreads the k orgs of vertices[] inside outline `state`: the first k
 * points of the Halton (2, 3) sequence over the outline's bounding box that
 * lie inside it with a margin (the point moved `margin` units in each of
 * four directions is inside too), the margin halved after every 4000
 * candidates that did not yield enough.  Deterministic, never outside the
 * outline, never two orgs on one point.
 */
static void spread_in_state(co_layout *out, const co_geo *geo, size_t state,
                            const igraph_integer_t *vertices, size_t k)
{
	const geo_state *s = &geo->states[state];
	double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY, margin;
	size_t found = 0;
	unsigned long i = 1, tries = 0;

	for (size_t r = 0; r < s->n_rings; r++)
		for (size_t j = 0; j < s->lengths[r]; j++) {
			x0 = fmin(x0, s->rings[r][2 * j]);
			x1 = fmax(x1, s->rings[r][2 * j]);
			y0 = fmin(y0, s->rings[r][2 * j + 1]);
			y1 = fmax(y1, s->rings[r][2 * j + 1]);
		}
	margin = fmin(x1 - x0, y1 - y0) / 40;
	while (found < k) {
		double x = x0 + (x1 - x0) * halton(i, 2), y = y0 + (y1 - y0) * halton(i, 3);

		i++;
		if (++tries > 4000) {
			margin /= 2;
			tries = 0;
		}
		if (!co_geo_inside(geo, state, x, y) ||
		    (margin > 1e-6 && (!co_geo_inside(geo, state, x + margin, y) ||
		                       !co_geo_inside(geo, state, x - margin, y) ||
		                       !co_geo_inside(geo, state, x, y + margin) ||
		                       !co_geo_inside(geo, state, x, y - margin))))
			continue;
		MATRIX(out->xy, vertices[found], 0) = x;
		MATRIX(out->xy, vertices[found], 1) = y;
		found++;
	}
}

/* An org is spread inside its state's outline when the only place known is
 * the state: no lat/lon at all, or the importer's stand-in point for the
 * state (orgs.placed = 'state'), which would stack them all on one dot. */
static int spread_in_its_state(const co_geo *geo, const co_org *org)
{
	int state_only = org->at_state_point || !(isfinite(org->lon) && isfinite(org->lat));

	return state_only && outlined_state(geo, org->state) >= 0;
}

/* Whether outline i is one of Canada's provinces or territories. */
static int canadian(const co_geo *geo, long i)
{
	return i >= 0 && strcmp(geo->states[i].country, "CA") == 0;
}

/* Projects an org's own coordinates: Albers USA, except that an org of a
 * Canadian province within Canada's box is projected with the contiguous
 * states' conic even where the Alaska box holds the point (Yukon and
 * northern British Columbia beside the panhandle). */
static int project_org(const co_geo *geo, const co_org *org, double *x, double *y)
{
	double lon = org->lon, lat = org->lat;

	if (canadian(geo, outlined_state(geo, org->state)) && isfinite(lon) && isfinite(lat) &&
	    lat >= 41.6 && lat <= 84 && lon >= -141 && lon <= -52) {
		conic_project(projection(REGION_CANADA), lon, lat, x, y);
		return 1;
	}
	return co_geo_project(x, y, lon, lat);
}

/* Whether an org placed at (x, y) is in Canada: by its province, or, with
 * no province, by the outline its point falls in. */
static int in_canada(const co_geo *geo, const co_org *org, double x, double y)
{
	long i = outlined_state(geo, org->state);

	if (i >= 0)
		return canadian(geo, i);
	for (size_t j = 0; geo && j < geo->n_outlined; j++)
		if (canadian(geo, (long)j) && co_geo_inside(geo, j, x, y))
			return 1;
	return 0;
}

static const co_org *state_orgs; /* qsort has no context argument in C11 */

static int compare_state(const void *a, const void *b)
{
	igraph_integer_t i = *(const igraph_integer_t *)a, j = *(const igraph_integer_t *)b;
	int c = strcasecmp(state_orgs[i].state ? state_orgs[i].state : "",
	                   state_orgs[j].state ? state_orgs[j].state : "");

	return c ? c : i < j ? -1 : i > j;
}

static co_status layout_geo(co_layout *out, const co_org *orgs, igraph_integer_t n,
                            const co_geo *geo)
{
	igraph_integer_t *by_state = malloc((size_t)(n ? n : 1) * sizeof(*by_state)), k = 0;

	if (!by_state)
		return co_error_set(CO_ENOMEM, "out of memory");
	out->x0 = 0;
	out->y0 = 0;
	out->x1 = 960;
	out->y1 = 500;
	for (igraph_integer_t v = 0; v < n; v++) {
		double x, y;

		MATRIX(out->xy, v, 0) = NAN;
		MATRIX(out->xy, v, 1) = NAN;
		if (spread_in_its_state(geo, &orgs[v])) {
			by_state[k++] = v;
			out->how[v] = CO_PLACED_STATE;
		} else if (project_org(geo, &orgs[v], &x, &y)) {
			MATRIX(out->xy, v, 0) = x;
			MATRIX(out->xy, v, 1) = y;
			out->how[v] = CO_PLACED_COORDS;
			out->in_canada += in_canada(geo, &orgs[v], x, y);
		} else {
			out->unplaced++;
		}
	}
	out->by_state = k;
	state_orgs = orgs;
	qsort(by_state, (size_t)k, sizeof(*by_state), compare_state);
	state_orgs = NULL;
	for (igraph_integer_t i = 0, j; i < k; i = j) {
		long state = outlined_state(geo, orgs[by_state[i]].state);

		for (j = i; j < k && strcasecmp(orgs[by_state[j]].state, orgs[by_state[i]].state) == 0; j++)
			;
		spread_in_state(out, geo, (size_t)state, by_state + i, (size_t)(j - i));
		if (canadian(geo, state))
			out->in_canada += j - i;
	}
	free(by_state);
	return CO_OK;
}

int co_geo_placeable(const co_geo *geo, const co_org *org)
{
	double x, y;

	return spread_in_its_state(geo, org) || project_org(geo, org, &x, &y);
}

int co_geo_bounds(const co_geo *geo, const char *postal, double box[4])
{
	long i = outlined_state(geo, postal);
	const geo_state *s;

	if (i < 0)
		return 0;
	s = &geo->states[i];
	box[0] = box[1] = INFINITY;
	box[2] = box[3] = -INFINITY;
	for (size_t r = 0; r < s->n_rings; r++)
		for (size_t j = 0; j < s->lengths[r]; j++) {
			box[0] = fmin(box[0], s->rings[r][2 * j]);
			box[2] = fmax(box[2], s->rings[r][2 * j]);
			box[1] = fmin(box[1], s->rings[r][2 * j + 1]);
			box[3] = fmax(box[3], s->rings[r][2 * j + 1]);
		}
	return 1;
}

/* Whether layout `kind` of n orgs reads an igraph graph (the others read
 * co_layout_edges or no ties at all). */
static int reads_igraph(co_layout_kind kind, igraph_integer_t n)
{
	switch (kind) {
	case CO_LAYOUT_FR:
		return n <= CO_MULTILEVEL_MIN_ORGS;
	case CO_LAYOUT_KK:
	case CO_LAYOUT_DRL:
	case CO_LAYOUT_LGL:
		return 1;
	default:
		return 0;
	}
}

/* *out (uninitialized) becomes the igraph graph of edges' ends. */
static co_status graph_of_ends(igraph_t *out, const co_layout_edges *edges)
{
	igraph_vector_int_t list;
	co_status status = CO_OK;

	if (igraph_vector_int_init(&list, 2 * edges->m) != IGRAPH_SUCCESS)
		return co_error_set(CO_ENOMEM, "out of memory");
	for (igraph_integer_t e = 0; e < 2 * edges->m; e++)
		VECTOR(list)[e] = edges->ends[e];
	if (igraph_create(out, &list, edges->n, IGRAPH_UNDIRECTED) != IGRAPH_SUCCESS)
		status = CO_EGRAPH;
	igraph_vector_int_destroy(&list);
	return status;
}

static co_status igraph_layout(co_layout *out, const co_layout_edges *edges,
                               const igraph_vector_t *weights, co_layout_kind kind,
                               unsigned long seed)
{
	igraph_integer_t n = edges->n;
	const igraph_t *graph = edges->graph;
	igraph_error_t err = IGRAPH_SUCCESS;

	switch (kind) {
	case CO_LAYOUT_MULTILEVEL:
		return co_multilevel_layout_edges(&out->xy, edges, weights, seed);
	case CO_LAYOUT_FR:
		if (n > CO_MULTILEVEL_MIN_ORGS)
			return co_multilevel_layout_edges(&out->xy, edges, weights, seed);
		err = igraph_layout_fruchterman_reingold(graph, &out->xy, 0, n > 50000 ? 50 : 500,
			sqrt((double)n) / 10, n > 1000 ? IGRAPH_LAYOUT_GRID : IGRAPH_LAYOUT_NOGRID,
			weights, NULL, NULL, NULL, NULL);
		break;
	case CO_LAYOUT_KK:
		err = igraph_layout_kamada_kawai(graph, &out->xy, 0, 50 * n, 0,
			(double)n, NULL, NULL, NULL, NULL, NULL);
		break;
	case CO_LAYOUT_DRL: {
		igraph_layout_drl_options_t options;

		if ((err = igraph_layout_drl_options_init(&options, IGRAPH_LAYOUT_DRL_DEFAULT)))
			break;
		err = igraph_layout_drl(graph, &out->xy, 0, &options, weights);
		break;
	}
	case CO_LAYOUT_LGL: {
		double area = (double)n * (double)n;

		err = igraph_layout_lgl(graph, &out->xy, 150, (double)n, area, 1.5,
			area * (double)n, sqrt(sqrt(area)), -1);
		break;
	}
	default:
		break;
	}
	if (err != IGRAPH_SUCCESS)
		return co_error_set(CO_EGRAPH, "layout %s failed: %s", co_layout_name(kind),
		                    igraph_strerror(err));
	return CO_OK;
}

co_status co_layout_compute(co_layout *out, const igraph_t *graph, const co_org *orgs,
                            const igraph_vector_t *weights, co_layout_kind kind,
                            unsigned long seed, const co_geo *geo)
{
	co_layout_edges edges = co_layout_edges_of(graph);

	return co_layout_compute_edges(out, &edges, orgs, weights, kind, seed, geo);
}

co_status co_layout_compute_edges(co_layout *out, const co_layout_edges *edges_in,
                                  const co_org *orgs, const igraph_vector_t *weights,
                                  co_layout_kind kind, unsigned long seed, const co_geo *geo)
{
	co_layout_edges edges = *edges_in;
	igraph_t built;
	int have_built = 0;
	igraph_integer_t n = edges.n;
	co_status status = CO_OK;

	memset(out, 0, sizeof(*out));
	if (!edges.graph && reads_igraph(kind, n)) {
		if ((status = graph_of_ends(&built, &edges)) != CO_OK)
			return status;
		have_built = 1;
		edges.graph = &built;
	}
	if (!(out->how = calloc((size_t)(n ? n : 1), 1))) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	if (igraph_matrix_init(&out->xy, n, 2) != IGRAPH_SUCCESS) {
		free(out->how);
		out->how = NULL;
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)seed);
	switch (kind) {
	case CO_LAYOUT_CIRCLE:
		for (igraph_integer_t v = 0; v < n; v++) {
			double t = 2 * M_PI * (double)v / (double)n;

			MATRIX(out->xy, v, 0) = cos(t);
			MATRIX(out->xy, v, 1) = sin(t);
		}
		break;
	case CO_LAYOUT_KINDS:
		status = layout_kinds(out, orgs, n, &edges);
		break;
	case CO_LAYOUT_GEO:
		status = layout_geo(out, orgs, n, geo);
		break;
	default:
		status = igraph_layout(out, &edges, weights, kind, seed);
		break;
	}
	if (have_built) {
		igraph_destroy(&built);
		have_built = 0;
	}
	if (status != CO_OK) {
		igraph_matrix_destroy(&out->xy);
		free(out->how);
		memset(out, 0, sizeof(*out));
		return status;
	}
	if (kind != CO_LAYOUT_GEO)
		for (igraph_integer_t v = 0; v < n; v++)
			out->how[v] = CO_PLACED_LAYOUT;
	if (kind != CO_LAYOUT_GEO) {
		out->x0 = out->y0 = INFINITY;
		out->x1 = out->y1 = -INFINITY;
		for (igraph_integer_t v = 0; v < n; v++) {
			double x = MATRIX(out->xy, v, 0), y = MATRIX(out->xy, v, 1);

			out->x0 = fmin(out->x0, x);
			out->x1 = fmax(out->x1, x);
			out->y0 = fmin(out->y0, y);
			out->y1 = fmax(out->y1, y);
		}
		if (n == 0)
			out->x0 = out->y0 = out->x1 = out->y1 = 0;
	}
	if (kind == CO_LAYOUT_KINDS) {
		/* The map draws each ring whole: the bounds are the outer ring's
		 * square, or three orgs on one line (a ring of one each) get a
		 * zero-width box and rings run off the page. */
		double r = 0;
		for (igraph_integer_t v = 0; v < n; v++)
			r = fmax(r, hypot(MATRIX(out->xy, v, 0), MATRIX(out->xy, v, 1)));
		out->x0 = out->y0 = -r;
		out->x1 = out->y1 = r;
	}
	return CO_OK;
done:
	if (have_built)
		igraph_destroy(&built);
	return status;
}

void co_layout_free(co_layout *layout)
{
	if (!layout)
		return;
	igraph_matrix_destroy(&layout->xy);
	free(layout->how);
	memset(layout, 0, sizeof(*layout));
}
