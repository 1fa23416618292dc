/*
 * output.c - prints results as aligned tables, CSV (through libcsv's
 * quoting) or JSON (through jansson).
 *
 * Tables compute each column's width from its cells first, then print; they
 * right-align numbers.  CSV prints full precision so that scripts lose
 * nothing; tables round to six significant digits for people.
 */
#include "coalition/output.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outfile.h"

co_status co_format_parse(co_format *out, const char *name)
{
	if (strcmp(name, "table") == 0)
		*out = CO_FORMAT_TABLE;
	else if (strcmp(name, "csv") == 0)
		*out = CO_FORMAT_CSV;
	else if (strcmp(name, "json") == 0)
		*out = CO_FORMAT_JSON;
	else
		return co_error_set(CO_EINVAL,
			"unknown format '%s' (expected table, csv or json)", name);
	return CO_OK;
}

co_format co_format_default(FILE *stream)
{
	return isatty(fileno(stream)) ? CO_FORMAT_TABLE : CO_FORMAT_CSV;
}

/* ---- rounding noise ------------------------------------------------------
 * A value summed or subtracted from terms of magnitude s carries rounding
 * errors near s * 1e-16, so where its exact value is 0 it would print as
 * 1e-17 or -0.  The tolerance (CO_OUTPUT_ZERO = 1e-13, about a thousand
 * ulps): a real whose magnitude is below 1e-13 times the largest magnitude
 * of its column prints as 0 (a column: one key across an array of objects,
 * or an array of numbers; a value outside any column, or a column whose
 * largest magnitude is below 1, counts against 1), and -0 prints as 0.  A
 * true value that small (a p-value below 1e-13, say) prints as 0 too. */

/* x, or 0 where it is rounding noise around 0 (and for -0). */
static double clean_real(double x, double scale)
{
	return fabs(x) < CO_OUTPUT_ZERO * (scale > 1 ? scale : 1) ? 0.0 : x;
}

/* 1 if the real v is noise (or -0); sets it to 0 when apply. */
static int clean_real_value(json_t *v, double scale, int apply)
{
	double x = json_real_value(v);

	if (clean_real(x, scale) == x && !(x == 0 && signbit(x)))
		return 0;
	if (apply)
		json_real_set(v, 0.0);
	return 1;
}

static double magnitude(double scale, const json_t *v)
{
	double x = json_is_number(v) ? fabs(json_number_value(v)) : 0;

	return isfinite(x) && x > scale ? x : scale;
}

static int clean_value(json_t *v, double scale, int apply);

/* An array: its objects' keys and its numbers are columns. */
static int clean_array(json_t *array, int apply)
{
	json_t *scales = json_object(), *item, *x;
	const char *key;
	double numbers = 0;
	size_t i;
	int changed = 0;

	json_array_foreach(array, i, item) {
		if (!json_is_object(item)) {
			numbers = magnitude(numbers, item);
			continue;
		}
		json_object_foreach(item, key, x) {
			json_t *scale = scales ? json_object_get(scales, key) : NULL;

			/* updated in place: a new real per cell was a malloc and a free */
			if (!scales || !json_is_number(x))
				continue;
			if (scale)
				json_real_set(scale, magnitude(json_real_value(scale), x));
			else
				json_object_set_new(scales, key, json_real(magnitude(0, x)));
		}
	}
	json_array_foreach(array, i, item) {
		if (!json_is_object(item)) {
			changed |= clean_value(item, numbers, apply);
			continue;
		}
		json_object_foreach(item, key, x)
			changed |= clean_value(x, json_is_real(x) && scales
			                       ? json_real_value(json_object_get(scales, key)) : 1,
			                       apply);
	}
	json_decref(scales);
	return changed;
}

/* 1 if anything under v is noise; cleans it when apply. */
static int clean_value(json_t *v, double scale, int apply)
{
	const char *key;
	json_t *x;
	int changed = 0;

	if (json_is_real(v))
		return clean_real_value(v, scale, apply);
	if (json_is_array(v))
		return clean_array(v, apply);
	if (json_is_object(v))
		json_object_foreach(v, key, x)
			changed |= clean_value(x, 1, apply);
	return changed;
}

/* doc itself when it holds no noise, else a cleaned copy (*copy owns it;
 * NULL when out of memory). */
static const json_t *cleaned(const json_t *doc, json_t **copy)
{
	*copy = NULL;
	if (!doc || !clean_value((json_t *)doc, 1, 0))  /* only reads */
		return doc;
	if ((*copy = json_deep_copy(doc)))
		clean_value(*copy, 1, 1);
	return *copy;
}

co_status co_output_json(FILE *out, const json_t *doc)
{
	json_t *copy;
	const json_t *clean = cleaned(doc, &copy);
	co_status status = CO_OK;

	if (!clean)
		return co_error_set(CO_ENOMEM, "out of memory");
	if (json_dumpf(clean, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	               JSON_REAL_PRECISION(17)) != 0 ||
	    fputc('\n', out) == EOF)
		status = co_error_set(CO_EIO, "cannot write JSON output");
	json_decref(copy);
	return status;
}

static void format_real(char *buf, size_t size, double value, co_format format)
{
	if (value == 0)
		value = 0.0;  /* -0 prints as 0 */
	if (isnan(value))
		snprintf(buf, size, "%s", format == CO_FORMAT_TABLE ? "-" : "");
	else if (format == CO_FORMAT_TABLE)
		snprintf(buf, size, "%.6g", value);
	else
		snprintf(buf, size, "%.17g", value);
}

/* snprintf(buf, size, "%s", text) without printf's machinery (a third of
 * a million-row CSV's formatting went to it). */
static void copy_text(char *buf, size_t size, const char *text)
{
	size_t n = strlen(text);

	if (size == 0)
		return;
	n = n < size - 1 ? n : size - 1;
	memcpy(buf, text, n);
	buf[n] = '\0';
}

