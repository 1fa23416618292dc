/*
 * output.h - results leave through here as a table, CSV or JSON.
 *
 * Analyses hand their results over as a co_result (result.h), which
 * co_output_result() prints in the JSON shapes DESIGN.md section 6 fixes or
 * as tables and CSV; the lower-level writers print jansson values (a
 * document, or rows as an array of flat objects) for the few callers that
 * make them.  This module is the only place that formats numbers and quotes
 * CSV, so every command prints alike.
 *
 * Ownership: every function writes to a stream or buffer the caller owns
 * and borrows the values and results it prints for the call;
 * co_output_document() hands back a new jansson reference (json_decref()).
 */
#ifndef COALITION_OUTPUT_H
#define COALITION_OUTPUT_H

#include <jansson.h>
#include <stdio.h>

#include "coalition/error.h"
#include "coalition/result.h"
#include "coalition/view.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	CO_FORMAT_TABLE,   /* aligned columns for people */
	CO_FORMAT_CSV,     /* RFC 4180, header row first */
	CO_FORMAT_JSON     /* the DESIGN.md section 6 shapes */
} co_format;

/* Parses "table", "csv" or "json"; CO_EINVAL with a message otherwise. */
co_status co_format_parse(co_format *out, const char *name);

/* The default format for a stream: table on a terminal, csv otherwise. */
co_format co_format_default(FILE *stream);

/* Writes `doc` as indented JSON followed by a newline.  Numbers keep 17
 * significant digits so that values round-trip. */
co_status co_output_json(FILE *out, const json_t *doc);

/*
 * Writes `rows` (an array of objects) as a table or CSV with the given
 * columns (keys of the objects; a missing key prints empty).  With
 * CO_FORMAT_JSON it writes the array itself.  Arrays inside a cell are
 * joined with ';'.
 */
co_status co_output_rows(FILE *out, co_format format, const json_t *rows,
                         const char *const *columns, size_t n_columns);

/*
 * Writes `rows` as CSV lines without the header line: the rest of a table
 * that co_output_rows() began, for output made a slice of rows at a time
 * (a million-tie view's rows held as JSON at once take hundreds of MB).
 */
co_status co_output_csv_body(FILE *out, const json_t *rows, const char *const *columns,
                             size_t n_columns);

/* The display width of UTF-8 text in a table: its code points, not its
 * bytes (diff's table pads its columns by the same count). */
size_t co_output_text_width(const char *text);

/* A table written a row at a time, as co_output_rows() writes one:
 * widths[] starts at each column name's width and is widened by every row
 * (co_output_table_widen), then the head and each row are printed padded to
 * it, numbers to the right.  For writers that make their rows one by one. */
void co_output_table_widen(size_t *widths, const json_t *row, const char *const *columns,
                           size_t n_columns);
void co_output_table_head(FILE *out, const char *const *columns, const size_t *widths,
                          size_t n_columns);
void co_output_table_row(FILE *out, const json_t *row, const char *const *columns,
                         const size_t *widths, size_t n_columns);

/*
 * Rows made one at a time, for tables too big to hold as JSON at once (a
 * million-tie view's rows take hundreds of MB): make(context, i) returns
 * row i (a new reference the writer releases, NULL when out of memory) and
 * is asked for each row once, or twice for a table (its widths, then its
 * line).  A row's reals are cleaned as a table of that row alone, against 1
 * and not against their column's largest (CO_OUTPUT_ZERO below).
 */
typedef json_t *(*co_output_row_fn)(void *context, size_t i);

/* co_output_rows() of n_rows made rows: the same text for rows without
 * reals that are noise. */
co_status co_output_rows_made(FILE *out, co_format format, size_t n_rows,
                              co_output_row_fn make, void *context,
                              const char *const *columns, size_t n_columns);

/* co_output_json() of `doc` (an object) with its member `key` (present:
 * its value is not read) the array of n_rows made rows. */
co_status co_output_json_made(FILE *out, const json_t *doc, const char *key, size_t n_rows,
                              co_output_row_fn make, void *context);

/* co_output_json_made() of several members, each the array of its made
 * rows, given in the order the document holds them. */
typedef struct {
	const char *key;
	size_t n_rows;
	co_output_row_fn make;
	void *context;
} co_output_made_member;

co_status co_output_json_made_members(FILE *out, const json_t *doc, size_t n_members,
                                      const co_output_made_member *members);

/* The relative tolerance below which a printed real is 0: every writer of
 * this module (co_output_json, co_output_rows, co_output_result) prints a
 * real whose magnitude is below CO_OUTPUT_ZERO times the largest magnitude
 * of its column (at least 1) as 0, and -0 as 0 (output.c says why). */
#define CO_OUTPUT_ZERO 1e-13

/* What of a result co_output_result() prints (the result itself is whole). */
typedef struct {
	long top;                        /* rows of each table at most; 0 = all */
	const co_word_list *show_kinds;  /* org tables: orgs of these kinds only (NULL = all) */
	const char *only;                /* only the table of this name: untitled in a
	                                    table and CSV; in JSON the scalars and
	                                    that table (NULL = all) */
	int csv_titles;                  /* CSV: "# caption" before each of several
	                                    tables, as a table shows them */
	size_t table_block;              /* table format: rows per block, each block
	                                    aligned on its own under its own header
	                                    line, so that a table of millions of rows
	                                    (the panel) is never held whole; 0 = one
	                                    block (CSV and JSON are always written a
	                                    slice of rows at a time) */
} co_output_options;

/*
 * Writes a result (result.h): as JSON, an object with its scalars and
 * tables in the order they were added (dotted names nested), each table as
 * an array of row objects under its name (or as the table's co_table_json
 * says), and "run" when it was saved; as a table or CSV, its tables
 * (titled "# caption" or "# name" in a table when there are several or the
 * table has a caption; CSV separates them by a blank line).  Tables and
 * columns print only in the formats their CO_SHOW_* mask names.  Rows of
 * org tables begin with key, name and kind, rows of tie tables with
 * source, target and kind.  `options` may be NULL.  JSON is written with
 * its top-level tables a slice of rows at a time, so that a million-row
 * table is never held as JSON whole (the bytes are those of the whole
 * document written at once).
 * Rounding noise where the exact value is 0 prints as 0: a value whose
 * magnitude is below CO_OUTPUT_ZERO times the largest magnitude in its
 * column (for a scalar, below CO_OUTPUT_ZERO) prints as 0, and -0 as 0.
 */
co_status co_output_result(FILE *out, co_format format, const co_result *result,
                           const co_output_options *options);

/*
 * The JSON document co_output_result() writes for `result`, as a jansson
 * value (*out owned by the caller, json_decref()): for readers inside the
 * library, such as the report, that take a result's rows by key.
 */
co_status co_output_document(json_t **out, const co_result *result,
                             const co_output_options *options);

/* Writes "# title" before a table section (table format only); used by
 * commands that print several tables. */
void co_output_section(FILE *out, co_format format, const char *title);

/* Formats one JSON scalar as text into buf, as tables and CSV show it. */
void co_output_cell(char *buf, size_t size, const json_t *value, co_format format);

#ifdef __cplusplus
}
#endif
#endif
