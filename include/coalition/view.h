/*
 * view.h - which part of the store an analysis looks at (DESIGN.md section 5).
 *
 * A co_view holds the filter options shared by every analysis, render and
 * report command: --as-of, --kinds, --tie-kinds, --states, --min-sources,
 * --positive-only / --signed, --events, --public, --federation and --rollup.
 * Commands fill one with
 * co_view_set() (one call per option, values as typed by the user) and pass
 * it to co_network_build().
 *
 * Ownership: a co_view owns the word lists and strings its setters copy in;
 * start it with co_view_init(), free what it owns with co_view_free()
 * (co_view_copy() makes an independent deep copy, freed the same way).
 * co_view_to_json() returns a new string the caller frees with free().
 * co_word_list values are freed with co_word_list_free().
 */
#ifndef COALITION_VIEW_H
#define COALITION_VIEW_H

#include <stddef.h>

#include "coalition/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A list of short words, such as the org kinds kept.  Empty means "all". */
typedef struct {
	char **items;
	size_t count;
} co_word_list;

/* --rollup: what replaces each org of a view (DESIGN.md section 5). */
typedef enum {
	CO_ROLLUP_NONE = 0,
	CO_ROLLUP_PARENT,        /* an org that heads members stays; a member without
	                            members of its own goes into its parent */
	CO_ROLLUP_TOP,           /* every org goes into its top-level ancestor */
	CO_ROLLUP_STATE,         /* one group per state ("" = no state) */
	CO_ROLLUP_KIND           /* one group per org kind */
} co_rollup;

typedef struct {
	char as_of[11];          /* keep ties active on this date ("" = all); YYYY[-MM[-DD]] */
	co_word_list kinds;      /* org kinds kept */
	co_word_list tie_kinds;  /* tie kinds kept */
	co_word_list states;     /* two-letter states kept (upper case) */
	int min_sources;         /* keep ties with at least this many sources */
	int positive_only;       /* drop friction (sign -1) ties */
	int signed_ties;         /* --signed given: analyses treat friction ties as ties */
	int events;              /* add co-participation ties (weight = shared events) */
	long long events_max;    /* --events-max: the most co-participation pairs --events
	                            builds (0: CO_VIEW_EVENTS_MAX); a bound, not a filter */
	int public_only;         /* --public: drop private and friction ties; writers of
	                            shared files (export, report) also leave out tie
	                            notes and private sources */
	int federation;          /* --federation: each parent link in the view is a
	                            tie of kind federation (positive, weight 1) */
	co_rollup rollup;        /* --rollup: groups replace orgs */
} co_view;

/*
 * The default bound on the pairs of orgs --events joins (one per two
 * participants of an event): above it the network is refused before any
 * pair is built, naming the count and --events-max.  (One event with
 * 20,000 participants is 2e8 pairs: 4.1 GB and 6 GB of temporary files
 * before the bound, so some 50 bytes a pair: 1e7 pairs stay near 500 MB.)
 */
#define CO_VIEW_EVENTS_MAX 10000000LL

/* The option names co_view_set() accepts, NULL-terminated, without "--". */
extern const char *const co_view_option_names[];

/* Sets a view to "everything in the store". */
void co_view_init(co_view *view);

/* Makes `dst` (uninitialized) a deep copy of `src`; free it with co_view_free(). */
co_status co_view_copy(co_view *dst, const co_view *src);

/* Frees the lists a view owns; the view may be reused after co_view_init(). */
void co_view_free(co_view *view);

/*
 * Applies one option, `name` without leading dashes ("as-of", "kinds",
 * "tie-kinds", "states", "min-sources", "positive-only", "signed", "events",
 * "events-max", "public", "federation", "rollup").
 * `value` is ignored for flags.  Returns CO_EINVAL with a message naming the
 * option and the bad value, or CO_ENOTFOUND for an unknown name.
 */
co_status co_view_set(co_view *view, const char *name, const char *value);

/* Frees the words of a list and empties it. */
void co_word_list_free(co_word_list *list);

/*
 * Checks the filter values of a view against the store: a --kinds,
 * --tie-kinds or --states value that no org or tie has is CO_EINVAL, with a
 * message that lists the values in use (and the nearest one).  Called by
 * co_network_build(); CO_EDB if the store cannot be read.
 */
struct co_store;
co_status co_view_check(const co_view *view, struct co_store *store);

/* The same check for a list of org kinds given with another option
 * (`option` without dashes, for the message: "show-kinds"). */
co_status co_view_check_kinds(const co_word_list *kinds, struct co_store *store,
                              const char *option);

/* True when the word list is empty (no filter) or contains `word`. */
int co_word_list_allows(const co_word_list *list, const char *word);

/*
 * Writes a short human description of the view into buf ("all ties" or
 * "as of 2024-01-01; kinds chapter,union; positive ties only"), for captions
 * and report methods sections.  Always NUL-terminates.
 */
void co_view_describe(const co_view *view, char *buf, size_t size);

/* "parent", "top", "state", "kind", or NULL for CO_ROLLUP_NONE. */
const char *co_rollup_name(co_rollup rollup);

/* Writes the view as a JSON object text into a new string (caller frees),
 * for the `params` of a run.  Returns NULL when out of memory. */
char *co_view_to_json(const co_view *view);

/* Checks a date of the form YYYY, YYYY-MM or YYYY-MM-DD that exists in the
 * calendar.  Returns 1 if valid, 0 if not. */
int co_date_valid(const char *text);

#ifdef __cplusplus
}
#endif
#endif
