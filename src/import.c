/*
 * import.c - reads a directory of CSV files into the store (DESIGN.md
 * section 4).
 *
 * Parsing is libcsv's, in strict RFC 4180 mode.  Each file is read one
 * physical line at a time (getline) and fed to the parser, which lets us
 * check every line for NUL bytes and invalid UTF-8 and know the line on
 * which each record starts, for "FILE:LINE: problem" messages.  Records are
 * copied into one reusable buffer: no allocation per row.
 *
 * Everything happens inside one write transaction.  The headers of all files
 * are checked first (a broken header would make every row look wrong); then
 * sources, orgs, events, ties and participation are read in that order, so
 * that each file's references resolve against what came before and against
 * what the store already holds.  Org keys and aliases share one in-memory
 * hash (orgs number in the hundreds of thousands at most), so the million
 * ties of a big import resolve without a query each; ties themselves are
 * streamed into prepared UPSERT statements and never held in memory.
 * Parents and aliases are resolved after all orgs are read, so a parent may
 * come later in the file, and parent cycles are searched over the store and
 * the file together.
 *
 * Text rules (GLib's Unicode tables): keys, aliases and the references
 * to them are rewritten in Unicode normal form C, so `café` typed composed
 * or decomposed is one key; keys that differ only in letter case get a note
 * (likely one org typed twice); keys may hold no Unicode space other than
 * U+0020 and no invisible format character (zero-width space and joiners,
 * byte order mark, direction marks), names and aliases none at their edges,
 * and no text a noncharacter (U+FFFE ...), each refused with where and how
 * to fix it.
 *
 * Any problem stops all writing (validation goes on, to list every bad
 * row) and the transaction is rolled back: the store is left exactly as it
 * was.  --dry-run rolls back a complete import.
 */
#include "coalition/import.h"
#include "coalition/events.h"
#include "coalition/view.h"
#include "changes.h"
#include "import_batch.h"
#include "import_places.h"

#include <csv.h>
#include <errno.h>
#include <glib.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* Strings that live as long as the import: one bump allocator.        */

typedef struct arena_block {
	struct arena_block *next;
	size_t used, size;
	char data[];
} arena_block;

#define ARENA_BLOCK_SIZE 65536

static char *arena_copy(arena_block **head, const char *s, size_t n)
{
	arena_block *b = *head;
	char *out;

	if (!b || b->size - b->used < n + 1) {
		size_t size = n + 1 > ARENA_BLOCK_SIZE ? n + 1 : ARENA_BLOCK_SIZE;
		if (!(b = malloc(sizeof(*b) + size)))
			return NULL;
		b->next = *head;
		b->used = 0;
		b->size = size;
		*head = b;
	}
	out = b->data + b->used;
	memcpy(out, s, n);
	out[n] = '\0';
	b->used += n + 1;
	return out;
}

static void arena_free(arena_block *b)
{
	while (b) {
		arena_block *next = b->next;
		free(b);
		b = next;
	}
}

/* ------------------------------------------------------------------ */
/* A string -> index hash with open addressing.                          */

typedef struct {
	const char *name;  /* in the arena */
	uint32_t hash;
	uint32_t value;
} map_entry;

typedef struct {
	map_entry *entries;
	size_t n, cap;
	uint32_t *slots;   /* entry index + 1; 0 = empty */
	size_t n_slots;    /* a power of two, at least twice n */
} strmap;

#define NONE UINT32_MAX            /* value of an entry that no longer counts */
#define ALIAS_BIT 0x80000000u      /* in the org names map: the entry is an alias */

static uint32_t hash_text(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 16777619u;
	}
	return h;
}

static map_entry *map_find(const strmap *m, const char *name)
{
	uint32_t h;
	size_t mask;

	if (!m->n_slots)
		return NULL;
	h = hash_text(name);
	mask = m->n_slots - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		uint32_t slot = m->slots[i];
		map_entry *e;
		if (!slot)
			return NULL;
		e = &m->entries[slot - 1];
		if (e->hash == h && strcmp(e->name, name) == 0)
			return e;
	}
}

static void map_place(strmap *m, size_t index)
{
	size_t mask = m->n_slots - 1;
	size_t i = m->entries[index].hash & mask;

	while (m->slots[i])
		i = (i + 1) & mask;
	m->slots[i] = (uint32_t)index + 1;
}

/* Adds `name` (which must be absent) with `value`.  Returns 0 when out of memory. */
static int map_add(strmap *m, arena_block **arena, const char *name, uint32_t value)
{
	map_entry *e;

	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 256;
		map_entry *grown = realloc(m->entries, cap * sizeof(*grown));
		if (!grown)
			return 0;
		m->entries = grown;
		m->cap = cap;
	}
	if (2 * (m->n + 1) > m->n_slots) {
		size_t n_slots = m->n_slots ? 2 * m->n_slots : 512;
		uint32_t *slots = calloc(n_slots, sizeof(*slots));
		if (!slots)
			return 0;
		free(m->slots);
		m->slots = slots;
		m->n_slots = n_slots;
		for (size_t i = 0; i < m->n; i++)
			map_place(m, i);
	}
	e = &m->entries[m->n];
	if (!(e->name = arena_copy(arena, name, strlen(name))))
		return 0;
	e->hash = hash_text(name);
	e->value = value;
	map_place(m, m->n++);
	return 1;
}

static void map_free(strmap *m)
{
	free(m->entries);
	free(m->slots);
}

/* ------------------------------------------------------------------ */
/* A Bloom filter of the ties this import wrote.                        */

/*
 * A row without an id asks whether its tie is stored with its ends swapped
 * (swapped_tie).  When one of its orgs is new, only a tie written earlier
 * in this import can be, and this filter answers "certainly not" without
 * asking the store; asking for every tie made the import of a new store a
 * third slower (callgrind).  A "maybe" is confirmed by the store, so a
 * false positive costs one query, never a wrong answer.  Sized from
 * ties.csv: a bit for every 4 bytes (a tie's row is some 50 bytes: about
 * 1% false positives with 4 probes), 2 MB for a million ties, at most 16 MB.
 */
typedef struct {
	uint64_t *words;   /* NULL until the first tie */
	uint64_t mask;     /* bits - 1, bits a power of two */
	uint64_t size;     /* bytes of ties.csv, for the size */
} tie_filter;

#define TIE_FILTER_PROBES 4
#define TIE_FILTER_MIN_BITS (1u << 16)
#define TIE_FILTER_MAX_BITS (1u << 27)

static uint64_t tie_hash(int32_t source, int32_t target, const char *kind, const char *start)
{
	uint64_t h = 14695981039346656037u;
	uint32_t ends[2] = {(uint32_t)source, (uint32_t)target};
	const unsigned char *p = (const unsigned char *)ends;

	for (size_t i = 0; i < sizeof(ends); i++)
		h = (h ^ p[i]) * 1099511628211u;
	for (p = (const unsigned char *)kind; *p; p++)
		h = (h ^ *p) * 1099511628211u;
	h = (h ^ 0xffu) * 1099511628211u; /* no UTF-8 byte: kind and start stay apart */
	for (p = (const unsigned char *)start; *p; p++)
		h = (h ^ *p) * 1099511628211u;
	return h ^ (h >> 29);
}

/* Probe k of hash h: h1 + k * h2 (Kirsch and Mitzenmacher). */
static uint64_t filter_bit(const tie_filter *f, uint64_t h, int k)
{
	return ((h & 0xffffffffu) + (uint64_t)k * ((h >> 32) | 1u)) & f->mask;
}

static int filter_has(const tie_filter *f, uint64_t h)
{
	if (!f->words)
		return 0;
	for (int k = 0; k < TIE_FILTER_PROBES; k++) {
		uint64_t bit = filter_bit(f, h, k);
		if (!(f->words[bit >> 6] & (UINT64_C(1) << (bit & 63))))
			return 0;
	}
	return 1;
}

/* Returns 0 when out of memory. */
static int filter_add(tie_filter *f, uint64_t h)
{
	if (!f->words) {
		uint64_t bits = TIE_FILTER_MIN_BITS;
		while (bits < f->size / 4 && bits < TIE_FILTER_MAX_BITS)
			bits *= 2;
		if (!(f->words = calloc(bits / 64, sizeof(*f->words))))
			return 0;
		f->mask = bits - 1;
	}
	for (int k = 0; k < TIE_FILTER_PROBES; k++) {
		uint64_t bit = filter_bit(f, h, k);
		f->words[bit >> 6] |= UINT64_C(1) << (bit & 63);
	}
	return 1;
}

/* ------------------------------------------------------------------ */
/* What the import knows about orgs, events and sources.                */

typedef struct {
	int64_t id;              /* row id in the store; 0 while not written */
	const char *key;         /* in the arena */
	const char *parent_key;  /* parent cell of orgs.csv (arena), NULL if empty */
	const char *aliases;     /* aliases cell of orgs.csv (arena), NULL if empty */
	int32_t parent;          /* index of the parent org, -1 for none */
	int32_t inserted_parent; /* the parent a new org's row was inserted with, -1 for none */
	uint32_t line;           /* line in orgs.csv; 0 if the org is only in the store */
	unsigned char existed;   /* was in the store before this import */
	unsigned char changed;   /* already counted in orgs_changed */
	unsigned char color;     /* parent cycle search */
} org_rec;

typedef struct {
	int64_t id;              /* row id; 0 while not written */
	uint32_t line;           /* line in the file; 0 if only in the store */
} key_rec;

/* Events or sources: rows identified by a key. */
typedef struct {
	const char *what;        /* "event", "source" */
	strmap keys;             /* key -> index in recs */
	key_rec *recs;
	size_t n, cap;
	int incomplete;          /* its file could not be read to the end */
} keyed_table;

enum {
	ST_ORG_BATCH, ST_ORG_UPDATE, ST_ORG_PARENT, ST_ALIAS_LIST, ST_ALIAS_DELETE,
	ST_ALIAS_INSERT, ST_EVENT_INSERT, ST_EVENT_UPDATE, ST_SOURCE_INSERT,
	ST_SOURCE_UPDATE, ST_TIE_UPSERT, ST_TIE_FIND, ST_TIE_SOURCES_LIST,
	ST_TIE_SOURCES_DELETE, ST_TIE_SOURCE_INSERT, ST_PART_UPSERT, ST_OBS_UPSERT,
	ST_ORG_KIND_INSERT, ST_TIE_KIND_INSERT, ST_ATTR_UPSERT, ST_ATTR_DELETE, ST_ORG_PLACED,
	ST_EVENT_SOURCES_LIST, ST_EVENT_SOURCES_DELETE, ST_EVENT_SOURCE_INSERT, ST_TIE_BY_KEY,
	ST_TIE_UPDATE, ST_PART_ROWID, ST_OBS_ROWID, ST_TIE_BATCH, ST_ATTR_BATCH, N_STATEMENTS
};

/* The virtual tables of the batched rows (import_batch.c, flush_ties()). */
#define ORG_BATCH_TABLE "co_import_orgs"
#define ORG_BATCH_COLUMNS 13
#define TIE_BATCH_TABLE "co_import_ties"
#define ATTR_BATCH_TABLE "co_import_attributes"
#define TIE_BATCH_COLUMNS 10
#define ATTR_BATCH_COLUMNS 4
/* Rows a batch holds before it is written: 8192 ties are some 2 MB. */
#define BATCH_MAX_ROWS 8192

static const char *const statement_sql[N_STATEMENTS] = {
	/* New orgs, batched (batch_org()). */
	[ST_ORG_BATCH] =
		"INSERT INTO orgs(key, name, kind, state, city, lat, lon, founded, issues, country,"
		" placed, ended, parent_id)"
		" SELECT c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12 FROM " ORG_BATCH_TABLE,
	[ST_ORG_UPDATE] =
		"UPDATE orgs SET name = ?2, kind = ?3, state = ?4, city = ?5, lat = ?6, lon = ?7,"
		" founded = ?8, issues = ?9, country = ?10, placed = ?11, ended = ?12"
		" WHERE id = ?1 AND (name IS NOT ?2 OR kind IS NOT ?3"
		" OR state IS NOT ?4 OR city IS NOT ?5 OR lat IS NOT ?6 OR lon IS NOT ?7"
		" OR founded IS NOT ?8 OR issues IS NOT ?9 OR country IS NOT ?10 OR placed IS NOT ?11"
		" OR ended IS NOT ?12)",
	[ST_ORG_PARENT] =
		"UPDATE orgs SET parent_id = ?2 WHERE id = ?1 AND parent_id IS NOT ?2",
	[ST_ALIAS_LIST] = "SELECT alias FROM aliases WHERE org_id = ?1",
	[ST_ALIAS_DELETE] = "DELETE FROM aliases WHERE alias = ?1",
	[ST_ALIAS_INSERT] = "INSERT INTO aliases(org_id, alias) VALUES (?1, ?2)",
	[ST_EVENT_INSERT] =
		"INSERT INTO events(key, name, kind, date, state, city, campaign, country, lat, lon,"
		" placed, turnout_low, turnout_high)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
	[ST_EVENT_UPDATE] =
		"UPDATE events SET name = ?2, kind = ?3, date = ?4, state = ?5, city = ?6,"
		" campaign = ?7, country = ?8, lat = ?9, lon = ?10, placed = ?11,"
		" turnout_low = ?12, turnout_high = ?13"
		" WHERE id = ?1 AND (name IS NOT ?2 OR kind IS NOT ?3 OR date IS NOT ?4"
		" OR state IS NOT ?5 OR city IS NOT ?6 OR campaign IS NOT ?7 OR country IS NOT ?8"
		" OR lat IS NOT ?9 OR lon IS NOT ?10 OR placed IS NOT ?11"
		" OR turnout_low IS NOT ?12 OR turnout_high IS NOT ?13)",
	[ST_SOURCE_INSERT] =
		"INSERT INTO sources(key, citation, url, published, private) VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_SOURCE_UPDATE] =
		"UPDATE sources SET citation = ?2, url = ?3, published = ?4, private = ?5"
		" WHERE id = ?1 AND (citation IS NOT ?2 OR url IS NOT ?3 OR published IS NOT ?4"
		" OR private IS NOT ?5)",
	/* The conflict target is the unique index ties_identity (store.c).  A
	 * row without an id (?12 NULL) leaves a stored tie's key as it is; a row
	 * with one comes here only to add its tie (tie_key_lookup). */
	[ST_TIE_UPSERT] =
		"INSERT INTO ties(source_id, target_id, kind, sign, weight, start, end, directed,"
		" note, private, key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?12)"
		/* ?11 = 0: the row gives no private value, and a stored tie keeps its
		 * own (a file without the column must not make a private tie public) */
		" ON CONFLICT(source_id, target_id, kind, ifnull(start, '')) DO UPDATE SET"
		" sign = excluded.sign, weight = excluded.weight, end = excluded.end,"
		" directed = excluded.directed, note = excluded.note,"
		" private = CASE WHEN ?11 THEN excluded.private ELSE private END"
		" WHERE sign IS NOT excluded.sign OR weight IS NOT excluded.weight"
		" OR end IS NOT excluded.end OR directed IS NOT excluded.directed"
		" OR note IS NOT excluded.note OR (?11 AND private IS NOT excluded.private)",
	[ST_TIE_FIND] =
		"SELECT id, private, key, directed FROM ties WHERE source_id = ?1 AND target_id = ?2"
		" AND kind = ?3 AND ifnull(start, '') = ?4",
	[ST_TIE_BY_KEY] =
		"SELECT id, source_id, target_id, kind, start, private, directed FROM ties WHERE key = ?1",
	/* A tie found by its key (?13 its row id), or by its identity and given
	 * the row's key: ?1..?12 as in ST_TIE_UPSERT, the ends unchanged. */
	[ST_TIE_UPDATE] =
		"UPDATE ties SET kind = ?3, sign = ?4, weight = ?5, start = ?6, end = ?7,"
		" directed = ?8, note = ?9, private = CASE WHEN ?11 THEN ?10 ELSE private END,"
		" key = ?12"
		" WHERE id = ?13 AND source_id = ?1 AND target_id = ?2"
		" AND (kind IS NOT ?3 OR sign IS NOT ?4 OR weight IS NOT ?5 OR start IS NOT ?6"
		" OR end IS NOT ?7 OR directed IS NOT ?8 OR note IS NOT ?9 OR key IS NOT ?12"
		" OR (?11 AND private IS NOT ?10))",
	/* With --replace: the row a participation or observation row wrote. */
	[ST_PART_ROWID] = "SELECT rowid FROM participation WHERE event_id = ?1 AND org_id = ?2",
	[ST_OBS_ROWID] =
		"SELECT rowid FROM observations WHERE org_id = ?1 AND metric = ?2 AND date = ?3",
	[ST_TIE_SOURCES_LIST] =
		"SELECT source_id FROM tie_sources WHERE tie_id = ?1 ORDER BY source_id",
	[ST_TIE_SOURCES_DELETE] = "DELETE FROM tie_sources WHERE tie_id = ?1",
	[ST_TIE_SOURCE_INSERT] =
		"INSERT OR IGNORE INTO tie_sources(tie_id, source_id) VALUES (?1, ?2)",
	[ST_PART_UPSERT] =
		"INSERT INTO participation(event_id, org_id, role) VALUES (?1, ?2, ?3)"
		" ON CONFLICT(event_id, org_id) DO UPDATE SET role = excluded.role"
		" WHERE role IS NOT excluded.role",
	/* An observation is identified by org, metric and date (store.c). */
	[ST_OBS_UPSERT] =
		"INSERT INTO observations(org_id, date, metric, value, source_id, note)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
		" ON CONFLICT(org_id, metric, date) DO UPDATE SET value = excluded.value,"
		" source_id = excluded.source_id, note = excluded.note"
		" WHERE value IS NOT excluded.value OR source_id IS NOT excluded.source_id"
		" OR note IS NOT excluded.note",
	[ST_ORG_KIND_INSERT] = "INSERT OR IGNORE INTO org_kinds(name) VALUES (?1)",
	[ST_TIE_KIND_INSERT] = "INSERT OR IGNORE INTO tie_kinds(name) VALUES (?1)",
	[ST_ATTR_UPSERT] =
		"INSERT INTO attributes(owner, owner_id, name, value) VALUES (?1, ?2, ?3, ?4)"
		" ON CONFLICT(owner, owner_id, name) DO UPDATE SET value = excluded.value"
		" WHERE value IS NOT excluded.value",
	[ST_ATTR_DELETE] = "DELETE FROM attributes WHERE owner = ?1 AND owner_id = ?2 AND name = ?3",
	/* The batched rows: new ties (no id, no stored tie of that identity:
	 * tie_certainly_new()), and the attributes of new rows, as ST_ATTR_UPSERT
	 * (WHERE 1: SQLite's parser needs it before ON CONFLICT after a SELECT). */
	[ST_TIE_BATCH] =
		"INSERT INTO ties(source_id, target_id, kind, sign, weight, start, end, directed,"
		" note, private) SELECT c0, c1, c2, c3, c4, c5, c6, c7, c8, c9 FROM " TIE_BATCH_TABLE,
	[ST_ATTR_BATCH] =
		"INSERT INTO attributes(owner, owner_id, name, value)"
		" SELECT c0, c1, c2, c3 FROM " ATTR_BATCH_TABLE " WHERE 1"
		" ON CONFLICT(owner, owner_id, name) DO UPDATE SET value = excluded.value"
		" WHERE value IS NOT excluded.value",
	[ST_ORG_PLACED] = "SELECT placed FROM orgs WHERE id = ?1 AND lat = ?2 AND lon = ?3",
	[ST_EVENT_SOURCES_LIST] =
		"SELECT source_id FROM event_sources WHERE event_id = ?1 ORDER BY source_id",
	[ST_EVENT_SOURCES_DELETE] = "DELETE FROM event_sources WHERE event_id = ?1",
	[ST_EVENT_SOURCE_INSERT] =
		"INSERT OR IGNORE INTO event_sources(event_id, source_id) VALUES (?1, ?2)",
};

typedef struct importer importer;
typedef struct reader reader;

/* Which of the rows a table held before the import (row ids 1..max) a row
 * of a file wrote: one bit each (140 KB for a million ties). */
typedef struct {
	unsigned char *bits;
	int64_t max;
} seen_rows;

