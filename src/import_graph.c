/*
 * import_graph.c - import of GraphML and GML files (co_import_graph(),
 * import.h); the export side is export_graph.c.
 *
 * Import reads the file with igraph's own readers (with the C attribute
 * handler installed only while the graph lives), writes its nodes and edges
 * as orgs.csv and ties.csv in a private temporary directory, and hands that
 * to co_import_dir(): a graph file is checked, upserted and committed by
 * exactly the rules of a CSV import.  Problems are mapped back from CSV
 * lines to the file's nodes and edges.
 */
#define _XOPEN_SOURCE 700 /* P_tmpdir */
#include "coalition/import.h"
#include "outfile.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <glib.h>
#include <igraph.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A row of the temporary CSV files: its first line and what to call it. */
typedef struct {
	long line;
	char *label;   /* "node 'key'" or "edge 3 (a -- b)" */
} row_origin;

typedef struct {
	row_origin *rows;
	size_t n;
	long next_line;   /* the line the next row starts on */
} origins;

static void origins_free(origins *o)
{
	for (size_t i = 0; i < o->n; i++)
		free(o->rows[i].label);
	free(o->rows);
}

/* Text of attribute `name` of vertex or edge `id`, or NULL if the graph has
 * no such attribute.  Numbers print as integers when they are whole. */
static const char *attr_text(const igraph_t *g, igraph_attribute_elemtype_t elem,
                             const char *name, igraph_integer_t id, char *buf, size_t size)
{
	igraph_attribute_type_t type;

	if (!igraph_cattribute_has_attr(g, elem, name) ||
	    igraph_cattribute_table.gettype(g, &type, elem, name) != IGRAPH_SUCCESS)
		return NULL;
	if (type == IGRAPH_ATTRIBUTE_STRING)
		return elem == IGRAPH_ATTRIBUTE_VERTEX ? VAS(g, name, id) : EAS(g, name, id);
	if (type == IGRAPH_ATTRIBUTE_BOOLEAN) {
		snprintf(buf, size, "%d", (int)(elem == IGRAPH_ATTRIBUTE_VERTEX ? VAB(g, name, id)
		                                                                : EAB(g, name, id)));
		return buf;
	}
	if (type == IGRAPH_ATTRIBUTE_NUMERIC) {
		double x = elem == IGRAPH_ATTRIBUTE_VERTEX ? VAN(g, name, id) : EAN(g, name, id);
		if (isnan(x))
			buf[0] = '\0';
		else if (x == floor(x) && fabs(x) < 1e15)
			snprintf(buf, size, "%.0f", x);
		else
			snprintf(buf, size, "%.17g", x);
		return buf;
	}
	return NULL;
}

/* The first non-empty of several vertex attributes. */
static const char *first_text(const igraph_t *g, igraph_integer_t v, const char *const *names,
                              char *buf, size_t size)
{
	for (; *names; names++) {
		const char *text = attr_text(g, IGRAPH_ATTRIBUTE_VERTEX, *names, v, buf, size);
		if (text && text[0])
			return text;
	}
	return "";
}

/* Counts the lines a CSV field adds beyond its first. */
static long extra_lines(const char *text)
{
	long n = 0;
	for (; *text; text++)
		n += *text == '\n';
	return n;
}

static int add_origin(origins *o, char *label, long lines)
{
	row_origin *grown = realloc(o->rows, (o->n + 1) * sizeof(*grown));

	if (!grown || !label) {
		free(label);
		if (grown)
			o->rows = grown;
		return -1;
	}
	o->rows = grown;
	o->rows[o->n].line = o->next_line;
	o->rows[o->n++].label = label;
	o->next_line += 1 + lines;
	return 0;
}

static char *format_label(const char *fmt, const char *a, const char *b, long long n)
{
	size_t size = strlen(a) + strlen(b) + 64;
	char *label = malloc(size);

	if (label) {
		if (b[0] || n >= 0)
			snprintf(label, size, fmt, n, a, b);
		else
			snprintf(label, size, fmt, a);
	}
	return label;
}

/* The graph's vertex or edge attributes that are none of `known` nor
 * metric_* (our own results): they become extra columns of the CSV file,
 * which import keeps as attributes (with its note).  NULL-terminated list
 * in *out, owned; the names point into *storage, which the caller frees. */
