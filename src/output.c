/*
 * output.c - prints results as aligned tables, CSV (through libcsv's
 * quoting) or JSON (through jansson).
 *
 * Tables compute each column's width from its cells first, then print; they
 * right-align numbers.  CSV prints full precision so that scripts lose
 * nothing; tables round to six significant digits for people.
 */
#include "coalition/output.h"

#include <csv.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
		json_object_foreach(item, key, x)
			if (scales && json_is_number(x))
				json_object_set_new(scales, key, json_real(magnitude(
					json_real_value(json_object_get(scales, key)), x)));
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

void co_output_cell(char *buf, size_t size, const json_t *value, co_format format)
{
	size_t used = 0;
	size_t i;
	json_t *item;

	buf[0] = '\0';
	if (!value || json_is_null(value))
		return;
	if (json_is_string(value))
		snprintf(buf, size, "%s", json_string_value(value));
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

/* Quotes a field only when it needs it, so numbers stay bare for spreadsheets. */
static void write_csv_field(FILE *out, const char *text, int first)
{
	if (!first)
		fputc(',', out);
	if (strpbrk(text, ",\"\r\n"))
		csv_fwrite(out, text, strlen(text));
	else
		fputs(text, out);
}

co_status co_output_csv_body(FILE *out, const json_t *rows, const char *const *columns,
                             size_t n_columns)
{
	char cell[CELL_MAX];
	size_t r;
	json_t *row, *copy;

	if (!(rows = cleaned(rows, &copy)))
		return co_error_set(CO_ENOMEM, "out of memory");
	json_array_foreach(rows, r, row) {
		for (size_t c = 0; c < n_columns; c++) {
			co_output_cell(cell, sizeof(cell), json_object_get(row, columns[c]),
			               CO_FORMAT_CSV);
			write_csv_field(out, cell, c == 0);
		}
		fputc('\n', out);
	}
	json_decref(copy);
	return ferror(out) ? co_error_set(CO_EIO, "cannot write CSV output") : CO_OK;
}

static co_status write_csv(FILE *out, const json_t *rows,
                           const char *const *columns, size_t n_columns)
{
	for (size_t c = 0; c < n_columns; c++)
		write_csv_field(out, columns[c], c == 0);
	fputc('\n', out);
	return co_output_csv_body(out, rows, columns, n_columns);
}

/* Display width of UTF-8 text: counts code points, not bytes. */
static size_t text_width(const char *text)
{
	size_t width = 0;

	for (; *text; text++)
		if (((unsigned char)*text & 0xC0) != 0x80)
			width++;
	return width;
}

static co_status write_table(FILE *out, const json_t *rows,
                             const char *const *columns, size_t n_columns)
{
	char cell[CELL_MAX];
	size_t widths[64];
	size_t r;
	json_t *row, *copy;
	co_status status;

	if (!(rows = cleaned(rows, &copy)))
		return co_error_set(CO_ENOMEM, "out of memory");

	if (n_columns > 64)
		n_columns = 64;
	for (size_t c = 0; c < n_columns; c++)
		widths[c] = text_width(columns[c]);
	json_array_foreach(rows, r, row) {
		for (size_t c = 0; c < n_columns; c++) {
			co_output_cell(cell, sizeof(cell), json_object_get(row, columns[c]),
			               CO_FORMAT_TABLE);
			size_t w = text_width(cell);
			if (w > widths[c])
				widths[c] = w;
		}
	}
	for (size_t c = 0; c < n_columns; c++)
		fprintf(out, "%s%-*s", c ? "  " : "", c + 1 < n_columns ? (int)widths[c] : 0,
		        columns[c]);
	fputc('\n', out);
	json_array_foreach(rows, r, row) {
		for (size_t c = 0; c < n_columns; c++) {
			const json_t *value = json_object_get(row, columns[c]);
			co_output_cell(cell, sizeof(cell), value, CO_FORMAT_TABLE);
			int pad = (int)(widths[c] - text_width(cell));
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

/* The CO_SHOW_* bit of a format. */
static unsigned format_bit(co_format format)
{
	return format == CO_FORMAT_TABLE ? CO_SHOW_TABLE
	       : format == CO_FORMAT_CSV ? CO_SHOW_CSV : CO_SHOW_JSON;
}

/* One value of a column of `type` as a JSON value (a new reference). */
static json_t *item_value(const co_result *r, co_column_type type, double x, double scale,
                          co_format format)
{
	const co_network *net = co_result_network(r);
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
	case CO_COLUMN_BOOL:
		return json_boolean(x != 0);
	case CO_COLUMN_ORG:
		return json_string(org->key);
	case CO_COLUMN_ORG_NAME:
		return json_string(org->name);
	case CO_COLUMN_ORG_KIND:
		return json_string(org->kind);
	case CO_COLUMN_ORG_LABEL:
		return format == CO_FORMAT_TABLE ? json_sprintf("%s (%s)", org->key, org->name)
		                                 : json_string(org->key);
	case CO_COLUMN_TEXT:
		text = co_result_text_at(r, x);
		return text ? json_string(text) : json_null();
	case CO_COLUMN_NUMBER:
		break;
	}
	return json_real(clean_real(x, scale));
}

/* A list cell: its items, in a table the first CO_RESULT_TABLE_ITEMS and
 * "... N more" (a new reference, or NULL when out of memory). */
static json_t *list_value(const co_result *r, size_t t, size_t c, size_t row, double scale,
                          co_format format)
{
	const size_t *starts = co_result_column_starts(r, t, c);
	const double *values = co_result_column_values(r, t, c);
	co_column_type type = co_result_column_type(r, t, c);
	size_t n = starts[row + 1] - starts[row], shown = n;
	json_t *list = json_array();

	if (format == CO_FORMAT_TABLE && n > CO_RESULT_TABLE_ITEMS)
		shown = CO_RESULT_TABLE_ITEMS;
	for (size_t i = 0; list && i < shown; i++)
		if (json_array_append_new(list, item_value(r, type, values[starts[row] + i], scale,
		                                           format)) != 0)
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
static json_t *cell_value(const co_result *r, size_t t, size_t c, size_t row, double scale,
                          co_format format)
{
	if (co_result_column_starts(r, t, c))
		return list_value(r, t, c, row, scale, format);
	return item_value(r, co_result_column_type(r, t, c), co_result_column_values(r, t, c)[row],
	                  scale, format);
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

/* The row `row` of table t as an object, or for CO_JSON_ARRAYS in JSON as
 * an array of its values; NULL when out of memory. */
static json_t *row_object(const co_result *r, size_t t, size_t row, const double *scales,
                          co_format format)
{
	const co_network *net = co_result_network(r);
	co_rows rows = co_result_table_rows(r, t);
	int array = format == CO_FORMAT_JSON && co_result_table_json(r, t) == CO_JSON_ARRAYS;
	json_t *o = NULL;

	if (array)
		o = json_array();
	else if (rows == CO_ROWS_ORGS && net)
		o = json_pack("{s:s,s:s,s:s}", "key", net->orgs[row].key,
		              "name", net->orgs[row].name, "kind", net->orgs[row].kind);
	else if (rows == CO_ROWS_TIES && net)
		o = json_pack("{s:s,s:s,s:s}", "source", net->orgs[net->ties[row].source].key,
		              "target", net->orgs[net->ties[row].target].key,
		              "kind", net->ties[row].kind);
	else
		o = json_object();
	for (size_t c = 0; o && c < co_result_n_columns(r, t); c++) {
		json_t *value;

		if (!column_shown(r, t, c, format))
			continue;
		value = cell_value(r, t, c, row, scales[c], format);
		if (!value || (array ? json_array_append_new(o, value)
		                     : json_object_set_new(o, co_result_column_name(r, t, c), value))
		    != 0) {
			json_decref(o);
			o = NULL;
		}
	}
	return o;
}

/* Whether row `row` of table t is printed under `options`. */
static int row_shown(const co_result *r, size_t t, size_t row, const co_output_options *o)
{
	const co_network *net = co_result_network(r);

	return !(o && o->show_kinds && co_result_table_rows(r, t) == CO_ROWS_ORGS && net &&
	         !co_word_list_allows(o->show_kinds, net->orgs[row].kind));
}

/*
 * The next rows of table t to print: from print position *next on, at
 * most `limit` of them; *next moves past the rows looked at and *printed
 * counts the rows taken so far (for --top).  NULL when out of memory.
 */
static json_t *next_rows(const co_result *r, size_t t, const double *scales, co_format format,
                         const co_output_options *o, size_t *next, long *printed,
                         size_t limit)
{
	json_t *rows = json_array();
	size_t n = co_result_n_rows(r, t), taken = 0;
	long top = o ? o->top : 0;

	for (; rows && *next < n && taken < limit && (top <= 0 || *printed < top); (*next)++) {
		size_t row = co_result_row_at(r, t, *next);
		json_t *obj;

		if (!row_shown(r, t, row, o))
			continue;
		if (!(obj = row_object(r, t, row, scales, format)) ||
		    json_array_append_new(rows, obj) != 0) {
			json_decref(rows);
			return NULL;
		}
		taken++;
		(*printed)++;
	}
	return rows;
}

/* The zero-tolerance scale of each column of table t (caller frees). */
static double *table_scales(const co_result *r, size_t t)
{
	size_t n = co_result_n_columns(r, t);
	double *scales = malloc(sizeof(double) * (n + 1));

	for (size_t c = 0; scales && c < n; c++) {
		const size_t *starts = co_result_column_starts(r, t, c);

		scales[c] = column_scale(co_result_column_values(r, t, c),
		                         starts ? starts[co_result_n_rows(r, t)]
		                                : co_result_n_rows(r, t));
	}
	return scales;
}

/* Rows per slice of CSV output: 240k orgs held as JSON rows at once took
 * 100 MB, more than the network itself. */
#define CSV_SLICE 16384

/* Table t as a table (all rows at once, for the widths) or CSV (sliced). */
static co_status write_result_table(FILE *out, co_format format, const co_result *r, size_t t,
                                    const co_output_options *o)
{
	size_t n_names = co_result_n_columns(r, t) + 3, next = 0;
	const char **names = malloc(sizeof(char *) * n_names);
	double *scales = table_scales(r, t);
	co_status status = CO_OK;
	long printed = 0;
	int first = 1;

	if (!names || !scales) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	n_names = table_columns(names, r, t, format);
	do {
		json_t *rows = next_rows(r, t, scales, format, o, &next, &printed,
		                         format == CO_FORMAT_CSV ? CSV_SLICE : (size_t)-1);

		if (!rows) {
			status = co_error_set(CO_ENOMEM, "out of memory");
			goto done;
		}
		status = first ? co_output_rows(out, format, rows, names, n_names)
		               : co_output_csv_body(out, rows, names, n_names);
		json_decref(rows);
		first = 0;
	} while (status == CO_OK && next < co_result_n_rows(r, t) &&
	         (!o || o->top <= 0 || printed < o->top));
done:
	free(names);
	free(scales);
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

/* Table t as its JSON value (a new reference), or NULL when out of memory. */
static json_t *table_document(const co_result *r, size_t t, const co_output_options *o)
{
	double *scales = table_scales(r, t);
	size_t next = 0;
	long printed = 0;
	json_t *rows = scales ? next_rows(r, t, scales, CO_FORMAT_JSON, o, &next, &printed,
	                                  (size_t)-1)
	                      : NULL, *one;

	free(scales);
	if (rows && co_result_table_json(r, t) == CO_JSON_OBJECT) {
		one = json_array_size(rows) ? json_incref(json_array_get(rows, 0)) : json_null();
		json_decref(rows);
		rows = one;
	}
	return rows;
}

/* Puts the tables placed before scalar number `place` (all of them for
 * SIZE_MAX) from table *t on; -1 when out of memory. */
static int put_tables(json_t *doc, const co_result *r, size_t *t, size_t place,
                      const co_output_options *o)
{
	for (; *t < co_result_n_tables(r) && co_result_table_place(r, *t) <= place; (*t)++)
		if ((co_result_shown(r, *t, SIZE_MAX) & CO_SHOW_JSON) &&
		    put(doc, co_result_table_name(r, *t), table_document(r, *t, o)) != 0)
			return -1;
	return 0;
}

/* The whole result as one JSON document (a new reference), or NULL:
 * scalars and tables in the order they were added. */
static json_t *result_document(const co_result *r, const co_output_options *o)
{
	json_t *doc = json_object(), *value;
	const char *name;
	size_t place = 0, t = 0;

	if (!doc)
		return NULL;
	json_object_foreach((json_t *)co_result_scalars(r), name, value) {
		json_t *copy = json_deep_copy(value);

		if (copy && json_is_real(copy))
			json_real_set(copy, clean_real(json_real_value(copy), 1));
		if (put_tables(doc, r, &t, place++, o) != 0 || put(doc, name, copy) != 0)
			goto fail;
	}
	if (put_tables(doc, r, &t, SIZE_MAX, o) != 0)
		goto fail;
	if (co_result_run_id(r) &&
	    json_object_set_new(doc, "run", json_integer(co_result_run_id(r))) != 0)
		goto fail;
	return doc;
fail:
	json_decref(doc);
	return NULL;
}

co_status co_output_document(json_t **out, const co_result *r, const co_output_options *o)
{
	return (*out = result_document(r, o)) ? CO_OK : co_error_set(CO_ENOMEM, "out of memory");
}

/* How many tables show in `format`. */
static size_t tables_shown(const co_result *r, co_format format)
{
	size_t n = 0;

	for (size_t t = 0; t < co_result_n_tables(r); t++)
		n += (co_result_shown(r, t, SIZE_MAX) & format_bit(format)) != 0;
	return n;
}

co_status co_output_result(FILE *out, co_format format, const co_result *r,
                           const co_output_options *o)
{
	co_status status = CO_OK;
	size_t n_shown = tables_shown(r, format);
	int first = 1;

	if (format == CO_FORMAT_JSON) {
		json_t *doc = result_document(r, o);

		if (!doc)
			return co_error_set(CO_ENOMEM, "out of memory");
		status = co_output_json(out, doc);
		json_decref(doc);
		return status;
	}
	for (size_t t = 0; t < co_result_n_tables(r) && status == CO_OK; t++) {
		const char *title = co_result_table_title(r, t);

		if (!(co_result_shown(r, t, SIZE_MAX) & format_bit(format)))
			continue;
		if (n_shown > 1 || title)
			co_output_section(out, format, title ? title : co_result_table_name(r, t));
		if (format == CO_FORMAT_CSV && !first)
			fputc('\n', out);
		status = write_result_table(out, format, r, t, o);
		first = 0;
	}
	return status;
}