/* How many lines of a group of identical problems are listed. */
#define GROUP_LINES_SHOWN 5

typedef struct {
	const char *file, *text;     /* in the arena */
	uint32_t lines[GROUP_LINES_SHOWN];
	size_t n_lines;
	int64_t count;
	int is_note;
} problem_group;

/* ------------------------------------------------------------------ */
/* The files and their columns.                                         */

#define MAX_COLUMNS 16
/* The files, in the order of `files` (below), which is the order they are read. */
enum { F_SOURCES, F_ORGS, F_EVENTS, F_TIES, F_PARTICIPATION, F_OBSERVATIONS, N_FILE_KINDS };
/* Columns an import file may have beyond the schema's (kept as attributes). */
#define MAX_EXTRA 64

typedef struct {
	const char *name;          /* file name inside the directory */
	int required;              /* the import fails without it */
	const char *columns[MAX_COLUMNS + 1]; /* NULL-terminated */
	int n_required;            /* the first n_required columns are required */
	const char *column_list;   /* for messages */
	void (*row)(reader *r);
	const char *owner;         /* attributes.owner of its extra columns; NULL: none allowed */
	unsigned date_columns;     /* bit c: column c is a date (M/D/YYYY with --date-order) */
	unsigned name_columns;     /* bit c: column c is a name (whitespace folded) */
	unsigned key_columns;      /* bit c: column c holds keys (NFC-normalised) */
} file_spec;

struct reader {
	importer *im;
	const file_spec *spec;
	struct csv_parser parser;
	char *buf;                 /* fields of the current record, each NUL-terminated */
	size_t len, cap;
	size_t *offsets;           /* where each field starts in buf */
	size_t n_fields, cap_fields;
	int column[MAX_COLUMNS];   /* field index of each spec column, -1 if absent */
	size_t n_header;
	uint32_t line;             /* physical line being fed */
	uint32_t record_line;      /* first line of the record being parsed, 0 if none */
	uint32_t row_line;         /* first line of the record being handled */
	int header_done, header_only, skip_record, failed, absent;
	char country[3];           /* the row's country and state, as checked */
	const char *state_code;
	struct {                   /* an events.csv row, as checked and placed */
		double lat, lon, low, high;  /* NAN when none */
		const char *placed;
	} event;
	int extra[MAX_EXTRA];      /* field index of each extra column (an attribute) */
	const char *extra_name[MAX_EXTRA]; /* its name, in the arena */
	size_t n_extra;
	size_t n_over;             /* extra columns beyond MAX_EXTRA */
	char delimiter;            /* of this file: ',', ';' or '\t' */
};

struct importer {
	co_store *store;
	sqlite3 *db;
	const char *dir;
	co_import_result *res;
	co_status status;          /* a failure that is not bad data (I/O, store, memory) */
	int writing;               /* no problem so far: rows go to the store */
	int stop;                  /* too many problems, or a failure */
	size_t n_bad;              /* problems found, listed or not */
	problem_group *groups;     /* problems and notes, grouped by file and text */
	size_t n_groups, cap_groups;
	strmap group_ids;          /* file and text -> index in groups */
	size_t file_groups;        /* kinds of problem in the file being read */
	int file_capped;           /* that file has CO_IMPORT_MAX_PROBLEMS kinds: stop reading it */
	int strict;                /* --strict: notes are errors */
	int list_changes;          /* record each row added or changed in the result */
	size_t cap_changes;
	char date_order;           /* 'm' (M/D/YYYY), 'd' (D/M/YYYY) or 0 (ISO only) */
	char delimiter;            /* --delimiter, or 0: detected per file */
	arena_block *arena;
	org_rec *orgs;
	size_t n_orgs, cap_orgs;
	strmap names;              /* org keys and aliases -> org index (| ALIAS_BIT) */
	int orgs_incomplete;       /* orgs.csv could not be read to the end */
	keyed_table events, sources;
	strmap org_kinds;          /* org kinds of the store and the files */
	strmap tie_kinds;          /* tie kinds -> TIE_KIND_* bits */
	int64_t ties_before;       /* highest tie id before this import */
	int64_t ties_high;         /* highest tie id so far (batched ties included) */
	co_row_batch *tie_rows;    /* new ties not written yet, the last of them tie ties_high */
	co_row_batch *org_rows;    /* new orgs not written yet, the last of them org orgs_high */
	int64_t orgs_high;         /* highest org id so far (batched orgs included) */
	co_row_batch *attr_rows;   /* attributes of new rows not written yet */
	strmap tie_keys;           /* ids of ties.csv -> the line that gave it */
	tie_filter written;        /* ties written with a new org at an end (swapped_tie) */
	strmap key_folds;          /* org keys case-folded (NFC) -> org index: look-alike keys */
	/* The store's rows that a row of a file wrote, per file (F_*): always
	 * for ties (a tie written twice is a duplicate), for all with replace. */
	seen_rows seen[N_FILE_KINDS];
	int replace;               /* --replace: rows the files lack are deleted */
	int covered[N_FILE_KINDS];            /* with replace: the files read (by F_*), whose tables they replace */
	int64_t *ids;              /* scratch: the source ids of one tie */
	size_t n_ids, cap_ids;
	char *scratch;             /* scratch: one ';'-separated item */
	size_t scratch_cap;
	sqlite3_stmt *st[N_STATEMENTS];
};

/* ------------------------------------------------------------------ */
/* Problems.                                                            */

/*
 * The length in bytes of the control character at s, 0 if none: C0
 * controls and DEL, C1 controls (U+0080-U+009F), and the bidirectional
 * embeddings, overrides (U+202A-U+202E) and isolates (U+2066-U+2069) that
 * make a name display as other text than it holds.
 */
static size_t control_length(const char *s)
{
	unsigned char c = (unsigned char)s[0], c1 = c ? (unsigned char)s[1] : 0;
	unsigned char c2 = c1 ? (unsigned char)s[2] : 0;

	if (c < 0x20 || c == 0x7f)
		return c ? 1 : 0;
	if (c == 0xC2 && c1 >= 0x80 && c1 <= 0x9F)
		return 2;
	if (c == 0xE2 && ((c1 == 0x80 && c2 >= 0xAA && c2 <= 0xAE) ||
	                  (c1 == 0x81 && c2 >= 0xA6 && c2 <= 0xA9)))
		return 3;
	return 0;
}

/*
 * Characters that look like nothing, or like an ordinary space, and so make
 * look-alike keys (GLib's Unicode tables, which follow the Unicode version
 * Debian's GLib was built with): the spaces other than U+0020 (general
 * categories Zs, Zl, Zp: no-break, ideographic, typographic spaces), the
 * format characters (Cf: zero-width space and joiners, the byte order mark,
 * direction marks, soft hyphen), and the noncharacters (U+FDD0-U+FDEF and
 * the last two code points of every plane, such as U+FFFE), which are not
 * text at all and which XML cannot hold.  Input is valid UTF-8 (read_file
 * checks every line).
 */
enum { ODD_NONE, ODD_SPACE, ODD_FORMAT, ODD_NONCHARACTER };

static int odd_char(gunichar c)
{
	GUnicodeType type;

	if (c < 0x80)
		return ODD_NONE;
	if ((c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE)
		return ODD_NONCHARACTER;
	type = g_unichar_type(c);
	if (type == G_UNICODE_SPACE_SEPARATOR || type == G_UNICODE_LINE_SEPARATOR ||
	    type == G_UNICODE_PARAGRAPH_SEPARATOR)
		return ODD_SPACE;
	return type == G_UNICODE_FORMAT ? ODD_FORMAT : ODD_NONE;
}

/* The length in bytes of an odd character (odd_char) at s, 0 if none. */
/* The character at p and its length in bytes, never reading past the
 * string's NUL: a byte that does not start a whole UTF-8 character (the
 * last line of a file reaches here before its UTF-8 check) reads as
 * U+FFFD, one byte long.  g_utf8_get_char() would run past the NUL. */
static gunichar char_at(const char *p, size_t *len)
{
	gunichar c = g_utf8_get_char_validated(p, -1);

	if (c == (gunichar)-1 || c == (gunichar)-2) {
		*len = 1;
		return 0xFFFD;
	}
	*len = (size_t)g_unichar_to_utf8(c, NULL);
	return c;
}

static size_t invisible_length(const char *s)
{
	size_t len;

	if ((unsigned char)*s < 0x80 || !odd_char(char_at(s, &len)))
		return 0;
	return len;
}

/* What an odd character is, for a message: its name for the common ones. */
static void describe_odd(char *buf, size_t size, gunichar c)
{
	static const struct {
		gunichar c;
		const char *name;
	} known[] = {
		{0x00A0, "no-break space"}, {0x00AD, "soft hyphen"}, {0x061C, "Arabic letter mark"},
		{0x1680, "Ogham space mark"}, {0x180E, "Mongolian vowel separator"},
		{0x200B, "zero-width space"}, {0x200C, "zero-width non-joiner"},
		{0x200D, "zero-width joiner"}, {0x200E, "left-to-right mark"},
		{0x200F, "right-to-left mark"}, {0x2028, "line separator"},
		{0x2029, "paragraph separator"}, {0x202F, "narrow no-break space"},
		{0x205F, "medium mathematical space"}, {0x2060, "word joiner"},
		{0x3000, "ideographic space"}, {0xFEFF, "byte order mark, zero-width no-break space"},
	};
	const char *name = NULL;
	int odd = odd_char(c);

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (known[i].c == c)
			name = known[i].name;
	if (!name)
		name = odd == ODD_SPACE ? "a Unicode space" : odd == ODD_FORMAT
		       ? "an invisible format character" : "a noncharacter, not text";
	snprintf(buf, size, "U+%04X (%s)", (unsigned)c, name);
}

#define ODD_BIT(kind) (1u << (kind))
#define ODD_ALL (ODD_BIT(ODD_SPACE) | ODD_BIT(ODD_FORMAT) | ODD_BIT(ODD_NONCHARACTER))

/*
 * The first character of s whose kind (odd_char) is in the mask `kinds`:
 * anywhere (edges_only 0), or only as its first or last character
 * (edges_only 1).  Returns it, with its position in characters (from 1) in
 * *position; 0 if none.
 */
static gunichar find_odd(const char *s, unsigned kinds, int edges_only, long *position)
{
	long i = 0;

	size_t len;

	for (const char *p = s; *p; p += len) {
		gunichar c = char_at(p, &len);
		const char *next = p + len;
		i++;
		if ((!edges_only || i == 1 || !*next) && (kinds & ODD_BIT(odd_char(c))) &&
		    odd_char(c) != ODD_NONE) {
			*position = i;
			return c;
		}
	}
	return 0;
}

/* A value as shown in a message: control characters replaced, long values cut. */
static const char *show(const char *s)
{
	static _Thread_local char ring[4][80];
	static _Thread_local unsigned next;
	char *out = ring[next++ & 3];
	size_t i = 0, o = 0;

	for (; s[i] && o < 60; i++) {
		size_t control = control_length(s + i);
		if (!control)
			control = invisible_length(s + i);
		out[o++] = control ? '?' : s[i];
		if (control)
			i += control - 1;
	}
	if (s[i]) {
		/* Do not cut a UTF-8 sequence in half. */
		while (o > 0 && ((unsigned char)s[i] & 0xC0) == 0x80) {
			o--;
			i--;
		}
		memcpy(out + o, "...", 4);
	} else {
		out[o] = '\0';
	}
	return out;
}

static void out_of_memory(importer *im)
{
	if (im->status == CO_OK)
		im->status = co_error_set(CO_ENOMEM, "out of memory importing %s", im->dir);
	im->stop = 1;
	im->writing = 0;
}

/*
 * Problems and notes are grouped: the same text in the same file is one
 * group that counts its rows and remembers the first few lines, so that 49
 * rows with the same date read as one line.  The cap counts groups (kinds
 * of problem) per file: a file stops being read after
 * CO_IMPORT_MAX_PROBLEMS kinds, and the next file is still checked.
 */
static void add_to_group(importer *im, int is_note, const char *file, uint32_t line,
                         const char *text)
{
	char *id;
	size_t n = strlen(file) + strlen(text) + 3;
	map_entry *e;
	problem_group *g;

	if (!(id = malloc(n))) {
		out_of_memory(im);
		return;
	}
	snprintf(id, n, "%c%s\037%s", is_note ? 'n' : 'p', file, text);
	e = map_find(&im->group_ids, id);
	if (e) {
		g = &im->groups[e->value];
	} else {
		if (!is_note && im->file_groups >= CO_IMPORT_MAX_PROBLEMS) {
			im->res->truncated = 1;
			im->file_capped = 1;
			free(id);
			return;
		}
		if (im->n_groups == im->cap_groups) {
			size_t cap = im->cap_groups ? 2 * im->cap_groups : 16;
			problem_group *grown = realloc(im->groups, cap * sizeof(*grown));
			if (!grown) {
				free(id);
				out_of_memory(im);
				return;
			}
			im->groups = grown;
			im->cap_groups = cap;
		}
		g = &im->groups[im->n_groups];
		memset(g, 0, sizeof(*g));
		g->is_note = is_note;
		if (!(g->file = arena_copy(&im->arena, file, strlen(file))) ||
		    !(g->text = arena_copy(&im->arena, text, strlen(text))) ||
		    !map_add(&im->group_ids, &im->arena, id, (uint32_t)im->n_groups)) {
			free(id);
			out_of_memory(im);
			return;
		}
		im->n_groups++;
		if (!is_note)
			im->file_groups++;
	}
	free(id);
	if (g->n_lines < GROUP_LINES_SHOWN)
		g->lines[g->n_lines++] = line;
	g->count++;
}

static void problem(importer *im, const char *file, uint32_t line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void problem(importer *im, const char *file, uint32_t line, const char *fmt, ...)
{
	char text[512];
	va_list ap;

	im->writing = 0;
	im->n_bad++;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	add_to_group(im, 0, file, line, text);
}

/* A note: what the importer found and `decision`, what it did about it.
 * Under --strict it is an error instead, and nothing is decided. */
static void note(importer *im, const char *file, uint32_t line, const char *decision,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void note(importer *im, const char *file, uint32_t line, const char *decision,
                 const char *fmt, ...)
{
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (im->strict)
		problem(im, file, line, "%s (refused under --strict)", text);
	else {
		size_t n = strlen(text);
		snprintf(text + n, sizeof(text) - n, "; %s", decision);
		add_to_group(im, 1, file, line, text);
	}
}

/* One group as a line: "FILE:LINE: text" or "FILE: N rows (2, 3, 5, ...): text". */
static char *group_text(const problem_group *g)
{
	char head[160];
	size_t used;
	char *out;

	if (g->count == 1) {
		snprintf(head, sizeof(head), "%s:%u: ", g->file, (unsigned)g->lines[0]);
	} else {
		used = (size_t)snprintf(head, sizeof(head), "%s: %lld rows (", g->file,
		                        (long long)g->count);
		for (size_t i = 0; i < g->n_lines && used < sizeof(head); i++)
			used += (size_t)snprintf(head + used, sizeof(head) - used, "%s%u",
			                         i ? ", " : "", (unsigned)g->lines[i]);
		if (used < sizeof(head))
			snprintf(head + used, sizeof(head) - used, "%s): ",
			         g->count > (int64_t)g->n_lines ? ", ..." : "");
	}
	if (!(out = malloc(strlen(head) + strlen(g->text) + 1)))
		return NULL;
	strcpy(out, head);
	strcat(out, g->text);
	return out;
}

/* Renders the groups into the result's problems and notes. */
static void render_groups(importer *im)
{
	co_import_result *res = im->res;
	size_t n_problems = 0, n_notes = 0;

	for (size_t i = 0; i < im->n_groups; i++)
		*(im->groups[i].is_note ? &n_notes : &n_problems) += 1;
	if ((n_problems && !(res->problems = calloc(n_problems, sizeof(char *)))) ||
	    (n_notes && !(res->notes = calloc(n_notes, sizeof(char *))))) {
		out_of_memory(im);
		return;
	}
	for (size_t i = 0; i < im->n_groups; i++) {
		const problem_group *g = &im->groups[i];
		char *text = group_text(g);
		if (!text) {
			out_of_memory(im);
			return;
		}
		if (g->is_note) {
			res->notes[res->n_notes++] = text;
		} else {
			if (res->n_problems == 0)
				co_error_set(CO_EINVAL, "%s", text);
			res->problems[res->n_problems++] = text;
		}
	}
}

/* A problem with the row being handled. */
static void bad(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void bad(reader *r, const char *fmt, ...)
{
	char text[448];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	problem(r->im, r->spec->name, r->row_line, "%s", text);
}

/* A failure of the store while writing a row: not bad data, but say where. */
static void store_failed(reader *r, const char *what)
{
	importer *im = r->im;

	if (im->status == CO_OK)
		im->status = co_error_set(CO_EDB, "%s:%u: cannot store %s: %s", r->spec->name,
		                          (unsigned)r->row_line, what, sqlite3_errmsg(im->db));
	im->stop = 1;
	im->writing = 0;
}

/* ------------------------------------------------------------------ */
/* Checks of single values.  Each reports its problem and returns 0.    */

static int has_control(const char *s, int multiline)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (multiline && (c == '\t' || c == '\n' || c == '\r'))
			continue;
		if (control_length(s))
			return 1;
	}
	return 0;
}

/* Valid UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF. */
static int utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t len;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			len = 2;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			cp = c & 0x07;
		} else {
			return 0;
		}
		if (n - i < len)
			return 0;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
			return 0;
		i += len;
	}
	return 1;
}

static int check_odd(reader *r, const char *what, const char *s, unsigned kinds, int edges_only);

/* Keys of orgs, events and sources (DESIGN.md section 3): no control
 * character, no space at the edges, nothing invisible or look-alike. */
static int check_key(reader *r, const char *what, const char *s)
{
	size_t n = strlen(s);

	if (n == 0) {
		bad(r, "%s is empty", what);
		return 0;
	}
	if (has_control(s, 0)) {
		bad(r, "%s '%s' contains a control character", what, show(s));
		return 0;
	}
	if (s[0] == ' ' || s[n - 1] == ' ') {
		bad(r, "%s '%s' has leading or trailing spaces", what, show(s));
		return 0;
	}
	return check_odd(r, what, s, ODD_ALL, 0);
}

/*
 * Refuses the odd characters (odd_char) of `kinds` in s, anywhere or only
 * at its edges, saying which, where and how to fix it.  Returns 0 after
 * reporting.
 */
static int check_odd(reader *r, const char *what, const char *s, unsigned kinds, int edges_only)
{
	char name[96];
	long at = 0;
	gunichar c = find_odd(s, kinds, edges_only, &at);
	int odd;

	if (!c)
		return 1;
	describe_odd(name, sizeof(name), c);
	odd = odd_char(c);
	if (odd == ODD_NONCHARACTER)
		bad(r, "%s '%s' contains %s at character %ld, which no text may hold (XML cannot): "
		    "remove it", what, show(s), name, at);
	else if (edges_only)
		bad(r, "%s '%s' %s with %s, which cannot be seen there and makes it differ from "
		    "the same %s without it: remove it", what, show(s), at == 1 ? "starts" : "ends",
		    name, what);
	else
		bad(r, "%s '%s' contains %s at character %ld: %ss are matched exactly, and it makes "
		    "a look-alike of another %s (%s)", what, show(s), name, at, what, what,
		    odd == ODD_SPACE ? "use an ordinary space, or remove it" : "remove it");
	return 0;
}

static int check_text(reader *r, const char *what, const char *s, int required, int multiline)
{
	if (required && !*s) {
		bad(r, "%s is empty", what);
		return 0;
	}
	if (has_control(s, multiline)) {
		bad(r, "%s '%s' contains a control character", what, show(s));
		return 0;
	}
	return check_odd(r, what, s, ODD_BIT(ODD_NONCHARACTER), 0);
}

/* A name (of an org or event, or one of an org's aliases): text without
 * invisible characters at its edges.  Spaces there were folded away
 * (fold_spaces) in names; in aliases they are refused too. */
static int check_name(reader *r, const char *what, const char *s, int required)
{
	return check_text(r, what, s, required, 0) &&
	       check_odd(r, what, s, ODD_BIT(ODD_SPACE) | ODD_BIT(ODD_FORMAT), 1);
}

