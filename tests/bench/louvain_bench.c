/*
 * louvain_bench.c - our Louvain call alone on a peers' directory, for
 * hubs_bench.py's Louvain rows (issue 23 item 6): the like-for-like
 * counterpart of hubs_igraph.py, which times python-igraph's
 * community_multilevel call alone, where `coalition communities` is a whole
 * process (open the store, build the view, Louvain, print).
 *
 * Reads DIR/orgs.csv (its rows are the orgs 0..n-1) and DIR/ties.csv
 * (source,target,kind,sign,weight,...: the peers' layout, columns found by
 * name) and keeps the collaboration ties (sign > 0), as hubs_igraph.py does.
 * From them it builds the edge list co_centrality_edges() builds of a view
 * (include/coalition/centrality.h): self-loops left out, each pair once with
 * a[k] < b[k], in (a, b) order, its weight the sum of its ties' |weight| in
 * file order.  Then, per seed, it seeds igraph's default generator, times
 * co_louvain_edges() (src/community_louvain.h) alone, wall (CLOCK_MONOTONIC)
 * and CPU (CLOCK_PROCESS_CPUTIME_ID), and computes the partition's weighted
 * modularity (resolution 1) with the sums, in the order, that
 * `communities` makes (community.c's edge_modularity(), igraph_modularity()'s
 * order): equal partitions print equal values to the last digit.
 *
 * The view orders orgs by key, not by the peers' ids, and the vertex order
 * is part of Louvain's path.  --order FILE (line i: the peers' id of the
 * view's org i; hubs_bench.py writes it from the import's keys) numbers the
 * vertices as the view does, so that the call is the one the command makes.
 *
 * usage: louvain_bench [--order FILE] DIR SEED...
 * Prints per seed: seed=S seconds=WALL cpu=CPU modularity=Q communities=K
 * (K counts communities of all orgs, untied ones alone each, as
 * community_multilevel's clustering does).
 */
#include <coalition/coalition.h>
#include "../../src/community_louvain.h"

#include <igraph.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
	int32_t a, b;   /* a < b */
	size_t line;    /* file order, for sums in tie order */
	double w;
} tie;

static double now(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Splits a CSV line in place into at most max fields (quotes honoured,
 * quoted commas kept, the quotes left in); returns the field count. */
static int split(char *line, char **field, int max)
{
	int n = 0, quoted = 0;

	line[strcspn(line, "\r\n")] = '\0';
	field[n++] = line;
	for (char *p = line; *p; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (*p == ',' && !quoted && n < max) {
			*p = '\0';
			field[n++] = p + 1;
		}
	}
	return n;
}

static long count_orgs(const char *dir)
{
	char path[4096], line[8192];
	long n = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/orgs.csv", dir);
	if (!(f = fopen(path, "r")))
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strchr(line, '\n') || feof(f))
			n++;
	fclose(f);
	return n;
}

/* new_id[peer id] from --order's lines (NULL: the peers' ids as they are). */
static int32_t *read_order(const char *path, long n)
{
	int32_t *new_id = malloc(sizeof(int32_t) * (size_t)n);
	FILE *f = fopen(path, "r");
	long i = 0, id;

	if (!new_id || !f)
		goto fail;
	for (long v = 0; v < n; v++)
		new_id[v] = -1;
	while (i < n && fscanf(f, "%ld", &id) == 1) {
		if (id < 0 || id >= n || new_id[id] >= 0)
			goto fail;
		new_id[id] = (int32_t)i++;
	}
	if (i != n)
		goto fail;
	fclose(f);
	return new_id;
fail:
	if (f)
		fclose(f);
	free(new_id);
	return NULL;
}

static int column(char **field, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(field[i], name) == 0)
			return i;
	return -1;
}

/* The collaboration ties of DIR/ties.csv, ends renumbered by new_id; NULL
 * on a bad file. */
static tie *read_ties(const char *dir, long n, const int32_t *new_id, size_t *count)
{
	char path[4096], line[8192], *field[64];
	int nf, cs, ct, csign, cw;
	size_t cap = 1024, m = 0, lineno = 0;
	tie *t = malloc(sizeof(tie) * cap);
	FILE *f;

	snprintf(path, sizeof(path), "%s/ties.csv", dir);
	if (!t || !(f = fopen(path, "r"))) {
		free(t);
		return NULL;
	}
	if (!fgets(line, sizeof(line), f))
		goto fail;
	nf = split(line, field, 64);
	cs = column(field, nf, "source");
	ct = column(field, nf, "target");
	csign = column(field, nf, "sign");
	cw = column(field, nf, "weight");
	if (cs < 0 || ct < 0)
		goto fail;
	while (fgets(line, sizeof(line), f)) {
		long s, d;
		double w;

		nf = split(line, field, 64);
		lineno++;
		if (nf <= cs || nf <= ct)
			goto fail;
		if (csign >= 0 && nf > csign && atoi(field[csign]) <= 0)
			continue;
		s = strtol(field[cs], NULL, 10);
		d = strtol(field[ct], NULL, 10);
		if (s < 0 || s >= n || d < 0 || d >= n)
			goto fail;
		if (s == d)
			continue; /* no self-loops in a view's edge list */
		w = cw >= 0 && nf > cw && *field[cw] ? fabs(strtod(field[cw], NULL)) : 1;
		if (new_id) {
			s = new_id[s];
			d = new_id[d];
		}
		if (m == cap) {
			tie *more = realloc(t, sizeof(tie) * (cap *= 2));

			if (!more)
				goto fail;
			t = more;
		}
		t[m++] = (tie){(int32_t)(s < d ? s : d), (int32_t)(s < d ? d : s), lineno, w};
	}
	fclose(f);
	*count = m;
	return t;
fail:
	fclose(f);
	free(t);
	return NULL;
}

