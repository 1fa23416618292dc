/*
 * import_places.h - states, provinces and cities: the places an import accepts
 * (DESIGN.md section 3) and where the gazetteer puts them.  Internal to the
 * library (import.c, view.c).
 */
#ifndef COALITION_IMPORT_PLACES_H
#define COALITION_IMPORT_PLACES_H

#include <stddef.h>

typedef struct {
	const char *code;     /* postal code: "OH", "PR", "QC" */
	const char *name;     /* "Ohio", "Puerto Rico", "Quebec" */
	const char *country;  /* ISO 3166-1 alpha-2: "US" or "CA" */
	double lat, lon;      /* the state's point (see import_places.c) */
	int capital;          /* the point is its capital's, not a centroid */
} co_state_info;

/* The state whose code or name is `text` (any case, accents and
 * punctuation optional: "quebec", "Québec", "District Of Columbia", "oh"),
 * or NULL.  The result is static. */
const co_state_info *co_places_state(const char *text);

/* The state called `code` exactly (an upper-case code), or NULL. */
const co_state_info *co_places_state_by_code(const char *code);

/* Writes into buf (NUL-terminated) the codes or names nearest to an
 * unknown `text`, "GA or GU" or "Quebec", or "" when none is near. */
void co_places_state_suggest(char *buf, size_t size, const char *text);

/* An ISO 3166-1 alpha-2 code (two ASCII letters) in any case: writes it in
 * upper case into out[3] and returns 1, else 0. */
int co_places_country(char out[3], const char *text);

/*
 * Looks `city` up in the gazetteer (libgeonames: GeoNames' cities of 15,000
 * people or more) within `state`; on success writes its coordinates and
 * returns 1.  The most populous of several namesakes wins.  Names compare
 * case- and accent-insensitively, "St."/"Saint", "Mt."/"Mount", "Ft."/"Fort"
 * alike.  Returns 0 when the city is unknown, -1 when out of memory.
 */
int co_places_city(double *lat, double *lon, const char *city, const co_state_info *state);

/* Folds text for comparison: ASCII transliteration, lower case, every run
 * of other characters one space, no leading or trailing space.  Returns a
 * new string (caller frees) or NULL when out of memory. */
char *co_places_fold(const char *text);

/* Edit distance of two strings in bytes (insertions, deletions, changes and
 * swaps of two neighbours), capped at `limit` + 1. */
size_t co_text_distance(const char *a, const char *b, size_t limit);

/*
 * Writes into buf the candidates nearest `word` (at most 3, "a, b or c"),
 * within a distance of a third of its length (at least 1, 2 for words over
 * 5 bytes); "" if none.  Compares folded forms.
 */
void co_suggest(char *buf, size_t size, const char *word, const char *const *candidates,
                size_t n);

#endif