/* Tie and event kinds: a short lowercase word (letters, digits, '_'). */
static int check_word(reader *r, const char *what, const char *s)
{
	size_t n = strlen(s);
	int ok = n > 0 && n <= 40 && s[0] >= 'a' && s[0] <= 'z';

	for (size_t i = 0; ok && i < n; i++)
		ok = (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_';
	if (!ok) {
		if (n == 0)
			bad(r, "%s is empty", what);
		else
			bad(r, "%s '%s' is not a short lowercase word (such as partnership)", what, show(s));
	}
	return ok;
}

/* The names of a kinds map, for did-you-mean; NULL when out of memory. */
static const char **kind_names(const strmap *m)
{
	const char **names = malloc((m->n ? m->n : 1) * sizeof(*names));

	for (size_t i = 0; names && i < m->n; i++)
		names[i] = m->entries[i].name;
	return names;
}

/*
 * An org or tie kind: one of the store's table (org_kinds, tie_kinds) in
 * any case, or a new short lowercase word, which is added to the table
 * with a note (a did-you-mean when a known one is near; an error under
 * --strict).  Returns the kind as it is stored, or NULL.
 */
static const char *check_kind(reader *r, strmap *kinds, const char *table, const char *s,
                              int st_insert, uint32_t *bits)
{
	importer *im = r->im;
	char lower[48], hint[160];
	const char **names;
	map_entry *e;
	size_t n = strlen(s);

	if (!*s) {
		bad(r, "kind is empty");
		return NULL;
	}
	if (n < sizeof(lower)) {
		for (size_t i = 0; i <= n; i++)
			lower[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
		if ((e = map_find(kinds, lower))) {
			*bits = e->value;
			return e->name;
		}
	}
	if (!check_word(r, "kind", s))
		return NULL;
	hint[0] = '\0';
	if ((names = kind_names(kinds))) {
		char near[120];
		co_suggest(near, sizeof(near), s, names, kinds->n);
		if (*near)
			snprintf(hint, sizeof(hint), " (did you mean %s?)", near);
		free(names);
	}
	note(im, r->spec->name, r->row_line, "added to it", "kind '%s' is not in %s%s", show(s),
	     table, hint);
	if (!map_add(kinds, &im->arena, s, 0)) {
		out_of_memory(im);
		return NULL;
	}
	*bits = 0;
	if (im->writing) {
		sqlite3_stmt *st = im->st[st_insert];
		sqlite3_bind_text(st, 1, s, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			store_failed(r, "the new kind");
		sqlite3_reset(st);
	}
	return kinds->entries[kinds->n - 1].name;
}

/* Bits of a tie kind's value in im->tie_kinds. */
#define TIE_KIND_NEGATIVE 1u   /* default sign -1: an explicit +1 is an error */
#define TIE_KIND_DIRECTED 2u   /* directed unless the file says 0 */

/* Territories GeoNames (and people) write as countries: the US entries of
 * the state table placed at their capital (PR, GU, VI, AS, MP). */
static int territory_country(const char *code)
{
	const co_state_info *s = co_places_state_by_code(code);

	return s && strcmp(s->country, "US") == 0 && s->capital;
}

/*
 * The country and state cells of an org or event.  `country` gets the ISO
 * code (default: the state's country, else US) and *state the state, or
 * NULL for none.  States are US states, DC, PR and the territories, and
 * Canada's provinces and territories, by code or name in any case.
 */
static int check_place(reader *r, const char *country_cell, const char *state_cell,
                       char country[3], const co_state_info **state)
{
	char hint[120];

	*state = NULL;
	strcpy(country, "US");
	if (*country_cell && !co_places_country(country, country_cell)) {
		char *folded = co_places_fold(country_cell);
		const char *guess = !folded ? NULL : strcmp(folded, "canada") == 0 ? "CA" :
			(strcmp(folded, "united states") == 0 || strcmp(folded, "usa") == 0 ||
			 strcmp(folded, "united states of america") == 0) ? "US" : NULL;
		free(folded);
		bad(r, "country '%s' is not an ISO 3166-1 alpha-2 code%s%s%s", show(country_cell),
		    guess ? " (write " : " (such as US or CA)", guess ? guess : "", guess ? ")" : "");
		return 0;
	}
	/* "PR" as a country is Puerto Rico, a US territory with a state code. */
	if (*country_cell && territory_country(country)) {
		const co_state_info *t = co_places_state_by_code(country);
		if (*state_cell && co_places_state(state_cell) != t) {
			bad(r, "state '%s' is not in %s (country %s)", show(state_cell), t->name, t->code);
			return 0;
		}
		*state = t;
		strcpy(country, "US");
		return 1;
	}
	if (!*state_cell)
		return 1;
	if (!(*state = co_places_state(state_cell))) {
		if (*country_cell && strcmp(country, "US") != 0 && strcmp(country, "CA") != 0) {
			bad(r, "state '%s': states are kept only for the US and Canada; leave state "
			    "empty for country %s", show(state_cell), country);
			return 0;
		}
		co_places_state_suggest(hint, sizeof(hint), state_cell);
		bad(r, "state '%s' is not a US state, DC, PR, a US territory or a Canadian province or "
		    "territory (code or name)%s%s%s", show(state_cell), *hint ? "; did you mean " : "",
		    hint, *hint ? "?" : "");
		return 0;
	}
	if (!*country_cell) {
		strcpy(country, (*state)->country);
	} else if (strcmp(country, (*state)->country) != 0) {
		bad(r, "state '%s' is in %s, not in country %s", show(state_cell), (*state)->country,
		    country);
		*state = NULL;
		return 0;
	}
	return 1;
}

static int check_date(reader *r, const char *what, const char *s)
{
	if (!*s || co_date_valid(s))
		return 1;
	bad(r, "%s '%s' is not a date that exists (YYYY, YYYY-MM or YYYY-MM-DD)", what, show(s));
	return 0;
}

/* A whole finite decimal number, nothing before or after it. */
static int parse_number(const char *s, double *out)
{
	char *end;
	double v;

	if (!*s || *s == ' ' || *s == '\t' || strpbrk(s, "xX"))
		return 0; /* strtod would read hexadecimal "0x10" as 16 */
	errno = 0;
	v = strtod(s, &end);
	if (*end || errno == ERANGE || !isfinite(v))
		return 0;
	*out = v;
	return 1;
}

/* An empty cell is "no value" (*present = 0). */
static int check_coordinate(reader *r, const char *what, const char *s, double limit,
                            double *out, int *present)
{
	*present = 0;
	if (!*s)
		return 1;
	if (!parse_number(s, out) || *out < -limit || *out > limit) {
		bad(r, "%s '%s' is not a number between %g and %g", what, show(s), -limit, limit);
		return 0;
	}
	*present = 1;
	return 1;
}

/* 0 or 1, empty meaning 0. */
static int check_flag(reader *r, const char *what, const char *s, int *out)
{
	if (!*s || strcmp(s, "0") == 0) {
		*out = 0;
		return 1;
	}
	if (strcmp(s, "1") == 0) {
		*out = 1;
		return 1;
	}
	bad(r, "%s '%s' is not 0 or 1", what, show(s));
	return 0;
}

static int ascii_iequal(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
		if (x != *b)
			return 0;
	}
	return *a == *b;
}

/* *out = 0 for an empty cell (the kind's default sign). */
static int check_sign(reader *r, const char *s, int *out)
{
	if (!*s) {
		*out = 0;
		return 1;
	}
	if (strcmp(s, "1") == 0 || strcmp(s, "+1") == 0 || strcmp(s, "+") == 0 ||
	    ascii_iequal(s, "positive")) {
		*out = 1;
		return 1;
	}
	if (strcmp(s, "-1") == 0 || strcmp(s, "-") == 0 || ascii_iequal(s, "negative")) {
		*out = -1;
		return 1;
	}
	bad(r, "sign '%s' is not 1, -1, +, -, positive or negative", show(s));
	return 0;
}

/* "2020-05" ends before "2020-05-03"?  No: dates compare at their common precision. */
static int date_before(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);

	return strncmp(a, b, na < nb ? na : nb) < 0;
}

/*
 * The next ';'-separated item of *cursor without surrounding spaces, copied
 * into the importer's scratch buffer (valid until the next call); empty items
 * are skipped.  Returns NULL at the end (or when out of memory).
 */
static const char *next_item(importer *im, const char **cursor)
{
	const char *p = *cursor;

	while (*p) {
		const char *end = strchr(p, ';'), *a = p, *b;
		if (!end)
			end = p + strlen(p);
		b = end;
		while (a < b && *a == ' ')
			a++;
		while (b > a && b[-1] == ' ')
			b--;
		p = *end ? end + 1 : end;
		*cursor = p;
		if (a == b)
			continue;
		if ((size_t)(b - a) + 1 > im->scratch_cap) {
			size_t cap = 2 * (size_t)(b - a) + 64;
			char *grown = realloc(im->scratch, cap);
			if (!grown) {
				out_of_memory(im);
				return NULL;
			}
			im->scratch = grown;
			im->scratch_cap = cap;
		}
		memcpy(im->scratch, a, (size_t)(b - a));
		im->scratch[b - a] = '\0';
		return im->scratch;
	}
	return NULL;
}

static int list_contains(importer *im, const char *cell, const char *item)
{
	const char *cursor = cell ? cell : "", *x;

	while ((x = next_item(im, &cursor)))
		if (strcmp(x, item) == 0)
			return 1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Records in memory.                                                   */

static int32_t org_add(importer *im, const char *key, int64_t id, uint32_t line)
{
	org_rec *o;

	if (im->n_orgs == im->cap_orgs) {
		size_t cap = im->cap_orgs ? 2 * im->cap_orgs : 1024;
		org_rec *grown = cap < ALIAS_BIT ? realloc(im->orgs, cap * sizeof(*grown)) : NULL;
		if (!grown) {
			out_of_memory(im);
			return -1;
		}
		im->orgs = grown;
		im->cap_orgs = cap;
	}
	if (!map_add(&im->names, &im->arena, key, (uint32_t)im->n_orgs)) {
		out_of_memory(im);
		return -1;
	}
	o = &im->orgs[im->n_orgs];
	memset(o, 0, sizeof(*o));
	o->id = id;
	o->key = im->names.entries[im->names.n - 1].name;
	o->parent = -1;
	o->inserted_parent = -1;
	o->line = line;
	o->existed = id != 0;
	return (int32_t)im->n_orgs++;
}

static void org_changed(importer *im, org_rec *o)
{
	if (!o->changed) {
		o->changed = 1;
		im->res->orgs_changed++;
		if (!o->existed)
			im->res->orgs_added++;
	}
}

/*
 * An org key with letter case folded (Unicode case folding, then NFC), in
 * the importer's scratch buffer or NULL when out of memory.  ASCII keys,
 * the common case, are folded here without GLib's allocation.
 */
static const char *fold_case(importer *im, const char *key)
{
	size_t n = strlen(key);
	char *folded = NULL;
	const char *text = key;
	int ascii = 1;

	for (size_t i = 0; i < n && ascii; i++)
		ascii = (unsigned char)key[i] < 0x80;
	if (!ascii) {
		char *lower = g_utf8_casefold(key, (gssize)n);
		folded = lower ? g_utf8_normalize(lower, -1, G_NORMALIZE_NFC) : NULL;
		g_free(lower);
		if (!folded)
			return NULL;
		text = folded;
		n = strlen(folded);
	}
	if (n + 1 > im->scratch_cap) {
		char *grown = realloc(im->scratch, 2 * n + 64);
		if (!grown) {
			g_free(folded);
			return NULL;
		}
		im->scratch = grown;
		im->scratch_cap = 2 * n + 64;
	}
	for (size_t i = 0; i <= n; i++)
		im->scratch[i] = ascii && text[i] >= 'A' && text[i] <= 'Z'
		                 ? (char)(text[i] - 'A' + 'a') : text[i];
	g_free(folded);
	return im->scratch;
}

/*
 * Keys that differ only in letter case (`Aclu`, `aclu`) are different keys,
 * but likely one org typed twice: a note names the other.  The store's
 * keys are folded the first time a new key is seen.  Returns 0 when out of
 * memory.
 */
static int case_twin(reader *r, const char *key, int32_t index)
{
	importer *im = r->im;
	const char *folded;
	map_entry *e;

	if (!im->key_folds.n) {
		for (size_t i = 0; i < im->n_orgs; i++) {
			if (i == (size_t)index)
				continue;
			if (!(folded = fold_case(im, im->orgs[i].key)))
				goto no_memory;
			if (!map_find(&im->key_folds, folded) &&
			    !map_add(&im->key_folds, &im->arena, folded, (uint32_t)i))
				goto no_memory;
		}
	}
	if (!(folded = fold_case(im, key)))
		goto no_memory;
	if (!(e = map_find(&im->key_folds, folded))) {
		if (!map_add(&im->key_folds, &im->arena, folded, (uint32_t)index))
			goto no_memory;
		return 1;
	}
	if (im->orgs[e->value].line)
		note(im, r->spec->name, r->row_line, "imported as another org (if it is the same, "
		     "write one key, or `coalition merge` them)", "key '%s' differs from key '%s' "
		     "(line %u) only in letter case: likely the same org", show(key),
		     show(im->orgs[e->value].key), (unsigned)im->orgs[e->value].line);
	else
		note(im, r->spec->name, r->row_line, "imported as another org (if it is the same, "
		     "write the store's key, or `coalition merge` them)", "key '%s' differs from "
		     "the store's key '%s' only in letter case: likely the same org", show(key),
		     show(im->orgs[e->value].key));
	return 1;
no_memory:
	out_of_memory(im);
	return 0;
}

/* What record_change() says a row is: changed (0), added (1) or deleted. */
#define ROW_DELETED 2

/* With list_changes: one row the import adds, changes or deletes, for --dry-run. */
static void record_change(importer *im, const char *file, uint32_t line, int added,
                          const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void record_change(importer *im, const char *file, uint32_t line, int added,
                          const char *fmt, ...)
{
	co_import_result *res = im->res;
	co_import_change *c;
	char what[512];
	va_list ap;

	if (!im->list_changes)
		return;
	if (res->n_changes == im->cap_changes) {
		size_t cap = im->cap_changes ? 2 * im->cap_changes : 64;
		co_import_change *grown = realloc(res->changes, cap * sizeof(*grown));
		if (!grown) {
			out_of_memory(im);
			return;
		}
		res->changes = grown;
		im->cap_changes = cap;
	}
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	c = &res->changes[res->n_changes];
	c->file = file;
	c->line = line;
	c->action = added == ROW_DELETED ? "delete" : added ? "add" : "change";
	if (!(c->row = strdup(what))) {
		out_of_memory(im);
		return;
	}
	res->n_changes++;
}

static int32_t keyed_add(importer *im, keyed_table *t, const char *key, int64_t id, uint32_t line)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 256;
		key_rec *grown = realloc(t->recs, cap * sizeof(*grown));
		if (!grown) {
			out_of_memory(im);
			return -1;
		}
		t->recs = grown;
		t->cap = cap;
	}
	if (!map_add(&t->keys, &im->arena, key, (uint32_t)t->n)) {
		out_of_memory(im);
		return -1;
	}
	t->recs[t->n].id = id;
	t->recs[t->n].line = line;
	return (int32_t)t->n++;
}

/* Makes room for the row ids 1..max of a table; 0 when out of memory. */
static int seen_init(seen_rows *s, int64_t max)
{
	s->max = max;
	return (s->bits = calloc((size_t)(max / 8 + 1), 1)) != NULL;
}

/* Marks row `id`; returns whether it was marked already.  Rows added by the
 * import (above max) are not kept. */
static int seen_mark(seen_rows *s, int64_t id)
{
	unsigned char bit;
	int was;

	if (id <= 0 || id > s->max || !s->bits)
		return 0;
	bit = (unsigned char)(1u << (id & 7));
	was = (s->bits[id >> 3] & bit) != 0;
	s->bits[id >> 3] |= bit;
	return was;
}

static int seen_has(const seen_rows *s, int64_t id)
{
	return id > 0 && id <= s->max && s->bits && (s->bits[id >> 3] & (1u << (id & 7)));
}

/* With --replace: marks the row that `st` (bound, one row id) finds.
 * Returns -1 when the store fails. */
static int mark_written(seen_rows *seen, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		seen_mark(seen, sqlite3_column_int64(st, 0));
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* With --replace, a row of a file that names a row the store has and the
 * file of its table lacks: that row is about to be deleted.  Says so and
 * returns 1. */
static int replaced_reference(reader *r, const char *what, const char *key, const char *file)
{
	bad(r, "%s '%s' is in the store but not in %s: import --replace deletes it (add it to "
	    "%s, or leave out this row)", what, show(key), file, file);
	return 1;
}

/* Looks up an org key or alias; reports an unknown one.  Returns the index or -1. */
static int32_t resolve_org(reader *r, const char *what, const char *s)
{
	map_entry *e;

	if (!*s) {
		bad(r, "%s is empty", what);
		return -1;
	}
	e = map_find(&r->im->names, s);
	if (!e || e->value == NONE) {
		/* Not worth a line of its own when orgs.csv broke off early. */
		if (r->im->orgs_incomplete) {
			r->im->writing = 0;
			return -1;
		}
		bad(r, "%s '%s' is not a known org (no such key or alias in orgs.csv or the store)",
		    what, show(s));
		return -1;
	}
	if (r->im->replace && !r->im->orgs[e->value & ~ALIAS_BIT].line) {
		replaced_reference(r, what, s, "orgs.csv");
		return -1;
	}
	return (int32_t)(e->value & ~ALIAS_BIT);
}

/* ------------------------------------------------------------------ */
/* Binding and stepping.                                                */

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (*s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* Runs a statement without results.  Returns the rows it changed, or -1 on failure. */
static int run(sqlite3_stmt *st, sqlite3 *db)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? sqlite3_changes(db) : -1;
}

/*
 * Batched rows (import_batch.c).  A new tie and the attributes of a new row
 * wait in memory and are written by one INSERT ... SELECT for up to
 * BATCH_MAX_ROWS rows: at the ecosystem's 111k ties, a statement run for
 * each cost 11,000 instructions a tie and as much again for its `year`
 * attribute, most of it the statement's start and end.  The rows go in the
 * order they came, so every row id is the one the row-by-row statements
 * gave.  Before any other statement reads or writes ties (or attributes)
 * the batch is written, and at the end of each file; a new tie's row id is
 * known beforehand (the next of the table: SQLite gives max(id) + 1, and
 * nothing else adds ties meanwhile), and checked when the batch is written.
 * Returns 0 after a failure of the store (im->status says which).
 */
static int flush_batch(importer *im, co_row_batch *b, int statement, int64_t last,
                       const char *what)
{
	size_t n = b ? co_row_batch_rows(b) : 0;
	int rc;

	if (!n)
		return 1;
	rc = sqlite3_step(im->st[statement]);
	sqlite3_reset(im->st[statement]);
	co_row_batch_clear(b);
	if (rc != SQLITE_DONE ||
	    (last && ((size_t)sqlite3_changes(im->db) != n || sqlite3_last_insert_rowid(im->db) != last))) {
		if (im->status == CO_OK)
			im->status = co_error_set(CO_EDB, "cannot store the %s of %s: %s", what, im->dir,
			                          rc != SQLITE_DONE ? sqlite3_errmsg(im->db)
			                                            : "they did not take the row ids expected");
		im->stop = 1;
		im->writing = 0;
		return 0;
	}
	return 1;
}

/* The new orgs, ties and attributes waiting; each returns 0 after a failure. */
static int flush_orgs(importer *im)
{
	return flush_batch(im, im->org_rows, ST_ORG_BATCH, im->orgs_high, "orgs");
}

static int flush_ties(importer *im)
{
	return flush_batch(im, im->tie_rows, ST_TIE_BATCH, im->ties_high, "ties");
}

static int flush_attributes(importer *im)
{
	return flush_batch(im, im->attr_rows, ST_ATTR_BATCH, 0, "attributes");
}

/* All batches; 0 after a failure. */
static int flush_batches(importer *im)
{
	return flush_orgs(im) && flush_ties(im) && flush_attributes(im);
}

/* Adds a new row's attribute to its batch.  Returns 0 after a failure. */
static int batch_attribute(importer *im, const char *owner, int64_t id, const char *name,
                           const char *value)
{
	if (!co_row_batch_text(im->attr_rows, owner) || !co_row_batch_int(im->attr_rows, id) ||
	    !co_row_batch_text(im->attr_rows, name) || !co_row_batch_text(im->attr_rows, value)) {
		out_of_memory(im);
		return 0;
	}
	return co_row_batch_rows(im->attr_rows) < BATCH_MAX_ROWS || flush_attributes(im);
}

/* ------------------------------------------------------------------ */
/* Rows.                                                                */

static const char *cell(const reader *r, int column)
{
	int i = r->column[column];

	return i < 0 ? "" : r->buf + r->offsets[i];
}

/*
 * Makes the attributes of row `id` those of the file's extra columns: a
 * cell sets its value, an empty cell removes it.  Returns 1 if something
 * changed, 0 if not, -1 when the store failed.  The values of a row the
 * import adds (`added`: whose own row changed anyway) are batched, and 0
 * is returned for them.
 */
static int write_attributes(reader *r, int64_t id, int added)
{
	importer *im = r->im;
	int changed = 0;

	for (size_t k = 0; k < r->n_extra; k++) {
		const char *value = r->buf + r->offsets[r->extra[k]];
		sqlite3_stmt *st = im->st[*value ? ST_ATTR_UPSERT : ST_ATTR_DELETE];
		int changes;
		if (added && *value) {
			if (!batch_attribute(im, r->spec->owner, id, r->extra_name[k], value))
				return -1;
			continue;
		}
		if (!flush_attributes(im))
			return -1;
		bind_text(st, 1, r->spec->owner);
		sqlite3_bind_int64(st, 2, id);
		bind_text(st, 3, r->extra_name[k]);
		if (*value)
			bind_text(st, 4, value);
		if ((changes = run(st, im->db)) < 0)
			return -1;
		changed |= changes > 0;
	}
	return changed;
}

/* Checks the cells of the extra columns (text without control characters but line breaks). */
static void check_attributes(reader *r)
{
	for (size_t k = 0; k < r->n_extra; k++)
		check_text(r, r->extra_name[k], r->buf + r->offsets[r->extra[k]], 0, 1);
}

/*
 * An org of the store whose file gives exactly the lat/lon it has: how it
 * was placed before ("city" or "state" stays so: an export and import
 * again changes nothing).  Moves the count of the result accordingly.
 */
static const char *placed_before(reader *r, int64_t id, double lat, double lon)
{
	static const char *const ways[] = {"city", "state"};
	co_import_result *res = r->im->res;
	sqlite3_stmt *st = r->im->st[ST_ORG_PLACED];
	const char *placed = "file";

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_double(st, 2, lat);
	sqlite3_bind_double(st, 3, lon);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *was = (const char *)sqlite3_column_text(st, 0);
		for (size_t i = 0; was && i < 2; i++)
			if (strcmp(was, ways[i]) == 0)
				placed = ways[i];
	}
	sqlite3_reset(st);
	if (strcmp(placed, "file") != 0) {
		res->placed_file--;
		if (strcmp(placed, "city") == 0)
			res->placed_city++;
		else
			res->placed_state++;
	}
	return placed;
}

enum { O_KEY, O_NAME, O_KIND, O_PARENT, O_STATE, O_CITY, O_LAT, O_LON, O_FOUNDED, O_ISSUES,
       O_ALIASES, O_COUNTRY, O_ENDED };

/*
 * Where an org's or event's lat/lon come from: the file, else the
 * gazetteer's city, else its state's point, else nowhere ("file", "city",
 * "state", "none").
 */
static const char *place_where(reader *r, const char *city, const co_state_info *state,
                               int has_coordinates, double *lat, double *lon)
{
	if (has_coordinates)
		return "file";
	if (*city && state) {
		int found = co_places_city(lat, lon, city, state);
		if (found < 0) {
			out_of_memory(r->im);
			return "none";
		}
		if (found)
			return "city";
	}
	if (state) {
		*lat = state->lat;
		*lon = state->lon;
		return "state";
	}
	return "none";
}

/* Adds a placement to counts[4]: file, city, state, none. */
static void count_placed(const char *placed, int64_t *file, int64_t *city, int64_t *state,
                         int64_t *none)
{
	(*(strcmp(placed, "file") == 0 ? file : strcmp(placed, "city") == 0 ? city :
	   strcmp(placed, "state") == 0 ? state : none))++;
}

/* An org's place, counted in the result. */
static const char *place_org(reader *r, const char *city, const co_state_info *state,
                             int has_lat, int has_lon, double *lat, double *lon)
{
	co_import_result *res = r->im->res;
	const char *placed = place_where(r, city, state, has_lat && has_lon, lat, lon);

	count_placed(placed, &res->placed_file, &res->placed_city, &res->placed_state,
	             &res->placed_none);
	return placed;
}

/*
 * A new org's parent when it is already written (a key of the store or of
 * an earlier row: parents usually come first), given with its row so
 * that resolve_parents() need not write the row a second time (that
 * update was a tenth of an import's instructions, callgrind).  Aliases are
 * left to resolve_parents(), which also corrects any parent given here.
 * Returns 0 when out of memory.
 */
static int batch_inserted_parent(co_row_batch *b, org_rec *o, const importer *im)
{
	const map_entry *e = o->parent_key ? map_find(&im->names, o->parent_key) : NULL;

	o->inserted_parent = -1;
	if (e && e->value != NONE && !(e->value & ALIAS_BIT) && im->orgs[e->value].id)
		o->inserted_parent = (int32_t)e->value;
	return o->inserted_parent >= 0 ? co_row_batch_int(b, im->orgs[o->inserted_parent].id)
	                               : co_row_batch_null(b);
}

/* The values of a new org's row, as org_row() has them checked. */
typedef struct {
	const char *key, *name, *kind, *state, *city, *founded, *issues, *country, *placed, *ended;
	double lat, lon;
} org_values;

static int batch_text_or_null(co_row_batch *b, const char *s)
{
	return *s ? co_row_batch_text(b, s) : co_row_batch_null(b);
}

/*
 * A new org into the batch (flush_orgs()): its row id is the next of the
 * table, set in o->id.  Returns 0 after a failure.
 */
static int batch_org(importer *im, org_rec *o, const org_values *v)
{
	co_row_batch *b = im->org_rows;
	int placed = strcmp(v->placed, "none") != 0;

	if (co_row_batch_rows(b) >= BATCH_MAX_ROWS && !flush_orgs(im))
		return 0;
	if (!co_row_batch_text(b, v->key) || !co_row_batch_text(b, v->name) ||
	    !co_row_batch_text(b, v->kind) || !co_row_batch_text(b, v->state) ||
	    !co_row_batch_text(b, v->city) ||
	    !(placed ? co_row_batch_double(b, v->lat) : co_row_batch_null(b)) ||
	    !(placed ? co_row_batch_double(b, v->lon) : co_row_batch_null(b)) ||
	    !batch_text_or_null(b, v->founded) || !co_row_batch_text(b, v->issues) ||
	    !co_row_batch_text(b, v->country) || !co_row_batch_text(b, v->placed) ||
	    !batch_text_or_null(b, v->ended) || !batch_inserted_parent(b, o, im)) {
		out_of_memory(im);
		return 0;
	}
	o->id = ++im->orgs_high;
	return 1;
}

static void org_row(reader *r)
{
	importer *im = r->im;
	const char *key = cell(r, O_KEY), *name = cell(r, O_NAME), *kind = cell(r, O_KIND),
		*parent = cell(r, O_PARENT), *state = cell(r, O_STATE), *city = cell(r, O_CITY),
		*founded = cell(r, O_FOUNDED), *issues = cell(r, O_ISSUES),
		*aliases = cell(r, O_ALIASES), *ended = cell(r, O_ENDED), *placed = "none";
	const co_state_info *where = NULL;
	char country[3];
	double lat = 0, lon = 0;
	int has_lat, has_lon, key_ok, place_ok, founded_ok, ended_ok;
	uint32_t kind_bits;
	int32_t index;
	org_rec *o;
	map_entry *e;

	im->res->orgs++;
	key_ok = check_key(r, "key", key);
	check_name(r, "name", name, 1);
	kind = check_kind(r, &im->org_kinds, "org_kinds", kind, ST_ORG_KIND_INSERT, &kind_bits);
	place_ok = check_place(r, cell(r, O_COUNTRY), state, country, &where);
	check_text(r, "city", city, 0, 0);
	check_coordinate(r, "lat", cell(r, O_LAT), 90, &lat, &has_lat);
	check_coordinate(r, "lon", cell(r, O_LON), 180, &lon, &has_lon);
	if (has_lat != has_lon)
		bad(r, "%s without %s: give both coordinates or neither", has_lat ? "lat" : "lon",
		    has_lat ? "lon" : "lat");
	else if (place_ok)
		placed = place_org(r, city, where, has_lat, has_lon, &lat, &lon);
	founded_ok = check_date(r, "founded", founded);
	ended_ok = check_date(r, "ended", ended);
	if (founded_ok && ended_ok && *founded && *ended && date_before(ended, founded))
		bad(r, "ended %s is before founded %s", show(ended), show(founded));
	check_text(r, "issues", issues, 0, 0);
	if (*parent)
		check_key(r, "parent", parent);
	if (check_text(r, "aliases", aliases, 0, 0))
		for (const char *cursor = aliases, *alias; (alias = next_item(im, &cursor));)
			if (!check_name(r, "alias", alias, 0))
				break;
	check_attributes(r);
	if (!key_ok)
		return;

	if ((e = map_find(&im->names, key))) {
		if (e->value & ALIAS_BIT) {
			bad(r, "key '%s' is already an alias of org '%s'", show(key),
			    show(im->orgs[e->value & ~ALIAS_BIT].key));
			return;
		}
		index = (int32_t)e->value;
		if (im->orgs[index].line) {
			bad(r, "duplicate org key '%s' (first at line %u)", show(key),
			    (unsigned)im->orgs[index].line);
			return;
		}
		im->orgs[index].line = r->row_line;
	} else if ((index = org_add(im, key, 0, r->row_line)) < 0 || !case_twin(r, key, index)) {
		return;
	}
	o = &im->orgs[index];
	if ((*parent && !(o->parent_key = arena_copy(&im->arena, parent, strlen(parent)))) ||
	    (*aliases && !(o->aliases = arena_copy(&im->arena, aliases, strlen(aliases))))) {
		out_of_memory(im);
		return;
	}
	if (o->existed && strcmp(placed, "file") == 0)
		placed = placed_before(r, o->id, lat, lon);
	if (!im->writing)
		return;

	int changes = 1;
	if (!o->existed) {
		org_values v = {key, name, kind, where ? where->code : "", city, founded, issues,
		                country, placed, ended, lat, lon};
		if (!batch_org(im, o, &v))
			return;
	} else {
		sqlite3_stmt *st = im->st[ST_ORG_UPDATE];
		sqlite3_bind_int64(st, 1, o->id);
		bind_text(st, 2, name);
		bind_text(st, 3, kind);
		bind_text(st, 4, where ? where->code : "");
		bind_text(st, 5, city);
		if (strcmp(placed, "none") != 0) {
			sqlite3_bind_double(st, 6, lat);
			sqlite3_bind_double(st, 7, lon);
		} else {
			sqlite3_bind_null(st, 6);
			sqlite3_bind_null(st, 7);
		}
		bind_text_or_null(st, 8, founded);
		bind_text(st, 9, issues);
		bind_text(st, 10, country);
		bind_text(st, 11, placed);
		bind_text_or_null(st, 12, ended);
		if ((changes = run(st, im->db)) < 0) {
			store_failed(r, "the org");
			return;
		}
	}
	int attributes = write_attributes(r, o->id, !o->existed);
	if (attributes < 0) {
		store_failed(r, "the attributes of the org");
		return;
	}
	if (changes > 0 || attributes > 0)
		org_changed(im, o);
}

/* Events and sources: a row with a key that upserts. */
static void keyed_row(reader *r, keyed_table *t, const char *key, int key_ok,
                      int st_insert, int st_update, void (*bind)(sqlite3_stmt *st, reader *r),
                      int64_t *changed)
{
	importer *im = r->im;
	map_entry *e;
	int32_t index;
	key_rec *k;

	check_attributes(r);
	if (!key_ok)
		return;
	if ((e = map_find(&t->keys, key))) {
		index = (int32_t)e->value;
		if (t->recs[index].line) {
			bad(r, "duplicate %s key '%s' (first at line %u)", t->what, show(key),
			    (unsigned)t->recs[index].line);
			return;
		}
		t->recs[index].line = r->row_line;
	} else if ((index = keyed_add(im, t, key, 0, r->row_line)) < 0) {
		return;
	}
	if (!im->writing)
		return;
	k = &t->recs[index];
	sqlite3_stmt *st = im->st[k->id ? st_update : st_insert];
	if (k->id)
		sqlite3_bind_int64(st, 1, k->id);
	else
		bind_text(st, 1, key);
	bind(st, r);
	int changes = run(st, im->db);
	if (changes < 0) {
		store_failed(r, t->what);
		return;
	}
	int added = !k->id;
	if (added)
		k->id = sqlite3_last_insert_rowid(im->db);
	int attributes = write_attributes(r, k->id, added);
	if (attributes < 0) {
		store_failed(r, "the attributes");
		return;
	}
	if (changes > 0 || attributes > 0) {
		(*changed)++;
		*(t == &im->events ? &im->res->events_added : &im->res->sources_added) += added;
		record_change(im, r->spec->name, r->row_line, added, "%s", key);
	}
}

enum { S_KEY, S_CITATION, S_URL, S_PUBLISHED, S_PRIVATE };

static void bind_source(sqlite3_stmt *st, reader *r)
{
	bind_text(st, 2, cell(r, S_CITATION));
	bind_text(st, 3, cell(r, S_URL));
	bind_text_or_null(st, 4, cell(r, S_PUBLISHED));
	sqlite3_bind_int(st, 5, strcmp(cell(r, S_PRIVATE), "1") == 0);
}

static void source_row(reader *r)
{
	const char *key = cell(r, S_KEY);
	int key_ok, private_flag;

	r->im->res->sources++;
	key_ok = check_key(r, "key", key);
	check_text(r, "citation", cell(r, S_CITATION), 1, 1);
	check_text(r, "url", cell(r, S_URL), 0, 0);
	check_date(r, "published", cell(r, S_PUBLISHED));
	check_flag(r, "private", cell(r, S_PRIVATE), &private_flag);
	keyed_row(r, &r->im->sources, key, key_ok, ST_SOURCE_INSERT, ST_SOURCE_UPDATE,
	          bind_source, &r->im->res->sources_changed);
}

enum { T_SOURCE, T_TARGET, T_KIND, T_SIGN, T_WEIGHT, T_START, T_END, T_DIRECTED, T_SOURCES,
       T_NOTE, T_PRIVATE, T_ID };

static int compare_ids(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Reads the sources of one tie or event into im->ids (sorted, without
 * repeats); reports unknown keys. */
static void source_ids(reader *r, const char *cell_text, int64_t *counter)
{
	importer *im = r->im;
	const char *cursor = cell_text, *key;
	size_t n = 0;

	im->n_ids = 0;
	while ((key = next_item(im, &cursor))) {
		map_entry *e = map_find(&im->sources.keys, key);
		if (counter)
			(*counter)++;
		if (!e || e->value == NONE) {
			if (im->sources.incomplete)
				continue;
			bad(r, "source '%s' is not a known source (no such key in sources.csv or the store)",
			    show(key));
			continue;
		}
		if (im->covered[F_SOURCES] && !im->sources.recs[e->value].line) {
			replaced_reference(r, "source", key, "sources.csv");
			continue;
		}
		if (im->n_ids == im->cap_ids) {
			size_t cap = im->cap_ids ? 2 * im->cap_ids : 16;
			int64_t *grown = realloc(im->ids, cap * sizeof(*grown));
			if (!grown) {
				out_of_memory(im);
				return;
			}
			im->ids = grown;
			im->cap_ids = cap;
		}
		im->ids[im->n_ids++] = im->sources.recs[e->value].id;
	}
	if (im->n_ids > 1) {
		qsort(im->ids, im->n_ids, sizeof(im->ids[0]), compare_ids);
		for (size_t i = 0; i < im->n_ids; i++)
			if (n == 0 || im->ids[i] != im->ids[n - 1])
				im->ids[n++] = im->ids[i];
		im->n_ids = n;
	}
}

/* Makes the sources of tie (or with `event`, event) `id` exactly im->ids.
 * Returns 1 if they changed, -1 on failure. */
static int set_sources(importer *im, int64_t id, int is_new, int event)
{
	sqlite3_stmt *st;
	size_t i = 0;
	int same = 1, rc;

	if (!is_new) {
		st = im->st[event ? ST_EVENT_SOURCES_LIST : ST_TIE_SOURCES_LIST];
		sqlite3_bind_int64(st, 1, id);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (i >= im->n_ids || sqlite3_column_int64(st, 0) != im->ids[i])
				same = 0;
			i++;
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return -1;
		if (same && i == im->n_ids)
			return 0;
		st = im->st[event ? ST_EVENT_SOURCES_DELETE : ST_TIE_SOURCES_DELETE];
		sqlite3_bind_int64(st, 1, id);
		if (run(st, im->db) < 0)
			return -1;
	}
	st = im->st[event ? ST_EVENT_SOURCE_INSERT : ST_TIE_SOURCE_INSERT];
	for (i = 0; i < im->n_ids; i++) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, im->ids[i]);
		if (run(st, im->db) < 0)
			return -1;
	}
	return !is_new || im->n_ids > 0 ? 1 : 0;
}

