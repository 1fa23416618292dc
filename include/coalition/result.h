/*
 * result.h - what an analysis hands back: one shape for every command.
 *
 * A co_result holds tables of named columns whose rows are the orgs of a
 * network (or pairs of orgs, or its ties, or other things the columns
 * name), a few named scalars, notes for the person running it, and where it
 * came from: the command, the view of the network, the analysis's
 * parameters, the seed and the library's version.  Analyses fill one from a
 * network and never see the store, JSON or stdout; output.h prints any
 * result as a table, CSV or JSON, and co_result_save() records it as a run
 * with its view (runs/metrics, DESIGN.md section 3).
 *
 * Ownership: a result borrows the network it was made from (the network
 * must outlive it, since org keys, names and kinds are read from it when
 * printing) and owns everything else: its columns' values and list
 * offsets (filled by the analysis through the pointers the add functions
 * hand out, valid until the result is freed), its texts, scalars and
 * notes; free it with co_result_free().
 */
#ifndef COALITION_RESULT_H
#define COALITION_RESULT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "coalition/error.h"
#include "coalition/network.h"
#include "coalition/store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct co_result co_result;

/* What the rows of a table are. */
typedef enum {
	CO_ROWS_ORGS,   /* row i is org i of the network; printed after key, name, kind */
	CO_ROWS_PAIRS,  /* pairs of orgs, named by CO_COLUMN_ORG columns */
	CO_ROWS_TIES,   /* row i is tie i of the network; printed after source, target, kind */
	CO_ROWS_OTHER   /* anything else: the columns say what a row is */
} co_rows;

/* What the values of a column are.  Every column is stored as doubles:
 * orgs as their vertex index, texts as an index that co_result_text()
 * hands out. */
typedef enum {
	CO_COLUMN_NUMBER,   /* a real number; NaN prints as null / empty */
	CO_COLUMN_INTEGER,  /* a count: prints without decimals */
	CO_COLUMN_TOTAL,    /* a sum of counts or weights: prints as an integer
	                       when it is one, else as a real */
	CO_COLUMN_BOOL,     /* 0 or 1: prints false / true */
	CO_COLUMN_ORG,      /* a vertex of the network: prints as the org's key */
	CO_COLUMN_ORG_NAME, /* a vertex of the network: prints as the org's name */
	CO_COLUMN_ORG_KIND, /* a vertex of the network: prints as the org's kind */
	CO_COLUMN_ORG_LABEL,/* a vertex: its key in CSV and JSON, "key (name)" in a
	                       table, so that people read who it is */
	CO_COLUMN_TEXT,     /* a text of the result (co_result_text()) */
	CO_COLUMN_ROW       /* a row of another table (co_result_link_rows()): JSON
	                       nests the row's object, as a cluster lists its ties
	                       to other clusters */
} co_column_type;

/*
 * Where a table or column shows: a mask of these.  By default everything
 * shows everywhere.  A column people read elsewhere (names beside keys
 * already shown as "key (name)") can leave the table format; a table of
 * per-org values that only feeds the store is CO_SHOW_SAVE alone.
 */
enum {
	CO_SHOW_NONE = 0,    /* only as the rows of another table (CO_COLUMN_ROW) */
	CO_SHOW_TABLE = 1,   /* the aligned table for people */
	CO_SHOW_CSV = 2,
	CO_SHOW_JSON = 4,
	CO_SHOW_SAVE = 8,    /* numeric columns of org tables saved as metrics */
	CO_SHOW_PRINT = CO_SHOW_TABLE | CO_SHOW_CSV | CO_SHOW_JSON,
	CO_SHOW_ALL = CO_SHOW_PRINT | CO_SHOW_SAVE
};

/* How a table is written in JSON. */
typedef enum {
	CO_JSON_OBJECTS,     /* an array of row objects (the default) */
	CO_JSON_ARRAYS,      /* an array of arrays of the row's values: [[a,b],...] */
	CO_JSON_OBJECT       /* its first row as one object (a table of one row) */
} co_table_json;

/* Where a named value belongs: printed with the result, or one of the
 * parameters the analysis ran with (recorded with a saved run). */
typedef enum { CO_RESULT_SCALAR, CO_RESULT_PARAM } co_result_part;

