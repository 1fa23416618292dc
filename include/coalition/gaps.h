/*
 * gaps.h - the five kinds of gap staff plan from (`coalition gaps`):
 *   brokers    who holds the coalition together (src/gaps_brokerage.h),
 *   fragility  which ties and orgs are single points of failure (src/gaps_fragility.h),
 *   missing    which introductions would close a hole (src/gaps_linkpred.h),
 *   coverage   which chapters have no partner of a kind, state by state,
 *   evidence   which ties no source backs, by kind pair and by org.
 *
 * Conventions shared by every section:
 *  - Partners are the orgs joined by a collaboration tie; friction ties join
 *    them too only when the view was built with --signed.  Evidence counts
 *    every tie of the view, friction included, but not --events
 *    co-participation (it has no sources of its own).
 *  - Two orgs joined by several ties are one link whose weight is the sum of
 *    the ties' weights (co_gaps_simple_graph).
 *  - For brokerage roles a directed tie counts source -> target and an
 *    undirected tie counts in both directions.
 *
 * Ownership: co_gaps_options owns its kind pairs and partner kinds until
 * co_gaps_options_free(); the igraph graphs (and weights) the graph
 * builders fill belong to the caller (igraph_destroy()); co_gaps_run()
 * hands back a co_result (co_result_free()) that borrows `net`, so the
 * network must outlive it.
 */
#ifndef COALITION_GAPS_H
#define COALITION_GAPS_H

#include <igraph.h>
#include <stddef.h>
#include <stdint.h>

#include "coalition/error.h"
#include "coalition/network.h"
#include "coalition/result.h"
#include "coalition/view.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How the missing-ties section ranks a pair of untied orgs by the partners
 * they share. */
typedef enum {
	CO_SCORE_ADAMIC_ADAR,         /* sum over shared partners w of 1 / ln deg(w) */
	CO_SCORE_RESOURCE_ALLOCATION, /* sum over shared partners w of 1 / deg(w) */
	CO_SCORE_JACCARD              /* shared partners / partners of either */
} co_linkpred_score;

/* Parses "adamic-adar" (or "aa"), "resource-allocation" ("ra") or
 * "jaccard"; CO_EINVAL with a message otherwise. */
co_status co_linkpred_score_parse(co_linkpred_score *out, const char *name);

/* "adamic-adar", "resource-allocation" or "jaccard". */
const char *co_linkpred_score_name(co_linkpred_score score);

typedef enum {
	CO_GAPS_BROKERS = 1 << 0,
	CO_GAPS_FRAGILITY = 1 << 1,
	CO_GAPS_MISSING = 1 << 2,
	CO_GAPS_COVERAGE = 1 << 3,
	CO_GAPS_EVIDENCE = 1 << 4,
	CO_GAPS_ALL = (1 << 5) - 1
} co_gaps_section;

/* An unordered pair of org kinds, such as chapter-union. */
typedef struct {
	char a[48], b[48];
} co_kind_pair;

typedef struct {
	unsigned sections;          /* OR of co_gaps_section; 0 means all */
	size_t top;                 /* longest ranked list (brokers, bridges,
	                               articulation points, missing ties, worst-
	                               documented orgs); 0 = no limit; default 50 */
	int weighted;               /* brokers: weigh ties by weight (default off) */
	const char *between_a;      /* fragility: separate these two orgs (keys or */
	const char *between_b;      /* aliases), or NULL */
	co_linkpred_score score;    /* missing: default Adamic-Adar */
	co_kind_pair *pairs;        /* missing: kind pairs scored (owned) */
	size_t n_pairs;             /* default chapter-union, chapter-ngo */
	int same_state;             /* missing: only pairs within one state */
	int within_federation;      /* missing: also pairs of one federation (an org
	                               and its ancestor or descendant, or two
	                               members of one parent); default off */
	int coverage_by_parent;     /* coverage: count chapters per parent instead
	                               of per state ("coverage_by_parent") */
	int detail;                 /* coverage: one row per chapter as well */
	co_word_list partner_kinds; /* coverage: kinds looked for (owned); empty:
	                               union, ngo and every other non-chapter kind
	                               of the view */
	int min_evidence;           /* evidence: a tie with fewer sources is weak
	                               (default 1: ties with no source) */
} co_gaps_options;

