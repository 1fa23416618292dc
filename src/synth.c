/*
 * synth.c - `coalition synth`: a deterministic synthetic ecosystem of
 * chapters, national organizations, NGOs, unions and community groups, in
 * the import format, for demos, tests and benchmarks at any size.
 *
 * Determinism: one xoshiro256** stream per phase, seeded from the user's
 * seed through splitmix64, and integer arithmetic only (coordinates are
 * integers in 1e-5 degree, printed by hand), so the same seed gives the
 * same bytes with any C library.  Scale: orgs are placed first (a few
 * arrays of 32-bit integers per org), then every row is streamed to its
 * file; no tie row is kept in memory, only the few partner picks triadic
 * closure reads back (a chapter's NGOs and union local, an NGO's NGO
 * picks, a local's NGO: fixed slots per org, allocated before writing, so
 * memory stays linear and writing cannot fail for lack of it).  Duplicate ties are impossible by
 * construction rather than filtered through a set: each kind of tie is
 * generated from one side only (a chapter picks partners among *earlier*
 * chapters, an NGO among earlier NGOs, ...), and each org removes repeated
 * picks among its own few picks.  Atomicity: all files go to temporary
 * names in the target directory and are renamed into place at the end.
 *
 * The state table below (centroid, radius of the disc with the state's
 * area, 2020 population in hundred thousands) was printed by
 * tests/reference/synth_state_table.py from Natural Earth admin-1 centroids
 * (topojson/us-atlas), the Census 2000 cartographic boundaries (d3's
 * us-states.json) and the 2020 Census apportionment counts.
 */
#include "coalition/synth.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Outcomes: partners are counted at the end of each of these years. */
#define SYNTH_FIRST_YEAR 2016
#define SYNTH_LAST_YEAR 2026
#define SYNTH_YEARS (SYNTH_LAST_YEAR - SYNTH_FIRST_YEAR + 1)

/* ---- the random number generator ---------------------------------------- */

typedef struct {
	uint64_t s[4];
} rng;

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Phases draw from their own streams, so that changing one phase's rules
 * does not change what the others write. */
enum {
	STREAM_PLACES = 1, STREAM_ORGS, STREAM_TIES, STREAM_EVENTS, STREAM_SOURCES, STREAM_OUTCOMES,
	STREAM_CAMPAIGNS,
	STREAM_CITY = 1000 /* + global city index */
};

