/*
 * citations.h - what the ties of a view cite (their sources) and say (their
 * notes), read from the store for the maps and the report.
 *
 * The network (network.h) keeps only each tie's row id and its count of
 * sources; the report's Sources table, the interactive map's tie lists and
 * the report's notes need the sources' columns and the notes.  They are read
 * here, once, with the --public rule in one place: a view with
 * view.public_only sees no private source (neither listed nor linked).
 */
#ifndef COALITION_CITATIONS_H
#define COALITION_CITATIONS_H

#include <stddef.h>
#include <stdint.h>

#include "coalition/network.h"
#include "coalition/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One source cited by at least one tie of the view. */
typedef struct {
	int64_t id;                /* row id in sources */
	char *key, *citation, *url, *published; /* "" when the store has none */
	size_t n_ties;             /* ties of the view that cite it */
} co_cited_source;

/*
 * The sources of a view's ties.  sources[] is in row id order; the sources
 * of tie e of the network (an index into net->ties) are
 * sources[tie_sources[k]] for k in tie_first[e] .. tie_first[e + 1] - 1, in
 * row id order.  Ties without a row (co-participation ties, group ties of a
 * rollup) cite nothing here.
 */
typedef struct {
	co_cited_source *sources;
	size_t n_sources;
	size_t *tie_first;         /* net->n_ties + 1 entries */
	size_t *tie_sources;
} co_citations;

/*
 * Reads the citations of `net`'s ties into *out (free it with
 * co_citations_free(), also after a failure).  CO_EDB names what could not
 * be read; CO_ENOMEM.
 */
co_status co_citations_read(co_citations *out, co_store *store, const co_network *net);

/* Frees what co_citations_read() filled and zeroes it. */
void co_citations_free(co_citations *citations);

/*
 * The note of the tie with row id `tie_id` in *note (caller frees; "" when
 * it has none or the tie is not there).  CO_EDB, CO_ENOMEM.
 */
co_status co_citations_tie_note(char **note, co_store *store, int64_t tie_id);

#ifdef __cplusplus
}
#endif

#endif