enum { E_KEY, E_NAME, E_KIND, E_DATE, E_STATE, E_CITY, E_COUNTRY, E_CAMPAIGN, E_LAT, E_LON,
       E_TURNOUT_LOW, E_TURNOUT_HIGH, E_SOURCES };

static void bind_real_or_null(sqlite3_stmt *st, int index, double v)
{
	if (isnan(v))
		sqlite3_bind_null(st, index);
	else
		sqlite3_bind_double(st, index, v);
}

static void bind_event(sqlite3_stmt *st, reader *r)
{
	bind_text(st, 2, cell(r, E_NAME));
	bind_text(st, 3, cell(r, E_KIND));
	bind_text_or_null(st, 4, cell(r, E_DATE));
	bind_text(st, 5, r->state_code);
	bind_text(st, 6, cell(r, E_CITY));
	bind_text(st, 7, cell(r, E_CAMPAIGN));
	bind_text(st, 8, r->country);
	bind_real_or_null(st, 9, r->event.lat);
	bind_real_or_null(st, 10, r->event.lon);
	bind_text(st, 11, r->event.placed);
	bind_real_or_null(st, 12, r->event.low);
	bind_real_or_null(st, 13, r->event.high);
}

/* A crowd estimate: empty (NAN), or a number of people >= 0. */
static int check_turnout(reader *r, const char *what, const char *s, double *out)
{
	*out = NAN;
	if (!*s)
		return 1;
	if (parse_number(s, out) && *out >= 0)
		return 1;
	bad(r, "%s '%s' is not a number of people (0 or more)", what, show(s));
	*out = NAN;
	return 0;
}

/* Checks an event row's cells and places it as orgs are placed (the file's
 * lat/lon, else the gazetteer's city, else its state's point), into r->event. */