static co_status other_attributes(const char ***out, igraph_strvector_t *storage,
                                  const igraph_t *g, igraph_attribute_elemtype_t elem,
                                  const char *const *known)
{
	igraph_strvector_t vnames, enames;
	igraph_vector_int_t vtypes, etypes;
	co_status status = CO_OK;
	const char **list = NULL;
	size_t n = 0;

	*out = NULL;
	if (igraph_strvector_init(&vnames, 0) || igraph_strvector_init(&enames, 0))
		return co_error_set(CO_ENOMEM, "out of memory importing a graph");
	igraph_vector_int_init(&vtypes, 0);
	igraph_vector_int_init(&etypes, 0);
	if (igraph_cattribute_list(g, NULL, NULL, &vnames, &vtypes, &enames, &etypes)) {
		status = co_error_set(CO_ENOMEM, "out of memory importing a graph");
		goto done;
	}
	{
		igraph_strvector_t *names = elem == IGRAPH_ATTRIBUTE_VERTEX ? &vnames : &enames;
		igraph_integer_t count = igraph_strvector_size(names);
		if (!(list = calloc((size_t)count + 1, sizeof(char *)))) {
			status = co_error_set(CO_ENOMEM, "out of memory importing a graph");
			goto done;
		}
		for (igraph_integer_t k = 0; k < count; k++) {
			const char *name = igraph_strvector_get(names, k);
			int is_known = strncmp(name, "metric_", 7) == 0;
			for (const char *const *w = known; *w && !is_known; w++)
				is_known = strcmp(name, *w) == 0;
			if (!is_known)
				list[n++] = name;
		}
		/* The caller keeps the names: hand over the vector that holds them. */
		*storage = *names;
		if (names == &vnames)
			igraph_strvector_destroy(&enames);
		else
			igraph_strvector_destroy(&vnames);
		igraph_vector_int_destroy(&vtypes);
		igraph_vector_int_destroy(&etypes);
		*out = list;
		return CO_OK;
	}
done:
	free(list);
	igraph_strvector_destroy(&vnames);
	igraph_strvector_destroy(&enames);
	igraph_vector_int_destroy(&vtypes);
	igraph_vector_int_destroy(&etypes);
	return status;
}

/* Writes the extra columns' header fields, or their values for row `id`. */
static void write_other_header(FILE *out, const char *const *names)
{
	for (; names && *names; names++)
		co_outfile_csv_field(out, *names, 0);
}

static long write_other_values(FILE *out, const igraph_t *g, igraph_attribute_elemtype_t elem,
                               const char *const *names, igraph_integer_t id)
{
	char buf[64];
	long lines = 0;

	for (; names && *names; names++) {
		const char *text = attr_text(g, elem, *names, id, buf, sizeof(buf));
		co_outfile_csv_field(out, text ? text : "", 0);
		lines += text ? extra_lines(text) : 0;
	}
	return lines;
}

