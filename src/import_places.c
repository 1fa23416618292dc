/*
 * import_places.c - the states and provinces an import accepts, their points, and
 * the gazetteer that places a city (DESIGN.md section 3).
 *
 * States: the 50 US states and DC, whose points are the Natural Earth
 * centroids shipped in datasets/geo/us_state_centroids.csv (copied here, so
 * the library needs no data file); Puerto Rico and the inhabited US
 * territories, and Canada's provinces and territories, whose points are
 * their capitals' coordinates (GeoNames, as libgeonames holds them, or
 * GeoNames' record for the three capitals under 15,000 people: Iqaluit,
 * Pago Pago, Saipan).
 *
 * Cities: libgeonames compiles GeoNames' cities of 15,000 people or more
 * into the library (24,361; 3,144 in the US, 238 in Canada).  Its query
 * function matches prefixes across the world and runs through GIO's
 * asynchronous machinery; an import asks one exact question per org, so
 * the US, Canadian and territorial cities (about 3,400) are read once into
 * a sorted array of (state, folded name) and searched by bisection.
 * GeoNames files Puerto Rico, Guam and the Virgin Islands as countries:
 * their cities are filed here under the territory's code.
 */
#include "import_places.h"

#include <geonames/geonames.h>
#include <glib.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const co_state_info states[] = {
#include "import_places_states.inc"
};
#define N_STATES (sizeof(states) / sizeof(states[0]))

/* Other names people write for a state (folded as co_places_fold does). */
static const struct { const char *name, *code; } state_aliases[] = {
	{"washington dc", "DC"}, {"washington d c", "DC"}, {"d c", "DC"},
	{"us virgin islands", "VI"}, {"u s virgin islands", "VI"},
	{"virgin islands of the united states", "VI"},
	{"commonwealth of the northern mariana islands", "MP"},
	{"commonwealth of puerto rico", "PR"},
	{"yukon territory", "YT"}, {"newfoundland", "NL"},
};

/* ------------------------------------------------------------------ */
/* Folding and distances.                                               */

char *co_places_fold(const char *text)
{
	char *ascii = g_str_to_ascii(text, "C"), *out;
	size_t o = 0;
	int space = 0;

	if (!ascii || !(out = malloc(strlen(ascii) + 1))) {
		g_free(ascii);
		return NULL;
	}
	for (const char *p = ascii; *p; p++) {
		char c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (space && o > 0)
				out[o++] = ' ';
			space = 0;
			out[o++] = c;
		} else if (c != '\'') {
			space = 1; /* "St. John's" -> "st johns" */
		}
	}
	out[o] = '\0';
	g_free(ascii);
	return out;
}

size_t co_text_distance(const char *a, const char *b, size_t limit)
{
	size_t na = strlen(a), nb = strlen(b), *rows, *prev2, *prev, *row, best;

	if ((na > nb ? na - nb : nb - na) > limit)
		return limit + 1;
	if (!(rows = malloc(3 * (nb + 1) * sizeof(*rows))))
		return limit + 1;
	prev2 = rows;
	prev = rows + nb + 1;
	row = rows + 2 * (nb + 1);
	for (size_t j = 0; j <= nb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= na; i++) {
		size_t low, *t;
		row[0] = low = i;
		for (size_t j = 1; j <= nb; j++) {
			size_t v = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			/* Two letters swapped count once ("Ohoi" is one step from "Ohio"). */
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			row[j] = v;
			if (v < low)
				low = v;
		}
		if (low > limit) {
			free(rows);
			return limit + 1;
		}
		t = prev2;
		prev2 = prev;
		prev = row;
		row = t;
	}
	best = prev[nb] <= limit ? prev[nb] : limit + 1;
	free(rows);
	return best;
}

void co_suggest(char *buf, size_t size, const char *word, const char *const *candidates,
                size_t n)
{
	char *folded = co_places_fold(word);
	size_t len, limit, best, used = 0, shown = 0;
	size_t *dist = NULL;

	buf[0] = '\0';
	if (!folded || !*folded || !(dist = malloc((n ? n : 1) * sizeof(*dist))))
		goto done;
	len = strlen(folded);
	limit = len / 3 > 1 ? len / 3 : 1;
	if (len > 5 && limit < 2)
		limit = 2;
	best = limit + 1;
	for (size_t i = 0; i < n; i++) {
		char *c = co_places_fold(candidates[i]);
		dist[i] = c ? co_text_distance(folded, c, limit) : limit + 1;
		free(c);
		if (dist[i] < best)
			best = dist[i];
	}
	for (size_t i = 0; best <= limit && i < n && shown < 3; i++) {
		int seen = 0;
		if (dist[i] != best)
			continue;
		for (size_t k = 0; k < i && !seen; k++)
			seen = dist[k] == best && strcmp(candidates[k], candidates[i]) == 0;
		if (seen)
			continue;
		shown++;
		used += (size_t)snprintf(buf + used, used < size ? size - used : 0, "%s%s",
		                         shown == 1 ? "" : ", ", candidates[i]);
		if (used >= size)
			break;
	}
	/* "a, b, c" -> "a, b or c" */
	if (shown > 1 && used < size) {
		char *comma = strrchr(buf, ',');
		if (comma && (size_t)(comma - buf) + 4 + strlen(comma + 2) < size) {
			memmove(comma + 4, comma + 2, strlen(comma + 2) + 1);
			memcpy(comma, " or ", 4);
		}
	}
done:
	free(dist);
	free(folded);
}