static void event_checks(reader *r)
{
	const co_state_info *where = NULL;
	int has_lat, has_lon, place_ok;

	r->event.lat = r->event.lon = NAN;
	r->event.placed = "none";
	check_name(r, "name", cell(r, E_NAME), 1);
	check_word(r, "kind", cell(r, E_KIND));
	check_date(r, "date", cell(r, E_DATE));
	place_ok = check_place(r, cell(r, E_COUNTRY), cell(r, E_STATE), r->country, &where);
	r->state_code = where ? where->code : "";
	check_text(r, "city", cell(r, E_CITY), 0, 0);
	check_name(r, "campaign", cell(r, E_CAMPAIGN), 0);
	check_coordinate(r, "lat", cell(r, E_LAT), 90, &r->event.lat, &has_lat);
	check_coordinate(r, "lon", cell(r, E_LON), 180, &r->event.lon, &has_lon);
	if (has_lat != has_lon) {
		bad(r, "%s without %s: give both coordinates or neither", has_lat ? "lat" : "lon",
		    has_lat ? "lon" : "lat");
	} else if (place_ok) {
		r->event.placed = place_where(r, cell(r, E_CITY), where, has_lat && has_lon,
		                              &r->event.lat, &r->event.lon);
		count_placed(r->event.placed, &r->im->res->events_placed_file,
		             &r->im->res->events_placed_city, &r->im->res->events_placed_state,
		             &r->im->res->events_placed_none);
		if (strcmp(r->event.placed, "none") == 0)
			r->event.lat = r->event.lon = NAN;
	}
	if (check_turnout(r, "turnout_low", cell(r, E_TURNOUT_LOW), &r->event.low) &&
	    check_turnout(r, "turnout_high", cell(r, E_TURNOUT_HIGH), &r->event.high) &&
	    !isnan(r->event.low) && !isnan(r->event.high) && r->event.high < r->event.low)
		bad(r, "turnout_high %s is below turnout_low %s", show(cell(r, E_TURNOUT_HIGH)),
		    show(cell(r, E_TURNOUT_LOW)));
}

static void event_row(reader *r)
{
	importer *im = r->im;
	const char *key = cell(r, E_KEY);
	map_entry *e;
	int64_t changed_before = im->res->events_changed;
	int key_ok, rc;

	im->res->events++;
	key_ok = check_key(r, "key", key);
	event_checks(r);
	source_ids(r, cell(r, E_SOURCES), NULL);
	keyed_row(r, &im->events, key, key_ok, ST_EVENT_INSERT, ST_EVENT_UPDATE, bind_event,
	          &im->res->events_changed);
	if (!im->writing || !(e = map_find(&im->events.keys, key)))
		return;
	if ((rc = set_sources(im, im->events.recs[e->value].id, 0, 1)) < 0)
		store_failed(r, "the sources of the event");
	else if (rc > 0 && im->res->events_changed == changed_before)
		im->res->events_changed++; /* only its sources changed */
}

/* "a -> b (kind from start)" of a stored tie, named by its ends' keys. */
static void describe_stored_tie(char *buf, size_t size, importer *im, int64_t source_id,
                                int64_t target_id, const char *kind, const char *start)
{
	sqlite3_stmt *st = NULL;
	char ends[2][80] = {"?", "?"};

	if (sqlite3_prepare_v2(im->db, "SELECT key FROM orgs WHERE id = ?1", -1, &st, NULL) ==
	    SQLITE_OK)
		for (int k = 0; k < 2; k++) {
			sqlite3_bind_int64(st, 1, k ? target_id : source_id);
			if (sqlite3_step(st) == SQLITE_ROW)
				snprintf(ends[k], sizeof(ends[k]), "%s",
				         show((const char *)sqlite3_column_text(st, 0)));
			sqlite3_reset(st);
		}
	sqlite3_finalize(st);
	snprintf(buf, size, "%s -> %s (%s%s%s)", ends[0], ends[1], show(kind ? kind : ""),
	         start && *start ? " from " : "", start ? show(start) : "");
}

/*
 * A row with an id: finds the tie it names.  By its key first: the stored
 * tie must have the row's ends (an id names one tie for good; its kind and
 * start may be corrected), and no other tie may hold the row's identity.
 * Else by identity (source, target, kind, start): a stored tie without a key
 * takes the row's; one with another key is another tie.  *id is the tie's
 * row id, 0 for a new tie; *was_private its stored flag.  Returns 0 after
 * reporting a problem.
 */
static int tie_key_lookup(reader *r, const char *key, int32_t *source_p, int32_t *target_p,
                          int directed, const char *kind, const char *start, int64_t *id,
                          int *was_private)
{
	importer *im = r->im;
	int32_t source = *source_p, target = *target_p;
	int64_t source_id = im->orgs[source].id, target_id = im->orgs[target].id, other = 0;
	sqlite3_stmt *st = im->st[ST_TIE_BY_KEY];
	char stored[320], row[320], other_key[80] = "";
	int rc, other_private = 0, has_other_key = 0;

	*id = 0;
	if (!flush_ties(im))
		return 0;
	snprintf(row, sizeof(row), "%s -> %s (%s%s%s)", show(im->orgs[source].key),
	         show(im->orgs[target].key), show(kind), *start ? " from " : "", show(start));
	bind_text(st, 1, key);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t s = sqlite3_column_int64(st, 1), t = sqlite3_column_int64(st, 2);
		*id = sqlite3_column_int64(st, 0);
		*was_private = sqlite3_column_int(st, 5);
		if (!directed && !sqlite3_column_int(st, 6) && s == target_id && t == source_id) {
			/* the undirected tie it names, its ends given the other way */
			*source_p = target;
			*target_p = source;
			source_id = s;
			target_id = t;
			note(im, r->spec->name, r->row_line, "one tie, its ends kept as stored",
			     "an undirected tie given with its ends swapped (target, source) is the "
			     "stored tie its id names");
		} else if (s != source_id || t != target_id) {
			describe_stored_tie(stored, sizeof(stored), im, s, t,
			                    (const char *)sqlite3_column_text(st, 3),
			                    (const char *)sqlite3_column_text(st, 4));
			sqlite3_reset(st);
			bad(r, "id '%s' already names the tie %s in the store, whose ends are not this "
			    "row's %s: an id names one tie for good (give this row another id, or "
			    "correct its source and target)", show(key), stored, row);
			return 0;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_failed(r, "the tie");
		return 0;
	}
	st = im->st[ST_TIE_FIND];
	sqlite3_bind_int64(st, 1, source_id);
	sqlite3_bind_int64(st, 2, target_id);
	bind_text(st, 3, kind);
	bind_text(st, 4, start);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		other = sqlite3_column_int64(st, 0);
		other_private = sqlite3_column_int(st, 1);
		if ((has_other_key = sqlite3_column_type(st, 2) != SQLITE_NULL))
			snprintf(other_key, sizeof(other_key), "%s",
			         show((const char *)sqlite3_column_text(st, 2)));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_failed(r, "the tie");
		return 0;
	}
	if (!other || other == *id)
		return 1;
	if (*id) {
		char also[120] = "without an id";
		if (has_other_key)
			snprintf(also, sizeof(also), "with id '%s'", other_key);
		bad(r, "id '%s': this row would make its tie %s, which is another tie of the store "
		    "(%s): two ties cannot share source, target, kind and start", show(key), row, also);
		return 0;
	}
	if (has_other_key) {
		bad(r, "the tie %s has id '%s' in the store, not '%s': give this row that id, or "
		    "another kind or start if it is another tie", row, other_key, show(key));
		return 0;
	}
	*id = other; /* a stored tie without a key takes the row's */
	*was_private = other_private;
	return 1;
}

/*
 * An undirected tie is the same tie whichever end is written first (issue
 * 21): a row without an id whose (target, source, kind, start) is a stored
 * undirected tie, and whose own order is none, is that tie.  Swaps *source
 * and *target to the stored order and returns the stored tie's row id (0
 * if there is none, -1 after a failure of the store).
 */
static int64_t swapped_tie(reader *r, int32_t *source, int32_t *target, const char *kind,
                           const char *start)
{
	importer *im = r->im;
	int64_t found[2] = {0, 0};
	int directed[2] = {0, 0};

	if (!im->orgs[*source].id || !im->orgs[*target].id)
		return 0; /* a new org has no ties yet */
	/* A new org's ties are this import's: none with these ends swapped? */
	if ((!im->orgs[*source].existed || !im->orgs[*target].existed) &&
	    !filter_has(&im->written, tie_hash(*target, *source, kind, start)))
		return 0;
	if (!flush_ties(im))
		return -1;
	for (int k = 0; k < 2; k++) {
		sqlite3_stmt *st = im->st[ST_TIE_FIND];
		int rc;
		sqlite3_bind_int64(st, 1, im->orgs[k ? *source : *target].id);
		sqlite3_bind_int64(st, 2, im->orgs[k ? *target : *source].id);
		bind_text(st, 3, kind);
		bind_text(st, 4, start);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			found[k] = sqlite3_column_int64(st, 0);
			directed[k] = sqlite3_column_int(st, 3);
		}
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			store_failed(r, "the tie");
			return -1;
		}
		if (!found[0] || directed[0])
			return 0; /* no swapped tie: the usual identity */
	}
	if (found[1])
		return 0; /* both orders stored (from before): the row's own */
	int32_t t = *source;
	*source = *target;
	*target = t;
	return found[0];
}

/* Parameters 1-12 of ST_TIE_UPSERT and ST_TIE_UPDATE. */
static void bind_tie(sqlite3_stmt *st, reader *r, int32_t source, int32_t target,
                     const char *kind, int sign, double weight, int directed, int private_flag)
{
	importer *im = r->im;

	sqlite3_bind_int64(st, 1, im->orgs[source].id);
	sqlite3_bind_int64(st, 2, im->orgs[target].id);
	bind_text(st, 3, kind);
	sqlite3_bind_int(st, 4, sign);
	sqlite3_bind_double(st, 5, weight);
	bind_text_or_null(st, 6, cell(r, T_START));
	bind_text_or_null(st, 7, cell(r, T_END));
	sqlite3_bind_int(st, 8, directed);
	bind_text(st, 9, cell(r, T_NOTE));
	sqlite3_bind_int(st, 10, private_flag);
	sqlite3_bind_int(st, 11, *cell(r, T_PRIVATE) != '\0');
	bind_text_or_null(st, 12, cell(r, T_ID));
}

/* Writes a tie by its identity (a row without an id): an upsert.  Returns
 * its row id (0 after a failure) and sets *changed. */
static int64_t write_tie_by_identity(reader *r, int32_t source, int32_t target,
                                     const char *kind, int sign, double weight, int directed,
                                     int private_flag, int *changed)
{
	importer *im = r->im;
	sqlite3_stmt *st = im->st[ST_TIE_UPSERT];
	int64_t id;
	int rc;

	if (!flush_ties(im))
		return 0;
	bind_tie(st, r, source, target, kind, sign, weight, directed, private_flag);
	/* No RETURNING (SQLite buffers its rows in a temporary table): an insert
	 * sets the last row id, an update or nothing does not. */
	sqlite3_set_last_insert_rowid(im->db, 0);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		store_failed(r, "the tie");
		return 0;
	}
	*changed = sqlite3_changes(im->db) > 0;
	if ((id = sqlite3_last_insert_rowid(im->db)))
		return id;
	/* Updated or unchanged: find the tie, for duplicates and its sources. */
	st = im->st[ST_TIE_FIND];
	sqlite3_bind_int64(st, 1, im->orgs[source].id);
	sqlite3_bind_int64(st, 2, im->orgs[target].id);
	bind_text(st, 3, kind);
	bind_text(st, 4, cell(r, T_START));
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if (!*cell(r, T_PRIVATE) && sqlite3_column_int(st, 1))
			im->res->private_kept++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		store_failed(r, "the tie");
		return 0;
	}
	return id;
}

/* Writes a tie with an id: tie `id` found by tie_key_lookup() is updated,
 * or (0) a new tie is added.  Returns its row id (0 after a failure) and
 * sets *changed. */
static int64_t write_tie_by_key(reader *r, int64_t id, int was_private, int32_t source,
                                int32_t target, const char *kind, int sign, double weight,
                                int directed, int private_flag, int *changed)
{
	importer *im = r->im;
	sqlite3_stmt *st = im->st[id ? ST_TIE_UPDATE : ST_TIE_UPSERT];
	int changes;

	if (!flush_ties(im))
		return 0;
	bind_tie(st, r, source, target, kind, sign, weight, directed, private_flag);
	if (id)
		sqlite3_bind_int64(st, 13, id);
	if ((changes = run(st, im->db)) < 0) {
		store_failed(r, "the tie");
		return 0;
	}
	*changed = changes > 0;
	if (!id)
		return sqlite3_last_insert_rowid(im->db);
	if (!*cell(r, T_PRIVATE) && was_private)
		im->res->private_kept++;
	return id;
}

/*
 * A row without an id whose tie the store cannot hold yet: one of its orgs
 * is new (a new org's ties are this import's) and the filter of the ties
 * this import wrote says certainly not this one.  Such a tie is added.
 */
static int tie_certainly_new(const importer *im, int32_t source, int32_t target,
                             const char *kind, const char *start)
{
	return (!im->orgs[source].existed || !im->orgs[target].existed) && im->orgs[source].id &&
	       im->orgs[target].id && !filter_has(&im->written, tie_hash(source, target, kind, start));
}

/*
 * A new tie (tie_certainly_new()) into the batch: the values ST_TIE_UPSERT
 * would insert.  Returns its row id, the next of the table (0 after a
 * failure); the caller makes it im->ties_high, which flush_ties() checks.
 */
static int64_t batch_tie(reader *r, int32_t source, int32_t target, const char *kind, int sign,
                         double weight, int directed, int private_flag, int *changed)
{
	importer *im = r->im;
	co_row_batch *b = im->tie_rows;
	const char *start = cell(r, T_START), *end = cell(r, T_END);

	if (co_row_batch_rows(b) >= BATCH_MAX_ROWS && !flush_ties(im))
		return 0;
	if (!co_row_batch_int(b, im->orgs[source].id) || !co_row_batch_int(b, im->orgs[target].id) ||
	    !co_row_batch_text(b, kind) || !co_row_batch_int(b, sign) ||
	    !co_row_batch_double(b, weight) ||
	    !(*start ? co_row_batch_text(b, start) : co_row_batch_null(b)) ||
	    !(*end ? co_row_batch_text(b, end) : co_row_batch_null(b)) ||
	    !co_row_batch_int(b, directed) || !co_row_batch_text(b, cell(r, T_NOTE)) ||
	    !co_row_batch_int(b, private_flag)) {
		out_of_memory(im);
		return 0;
	}
	*changed = 1;
	return im->ties_high + 1;
}

/*
 * A row that gives again, ends swapped, an undirected tie an earlier row
 * of the file wrote: listing each tie both ways is common (an adjacency
 * list, a symmetric matrix), and with the same values it is one tie;
 * with other values it is an error, as for any tie given twice.
 */
static void swapped_again(reader *r, int64_t id, int changed)
{
	importer *im = r->im;
	int rc = set_sources(im, id, 0, 0), attributes = rc < 0 ? 0 : write_attributes(r, id, 0);

	if (rc < 0 || attributes < 0) {
		store_failed(r, "the tie");
		return;
	}
	if (changed || rc > 0 || attributes > 0)
		bad(r, "duplicate tie: an earlier row wrote this undirected tie with its ends "
		    "swapped (target, source) and other values; one tie cannot have both "
		    "(keep one of the rows)");
	else
		note(im, r->spec->name, r->row_line, "kept once",
		     "an undirected tie listed again with its ends swapped (target, source) "
		     "and the same values");
}

/* A row that gives a stored undirected tie with its ends swapped. */
static void swapped_stored(reader *r)
{
	note(r->im, r->spec->name, r->row_line, "one tie, its ends kept as stored",
	     "an undirected tie given with its ends swapped (target, source) is the stored tie");
}

static void tie_row(reader *r)
{
	importer *im = r->im;
	const char *kind = cell(r, T_KIND), *weight_text = cell(r, T_WEIGHT),
		*start = cell(r, T_START), *end = cell(r, T_END), *note = cell(r, T_NOTE),
		*key = cell(r, T_ID);
	int32_t source, target;
	int sign = 1, directed = 0, private_flag = 0, start_ok, end_ok, rc, changed = 0;
	int key_ok, was_private = 0;
	int64_t swapped = 0;
	uint32_t kind_bits = 0;
	double weight = 1;
	int64_t id = 0;
	map_entry *e;

	im->res->ties++;
	/* An empty id is no id: the row is matched by its identity. */
	key_ok = !*key || check_key(r, "id", key);
	if (*key && key_ok) {
		if ((e = map_find(&im->tie_keys, key))) {
			bad(r, "duplicate tie id '%s' (first at line %u): an id names one tie",
			    show(key), (unsigned)e->value);
			key_ok = 0;
		} else if (!map_add(&im->tie_keys, &im->arena, key, r->row_line)) {
			out_of_memory(im);
			return;
		}
	}
	source = resolve_org(r, "source", cell(r, T_SOURCE));
	target = resolve_org(r, "target", cell(r, T_TARGET));
	if (source >= 0 && source == target)
		bad(r, "self-tie: source '%s' and target '%s' are the same org", show(cell(r, T_SOURCE)),
		    show(cell(r, T_TARGET)));
	kind = check_kind(r, &im->tie_kinds, "tie_kinds", kind, ST_TIE_KIND_INSERT, &kind_bits);
	if (check_sign(r, cell(r, T_SIGN), &sign) && kind) {
		if (sign == 1 && (kind_bits & TIE_KIND_NEGATIVE))
			bad(r, "sign '%s' on a %s tie: %s ties are always negative (-1); leave sign empty",
			    show(cell(r, T_SIGN)), kind, kind);
		else if (sign == 0)
			sign = kind_bits & TIE_KIND_NEGATIVE ? -1 : 1;
	}
	if (*weight_text && (!parse_number(weight_text, &weight) || weight <= 0))
		bad(r, "weight '%s' is not a positive number", show(weight_text));
	start_ok = check_date(r, "start", start);
	end_ok = check_date(r, "end", end);
	if (start_ok && end_ok && *start && *end && date_before(end, start))
		bad(r, "end %s is before start %s", show(end), show(start));
	check_flag(r, "directed", cell(r, T_DIRECTED), &directed);
	if (!*cell(r, T_DIRECTED))
		directed = (kind_bits & TIE_KIND_DIRECTED) != 0;
	check_text(r, "note", note, 0, 1);
	check_flag(r, "private", cell(r, T_PRIVATE), &private_flag);
	source_ids(r, cell(r, T_SOURCES), &im->res->tie_sources);
	check_attributes(r);
	if (!*key && !directed && source >= 0 && target >= 0 && source != target && kind &&
	    start_ok && (swapped = swapped_tie(r, &source, &target, kind, start)) < 0)
		return;
	/* The id is checked against the store even when no row is written, so
	 * that every clash is listed. */
	if (*key && key_ok && source >= 0 && target >= 0 && source != target && kind && start_ok &&
	    !tie_key_lookup(r, key, &source, &target, directed, kind, start, &id, &was_private))
		return;
	if (!im->writing)
		return;

	if (*key)
		id = write_tie_by_key(r, id, was_private, source, target, kind, sign, weight, directed,
		                      private_flag, &changed);
	else if (!swapped && tie_certainly_new(im, source, target, kind, start))
		id = batch_tie(r, source, target, kind, sign, weight, directed, private_flag, &changed);
	else
		id = write_tie_by_identity(r, source, target, kind, sign, weight, directed,
		                           private_flag, &changed);
	if (!id)
		return;
	if ((!im->orgs[source].existed || !im->orgs[target].existed) &&
	    !filter_add(&im->written, tie_hash(source, target, kind, start))) {
		out_of_memory(im);
		return;
	}
	/* A new tie takes the next row id; one above the old maximum that is not
	 * new was written by an earlier row of this file, as was a stored tie
	 * already marked seen. */
	int is_new = id > im->ties_high;
	if (is_new) {
		im->ties_high = id;
	} else if (id > im->ties_before || seen_mark(&im->seen[F_TIES], id)) {
		if (swapped) {
			swapped_again(r, id, changed);
			return;
		}
		bad(r, "duplicate tie: an earlier row wrote the same tie (same source, target, kind "
		    "and start, or same id)");
		return;
	}
	if (swapped)
		swapped_stored(r);
	if ((rc = set_sources(im, id, is_new, 0)) < 0) {
		store_failed(r, "the sources of the tie");
		return;
	}
	if ((changed |= write_attributes(r, id, is_new)) < 0) {
		store_failed(r, "the attributes of the tie");
		return;
	}
	if (changed || rc > 0) {
		im->res->ties_changed++;
		im->res->ties_added += is_new;
		record_change(im, r->spec->name, r->row_line, is_new, "%s -> %s (%s%s%s)%s%s",
		              im->orgs[source].key, im->orgs[target].key, kind, *start ? " from " : "",
		              start, *key ? ", id " : "", key);
	}
}