/*
 * Makes an empty result of `command` ("centrality") over `net` (borrowed;
 * may be NULL for results without orgs).  The view is copied from the
 * network.  CO_ENOMEM when out of memory.
 */
co_status co_result_new(co_result **out, const char *command, const co_network *net);

/* Frees a result; accepts NULL. */
void co_result_free(co_result *result);

/*
 * Adds a table called `name` (its key in JSON) with `n_rows` rows; for
 * CO_ROWS_ORGS n_rows must be the network's number of orgs, and for
 * CO_ROWS_TIES its number of ties.  *table receives its index.
 */
co_status co_result_add_table(size_t *table, co_result *result, const char *name,
                              co_rows rows, size_t n_rows);

/*
 * Adds a column to a table; *values receives its n_rows values to fill
 * (owned by the result, initialized to NaN).  The numeric columns of an org
 * table are the metrics co_result_save() records.
 */
co_status co_result_add_column(double **values, co_result *result, size_t table,
                               const char *name, co_column_type type);

/*
 * Adds a list column: each cell is a list of values of `type` (the members
 * of a community, the shared partners of a pair).  *starts receives n_rows
 * + 1 offsets and *values n_items values, both owned by the result: the
 * caller fills them so that row i's items are values[starts[i]] up to
 * values[starts[i + 1]] (starts[0] = 0, starts[n_rows] = n_items).  JSON
 * prints a cell as an array; a table and CSV join the items with ';', and
 * a table shows the first CO_RESULT_TABLE_ITEMS and "... N more".
 */
co_status co_result_add_list_column(size_t **starts, double **values, co_result *result,
                                    size_t table, const char *name, co_column_type type,
                                    size_t n_items);

/*
 * The CO_COLUMN_ROW values of `column` are rows of table `rows` of the same
 * result: in JSON each prints as that row's object (its JSON columns).  The
 * child table usually shows in no format itself, or only in a table and CSV
 * where its rows are flat.  CO_ENOTFOUND for an unknown column.
 */
co_status co_result_link_rows(co_result *result, size_t table, const char *column, size_t rows);

/*
 * Gives one cell of a column its own type: a column of measures and values
 * holds counts, reals, flags and texts in one column.  Other cells keep the
 * column's type.  CO_ENOTFOUND for an unknown column, CO_ENOMEM.
 */
co_status co_result_set_cell_type(co_result *result, size_t table, const char *column,
                                  size_t row, co_column_type type);

/* Items of a list cell a table shows before "... N more" (CSV and JSON list all). */
#define CO_RESULT_TABLE_ITEMS 12

/*
 * The index of `text` among the result's texts, to store in a
 * CO_COLUMN_TEXT column (the result copies it once however often it is
 * asked for).  CO_ENOMEM when out of memory.
 */
co_status co_result_text(double *index, co_result *result, const char *text);

/*
 * Where a table (column NULL) or one of its columns shows: a mask of
 * CO_SHOW_*.  Two columns of a table may share a name if they show in
 * different formats (a list of objects in JSON, of texts in a table): the
 * functions taking a column name mean the last one added.  CO_ENOTFOUND
 * for an unknown column.
 */
co_status co_result_show(co_result *result, size_t table, const char *column, unsigned where);

/* The caption a table prints under in the table format ("# caption"), in
 * place of its name; a result of one table with a caption prints it too. */