static co_status write_graph_orgs(FILE *out, const igraph_t *g, const char *const *keys,
                                  origins *o)
{
	static const char *const name_attrs[] = {"name", "label", NULL};
	static const char *const columns[] = {"kind", "parent", "country", "state", "city", "lat",
	                                      "lon", "founded", "ended", "issues", "aliases"};
	static const char *const known[] = {"key", "id", "name", "label", "kind", "parent",
	                                    "country", "state", "city", "lat", "lon", "placed",
	                                    "founded", "ended", "issues", "aliases", "members", NULL};
	enum { C_KIND = 0, C_LAT = 5, C_LON = 6 };
	char buf[64], placed_buf[16];
	const char **others = NULL;
	igraph_strvector_t storage;
	co_status status;

	if ((status = other_attributes(&others, &storage, g, IGRAPH_ATTRIBUTE_VERTEX, known)) !=
	    CO_OK)
		return status;
	fputs("key,name,kind,parent,country,state,city,lat,lon,founded,ended,issues,aliases", out);
	write_other_header(out, others);
	fputc('\n', out);
	o->next_line = 2;
	for (igraph_integer_t v = 0; v < igraph_vcount(g); v++) {
		const char *name = first_text(g, v, name_attrs, buf, sizeof(buf));
		const char *placed = attr_text(g, IGRAPH_ATTRIBUTE_VERTEX, "placed", v, placed_buf,
		                               sizeof(placed_buf));
		int found_again = placed && (strcmp(placed, "city") == 0 || strcmp(placed, "state") == 0);
		long lines = extra_lines(keys[v]);
		co_outfile_csv_field(out, keys[v], 1);
		co_outfile_csv_field(out, name[0] ? name : keys[v], 0);
		lines += extra_lines(name);
		for (size_t c = 0; c < sizeof(columns) / sizeof(columns[0]); c++) {
			const char *text = attr_text(g, IGRAPH_ATTRIBUTE_VERTEX, columns[c], v, buf,
			                             sizeof(buf));
			if (c == C_KIND && (!text || !text[0]))
				text = "other";
			if ((c == C_LAT || c == C_LON) && found_again)
				text = ""; /* the gazetteer's or the state's point: placed again */
			co_outfile_csv_field(out, text ? text : "", 0);
			lines += text ? extra_lines(text) : 0;
		}
		lines += write_other_values(out, g, IGRAPH_ATTRIBUTE_VERTEX, others, v);
		fputc('\n', out);
		if (add_origin(o, format_label("node '%s'", keys[v], "", -1), lines) < 0) {
			status = co_error_set(CO_ENOMEM, "out of memory importing a graph");
			break;
		}
	}
	free(others);
	igraph_strvector_destroy(&storage);
	return status;
}

static co_status write_graph_ties(FILE *out, const igraph_t *g, const char *const *keys,
                                  origins *o)
{
	static const char *const plain[] = {"start", "end", "note", "private", "sources", "id"};
	static const char *const known[] = {"from", "to", "id", "key", "kind", "sign", "weight",
	                                    "directed", "start", "end", "note", "private",
	                                    "sources", "count", NULL};
	char buf[64], weight_buf[64], sign_buf[8];
	const char **others = NULL;
	igraph_strvector_t storage;
	co_status status;

	if ((status = other_attributes(&others, &storage, g, IGRAPH_ATTRIBUTE_EDGE, known)) != CO_OK)
		return status;
	fputs("source,target,kind,sign,weight,directed,start,end,note,private,sources,id", out);
	write_other_header(out, others);
	fputc('\n', out);
	o->next_line = 2;
	for (igraph_integer_t e = 0; e < igraph_ecount(g); e++) {
		const char *a = keys[IGRAPH_FROM(g, e)], *b = keys[IGRAPH_TO(g, e)];
		char from_buf[64], to_buf[64];
		const char *from = attr_text(g, IGRAPH_ATTRIBUTE_EDGE, "from", e, from_buf, sizeof(from_buf));
		const char *to = attr_text(g, IGRAPH_ATTRIBUTE_EDGE, "to", e, to_buf, sizeof(to_buf));
		const char *kind = attr_text(g, IGRAPH_ATTRIBUTE_EDGE, "kind", e, buf, sizeof(buf));
		const char *sign = attr_text(g, IGRAPH_ATTRIBUTE_EDGE, "sign", e, sign_buf, sizeof(sign_buf));
		const char *weight = "", *directed;
		long lines;
		char directed_buf[8];
		const char *weight_text = attr_text(g, IGRAPH_ATTRIBUTE_EDGE, "weight", e, weight_buf,
		                                    sizeof(weight_buf));
		double w = weight_text && weight_text[0] ? strtod(weight_text, NULL) : NAN;

		/* igraph orders the ends of an undirected edge its own way; "from" and
		 * "to" keep the order the tie was recorded in, which is part of its
		 * identity in the store. */
		if (from && to && strcmp(from, b) == 0 && strcmp(to, a) == 0) {
			const char *swap = a;
			a = b;
			b = swap;
		}
		lines = extra_lines(a) + extra_lines(b);

		co_outfile_csv_field(out, a, 1);
		co_outfile_csv_field(out, b, 0);
		co_outfile_csv_field(out, kind && kind[0] ? kind : "partnership", 0);
		lines += kind ? extra_lines(kind) : 0;
		/* A negative weight is friction of that strength (Gephi's convention). */
		if ((!sign || !sign[0]) && !isnan(w))
			sign = w < 0 ? "-1" : "1";
		co_outfile_csv_field(out, sign ? sign : "", 0);
		if (!isnan(w)) {
			snprintf(weight_buf, sizeof(weight_buf), "%.17g", fabs(w));
			weight = weight_buf;
		}
		co_outfile_csv_field(out, weight, 0);
		directed = attr_text(g, IGRAPH_ATTRIBUTE_EDGE, "directed", e, directed_buf,
		                     sizeof(directed_buf));
		if (!directed || !directed[0])
			directed = igraph_is_directed(g) ? "1" : "";
		co_outfile_csv_field(out, directed, 0);
		for (size_t c = 0; c < sizeof(plain) / sizeof(plain[0]); c++) {
			const char *text = attr_text(g, IGRAPH_ATTRIBUTE_EDGE, plain[c], e, buf, sizeof(buf));
			co_outfile_csv_field(out, text ? text : "", 0);
			lines += text ? extra_lines(text) : 0;
		}
		lines += write_other_values(out, g, IGRAPH_ATTRIBUTE_EDGE, others, e);
		fputc('\n', out);
		if (add_origin(o, format_label("edge %lld (%s -- %s)", a, b, (long long)e + 1), lines) < 0) {
			status = co_error_set(CO_ENOMEM, "out of memory importing a graph");
			break;
		}
	}
	free(others);
	igraph_strvector_destroy(&storage);
	return status;
}