enum { P_EVENT, P_ORG, P_ROLE };

/* A role of DESIGN.md section 3; empty means participant.  The words
 * people write for a lead are named in the message. */
static int check_role(reader *r, const char *role)
{
	static const char *const lead_words[] = {"organizer", "organiser", "host", "leader",
		"organizing"};

	if (!*role || co_event_role_parse(role) >= 0)
		return 1;
	for (size_t i = 0; i < sizeof(lead_words) / sizeof(lead_words[0]); i++)
		if (ascii_iequal(role, lead_words[i])) {
			bad(r, "role '%s' is not one of lead, co-lead, partner, participant, endorser "
			    "(write lead for the organizer, co-lead for each of several)", show(role));
			return 0;
		}
	bad(r, "role '%s' is not one of lead, co-lead, partner, participant, endorser "
	    "(or empty, meaning participant)", show(role));
	return 0;
}

static void participation_row(reader *r)
{
	importer *im = r->im;
	const char *event = cell(r, P_EVENT), *role = cell(r, P_ROLE);
	map_entry *e = NULL;
	int32_t org;
	sqlite3_stmt *st;
	int changes;

	im->res->participation++;
	if (!*event)
		bad(r, "event is empty");
	else if ((!(e = map_find(&im->events.keys, event)) || e->value == NONE) &&
	         !im->events.incomplete)
		bad(r, "event '%s' is not a known event (no such key in events.csv or the store)",
		    show(event));
	else if (e && e->value != NONE && im->covered[F_EVENTS] && !im->events.recs[e->value].line &&
	         replaced_reference(r, "event", event, "events.csv"))
		e = NULL;
	org = resolve_org(r, "org", cell(r, P_ORG));
	check_role(r, role);
	if (!im->writing || !e || org < 0)
		return;
	st = im->st[ST_PART_UPSERT];
	sqlite3_bind_int64(st, 1, im->events.recs[e->value].id);
	sqlite3_bind_int64(st, 2, im->orgs[org].id);
	bind_text(st, 3, *role ? role : co_event_role_names[CO_EVENT_ROLE_PARTICIPANT]);
	sqlite3_set_last_insert_rowid(im->db, 0);
	if ((changes = run(st, im->db)) < 0) {
		store_failed(r, "the participation");
		return;
	}
	if (changes > 0) {
		int added = sqlite3_last_insert_rowid(im->db) != 0;
		im->res->participation_changed++;
		im->res->participation_added += added;
		record_change(im, r->spec->name, r->row_line, added, "%s at %s", im->orgs[org].key,
		              event);
	}
	if (im->replace) {
		st = im->st[ST_PART_ROWID];
		sqlite3_bind_int64(st, 1, im->events.recs[e->value].id);
		sqlite3_bind_int64(st, 2, im->orgs[org].id);
		if (mark_written(&im->seen[F_PARTICIPATION], st) < 0)
			store_failed(r, "the participation");
	}
}

enum { OB_ORG, OB_DATE, OB_METRIC, OB_VALUE, OB_SOURCE, OB_NOTE };

/* One measurement of an org on a date (members, volunteers, ...). */
static void observation_row(reader *r)
{
	importer *im = r->im;
	const char *date = cell(r, OB_DATE), *metric = cell(r, OB_METRIC),
		*value_text = cell(r, OB_VALUE), *source = cell(r, OB_SOURCE), *note = cell(r, OB_NOTE);
	map_entry *e = NULL;
	double value = 0;
	int32_t org;
	int changes;

	im->res->observations++;
	org = resolve_org(r, "org", cell(r, OB_ORG));
	if (!*date)
		bad(r, "date is empty");
	else
		check_date(r, "date", date);
	check_word(r, "metric", metric);
	if (!*value_text)
		bad(r, "value is empty");
	else if (!parse_number(value_text, &value))
		bad(r, "value '%s' is not a number", show(value_text));
	if (*source && (!(e = map_find(&im->sources.keys, source)) || e->value == NONE) &&
	    !im->sources.incomplete)
		bad(r, "source '%s' is not a known source (no such key in sources.csv or the store)",
		    show(source));
	else if (*source && e && e->value != NONE && im->covered[F_SOURCES] &&
	         !im->sources.recs[e->value].line &&
	         replaced_reference(r, "source", source, "sources.csv"))
		e = NULL;
	check_text(r, "note", note, 0, 1);
	if (!im->writing || org < 0 || (*source && !e))
		return;
	sqlite3_stmt *st = im->st[ST_OBS_UPSERT];
	sqlite3_bind_int64(st, 1, im->orgs[org].id);
	bind_text(st, 2, date);
	bind_text(st, 3, metric);
	sqlite3_bind_double(st, 4, value);
	if (e)
		sqlite3_bind_int64(st, 5, im->sources.recs[e->value].id);
	else
		sqlite3_bind_null(st, 5);
	bind_text(st, 6, note);
	sqlite3_set_last_insert_rowid(im->db, 0);
	if ((changes = run(st, im->db)) < 0) {
		store_failed(r, "the observation");
		return;
	}
	if (changes > 0) {
		im->res->observations_changed++;
		im->res->observations_added += sqlite3_last_insert_rowid(im->db) != 0;
	}
	if (im->replace) {
		st = im->st[ST_OBS_ROWID];
		sqlite3_bind_int64(st, 1, im->orgs[org].id);
		bind_text(st, 2, metric);
		bind_text(st, 3, date);
		if (mark_written(&im->seen[F_OBSERVATIONS], st) < 0)
			store_failed(r, "the observation");
	}
}

/* In the order they are read: each file refers only to earlier ones. */
static const file_spec files[] = {
	{"sources.csv", 0, {"key", "citation", "url", "published", "private", NULL}, 2,
	 "key, citation, url, published, private", source_row, "source", 1u << S_PUBLISHED, 0,
	 1u << S_KEY},
	{"orgs.csv", 1, {"key", "name", "kind", "parent", "state", "city", "lat", "lon", "founded",
	                 "issues", "aliases", "country", "ended", NULL}, 3,
	 "key, name, kind, parent, country, state, city, lat, lon, founded, ended, issues, aliases",
	 org_row, "org", 1u << O_FOUNDED | 1u << O_ENDED, 1u << O_NAME,
	 1u << O_KEY | 1u << O_PARENT | 1u << O_ALIASES},
	{"events.csv", 0, {"key", "name", "kind", "date", "state", "city", "country", "campaign",
	                   "lat", "lon", "turnout_low", "turnout_high", "sources", NULL}, 4,
	 "key, name, kind, date, country, state, city, campaign, lat, lon, turnout_low, "
	 "turnout_high, sources", event_row, "event", 1u << E_DATE, 1u << E_NAME | 1u << E_CAMPAIGN,
	 1u << E_KEY | 1u << E_SOURCES},
	{"ties.csv", 1, {"source", "target", "kind", "sign", "weight", "start", "end", "directed",
	                 "sources", "note", "private", "id", NULL}, 3,
	 "source, target, kind, sign, weight, start, end, directed, sources, note, private, id",
	 tie_row,
	 "tie", 1u << T_START | 1u << T_END, 0,
	 1u << T_SOURCE | 1u << T_TARGET | 1u << T_SOURCES | 1u << T_ID},
	{"participation.csv", 0, {"event", "org", "role", NULL}, 2, "event, org, role",
	 participation_row, NULL, 0, 0, 1u << P_EVENT | 1u << P_ORG},
	{"observations.csv", 0, {"org", "date", "metric", "value", "source", "note", NULL}, 4,
	 "org, date, metric, value, source, note", observation_row, NULL, 1u << 1, 0,
	 1u << 0 | 1u << 4},
};
#define N_FILES (sizeof(files) / sizeof(files[0]))

/* ------------------------------------------------------------------ */
/* Reading a file with libcsv.                                          */

/* A column the schema does not name: an attribute, where the file has them. */
static void extra_column(reader *r, const char *name, size_t field)
{
	const file_spec *spec = r->spec;

	if (!spec->owner) {
		bad(r, "unknown column '%s' (%s has the columns %s)", show(name), spec->name,
		    spec->column_list);
		return;
	}
	for (size_t k = 0; k < r->n_extra; k++)
		if (strcmp(r->extra_name[k], name) == 0) {
			bad(r, "duplicate column '%s'", show(name));
			return;
		}
	if (has_control(name, 0)) {
		bad(r, "column name '%s' contains a control character", show(name));
		return;
	}
	if (r->n_extra == MAX_EXTRA) {
		r->n_over++; /* said once, after the header (read_header) */
		return;
	}
	if (!(r->extra_name[r->n_extra] = arena_copy(&r->im->arena, name, strlen(name)))) {
		out_of_memory(r->im);
		return;
	}
	r->extra[r->n_extra++] = (int)field;
}

static void read_header(reader *r)
{
	const file_spec *spec = r->spec;
	size_t before = r->im->n_bad;

	for (int c = 0; c < MAX_COLUMNS; c++)
		r->column[c] = -1;
	r->n_extra = r->n_over = 0;
	r->n_header = r->n_fields;
	for (size_t i = 0; i < r->n_fields; i++) {
		char *name = r->buf + r->offsets[i], *end;
		int c;

		while (*name == ' ')
			name++;
		end = name + strlen(name);
		while (end > name && end[-1] == ' ')
			*--end = '\0';
		for (c = 0; spec->columns[c] && strcmp(spec->columns[c], name) != 0; c++)
			;
		if (!*name)
			bad(r, "column %zu has no name (is there a stray comma?)", i + 1);
		else if (!spec->columns[c])
			extra_column(r, name, i);
		else if (r->column[c] >= 0)
			bad(r, "duplicate column '%s'", show(name));
		else
			r->column[c] = (int)i;
	}
	for (int c = 0; c < spec->n_required; c++)
		if (r->column[c] < 0)
			bad(r, "missing required column '%s'", spec->columns[c]);
	if (r->n_over)
		bad(r, "%zu columns are not in the schema, more than the %d kept as attributes (is "
		    "this the right file?)", r->n_extra + r->n_over, MAX_EXTRA);
	else if (r->n_extra && r->header_only) {
		char list[400];
		size_t used = 0;
		for (size_t k = 0; k < r->n_extra && used < sizeof(list); k++)
			used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s", k ? ", " : "",
			                         show(r->extra_name[k]));
		char decision[64];
		snprintf(decision, sizeof(decision), "kept as attributes of each %s", spec->owner);
		note(r->im, spec->name, 1, decision, "column%s %s %s not in the schema (%s)",
		     r->n_extra > 1 ? "s" : "", list, r->n_extra > 1 ? "are" : "is",
		     spec->column_list);
	}
	if (r->im->n_bad != before)
		r->failed = 1;
	r->header_done = 1;
}

static void on_field(void *data, size_t n, void *ctx)
{
	reader *r = ctx;

	if (r->im->stop)
		return;
	if (n > CO_IMPORT_MAX_FIELD) {
		/* Said once per record; the field is kept empty, the record skipped. */
		if (!r->skip_record)
			problem(r->im, r->spec->name, r->record_line ? r->record_line : r->line,
			        "a field of %zu bytes, over the limit of %d (is this the right file?)",
			        n, CO_IMPORT_MAX_FIELD);
		r->skip_record = 1;
		if (!r->header_done)
			r->failed = 1;
		n = 0;
	}
	if (r->len + n + 1 > r->cap) {
		size_t cap = 2 * (r->len + n + 1);
		char *grown = realloc(r->buf, cap);
		if (!grown) {
			out_of_memory(r->im);
			return;
		}
		r->buf = grown;
		r->cap = cap;
	}
	if (r->n_fields == r->cap_fields) {
		size_t cap = r->cap_fields ? 2 * r->cap_fields : 16;
		size_t *grown = realloc(r->offsets, cap * sizeof(*grown));
		if (!grown) {
			out_of_memory(r->im);
			return;
		}
		r->offsets = grown;
		r->cap_fields = cap;
	}
	r->offsets[r->n_fields++] = r->len;
	if (n)
		memcpy(r->buf + r->len, data, n);
	r->len += n;
	r->buf[r->len++] = '\0';
}

/* Folds whitespace inside a name (line breaks, tabs, no-break spaces, runs
 * of spaces) to one space, in place.  Returns 1 if it changed anything. */
static size_t space_length(const char *p)
{
	if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		return 1;
	/* no-break, ideographic and the other Unicode spaces (odd_char) */
	size_t len;

	if ((unsigned char)*p >= 0x80 && odd_char(char_at(p, &len)) == ODD_SPACE)
		return len;
	return 0;
}

static int fold_spaces(char *s)
{
	char *out = s;
	const char *p = s;
	int changed = 0, space = 0;
	size_t n;

	while ((n = space_length(p))) {
		p += n;
		changed = 1;
	}
	for (; *p; p++) {
		if ((n = space_length(p))) {
			if (space || *p != ' ')
				changed = 1;
			space = 1;
			p += n - 1;
			continue;
		}
		if (space)
			*out++ = ' ';
		space = 0;
		*out++ = *p;
	}
	if (space)
		changed = 1;
	*out = '\0';
	return changed;
}

/*
 * Rewrites field `field` of the record in Unicode normal form C (composed:
 * `é` as one character, not `e` and a combining accent), so that a key
 * typed either way is one key (GLib's normalisation).  A longer result is
 * appended to the record's buffer.  Sets *changed; returns 0 when out of
 * memory.
 */
static int nfc_field(reader *r, int field, int *changed)
{
	char *text = r->buf + r->offsets[field], *nfc;
	size_t n = 0, m;
	int ascii = 1;

	for (; text[n]; n++)
		ascii &= (unsigned char)text[n] < 0x80;
	if (ascii)
		return 1; /* ASCII is in every normal form */
	if (!(nfc = g_utf8_normalize(text, (gssize)n, G_NORMALIZE_NFC)))
		return 1; /* not UTF-8: read_file has said so */
	m = strlen(nfc);
	if (m == n && memcmp(nfc, text, n) == 0) {
		g_free(nfc);
		return 1;
	}
	*changed = 1;
	if (m > n) {
		if (r->len + m + 1 > r->cap) {
			size_t cap = 2 * (r->len + m + 1);
			char *grown = realloc(r->buf, cap);
			if (!grown) {
				g_free(nfc);
				out_of_memory(r->im);
				return 0;
			}
			r->buf = grown;
			r->cap = cap;
		}
		r->offsets[field] = r->len;
		r->len += m + 1;
		text = r->buf + r->offsets[field];
	}
	memcpy(text, nfc, m + 1);
	g_free(nfc);
	return 1;
}

/* Reads "M/D/YYYY" (or D/M): the three numbers, or 0 if the text is not of that form. */
static int slash_date(const char *s, int *a, int *b, int *year)
{
	int n = 0;

	/* Most dates are ISO: sscanf on each was 3% of an import (callgrind). */
	if (!strchr(s, '/'))
		return 0;
	if (sscanf(s, "%2d/%2d/%4d%n", a, b, year, &n) != 3 || s[n] || n < 8 || *a < 0 || *b < 0)
		return 0;
	return s[0] != ' ' && *year >= 1000;
}

/*
 * Before a row is checked: dates written M/D/YYYY or D/M/YYYY become ISO
 * under --date-order (the ISO text is appended to the record's buffer and
 * the field points to it), and whitespace inside names is folded.  Returns
 * 0 when the row is not worth checking further.
 */
static int normalize_row(reader *r)
{
	const file_spec *spec = r->spec;

	for (int c = 0; spec->columns[c]; c++) {
		int field = r->column[c], a, b, year;
		char *text;
		if (field < 0)
			continue;
		if (spec->key_columns & (1u << c)) {
			int changed = 0;
			if (!nfc_field(r, field, &changed))
				return 0;
			/* Said of a row's own key and aliases; references just match. */
			if (changed && (strcmp(spec->columns[c], "key") == 0 ||
			                strcmp(spec->columns[c], "aliases") == 0 ||
			                strcmp(spec->columns[c], "id") == 0))
				note(r->im, spec->name, r->row_line, "stored composed (NFC), so that it "
				     "matches the same text typed either way", "%s in decomposed Unicode "
				     "(such as e and a combining accent for é)", spec->columns[c]);
		}
		text = r->buf + r->offsets[field];
		if ((spec->name_columns & (1u << c)) && fold_spaces(text))
			note(r->im, spec->name, r->row_line, "folded to one space", "%s has line breaks, "
			     "tabs or runs of spaces", spec->columns[c]);
		if (!(spec->date_columns & (1u << c)) || !slash_date(text, &a, &b, &year))
			continue;
		if (!r->im->date_order) {
			const char *order = a > 12 ? "dmy" : b > 12 ? "mdy" : "mdy or --date-order dmy";
			bad(r, "%s '%s' is not ISO (YYYY-MM-DD); add --date-order %s", spec->columns[c],
			    show(text), order);
			text[0] = '\0'; /* said once */
			continue;
		}
		if (r->im->date_order == 'd') {
			int t = a;
			a = b;
			b = t;
		}
		if (r->len + 11 > r->cap) {
			size_t cap = 2 * (r->len + 11);
			char *grown = realloc(r->buf, cap);
			if (!grown) {
				out_of_memory(r->im);
				return 0;
			}
			r->buf = grown;
			r->cap = cap;
			text = r->buf + r->offsets[field]; /* moved with the buffer */
		}
		snprintf(r->buf + r->len, 11, "%04u-%02u-%02u", (unsigned)year % 10000u,
		         (unsigned)a % 100u, (unsigned)b % 100u);
		if (!co_date_valid(r->buf + r->len)) {
			bad(r, "%s '%s' is not a date that exists (month %d, day %d with --date-order %s)",
			    spec->columns[c], show(text), a, b, r->im->date_order == 'd' ? "dmy" : "mdy");
			text[0] = '\0'; /* said once */
			continue;
		}
		r->offsets[field] = r->len;
		r->len += 11;
	}
	return 1;
}

static void on_record(int terminator, void *ctx)
{
	reader *r = ctx;

	(void)terminator;
	r->row_line = r->record_line ? r->record_line : r->line;
	r->record_line = 0;
	if (!r->im->stop && !r->failed && !r->im->file_capped) {
		if (!r->header_done) {
			read_header(r);
		} else if (!r->skip_record && !r->header_only) {
			if (r->n_fields != r->n_header)
				bad(r, "%zu fields, but the header names %zu columns", r->n_fields,
				    r->n_header);
			else if (normalize_row(r))
				r->spec->row(r);
		}
	}
	r->len = 0;
	r->n_fields = 0;
	r->skip_record = 0;
}

/* libcsv trims spaces around unquoted fields by default; we keep them, so
 * that a key with stray spaces is reported instead of silently changed. */
static int no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static int blank_line(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != '\r' && p[i] != '\n')
			return 0;
	return 1;
}

/* The longest physical line read whole: a field is at most
 * CO_IMPORT_MAX_FIELD bytes, but a header of many columns is long (100 000
 * columns: 700 KB).  A longer line is skipped as it is read, so a 2.3 GB
 * field no longer takes 4.5 GB of memory before being refused. */
#define MAX_LINE (16 * 1024 * 1024)

/* errno of open_regular() for a file that is not a regular file. */
#define EFTYPE_NOT_REGULAR (-1)

/* getline() that keeps at most MAX_LINE bytes: the rest of a longer line is
 * read and dropped, and *cut set. */
static ssize_t read_line(char **line, size_t *cap, FILE *f, int *cut)
{
	size_t n = 0;
	int c;

	*cut = 0;
	while ((c = getc_unlocked(f)) != EOF) {
		if (n < MAX_LINE) {
			if (n + 2 > *cap) {
				size_t grown_cap = *cap ? 2 * *cap : 256;
				char *grown = realloc(*line, grown_cap);
				if (!grown)
					return -2;
				*line = grown;
				*cap = grown_cap;
			}
			(*line)[n++] = (char)c;
		} else {
			*cut = 1;
		}
		if (c == '\n')
			break;
	}
	if (n == 0 && !*cut)
		return -1;
	if (*cut && n < *cap)
		(*line)[n - 1] = '\n'; /* end the kept part as a line */
	(*line)[n] = '\0';
	return (ssize_t)n;
}