static int by_ends(const void *x, const void *y)
{
	const tie *p = x, *q = y;

	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	if (p->b != q->b)
		return p->b < q->b ? -1 : 1;
	return (p->line > q->line) - (p->line < q->line);
}

/* The edge list of the ties: sorted by ends, parallel ties summed in file
 * order. */
static int edge_list(co_edge_list *e, tie *t, size_t m)
{
	memset(e, 0, sizeof(*e));
	qsort(t, m, sizeof(tie), by_ends);
	e->a = malloc(sizeof(int32_t) * (m + 1));
	e->b = malloc(sizeof(int32_t) * (m + 1));
	e->w = malloc(sizeof(double) * (m + 1));
	if (!e->a || !e->b || !e->w)
		return -1;
	for (size_t i = 0; i < m; i++) {
		if (e->m > 0 && t[i].a == e->a[e->m - 1] && t[i].b == e->b[e->m - 1]) {
			e->w[e->m - 1] += t[i].w;
			continue;
		}
		e->a[e->m] = t[i].a;
		e->b[e->m] = t[i].b;
		e->w[e->m++] = t[i].w;
	}
	return 0;
}

/* Weighted modularity (resolution 1) of membership on e, summed as
 * community.c's edge_modularity() sums it: each edge's weight to the
 * community of b[k] and, apart, of a[k], twice to the inner weight of a
 * community holding both. */
static double modularity(const co_edge_list *e, const igraph_vector_int_t *membership)
{
	igraph_integer_t types = igraph_vector_int_max(membership) + 1;
	double *inner = calloc((size_t)types, sizeof(double));
	double *from_side = calloc((size_t)types, sizeof(double));
	double *to_side = calloc((size_t)types, sizeof(double));
	double m = 0, q = NAN;

	if (!inner || !from_side || !to_side)
		goto done;
	for (size_t k = 0; k < e->m; k++) {
		igraph_integer_t c1 = VECTOR(*membership)[e->b[k]], c2 = VECTOR(*membership)[e->a[k]];

		if (c1 == c2)
			inner[c1] += 2 * e->w[k];
		from_side[c1] += e->w[k];
		to_side[c2] += e->w[k];
		m += e->w[k];
	}
	if (m > 0) {
		double scale = 1.0 / (2 * m);

		q = 0;
		for (igraph_integer_t c = 0; c < types; c++) {
			double k = (from_side[c] + to_side[c]) * scale;

			q += inner[c] * scale;
			q -= k * k;
		}
	}
done:
	free(inner);
	free(from_side);
	free(to_side);
	return q;
}

static int run_seed(const co_edge_list *e, long n, unsigned long seed)
{
	igraph_vector_int_t membership;
	double t0, c0, secs, cpu;
	co_status status;

	if (igraph_vector_int_init(&membership, 0) != IGRAPH_SUCCESS)
		return -1;
	igraph_rng_seed(igraph_rng_default(), seed);
	t0 = now(CLOCK_MONOTONIC);
	c0 = now(CLOCK_PROCESS_CPUTIME_ID);
	status = co_louvain_edges(e, (igraph_integer_t)n, 1.0, &membership);
	secs = now(CLOCK_MONOTONIC) - t0;
	cpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
	if (status != CO_OK) {
		fprintf(stderr, "louvain_bench: %s\n", co_error_last());
		igraph_vector_int_destroy(&membership);
		return -1;
	}
	printf("seed=%lu seconds=%.4f cpu=%.4f modularity=%.15f communities=%ld\n", seed, secs, cpu,
	       modularity(e, &membership), (long)(igraph_vector_int_max(&membership) + 1));
	fflush(stdout);
	igraph_vector_int_destroy(&membership);
	return 0;
}

int main(int argc, char **argv)
{
	const char *order = NULL, *dir;
	int32_t *new_id = NULL;
	co_edge_list e = {0};
	tie *t = NULL;
	size_t m = 0;
	long n;
	int rc = 1, arg = 1;

	if (argc > 2 && strcmp(argv[1], "--order") == 0) {
		order = argv[2];
		arg = 3;
	}
	if (argc - arg < 2) {
		fputs("usage: louvain_bench [--order FILE] DIR SEED...\n", stderr);
		return 2;
	}
	dir = argv[arg++];
	if ((n = count_orgs(dir)) <= 0 || n > INT32_MAX) {
		fprintf(stderr, "louvain_bench: no orgs in %s/orgs.csv\n", dir);
		goto done;
	}
	if (order && !(new_id = read_order(order, n))) {
		fprintf(stderr, "louvain_bench: %s is not a permutation of 0..%ld\n", order, n - 1);
		goto done;
	}
	if (!(t = read_ties(dir, n, new_id, &m))) {
		fprintf(stderr, "louvain_bench: cannot read %s/ties.csv\n", dir);
		goto done;
	}
	if (edge_list(&e, t, m) < 0) {
		fputs("louvain_bench: out of memory\n", stderr);
		goto done;
	}
	free(t);
	t = NULL;
	fprintf(stderr, "louvain_bench: %ld orgs, %zu collaboration ties, %zu edges\n", n, m, e.m);
	for (; arg < argc; arg++)
		if (run_seed(&e, n, strtoul(argv[arg], NULL, 10)) < 0)
			goto done;
	rc = 0;
done:
	free(t);
	free(new_id);
	co_edge_list_free(&e);
	return rc;
}
