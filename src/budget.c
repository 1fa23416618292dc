/*
 * budget.c - the work budget of the heuristics (budget.h): units of work
 * counted by the searches themselves, so where they stop does not depend on
 * the machine; the clock is read only for an explicit --time-limit.
 */
#include "budget.h"

#include <time.h>

double co_budget_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void co_budget_init(co_budget *b, double units, double seconds)
{
	b->limit = units > 0 ? units : 0;
	b->spent = 0;
	b->deadline = seconds > 0 ? co_budget_now() + seconds : 0;
	b->clock_bound = 0;
	b->work_bound = 0;
}

int co_budget_over(co_budget *b, double until)
{
	if (b->spent > until * b->limit) {
		b->work_bound = 1;
		return 1;
	}
	if (b->deadline > 0 && co_budget_now() > b->deadline) {
		b->clock_bound = 1;
		return 1;
	}
	return 0;
}

double co_budget_left(const co_budget *b, double until)
{
	double left = until * b->limit - b->spent;

	return left > 0 ? left : 0;
}

co_budget co_budget_share(const co_budget *b, double fraction)
{
	co_budget share = *b;

	share.limit = co_budget_left(b, 1.0) * (fraction > 0 ? fraction : 0);
	share.spent = 0;
	share.clock_bound = 0;
	share.work_bound = 0;
	return share;
}

void co_budget_join(co_budget *parent, const co_budget *share)
{
	parent->spent += share->spent;
	parent->clock_bound |= share->clock_bound;
	parent->work_bound |= share->work_bound;
}