/* libcsv's state between records (ROW_NOT_BEGUN in its libcsv.c). */
#define CSV_BETWEEN_RECORDS 0

/*
 * A line that is one whole record without quotes, given to on_field and
 * on_record as libcsv gives it: the parser between records, no quote, no
 * carriage return but one before the final line feed, not blank.  Split at
 * the delimiter, without libcsv's state machine over every byte, which took
 * 11% of the instructions of an import of 105k ties (synth --chapters 20000,
 * orgs.csv + ties.csv).  Returns 0 for any other line, which libcsv parses.
 */
static int plain_record(reader *r, const char *p, size_t n)
{
	const char *end = p + n, *field = p;

	if (r->parser.pstate != CSV_BETWEEN_RECORDS || n == 0 || end[-1] != '\n')
		return 0;
	end--;
	if (end > p && end[-1] == '\r')
		end--;
	if (end == p || memchr(p, '"', (size_t)(end - p)) || memchr(p, '\r', (size_t)(end - p)))
		return 0;
	for (;;) {
		const char *stop = memchr(field, r->delimiter, (size_t)(end - field));
		if (!stop)
			stop = end;
		on_field((void *)field, (size_t)(stop - field), r);
		if (stop == end)
			break;
		field = stop + 1;
	}
	on_record('\n', r);
	return 1;
}

/* Opens a file of the directory for reading, refusing anything but a
 * regular file: a FIFO as orgs.csv blocked the import forever (it is opened
 * without blocking, then checked). */
static FILE *open_regular(const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC), flags;
	FILE *f;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (flags = fcntl(fd, F_GETFL)) < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0 ||
	    !(f = fdopen(fd, "rb"))) {
		int err = errno;
		if (fstat(fd, &st) == 0 && !S_ISREG(st.st_mode))
			err = S_ISDIR(st.st_mode) ? EISDIR : EFTYPE_NOT_REGULAR;
		close(fd);
		errno = err;
		return NULL;
	}
	return f;
}

/* The delimiter of a header line: whichever of ',', ';' and tab it has most
 * of outside quotes (',' when none, or on a tie). */
static char detect_delimiter(const char *p, size_t n)
{
	size_t comma = 0, semicolon = 0, tab = 0;
	int quoted = 0;

	for (size_t i = 0; i < n; i++) {
		if (p[i] == '"')
			quoted = !quoted;
		else if (!quoted && p[i] == ',')
			comma++;
		else if (!quoted && p[i] == ';')
			semicolon++;
		else if (!quoted && p[i] == '\t')
			tab++;
	}
	if (semicolon > comma && semicolon >= tab)
		return ';';
	if (tab > comma && tab > semicolon)
		return '\t';
	return ',';
}

/*
 * Reads one file of the directory: only its header (header_only), or all of
 * it, handing each row to the file's row function.  An optional file that
 * does not exist is marked absent.
 */
static co_status read_file(importer *im, reader *r, int header_only)
{
	const char *name = r->spec->name;
	char *path = NULL, *line = NULL;
	size_t line_cap = 0, path_size = strlen(im->dir) + strlen(name) + 2;
	ssize_t got;
	FILE *f = NULL;
	co_status status = CO_OK;
	int parser_ready = 0, cut = 0;

	r->line = r->record_line = 0;
	r->header_done = r->failed = r->skip_record = 0;
	im->file_groups = 0;
	im->file_capped = 0;
	r->header_only = header_only;
	r->len = r->n_fields = 0;
	if (!(path = malloc(path_size))) {
		out_of_memory(im);
		return im->status;
	}
	{
		size_t n = strlen(im->dir);
		while (n > 1 && im->dir[n - 1] == '/')
			n--;
		snprintf(path, path_size, "%.*s/%s", (int)n, im->dir, name);
	}
	if (!(f = open_regular(path))) {
		if (errno == ENOENT && !r->spec->required) {
			r->absent = 1;
			goto done;
		}
		status = errno == EFTYPE_NOT_REGULAR
		         ? co_error_set(CO_EIO, "cannot read %s: it is not a regular file (a FIFO, "
		                        "device or socket); import reads regular files only", path)
		         : co_error_set(CO_EIO, "cannot open %s: %s", path, strerror(errno));
		goto done;
	}
	if (r->spec == &files[F_TIES]) {
		struct stat st;
		if (fstat(fileno(f), &st) == 0)
			im->written.size = (uint64_t)st.st_size;
	}
	if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		out_of_memory(im);
		status = im->status;
		goto done;
	}
	parser_ready = 1;
	csv_set_space_func(&r->parser, no_space);
	/* libcsv grows a field's buffer by this much at a time (128 bytes by
	 * default): a 10 MB field would take 80 000 reallocations. */
	csv_set_blk_size(&r->parser, CO_IMPORT_MAX_FIELD);
	while (!im->stop && !r->failed && !im->file_capped && !(header_only && r->header_done) &&
	       (got = read_line(&line, &line_cap, f, &cut)) != -1) {
		char *p = line;
		size_t n = (size_t)got;

		if (got == -2) {
			out_of_memory(im);
			break;
		}
		r->line++;
		if (cut) {
			problem(im, name, r->line, "a line of over %d bytes, while a field may hold "
			        "%d (is this the right file?)", MAX_LINE, CO_IMPORT_MAX_FIELD);
			r->failed = 1;
			break;
		}
		if (r->line == 1 && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
			p += 3;
			n -= 3;
		}
		if (r->line == 1) {
			r->delimiter = im->delimiter ? im->delimiter : detect_delimiter(p, n);
			csv_set_delim(&r->parser, (unsigned char)r->delimiter);
		}
		if (memchr(p, '\0', n)) {
			problem(im, name, r->line, "NUL byte (is this a text file saved as UTF-8?)");
			r->skip_record = 1;
		} else if (!utf8_valid((const unsigned char *)p, n)) {
			problem(im, name, r->line, "invalid UTF-8 (save the file as UTF-8)");
		}
		if (!r->record_line && !blank_line(p, n))
			r->record_line = r->line;
		if (plain_record(r, p, n))
			continue;
		if (csv_parse(&r->parser, p, n, on_field, on_record, r) != n) {
			if (csv_error(&r->parser) == CSV_ENOMEM) {
				out_of_memory(im);
				break;
			}
			problem(im, name, r->record_line ? r->record_line : r->line,
			        "malformed quotes: a quoted field must end with a quote followed by a "
			        "comma or the end of the line, and a quote inside it is written \"\"");
			r->failed = 1;
		}
	}
	if (ferror(f)) {
		status = co_error_set(CO_EIO, "cannot read %s: %s", path, strerror(errno));
		goto done;
	}
	if (im->file_capped)
		r->failed = 1; /* the rest of the file is not read: it is incomplete */
	if (!im->stop && !r->failed && !(header_only && r->header_done)) {
		uint32_t start = r->record_line ? r->record_line : r->line;
		if (csv_fini(&r->parser, on_field, on_record, r) != 0)
			problem(im, name, start, "unterminated quoted field (a quote opened here is "
			        "never closed)");
		else if (!r->header_done)
			problem(im, name, 1, "empty file: expected a header line naming the columns "
			        "(%s)", r->spec->column_list);
	}
	if (im->status != CO_OK)
		status = im->status;
done:
	if (parser_ready)
		csv_free(&r->parser);
	if (f)
		fclose(f);
	free(line);
	free(path);
	return status;
}

/* ------------------------------------------------------------------ */
/* Passes after orgs.csv: aliases, parents, cycles.                     */

static void org_problem(importer *im, const org_rec *o, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void org_problem(importer *im, const org_rec *o, const char *fmt, ...)
{
	char text[448];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	problem(im, files[F_ORGS].name, o->line, "%s", text);
}

/* An org's aliases become exactly those of its aliases cell. */
static void resolve_aliases(importer *im)
{
	sqlite3_stmt *st;

	/* First forget the aliases that orgs of the file no longer list, so that
	 * an alias can move from one org to another in the same import.  They
	 * are deleted after the query that lists them is done. */
	for (size_t i = 0; i < im->n_orgs && !im->stop; i++) {
		org_rec *o = &im->orgs[i];
		size_t n_gone = 0;
		int rc;

		if (!o->line || !o->existed)
			continue;
		st = im->st[ST_ALIAS_LIST];
		sqlite3_bind_int64(st, 1, o->id);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *alias = (const char *)sqlite3_column_text(st, 0);
			map_entry *e;
			if (!alias || list_contains(im, o->aliases, alias) ||
			    !(e = map_find(&im->names, alias)))
				continue;
			e->value = NONE;
			if (n_gone == im->cap_ids) {
				size_t cap = im->cap_ids ? 2 * im->cap_ids : 16;
				int64_t *grown = realloc(im->ids, cap * sizeof(*grown));
				if (!grown) {
					sqlite3_reset(st);
					out_of_memory(im);
					return;
				}
				im->ids = grown;
				im->cap_ids = cap;
			}
			im->ids[n_gone++] = e - im->names.entries;
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			im->status = co_store_error(im->store, "cannot read aliases");
			im->stop = 1;
			return;
		}
		for (size_t k = 0; k < n_gone && im->writing; k++) {
			sqlite3_stmt *del = im->st[ST_ALIAS_DELETE];
			bind_text(del, 1, im->names.entries[im->ids[k]].name);
			if (run(del, im->db) < 0) {
				im->status = co_store_error(im->store, "cannot delete an alias");
				im->stop = 1;
				return;
			}
		}
		if (n_gone)
			org_changed(im, o);
	}
	for (size_t i = 0; i < im->n_orgs && !im->stop; i++) {
		org_rec *o = &im->orgs[i];
		const char *cursor = o->aliases, *alias;

		if (!o->line || !o->aliases)
			continue;
		while (!im->stop && (alias = next_item(im, &cursor))) {
			map_entry *e = map_find(&im->names, alias);
			im->res->aliases++;
			if (e && e->value != NONE) {
				uint32_t other = e->value & ~ALIAS_BIT;
				if (other == i)
					continue; /* already its alias, or its own key */
				if ((e->value & ALIAS_BIT) && im->replace && !im->orgs[other].line) {
					/* an alias of an org that --replace deletes: it moves here */
					sqlite3_stmt *del = im->st[ST_ALIAS_DELETE];
					bind_text(del, 1, alias);
					if (im->writing && run(del, im->db) < 0) {
						im->status = co_store_error(im->store, "cannot move an alias");
						im->stop = 1;
						return;
					}
				} else {
					if (e->value & ALIAS_BIT)
						org_problem(im, o, "alias '%s' of '%s' already belongs to org '%s'",
						            show(alias), show(o->key), show(im->orgs[other].key));
					else
						org_problem(im, o, "alias '%s' of '%s' is the key of another org",
						            show(alias), show(o->key));
					continue;
				}
			}
			if (e)
				e->value = (uint32_t)i | ALIAS_BIT;
			else if (!map_add(&im->names, &im->arena, alias, (uint32_t)i | ALIAS_BIT)) {
				out_of_memory(im);
				return;
			}
			if (im->writing) {
				st = im->st[ST_ALIAS_INSERT];
				sqlite3_bind_int64(st, 1, o->id);
				bind_text(st, 2, alias);
				if (run(st, im->db) < 0) {
					im->status = co_store_error(im->store, "cannot store an alias");
					im->stop = 1;
					return;
				}
			}
			org_changed(im, o);
		}
	}
}

/* Reports the cycle through org `start` ("A -> B -> A") at the first line of orgs.csv in it. */
static void report_cycle(importer *im, int32_t start)
{
	char text[400];
	size_t used = 0, shown = 0;
	const org_rec *first = NULL;
	int32_t v = start;

	do {
		const org_rec *o = &im->orgs[v];
		if (o->line && (!first || o->line < first->line))
			first = o;
		if (shown++ < 8 && used < sizeof(text))
			used += (size_t)snprintf(text + used, sizeof(text) - used, "%s -> ", show(o->key));
		v = o->parent;
	} while (v != start);
	if (shown > 8 && used < sizeof(text))
		used += (size_t)snprintf(text + used, sizeof(text) - used, "... -> ");
	if (used < sizeof(text))
		snprintf(text + used, sizeof(text) - used, "%s", show(im->orgs[start].key));
	/* Every cycle passes through an org of the file: the store had none. */
	if (first)
		org_problem(im, first, "parent cycle: %s", text);
}

static void resolve_parents(importer *im)
{
	for (size_t i = 0; i < im->n_orgs; i++) {
		org_rec *o = &im->orgs[i];
		map_entry *e;

		if (!o->line)
			continue; /* only in the store: its parent stays */
		o->parent = -1;
		if (!o->parent_key)
			continue;
		if (!(e = map_find(&im->names, o->parent_key)) || e->value == NONE)
			org_problem(im, o, "parent '%s' of '%s' is not a known org (no such key or alias "
			            "in orgs.csv or the store)", show(o->parent_key), show(o->key));
		else if (im->replace && !im->orgs[e->value & ~ALIAS_BIT].line)
			org_problem(im, o, "parent '%s' of '%s' is in the store but not in orgs.csv: "
			            "import --replace deletes it (add it to orgs.csv, or leave the parent "
			            "empty)", show(o->parent_key), show(o->key));
		else
			o->parent = (int32_t)(e->value & ~ALIAS_BIT);
	}

	/* Colors: 0 not seen, 1 on the current walk up the parents, 2 done. */
	for (size_t s = 0; s < im->n_orgs; s++) {
		int32_t v = (int32_t)s;

		if (im->orgs[s].color)
			continue;
		while (v >= 0 && im->orgs[v].color == 0) {
			im->orgs[v].color = 1;
			v = im->orgs[v].parent;
		}
		if (v >= 0 && im->orgs[v].color == 1)
			report_cycle(im, v);
		for (v = (int32_t)s; v >= 0 && im->orgs[v].color == 1; v = im->orgs[v].parent)
			im->orgs[v].color = 2;
	}

	for (size_t i = 0; i < im->n_orgs && im->writing; i++) {
		org_rec *o = &im->orgs[i];
		sqlite3_stmt *st = im->st[ST_ORG_PARENT];
		int changes;

		if (!o->line || (!o->existed && o->parent == o->inserted_parent))
			continue; /* inserted with its parent, or none */
		sqlite3_bind_int64(st, 1, o->id);
		if (o->parent >= 0)
			sqlite3_bind_int64(st, 2, im->orgs[o->parent].id);
		else
			sqlite3_bind_null(st, 2);
		if ((changes = run(st, im->db)) < 0) {
			im->status = co_store_error(im->store, "cannot store a parent");
			im->stop = 1;
			im->writing = 0;
			return;
		}
		if (changes > 0)
			org_changed(im, o);
	}
}

/* ------------------------------------------------------------------ */
/* Loading what the store holds.                                        */

static int32_t org_by_id(const importer *im, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (im->orgs[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && im->orgs[lo].id == id ? (int32_t)lo : -1;
}

static co_status load_store(importer *im)
{
	sqlite3_stmt *st = NULL;
	int64_t *parents = NULL;
	size_t n_parents = 0, cap_parents = 0;
	co_status status = CO_OK;
	int rc;

	if (sqlite3_prepare_v2(im->db, "SELECT id, key, ifnull(parent_id, 0) FROM orgs ORDER BY id",
	                       -1, &st, NULL) != SQLITE_OK)
		goto db_error;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n_parents == cap_parents) {
			size_t cap = cap_parents ? 2 * cap_parents : 1024;
			int64_t *grown = realloc(parents, cap * sizeof(*grown));
			if (!grown)
				goto no_memory;
			parents = grown;
			cap_parents = cap;
		}
		parents[n_parents++] = sqlite3_column_int64(st, 2);
		if (org_add(im, (const char *)sqlite3_column_text(st, 1), sqlite3_column_int64(st, 0),
		            0) < 0)
			goto no_memory;
	}
	if (rc != SQLITE_DONE)
		goto db_error;
	for (size_t i = 0; i < n_parents; i++)
		im->orgs[i].parent = parents[i] ? org_by_id(im, im->n_orgs, parents[i]) : -1;
	im->orgs_high = im->n_orgs ? im->orgs[im->n_orgs - 1].id : 0;
	sqlite3_finalize(st);
	st = NULL;

	if (sqlite3_prepare_v2(im->db, "SELECT alias, org_id FROM aliases", -1, &st, NULL) != SQLITE_OK)
		goto db_error;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int32_t org = org_by_id(im, im->n_orgs, sqlite3_column_int64(st, 1));
		if (org >= 0 && !map_add(&im->names, &im->arena, (const char *)sqlite3_column_text(st, 0),
		                         (uint32_t)org | ALIAS_BIT))
			goto no_memory;
	}
	if (rc != SQLITE_DONE)
		goto db_error;
	sqlite3_finalize(st);
	st = NULL;

	for (int t = 0; t < 2; t++) {
		keyed_table *table = t ? &im->sources : &im->events;
		if (sqlite3_prepare_v2(im->db, t ? "SELECT id, key FROM sources" : "SELECT id, key FROM events",
		                       -1, &st, NULL) != SQLITE_OK)
			goto db_error;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			if (keyed_add(im, table, (const char *)sqlite3_column_text(st, 1),
			              sqlite3_column_int64(st, 0), 0) < 0)
				goto no_memory;
		if (rc != SQLITE_DONE)
			goto db_error;
		sqlite3_finalize(st);
		st = NULL;
	}

	/* The vocabularies (tie kinds with their default sign and direction). */
	if (sqlite3_prepare_v2(im->db, "SELECT name, 0 FROM org_kinds ORDER BY name", -1, &st, NULL)
	    != SQLITE_OK)
		goto db_error;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (!map_add(&im->org_kinds, &im->arena, (const char *)sqlite3_column_text(st, 0), 0))
			goto no_memory;
	if (rc != SQLITE_DONE)
		goto db_error;
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(im->db, "SELECT name, (sign < 0) | (directed << 1) FROM tie_kinds"
	                       " ORDER BY name", -1, &st, NULL) != SQLITE_OK)
		goto db_error;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (!map_add(&im->tie_kinds, &im->arena, (const char *)sqlite3_column_text(st, 0),
		             (uint32_t)sqlite3_column_int(st, 1)))
			goto no_memory;
	if (rc != SQLITE_DONE)
		goto db_error;
	sqlite3_finalize(st);
	st = NULL;

	if (sqlite3_prepare_v2(im->db, "SELECT ifnull(max(id), 0) FROM ties", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW)
		goto db_error;
	im->ties_before = im->ties_high = sqlite3_column_int64(st, 0);
	goto done;

db_error:
	status = co_store_error(im->store, "cannot read the store");
	goto done;
no_memory:
	status = im->status != CO_OK ? im->status
	                             : co_error_set(CO_ENOMEM, "out of memory reading the store");
done:
	sqlite3_finalize(st);
	free(parents);
	return status;
}

static int compare_org_lines(const void *a, const void *b)
{
	uint32_t x = (*(const org_rec *const *)a)->line, y = (*(const org_rec *const *)b)->line;

	return (x > y) - (x < y);
}

/*
 * The page cache an import asks for, in KiB (SQLite's default is 2000).
 * With the deferred indexes (drop_indexes) the only index a big import
 * writes at random is ties_identity; at 1.1M ties into a new store, 16 MB
 * took no more CPU than 128 MB (7.6-7.9 s against 7.9-10.0 s, user+sys)
 * and as many writes and reads of pages (144k pwrite and 105k pread
 * against 142k and 85k, strace -c), while each MB of it is a MB of the
 * peak twice over: CREATE INDEX sorts in as much memory as the cache
 * (peak 90 MB at 16 MB, 250 MB at 128 MB).
 */
#define CO_IMPORT_CACHE_KB 16384

