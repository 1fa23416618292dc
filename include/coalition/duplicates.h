/*
 * duplicates.h - orgs of a view that are probably the same organization
 * entered twice (DESIGN.md section 6, `coalition duplicates`).
 *
 * Names are compared after normalization (case, accents, punctuation, `&`
 * and `and`, `The`, `Inc.`, `Local No. 12` / `Local 12`, plural endings,
 * known union names folded to their abbreviations: "Service Employees
 * International Union" is "seiu").  Candidate pairs come from blocks of orgs
 * sharing a rare name token (or their two rarest tokens), never from all
 * pairs, so the search stays near-linear at hundreds of thousands of orgs.
 * Each candidate gets a score in [0, 1] with the reasons behind it: the
 * names (equal, similar, the same unit number such as "council 57"), the
 * same city or state, shared partners; against it: different unit numbers,
 * one org the parent of the other, names naming different states, different
 * unions, different kinds.
 *
 * Ownership: co_duplicates_find() and co_duplicates_added() fill a caller's
 * co_duplicates whose pairs it owns, freed with co_duplicates_free()
 * whatever the status; co_duplicates_added() may also hand back a network
 * (co_network_free()).  The *_to_json()/_to_rows()/reasons functions return
 * new JSON the caller owns (json_decref()); co_duplicates_normalize() a new
 * string (free()).
 */
#ifndef COALITION_DUPLICATES_H
#define COALITION_DUPLICATES_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "coalition/network.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The score from which a pair is reported unless told otherwise. */
#define CO_DUPLICATES_DEFAULT_MIN_SCORE 0.7

/* Blocks (orgs sharing a blocking token) larger than this are not searched:
 * a token that common says nothing about identity. */
#define CO_DUPLICATES_MAX_BLOCK 100

/* Why a pair scored as it did: bits of co_duplicate.reasons. */
enum {
	CO_DUP_SAME_NAME = 1u << 0,      /* the normalized names are equal */
	CO_DUP_SAME_CORE = 1u << 1,      /* equal apart from an office after ':' */
	CO_DUP_SIMILAR_NAME = 1u << 2,   /* names similar (name_similarity) */
	CO_DUP_SAME_UNIT = 1u << 3,      /* the same unit number (unit) */
	CO_DUP_SAME_CITY = 1u << 4,
	CO_DUP_SAME_STATE = 1u << 5,
	CO_DUP_SHARED_PARTNERS = 1u << 6, /* shared_partners orgs tied to both */
	/* against */
	CO_DUP_OTHER_UNIT = 1u << 8,     /* different unit numbers (unit) */
	CO_DUP_ONE_UNIT = 1u << 9,       /* only one name has a unit number */
	CO_DUP_PARENT = 1u << 10,        /* one is the parent of the other */
	CO_DUP_OTHER_PLACE = 1u << 11,   /* the names name different states */
	CO_DUP_OTHER_UNION = 1u << 12,   /* the names name different unions */
	CO_DUP_OTHER_KIND = 1u << 13,    /* different org kinds */
	CO_DUP_OTHER_STATE = 1u << 14,   /* different states */
	CO_DUP_RETIREES = 1u << 15,      /* only one is a retirees' chapter */
	CO_DUP_OTHER_TOWN = 1u << 16     /* each name holds its own city, in different states */
};

typedef struct {
	igraph_integer_t a, b;   /* vertices of the network, a's key before b's */
	double score;            /* in [0, 1] */
	double name_similarity;  /* weighted Jaccard of the names' words, in [0, 1] */
	unsigned reasons;        /* CO_DUP_* bits */
	int shared_partners;     /* orgs tied to both */
	char unit[64];           /* "council 57", or "council 5 / council 65" */
} co_duplicate;

typedef struct {
	co_duplicate *pairs;     /* best first (score, then keys) */
	size_t n;
	int64_t candidates;      /* pairs scored (after blocking) */
	int64_t skipped_blocks;  /* blocks over CO_DUPLICATES_MAX_BLOCK orgs */
} co_duplicates;

typedef struct {
	double min_score;        /* report pairs scoring at least this */
	int64_t new_after;       /* > 0: only pairs with an org whose row id is above it
	                            (the orgs an import just added) */
	size_t limit;            /* at most this many pairs (0: all) */
} co_duplicates_options;

/* Sets the defaults: CO_DUPLICATES_DEFAULT_MIN_SCORE, all orgs, no limit. */
void co_duplicates_options_init(co_duplicates_options *options);

/*
 * Finds the likely duplicate pairs among the orgs of `net` (its ties give
 * the shared partners, its parents the parent links).  `options` may be
 * NULL for the defaults.  On success *out holds the pairs; free them with
 * co_duplicates_free() whatever the status.  Returns CO_ENOMEM or
 * CO_EINVAL (min_score outside [0, 1]).  Deterministic: the same network
 * gives the same pairs in the same order.
 */
co_status co_duplicates_find(co_duplicates *out, const co_network *net,
                             const co_duplicates_options *options);

/*
 * co_duplicates_find() for a caller that needs only the network's orgs
 * afterwards (to print the pairs): the network's ties are freed
 * (co_network_release_ties()) as soon as the shared partners are listed, so
 * that the search's arrays take their room.  The same pairs as
 * co_duplicates_find(); afterwards `net` reads as a network without ties.
 */
co_status co_duplicates_find_releasing(co_duplicates *out, co_network *net,
                                       const co_duplicates_options *options);

/* Frees what *dups owns; accepts a zeroed result or NULL. */
void co_duplicates_free(co_duplicates *dups);

/* An import adding more orgs than this gets no duplicates note (finding
 * them needs the whole network: `coalition duplicates` does it then). */
#define CO_DUPLICATES_NOTE_MAX_NEW 20000

/* The row id of the newest org (0 in an empty store): the mark to give
 * co_duplicates_added() after an import. */
co_status co_duplicates_mark(int64_t *mark, co_store *store);

/*
 * The likely duplicates among the whole store that involve an org added
 * after `mark` (best first, at most `limit`, at the default threshold), for
 * the note an import prints.  *net receives the network the pairs refer to
 * (free with co_network_free(); its orgs only, the search freed its ties:
 * co_duplicates_find_releasing()), NULL when no org was added or more than
 * CO_DUPLICATES_NOTE_MAX_NEW were; *added the number of orgs added.
 */
co_status co_duplicates_added(co_duplicates *out, co_network **net, int64_t *added,
                              co_store *store, int64_t mark, size_t limit);

/*
 * The normalized form of a name, as the comparison sees it: lower-case
 * ASCII words separated by single spaces ("The Rights & Democracy, Inc."
 * -> "right democracy", "American Federation of State, County and Municipal
 * Employees Local No. 12" -> "afscme local 12").  A new string the caller
 * frees, or NULL when out of memory.
 */
char *co_duplicates_normalize(const char *name);

/* The reasons of a pair as text ("same unit number (council 57)", "same
 * city", ...), in a new JSON array of strings; NULL when out of memory. */
json_t *co_duplicate_reasons(const co_duplicate *pair, const co_network *net);

/* The DESIGN.md section 6 shape {"pairs":[{"a","b","score","reasons"}]},
 * with each org's name too ("a_name", "b_name"); a new reference. */
json_t *co_duplicates_to_json(const co_duplicates *dups, const co_network *net);

/* The same pairs as rows {"a","a_name","b","b_name","score","reasons"} for
 * table and CSV output (reasons joined by "; "); a new reference. */
json_t *co_duplicates_to_rows(const co_duplicates *dups, const co_network *net);

#ifdef __cplusplus
}
#endif
#endif
