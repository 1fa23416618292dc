/*
 * fuzz_export.c - fuzz target for the single-file exports (co_export_stream:
 * GraphML, GEXF, GML, DOT, JSON) of whatever a store may hold.
 *
 * Input: one byte of view flags (bit 0 --public, bit 1 --federation, bit 2
 * --events, bits 3-5 --rollup parent/top/state/kind), then records
 * separated by the byte 0x1E, each a type byte and fields separated by
 * 0x1F.  The fields are stored as they are, bytes that are not UTF-8 and
 * control characters included (a store written by other tools than
 * `import`, which refuses them):
 *   'o' org:       key, name, kind (byte), state, city, lat, lon, founded, issues
 *   't' tie:       source (byte), target (byte), kind (byte), sign (byte),
 *                  weight, start, end, note, flags (byte: directed, private)
 *   'a' alias:     org (byte), alias
 *   'm' metric:    org (byte), name, value
 *   'x' attribute: org (byte), name, value
 *   'e' event:     key, name, date, then the orgs taking part (one byte each)
 * A row the schema refuses (a duplicate key, a missing org) is left out.
 *
 * Every output must parse with an independent reader, or the export must
 * fail with a message: GraphML and GEXF as well-formed XML (libxml2), GML
 * as ASCII that igraph reads, DOT with Graphviz's parser (cgraph), JSON with
 * jansson.  The target aborts otherwise.
 */
#define _XOPEN_SOURCE 700
#include <coalition/coalition.h>

#include <graphviz/cgraph.h>
#include <igraph.h>
#include <libxml/parser.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_FIELDS 12

static const char *const org_kinds[] = {
	"chapter", "national", "ngo", "union", "community", "coalition", "funder", "other",
};
static const char *const tie_kinds[] = {
	"partnership", "campaign", "training", "friction", "endorsement", "funding",
	"affiliation", "federation",
};

typedef struct {
	const char *text[MAX_FIELDS];
	int size[MAX_FIELDS];
	size_t n;
} record;

static void split(record *r, const uint8_t *p, const uint8_t *end)
{
	r->n = 0;
	while (r->n < MAX_FIELDS) {
		const uint8_t *sep = memchr(p, 0x1F, (size_t)(end - p));
		const uint8_t *stop = sep ? sep : end;
		r->text[r->n] = (const char *)p;
		r->size[r->n++] = (int)(stop - p);
		if (!sep)
			break;
		p = sep + 1;
	}
	for (size_t i = r->n; i < MAX_FIELDS; i++) {
		r->text[i] = "";
		r->size[i] = 0;
	}
}

static unsigned byte(const record *r, size_t i)
{
	return r->size[i] ? (unsigned char)r->text[i][0] : 0;
}

/* A field as a number (NULL when it is not one). */
static void bind_number(sqlite3_stmt *st, int index, const record *r, size_t i)
{
	char buf[64];
	char *end;
	double x;

	snprintf(buf, sizeof(buf), "%.*s", r->size[i] < 63 ? r->size[i] : 63, r->text[i]);
	x = strtod(buf, &end);
	if (end == buf)
		sqlite3_bind_null(st, index);
	else
		sqlite3_bind_double(st, index, x);
}

static void bind_field(sqlite3_stmt *st, int index, const record *r, size_t i)
{
	sqlite3_bind_text(st, index, r->text[i], r->size[i], SQLITE_TRANSIENT);
}

/* The id of the org that byte b picks among n_orgs (1-based row ids). */
static sqlite3_int64 org_id(unsigned b, int n_orgs)
{
	return n_orgs > 0 ? 1 + (sqlite3_int64)(b % (unsigned)n_orgs) : 1;
}