/* "orgs.csv:LINE: text" -> "PATH: node 'key': text". */
static char *translate_problem(const char *problem, const char *path, const origins *orgs,
                               const origins *ties)
{
	const origins *o = NULL;
	const char *rest = problem;
	long line = 0;
	char *out;
	size_t size;

	if (strncmp(problem, "orgs.csv:", 9) == 0)
		o = orgs, rest = problem + 9;
	else if (strncmp(problem, "ties.csv:", 9) == 0)
		o = ties, rest = problem + 9;
	if (o && rest[0] == ' ' && strstr(rest, " rows (")) {
		/* Identical problems of several rows: "orgs.csv: 3 rows (5, 9, 11): text". */
		const char *p = strchr(rest, '(') + 1, *close = strstr(p, "): ");
		size_t used;
		if (!close)
			return NULL;
		size = strlen(path) + strlen(close) + 8 * 512;
		if (!(out = malloc(size)))
			return NULL;
		used = (size_t)snprintf(out, size, "%s: ", path);
		while (p < close && used < size) {
			char *end;
			const char *label = "a row";
			line = strtol(p, &end, 10);
			if (end == p) {
				used += (size_t)snprintf(out + used, size - used, "...");
				break;
			}
			for (size_t i = 0; i < o->n && o->rows[i].line <= line; i++)
				label = o->rows[i].label;
			used += (size_t)snprintf(out + used, size - used, "%s%s", p == strchr(rest, '(') + 1
			                         ? "" : ", ", label);
			p = end;
			while (*p == ',' || *p == ' ')
				p++;
		}
		if (used < size)
			snprintf(out + used, size - used, "%s", close + 1);
		return out;
	}
	if (o) {
		char *end;
		line = strtol(rest, &end, 10);
		rest = *end == ':' ? end + 1 : end;
		while (*rest == ' ')
			rest++;
	}
	size = strlen(path) + strlen(rest) + 512;
	if (!(out = malloc(size)))
		return NULL;
	if (o && line <= 1) {
		snprintf(out, size, "%s: %s", path, rest);
	} else if (o) {
		const char *label = "a row";
		for (size_t i = 0; i < o->n && o->rows[i].line <= line; i++)
			label = o->rows[i].label;
		snprintf(out, size, "%s: %s: %s", path, label, rest);
	} else {
		snprintf(out, size, "%s: %s", path, problem);
	}
	return out;
}

static co_status write_temp_csv(const char *dir, const char *file, const igraph_t *g,
                                const char *const *keys, origins *o,
                                co_status (*writer)(FILE *, const igraph_t *,
                                                    const char *const *, origins *))
{
	char path[4096];
	FILE *out;
	co_status status;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (!(out = fopen(path, "w")))
		return co_error_set(CO_EIO, "cannot write %s: %s", path, strerror(errno));
	status = writer(out, g, keys, o);
	if (fclose(out) != 0 && status == CO_OK)
		status = co_error_set(CO_EIO, "cannot write %s: %s", path, strerror(errno));
	return status;
}