/* PRAGMA cache_size: pages if positive, -KiB if negative; 0 if unknown. */
static int read_cache_size(importer *im)
{
	sqlite3_stmt *st = NULL;
	int value = 0;

	if (sqlite3_prepare_v2(im->db, "PRAGMA cache_size", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		value = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return value;
}

static void set_cache_size(importer *im, int value)
{
	char sql[48];

	snprintf(sql, sizeof(sql), "PRAGMA cache_size = %d", value);
	sqlite3_exec(im->db, sql, NULL, NULL, NULL);
}

/* ------------------------------------------------------------------ */
/* --replace: deleting the rows the files lack.                         */

/* The tables a replace covers, in the order their rows go (an org takes
 * its ties, participation and observations with it), and how the list
 * names a row (?1 its row id). */
static const struct {
	int file;
	const char *table;
	const char *describe;
} replaced_tables[] = {
	{F_ORGS, "orgs", "SELECT key FROM orgs WHERE id = ?1"},
	{F_EVENTS, "events", "SELECT key FROM events WHERE id = ?1"},
	{F_SOURCES, "sources", "SELECT key FROM sources WHERE id = ?1"},
	{F_TIES, "ties",
	 "SELECT s.key || ' -> ' || d.key || ' (' || t.kind || ifnull(' from ' || t.start, '')"
	 " || ')' || ifnull(', id ' || t.key, '') FROM ties t JOIN orgs s ON s.id = t.source_id"
	 " JOIN orgs d ON d.id = t.target_id WHERE t.id = ?1"},
	{F_PARTICIPATION, "participation",
	 "SELECT o.key || ' at ' || e.key FROM participation p JOIN orgs o ON o.id = p.org_id"
	 " JOIN events e ON e.id = p.event_id WHERE p.rowid = ?1"},
	{F_OBSERVATIONS, "observations",
	 "SELECT o.key || ' ' || ob.metric || ' on ' || ob.date FROM observations ob"
	 " JOIN orgs o ON o.id = ob.org_id WHERE ob.rowid = ?1"},
};
#define N_REPLACED (sizeof(replaced_tables) / sizeof(replaced_tables[0]))

/* With replace: the highest row id of each covered table before the import
 * (ties: always, for duplicates), so that its rows can be marked seen. */
static co_status init_seen(importer *im)
{
	sqlite3_stmt *st = NULL;
	char sql[96];

	if (!seen_init(&im->seen[F_TIES], im->ties_before))
		return co_error_set(CO_ENOMEM, "out of memory importing %s", im->dir);
	for (size_t k = 0; im->replace && k < N_REPLACED; k++) {
		int f = replaced_tables[k].file;
		if (f == F_TIES || !im->covered[f])
			continue;
		snprintf(sql, sizeof(sql), "SELECT ifnull(max(rowid), 0) FROM %s",
		         replaced_tables[k].table);
		if (sqlite3_prepare_v2(im->db, sql, -1, &st, NULL) != SQLITE_OK ||
		    sqlite3_step(st) != SQLITE_ROW) {
			sqlite3_finalize(st);
			return co_store_error(im->store, "cannot read the store");
		}
		int ok = seen_init(&im->seen[f], sqlite3_column_int64(st, 0));
		sqlite3_finalize(st);
		if (!ok)
			return co_error_set(CO_ENOMEM, "out of memory importing %s", im->dir);
	}
	return CO_OK;
}

/* The row ids of `table` (up to the seen maximum) that no row wrote. */
static co_status unseen_rows(int64_t **ids, size_t *n, importer *im, const char *table,
                             const seen_rows *seen)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	char sql[96];
	int rc;

	*ids = NULL;
	*n = 0;
	snprintf(sql, sizeof(sql), "SELECT rowid FROM %s WHERE rowid <= ?1 ORDER BY rowid", table);
	if (sqlite3_prepare_v2(im->db, sql, -1, &st, NULL) != SQLITE_OK)
		return co_store_error(im->store, "cannot read the store");
	sqlite3_bind_int64(st, 1, seen->max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (seen_has(seen, id))
			continue;
		if (*n == cap) {
			size_t new_cap = cap ? 2 * cap : 64;
			int64_t *grown = realloc(*ids, new_cap * sizeof(*grown));
			if (!grown) {
				sqlite3_finalize(st);
				return co_error_set(CO_ENOMEM, "out of memory importing %s", im->dir);
			}
			*ids = grown;
			cap = new_cap;
		}
		(*ids)[(*n)++] = id;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? CO_OK : co_store_error(im->store, "cannot read the store");
}

/* With list_changes: each row about to go, as the list names it. */
static co_status list_deleted(importer *im, size_t k, const int64_t *ids, size_t n)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(im->db, replaced_tables[k].describe, -1, &st, NULL) != SQLITE_OK)
		return co_store_error(im->store, "cannot read the store");
	for (size_t i = 0; i < n && im->status == CO_OK; i++) {
		sqlite3_bind_int64(st, 1, ids[i]);
		if (sqlite3_step(st) == SQLITE_ROW)
			record_change(im, files[replaced_tables[k].file].name, 0, ROW_DELETED, "%s",
			              (const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return im->status;
}

/* Deletes row `id` of `table` with what goes with it, unless an earlier
 * deletion took it along already. */
static co_status delete_if_there(co_change *change, importer *im, const char *table, int64_t id)
{
	sqlite3_stmt *st = NULL;
	char sql[96];
	int rc;

	snprintf(sql, sizeof(sql), "SELECT 1 FROM %s WHERE rowid = ?1", table);
	if (sqlite3_prepare_v2(im->db, sql, -1, &st, NULL) != SQLITE_OK)
		return co_store_error(im->store, "cannot read the store");
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return CO_OK;
	if (rc != SQLITE_ROW)
		return co_store_error(im->store, "cannot read the store");
	return co_change_delete(change, table, id);
}

/* The change's summary and detail: what was deleted, per table. */
static co_status close_replace(co_change *change, importer *im, int dry_run)
{
	co_import_result *res = im->res;
	const co_change_count *counts;
	json_t *detail = NULL, *deleted = json_object(), *updated = json_object();
	char summary[512];
	size_t n, used;
	co_status status;

	counts = co_change_counts(change, &n);
	if (n && !(res->deleted = malloc(n * sizeof(*res->deleted)))) {
		co_change_abandon(change);
		json_decref(deleted);
		json_decref(updated);
		return co_error_set(CO_ENOMEM, "out of memory importing %s", im->dir);
	}
	if (n)
		memcpy(res->deleted, counts, n * sizeof(*counts));
	res->n_deleted = n;
	res->change = dry_run ? 0 : co_change_id(change);
	used = (size_t)snprintf(summary, sizeof(summary), "import --replace %s: deleted", im->dir);
	for (size_t i = 0, listed = 0; i < n; i++) {
		if (counts[i].deleted && used < sizeof(summary))
			used += (size_t)snprintf(summary + used, sizeof(summary) - used, "%s %lld %s",
			                         listed++ ? "," : "", (long long)counts[i].deleted,
			                         counts[i].table);
		if (deleted && counts[i].deleted)
			json_object_set_new(deleted, counts[i].table, json_integer(counts[i].deleted));
		if (updated && counts[i].updated)
			json_object_set_new(updated, counts[i].table, json_integer(counts[i].updated));
	}
	detail = json_pack("{s:s, s:o*, s:o*}", "dir", im->dir, "deleted", deleted,
	                   "updated", updated);
	status = co_change_close(change, summary, detail);
	json_decref(detail);
	return status;
}

/*
 * With replace, after every file was written without a problem: deletes
 * the rows of the covered tables that no row wrote, recorded as one change
 * (none when nothing goes).  The rows are listed before any goes, so that
 * the rows an org takes along are listed too.
 */
static co_status replace_missing(importer *im, int dry_run)
{
	int64_t *ids[N_REPLACED] = {0};
	size_t n[N_REPLACED] = {0}, total = 0;
	co_change *change = NULL;
	co_status status = CO_OK;

	/* Orgs, events and sources of the files: their records say so. */
	for (size_t i = 0; i < im->n_orgs; i++)
		if (im->orgs[i].line)
			seen_mark(&im->seen[F_ORGS], im->orgs[i].id);
	for (size_t i = 0; i < im->events.n; i++)
		if (im->events.recs[i].line)
			seen_mark(&im->seen[F_EVENTS], im->events.recs[i].id);
	for (size_t i = 0; i < im->sources.n; i++)
		if (im->sources.recs[i].line)
			seen_mark(&im->seen[F_SOURCES], im->sources.recs[i].id);
	for (size_t k = 0; k < N_REPLACED && status == CO_OK; k++) {
		if (!im->covered[replaced_tables[k].file])
			continue;
		status = unseen_rows(&ids[k], &n[k], im, replaced_tables[k].table,
		                     &im->seen[replaced_tables[k].file]);
		total += n[k];
		if (status == CO_OK && im->list_changes)
			status = list_deleted(im, k, ids[k], n[k]);
	}
	if (status != CO_OK || total == 0)
		goto done;
	if ((status = co_change_open(&change, im->store, "replace")) != CO_OK)
		goto done;
	for (size_t k = 0; k < N_REPLACED && status == CO_OK; k++)
		for (size_t i = 0; i < n[k] && status == CO_OK; i++)
			status = delete_if_there(change, im, replaced_tables[k].table, ids[k][i]);
	if (status == CO_OK) {
		status = close_replace(change, im, dry_run);
		change = NULL;
	}
done:
	co_change_abandon(change);
	for (size_t k = 0; k < N_REPLACED; k++)
		free(ids[k]);
	return status;
}

/* ------------------------------------------------------------------ */
/* Indexes built once, at the end of a big import.                      */

/*
 * SQLite keeps every index up to date row by row: once an index outgrows
 * the page cache, each row costs a random page read and write.  CREATE
 * INDEX builds the same index from one sort.  An index whose table is
 * empty when the import starts is therefore dropped inside the import's
 * transaction and created again before the commit (a failed import rolls
 * the drop back with the rest).  Only these: no statement of the import
 * looks rows up by their columns while the files are read (foreign keys
 * are off, co_store_begin_bulk), and they are built again before --replace
 * deletes anything (a deleted org's ties are found through ties_target).
 * The unique indexes stay: the upserts find their conflicts through them.
 * aliases_org stays too: ST_ALIAS_LIST reads an org's aliases by it.
 */
static const struct {
	int file;            /* F_*: the file whose rows fill the table */
	const char *table;
	const char *index;
} deferred_indexes[] = {
	{F_ORGS, "orgs", "orgs_parent"},
	{F_TIES, "ties", "ties_target"},
	{F_TIES, "tie_sources", "tie_sources_source"},
	{F_EVENTS, "events", "events_campaign"},
	{F_EVENTS, "event_sources", "event_sources_source"},
	{F_PARTICIPATION, "participation", "participation_org"},
	{F_OBSERVATIONS, "observations", "observations_metric"},
};
#define N_DEFERRED (sizeof(deferred_indexes) / sizeof(deferred_indexes[0]))

/* The CREATE INDEX statement of deferred index k if its table is empty
 * (NULL otherwise); its text as sqlite_master has it, so that the index
 * comes back the same (last in sqlite_master's order, though). */
static co_status deferrable_index(char **sql, importer *im, size_t k)
{
	sqlite3_stmt *st = NULL;
	char query[160];
	co_status status = CO_OK;
	int rc;

	*sql = NULL;
	snprintf(query, sizeof(query),
	         "SELECT (SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?1"
	         " AND tbl_name = ?2) WHERE NOT EXISTS (SELECT 1 FROM \"%s\")",
	         deferred_indexes[k].table);
	if (sqlite3_prepare_v2(im->db, query, -1, &st, NULL) != SQLITE_OK)
		return co_store_error(im->store, "cannot read the store's indexes");
	sqlite3_bind_text(st, 1, deferred_indexes[k].index, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, deferred_indexes[k].table, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_TEXT) {
		if (!(*sql = strdup((const char *)sqlite3_column_text(st, 0))))
			status = co_error_set(CO_ENOMEM, "out of memory importing %s", im->dir);
	} else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		status = co_store_error(im->store, "cannot read the store's indexes");
	}
	sqlite3_finalize(st);
	return status;
}

/* Drops the deferred indexes of the empty tables the files fill, keeping
 * their statements in sql[] (N_DEFERRED entries, NULL where none). */
static co_status drop_indexes(char **sql, importer *im, const reader *readers)
{
	char drop[96];
	co_status status;

	for (size_t k = 0; k < N_DEFERRED; k++) {
		if (readers[deferred_indexes[k].file].absent)
			continue;
		if ((status = deferrable_index(&sql[k], im, k)) != CO_OK)
			return status;
		if (!sql[k])
			continue;
		snprintf(drop, sizeof(drop), "DROP INDEX \"%s\"", deferred_indexes[k].index);
		if (sqlite3_exec(im->db, drop, NULL, NULL, NULL) != SQLITE_OK)
			return co_store_error(im->store, "cannot drop an index for the import");
	}
	return CO_OK;
}

/* Creates the dropped indexes again, in their order. */
static co_status create_indexes(char **sql, importer *im)
{
	for (size_t k = 0; k < N_DEFERRED; k++) {
		if (!sql[k])
			continue;
		if (sqlite3_exec(im->db, sql[k], NULL, NULL, NULL) != SQLITE_OK)
			return co_store_error(im->store, "cannot create an index after the import");
		free(sql[k]);
		sql[k] = NULL;
	}
	return CO_OK;
}

/* ------------------------------------------------------------------ */

co_status co_import_dir(co_import_result *result, co_store *store, const char *dir,
                        const co_import_options *options)
{
	importer im;
	reader readers[N_FILES];
	char *index_sql[N_DEFERRED] = {0};
	co_status status = CO_OK;
	int in_transaction = 0, cache_pages = 0;

	memset(result, 0, sizeof(*result));
	memset(&im, 0, sizeof(im));
	memset(readers, 0, sizeof(readers));
	im.store = store;
	im.db = co_store_db(store);
	im.dir = dir;
	im.res = result;
	im.writing = 1;
	im.strict = options && options->strict;
	im.list_changes = options && options->list_changes;
	im.date_order = options ? options->date_order : 0;
	im.delimiter = options ? options->delimiter : 0;
	im.replace = options && options->replace;
	im.events.what = "event";
	im.sources.what = "source";
	for (size_t f = 0; f < N_FILES; f++) {
		readers[f].im = &im;
		readers[f].spec = &files[f];
	}

	/* Headers first: a file whose columns cannot be read is reported alone. */
	for (size_t f = 0; f < N_FILES && !im.stop; f++)
		if ((status = read_file(&im, &readers[f], 1)) != CO_OK)
			goto done;
	if (im.n_bad)
		goto done;
	for (size_t f = 0; f < N_FILES; f++)
		im.covered[f] = im.replace && !readers[f].absent;

	/* A big import touches more index pages than SQLite's default 2 MB
	 * cache holds, and reading them back costs.  The cache is bounded and
	 * given back at the end. */
	cache_pages = read_cache_size(&im);
	if (cache_pages && cache_pages > -CO_IMPORT_CACHE_KB)
		set_cache_size(&im, -CO_IMPORT_CACHE_KB);
	/* Every key a row names is resolved against the keys of the store (read
	 * inside this write transaction) and of the files, and a row that names
	 * an unknown one is refused: SQLite's own foreign-key lookups would only
	 * repeat that (co_store_begin_bulk). */
	if ((status = co_store_begin_bulk(store)) != CO_OK)
		goto done;
	in_transaction = 1;
	if ((status = load_store(&im)) != CO_OK || (status = init_seen(&im)) != CO_OK ||
	    (status = drop_indexes(index_sql, &im, readers)) != CO_OK)
		goto done;
	/* the virtual tables ST_TIE_BATCH and ST_ATTR_BATCH read */
	if (!(im.org_rows = co_row_batch_open(im.db, ORG_BATCH_TABLE, ORG_BATCH_COLUMNS)) ||
	    !(im.tie_rows = co_row_batch_open(im.db, TIE_BATCH_TABLE, TIE_BATCH_COLUMNS)) ||
	    !(im.attr_rows = co_row_batch_open(im.db, ATTR_BATCH_TABLE, ATTR_BATCH_COLUMNS))) {
		status = co_store_error(store, "cannot prepare the import");
		goto done;
	}
	for (int s = 0; s < N_STATEMENTS; s++)
		if (sqlite3_prepare_v3(im.db, statement_sql[s], -1, SQLITE_PREPARE_PERSISTENT, &im.st[s],
		                       NULL) != SQLITE_OK) {
			status = co_store_error(store, "cannot prepare the import");
			goto done;
		}

	for (size_t f = 0; f < N_FILES && !im.stop; f++) {
		if (readers[f].absent)
			continue;
		if ((status = read_file(&im, &readers[f], 0)) != CO_OK)
			goto done;
		if (im.writing && !flush_batches(&im)) {
			status = im.status;
			goto done;
		}
		if (readers[f].failed) {
			if (f == F_ORGS)
				im.orgs_incomplete = 1;
			else if (f == F_EVENTS)
				im.events.incomplete = 1;
			else if (f == F_SOURCES)
				im.sources.incomplete = 1;
		}
		if (f == F_ORGS && !im.stop) {
			resolve_aliases(&im);
			if (!im.stop)
				resolve_parents(&im);
		}
	}
	if (im.status != CO_OK) {
		status = im.status;
		goto done;
	}
	/* A dry run or a failed import is rolled back, indexes included; a
	 * replace deletes through them, even in a dry run. */
	if (!im.n_bad && (!(options && options->dry_run) || im.replace) &&
	    (status = create_indexes(index_sql, &im)) != CO_OK)
		goto done;
	/* Orgs by their line: an org's parent and aliases change after its row. */
	if (im.list_changes && !im.n_bad) {
		const org_rec **changed = malloc((im.n_orgs ? im.n_orgs : 1) * sizeof(*changed));
		size_t n_changed = 0;
		if (!changed) {
			status = co_error_set(CO_ENOMEM, "out of memory listing changes");
			goto done;
		}
		for (size_t i = 0; i < im.n_orgs; i++)
			if (im.orgs[i].changed)
				changed[n_changed++] = &im.orgs[i];
		qsort(changed, n_changed, sizeof(*changed), compare_org_lines);
		for (size_t i = 0; i < n_changed; i++)
			record_change(&im, files[F_ORGS].name, changed[i]->line, !changed[i]->existed,
			              "%s", changed[i]->key);
		free(changed);
	}
	if (im.replace && !im.n_bad && im.writing &&
	    (status = replace_missing(&im, options->dry_run)) != CO_OK)
		goto done;
	if (im.n_bad || (options && options->dry_run))
		goto done;
	status = co_store_commit(store);
	in_transaction = status != CO_OK;

done:
	render_groups(&im);
	if (status == CO_OK && im.status != CO_OK)
		status = im.status;
	if (status == CO_OK && im.n_bad)
		status = CO_EINVAL;
	for (int s = 0; s < N_STATEMENTS; s++)
		sqlite3_finalize(im.st[s]);
	co_row_batch_close(im.org_rows);
	co_row_batch_close(im.tie_rows);
	co_row_batch_close(im.attr_rows);
	if (in_transaction)
		co_store_rollback(store);
	if (cache_pages && cache_pages > -CO_IMPORT_CACHE_KB)
		set_cache_size(&im, cache_pages);
	for (size_t k = 0; k < N_DEFERRED; k++)
		free(index_sql[k]);
	for (size_t f = 0; f < N_FILES; f++) {
		free(readers[f].buf);
		free(readers[f].offsets);
	}
	map_free(&im.names);
	map_free(&im.events.keys);
	map_free(&im.sources.keys);
	map_free(&im.org_kinds);
	map_free(&im.tie_kinds);
	map_free(&im.tie_keys);
	free(im.written.words);
	map_free(&im.key_folds);
	map_free(&im.group_ids);
	for (size_t f = 0; f < N_FILE_KINDS; f++)
		free(im.seen[f].bits);
	free(im.groups);
	free(im.events.recs);
	free(im.sources.recs);
	free(im.orgs);
	free(im.ids);
	free(im.scratch);
	arena_free(im.arena);
	return status;
}

void co_import_result_free(co_import_result *result)
{
	if (!result)
		return;
	for (size_t i = 0; i < result->n_problems; i++)
		free(result->problems[i]);
	free(result->problems);
	for (size_t i = 0; i < result->n_notes; i++)
		free(result->notes[i]);
	free(result->notes);
	for (size_t i = 0; i < result->n_changes; i++)
		free(result->changes[i].row);
	free(result->changes);
	free(result->deleted);
	memset(result, 0, sizeof(*result));
}