/* ------------------------------------------------------------------ */
/* States.                                                              */

const co_state_info *co_places_state_by_code(const char *code)
{
	for (size_t i = 0; i < N_STATES; i++)
		if (strcmp(states[i].code, code) == 0)
			return &states[i];
	return NULL;
}

/* The states' names folded by co_places_fold, once: folding all of them for
 * every org's state cell was 7% of an import's instructions (callgrind,
 * 24k orgs: 404M of 5.8G).  NULL entries when out of memory (no match). */
static char *folded_names[N_STATES];
static pthread_once_t folded_once = PTHREAD_ONCE_INIT;

static void fold_names(void)
{
	for (size_t i = 0; i < N_STATES; i++)
		folded_names[i] = co_places_fold(states[i].name);
}

/* A state code written as two ASCII letters, any case, or NULL.  Such a
 * text folds to itself in lower case, and no state's name or other
 * spelling is two letters long, so only the codes can match it. */
static const co_state_info *state_by_letters(const char *text)
{
	for (size_t i = 0; i < N_STATES; i++)
		if (g_ascii_strcasecmp(states[i].code, text) == 0)
			return &states[i];
	return NULL;
}

const co_state_info *co_places_state(const char *text)
{
	const co_state_info *found = NULL;
	char *folded;

	if (g_ascii_isalpha(text[0]) && g_ascii_isalpha(text[1]) && !text[2])
		return state_by_letters(text);
	pthread_once(&folded_once, fold_names);
	if (!(folded = co_places_fold(text)))
		return NULL;
	for (size_t i = 0; i < N_STATES && !found; i++)
		if (g_ascii_strcasecmp(states[i].code, folded) == 0 ||
		    (folded_names[i] && strcmp(folded_names[i], folded) == 0))
			found = &states[i];
	for (size_t i = 0; i < sizeof(state_aliases) / sizeof(state_aliases[0]) && !found; i++)
		if (strcmp(state_aliases[i].name, folded) == 0)
			found = co_places_state_by_code(state_aliases[i].code);
	free(folded);
	return found;
}

void co_places_state_suggest(char *buf, size_t size, const char *text)
{
	const char *candidates[2 * N_STATES];
	int code = strlen(text) <= 3;

	/* A short value is compared with the codes, a longer one with the names. */
	for (size_t i = 0; i < N_STATES; i++)
		candidates[i] = code ? states[i].code : states[i].name;
	co_suggest(buf, size, text, candidates, N_STATES);
}

int co_places_country(char out[3], const char *text)
{
	if (!g_ascii_isalpha(text[0]) || !g_ascii_isalpha(text[1]) || text[2])
		return 0;
	out[0] = g_ascii_toupper(text[0]);
	out[1] = g_ascii_toupper(text[1]);
	out[2] = '\0';
	return 1;
}

/* ------------------------------------------------------------------ */
/* The gazetteer.                                                       */

typedef struct {
	char state[3];
	char *name;      /* folded */
	double lat, lon;
	unsigned population;
} city_entry;

static city_entry *cities;
static size_t n_cities;
static int cities_failed;
static pthread_once_t cities_once = PTHREAD_ONCE_INIT;

/* "st louis" -> "saint louis": one spelling for the abbreviations. */
static char *expand(char *folded)
{
	static const struct { const char *abbr, *word; } words[] = {
		{"st", "saint"}, {"ste", "sainte"}, {"mt", "mount"}, {"ft", "fort"},
	};
	GString *out;
	char **parts;

	if (!folded)
		return NULL;
	parts = g_strsplit(folded, " ", -1);
	out = g_string_new(NULL);
	for (size_t i = 0; parts[i]; i++) {
		const char *w = parts[i];
		for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++)
			if (strcmp(w, words[k].abbr) == 0)
				w = words[k].word;
		if (i)
			g_string_append_c(out, ' ');
		g_string_append(out, w);
	}
	g_strfreev(parts);
	free(folded);
	/* Copied to malloc'd memory: callers free() it. */
	folded = strdup(out->str);
	g_string_free(out, TRUE);
	return folded;
}

static int compare_cities(const void *a, const void *b)
{
	const city_entry *x = a, *y = b;
	int c = strcmp(x->state, y->state);

	return c ? c : strcmp(x->name, y->name);
}

