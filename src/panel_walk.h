/*
 * panel_walk.h - the panel's periods one at a time (a private helper of
 * panel.c for outcomes.c's growth).
 *
 * co_panel_build() holds every column of every org and period; an analysis
 * that reads a few of them (growth: an observation's change and the lagged
 * measures) walks the same periods instead: each period's as-of network is
 * built, its measures computed exactly as the panel computes them, and
 * handed over before the next one is built, so only one period's measures
 * are ever held.  The orgs are the panel's (key order) and so are the
 * periods, alive flags and observation values.
 *
 * Ownership: a walk is the caller's until co_panel_walk_free(); it borrows
 * the store, the view and the options (their observation names unused)
 * until then.  The measures co_panel_walk_period() hands back belong to
 * the walk and hold until its next call.
 */
#ifndef COALITION_PANEL_WALK_H
#define COALITION_PANEL_WALK_H

#include <stddef.h>

#include "coalition/panel.h"

typedef struct co_panel_walk co_panel_walk;

/* Reads the periods and the orgs of the panel `options` asks for (as
 * co_panel_build() does, with the same errors) without computing anything
 * for them.  CO_EINVAL, CO_EDB, CO_EGRAPH, CO_ENOMEM. */
co_status co_panel_walk_open(co_panel_walk **out, co_store *store, const co_view *view,
                             const co_panel_options *options);
void co_panel_walk_free(co_panel_walk *walk);

size_t co_panel_walk_orgs(const co_panel_walk *walk);
size_t co_panel_walk_periods(const co_panel_walk *walk);

/* Org i's kind (orgs in key order) and whether it is alive at the end of
 * period t, as the panel's kind and alive columns say. */
const char *co_panel_walk_kind(const co_panel_walk *walk, size_t i);
int co_panel_walk_alive(const co_panel_walk *walk, size_t i, size_t t);

/* The last value of observation `metric` of each org and period into
 * values[i * periods + t] (n_orgs * n_periods of them, filled with NaN
 * first), as the panel's column of that name.  CO_EDB, CO_ENOMEM. */
co_status co_panel_walk_observation(const co_panel_walk *walk, const char *metric,
                                    double *values);

/* Computes period t's measures (co_panel_measure_names() of the options,
 * in that order) on its as-of network: (*measures)[k][i] is measure k of
 * org i, as the panel's column of it in period t.  The network is freed
 * before the call returns.  CO_EDB, CO_EGRAPH, CO_ENOMEM. */
co_status co_panel_walk_period(co_panel_walk *walk, size_t t, const double *const **measures);

#endif