void co_output_cell(char *buf, size_t size, const json_t *value, co_format format)
{
	size_t used = 0;
	size_t i;
	json_t *item;

	buf[0] = '\0';
	if (!value || json_is_null(value))
		return;
	if (json_is_string(value))
		copy_text(buf, size, json_string_value(value));
	else if (json_is_integer(value))
		snprintf(buf, size, "%lld", (long long)json_integer_value(value));
	else if (json_is_real(value))
		format_real(buf, size, json_real_value(value), format);
	else if (json_is_true(value))
		snprintf(buf, size, "true");
	else if (json_is_false(value))
		snprintf(buf, size, "false");
	else if (json_is_object(value)) {
		/* An object of names and texts (attributes): "name=value;name=value". */
		const char *name;
		json_object_foreach((json_t *)value, name, item) {
			char part[256];
			co_output_cell(part, sizeof(part), item, format);
			int n = snprintf(buf + used, size - used, "%s%s=%s", used ? ";" : "", name, part);
			if (n < 0 || (size_t)n >= size - used)
				break;
			used += (size_t)n;
		}
	} else if (json_is_array(value)) {
		json_array_foreach(value, i, item) {
			char part[256];
			co_output_cell(part, sizeof(part), item, format);
			int n = snprintf(buf + used, size - used, "%s%s", i ? ";" : "", part);
			if (n < 0 || (size_t)n >= size - used)
				break;
			used += (size_t)n;
		}
	}
}

static int is_number(const json_t *value)
{
	return json_is_integer(value) || json_is_real(value);
}

/* Cells can be long (member lists); table and CSV cells are cut at 4 KiB. */
#define CELL_MAX 4096

/* One row's cells as a CSV line. */
static void csv_row(FILE *out, const json_t *row, const char *const *columns, size_t n_columns)
{
	char cell[CELL_MAX];

	for (size_t c = 0; c < n_columns; c++) {
		co_output_cell(cell, sizeof(cell), json_object_get(row, columns[c]), CO_FORMAT_CSV);
		co_outfile_csv_field(out, cell, c == 0);
	}
	fputc('\n', out);
}

co_status co_output_csv_body(FILE *out, const json_t *rows, const char *const *columns,
                             size_t n_columns)
{
	size_t r;
	json_t *row, *copy;

	if (!(rows = cleaned(rows, &copy)))
		return co_error_set(CO_ENOMEM, "out of memory");
	json_array_foreach(rows, r, row)
		csv_row(out, row, columns, n_columns);
	json_decref(copy);
	return ferror(out) ? co_error_set(CO_EIO, "cannot write CSV output") : CO_OK;
}

static co_status write_csv(FILE *out, const json_t *rows,
                           const char *const *columns, size_t n_columns)
{
	for (size_t c = 0; c < n_columns; c++)
		co_outfile_csv_field(out, columns[c], c == 0);
	fputc('\n', out);
	return co_output_csv_body(out, rows, columns, n_columns);
}

size_t co_output_text_width(const char *text)
{
	size_t width = 0;

	for (; *text; text++)
		if (((unsigned char)*text & 0xC0) != 0x80)
			width++;
	return width;
}

void co_output_table_widen(size_t *widths, const json_t *row, const char *const *columns,
                           size_t n_columns)
{
	char cell[CELL_MAX];

	for (size_t c = 0; c < n_columns; c++) {
		co_output_cell(cell, sizeof(cell), json_object_get(row, columns[c]), CO_FORMAT_TABLE);
		size_t w = co_output_text_width(cell);
		if (w > widths[c])
			widths[c] = w;
	}
}

void co_output_table_head(FILE *out, const char *const *columns, const size_t *widths,
                          size_t n_columns)
{
	for (size_t c = 0; c < n_columns; c++)
		fprintf(out, "%s%-*s", c ? "  " : "", c + 1 < n_columns ? (int)widths[c] : 0,
		        columns[c]);
	fputc('\n', out);
}

void co_output_table_row(FILE *out, const json_t *row, const char *const *columns,
                         const size_t *widths, size_t n_columns)
{
	char cell[CELL_MAX];

	for (size_t c = 0; c < n_columns; c++) {
		const json_t *value = json_object_get(row, columns[c]);
		co_output_cell(cell, sizeof(cell), value, CO_FORMAT_TABLE);
		int pad = (int)(widths[c] - co_output_text_width(cell));
		if (c)
			fputs("  ", out);
		if (is_number(value))
			fprintf(out, "%*s%s", pad, "", cell);
		else if (c + 1 < n_columns)
			fprintf(out, "%s%*s", cell, pad, "");
		else
			fputs(cell, out);
	}
	fputc('\n', out);
}

static co_status write_table(FILE *out, const json_t *rows,
                             const char *const *columns, size_t n_columns)
{
	size_t widths[64];
	size_t r;
	json_t *row, *copy;
	co_status status;

	if (!(rows = cleaned(rows, &copy)))
		return co_error_set(CO_ENOMEM, "out of memory");

	if (n_columns > 64)
		n_columns = 64;
	for (size_t c = 0; c < n_columns; c++)
		widths[c] = co_output_text_width(columns[c]);
	json_array_foreach(rows, r, row)
		co_output_table_widen(widths, row, columns, n_columns);
	co_output_table_head(out, columns, widths, n_columns);
	json_array_foreach(rows, r, row)
		co_output_table_row(out, row, columns, widths, n_columns);
	status = ferror(out) ? co_error_set(CO_EIO, "cannot write table output") : CO_OK;
	json_decref(copy);
	return status;
}

co_status co_output_rows(FILE *out, co_format format, const json_t *rows,
                         const char *const *columns, size_t n_columns)
{
	switch (format) {
	case CO_FORMAT_JSON:
		return co_output_json(out, rows);
	case CO_FORMAT_CSV:
		return write_csv(out, rows, columns, n_columns);
	case CO_FORMAT_TABLE:
		return write_table(out, rows, columns, n_columns);
	}
	return co_error_set(CO_EINVAL, "unknown output format");
}

void co_output_section(FILE *out, co_format format, const char *title)
{
	if (format == CO_FORMAT_TABLE)
		fprintf(out, "\n# %s\n", title);
}

/* A column's scale for the zero tolerance: its largest finite magnitude. */
static double column_scale(const double *values, size_t n)
{
	double scale = 0;

	for (size_t i = 0; i < n; i++)
		if (isfinite(values[i]) && fabs(values[i]) > scale)
			scale = fabs(values[i]);
	return scale;
}

/* What printing one result needs: the format, the options, and each
 * table's column scales (computed when first asked for). */
