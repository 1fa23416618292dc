/*
 * weights.c - refuses tie weights that weighted shortest paths cannot tell
 * apart (weights.h).  Rescaling cannot help: the ratio, not the scale, is
 * what double precision loses, so the weights are refused with their range.
 */
#include "weights.h"

#include <math.h>

co_status co_weights_check(const igraph_vector_t *lengths, const char *what)
{
	igraph_integer_t n = igraph_vector_size(lengths);
	double lo = INFINITY, hi = 0;

	for (igraph_integer_t i = 0; i < n; i++) {
		double x = VECTOR(*lengths)[i];
		if (!isfinite(x) || !(x > 0))
			return co_error_set(CO_EINVAL, "%s: a tie weight gives the link length %g; "
			                    "weights must be finite and > 0", what, x);
		lo = fmin(lo, x);
		hi = fmax(hi, x);
	}
	if (n > 0 && hi / lo > CO_WEIGHTS_MAX_RATIO)
		return co_error_set(CO_EINVAL,
			"%s: tie weights span a ratio of %.3g (link lengths %.3g to %.3g), more than "
			"the %.0e that double-precision path lengths can tell apart; bring the weights "
			"within that ratio (e.g. cap the largest), or leave out the weights", what,
			hi / lo, lo, hi, CO_WEIGHTS_MAX_RATIO);
	return CO_OK;
}