static void run(sqlite3 *db, const char *sql, const record *r, int n_orgs, char type)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		abort(); /* the target's own SQL */
	switch (type) {
	case 'o':
		bind_field(st, 1, r, 0);
		bind_field(st, 2, r, 1);
		sqlite3_bind_text(st, 3, org_kinds[byte(r, 2) % 8], -1, SQLITE_STATIC);
		bind_field(st, 4, r, 3);
		bind_field(st, 5, r, 4);
		bind_number(st, 6, r, 5);
		bind_number(st, 7, r, 6);
		bind_field(st, 8, r, 7);
		bind_field(st, 9, r, 8);
		break;
	case 't':
		sqlite3_bind_int64(st, 1, org_id(byte(r, 0), n_orgs));
		sqlite3_bind_int64(st, 2, org_id(byte(r, 1), n_orgs));
		sqlite3_bind_text(st, 3, tie_kinds[byte(r, 2) % 8], -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 4, byte(r, 3) & 1 ? -1 : 1);
		bind_number(st, 5, r, 4);
		bind_field(st, 6, r, 5);
		bind_field(st, 7, r, 6);
		bind_field(st, 8, r, 7);
		sqlite3_bind_int(st, 9, byte(r, 8) & 1);
		sqlite3_bind_int(st, 10, (byte(r, 8) >> 1) & 1);
		break;
	case 'a':
	case 'm':
	case 'x':
		sqlite3_bind_int64(st, 1, org_id(byte(r, 0), n_orgs));
		bind_field(st, 2, r, 1);
		if (type == 'm')
			bind_number(st, 3, r, 2);
		else
			bind_field(st, 3, r, 2);
		break;
	case 'e':
		bind_field(st, 1, r, 0);
		bind_field(st, 2, r, 1);
		bind_field(st, 3, r, 2);
		break;
	}
	(void)sqlite3_step(st); /* a row the schema refuses is left out */
	sqlite3_finalize(st);
}

static void participants(sqlite3 *db, const record *r, int n_orgs)
{
	sqlite3_stmt *st = NULL;
	sqlite3_int64 event = sqlite3_last_insert_rowid(db);

	if (sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO participation(event_id, org_id)"
	                       " VALUES (?1, ?2)", -1, &st, NULL) != SQLITE_OK)
		abort();
	for (int i = 0; i < r->size[3]; i++) {
		sqlite3_bind_int64(st, 1, event);
		sqlite3_bind_int64(st, 2, org_id((unsigned char)r->text[3][i], n_orgs));
		(void)sqlite3_step(st);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
}

static void fill(co_store *store, const uint8_t *p, const uint8_t *end)
{
	sqlite3 *db = co_store_db(store);
	int n_orgs = 0;
	record r;

	if (co_store_exec(store, "INSERT INTO runs(command, params) VALUES ('fuzz', '{}')") != CO_OK)
		abort();
	while (p < end) {
		const uint8_t *sep = memchr(p, 0x1E, (size_t)(end - p));
		const uint8_t *stop = sep ? sep : end;
		char type = (char)*p;
		split(&r, p + 1, stop);
		switch (type) {
		case 'o':
			run(db, "INSERT OR IGNORE INTO orgs(key, name, kind, state, city, lat, lon,"
			    " placed, founded, issues) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
			    " CASE WHEN ?6 IS NULL OR ?7 IS NULL THEN 'none' ELSE 'file' END, ?8, ?9)",
			    &r, n_orgs, type);
			n_orgs = (int)sqlite3_last_insert_rowid(db);
			break;
		case 't':
			run(db, "INSERT OR IGNORE INTO ties(source_id, target_id, kind, sign, weight,"
			    " start, end, note, directed, private) VALUES (?1, ?2, ?3, ?4,"
			    " ifnull(?5, 1), nullif(?6, ''), nullif(?7, ''), ?8, ?9, ?10)",
			    &r, n_orgs, type);
			break;
		case 'a':
			run(db, "INSERT OR IGNORE INTO aliases(org_id, alias) VALUES (?1, ?2)", &r, n_orgs,
			    type);
			break;
		case 'm':
			run(db, "INSERT OR IGNORE INTO metrics(run_id, org_id, name, value)"
			    " VALUES (1, ?1, ?2, ?3)", &r, n_orgs, type);
			break;
		case 'x':
			run(db, "INSERT OR IGNORE INTO attributes(owner, owner_id, name, value)"
			    " VALUES ('org', ?1, ?2, ?3)", &r, n_orgs, type);
			break;
		case 'e':
			run(db, "INSERT OR IGNORE INTO events(key, name, kind, date) VALUES (?1, ?2,"
			    " 'day_of_action', ?3)", &r, n_orgs, type);
			participants(db, &r, n_orgs);
			break;
		}
		p = sep ? sep + 1 : end;
	}
}

