/*
 * export.h - the network leaves for other tools (Gephi, Cytoscape,
 * NetworkX, Graphviz, spreadsheets) with every attribute, and graph files
 * come back in (co_import_graph(), declared in import.h).
 *
 * An export writes the orgs and ties of a network (a view of the store) with
 * what the store knows about them:
 *   orgs: key, name, kind, parent (key), state, city, lat, lon, founded,
 *         issues and aliases (';'-separated), and the latest value of each
 *         metric (v_metrics) as metric_<name>;
 *   ties: source, target (org keys), kind, sign, weight, start, end,
 *         directed (0/1), note, private (0/1), sources (the keys of the
 *         sources backing it, ';'-separated) and id (its stable id, the id
 *         column of ties.csv, when it has one).
 * A value the store does not have (no coordinates, no date) is left out of
 * GraphML, GEXF, GML and DOT, empty in CSV and null in JSON.  The graph is
 * undirected; a tie's own direction is the directed attribute, from source
 * to target.  GraphML, GML and DOT also carry label = name for the tools
 * that show labels, and GraphML and GML each tie's "from" and "to" keys,
 * because igraph's readers do not keep the order of an undirected edge's
 * ends and the store's ties are identified by it.
 *
 * Formats: graphml (GraphML 1.0), gexf (GEXF 1.2), gml, dot (Graphviz, an
 * undirected graph; friction ties dashed red), json
 * ({"orgs":[{...,"metrics":{name:value}}],"ties":[{...}]}), and csv: a
 * directory of every table of the view's rows in the layout `coalition
 * import` reads (co_dump_csv() below), plus metrics.csv (key,name,value)
 * when there are metrics.
 *
 * A network built with --public (view.public_only) has no private or
 * friction tie; its export also leaves out every tie's note and private
 * sources, and takes metrics only from runs made on a --public view (the
 * others were computed with private ties).
 *
 * The store, whole (export_csv.c): everything the store holds, out and back: `export --format csv`
 * (a directory `coalition import` reads back to an equal store) and
 * `coalition backup FILE` (a consistent copy of the SQLite file).
 *
 * The CSV directory holds one file per table, in the layout import reads
 * (DESIGN.md section 4): sources.csv (with private), orgs.csv (parent by
 * key, aliases ';'-separated), events.csv, ties.csv (sources by key, note,
 * private), participation.csv, and metrics.csv (the latest value of each
 * metric, which import does not read: analyses recompute them).  Merges and
 * other changes (undo history), runs and metrics are not round-tripped.
 * Numbers keep 17 significant digits, so they read back equal.
 *
 * Ownership: export writes files and streams and hands nothing back to free;
 * the store and network are borrowed for the call.
 */
#ifndef COALITION_EXPORT_H
#define COALITION_EXPORT_H

#include <stdio.h>

#include "coalition/error.h"
#include "coalition/network.h"
#include "coalition/store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	CO_GRAPH_GRAPHML,
	CO_GRAPH_GEXF,
	CO_GRAPH_GML,
	CO_GRAPH_DOT,
	CO_GRAPH_CSV,
	CO_GRAPH_JSON
} co_graph_format;

/* Parses "graphml", "gexf", "gml", "dot", "csv" or "json"; CO_EINVAL with a
 * message naming the accepted formats otherwise. */
co_status co_graph_format_parse(co_graph_format *out, const char *name);

/*
 * Writes the network in a single-file format (not CO_GRAPH_CSV) to `out`.
 * `store` is the store the network was built from (for founded, issues,
 * aliases, notes and metrics).  CO_EIO if writing fails.
 */
co_status co_export_stream(FILE *out, co_store *store, const co_network *net,
                           co_graph_format format);

/*
 * Writes the network to `path` atomically: into a temporary file next to it,
 * renamed over `path` only once complete, so a reader never sees half a file
 * and a failed export leaves an older file as it was.  For CO_GRAPH_CSV
 * `path` is a directory (created if missing) and each file in it is written
 * the same way.
 */
co_status co_export_file(const char *path, co_store *store, const co_network *net,
                         co_graph_format format);

/*
 * co_export_stream() and co_export_file() for a caller that has no further
 * use of the network's igraph graph: the ends of the ties are kept in 32
 * bits and the graph is freed before the store is read (co_network_release_graph():
 * 39 MB of a 1.1M-tie view).  Afterwards net reads as released
 * (has_graph 0); its orgs and tie columns stay.  The same files are written.
 */
co_status co_export_stream_releasing(FILE *out, co_store *store, co_network *net,
                                     co_graph_format format);
co_status co_export_file_releasing(const char *path, co_store *store, co_network *net,
                                   co_graph_format format);

/*
 * Writes the rows of `store` that belong to the view `net` was built with
 * into the directory `dir` (created 0700 if missing; an existing path must
 * be a directory, not a symbolic link): its orgs, the stored ties among
 * them (co-participation ties, made by --events, are not stored rows and
 * are left out), the events they took part in and that participation, and
 * every source.  A --public view also leaves out private sources and tie
 * notes.  Each file is written through a temporary file (outfile.h).
 * *orgs and *ties (may be NULL) receive the numbers of rows written.
 */
co_status co_dump_csv(long long *orgs, long long *ties, const char *dir, co_store *store,
                      const co_network *net);

/*
 * Copies the store to `path` with SQLite's online backup API, in one step,
 * so the copy is one consistent state even while another process writes.
 * `path` is written like any output file (outfile.h: owner-only, renamed
 * over a regular file only, never over the store).
 */
co_status co_dump_backup(const char *path, co_store *store);

#ifdef __cplusplus
}
#endif
#endif