static void rng_seed(rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed ^ (stream * 0xd1342543de82ef95ULL);

	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* Uniform in [0, n), without modulo bias. */
static uint64_t rng_below(rng *r, uint64_t n)
{
	uint64_t threshold, x;

	assert(n > 0);
	threshold = (0 - n) % n;
	do
		x = rng_next(r);
	while (x < threshold);
	return x % n;
}

static int64_t rng_range(rng *r, int64_t lo, int64_t hi)
{
	return lo + (int64_t)rng_below(r, (uint64_t)(hi - lo + 1));
}

static int rng_permille(rng *r, int permille)
{
	return (int)rng_below(r, 1000) < permille;
}

/* Index i of a cumulative weight table (cum[i] = w[0] + ... + w[i]). */
static int64_t rng_weighted(rng *r, const int64_t *cum, int64_t n)
{
	uint64_t x = rng_below(r, (uint64_t)cum[n - 1]);
	int64_t lo = 0, hi = n - 1;

	while (lo < hi) {
		int64_t mid = lo + (hi - lo) / 2;
		if ((uint64_t)cum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* A point in the ellipse of radii (rlat, rlon) around (lat, lon), 1e-5 deg. */
static void rng_disc(rng *r, int32_t *lat, int32_t *lon, int64_t rlat, int64_t rlon)
{
	int64_t u, v, la, lo;

	do {
		u = rng_range(r, -1000, 1000);
		v = rng_range(r, -1000, 1000);
	} while (u * u + v * v > 1000000);
	la = *lat + rlat * u / 1000;
	lo = *lon + rlon * v / 1000;
	*lat = (int32_t)(la > 8999000 ? 8999000 : la < -8999000 ? -8999000 : la);
	*lon = (int32_t)(lo > 17999000 ? 17999000 : lo < -17999000 ? -17999000 : lo);
}

/* ---- fixed tables --------------------------------------------------------- */

typedef struct {
	const char *postal, *name;
	int32_t lat, lon;          /* centroid, 1e-5 degree */
	int32_t rad_lat, rad_lon;  /* radius of the disc with the state's area */
	int pop;                   /* 2020 population, hundred thousands */
} state_info;

static const state_info states[] = {
	{"AK", "Alaska", 6437553, -15282596, 658131, 1521794, 7},
	{"AL", "Alabama", 3277371, -8682818, 186460, 221761, 50},
	{"AR", "Arkansas", 3492181, -9244486, 188444, 229828, 30},
	{"AZ", "Arizona", 3429560, -11165946, 275692, 333710, 72},
	{"CA", "California", 3725514, -11964054, 326234, 409869, 395},
	{"CO", "Colorado", 3900008, -10554544, 263383, 338910, 58},
	{"CT", "Connecticut", 4160583, -7273828, 57606, 77042, 36},
	{"DC", "District of Columbia", 3889554, -7701745, 7245, 9308, 7},
	{"DE", "Delaware", 3899159, -7549952, 36112, 46462, 10},
	{"FL", "Florida", 2861693, -8250257, 196409, 223741, 215},
	{"GA", "Georgia", 3265247, -8345109, 198323, 235549, 107},
	{"HI", "Hawaii", 2018607, -15623764, 61551, 65579, 15},
	{"IA", "Iowa", 4208389, -9350644, 193826, 261163, 32},
	{"ID", "Idaho", 4439401, -11465496, 233561, 326867, 18},
	{"IL", "Illinois", 4006184, -8920262, 194824, 254555, 128},
	{"IN", "Indiana", 3990110, -8627873, 156155, 203552, 68},
	{"KS", "Kansas", 3848293, -9838016, 233146, 297838, 29},
	{"KY", "Kentucky", 3751394, -8527784, 163901, 206632, 45},
	{"LA", "Louisiana", 3104808, -9195721, 177842, 207581, 47},
	{"MA", "Massachusetts", 4223767, -7173572, 72988, 98584, 70},
	{"MD", "Maryland", 3903327, -7676998, 83020, 106877, 62},
	{"ME", "Maine", 4533745, -6921754, 147925, 210441, 14},
	{"MI", "Michigan", 4433319, -8541042, 196346, 274499, 101},
	{"MN", "Minnesota", 4632478, -9429617, 235392, 340867, 57},
	{"MO", "Missouri", 3837952, -9247936, 215514, 274921, 62},
	{"MS", "Mississippi", 3276708, -8966251, 178491, 212268, 30},
	{"MT", "Montana", 4704846, -10965900, 315842, 463533, 11},
	{"NC", "North Carolina", 3553593, -7925209, 183270, 225216, 104},
	{"ND", "North Dakota", 4746272, -10048470, 216676, 320493, 8},
	{"NE", "Nebraska", 4152511, -9981533, 226458, 302482, 20},
	{"NH", "New Hampshire", 4369169, -7156273, 78369, 108384, 14},
	{"NJ", "New Jersey", 4020571, -7467054, 71722, 93910, 93},
	{"NM", "New Mexico", 3441656, -10608613, 284852, 345296, 21},
	{"NV", "Nevada", 3934805, -11665016, 274313, 354726, 31},
	{"NY", "New York", 4292758, -7550321, 181169, 247426, 202},
	{"OH", "Ohio", 4027909, -8279040, 166308, 217994, 118},
	{"OK", "Oklahoma", 3558150, -9750420, 217175, 267033, 40},
	{"OR", "Oregon", 4394483, -12053933, 252549, 350758, 42},
	{"PA", "Pennsylvania", 4087443, -7780633, 173424, 229353, 130},
	{"RI", "Rhode Island", 4168199, -7152929, 26189, 35066, 11},
	{"SC", "South Carolina", 3390150, -8088368, 144473, 174064, 51},
	{"SD", "South Dakota", 4444638, -10022852, 227650, 318880, 9},
	{"TN", "Tennessee", 3583901, -8632269, 167647, 206801, 69},
	{"TX", "Texas", 3145551, -9932868, 422770, 495601, 292},
	{"UT", "Utah", 3932876, -11166920, 237077, 306490, 33},
	{"VA", "Virginia", 3750686, -7880954, 164457, 207313, 86},
	{"VT", "Vermont", 4407275, -7266226, 79748, 110999, 6},
	{"WA", "Washington", 4737975, -12039837, 212731, 314163, 77},
	{"WI", "Wisconsin", 4465340, -9000077, 192784, 271003, 59},
	{"WV", "West Virginia", 3864495, -8061012, 127243, 162917, 18},
	{"WY", "Wyoming", 4302708, -10755437, 255136, 349008, 6},
};
#define N_STATES ((int)(sizeof(states) / sizeof(states[0])))

/* States where some synthetic towns get Spanish names (with accents: the
 * output exercises UTF-8 end to end). */
static const char *const spanish_states = "AZ CA CO FL NM NV TX";

static const char *const town_prefix[20] = {
	"Oak", "Maple", "Cedar", "River", "Lake", "Spring", "Fair", "Green", "Clear", "Pine",
	"Elm", "Ash", "Mill", "Stone", "Red", "Glen", "Brook", "Bay", "High", "Wolf",
};
static const char *const town_suffix[12] = {
	"field", "ville", "ton", "wood", "port", "dale", "burg", "view", "ford", "haven",
	"ridge", "mont",
};
static const char *const spanish_towns[20] = {
	"Río Claro", "Cañada Verde", "Peña Blanca", "San Andrés", "Santa Inés",
	"Los Álamos Altos", "Valle Hermoso", "Mesa del Sol", "La Unión", "El Paraíso",
	"Cañoncito", "Río Bravo", "Agua Fría", "San Ramón", "Santa Lucía",
	"Peñasco Alto", "Villa Colón", "Arroyo Seco", "Loma Linda", "Ojo Caliente",
};

static const char *const causes[16] = {
	"Health Care", "Voting Rights", "Immigrant Rights", "Climate", "Racial Justice",
	"Reproductive Freedom", "Disability Rights", "LGBTQ Equality", "Civil Liberties",
	"Housing", "Public Education", "Workers' Rights", "Gun Safety", "Democracy",
	"Economic Justice", "Indigenous Rights",
};
static const char *const cause_issues[16] = {
	"health care", "voting rights", "immigrant rights", "climate", "racial justice",
	"reproductive rights", "disability rights", "LGBTQIA+ rights", "civil liberties",
	"housing", "education", "labor", "gun safety", "democracy", "economic justice",
	"indigenous rights",
};
static const char *const ngo_forms[8] = {
	"Alliance", "Network", "Project", "Fund", "Coalition", "Action", "Council", "Center",
};
static const char *const trades[20] = {
	"Service Employees", "Teachers", "Nurses", "Communications Workers", "Auto Workers",
	"Steelworkers", "Food and Commercial Workers", "Building Trades", "Transit Workers",
	"Public Employees", "Hotel and Restaurant Workers", "Electrical Workers", "Machinists",
	"Mine Workers", "Farm Workers", "Postal Workers", "Flight Attendants", "Carpenters",
	"Laborers", "Painters",
};
static const char *const union_forms[3] = {"International Union", "Federation", "Guild"};
static const char *const community_types[10] = {
	"Tenants Association", "Neighbors Alliance", "Climate Circle", "Mutual Aid Network",
	"Comité de Vecinos de", "Faith Coalition", "Immigrant Solidarity Committee",
	"Pride Center", "Disability Justice Collective", "Racial Justice Forum",
};
static const char *const community_issues[10] = {
	"housing", "community", "environment", "mutual aid", "immigrant rights", "faith",
	"immigrant rights", "LGBTQIA+ rights", "disability rights", "racial justice",
};
static const char *const event_kinds[5] = {"town_hall", "canvass", "rally", "phone_bank", "forum"};
static const char *const event_labels[5] = {"Town hall", "Canvass", "Rally", "Phone bank", "Forum"};
static const char *const source_types[6] = {
	"chapter newsletter", "local news report", "press release", "coalition meeting minutes",
	"social media post", "partner annual report",
};

/* A weighted choice among tie kinds: weights in per mille, summing to 1000. */
typedef struct {
	const char *kind;
	int permille;
} kind_weight;

static const kind_weight chapter_kinds[] = {
	{"partnership", 400}, {"coalition", 200}, {"resource_sharing", 250}, {"campaign", 150},
};
static const kind_weight ngo_kinds[] = {
	{"campaign", 500}, {"partnership", 300}, {"day_of_action", 100}, {"electoral", 100},
};
static const kind_weight community_kinds[] = {{"partnership", 600}, {"coalition", 400}};
static const kind_weight union_kinds[] = {
	{"campaign", 400}, {"partnership", 300}, {"electoral", 300},
};

static const char *pick_kind(rng *r, const kind_weight *kinds)
{
	int x = (int)rng_below(r, 1000);

	for (int i = 0;; i++) {
		if (x < kinds[i].permille)
			return kinds[i].kind;
		x -= kinds[i].permille;
	}
}

/* Sources per tie, in per mille of ties that have any: union ties are the
 * weakly documented part. */
enum {
	SRC_NATIONAL = 500, SRC_NATIONAL_FRICTION = 700, SRC_LOCAL_FRICTION = 400,
	SRC_NGO = 350, SRC_CHAPTER = 200, SRC_COMMUNITY = 200, SRC_UNION = 80,
	SRC_NATIONAL_NGO = 600, SRC_NGO_NGO = 300, SRC_INTL = 100
};

/* ---- groups (compressed lists of members by state or city) -------------- */

/* Members 0..n-1 with a group each; items lists them by group in index
 * order, start[g]..start[g+1] delimits group g, pos[i] is i's place in its
 * group (so items[start[g]] .. items[start[g] + pos[i] - 1] are the
 * members of i's group that come before i). */
typedef struct {
	int32_t *start, *items, *pos;
	int n_groups;
} groups;

static void groups_free(groups *g)
{
	free(g->start);
	free(g->items);
	free(g->pos);
	memset(g, 0, sizeof(*g));
}

static co_status groups_build(groups *g, const int32_t *group_of, int64_t n, int n_groups)
{
	int32_t *fill = NULL;

	g->n_groups = n_groups;
	g->start = calloc((size_t)n_groups + 1, sizeof(int32_t));
	g->items = malloc(((size_t)n + 1) * sizeof(int32_t));
	g->pos = malloc(((size_t)n + 1) * sizeof(int32_t));
	fill = calloc((size_t)n_groups + 1, sizeof(int32_t));
	if (!g->start || !g->items || !g->pos || !fill) {
		free(fill);
		groups_free(g);
		return co_error_set(CO_ENOMEM, "out of memory placing synthetic orgs");
	}
	for (int64_t i = 0; i < n; i++)
		g->start[group_of[i] + 1]++;
	for (int k = 0; k < n_groups; k++)
		g->start[k + 1] += g->start[k];
	for (int64_t i = 0; i < n; i++) {
		int32_t k = group_of[i];
		g->pos[i] = fill[k]++;
		g->items[g->start[k] + g->pos[i]] = (int32_t)i;
	}
	free(fill);
	return CO_OK;
}

static int32_t group_size(const groups *g, int k)
{
	return g->start[k + 1] - g->start[k];
}

/* A uniform member of group k (which must not be empty). */
static int32_t group_pick(const groups *g, int k, rng *r)
{
	return g->items[g->start[k] + (int32_t)rng_below(r, (uint64_t)group_size(g, k))];
}

/* ---- adjacency (compressed lists of partners, built from kept picks) ----- */

/* The partners of org a are items[start[a]] .. items[start[a+1]-1].  The
 * arrays are allocated before any file is written (adjacency_alloc, with
 * the most entries the picks can make), so building cannot fail. */
typedef struct {
	int32_t *start, *fill, *items;
	int64_t n;
} adjacency;

static void adjacency_free(adjacency *a)
{
	free(a->start);
	free(a->fill);
	free(a->items);
	memset(a, 0, sizeof(*a));
}

static co_status adjacency_alloc(adjacency *a, int64_t n, int64_t max_items)
{
	a->n = n;
	a->start = calloc((size_t)n + 2, sizeof(int32_t));
	a->fill = calloc((size_t)n + 1, sizeof(int32_t));
	a->items = malloc(((size_t)max_items + 1) * sizeof(int32_t));
	if (!a->start || !a->fill || !a->items) {
		adjacency_free(a);
		return co_error_set(CO_ENOMEM, "out of memory placing synthetic orgs");
	}
	return CO_OK;
}

/* From the picks pick[k * slots + t] (-1 for none) of orgs k < n_from:
 * the lists of each picked org (to < a->n), and of each picker too when
 * both_ways (then pickers and picked are the same kind of org).  Lists
 * keep the order of the picks, so they are deterministic. */
static void adjacency_build(adjacency *a, const int32_t *pick, int64_t n_from, int slots,
                            int both_ways)
{
	memset(a->start, 0, ((size_t)a->n + 2) * sizeof(int32_t));
	memset(a->fill, 0, ((size_t)a->n + 1) * sizeof(int32_t));
	for (int64_t k = 0; k < n_from; k++)
		for (int t = 0; t < slots; t++)
			if (pick[k * slots + t] >= 0) {
				a->start[pick[k * slots + t] + 1]++;
				if (both_ways)
					a->start[k + 1]++;
			}
	for (int64_t v = 0; v < a->n; v++)
		a->start[v + 1] += a->start[v];
	for (int64_t k = 0; k < n_from; k++)
		for (int t = 0; t < slots; t++) {
			int32_t j = pick[k * slots + t];
			if (j < 0)
				continue;
			a->items[a->start[j] + a->fill[j]++] = (int32_t)k;
			if (both_ways)
				a->items[a->start[k] + a->fill[k]++] = j;
		}
}

/* ---- the generator ------------------------------------------------------- */

/* Kinds of org, each with its own key prefix and index space. */
typedef enum { ORG_NATIONAL, ORG_NGO, ORG_INTL, ORG_LOCAL, ORG_COMMUNITY, ORG_CHAPTER } org_class;

enum { NATL_PROJECT, NATL_CIVICS, NATL_ACTION };
static const char *const national_keys[3] = {"natl-project", "natl-civics", "natl-action"};
static const char *const national_names[3] = {
	"Indivisible Project", "Indivisible Civics", "Indivisible Action",
};
static const char *const national_issues[3] = {
	"democracy;congressional advocacy", "civic engagement;training", "electoral;endorsements",
};

typedef struct {
	uint64_t seed;
	int64_t n_chapters, n_ngo_nat, n_ngo_aff, n_intl, n_local, n_comm, n_sources;
	int dc;                         /* index of DC in states[] */
	int64_t state_cum[64];          /* cumulative population */
	/* cities: state s owns global cities city_first[s] .. city_first[s+1]-1 */
	int city_first[64];
	int n_cities;
	int64_t *city_cum;              /* Zipf weights, cumulative within a state */
	int32_t *city_lat, *city_lon;
	int32_t *city_chapters;         /* chapters named so far, per city */
	/* chapters */
	int32_t *ch_state, *ch_city;
	groups ch_by_city, ch_by_state;
	/* NGOs: 0 .. n_ngo_nat-1 national, then affiliates */
	int64_t *ngo_cum;               /* Zipf weights of national NGOs (hubs) */
	int32_t *ngo_state, *ngo_city, *aff_parent;
	groups aff_by_state;            /* affiliates (index - n_ngo_nat) by state */
	/* unions and community groups */
	int32_t *intl_state, *local_parent, *local_state, *local_city, *local_number;
	int64_t *intl_cum;
	groups local_by_state;
	int32_t *comm_state, *comm_city;
	groups comm_by_state;
	/* Partners kept for triadic closure (ties.csv): each chapter's NGO
	 * partners (3 slots) and union local (1 slot), -1 when none; each
	 * NGO's NGO picks (2 slots) and each local's NGO (-1 when none), and
	 * the adjacency built from them (NGO -> NGO partners both ways, NGO ->
	 * locals); cand holds the candidates of one pick. */
	int32_t *ch_ngo, *ch_local, *ngo_pick, *local_ngo;
	adjacency ngo_ngo, ngo_locals;
	int32_t *cand;
	/* Outcomes (observations.csv, orgs' ended): each chapter's positive
	 * partners at the end of each year SYNTH_FIRST_YEAR .. SYNTH_LAST_YEAR,
	 * and whether it had a tie to a union in its first year, counted as
	 * ties.csv is written (no random draw), so that the planted relations
	 * are exactly what the import will see. */
	int16_t *ch_partners;
	int32_t *ch_union_start;  /* start (year*12 + month-1) of its union tie, or INT32_MAX */
	int32_t *ch_union_end;    /* that tie's end (year*12 + month-1), -1 if open */
	int32_t *ch_founded;      /* founding year (orgs.csv) */
	int32_t *ch_ended;        /* ending (year*12 + month-1), -1 while open */
	int64_t *joined;                /* the chapters joining one day of action */
	co_synth_counts counts;
	const co_synth_options *options;
} gen;

static void gen_free(gen *g)
{
	free(g->city_cum);
	free(g->city_lat);
	free(g->city_lon);
	free(g->city_chapters);
	free(g->ch_state);
	free(g->ch_city);
	groups_free(&g->ch_by_city);
	groups_free(&g->ch_by_state);
	free(g->ngo_cum);
	free(g->ngo_state);
	free(g->ngo_city);
	free(g->aff_parent);
	groups_free(&g->aff_by_state);
	free(g->intl_state);
	free(g->local_parent);
	free(g->local_state);
	free(g->local_city);
	free(g->local_number);
	free(g->intl_cum);
	groups_free(&g->local_by_state);
	free(g->comm_state);
	free(g->comm_city);
	groups_free(&g->comm_by_state);
	free(g->ch_ngo);
	free(g->ch_local);
	free(g->ngo_pick);
	free(g->local_ngo);
	adjacency_free(&g->ngo_ngo);
	adjacency_free(&g->ngo_locals);
	free(g->cand);
	free(g->ch_partners);
	free(g->ch_union_start);
	free(g->ch_union_end);
	free(g->ch_founded);
	free(g->ch_ended);
	free(g->joined);
}

static int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static int pick_state(gen *g, rng *r)
{
	return (int)rng_weighted(r, g->state_cum, N_STATES);
}

/* A city of state s, bigger cities more often. */
static int pick_city(gen *g, int s, rng *r)
{
	int first = g->city_first[s], n = g->city_first[s + 1] - first;

	return first + (int)rng_weighted(r, g->city_cum + first, n);
}

static void city_name(char *buf, size_t size, const gen *g, int city)
{
	int s = 0, c;

	while (g->city_first[s + 1] <= city)
		s++;
	c = city - g->city_first[s];
	if (s == g->dc) {
		snprintf(buf, size, "Washington");
	} else if (strstr(spanish_states, states[s].postal) && c % 4 == 1 && c / 4 < 20) {
		snprintf(buf, size, "%s", spanish_towns[(s + c / 4) % 20]);
	} else {
		/* 7 is prime to 240, so the first 240 towns of a state differ. */
		int k = (s * 31 + c * 7) % 240;
		snprintf(buf, size, "%s%s", town_prefix[k / 12], town_suffix[k % 12]);
	}
}

static co_status alloc_i32(int32_t **out, int64_t n)
{
	if (!(*out = calloc((size_t)n + 1, sizeof(int32_t))))
		return co_error_set(CO_ENOMEM, "out of memory placing synthetic orgs");
	return CO_OK;
}

static co_status alloc_i64(int64_t **out, int64_t n)
{
	if (!(*out = calloc((size_t)n + 1, sizeof(int64_t))))
		return co_error_set(CO_ENOMEM, "out of memory placing synthetic orgs");
	return CO_OK;
}

/* Zipf weights 1/(i+1), cumulative, in integers. */
static void zipf_cum(int64_t *cum, int64_t n)
{
	int64_t total = 0;

	for (int64_t i = 0; i < n; i++)
		cum[i] = (total += 1000000 / (i + 1));
}

/* Decides sizes and places every org (state, city, parents). */
static co_status gen_place(gen *g)
{
	int64_t n = g->n_chapters, total_pop = 0;
	co_status status;
	rng r;

	rng_seed(&r, g->seed, STREAM_PLACES);
	g->n_ngo_nat = max64(2, max64(4, n / 20) / 10);
	g->n_ngo_aff = max64(4, n / 20) - g->n_ngo_nat;
	g->n_local = max64(2, n / 10);
	g->n_intl = max64(2, min64(60, g->n_local / 50));
	g->n_comm = max64(2, n / 20);
	g->n_sources = max64(20, n / 10);

	for (int s = 0; s < N_STATES; s++) {
		total_pop += states[s].pop;
		g->state_cum[s] = total_pop;
		if (strcmp(states[s].postal, "DC") == 0)
			g->dc = s;
	}
	/* Cities per state: about one per 25 expected chapters, at most one
	 * per 400,000 people; DC is one city. */
	for (int s = 0; s < N_STATES; s++) {
		int64_t k = 1 + min64(states[s].pop / 4, n * states[s].pop / (25 * total_pop));
		g->city_first[s + 1] = g->city_first[s] + (s == g->dc ? 1 : (int)k);
	}
	g->n_cities = g->city_first[N_STATES];
	if ((status = alloc_i64(&g->city_cum, g->n_cities)) ||
	    (status = alloc_i32(&g->city_lat, g->n_cities)) ||
	    (status = alloc_i32(&g->city_lon, g->n_cities)) ||
	    (status = alloc_i32(&g->city_chapters, g->n_cities)))
		return status;
	for (int s = 0; s < N_STATES; s++) {
		int first = g->city_first[s];
		zipf_cum(g->city_cum + first, g->city_first[s + 1] - first);
		for (int c = first; c < g->city_first[s + 1]; c++) {
			rng place;
			g->city_lat[c] = states[s].lat;
			g->city_lon[c] = states[s].lon;
			if (s == g->dc)
				continue;
			rng_seed(&place, g->seed, STREAM_CITY + (uint64_t)c);
			rng_disc(&place, &g->city_lat[c], &g->city_lon[c],
			         states[s].rad_lat * 6 / 10, states[s].rad_lon * 6 / 10);
		}
	}

	/* Chapters. */
	if ((status = alloc_i32(&g->ch_state, n)) || (status = alloc_i32(&g->ch_city, n)))
		return status;
	for (int64_t i = 0; i < n; i++) {
		g->ch_state[i] = pick_state(g, &r);
		g->ch_city[i] = pick_city(g, g->ch_state[i], &r);
	}
	if ((status = groups_build(&g->ch_by_city, g->ch_city, n, g->n_cities)) ||
	    (status = groups_build(&g->ch_by_state, g->ch_state, n, N_STATES)))
		return status;

	/* NGOs: national ones (hubs with Zipf weights) in DC, New York,
	 * California or anywhere; each affiliate in a state its parent has no
	 * other affiliate in, while it can. */
	int64_t n_ngo = g->n_ngo_nat + g->n_ngo_aff;
	if ((status = alloc_i64(&g->ngo_cum, g->n_ngo_nat)) ||
	    (status = alloc_i32(&g->ngo_state, n_ngo)) ||
	    (status = alloc_i32(&g->ngo_city, n_ngo)) ||
	    (status = alloc_i32(&g->aff_parent, g->n_ngo_aff)))
		return status;
	zipf_cum(g->ngo_cum, g->n_ngo_nat);
	for (int64_t k = 0; k < g->n_ngo_nat; k++) {
		int x = (int)rng_below(&r, 100), s;
		if (x < 40)
			s = g->dc;
		else
			s = pick_state(g, &r);
		g->ngo_state[k] = s;
		g->ngo_city[k] = g->city_first[s];
	}
	{
		int64_t a = 0;
		for (int64_t p = 0; p < g->n_ngo_nat; p++) {
			int64_t share = g->n_ngo_aff / g->n_ngo_nat + (p < g->n_ngo_aff % g->n_ngo_nat);
			unsigned char used[64] = {0};
			for (int64_t j = 0; j < share; j++, a++) {
				int s = pick_state(g, &r);
				for (int tries = 0; used[s] && tries < 20; tries++)
					s = pick_state(g, &r);
				used[s] = 1;
				g->aff_parent[a] = (int32_t)p;
				g->ngo_state[g->n_ngo_nat + a] = s;
				g->ngo_city[g->n_ngo_nat + a] = pick_city(g, s, &r);
			}
		}
		if ((status = groups_build(&g->aff_by_state, g->ngo_state + g->n_ngo_nat,
		                           g->n_ngo_aff, N_STATES)))
			return status;
	}

	/* Unions: internationals (half in DC) with Zipf-sized memberships. */
	if ((status = alloc_i32(&g->intl_state, g->n_intl)) ||
	    (status = alloc_i64(&g->intl_cum, g->n_intl)) ||
	    (status = alloc_i32(&g->local_parent, g->n_local)) ||
	    (status = alloc_i32(&g->local_state, g->n_local)) ||
	    (status = alloc_i32(&g->local_city, g->n_local)) ||
	    (status = alloc_i32(&g->local_number, g->n_local)))
		return status;
	zipf_cum(g->intl_cum, g->n_intl);
	for (int64_t u = 0; u < g->n_intl; u++)
		g->intl_state[u] = rng_permille(&r, 500) ? g->dc : pick_state(g, &r);
	{
		int32_t next_number[64];
		for (int u = 0; u < 64; u++)
			next_number[u] = 100;
		for (int64_t l = 0; l < g->n_local; l++) {
			int32_t p = (int32_t)rng_weighted(&r, g->intl_cum, g->n_intl);
			g->local_parent[l] = p;
			g->local_number[l] = next_number[p] += 1 + (int32_t)rng_below(&r, 7);
			g->local_state[l] = pick_state(g, &r);
			g->local_city[l] = pick_city(g, g->local_state[l], &r);
		}
	}
	if ((status = groups_build(&g->local_by_state, g->local_state, g->n_local, N_STATES)))
		return status;

	/* Community groups. */
	if ((status = alloc_i32(&g->comm_state, g->n_comm)) ||
	    (status = alloc_i32(&g->comm_city, g->n_comm)))
		return status;
	for (int64_t c = 0; c < g->n_comm; c++) {
		g->comm_state[c] = pick_state(g, &r);
		g->comm_city[c] = pick_city(g, g->comm_state[c], &r);
	}
	return groups_build(&g->comm_by_state, g->comm_state, g->n_comm, N_STATES);
}

/* The memory triadic closure needs, taken before any file is written:
 * 16 bytes per chapter, a few per NGO and local.  Every pick slot starts
 * at -1 (no pick). */
static co_status gen_alloc_closure(gen *g)
{
	int64_t n_ngo = g->n_ngo_nat + g->n_ngo_aff;
	int32_t **lists[4] = {&g->ch_ngo, &g->ch_local, &g->ngo_pick, &g->local_ngo};
	int64_t sizes[4] = {3 * g->n_chapters, g->n_chapters, 2 * n_ngo, g->n_local};
	co_status status;

	for (int k = 0; k < 4; k++) {
		if (!(*lists[k] = malloc(((size_t)sizes[k] + 1) * sizeof(int32_t))))
			return co_error_set(CO_ENOMEM, "out of memory placing synthetic orgs");
		memset(*lists[k], 0xff, ((size_t)sizes[k] + 1) * sizeof(int32_t));
	}
	/* Each NGO picks at most 2 earlier NGOs (two list entries per pick);
	 * each local picks at most one NGO.  A chapter's candidates: at most
	 * 5 partner chapters x 3 NGOs, plus the lists of its picks, which are
	 * distinct orgs and so hold at most every entry of the adjacency. */
	if ((status = adjacency_alloc(&g->ngo_ngo, n_ngo, 4 * n_ngo)) ||
	    (status = adjacency_alloc(&g->ngo_locals, n_ngo, g->n_local)))
		return status;
	if (!(g->cand = malloc((size_t)(16 + 4 * n_ngo + g->n_local) * sizeof(int32_t))) ||
	    !(g->joined = malloc((size_t)g->n_chapters * sizeof(int64_t))))
		return co_error_set(CO_ENOMEM, "out of memory placing synthetic orgs");
	size_t n = (size_t)g->n_chapters + 1;
	if (!(g->ch_partners = calloc(n * SYNTH_YEARS, sizeof(int16_t))) ||
	    !(g->ch_union_start = malloc(n * sizeof(int32_t))) ||
	    !(g->ch_union_end = malloc(n * sizeof(int32_t))) ||
	    !(g->ch_founded = calloc(n, sizeof(int32_t))) ||
	    !(g->ch_ended = malloc(n * sizeof(int32_t))))
		return co_error_set(CO_ENOMEM, "out of memory placing synthetic orgs");
	for (size_t i = 0; i < n; i++) {
		g->ch_union_start[i] = INT32_MAX;
		g->ch_union_end[i] = -1;
		g->ch_ended[i] = -1;
	}
	return CO_OK;
}

/* ---- rows ------------------------------------------------------------------ */

/* One output line, built in memory and written with one fwrite. */
typedef struct {
	char buf[1024];
	size_t n;
} line;

static void put_mem(line *l, const char *s, size_t n)
{
	if (l->n + n > sizeof(l->buf))
		n = sizeof(l->buf) - l->n; /* cannot happen with our short fields */
	memcpy(l->buf + l->n, s, n);
	l->n += n;
}

static void put(line *l, const char *s)
{
	put_mem(l, s, strlen(s));
}

static void put_char(line *l, char c)
{
	if (l->n < sizeof(l->buf)) /* as put_mem; a plain store keeps -O3's
	                              memcpy size analysis quiet */
		l->buf[l->n++] = c;
}

/* A CSV field, quoted when it holds a comma, quote or line break. */
static void put_field(line *l, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		put(l, s);
		return;
	}
	put_char(l, '"');
	for (; *s; s++) {
		if (*s == '"')
			put_char(l, '"');
		put_char(l, *s);
	}
	put_char(l, '"');
}

static void put_int(line *l, int64_t v)
{
	char tmp[24];
	int n = 0;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	do
		tmp[n++] = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	if (v < 0)
		put_char(l, '-');
	while (n > 0)
		put_char(l, tmp[--n]);
}

/* v zero-padded to `width` digits (v >= 0). */
static void put_padded(line *l, int64_t v, int width)
{
	char tmp[24];
	int n = 0;

	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) > 0 || n < width);
	while (n > 0)
		put_char(l, tmp[--n]);
}

/* A coordinate in 1e-5 degree as a decimal with five places. */
static void put_coord(line *l, int32_t e5)
{
	int64_t v = e5;

	if (v < 0) {
		put_char(l, '-');
		v = -v;
	}
	put_int(l, v / 100000);
	put_char(l, '.');
	put_padded(l, v % 100000, 5);
}

static void put_key(line *l, org_class c, int64_t i)
{
	switch (c) {
	case ORG_NATIONAL: put(l, national_keys[i]); return;
	case ORG_NGO: put(l, "ngo-"); put_padded(l, i, 5); return;
	case ORG_INTL: put(l, "intl-"); put_padded(l, i, 3); return;
	case ORG_LOCAL: put(l, "local-"); put_padded(l, i, 6); return;
	case ORG_COMMUNITY: put(l, "comm-"); put_padded(l, i, 6); return;
	case ORG_CHAPTER: put(l, "ch-"); put_padded(l, i, 6); return;
	}
}

static void put_month(line *l, int64_t year, int64_t month)
{
	put_int(l, year);
	put_char(l, '-');
	put_padded(l, month, 2);
}

static void put_day(line *l, rng *r, int64_t first_year, int64_t last_year)
{
	put_month(l, rng_range(r, first_year, last_year), rng_range(r, 1, 12));
	put_char(l, '-');
	put_padded(l, rng_range(r, 1, 28), 2);
}

static void put_source_key(line *l, int64_t k)
{
	put(l, "src-");
	put_padded(l, k, 6);
}

/* An output file: written under a temporary name, renamed at the end. */
typedef struct {
	const char *name;
	char *final_path, *tmp_path;
	FILE *f;
	int failed;
} out_file;

static void emit(out_file *o, line *l)
{
	put_char(l, '\n');
	if (fwrite(l->buf, 1, l->n, o->f) != l->n)
		o->failed = errno ? errno : EIO;
	l->n = 0;
}

/* ---- orgs.csv ------------------------------------------------------------ */

static void org_row(out_file *o, line *l, org_class c, int64_t i, const char *name,
                    const char *kind, org_class parent_class, int64_t parent, int city,
                    int32_t lat, int32_t lon, int64_t founded, const char *issues,
                    int64_t ended, gen *g)
{
	char town[64];
	int s = 0;

	while (g->city_first[s + 1] <= city)
		s++;
	city_name(town, sizeof(town), g, city);
	put_key(l, c, i);
	put_char(l, ',');
	put_field(l, name);
	put_char(l, ',');
	put(l, kind);
	put_char(l, ',');
	if (parent >= 0)
		put_key(l, parent_class, parent);
	put_char(l, ',');
	put(l, states[s].postal);
	put_char(l, ',');
	put_field(l, town);
	put_char(l, ',');
	put_coord(l, lat);
	put_char(l, ',');
	put_coord(l, lon);
	put_char(l, ',');
	put_int(l, founded);
	put_char(l, ',');
	put_field(l, issues);
	put_char(l, ',');
	if (ended >= 0) {
		put_month(l, ended / 12, ended % 12 + 1);
		g->counts.ended++;
	}
	emit(o, l);
	g->counts.orgs++;
}

/* A point near a city: within 0.04 degree, less in a small state. */
static void near_city(gen *g, rng *r, int city, int32_t *lat, int32_t *lon)
{
	int s = 0;
	int64_t rlat, rlon;

	while (g->city_first[s + 1] <= city)
		s++;
	rlat = min64(states[s].rad_lat / 8, 4000);
	rlon = rlat * states[s].rad_lon / states[s].rad_lat;
	*lat = g->city_lat[city];
	*lon = g->city_lon[city];
	rng_disc(r, lat, lon, rlat, rlon);
}

/* A chapter with a union tie active in its first year (from its founding,
 * 1 January of the founding year, to the first anniversary). */
static int union_in_first_year(const gen *g, int64_t i)
{
	int64_t founded = g->ch_founded[i];
	return g->ch_union_start[i] <= (founded + 1) * 12 &&
	       (g->ch_union_end[i] < 0 || g->ch_union_end[i] >= founded * 12);
}

/* The planted retention effect: each year after its founding a chapter
 * ends with probability CO_SYNTH_END_UNION_PERMILLE if it had a union tie
 * in its first year, else CO_SYNTH_END_PERMILLE.  Returns the ending as
 * year*12 + month-1, or -1 while open (also kept in ch_ended). */
static int64_t chapter_ending(gen *g, rng *r, int64_t i)
{
	int hazard = union_in_first_year(g, i) ? CO_SYNTH_END_UNION_PERMILLE : CO_SYNTH_END_PERMILLE;
	for (int64_t y = g->ch_founded[i] + 1; y <= SYNTH_LAST_YEAR; y++)
		if (rng_permille(r, hazard)) {
			g->ch_ended[i] = (int32_t)(y * 12 + rng_range(r, 0, 11));
			return g->ch_ended[i];
		}
	return -1;
}

static void write_orgs(gen *g, out_file *o)
{
	char name[256], town[64];
	int32_t lat, lon;
	line l = {{0}, 0};
	rng r, outcomes;

	rng_seed(&r, g->seed, STREAM_ORGS);
	rng_seed(&outcomes, g->seed, STREAM_OUTCOMES);
	put(&l, "key,name,kind,parent,state,city,lat,lon,founded,issues,ended");
	emit(o, &l);
	for (int k = 0; k < 3; k++)
		org_row(o, &l, ORG_NATIONAL, k, national_names[k], "national", ORG_NATIONAL, -1,
		        g->city_first[g->dc], states[g->dc].lat, states[g->dc].lon,
		        k == NATL_ACTION ? 2017 : 2016, national_issues[k], -1, g);
	g->counts.nationals = 3;
	for (int64_t k = 0; k < g->n_ngo_nat; k++) {
		if (k < 128)
			snprintf(name, sizeof(name), "%s %s", causes[k % 16], ngo_forms[k / 16]);
		else
			snprintf(name, sizeof(name), "%s %s %d", causes[k % 16], ngo_forms[(k / 16) % 8],
			         (int)(k / 128) + 1);
		near_city(g, &r, g->ngo_city[k], &lat, &lon);
		org_row(o, &l, ORG_NGO, k, name, "ngo", ORG_NGO, -1, g->ngo_city[k], lat, lon,
		        rng_range(&r, 1950, 2015), cause_issues[k % 16], -1, g);
	}
	for (int64_t a = 0; a < g->n_ngo_aff; a++) {
		int64_t k = g->n_ngo_nat + a, p = g->aff_parent[a];
		char parent_name[200];
		if (p < 128)
			snprintf(parent_name, sizeof(parent_name), "%s %s", causes[p % 16], ngo_forms[p / 16]);
		else
			snprintf(parent_name, sizeof(parent_name), "%s %s %d", causes[p % 16],
			         ngo_forms[(p / 16) % 8], (int)(p / 128) + 1);
		snprintf(name, sizeof(name), "%s %s", parent_name, states[g->ngo_state[k]].name);
		near_city(g, &r, g->ngo_city[k], &lat, &lon);
		org_row(o, &l, ORG_NGO, k, name, "ngo", ORG_NGO, p, g->ngo_city[k], lat, lon,
		        rng_range(&r, 1970, 2020), cause_issues[p % 16], -1, g);
	}
	g->counts.ngos = g->n_ngo_nat + g->n_ngo_aff;
	for (int64_t u = 0; u < g->n_intl; u++) {
		int city = g->city_first[g->intl_state[u]];
		snprintf(name, sizeof(name), "%s %s", trades[u % 20], union_forms[(u / 20) % 3]);
		near_city(g, &r, city, &lat, &lon);
		org_row(o, &l, ORG_INTL, u, name, "union", ORG_INTL, -1, city, lat, lon,
		        rng_range(&r, 1880, 1980), "labor", -1, g);
	}
	for (int64_t k = 0; k < g->n_local; k++) {
		snprintf(name, sizeof(name), "%s Local %d", trades[g->local_parent[k] % 20],
		         (int)g->local_number[k]);
		near_city(g, &r, g->local_city[k], &lat, &lon);
		org_row(o, &l, ORG_LOCAL, k, name, "union", ORG_INTL, g->local_parent[k],
		        g->local_city[k], lat, lon, rng_range(&r, 1900, 2020), "labor", -1, g);
	}
	g->counts.unions = g->n_intl + g->n_local;
	for (int64_t k = 0; k < g->n_comm; k++) {
		int t = (int)rng_below(&r, 10);
		city_name(town, sizeof(town), g, g->comm_city[k]);
		if (t == 4) /* "Comité de Vecinos de Town" */
			snprintf(name, sizeof(name), "%s %s", community_types[t], town);
		else
			snprintf(name, sizeof(name), "%s %s", town, community_types[t]);
		near_city(g, &r, g->comm_city[k], &lat, &lon);
		org_row(o, &l, ORG_COMMUNITY, k, name, "community", ORG_COMMUNITY, -1,
		        g->comm_city[k], lat, lon, rng_range(&r, 1990, 2025), community_issues[t], -1, g);
	}
	g->counts.community = g->n_comm;
	for (int64_t i = 0; i < g->n_chapters; i++) {
		int city = g->ch_city[i];
		int32_t nth = ++g->city_chapters[city];
		int x = (int)rng_below(&r, 1000);
		city_name(town, sizeof(town), g, city);
		if (nth == 1)
			snprintf(name, sizeof(name), "Indivisible %s", town);
		else
			snprintf(name, sizeof(name), "Indivisible %s %d", town, (int)nth);
		near_city(g, &r, city, &lat, &lon);
		/* Most chapters formed in 2017; some predate national staffing. */
		g->ch_founded[i] = (int32_t)(x < 60 ? 2016 : x < 800 ? 2017 : rng_range(&r, 2018, 2025));
		int64_t ended = chapter_ending(g, &outcomes, i);
		org_row(o, &l, ORG_CHAPTER, i, name, "chapter", ORG_NATIONAL, NATL_PROJECT, city,
		        lat, lon, g->ch_founded[i], "", ended, g);
		if (g->options->progress && (i + 1) % 50000 == 0)
			g->options->progress(g->options->progress_ctx, "orgs", i + 1, g->n_chapters);
	}
	g->counts.chapters = g->n_chapters;
}

/* ---- ties.csv ------------------------------------------------------------- */

typedef struct {
	org_class c;
	int64_t i;
} org_ref;

/* Counts a collaboration tie (start and end as year*12 + month-1, end -1
 * when open) among its chapter ends' partners at each year's end (a tie
 * whose end month is December is still active on the 31st), and notes a
 * chapter's union tie. */
static void note_partners(gen *g, org_ref a, org_ref b, int64_t start, int64_t end)
{
	org_ref ends[2] = {a, b};
	for (int e = 0; e < 2; e++) {
		if (ends[e].c != ORG_CHAPTER)
			continue;
		int64_t i = ends[e].i;
		for (int y = SYNTH_FIRST_YEAR; y <= SYNTH_LAST_YEAR; y++) {
			int64_t year_end = (int64_t)y * 12 + 11;
			if (start <= year_end && (end < 0 || end >= year_end))
				g->ch_partners[i * SYNTH_YEARS + (y - SYNTH_FIRST_YEAR)]++;
		}
		org_class other = ends[1 - e].c;
		if (other == ORG_LOCAL || other == ORG_INTL) {
			g->ch_union_start[i] = (int32_t)start;
			g->ch_union_end[i] = (int32_t)end;
		}
	}
}

static void tie_row(gen *g, out_file *o, rng *r, org_ref a, org_ref b, const char *kind,
                    int sign, int directed, int sources_permille)
{
	line l = {{0}, 0};
	/* Friction starts once endorsements began; the national entities are
	 * affiliated from the start. */
	int64_t year = rng_range(r, sign < 0 ? 2018 : 2017, 2026), month = rng_range(r, 1, 12);

	if (strcmp(kind, "affiliation") == 0)
		year = 2017;

	put_key(&l, a.c, a.i);
	put_char(&l, ',');
	put_key(&l, b.c, b.i);
	put_char(&l, ',');
	put(&l, kind);
	put(&l, sign < 0 ? ",-1," : ",1,");
	put_int(&l, rng_range(r, 1, 5));
	put_char(&l, ',');
	put_month(&l, year, month);
	put_char(&l, ',');
	int64_t end_ym = -1;
	if (rng_permille(r, 250)) {
		int64_t end = year * 12 + (month - 1) + rng_range(r, 1, 36);
		if (end <= 2026 * 12 + 11) {
			put_month(&l, end / 12, end % 12 + 1);
			end_ym = end;
		}
	}
	if (sign > 0)
		note_partners(g, a, b, year * 12 + (month - 1), end_ym);
	put(&l, directed ? ",1," : ",0,");
	if (rng_permille(r, sources_permille)) {
		int64_t s1 = (int64_t)rng_below(r, (uint64_t)g->n_sources);
		put_source_key(&l, s1);
		g->counts.tie_sources++;
		if (rng_permille(r, 300)) {
			int64_t s2 = (int64_t)rng_below(r, (uint64_t)g->n_sources);
			if (s2 != s1) {
				put_char(&l, ';');
				put_source_key(&l, s2);
				g->counts.tie_sources++;
			}
		}
	}
	emit(o, &l);
	g->counts.ties++;
	if (sign < 0)
		g->counts.negative++;
}

static org_ref ref(org_class c, int64_t i)
{
	org_ref x = {c, i};
	return x;
}

/* An NGO for an org of state s: an affiliate there (affiliate_permille of
 * the time, when the state has one), else a national hub by Zipf weight. */
static int64_t pick_ngo(gen *g, rng *r, int s, int affiliate_permille)
{
	if (rng_permille(r, affiliate_permille) && group_size(&g->aff_by_state, s) > 0)
		return g->n_ngo_nat + group_pick(&g->aff_by_state, s, r);
	return rng_weighted(r, g->ngo_cum, g->n_ngo_nat);
}

static int seen(const int64_t *picked, int n, int64_t x)
{
	for (int k = 0; k < n; k++)
		if (picked[k] == x)
			return 1;
	return 0;
}

static int seen32(const int32_t *picked, int n, int64_t x)
{
	for (int k = 0; k < n; k++)
		if (picked[k] == x)
			return 1;
	return 0;
}

/* Triadic closure.  The candidates for a chapter's next NGO, into g->cand
 * (one entry per route, so an NGO that several partners share is likelier):
 * the NGO partners of its partner chapters (earlier chapters it has a
 * positive tie with, whose picks are all made), and the NGO partners
 * (coalition ties, either way) of the NGOs it has picked so far that are
 * national hubs or in its state `s`; never one of its own `np` picks mine.
 * Returns how many. */
static int ngo_candidates(gen *g, int s, const int64_t *partners, int n_partners,
                          const int32_t *mine, int np)
{
	int n = 0;

	for (int p = 0; p < n_partners; p++)
		for (int t = 0; t < 3; t++) {
			int32_t x = g->ch_ngo[3 * partners[p] + t];
			if (x >= 0 && !seen32(mine, np, x))
				g->cand[n++] = x;
		}
	for (int k = 0; k < np; k++)
		for (int32_t e = g->ngo_ngo.start[mine[k]]; e < g->ngo_ngo.start[mine[k] + 1]; e++) {
			int32_t x = g->ngo_ngo.items[e];
			if ((x < g->n_ngo_nat || g->ngo_state[x] == s) && !seen32(mine, np, x))
				g->cand[n++] = x;
		}
	return n;
}

/* The same for a chapter's union local: the locals of its partner
 * chapters, and the locals of state s tied to the NGOs it has picked. */
static int local_candidates(gen *g, int s, const int64_t *partners, int n_partners,
                            const int32_t *mine, int np)
{
	int n = 0;

	for (int p = 0; p < n_partners; p++)
		if (g->ch_local[partners[p]] >= 0)
			g->cand[n++] = g->ch_local[partners[p]];
	for (int k = 0; k < np; k++)
		for (int32_t e = g->ngo_locals.start[mine[k]]; e < g->ngo_locals.start[mine[k] + 1];
		     e++) {
			int32_t x = g->ngo_locals.items[e];
			if (g->local_state[x] == s)
				g->cand[n++] = x;
		}
	return n;
}

static void write_ties(gen *g, out_file *o)
{
	line l = {{0}, 0};
	int64_t n_ngo = g->n_ngo_nat + g->n_ngo_aff, picked[8];
	rng r;

	rng_seed(&r, g->seed, STREAM_TIES);
	put(&l, "source,target,kind,sign,weight,start,end,directed,sources");
	emit(o, &l);

	/* The national entities among themselves. */
	tie_row(g, o, &r, ref(ORG_NATIONAL, NATL_PROJECT), ref(ORG_NATIONAL, NATL_CIVICS),
	        "affiliation", 1, 0, 1000);
	tie_row(g, o, &r, ref(ORG_NATIONAL, NATL_PROJECT), ref(ORG_NATIONAL, NATL_ACTION),
	        "affiliation", 1, 0, 1000);
	tie_row(g, o, &r, ref(ORG_NATIONAL, NATL_CIVICS), ref(ORG_NATIONAL, NATL_ACTION),
	        "affiliation", 1, 0, 1000);

	/* National NGOs with the nationals; NGOs among themselves (each picks
	 * up to two earlier NGOs: affiliates of its state, or hubs). */
	for (int64_t k = 0; k < g->n_ngo_nat; k++) {
		if (rng_permille(&r, 500))
			tie_row(g, o, &r, ref(ORG_NATIONAL, NATL_PROJECT), ref(ORG_NGO, k),
			        "partnership", 1, 0, SRC_NATIONAL_NGO);
		if (rng_permille(&r, 200))
			tie_row(g, o, &r, ref(ORG_NATIONAL, NATL_ACTION), ref(ORG_NGO, k),
			        "electoral", 1, 0, SRC_NATIONAL_NGO);
	}
	for (int64_t k = 0; k < n_ngo; k++) {
		int n_picks = (int)rng_below(&r, 3), np = 0, s = g->ngo_state[k];
		int64_t parent = k >= g->n_ngo_nat ? g->aff_parent[k - g->n_ngo_nat] : -1;
		for (int t = 0; t < n_picks; t++) {
			int64_t j;
			if (k >= g->n_ngo_nat && rng_permille(&r, 600)) {
				int32_t before = g->aff_by_state.pos[k - g->n_ngo_nat];
				if (before == 0)
					continue;
				j = g->n_ngo_nat + g->aff_by_state.items[g->aff_by_state.start[s] +
				                                         (int32_t)rng_below(&r, (uint64_t)before)];
			} else {
				j = rng_weighted(&r, g->ngo_cum, g->n_ngo_nat);
			}
			if (j >= k || j == parent || seen(picked, np, j))
				continue;
			g->ngo_pick[2 * k + np] = (int32_t)j;
			picked[np++] = j;
			tie_row(g, o, &r, ref(ORG_NGO, k), ref(ORG_NGO, j), "coalition", 1, 0,
			        SRC_NGO_NGO);
		}
	}
	adjacency_build(&g->ngo_ngo, g->ngo_pick, n_ngo, 2, 1);

	/* Unions: a few internationals with the national project and hubs;
	 * locals with an NGO or a community group of their state. */
	for (int64_t u = 0; u < g->n_intl; u++) {
		if (rng_permille(&r, 150))
			tie_row(g, o, &r, ref(ORG_NATIONAL, NATL_PROJECT), ref(ORG_INTL, u),
			        "partnership", 1, 0, SRC_INTL);
		if (rng_permille(&r, 200))
			tie_row(g, o, &r, ref(ORG_INTL, u),
			        ref(ORG_NGO, rng_weighted(&r, g->ngo_cum, g->n_ngo_nat)),
			        "coalition", 1, 0, SRC_INTL);
	}
	for (int64_t k = 0; k < g->n_local; k++) {
		int s = g->local_state[k];
		if (rng_permille(&r, 300)) {
			int64_t j = pick_ngo(g, &r, s, 700);
			g->local_ngo[k] = (int32_t)j;
			tie_row(g, o, &r, ref(ORG_LOCAL, k), ref(ORG_NGO, j), "coalition", 1, 0,
			        SRC_UNION);
		}
		if (rng_permille(&r, 100) && group_size(&g->comm_by_state, s) > 0)
			tie_row(g, o, &r, ref(ORG_LOCAL, k),
			        ref(ORG_COMMUNITY, group_pick(&g->comm_by_state, s, &r)),
			        "partnership", 1, 0, SRC_UNION);
	}
	for (int64_t k = 0; k < g->n_comm; k++)
		if (rng_permille(&r, 400))
			tie_row(g, o, &r, ref(ORG_COMMUNITY, k),
			        ref(ORG_NGO, pick_ngo(g, &r, g->comm_state[k], 700)), "coalition", 1, 0,
			        SRC_COMMUNITY);
	adjacency_build(&g->ngo_locals, g->local_ngo, g->n_local, 1, 0);

	/* Chapters. */
	for (int64_t i = 0; i < g->n_chapters; i++) {
		int s = g->ch_state[i], c = g->ch_city[i], n_picks, np = 0, n_partners = 0, n_cand;
		int64_t partners[8];
		int32_t *my_ngo = g->ch_ngo + 3 * i;
		org_ref me = ref(ORG_CHAPTER, i);

		/* Earlier chapters of the same city (mostly) or state. */
		n_picks = (int)rng_below(&r, 6);
		for (int t = 0; t < n_picks; t++) {
			const groups *gr = rng_permille(&r, 700) ? &g->ch_by_city : &g->ch_by_state;
			int k = gr == &g->ch_by_city ? c : s;
			int32_t before = gr->pos[i];
			int64_t j;
			if (before == 0)
				continue;
			j = gr->items[gr->start[k] + (int32_t)rng_below(&r, (uint64_t)before)];
			if (seen(picked, np, j))
				continue;
			picked[np++] = j;
			if (rng_permille(&r, CO_SYNTH_LOCAL_FRICTION_PERMILLE)) {
				tie_row(g, o, &r, me, ref(ORG_CHAPTER, j), "friction", -1, 0,
				        SRC_LOCAL_FRICTION);
			} else {
				partners[n_partners++] = j;
				tie_row(g, o, &r, me, ref(ORG_CHAPTER, j), pick_kind(&r, chapter_kinds), 1,
				        0, SRC_CHAPTER);
			}
		}
		/* NGOs: friends of friends (CO_SYNTH_CLOSURE_PERMILLE of the picks
		 * that have any), else state affiliates or national hubs. */
		n_picks = (int)rng_below(&r, 4);
		np = 0;
		for (int t = 0; t < n_picks; t++) {
			int64_t j;
			n_cand = ngo_candidates(g, s, partners, n_partners, my_ngo, np);
			if (n_cand > 0 && rng_permille(&r, CO_SYNTH_CLOSURE_PERMILLE)) {
				j = g->cand[rng_below(&r, (uint64_t)n_cand)];
			} else {
				j = pick_ngo(g, &r, s, 550);
				if (seen32(my_ngo, np, j))
					continue;
			}
			my_ngo[np++] = (int32_t)j;
			tie_row(g, o, &r, me, ref(ORG_NGO, j), pick_kind(&r, ngo_kinds), 1, 0, SRC_NGO);
		}
		if (rng_permille(&r, CO_SYNTH_COMMUNITY_PERMILLE) && group_size(&g->comm_by_state, s))
			tie_row(g, o, &r, me, ref(ORG_COMMUNITY, group_pick(&g->comm_by_state, s, &r)),
			        pick_kind(&r, community_kinds), 1, 0, SRC_COMMUNITY);
		/* A union local: a friend of a friend in the state (the same
		 * closure rate), else uniform in the state. */
		if (rng_permille(&r, CO_SYNTH_UNION_PERMILLE) && group_size(&g->local_by_state, s)) {
			int64_t j;
			n_cand = local_candidates(g, s, partners, n_partners, my_ngo, np);
			if (n_cand > 0 && rng_permille(&r, CO_SYNTH_CLOSURE_PERMILLE))
				j = g->cand[rng_below(&r, (uint64_t)n_cand)];
			else
				j = group_pick(&g->local_by_state, s, &r);
			g->ch_local[i] = (int32_t)j;
			tie_row(g, o, &r, me, ref(ORG_LOCAL, j), pick_kind(&r, union_kinds), 1, 0,
			        SRC_UNION);
		}
		/* The national entities. */
		if (rng_permille(&r, CO_SYNTH_TRAINING_PERMILLE))
			tie_row(g, o, &r, ref(ORG_NATIONAL, NATL_CIVICS), me, "training", 1, 1,
			        SRC_NATIONAL);
		if (rng_permille(&r, CO_SYNTH_DAY_OF_ACTION_PERMILLE))
			tie_row(g, o, &r, ref(ORG_NATIONAL, NATL_PROJECT), me, "day_of_action", 1, 0,
			        SRC_NATIONAL);
		if (rng_permille(&r, CO_SYNTH_ELECTORAL_PERMILLE))
			tie_row(g, o, &r, ref(ORG_NATIONAL, NATL_ACTION), me, "electoral", 1, 0,
			        SRC_NATIONAL);
		/* Friction with national staff, concentrated on dissident chapters. */
		if (rng_permille(&r, CO_SYNTH_DISSIDENT_PERMILLE)) {
			tie_row(g, o, &r, ref(ORG_NATIONAL, NATL_PROJECT), me, "friction", -1, 0,
			        SRC_NATIONAL_FRICTION);
			if (rng_permille(&r, CO_SYNTH_DISSIDENT_ACTION_PERMILLE))
				tie_row(g, o, &r, ref(ORG_NATIONAL, NATL_ACTION), me, "friction", -1, 0,
				        SRC_NATIONAL_FRICTION);
		}
		if (g->options->progress && (i + 1) % 50000 == 0)
			g->options->progress(g->options->progress_ctx, "ties", i + 1, g->n_chapters);
	}
}

/* ---- events.csv and participation.csv ------------------------------------- */

static void participation_row(gen *g, out_file *o, line *l, const char *event_prefix,
                              int64_t event, int width, org_ref who, const char *role)
{
	put(l, event_prefix);
	put_padded(l, event, width);
	put_char(l, ',');
	put_key(l, who.c, who.i);
	put_char(l, ',');
	put(l, role);
	emit(o, l);
	g->counts.participation++;
}

static int seen_ref(const org_ref *list, int n, org_ref x)
{
	for (int k = 0; k < n; k++)
		if (list[k].c == x.c && list[k].i == x.i)
			return 1;
	return 0;
}

/* What an events.csv row has beyond key, name and kind. */
typedef struct {
	int64_t year, month, day; /* month 0: a random day of 2017-2026; day 0: the month only */
	int state, city;          /* state -1: none */
	int64_t campaign;         /* the year of its day of action, 0 for none */
	int64_t turnout;          /* people, 0 for no estimate */
} event_info;

static void event_row(gen *g, out_file *o, line *l, const char *prefix, int64_t key,
                      int width, const char *name, const char *kind, rng *r,
                      const event_info *info)
{
	char town[64] = "";

	put(l, prefix);
	put_padded(l, key, width);
	put_char(l, ',');
	put_field(l, name);
	put_char(l, ',');
	put(l, kind);
	put_char(l, ',');
	if (!info->month) {
		put_day(l, r, 2017, 2026);
	} else {
		put_month(l, info->year, info->month);
		if (info->day) {
			put_char(l, '-');
			put_padded(l, info->day, 2);
		}
	}
	put_char(l, ',');
	if (info->state >= 0) {
		city_name(town, sizeof(town), g, info->city);
		put(l, states[info->state].postal);
	}
	put_char(l, ',');
	put_field(l, town);
	put_char(l, ',');
	if (info->campaign) {
		put(l, "day-of-action-");
		put_int(l, info->campaign);
	}
	put_char(l, ',');
	/* low and high a fifth below and above: their midpoint is the turnout */
	if (info->turnout > 0) {
		put_int(l, info->turnout - info->turnout / 5);
		put_char(l, ',');
		put_int(l, info->turnout + info->turnout / 5);
	} else {
		put_char(l, ',');
	}
	emit(o, l);
	g->counts.events++;
}

/* A standard normal draw in thousandths, from integers only: the sum of 12
 * uniforms minus 6 (Irwin-Hall), which has mean 0 and variance 1. */
static int64_t normal_milli(rng *r)
{
	int64_t sum = 0;

	for (int i = 0; i < 12; i++)
		sum += (int64_t)rng_below(r, 1000000);
	return (sum - 6000000) / 1000;
}

/* The planted turnout of a local day-of-action event (synth.h):
 * log(turnout) = base + leads * b_leads + union * b_union + ngo * b_ngo + noise.
 * Everything is integer thousandths until exp(); the result is rounded to
 * whole people, so a last-bit difference between C libraries' exp() could
 * change a turnout only at an exact half, which these values do not hit. */
static int64_t planted_turnout(rng *r, int leads, int has_union, int has_ngo)
{
	int64_t y = CO_SYNTH_TURNOUT_BASE_MILLI + leads * CO_SYNTH_TURNOUT_LEADS_MILLI +
	            has_union * CO_SYNTH_TURNOUT_UNION_MILLI + has_ngo * CO_SYNTH_TURNOUT_NGO_MILLI +
	            normal_milli(r) * CO_SYNTH_TURNOUT_NOISE_MILLI / 1000;

	return llround(exp((double)y / 1000.0));
}

/*
 * The local events of day of action `year` (date year-month-day): each
 * chapter that joined hosts one in its town (lead), with co-leads drawn
 * from its state: a union local, a state NGO affiliate, another chapter
 * (each at its CO_SYNTH_COLEAD_* rate); turnout planted from them.
 */
static void local_day_events(gen *g, out_file *ev, out_file *pa, line *l, int64_t year,
                             int64_t month, int64_t day, const int64_t *joined, size_t n_joined,
                             rng *r)
{
	char name[200], town[64], prefix[16];

	snprintf(prefix, sizeof(prefix), "act-%d-", (int)year);
	for (size_t j = 0; j < n_joined; j++) {
		int64_t host = joined[j];
		int s = g->ch_state[host], leads = 1, has_union = 0, has_ngo = 0;
		org_ref who[4];
		event_info info = {year, month, day, s, g->ch_city[host], year, 0};
		who[0] = ref(ORG_CHAPTER, host);
		if (group_size(&g->local_by_state, s) && rng_permille(r, CO_SYNTH_COLEAD_UNION_PERMILLE)) {
			who[leads++] = ref(ORG_LOCAL, group_pick(&g->local_by_state, s, r));
			has_union = 1;
		}
		if (group_size(&g->aff_by_state, s) && rng_permille(r, CO_SYNTH_COLEAD_NGO_PERMILLE)) {
			who[leads++] = ref(ORG_NGO, g->n_ngo_nat + group_pick(&g->aff_by_state, s, r));
			has_ngo = 1;
		}
		if (rng_permille(r, CO_SYNTH_COLEAD_CHAPTER_PERMILLE)) {
			org_ref x = ref(ORG_CHAPTER, group_pick(&g->ch_by_state, s, r));
			if (!seen_ref(who, leads, x))
				who[leads++] = x;
		}
		info.turnout = planted_turnout(r, leads, has_union, has_ngo);
		city_name(town, sizeof(town), g, g->ch_city[host]);
		snprintf(name, sizeof(name), "Day of action %d, %s", (int)year, town);
		event_row(g, ev, l, prefix, host, 6, name, "day_of_action", r, &info);
		for (int k = 0; k < leads; k++)
			participation_row(g, pa, l, prefix, host, 6, who[k], k ? "co-lead" : "lead");
	}
}

static void write_events(gen *g, out_file *ev, out_file *pa)
{
	char name[200], town[64];
	line l = {{0}, 0};
	org_ref who[16];
	rng r, campaign_rng;

	rng_seed(&r, g->seed, STREAM_EVENTS);
	rng_seed(&campaign_rng, g->seed, STREAM_CAMPAIGNS);
	put(&l, "key,name,kind,date,state,city,campaign,turnout_low,turnout_high");
	emit(ev, &l);
	put(&l, "event,org,role");
	emit(pa, &l);

	/* A national day of action each year, 2017-2026, the campaign
	 * day-of-action-YEAR: the national project leads, the civic arm and a
	 * tenth of the national NGOs partner, 4% of chapters join, and each
	 * chapter that joins hosts a local event of the campaign the same day. */
	for (int64_t year = 2017; year <= 2026; year++) {
		event_info info = {year, rng_range(&r, 3, 10), 0, -1, 0, year, 0};
		size_t n_joined = 0;
		snprintf(name, sizeof(name), "National day of action %d", (int)year);
		event_row(g, ev, &l, "day-", year, 4, name, "day_of_action", &r, &info);
		participation_row(g, pa, &l, "day-", year, 4, ref(ORG_NATIONAL, NATL_PROJECT),
		                  "lead");
		participation_row(g, pa, &l, "day-", year, 4, ref(ORG_NATIONAL, NATL_CIVICS),
		                  "partner");
		for (int64_t k = 0; k < g->n_ngo_nat; k++)
			if (rng_permille(&r, 100))
				participation_row(g, pa, &l, "day-", year, 4, ref(ORG_NGO, k), "partner");
		for (int64_t i = 0; i < g->n_chapters; i++)
			if (rng_permille(&r, 40)) {
				participation_row(g, pa, &l, "day-", year, 4, ref(ORG_CHAPTER, i),
				                  "participant");
				g->joined[n_joined++] = i;
			}
		local_day_events(g, ev, pa, &l, year, info.month, rng_range(&campaign_rng, 1, 28),
		                 g->joined, n_joined, &campaign_rng);
	}

	/* Trainings: one per 100 chapters, run by the civic arm in a host
	 * chapter's state, with up to nine chapters of that state. */
	for (int64_t t = 0; t < max64(1, g->n_chapters / 100); t++) {
		int64_t host = (int64_t)rng_below(&r, (uint64_t)g->n_chapters);
		int s = g->ch_state[host], n = 1, draws = (int)rng_range(&r, 2, 9);
		event_info info = {0, 0, 0, s, g->ch_city[host], 0, 0};
		snprintf(name, sizeof(name), "Organizing training, %s", states[s].name);
		event_row(g, ev, &l, "train-", t, 6, name, "training", &r, &info);
		participation_row(g, pa, &l, "train-", t, 6, ref(ORG_NATIONAL, NATL_CIVICS),
		                  "lead");
		who[0] = ref(ORG_CHAPTER, host);
		participation_row(g, pa, &l, "train-", t, 6, who[0], "participant");
		for (int d = 0; d < draws; d++) {
			org_ref x = ref(ORG_CHAPTER, group_pick(&g->ch_by_state, s, &r));
			if (seen_ref(who, n, x))
				continue;
			who[n++] = x;
			participation_row(g, pa, &l, "train-", t, 6, x, "participant");
		}
	}

	/* Local joint events: one per 5 chapters, hosted by a chapter in its
	 * town, joined by up to five orgs of its state. */
	for (int64_t e = 0; e < max64(1, g->n_chapters / 5); e++) {
		int64_t host = (int64_t)rng_below(&r, (uint64_t)g->n_chapters);
		int s = g->ch_state[host], kind = (int)rng_below(&r, 5), n = 1;
		int draws = (int)rng_range(&r, 1, 5);
		city_name(town, sizeof(town), g, g->ch_city[host]);
		event_info info = {0, 0, 0, s, g->ch_city[host], 0, 0};
		snprintf(name, sizeof(name), "%s, %s", event_labels[kind], town);
		event_row(g, ev, &l, "ev-", e, 6, name, event_kinds[kind], &r, &info);
		who[0] = ref(ORG_CHAPTER, host);
		participation_row(g, pa, &l, "ev-", e, 6, who[0], "lead");
		for (int d = 0; d < draws; d++) {
			int x = (int)rng_below(&r, 1000);
			org_ref o;
			if (x < 600)
				o = ref(ORG_CHAPTER, group_pick(&g->ch_by_state, s, &r));
			else if (x < 800 && group_size(&g->aff_by_state, s))
				o = ref(ORG_NGO, g->n_ngo_nat + group_pick(&g->aff_by_state, s, &r));
			else if (x < 950 && group_size(&g->comm_by_state, s))
				o = ref(ORG_COMMUNITY, group_pick(&g->comm_by_state, s, &r));
			else if (x >= 950 && group_size(&g->local_by_state, s))
				o = ref(ORG_LOCAL, group_pick(&g->local_by_state, s, &r));
			else
				continue;
			if (seen_ref(who, n, o))
				continue;
			who[n++] = o;
			participation_row(g, pa, &l, "ev-", e, 6, o, "participant");
		}
		if (g->options->progress && (e + 1) % 20000 == 0)
			g->options->progress(g->options->progress_ctx, "events", e + 1,
			                     g->n_chapters / 5);
	}
}

/* ---- sources.csv and README.md -------------------------------------------- */

/* ---- observations.csv --------------------------------------------------- */

/* Year effects of the planted growth model, SYNTH_FIRST_YEAR first. */
static const int year_effect[SYNTH_YEARS] = {0, 4, -2, 1, 3, -1, 0, 2, -3, 1, 0};

/* The planted growth effect: a chapter's members at the end of each year it
 * is open, from its founding year on.  The first value is 20-50; each next
 * year adds CO_SYNTH_GROWTH_PER_PARTNER per collaboration partner it had at
 * the previous year's end, plus its own effect (-3..3, fixed per chapter),
 * the year's effect and noise (-4..4), so a regression of the change on
 * the previous year's degree with org and year fixed effects should find
 * CO_SYNTH_GROWTH_PER_PARTNER. */
static void write_observations(gen *g, out_file *o)
{
	line l = {{0}, 0};
	rng r;

	rng_seed(&r, g->seed, STREAM_OUTCOMES + 1);
	put(&l, "org,date,metric,value");
	emit(o, &l);
	for (int64_t i = 0; i < g->n_chapters; i++) {
		int64_t members = rng_range(&r, 20, 50), own = rng_range(&r, -3, 3);
		for (int64_t y = g->ch_founded[i]; y <= SYNTH_LAST_YEAR; y++) {
			if (g->ch_ended[i] >= 0 && g->ch_ended[i] <= y * 12 + 11)
				break; /* ended by the end of the year */
			if (y > g->ch_founded[i])
				members += CO_SYNTH_GROWTH_PER_PARTNER *
				                   g->ch_partners[i * SYNTH_YEARS + (y - 1 - SYNTH_FIRST_YEAR)] +
				           own + year_effect[y - SYNTH_FIRST_YEAR] + rng_range(&r, -4, 4);
			put_key(&l, ORG_CHAPTER, i);
			put_char(&l, ',');
			put_int(&l, y);
			put(&l, "-12-31,members,");
			put_int(&l, members);
			emit(o, &l);
			g->counts.observations++;
		}
	}
}

static void write_sources(gen *g, out_file *o)
{
	char citation[200];
	line l = {{0}, 0};
	rng r;

	rng_seed(&r, g->seed, STREAM_SOURCES);
	put(&l, "key,citation,url,published");
	emit(o, &l);
	for (int64_t k = 0; k < g->n_sources; k++) {
		int s = pick_state(g, &r);
		snprintf(citation, sizeof(citation), "Synthetic source %lld: %s, %s", (long long)k,
		         source_types[rng_below(&r, 6)], states[s].name);
		put_source_key(&l, k);
		put_char(&l, ',');
		put_field(&l, citation);
		put(&l, ",https://example.org/synthetic/");
		put_padded(&l, k, 6);
		put_char(&l, ',');
		put_day(&l, &r, 2017, 2026);
		emit(o, &l);
		g->counts.sources++;
	}
}

static void write_readme(gen *g, out_file *o)
{
	const co_synth_counts *c = &g->counts;

	fprintf(o->f,
	        "# Synthetic coalition ecosystem\n"
	        "\n"
	        "**Everything here is synthetic**, written by `coalition synth`: no org, tie, event or\n"
	        "source describes a real group. Names of national organizations echo the Indivisible\n"
	        "structure (project, civic arm, PAC) only to make the shape familiar.\n"
	        "\n"
	        "Parameters: `coalition --seed %llu synth --chapters %lld` (generator version 3).\n"
	        "The same parameters give byte-identical files.\n"
	        "\n"
	        "| file | rows |\n|---|---|\n"
	        "| orgs.csv | %lld (3 national, %lld chapters, %lld NGOs, %lld unions, %lld community groups) |\n"
	        "| ties.csv | %lld (%lld friction), %lld links to sources |\n"
	        "| events.csv | %lld |\n"
	        "| participation.csv | %lld |\n"
	        "| sources.csv | %lld |\n"
	        "| observations.csv | %lld (chapters' members at each year's end) |\n"
	        "\n"
	        "How it is made (see include/coalition/synth.h for the rates):\n"
	        "- Chapters are placed in states in proportion to the 2020 population and in\n"
	        "  synthetic towns (bigger towns get more chapters), jittered around the state's\n"
	        "  centroid (Natural Earth admin-1 points); every chapter's parent is natl-project.\n"
	        "- NGOs: a tenth are national hubs, the rest state affiliates with a national parent.\n"
	        "  Union locals each have an international union as parent.\n"
	        "- Ties: chapters with earlier chapters of their town or state, with NGOs (more often\n"
	        "  than with unions), community groups, and the national entities (trainings, days of\n"
	        "  action, electoral programs). Friction (sign -1) is mostly between national staff and\n"
	        "  a minority of dissident chapters. Dates run from 2017 to 2026.\n"
	        "- Partners cluster (triadic closure): when a chapter picks an NGO or a union\n"
	        "  local, %d%% of the time (when it has any) it takes a partner of a chapter it\n"
	        "  already works with, or of an NGO it already works with (hubs or its own state),\n"
	        "  else one at random from its state or a national hub. Chapters pick after the\n"
	        "  chapters before them, so a partner's partners are known.\n"
	        "- Sources back part of the ties; union ties have the fewest.\n"
	        "- Planted outcomes, to check `coalition panel` and `outcomes`: %lld chapters end\n"
	        "  (orgs.csv `ended`): each year after its founding a chapter ends with probability\n"
	        "  %d%% if it had a tie to a union in its first year, else %d%%. A chapter's members\n"
	        "  (observations.csv) grow each year by %d per collaboration partner it had at the\n"
	        "  end of the year before, plus a chapter effect, a year effect and noise.\n"
	        "- Each year's national day of action is a campaign (day-of-action-YEAR): the 4%% of\n"
	        "  chapters that join it each lead a local event in their town (act-YEAR-NNNNNN),\n"
	        "  sometimes with a union local, an NGO affiliate or another chapter of their state\n"
	        "  as co-leads. Its turnout is planted: log(turnout) = 4.5 + 0.25 leads + 0.6 union\n"
	        "  + 0.3 ngo + noise (normal, sd 0.5), leads counting the lead and co-leads and\n"
	        "  union/ngo saying whether one is among them; turnout_low and turnout_high are a\n"
	        "  fifth below and above it. `coalition events --section turnout --predictors\n"
	        "  leads,union,ngo` should find those coefficients within its intervals.\n"
	        "\n"
	        "Import it with `coalition import DIR`.\n",
	        (unsigned long long)g->seed, (long long)g->n_chapters, (long long)c->orgs,
	        (long long)c->chapters, (long long)c->ngos, (long long)c->unions,
	        (long long)c->community, (long long)c->ties, (long long)c->negative,
	        (long long)c->tie_sources, (long long)c->events, (long long)c->participation,
	        (long long)c->sources, (long long)c->observations, CO_SYNTH_CLOSURE_PERMILLE / 10,
	        (long long)c->ended, CO_SYNTH_END_UNION_PERMILLE / 10, CO_SYNTH_END_PERMILLE / 10,
	        CO_SYNTH_GROWTH_PER_PARTNER);
}

/* ---- files and the directory --------------------------------------------- */

enum { F_ORGS, F_TIES, F_EVENTS, F_PARTICIPATION, F_SOURCES, F_OBSERVATIONS, F_README, N_FILES };
static const char *const file_names[N_FILES] = {
	"orgs.csv", "ties.csv", "events.csv", "participation.csv", "sources.csv",
	"observations.csv", "README.md",
};

static char *join_path(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/* Checks `dir`: missing (create it), an empty directory, or non-empty with
 * force.  *created says whether this call made it. */
static co_status prepare_dir(const char *dir, int force, int *created)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	int empty = 1;

	*created = 0;
	if (stat(dir, &st) != 0) {
		if (errno != ENOENT)
			return co_error_set(CO_EIO, "cannot use %s: %s", dir, strerror(errno));
		if (mkdir(dir, 0777) != 0)
			return co_error_set(CO_EIO, "cannot create %s: %s", dir, strerror(errno));
		*created = 1;
		return CO_OK;
	}
	if (!S_ISDIR(st.st_mode))
		return co_error_set(CO_EINVAL, "%s exists and is not a directory", dir);
	if (force)
		return CO_OK;
	if (!(d = opendir(dir)))
		return co_error_set(CO_EIO, "cannot read %s: %s", dir, strerror(errno));
	while (empty && (e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			empty = 0;
	closedir(d);
	if (!empty)
		return co_error_set(CO_EINVAL, "%s is not empty (use --force to replace its files)",
		                    dir);
	return CO_OK;
}

static co_status open_tmp(out_file *o, const char *dir, const char *name)
{
	char *tmpl_name = malloc(strlen(name) + 16);
	int fd;

	o->name = name;
	if (!tmpl_name)
		return co_error_set(CO_ENOMEM, "out of memory");
	sprintf(tmpl_name, ".%s.tmp-XXXXXX", name);
	o->tmp_path = join_path(dir, tmpl_name);
	o->final_path = join_path(dir, name);
	free(tmpl_name);
	if (!o->tmp_path || !o->final_path)
		return co_error_set(CO_ENOMEM, "out of memory");
	if ((fd = mkstemp(o->tmp_path)) < 0) {
		int err = errno;
		free(o->tmp_path);
		o->tmp_path = NULL;
		return co_error_set(CO_EIO, "cannot write in %s: %s", dir, strerror(err));
	}
	fchmod(fd, 0644);
	if (!(o->f = fdopen(fd, "w"))) {
		close(fd);
		return co_error_set(CO_EIO, "cannot write %s: %s", o->tmp_path, strerror(errno));
	}
	setvbuf(o->f, NULL, _IOFBF, 1 << 16);
	return CO_OK;
}

static co_status close_tmp(out_file *o)
{
	int failed = o->failed || ferror(o->f);

	if (fclose(o->f) != 0 && !failed)
		failed = errno ? errno : EIO;
	o->f = NULL;
	if (failed)
		return co_error_set(CO_EIO, "cannot write %s: %s", o->final_path,
		                    strerror(o->failed ? o->failed : EIO));
	return CO_OK;
}

void co_synth_options_init(co_synth_options *options)
{
	memset(options, 0, sizeof(*options));
	options->chapters = 2000;
	options->seed = 1;
}

co_status co_synth_write(co_synth_counts *counts, const char *dir,
                         const co_synth_options *options)
{
	out_file files[N_FILES];
	co_status status = CO_OK;
	int created = 0, committed = 0;
	gen g;

	memset(files, 0, sizeof(files));
	memset(&g, 0, sizeof(g));
	if (counts)
		memset(counts, 0, sizeof(*counts));
	if (options->chapters < 1 || options->chapters > CO_SYNTH_MAX_CHAPTERS)
		return co_error_set(CO_EINVAL, "the chapter count must be between 1 and %d, not %lld",
		                    CO_SYNTH_MAX_CHAPTERS, (long long)options->chapters);
	if ((status = prepare_dir(dir, options->force, &created)))
		return status;
	g.seed = options->seed;
	g.n_chapters = options->chapters;
	g.options = options;
	if ((status = gen_place(&g)) || (status = gen_alloc_closure(&g)))
		goto done;
	for (int k = 0; k < N_FILES; k++)
		if ((status = open_tmp(&files[k], dir, file_names[k])))
			goto done;
	/* Ties before orgs: a chapter's ending depends on its union tie.  Each
	 * file draws from its own stream, so the order changes no other row. */
	write_ties(&g, &files[F_TIES]);
	write_orgs(&g, &files[F_ORGS]);
	write_events(&g, &files[F_EVENTS], &files[F_PARTICIPATION]);
	write_sources(&g, &files[F_SOURCES]);
	write_observations(&g, &files[F_OBSERVATIONS]);
	write_readme(&g, &files[F_README]);
	for (int k = 0; k < N_FILES; k++)
		if ((status = close_tmp(&files[k])))
			goto done;
	for (int k = 0; k < N_FILES; k++)
		if (rename(files[k].tmp_path, files[k].final_path) != 0) {
			status = co_error_set(CO_EIO, "cannot rename %s to %s: %s", files[k].tmp_path,
			                      files[k].final_path, strerror(errno));
			goto done;
		}
	committed = 1;
	if (counts)
		*counts = g.counts;
done:
	for (int k = 0; k < N_FILES; k++) {
		if (files[k].f)
			fclose(files[k].f);
		if (!committed && files[k].tmp_path)
			unlink(files[k].tmp_path);
		free(files[k].tmp_path);
		free(files[k].final_path);
	}
	if (!committed && created)
		rmdir(dir);
	gen_free(&g);
	return status;
}