static void remove_temp_dir(const char *dir)
{
	static const char *const files[] = {"orgs.csv", "ties.csv"};
	char path[4096];

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

/* Writes code point cp as UTF-8 at out; returns the bytes written. */
static int utf8_put(char *out, long cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* A copy of `s` with "&#N;" and "&#xH;" replaced by their characters (the
 * rest as it is), or NULL when out of memory.  UTF-8 is never longer than
 * the reference it replaces. */
static char *decode_text(const char *s)
{
	char *out = malloc(strlen(s) + 1), *w = out;

	while (out && *s) {
		char *end;
		long cp = -1;
		if (s[0] == '&' && s[1] == '#') {
			int hex = s[2] == 'x' || s[2] == 'X';
			cp = (s[2 + hex] >= '0' && s[2 + hex] <= '9') ||
			     (hex && isxdigit((unsigned char)s[3])) ? strtol(s + 2 + hex, &end, hex ? 16 : 10)
			                                            : -1;
			if (cp <= 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || *end != ';')
				cp = -1;
		}
		if (cp < 0) {
			*w++ = *s++;
			continue;
		}
		w += utf8_put(w, cp);
		s = end + 1;
	}
	if (out)
		*w = '\0';
	return out;
}

/* Decodes the numeric character references in every string attribute of a
 * graph read from GML (igraph 0.10 keeps them verbatim; our GML is ASCII). */
static co_status decode_references(igraph_t *g)
{
	igraph_strvector_t vnames, enames;
	igraph_vector_int_t vtypes, etypes;
	co_status status;
	int ready = 0;

	/* ready counts the vectors made, so that only those are destroyed */
	if (igraph_strvector_init(&vnames, 0) == IGRAPH_SUCCESS && ++ready &&
	    igraph_strvector_init(&enames, 0) == IGRAPH_SUCCESS && ++ready &&
	    igraph_vector_int_init(&vtypes, 0) == IGRAPH_SUCCESS && ++ready &&
	    igraph_vector_int_init(&etypes, 0) == IGRAPH_SUCCESS && ++ready)
		status = igraph_cattribute_list(g, NULL, NULL, &vnames, &vtypes, &enames, &etypes)
		         == IGRAPH_SUCCESS ? CO_OK : CO_EGRAPH;
	else
		status = co_error_set(CO_ENOMEM, "out of memory reading GML");
	for (int edges = 0; status == CO_OK && edges < 2; edges++) {
		igraph_strvector_t *names = edges ? &enames : &vnames;
		igraph_vector_int_t *types = edges ? &etypes : &vtypes;
		igraph_integer_t n = edges ? igraph_ecount(g) : igraph_vcount(g);
		for (igraph_integer_t a = 0; status == CO_OK && a < igraph_strvector_size(names); a++) {
			const char *name = igraph_strvector_get(names, a);
			if (VECTOR(*types)[a] != IGRAPH_ATTRIBUTE_STRING)
				continue;
			for (igraph_integer_t i = 0; status == CO_OK && i < n; i++) {
				const char *text = edges ? EAS(g, name, i) : VAS(g, name, i);
				char *decoded;
				if (!strstr(text, "&#"))
					continue;
				if (!(decoded = decode_text(text)))
					status = co_error_set(CO_ENOMEM, "out of memory reading GML");
				else if ((edges ? igraph_cattribute_EAS_set(g, name, i, decoded)
				                : igraph_cattribute_VAS_set(g, name, i, decoded)) != IGRAPH_SUCCESS)
					status = CO_EGRAPH;
				free(decoded);
			}
		}
	}
	if (ready > 0)
		igraph_strvector_destroy(&vnames);
	if (ready > 1)
		igraph_strvector_destroy(&enames);
	if (ready > 2)
		igraph_vector_int_destroy(&vtypes);
	if (ready > 3)
		igraph_vector_int_destroy(&etypes);
	return status;
}

co_status co_import_graph(co_import_result *result, co_store *store, const char *path,
                          const char *format, const co_import_options *options)
{
	static const char *const key_attrs_graphml[] = {"key", "id", NULL};
	static const char *const key_attrs_gml[] = {"key", "label", "name", "id", NULL};
	igraph_attribute_table_t *previous = NULL;
	igraph_t graph;
	int have_graph = 0, graphml;
	char **keys = NULL;
	char dir[4096] = "";
	origins orgs = {0}, ties = {0};
	FILE *in = NULL;
	co_status status = CO_OK;
	const char *tmp = getenv("TMPDIR");

	memset(result, 0, sizeof(*result));
	if (strcmp(format, "graphml") != 0 && strcmp(format, "gml") != 0)
		return co_error_set(CO_EINVAL, "cannot import format '%s' (expected graphml or gml)",
		                    format);
	graphml = format[1] == 'r';
	if (!(in = fopen(path, "r")))
		return co_error_set(errno == ENOENT ? CO_ENOTFOUND : CO_EIO, "cannot open %s: %s",
		                    path, strerror(errno));
	co_error_install_igraph_handler();
	/* igraph keeps attributes only while an attribute table is installed;
	 * it is global, so it is restored once this graph is gone. */
	previous = igraph_set_attribute_table(&igraph_cattribute_table);
	if ((graphml ? igraph_read_graph_graphml(&graph, in, 0)
	             : igraph_read_graph_gml(&graph, in)) != IGRAPH_SUCCESS) {
		char reason[512];
		snprintf(reason, sizeof(reason), "%s", co_error_last());
		status = co_error_set(CO_EINVAL, "cannot read %s as %s: %s", path,
		                      graphml ? "GraphML" : "GML", reason);
		goto done;
	}
	have_graph = 1;
	if (!graphml && (status = decode_references(&graph)) != CO_OK)
		goto done;
	if (!(keys = calloc((size_t)igraph_vcount(&graph) + 1, sizeof(char *)))) {
		status = co_error_set(CO_ENOMEM, "out of memory importing %s", path);
		goto done;
	}
	for (igraph_integer_t v = 0; v < igraph_vcount(&graph); v++) {
		char buf[64];
		const char *key = first_text(&graph, v, graphml ? key_attrs_graphml : key_attrs_gml,
		                             buf, sizeof(buf));
		if (!(keys[v] = strdup(key))) {
			status = co_error_set(CO_ENOMEM, "out of memory importing %s", path);
			goto done;
		}
	}
	snprintf(dir, sizeof(dir), "%s/coalition-import-XXXXXX", tmp && tmp[0] ? tmp : P_tmpdir);
	if (!mkdtemp(dir)) {
		status = co_error_set(CO_EIO, "cannot make a temporary directory %s: %s", dir,
		                      strerror(errno));
		dir[0] = '\0';
		goto done;
	}
	if ((status = write_temp_csv(dir, "orgs.csv", &graph, (const char *const *)keys, &orgs,
	                             write_graph_orgs)) != CO_OK ||
	    (status = write_temp_csv(dir, "ties.csv", &graph, (const char *const *)keys, &ties,
	                             write_graph_ties)) != CO_OK)
		goto done;
	status = co_import_dir(result, store, dir, options);
	/* Notes too: "orgs.csv:1" would name a temporary file the user never saw. */
	for (size_t i = 0; i < result->n_notes; i++) {
		char *better = translate_problem(result->notes[i], path, &orgs, &ties);
		if (better) {
			free(result->notes[i]);
			result->notes[i] = better;
		}
	}
	if (status != CO_OK) {
		/* Name the file and its nodes and edges, not the CSV lines. */
		for (size_t i = 0; i < result->n_problems; i++) {
			char *better = translate_problem(result->problems[i], path, &orgs, &ties);
			if (better) {
				free(result->problems[i]);
				result->problems[i] = better;
			}
		}
		if (result->n_problems > 0)
			co_error_set(status, "%s", result->problems[0]);
		else {
			char *better = translate_problem(co_error_last(), path, &orgs, &ties);
			if (better) {
				co_error_set(status, "%s", better);
				free(better);
			}
		}
	}
done:
	if (dir[0])
		remove_temp_dir(dir);
	origins_free(&orgs);
	origins_free(&ties);
	if (keys)
		for (igraph_integer_t v = 0; have_graph && v < igraph_vcount(&graph); v++)
			free(keys[v]);
	free(keys);
	if (have_graph)
		igraph_destroy(&graph);
	igraph_set_attribute_table(previous);
	fclose(in);
	return status;
}
