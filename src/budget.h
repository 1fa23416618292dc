/*
 * budget.h - the work budget of the heuristics (frustration index, tension
 * clusters; private to the library).
 *
 * A search counts its units of work (an edge or vertex visited, a search
 * node, a simplex iteration times the rows it touches) and stops when its
 * share of the budget is spent, so the same input and seed give the same
 * result on any machine, however busy.  A wall-clock deadline (--time-limit)
 * may stop a search earlier; that is recorded (clock_bound) so the result
 * can say it depends on the machine.  A budget shared by several searches
 * is split with co_budget_share(); work spent in a share is added back with
 * co_budget_join().
 */
#ifndef COALITION_BUDGET_H
#define COALITION_BUDGET_H

typedef struct {
	double limit;        /* units this budget may spend */
	double spent;        /* units spent so far */
	double deadline;     /* CLOCK_MONOTONIC seconds; 0: no clock cap */
	int clock_bound;     /* 1 once the deadline stopped a search */
	int work_bound;      /* 1 once the budget stopped a search */
} co_budget;

/* A budget of `units` and, when seconds > 0, a deadline that far from now. */
void co_budget_init(co_budget *b, double units, double seconds);

/* CLOCK_MONOTONIC in seconds. */
double co_budget_now(void);

/* Adds `units` of work done. */
static inline void co_budget_spend(co_budget *b, double units)
{
	b->spent += units;
}

/* 1 when a search should stop: more than `until` units are spent (a
 * fraction of the limit: 1.0 is all of it), or the deadline has passed.
 * Records which bound stopped it.  Cheap enough to call every few thousand
 * units (it reads the clock only when there is a deadline). */
int co_budget_over(co_budget *b, double until);

/* Units left before `until` (0 when over). */
double co_budget_left(const co_budget *b, double until);

/* A sub-budget of `fraction` of what is left, with the same deadline. */
co_budget co_budget_share(const co_budget *b, double fraction);

/* Adds what a share spent, and the bounds that stopped it, to its parent. */
void co_budget_join(co_budget *parent, const co_budget *share);

#endif
