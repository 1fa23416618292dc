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

co_status co_output_json(FILE *out, const json_t *doc)
{
	if (json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	               JSON_REAL_PRECISION(17)) != 0 ||
	    fputc('\n', out) == EOF)
		return co_error_set(CO_EIO, "cannot write JSON output");
	return CO_OK;
}

static void format_real(char *buf, size_t size, double value, co_format format)
{
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
	else if (json_is_array(value)) {
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
	json_t *row;

	json_array_foreach(rows, r, row) {
		for (size_t c = 0; c < n_columns; c++) {
			co_output_cell(cell, sizeof(cell), json_object_get(row, columns[c]),
			               CO_FORMAT_CSV);
			write_csv_field(out, cell, c == 0);
		}
		fputc('\n', out);
	}
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
	json_t *row;

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
	return ferror(out) ? co_error_set(CO_EIO, "cannot write table output") : CO_OK;
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