/* Sets the defaults above (including the two default kind pairs).  Returns
 * CO_ENOMEM if the default pairs cannot be allocated. */
co_status co_gaps_options_init(co_gaps_options *options);

/* Frees what the options own; accepts NULL. */
void co_gaps_options_free(co_gaps_options *options);

/* Parses a comma-separated list of section names (brokers, fragility,
 * missing, coverage, evidence) into *sections. */
co_status co_gaps_sections_parse(unsigned *sections, const char *list);

/* Replaces options->pairs from text such as "chapter-union,chapter-ngo". */
co_status co_gaps_pairs_parse(co_gaps_options *options, const char *list);

/* Replaces options->partner_kinds from text such as "union,ngo". */
co_status co_gaps_partner_kinds_parse(co_gaps_options *options, const char *list);

/*
 * The partner graph of a network: same vertices, one undirected edge per
 * pair of orgs joined by at least one counted tie (collaboration ties, and
 * friction ties too if net->view.signed_ties), no loops.  `weights`
 * (initialized by the caller, or NULL) receives each edge's summed weight.
 * `out` is uninitialized on entry and owned by the caller on success.
 */
co_status co_gaps_simple_graph(igraph_t *out, igraph_vector_t *weights, const co_network *net);

/*
 * The directed graph of the same ties for brokerage roles: source -> target
 * for a directed tie, both directions for an undirected one, duplicates and
 * loops dropped.  `out` is uninitialized on entry.
 */
co_status co_gaps_directed_graph(igraph_t *out, const co_network *net);

/*
 * Computes the requested sections on `net` and hands them back as a result
 * (result.h; *out owned by the caller, co_result_free()) whose JSON is the
 * DESIGN.md section 6 document:
 *   {"sections":[...], "brokers":[...], "bridges":[[a,b],...],
 *    "bridges_detail":[{"a","b","cut_off"}], "articulation_points":[{"key",
 *    "cut_off","pieces",...}], "between":{...}, "missing_ties":[{"a","b",
 *    "score","shared":[...],...}], "score", "coverage":[...],
 *    "uncovered_states":[...], "coverage_by_parent":[...] (instead of the two
 *    before it, with coverage_by_parent), "coverage_detail":[...],
 *    "min_evidence", "evidence":[...], "evidence_by_kind":[...],
 *    "worst_documented":[...], "totals":{...}}
 * with only the keys of the sections asked for; every table but "bridges"
 * (JSON only) prints in a table and CSV under its caption.  The org table
 * "orgs" (saved, not printed) holds the per-org metrics of a run:
 * constraint, effective_size, hierarchy, the five brokerage_<role> counts,
 * cut_off, weak_ties.  --between names orgs by key (resolve aliases with
 * co_network_find() first).  Returns CO_ENOTFOUND for an unknown --between
 * org, CO_EINVAL for a bad option, CO_EGRAPH or CO_ENOMEM on failure.
 */
co_status co_gaps_run(co_result **out, const co_network *net, const co_gaps_options *options);

/*
 * co_gaps_run() for a caller done with the network's ties: what the
 * sections read is taken from them (the ties as 32-bit ends, weights and
 * flags; coverage's partner kinds; evidence's tallies) and they are released
 * (co_network_release_ties()) before the partner graph is built, so that the
 * network's ties, the partner graph and a section's working memory never
 * peak together.  `net` then has no ties, whatever the status; the result
 * borrows its orgs as co_gaps_run()'s does.
 */
co_status co_gaps_run_releasing(co_result **out, co_network *net,
                                const co_gaps_options *options);

#ifdef __cplusplus
}
#endif
#endif
