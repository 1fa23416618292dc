/*
 * output.h - results leave through here as a table, CSV or JSON.
 *
 * Analyses describe their results as jansson values: a JSON document with
 * the shape DESIGN.md section 6 fixes, and for table and CSV output an array
 * of flat objects (rows) with the columns to print.  This module is the only
 * place that formats numbers and quotes CSV, so every command prints alike.
 */
#ifndef COALITION_OUTPUT_H
#define COALITION_OUTPUT_H

#include <jansson.h>
#include <stdio.h>

#include "coalition/error.h"

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

/* Writes "# title" before a table section (table format only); used by
 * commands that print several tables. */
void co_output_section(FILE *out, co_format format, const char *title);

/* Formats one JSON scalar as text into buf, as tables and CSV show it. */
void co_output_cell(char *buf, size_t size, const json_t *value, co_format format);

#ifdef __cplusplus
}
#endif
#endif