typedef struct {
	const co_result *r;
	co_format format;
	const co_output_options *o;
	double **scales;
} printer;

static co_status printer_init(printer *p, const co_result *r, co_format format,
                              const co_output_options *o)
{
	co_status status = co_network_load_names(co_result_network(r));

	p->r = r;
	p->format = format;
	p->o = o;
	p->scales = calloc(co_result_n_tables(r) + 1, sizeof(double *));
	if (status != CO_OK)
		return status;
	return p->scales ? CO_OK : co_error_set(CO_ENOMEM, "out of memory");
}

static void printer_free(printer *p)
{
	for (size_t t = 0; p->scales && t < co_result_n_tables(p->r); t++)
		free(p->scales[t]);
	free(p->scales);
}

/* The zero-tolerance scale of each column of table t, or NULL when out of
 * memory. */
static const double *scales_of(printer *p, size_t t)
{
	const co_result *r = p->r;
	size_t n = co_result_n_columns(r, t);

	if (p->scales[t] || !(p->scales[t] = malloc(sizeof(double) * (n + 1))))
		return p->scales[t];
	for (size_t c = 0; c < n; c++) {
		const size_t *starts = co_result_column_starts(r, t, c);

		p->scales[t][c] = column_scale(co_result_column_values(r, t, c),
		                               starts ? starts[co_result_n_rows(r, t)]
		                                      : co_result_n_rows(r, t));
	}
	return p->scales[t];
}

/* The CO_SHOW_* bit of a format. */
static unsigned format_bit(co_format format)
{
	return format == CO_FORMAT_TABLE ? CO_SHOW_TABLE
	       : format == CO_FORMAT_CSV ? CO_SHOW_CSV : CO_SHOW_JSON;
}

static json_t *row_value(printer *p, size_t t, size_t row);

/* One value of a column of `type` as a JSON value (a new reference, NULL
 * when out of memory); `rows` is the table a CO_COLUMN_ROW value is a row of. */
static json_t *item_value(printer *p, co_column_type type, size_t rows, double x, double scale)
{
	const co_network *net = co_result_network(p->r);
	int is_org = type == CO_COLUMN_ORG || type == CO_COLUMN_ORG_NAME ||
	             type == CO_COLUMN_ORG_KIND || type == CO_COLUMN_ORG_LABEL;
	const co_org *org;
	const char *text;

	if (isnan(x))
		return json_null();
	if (is_org && !(net && x >= 0 && x < (double)net->n_orgs))
		return json_null();
	org = is_org ? &net->orgs[(igraph_integer_t)x] : NULL;
	switch (type) {
	case CO_COLUMN_INTEGER:
		return json_integer((json_int_t)x);
	case CO_COLUMN_TOTAL:
		if (x == floor(x) && fabs(x) < 9e15)
			return json_integer((json_int_t)x);
		break;
	case CO_COLUMN_BOOL:
		return json_boolean(x != 0);
	case CO_COLUMN_ORG:
		return json_string(org->key);
	case CO_COLUMN_ORG_NAME:
		return json_string(org->name);
	case CO_COLUMN_ORG_KIND:
		return json_string(org->kind);
	case CO_COLUMN_ORG_LABEL:
		return p->format == CO_FORMAT_TABLE ? json_sprintf("%s (%s)", org->key, org->name)
		                                    : json_string(org->key);
	case CO_COLUMN_TEXT:
		text = co_result_text_at(p->r, x);
		return text ? json_string(text) : json_null();
	case CO_COLUMN_ROW:
		return rows != SIZE_MAX && x >= 0 && x < (double)co_result_n_rows(p->r, rows)
		       ? row_value(p, rows, (size_t)x) : json_null();
	case CO_COLUMN_NUMBER:
		break;
	}
	return json_real(clean_real(x, scale));
}

/* A list cell: its items, in a table the first CO_RESULT_TABLE_ITEMS and
 * "... N more" (a new reference, or NULL when out of memory). */
static json_t *list_value(printer *p, size_t t, size_t c, size_t row, double scale)
{
	const co_result *r = p->r;
	const size_t *starts = co_result_column_starts(r, t, c);
	const double *values = co_result_column_values(r, t, c);
	co_column_type type = co_result_column_type(r, t, c);
	size_t n = starts[row + 1] - starts[row], shown = n, rows = co_result_column_rows(r, t, c);
	json_t *list = json_array();

	if (p->format == CO_FORMAT_TABLE && n > CO_RESULT_TABLE_ITEMS)
		shown = CO_RESULT_TABLE_ITEMS;
	for (size_t i = 0; list && i < shown; i++)
		if (json_array_append_new(list, item_value(p, type, rows, values[starts[row] + i],
		                                           scale)) != 0)
			goto fail;
	if (list && shown < n &&
	    json_array_append_new(list, json_sprintf("... %zu more", n - shown)) != 0)
		goto fail;
	return list;
fail:
	json_decref(list);
	return NULL;
}

/* One cell of a result column as a JSON value (a new reference). */
static json_t *cell_value(printer *p, size_t t, size_t c, size_t row, double scale)
{
	const co_result *r = p->r;

	if (co_result_column_starts(r, t, c))
		return list_value(p, t, c, row, scale);
	return item_value(p, co_result_cell_type(r, t, c, row), co_result_column_rows(r, t, c),
	                  co_result_column_values(r, t, c)[row], scale);
}

/* Whether column c of table t shows in `format`. */
static int column_shown(const co_result *r, size_t t, size_t c, co_format format)
{
	return (co_result_shown(r, t, c) & format_bit(format)) != 0;
}

/* The columns a table prints: the row's own names first. */
static size_t table_columns(const char **names, const co_result *r, size_t t, co_format format)
{
	static const char *const org_names[] = {"key", "name", "kind"};
	static const char *const tie_names[] = {"source", "target", "kind"};
	co_rows rows = co_result_table_rows(r, t);
	size_t n = 0;

	for (size_t i = 0; i < 3 && (rows == CO_ROWS_ORGS || rows == CO_ROWS_TIES); i++)
		names[n++] = rows == CO_ROWS_ORGS ? org_names[i] : tie_names[i];
	for (size_t c = 0; c < co_result_n_columns(r, t); c++)
		if (column_shown(r, t, c, format))
			names[n++] = co_result_column_name(r, t, c);
	return n;
}