/* The last state name city_state() looked up and what it found: GeoNames'
 * records come grouped by state, and folding every state's name for each of
 * them was 14% of the gazetteer's loading (callgrind). */
typedef struct {
	char name[64];
	const co_state_info *state;
	int valid; /* name and state hold a lookup */
} state_memo;

/* The state code GeoNames' record belongs to, or NULL outside the US and Canada. */
static const co_state_info *city_state(GeonamesCity *city, state_memo *memo)
{
	const char *country = geonames_city_get_country_code(city);
	const char *state;
	const co_state_info *s;

	if (!country)
		return NULL;
	/* PR, GU, VI, AS, MP: filed as countries (not "CA", California's code). */
	if ((s = co_places_state_by_code(country)) && strcmp(s->country, "US") == 0 && s->capital)
		return s;
	if (strcmp(country, "US") != 0 && strcmp(country, "CA") != 0)
		return NULL;
	/* Asked only here: for the rest of the world's records it was 45% of
	 * the gazetteer's loading (callgrind: 280M of 619M instructions). */
	if (!(state = geonames_city_get_state(city)))
		return NULL;
	if (g_str_has_prefix(state, "State of "))
		state += strlen("State of ");
	if (strlen(state) >= sizeof(memo->name)) {
		s = co_places_state(state); /* too long to remember */
	} else {
		if (!memo->valid || strcmp(memo->name, state) != 0) {
			memo->state = co_places_state(state);
			memcpy(memo->name, state, strlen(state) + 1);
			memo->valid = 1;
		}
		s = memo->state;
	}
	return s && strcmp(s->country, country) == 0 ? s : NULL;
}

/* Adds one name of a GeoNames record; returns 0 when out of memory. */
static int add_city(size_t *cap, const co_state_info *s, const char *raw, GeonamesCity *city)
{
	char *name = expand(co_places_fold(raw));

	if (!name)
		return 0;
	if (n_cities == *cap) {
		size_t grown_cap = *cap ? 2 * *cap : 4096;
		city_entry *grown = realloc(cities, grown_cap * sizeof(*grown));
		if (!grown) {
			free(name);
			return 0;
		}
		cities = grown;
		*cap = grown_cap;
	}
	memcpy(cities[n_cities].state, s->code, 3);
	cities[n_cities].name = name;
	cities[n_cities].lat = geonames_city_get_latitude(city);
	cities[n_cities].lon = geonames_city_get_longitude(city);
	cities[n_cities].population = geonames_city_get_population(city);
	n_cities++;
	return 1;
}

static void load_cities(void)
{
	int n = geonames_get_n_cities();
	size_t cap = 0;
	state_memo memo = {"", NULL, 0};

	for (int i = 0; i < n && !cities_failed; i++) {
		GeonamesCity *city = geonames_get_city(i);
		const co_state_info *s = city ? city_state(city, &memo) : NULL;
		const char *raw = s ? geonames_city_get_name(city) : NULL;
		const char *comma = raw ? strchr(raw, ',') : NULL;

		/* "Washington, D.C." and "Washington D.C." are also "Washington". */
		if (!comma && raw && g_str_has_suffix(raw, " D.C."))
			comma = raw + strlen(raw) - strlen(" D.C.");

		if (raw && !add_city(&cap, s, raw, city))
			cities_failed = 1;
		if (comma && !cities_failed) {
			char *head = g_strndup(raw, (gsize)(comma - raw));
			if (!head || !add_city(&cap, s, head, city))
				cities_failed = 1;
			g_free(head);
		}
		if (city)
			geonames_city_free(city);
	}
	qsort(cities, n_cities, sizeof(*cities), compare_cities);
}

/* The most populous city of that folded name in that state, or NULL. */
static const city_entry *find_city(const char *state, const char *name)
{
	city_entry key;
	const city_entry *hit, *best;

	memcpy(key.state, state, 3);
	key.name = (char *)name;
	if (!(hit = bsearch(&key, cities, n_cities, sizeof(*cities), compare_cities)))
		return NULL;
	while (hit > cities && compare_cities(hit - 1, &key) == 0)
		hit--;
	for (best = hit; hit < cities + n_cities && compare_cities(hit, &key) == 0; hit++)
		if (hit->population > best->population)
			best = hit;
	return best;
}

int co_places_city(double *lat, double *lon, const char *city, const co_state_info *state)
{
	const city_entry *hit = NULL;
	char *name, *longer;

	pthread_once(&cities_once, load_cities);
	if (cities_failed)
		return -1;
	if (!state || !(name = expand(co_places_fold(city))))
		return state ? -1 : 0;
	/* "New York" is GeoNames' "New York City". */
	if (!(hit = find_city(state->code, name)) &&
	    (longer = g_strconcat(name, " city", NULL))) {
		hit = find_city(state->code, longer);
		g_free(longer);
	}
	free(name);
	if (!hit)
		return 0;
	*lat = hit->lat;
	*lon = hit->lon;
	return 1;
}