co_status co_result_set_title(co_result *result, size_t table, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* How the table is written in JSON (CO_JSON_OBJECTS unless set). */
void co_result_set_json(co_result *result, size_t table, co_table_json shape);

/*
 * Orders the rows of a table for printing by the column called `column`,
 * highest first, NaN last, equal values by org key (org tables) or by row.
 * Without a call rows print in their own order.
 */
co_status co_result_sort(co_result *result, size_t table, const char *column);

/* Likewise, lowest first (NaN still last). */
co_status co_result_sort_ascending(co_result *result, size_t table, const char *column);

/* Sets a named value of the result or of its parameters; a second call
 * with the same name replaces the value.  In JSON the scalars and tables
 * print in the order they were first added, and a name with a dot nests:
 * "frustration.value" is "value" inside the object "frustration" (table
 * names too: "frustration.edges"). */
co_status co_result_set_number(co_result *result, co_result_part part, const char *name,
                               double value);
co_status co_result_set_integer(co_result *result, co_result_part part, const char *name,
                                long long value);
co_status co_result_set_bool(co_result *result, co_result_part part, const char *name,
                             int value);
co_status co_result_set_text(co_result *result, co_result_part part, const char *name,
                             const char *text);
co_status co_result_set_words(co_result *result, co_result_part part, const char *name,
                              const char *const *words, size_t n_words);

/* Sets a named value already shaped as JSON: a nested document another
 * module makes (the federations of `tensions --rollup parent`).  `value`
 * is stolen.  CO_ENOMEM when out of memory. */
co_status co_result_set_value(co_result *result, co_result_part part, const char *name,
                              json_t *value);

/* Moves the table called `name` after every scalar set so far in JSON (a
 * table that stays last when a value is set after it).  CO_ENOTFOUND for
 * an unknown table. */
co_status co_result_place_last(co_result *result, const char *name);

/* Records the seed the random parts ran with (provenance). */
void co_result_set_seed(co_result *result, unsigned long seed);

/* Adds a note for the person running the analysis ("betweenness estimated
 * from 256 random sources ..."); callers print them (the CLI on stderr). */
co_status co_result_note(co_result *result, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Reading a result (all pointers are owned by the result). */
const char *co_result_command(const co_result *result);
const co_network *co_result_network(const co_result *result);
size_t co_result_n_notes(const co_result *result);
const char *co_result_note_text(const co_result *result, size_t i);
size_t co_result_n_tables(const co_result *result);
const char *co_result_table_name(const co_result *result, size_t table);
co_rows co_result_table_rows(const co_result *result, size_t table);
size_t co_result_n_rows(const co_result *result, size_t table);
size_t co_result_n_columns(const co_result *result, size_t table);
const char *co_result_column_name(const co_result *result, size_t table, size_t column);
co_column_type co_result_column_type(const co_result *result, size_t table, size_t column);
const double *co_result_column_values(const co_result *result, size_t table, size_t column);
/* A list column's offsets (n_rows + 1 of them), or NULL for a plain column. */
const size_t *co_result_column_starts(const co_result *result, size_t table, size_t column);
/* The table a CO_COLUMN_ROW column's values are rows of (SIZE_MAX if none). */
size_t co_result_column_rows(const co_result *result, size_t table, size_t column);
/* The type of one cell (the column's unless co_result_set_cell_type() set it). */
co_column_type co_result_cell_type(const co_result *result, size_t table, size_t column,
                                   size_t row);
/* The text of index `index` (co_result_text()), or NULL. */
const char *co_result_text_at(const co_result *result, double index);
/* The CO_SHOW_* mask of a table (column SIZE_MAX) or column. */
unsigned co_result_shown(const co_result *result, size_t table, size_t column);
/* A table's caption, or NULL. */
const char *co_result_table_title(const co_result *result, size_t table);
co_table_json co_result_table_json(const co_result *result, size_t table);
/* How many scalars were set before the table was added (its place in JSON). */
size_t co_result_table_place(const co_result *result, size_t table);
/* The i-th row in print order. */
size_t co_result_row_at(const co_result *result, size_t table, size_t i);
/* The column called `name` of any table: 1 and its place if found, else 0. */
int co_result_find_column(size_t *table, size_t *column, const co_result *result,
                          const char *name);
/* The scalars, in the order they were set (a JSON object owned by the result). */
const json_t *co_result_scalars(const co_result *result);
/* The id of the run the result was saved as, or 0. */
int64_t co_result_run_id(const co_result *result);

/*
 * The provenance of the result as a JSON text (caller frees; NULL when out
 * of memory): {"view":{...},<params>...,"seed":N,"version":"..."}.
 */
char *co_result_params_json(const co_result *result);

/*
 * Records the result as a run of its command in `store` with its view and
 * parameters, and every numeric column of its org tables as metrics, in one
 * transaction: all of it or nothing.  The run's id is kept in the result
 * (the JSON output shows it as "run").
 */
co_status co_result_save(co_store *store, co_result *result);

#ifdef __cplusplus
}
#endif
#endif
