/*
 * igraph_graph_only.c - the memory baseline of the benchmark: what igraph
 * itself needs to hold a network, and nothing else.
 *
 * It reads a ties.csv in the peers' layout (source,target,kind,sign,weight,
 * year with 0-based integer org ids, see tests/bench/README.md), builds the
 * undirected igraph_t with one weight per tie, and exits.  Its peak resident
 * size, measured from outside with /usr/bin/time, is the "igraph's graph
 * alone" of issue 8's memory target.  The edge list read from the file is
 * part of what any loader must hold once, so it counts.
 *
 * usage: igraph_graph_only N_ORGS TIES_CSV
 * Prints "orgs=N ties=M" on stdout; exit 1 on a read or igraph error.
 * Built by tests/bench/bench.py with the system compiler and pkg-config.
 */
#include <igraph.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	igraph_vector_int_t edges;
	igraph_vector_t weights;
	igraph_t graph;
	char line[4096];
	long a, b;
	double w;
	int status = 1, have_edges = 0, have_weights = 0, have_graph = 0;
	FILE *f = NULL;

	if (argc != 3) {
		fputs("usage: igraph_graph_only N_ORGS TIES_CSV\n", stderr);
		return 2;
	}
	if (!(f = fopen(argv[2], "r"))) {
		perror(argv[2]);
		goto done;
	}
	if (igraph_vector_int_init(&edges, 0) != IGRAPH_SUCCESS)
		goto done;
	have_edges = 1;
	if (igraph_vector_init(&weights, 0) != IGRAPH_SUCCESS)
		goto done;
	have_weights = 1;
	if (!fgets(line, sizeof(line), f)) /* header */
		goto done;
	while (fgets(line, sizeof(line), f)) {
		/* source,target,kind,sign,weight,year: kind has no commas here. */
		char kind[256];
		int sign;
		if (sscanf(line, "%ld,%ld,%255[^,],%d,%lf", &a, &b, kind, &sign, &w) != 5) {
			fprintf(stderr, "%s: cannot read line: %s", argv[2], line);
			goto done;
		}
		if (igraph_vector_int_push_back(&edges, a) != IGRAPH_SUCCESS ||
		    igraph_vector_int_push_back(&edges, b) != IGRAPH_SUCCESS ||
		    igraph_vector_push_back(&weights, w) != IGRAPH_SUCCESS)
			goto done;
	}
	if (igraph_create(&graph, &edges, (igraph_integer_t)atol(argv[1]), IGRAPH_UNDIRECTED) !=
	    IGRAPH_SUCCESS)
		goto done;
	have_graph = 1;
	printf("orgs=%ld ties=%ld\n", (long)igraph_vcount(&graph), (long)igraph_ecount(&graph));
	status = 0;
done:
	if (have_graph)
		igraph_destroy(&graph);
	if (have_weights)
		igraph_vector_destroy(&weights);
	if (have_edges)
		igraph_vector_int_destroy(&edges);
	if (f)
		fclose(f);
	return status;
}