/* {n1: v1, n2: v2, n3: v3}, as json_pack("{s:s,s:s,s:s}") makes it (NULL
 * when out of memory or a text is not UTF-8) without parsing a format per
 * row: the names are this file's own. */
static json_t *three_texts(const char *n1, const char *v1, const char *n2, const char *v2,
                           const char *n3, const char *v3)
{
	const char *names[3] = {n1, n2, n3}, *texts[3] = {v1, v2, v3};
	json_t *o = json_object();

	for (int i = 0; o && i < 3; i++) {
		json_t *text = texts[i] ? json_string(texts[i]) : NULL;

		if (!text || json_object_set_new_nocheck(o, names[i], text) != 0) {
			json_decref(o);
			o = NULL;
		}
	}
	return o;
}

/* The row `row` of table t as an object, or for CO_JSON_ARRAYS in JSON as
 * an array of its values; NULL when out of memory. */
static json_t *row_value(printer *p, size_t t, size_t row)
{
	const co_result *r = p->r;
	const co_network *net = co_result_network(r);
	const double *scales = scales_of(p, t);
	co_rows rows = co_result_table_rows(r, t);
	int array = p->format == CO_FORMAT_JSON && co_result_table_json(r, t) == CO_JSON_ARRAYS;
	json_t *o = NULL;

	if (!scales)
		return NULL;
	if (array)
		o = json_array();
	else if (rows == CO_ROWS_ORGS && net)
		o = three_texts("key", net->orgs[row].key, "name", net->orgs[row].name,
		                "kind", net->orgs[row].kind);
	else if (rows == CO_ROWS_TIES && net)
		o = three_texts("source", net->orgs[co_network_tie_source(net, row)].key,
		                "target", net->orgs[co_network_tie_target(net, row)].key,
		                "kind", co_network_tie_kind(net, row));
	else
		o = json_object();
	for (size_t c = 0; o && c < co_result_n_columns(r, t); c++) {
		json_t *value;

		if (!column_shown(r, t, c, p->format))
			continue;
		value = cell_value(p, t, c, row, scales[c]);
		if (!value || (array ? json_array_append_new(o, value)
		                     : json_object_set_new(o, co_result_column_name(r, t, c), value))
		    != 0) {
			json_decref(o);
			o = NULL;
		}
	}
	return o;
}

/* Whether row `row` of table t is printed under the options. */
static int row_shown(const printer *p, size_t t, size_t row)
{
	const co_network *net = co_result_network(p->r);

	return !(p->o && p->o->show_kinds && co_result_table_rows(p->r, t) == CO_ROWS_ORGS && net &&
	         !co_word_list_allows(p->o->show_kinds, net->orgs[row].kind));
}

/* The values a JSON row holds: 1 for the row, plus the elements of the
 * lists in its cells (a tensions cluster's members and ties_to). */
static size_t row_items(const json_t *row)
{
	const char *key;
	const json_t *value;
	size_t items = 1, i;

	if (json_is_array(row)) {
		json_array_foreach(row, i, value)
			items += json_is_array(value) ? json_array_size(value) : 0;
		return items;
	}
	json_object_foreach((json_t *)row, key, value)
		items += json_is_array(value) ? json_array_size(value) : 0;
	return items;
}

/*
 * The next rows of table t to print: from print position *next on, at
 * most `limit` of them, holding at most `item_limit` values (row_items(); a
 * row more than that comes alone); *next moves past the rows looked at and
 * *printed counts the rows taken so far (for --top).  NULL when out of
 * memory.
 */
static json_t *next_rows(printer *p, size_t t, size_t *next, long *printed, size_t limit,
                         size_t item_limit)
{
	json_t *rows = json_array();
	size_t n = co_result_n_rows(p->r, t), taken = 0, items = 0;
	long top = p->o ? p->o->top : 0;

	for (; rows && *next < n && taken < limit && items < item_limit &&
	       (top <= 0 || *printed < top); (*next)++) {
		size_t row = co_result_row_at(p->r, t, *next);
		json_t *obj;

		if (!row_shown(p, t, row))
			continue;
		if (!(obj = row_value(p, t, row)) || json_array_append_new(rows, obj) != 0) {
			json_decref(rows);
			return NULL;
		}
		taken++;
		items += row_items(obj);
		(*printed)++;
	}
	return rows;
}

/* Whether rows remain to print after print position `next`. */
static int rows_remain(const printer *p, size_t t, size_t next, long printed)
{
	return next < co_result_n_rows(p->r, t) && (!p->o || p->o->top <= 0 || printed < p->o->top);
}

/* Rows per slice of CSV and JSON output: 240k orgs held as JSON rows at
 * once took 100 MB, more than the network itself (a million-tie tensions
 * document held whole, 570 MB). */
#define SLICE 16384
/* Values per slice of JSON output (row_items()): at 1.1M ties `tensions
 * --work 2.5e6` leaves many small clusters, and their ties_to lists made a
 * slice of 16384 rows 545 MB of JSON values (about 150 bytes a value). */
#define SLICE_ITEMS 65536

/* Rows of table t a table format block holds (co_output_options.table_block). */
static size_t block_rows(const printer *p)
{
	if (p->format == CO_FORMAT_CSV)
		return SLICE;
	return p->o && p->o->table_block ? p->o->table_block : (size_t)-1;
}

/* ---- CSV straight from the columns ----------------------------------------
 *
 * A CSV row written from the result's columns, without making the JSON
 * row that co_output_cell() would then print: the JSON rows cost about
 * 14,000 instructions a row of a PageRank CSV (326M of 713M at 23k orgs),
 * as much as the analysis.  Every cell is the text the JSON path prints:
 * reals are cleaned against the column's scale, as row_value() does, and
 * the per-slice cleaning co_output_csv_body() applies after it changes
 * nothing then (a slice's largest magnitude is at most the column's).  A
 * row this path does not cover (a real that is not finite, a text that is
 * not ASCII, longer than a cell or missing, a row cell) goes the JSON way,
 * which also keeps its errors. */

/* Whether a text prints as itself in a CSV cell: present, ASCII (the JSON
 * path refuses what is not UTF-8) and within CELL_MAX. */