/* The checks of one format's output (buf, n bytes); aborts on a failure. */
static void check(co_graph_format format, const char *buf, size_t n)
{
	static const char *const names[] = {"graphml", "gexf", "gml", "dot", "csv", "json"};
	const char *name = names[format];
	int ok = 1;

	if (format == CO_GRAPH_GRAPHML || format == CO_GRAPH_GEXF) {
		xmlDocPtr doc = xmlReadMemory(buf, (int)n, NULL, NULL,
		                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
		ok = doc != NULL;
		xmlFreeDoc(doc);
	} else if (format == CO_GRAPH_JSON) {
		json_error_t error;
		json_t *doc = json_loadb(buf, n, 0, &error);
		ok = doc != NULL;
		if (!ok)
			fprintf(stderr, "json: %s at %d\n", error.text, error.position);
		json_decref(doc);
	} else if (format == CO_GRAPH_GML) {
		FILE *in = fmemopen((void *)buf, n, "r");
		igraph_t g;
		for (size_t i = 0; i < n && ok; i++)
			ok = (unsigned char)buf[i] < 0x80;
		co_error_install_igraph_handler(); /* igraph's own aborts */
		if (ok && in && igraph_read_graph_gml(&g, in) == IGRAPH_SUCCESS)
			igraph_destroy(&g);
		else
			ok = 0;
		if (in)
			fclose(in);
	} else if (format == CO_GRAPH_DOT) {
		char *text = malloc(n + 1);
		Agraph_t *g;
		if (!text)
			return;
		memcpy(text, buf, n);
		text[n] = '\0';
		ok = (g = agmemread(text)) != NULL;
		if (g)
			agclose(g);
		free(text);
	}
	if (!ok) {
		fprintf(stderr, "the %s export does not parse:\n%.*s\n", name, (int)(n < 4000 ? n : 4000),
		        buf);
		abort();
	}
}

static void export_all(co_store *store, const co_network *net)
{
	static const co_graph_format formats[] = {
		CO_GRAPH_GRAPHML, CO_GRAPH_GEXF, CO_GRAPH_GML, CO_GRAPH_DOT, CO_GRAPH_JSON,
	};

	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		char *buf = NULL;
		size_t n = 0;
		FILE *out = open_memstream(&buf, &n);
		co_status status;
		if (!out)
			return;
		status = co_export_stream(out, store, net, formats[i]);
		if (fclose(out) != 0 || !buf) {
			free(buf);
			return;
		}
		if (status == CO_OK)
			check(formats[i], buf, n);
		else if (co_error_last()[0] == '\0') {
			fprintf(stderr, "a failed export set no message\n");
			abort();
		}
		free(buf);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const rollups[] = {"parent", "top", "state", "kind"};
	co_store *store = NULL;
	co_network *net = NULL;
	co_view view;
	unsigned flags;

	if (size < 1)
		return 0;
	flags = data[0];
	if (co_store_open(&store, ":memory:", CO_STORE_CREATE) != CO_OK)
		abort();
	fill(store, data + 1, data + size);
	co_view_init(&view);
	if (flags & 1)
		(void)co_view_set(&view, "public", NULL);
	if (flags & 2)
		(void)co_view_set(&view, "federation", NULL);
	if (flags & 4)
		(void)co_view_set(&view, "events", NULL);
	if ((flags >> 3) & 7)
		(void)co_view_set(&view, "rollup", rollups[((flags >> 3) & 7) % 4]);
	if (co_network_build(&net, store, &view) == CO_OK)
		export_all(store, net);
	else if (co_error_last()[0] == '\0') {
		fprintf(stderr, "a failed network build set no message\n");
		abort();
	}
	co_network_free(net);
	co_view_free(&view);
	co_store_close(store);
	return 0;
}
