/*
 * summary.h - the size and shape of a view at a glance: orgs, ties by sign,
 * orgs per kind, ties per kind, connected components and density.
 *
 * Ownership: co_summary_compute() fills a co_summary freed with
 * co_summary_free(); co_summary_to_json() and co_summary_to_rows() return new
 * JSON the caller owns (json_decref()).
 */
#ifndef COALITION_SUMMARY_H
#define COALITION_SUMMARY_H

#include <jansson.h>
#include <stdint.h>

#include "coalition/network.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
	const char *name;        /* points into the network or a static string */
	int64_t count;
} co_count;

typedef struct {
	int64_t orgs, ties, positive, negative;
	co_count *kinds;         /* orgs per kind, every kind of DESIGN.md §3 in order */
	size_t n_kinds;
	co_count *tie_kinds;     /* ties per tie kind, sorted by name */
	size_t n_tie_kinds;
	int64_t components;      /* connected components, isolated orgs included */
	int64_t isolates;        /* orgs without any tie */
	int64_t connected_pairs; /* pairs of orgs joined by at least one tie */
	double density;          /* connected_pairs / (orgs * (orgs - 1) / 2); 0 below 2 orgs */
} co_summary;

/* Computes the summary of `net` into *out; free with co_summary_free(). */
co_status co_summary_compute(co_summary *out, const co_network *net);

/* Frees what a summary owns; accepts NULL. */
void co_summary_free(co_summary *summary);

/* The DESIGN.md §6 JSON shape {"orgs","ties","positive","negative","kinds",
 * "components","density",...}; a new reference, NULL when out of memory. */
json_t *co_summary_to_json(const co_summary *summary);

/* The same as rows {"measure","value"} for table and CSV output; a new reference. */
json_t *co_summary_to_rows(const co_summary *summary);

#ifdef __cplusplus
}
#endif
#endif