static int plain_text(const char *text)
{
	size_t n = 0;

	if (!text)
		return 0;
	for (; text[n]; n++)
		if ((unsigned char)text[n] >= 0x80 || n >= CELL_MAX - 1)
			return 0;
	return 1;
}

/* snprintf(buf, size, "%lld", v) without printf's machinery; buf holds at
 * least 21 bytes. */
static void integer_text(char *buf, json_int_t v)
{
	char digits[24];
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
	size_t n = 0;

	do {
		digits[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*buf++ = '-';
	while (n)
		*buf++ = digits[--n];
	*buf = '\0';
}

/* The text of an item cell into buf (CELL_MAX bytes), as co_output_cell()
 * prints item_value()'s JSON value; *text points at it, or at a text of
 * the result or network.  0 when the item needs the JSON path. */
static int direct_item(printer *p, co_column_type type, double x, double scale, char *buf,
                       const char **text)
{
	const co_network *net = co_result_network(p->r);
	int is_org = type == CO_COLUMN_ORG || type == CO_COLUMN_ORG_NAME ||
	             type == CO_COLUMN_ORG_KIND || type == CO_COLUMN_ORG_LABEL;
	const co_org *org;

	*text = buf;
	buf[0] = '\0';
	if (isnan(x) || (is_org && !(net && x >= 0 && x < (double)net->n_orgs)))
		return 1;
	org = is_org ? &net->orgs[(igraph_integer_t)x] : NULL;
	switch (type) {
	case CO_COLUMN_INTEGER:
		integer_text(buf, (json_int_t)x);
		return 1;
	case CO_COLUMN_TOTAL:
		if (x == floor(x) && fabs(x) < 9e15) {
			integer_text(buf, (json_int_t)x);
			return 1;
		}
		break;
	case CO_COLUMN_BOOL:
		*text = x != 0 ? "true" : "false";
		return 1;
	case CO_COLUMN_ORG:
	case CO_COLUMN_ORG_LABEL:
		*text = org->key;
		return plain_text(*text);
	case CO_COLUMN_ORG_NAME:
		*text = org->name;
		return plain_text(*text);
	case CO_COLUMN_ORG_KIND:
		*text = org->kind;
		return plain_text(*text);
	case CO_COLUMN_TEXT:
		*text = co_result_text_at(p->r, x);
		if (!*text) {
			*text = buf;
			return 1;
		}
		return plain_text(*text);
	case CO_COLUMN_ROW:
		return 0;
	case CO_COLUMN_NUMBER:
		break;
	}
	x = clean_real(x, scale);
	if (!isfinite(x))
		return 0;
	format_real(buf, CELL_MAX, x, CO_FORMAT_CSV);
	return 1;
}

/* A list cell's text into buf (CELL_MAX bytes), as co_output_cell() prints
 * list_value()'s array: items joined by ';', each cut at 255 bytes, the
 * whole cut at CELL_MAX - 1.  0 when an item needs the JSON path. */
static int direct_list(printer *p, size_t t, size_t c, size_t row, double scale, char *buf)
{
	const co_result *r = p->r;
	const size_t *starts = co_result_column_starts(r, t, c);
	const double *values = co_result_column_values(r, t, c);
	co_column_type type = co_result_column_type(r, t, c);
	char item[CELL_MAX], part[256];
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = starts[row]; i < starts[row + 1]; i++) {
		const char *text;
		size_t n, sep;

		if (!direct_item(p, type, values[i], scale, item, &text))
			return 0;
		copy_text(part, sizeof(part), text);
		/* snprintf(buf + used, room, "%s%s", separator, part) and its cut,
		 * without printf's machinery (85M of a 110k-tie Louvain CSV's 96M) */
		sep = i > starts[row];
		n = sep + strlen(part);
		if (n >= CELL_MAX - used) {
			size_t room = CELL_MAX - used - 1;

			if (sep && room > 0) {
				buf[used++] = ';';
				room--;
			}
			memcpy(buf + used, part, room);
			buf[used + room] = '\0';
			break;
		}
		if (sep)
			buf[used++] = ';';
		memcpy(buf + used, part, n - sep + 1);
		used += n - sep;
	}
	return 1;
}

/* Row `row` of table t as a CSV line straight from its columns; 0 (nothing
 * written) when a cell needs the JSON path.  A first pass checks every cell
 * and keeps its text (a list cell's is made again when written). */
static int direct_csv_row(FILE *out, printer *p, size_t t, size_t row, const double *scales)
{
	const co_result *r = p->r;
	const co_network *net = co_result_network(r);
	co_rows rows = co_result_table_rows(r, t);
	const char *lead[3] = {NULL, NULL, NULL}, *texts[64];
	size_t lists[64];
	char bufs[64][32];    /* a real or integer is at most 24 bytes */
	char cell[CELL_MAX];
	size_t n = 0, n_lead = 0;

	if (rows == CO_ROWS_ORGS) {
		lead[0] = net->orgs[row].key;
		lead[1] = net->orgs[row].name;
		lead[2] = net->orgs[row].kind;
		n_lead = 3;
	} else if (rows == CO_ROWS_TIES) {
		lead[0] = net->orgs[co_network_tie_source(net, row)].key;
		lead[1] = net->orgs[co_network_tie_target(net, row)].key;
		lead[2] = co_network_tie_kind(net, row);
		n_lead = 3;
	}
	for (size_t i = 0; i < n_lead; i++)
		if (!plain_text(lead[i]))
			return 0;
	for (size_t c = 0; c < co_result_n_columns(r, t); c++) {
		if (!column_shown(r, t, c, p->format))
			continue;
		if (n == 64)
			return 0;
		if (co_result_column_starts(r, t, c)) {
			if (!direct_list(p, t, c, row, scales[c], cell))
				return 0;
			texts[n] = NULL;
			lists[n++] = c;
			continue;
		}
		if (!direct_item(p, co_result_cell_type(r, t, c, row), co_result_column_values(r, t, c)[row],
		                 scales[c], cell, &texts[n]))
			return 0;
		if (texts[n] == cell) {
			if (strlen(cell) >= sizeof(bufs[n]))
				return 0;
			memcpy(bufs[n], cell, strlen(cell) + 1);
			texts[n] = bufs[n];
		}
		n++;
	}
	for (size_t i = 0; i < n_lead; i++)
		co_outfile_csv_field(out, lead[i], i == 0);
	for (size_t i = 0; i < n; i++) {
		if (!texts[i])
			direct_list(p, t, lists[i], row, scales[lists[i]], cell);
		co_outfile_csv_field(out, texts[i] ? texts[i] : cell, n_lead == 0 && i == 0);
	}
	fputc('\n', out);
	return 1;
}

/* Whether table t's CSV can be written straight: its rows have what names
 * them, and no two printed columns share a name (a JSON object keeps one
 * value a name, which the JSON path would print twice). */
static int direct_csv_table(const printer *p, size_t t, const char **names, size_t n_names)
{
	co_rows rows = co_result_table_rows(p->r, t);

	if ((rows == CO_ROWS_ORGS || rows == CO_ROWS_TIES) && !co_result_network(p->r))
		return 0;
	for (size_t i = 0; i < n_names; i++)
		for (size_t j = i + 1; j < n_names; j++)
			if (strcmp(names[i], names[j]) == 0)
				return 0;
	return 1;
}

/* One row by the JSON path, as a slice of one row. */
static co_status json_csv_row(FILE *out, printer *p, size_t t, size_t row, const char **names,
                              size_t n_names)
{
	json_t *rows = json_array(), *obj = rows ? row_value(p, t, row) : NULL;
	co_status status;

	if (!obj || json_array_append_new(rows, obj) != 0) {
		json_decref(rows);
		return co_error_set(CO_ENOMEM, "out of memory");
	}
	status = co_output_csv_body(out, rows, names, n_names);
	json_decref(rows);
	return status;
}

/* Table t as CSV, each row straight from the columns where it can be. */
static co_status write_direct_csv(FILE *out, printer *p, size_t t, const char **names,
                                  size_t n_names)
{
	const double *scales = scales_of(p, t);
	size_t n = co_result_n_rows(p->r, t);
	long printed = 0, top = p->o ? p->o->top : 0;
	co_status status = CO_OK;

	if (!scales)
		return co_error_set(CO_ENOMEM, "out of memory");
	for (size_t c = 0; c < n_names; c++)
		co_outfile_csv_field(out, names[c], c == 0);
	fputc('\n', out);
	for (size_t next = 0; status == CO_OK && next < n && (top <= 0 || printed < top); next++) {
		size_t row = co_result_row_at(p->r, t, next);

		if (!row_shown(p, t, row))
			continue;
		if (!direct_csv_row(out, p, t, row, scales))
			status = json_csv_row(out, p, t, row, names, n_names);
		printed++;
	}
	if (status == CO_OK && ferror(out))
		status = co_error_set(CO_EIO, "cannot write CSV output");
	return status;
}

/* Table t as a table (all rows at once, for the widths, or in blocks that
 * each print their header) or CSV (sliced, one header). */
static co_status write_result_table(FILE *out, printer *p, size_t t)
{
	const co_result *r = p->r;
	size_t n_names = co_result_n_columns(r, t) + 3, next = 0;
	const char **names = malloc(sizeof(char *) * n_names);
	co_status status = CO_OK;
	long printed = 0;
	int first = 1;

	if (!names)
		return co_error_set(CO_ENOMEM, "out of memory");
	n_names = table_columns(names, r, t, p->format);
	if (p->format == CO_FORMAT_CSV && direct_csv_table(p, t, names, n_names)) {
		status = write_direct_csv(out, p, t, names, n_names);
		free(names);
		return status;
	}
	do {
		json_t *rows = next_rows(p, t, &next, &printed, block_rows(p), (size_t)-1);

		if (!rows) {
			status = co_error_set(CO_ENOMEM, "out of memory");
			break;
		}
		status = first || p->format == CO_FORMAT_TABLE
		         ? co_output_rows(out, p->format, rows, names, n_names)
		         : co_output_csv_body(out, rows, names, n_names);
		json_decref(rows);
		first = 0;
	} while (status == CO_OK && rows_remain(p, t, next, printed));
	free(names);
	return status;
}

/* Sets doc[name] to value (stolen), a dotted name inside nested objects
 * ("frustration.value"); -1 when out of memory. */
static int put(json_t *doc, const char *name, json_t *value)
{
	const char *dot = strchr(name, '.');
	char head[128];
	json_t *inner;

	if (!value)
		return -1;
	if (!dot || (size_t)(dot - name) >= sizeof(head))
		return json_object_set_new(doc, name, value);
	memcpy(head, name, (size_t)(dot - name));
	head[dot - name] = '\0';
	inner = json_object_get(doc, head);
	if (!json_is_object(inner) &&
	    (!(inner = json_object()) || json_object_set_new(doc, head, inner) != 0)) {
		json_decref(value);
		return -1;
	}
	return put(inner, dot + 1, value);
}

/* Whether table t is written a slice at a time (a top-level array). */
static int streamed(const printer *p, size_t t)
{
	return p->format == CO_FORMAT_JSON && !strchr(co_result_table_name(p->r, t), '.') &&
	       co_result_table_json(p->r, t) != CO_JSON_OBJECT;
}

/* A stand-in for streamed table t in the document (a new reference), and
 * how it reads in the JSON text. */
static json_t *placeholder(size_t t)
{
	return json_sprintf("\x01\x02" "coalition table %zu\x03", t);
}
#define MARK "\"\\u0001\\u0002coalition table "
#define MARK_END "\\u0003\""

/* Table t as its JSON value (a new reference), or NULL when out of memory;
 * a streamed table as its placeholder when `stand_in`. */
static json_t *table_document(printer *p, size_t t, int stand_in)
{
	size_t next = 0;
	long printed = 0;
	json_t *rows, *one;

	if (stand_in && streamed(p, t))
		return placeholder(t);
	rows = next_rows(p, t, &next, &printed, (size_t)-1, (size_t)-1);
	if (rows && co_result_table_json(p->r, t) == CO_JSON_OBJECT) {
		one = json_array_size(rows) ? json_incref(json_array_get(rows, 0)) : json_null();
		json_decref(rows);
		rows = one;
	}
	return rows;
}

/* Puts the tables placed before scalar number `place` (for SIZE_MAX, at or
 * after the last scalar); -1 when out of memory. */
static int put_tables(json_t *doc, printer *p, size_t place, int stand_in)
{
	size_t n_scalars = json_object_size(co_result_scalars(p->r));

	for (size_t t = 0; t < co_result_n_tables(p->r); t++) {
		size_t at = co_result_table_place(p->r, t);

		if ((place == SIZE_MAX ? at >= n_scalars : at == place) &&
		    (co_result_shown(p->r, t, SIZE_MAX) & CO_SHOW_JSON) &&
		    (!p->o || !p->o->only || strcmp(p->o->only, co_result_table_name(p->r, t)) == 0) &&
		    put(doc, co_result_table_name(p->r, t), table_document(p, t, stand_in)) != 0)
			return -1;
	}
	return 0;
}

/* The whole result as one JSON document (a new reference), or NULL:
 * scalars and tables in the order they were added; with `stand_in` the
 * top-level tables are placeholders that write_json() fills. */
static json_t *result_document(printer *p, int stand_in)
{
	json_t *doc = json_object(), *value;
	const char *name;
	size_t place = 0;

	if (!doc)
		return NULL;
	json_object_foreach((json_t *)co_result_scalars(p->r), name, value) {
		json_t *copy = json_deep_copy(value);

		if (copy && json_is_real(copy))
			json_real_set(copy, clean_real(json_real_value(copy), 1));
		if (put_tables(doc, p, place++, stand_in) != 0 || put(doc, name, copy) != 0)
			goto fail;
	}
	if (put_tables(doc, p, SIZE_MAX, stand_in) != 0)
		goto fail;
	if (co_result_run_id(p->r) &&
	    json_object_set_new(doc, "run", json_integer(co_result_run_id(p->r))) != 0)
		goto fail;
	return doc;
fail:
	json_decref(doc);
	return NULL;
}

co_status co_output_document(json_t **out, const co_result *r, const co_output_options *o)
{
	printer p;
	co_status status = printer_init(&p, r, CO_FORMAT_JSON, o);

	*out = NULL;
	if (status == CO_OK && !(*out = result_document(&p, 0)))
		status = co_error_set(CO_ENOMEM, "out of memory");
	printer_free(&p);
	return status;
}

/* Item n of an array (an object or a value) as json_dumpf() writes it
 * indented by `indent`, after the separator from the item before. */
static co_status write_json_item(FILE *out, const json_t *item, size_t n, const char *indent)
{
	char *text = json_dumps(item, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY |
	                              JSON_REAL_PRECISION(17));

	if (!text)
		return co_error_set(CO_ENOMEM, "out of memory");
	fputs(n ? ",\n" : "\n", out);
	fputs(indent, out);
	/* Strings escape their newlines: every newline is indentation. */
	for (const char *c = text; *c; c++) {
		fputc(*c, out);
		if (*c == '\n')
			fputs(indent, out);
	}
	free(text);
	return CO_OK;
}

/* The rows of streamed table t as the array json_dumpf() would write at
 * the document's top level ("[]", or one row per line indented by 4). */
static co_status write_rows_json(FILE *out, printer *p, size_t t)
{
	size_t next = 0, n = 0;
	long printed = 0;
	co_status status = CO_OK;

	fputc('[', out);
	do {
		json_t *rows = next_rows(p, t, &next, &printed, SLICE, SLICE_ITEMS), *row;
		size_t i;

		if (!rows)
			return co_error_set(CO_ENOMEM, "out of memory");
		json_array_foreach(rows, i, row)
			if ((status = write_json_item(out, row, n++, "    ")) != CO_OK)
				break;
		json_decref(rows);
	} while (status == CO_OK && rows_remain(p, t, next, printed));
	fputs(n ? "\n  ]" : "]", out);
	return status;
}

/* The JSON document, its top-level tables written a slice of rows at a
 * time into the text of the rest. */
static co_status write_json(FILE *out, printer *p)
{
	json_t *doc = result_document(p, 1), *copy = NULL;
	const json_t *clean = doc ? cleaned(doc, &copy) : NULL;
	char *text = clean ? json_dumps(clean, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	                                       JSON_REAL_PRECISION(17)) : NULL;
	const char *at, *found;
	co_status status = CO_OK;

	json_decref(copy);
	json_decref(doc);
	if (!text)
		return co_error_set(CO_ENOMEM, "out of memory");
	/* The stand-ins in the order they stand in the text. */
	for (at = text; status == CO_OK && (found = strstr(at, MARK));) {
		char *end;
		size_t t = (size_t)strtoul(found + strlen(MARK), &end, 10);

		if (strncmp(end, MARK_END, strlen(MARK_END)) != 0 || t >= co_result_n_tables(p->r)) {
			fwrite(at, 1, (size_t)(end - at), out);
			at = end;
			continue;
		}
		fwrite(at, 1, (size_t)(found - at), out);
		status = write_rows_json(out, p, t);
		at = end + strlen(MARK_END);
	}
	fputs(at, out);
	fputc('\n', out);
	free(text);
	if (status == CO_OK && ferror(out))
		status = co_error_set(CO_EIO, "cannot write JSON output");
	return status;
}

/* Whether table t prints in this format (and is the one asked for). */
static int table_printed(const printer *p, size_t t)
{
	return (co_result_shown(p->r, t, SIZE_MAX) & format_bit(p->format)) &&
	       (!p->o || !p->o->only || strcmp(p->o->only, co_result_table_name(p->r, t)) == 0);
}

co_status co_output_result(FILE *out, co_format format, const co_result *r,
                           const co_output_options *o)
{
	printer p;
	co_status status = printer_init(&p, r, format, o);
	size_t n_printed = 0;
	int first = 1;

	if (status == CO_OK && format == CO_FORMAT_JSON)
		status = write_json(out, &p);
	for (size_t t = 0; format != CO_FORMAT_JSON && t < co_result_n_tables(r); t++)
		n_printed += table_printed(&p, t);
	for (size_t t = 0; status == CO_OK && format != CO_FORMAT_JSON &&
	                   t < co_result_n_tables(r); t++) {
		const char *title = co_result_table_title(r, t);

		if (!table_printed(&p, t))
			continue;
		if (format == CO_FORMAT_CSV && !first)
			fputc('\n', out);
		if ((n_printed > 1 || title) && (!o || !o->only)) {
			title = title ? title : co_result_table_name(r, t);
			if (format == CO_FORMAT_TABLE)
				co_output_section(out, format, title);
			else if (o && o->csv_titles)
				fprintf(out, "# %s\n", title);
		}
		status = write_result_table(out, &p, t);
		first = 0;
	}
	printer_free(&p);
	return status;
}

/* ---- rows made one at a time by the caller ------------------------------ */

/* Row i of a made table, cleaned as a table of that row alone (its reals
 * against 1: see CO_OUTPUT_ZERO); NULL when out of memory.  *copy owns
 * what the caller frees (json_decref() both). */
static json_t *made_row(co_output_row_fn make, void *context, size_t i, json_t **copy)
{
	json_t *row = make(context, i);
	const json_t *clean;

	*copy = NULL;
	if (!row)
		return NULL;
	if (!(clean = cleaned(row, copy))) {
		json_decref(row);
		return NULL;
	}
	if (*copy) {
		json_decref(row);
		return *copy;
	}
	return row;
}

static co_status write_made_table(FILE *out, co_format format, size_t n_rows,
                                  co_output_row_fn make, void *context,
                                  const char *const *columns, size_t n_columns)
{
	size_t widths[64];
	json_t *row, *copy;

	if (n_columns > 64)
		n_columns = 64;
	for (size_t c = 0; c < n_columns; c++)
		widths[c] = co_output_text_width(columns[c]);
	if (format == CO_FORMAT_TABLE)
		for (size_t i = 0; i < n_rows; i++) {
			if (!(row = made_row(make, context, i, &copy)))
				return co_error_set(CO_ENOMEM, "out of memory");
			co_output_table_widen(widths, row, columns, n_columns);
			json_decref(row);
		}
	if (format == CO_FORMAT_TABLE)
		co_output_table_head(out, columns, widths, n_columns);
	else
		for (size_t c = 0; c < n_columns; c++)
			co_outfile_csv_field(out, columns[c], c == 0);
	if (format == CO_FORMAT_CSV)
		fputc('\n', out);
	for (size_t i = 0; i < n_rows; i++) {
		if (!(row = made_row(make, context, i, &copy)))
			return co_error_set(CO_ENOMEM, "out of memory");
		if (format == CO_FORMAT_TABLE)
			co_output_table_row(out, row, columns, widths, n_columns);
		else
			csv_row(out, row, columns, n_columns);
		json_decref(row);
	}
	return ferror(out) ? co_error_set(CO_EIO, "cannot write %s output",
	                                  format == CO_FORMAT_CSV ? "CSV" : "table") : CO_OK;
}

/* The made rows as a JSON array whose items are indented by `indent`. */
static co_status write_made_json(FILE *out, size_t n_rows, co_output_row_fn make,
                                 void *context, const char *indent)
{
	co_status status = CO_OK;
	json_t *row, *copy;

	fputc('[', out);
	for (size_t i = 0; i < n_rows && status == CO_OK; i++) {
		if (!(row = made_row(make, context, i, &copy)))
			return co_error_set(CO_ENOMEM, "out of memory");
		status = write_json_item(out, row, i, indent);
		json_decref(row);
	}
	if (n_rows)
		fprintf(out, "\n%.*s]", (int)(strlen(indent) - 2), indent);
	else
		fputc(']', out);
	return status;
}

co_status co_output_rows_made(FILE *out, co_format format, size_t n_rows,
                              co_output_row_fn make, void *context,
                              const char *const *columns, size_t n_columns)
{
	co_status status;

	if (format != CO_FORMAT_JSON)
		return write_made_table(out, format, n_rows, make, context, columns, n_columns);
	if ((status = write_made_json(out, n_rows, make, context, "  ")) == CO_OK &&
	    (fputc('\n', out) == EOF || ferror(out)))
		status = co_error_set(CO_EIO, "cannot write JSON output");
	return status;
}

/* Stands in the text of a document for member k written a row at a time:
 * the text set, and as json_dumps() writes it. */
#define MADE_TEXT "\x01\x02" "coalition made rows %zu\x03"
#define MADE_MARK "\"\\u0001\\u0002coalition made rows %zu\\u0003\""

co_status co_output_json_made_members(FILE *out, const json_t *doc, size_t n_members,
                                      const co_output_made_member *members)
{
	json_t *shallow = json_copy((json_t *)doc), *copy = NULL;
	const json_t *clean = NULL;
	char *text = NULL, mark[64];
	const char *at, *found;
	co_status status = CO_OK;

	for (size_t k = 0; shallow && k < n_members; k++) {
		snprintf(mark, sizeof(mark), MADE_TEXT, k);
		if (json_object_set_new(shallow, members[k].key, json_string(mark)) != 0) {
			json_decref(shallow);
			shallow = NULL;
		}
	}
	if (!shallow || !(clean = cleaned(shallow, &copy)) ||
	    !(text = json_dumps(clean, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	                               JSON_REAL_PRECISION(17)))) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	at = text;
	for (size_t k = 0; k < n_members; k++) {
		snprintf(mark, sizeof(mark), MADE_MARK, k);
		if (!(found = strstr(at, mark))) {
			status = co_error_set(CO_EINVAL, "the document has no member '%s' after the "
			                      "ones before it", members[k].key);
			goto done;
		}
		fwrite(at, 1, (size_t)(found - at), out);
		if ((status = write_made_json(out, members[k].n_rows, members[k].make,
		                              members[k].context, "    ")) != CO_OK)
			goto done;
		at = found + strlen(mark);
	}
	fputs(at, out);
	fputc('\n', out);
	if (ferror(out))
		status = co_error_set(CO_EIO, "cannot write JSON output");
done:
	free(text);
	json_decref(copy);
	json_decref(shallow);
	return status;
}

co_status co_output_json_made(FILE *out, const json_t *doc, const char *key, size_t n_rows,
                              co_output_row_fn make, void *context)
{
	co_output_made_member member = {key, n_rows, make, context};

	return co_output_json_made_members(out, doc, 1, &member);
}
