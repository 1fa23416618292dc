/*
 * expected.h - reads the expected-value files the scripts in
 * tests/reference/ write under tests/fixtures/expected/: CSV with a header
 * row, no quoting, the first column a key (an org, a source, a pair).
 * Cells are kept as text; table_number() parses one.  Include it after
 * <cmocka.h>.
 */
#ifndef COALITION_TEST_EXPECTED_H
#define COALITION_TEST_EXPECTED_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TABLE_MAX_LINE (1 << 16)
#define TABLE_MAX_COLUMNS 512

typedef struct {
	char **cells; /* (n_rows + 1) * n_columns, row 0 is the header */
	size_t n_columns, n_rows;
} table;

static inline size_t table_split(char *line, char **fields, size_t max)
{
	size_t n = 0;

	line[strcspn(line, "\r\n")] = '\0';
	for (char *p = line; n < max;) {
		fields[n++] = p;
		if (!(p = strchr(p, ',')))
			break;
		*p++ = '\0';
	}
	return n;
}

/* Reads tests/fixtures/expected/FILE; every row must have the header's width. */
static inline void table_read(table *t, const char *file)
{
	static char line[TABLE_MAX_LINE];
	char path[1024];
	char *fields[TABLE_MAX_COLUMNS];
	FILE *f;

	snprintf(path, sizeof(path), "%s/expected/%s", CO_FIXTURES, file);
	if (!(f = fopen(path, "r")))
		fail_msg("cannot open %s", path);
	memset(t, 0, sizeof(*t));
	while (fgets(line, sizeof(line), f)) {
		size_t n = table_split(line, fields, TABLE_MAX_COLUMNS);
		if (t->n_rows == 0)
			t->n_columns = n;
		assert_int_equal(n, t->n_columns);
		t->cells = realloc(t->cells, sizeof(char *) * (t->n_rows + 1) * n);
		assert_non_null(t->cells);
		for (size_t i = 0; i < n; i++)
			t->cells[t->n_rows * n + i] = strdup(fields[i]);
		t->n_rows++;
	}
	fclose(f);
	assert_true(t->n_rows > 0);
	t->n_rows--; /* the header */
}

static inline void table_free(table *t)
{
	for (size_t i = 0; i < (t->n_rows + 1) * t->n_columns; i++)
		free(t->cells[i]);
	free(t->cells);
}

/* The text in data row `row` (0-based) under header `column`. */
static inline const char *table_cell(const table *t, size_t row, const char *column)
{
	for (size_t c = 0; c < t->n_columns; c++)
		if (strcmp(t->cells[c], column) == 0)
			return t->cells[(row + 1) * t->n_columns + c];
	fail_msg("no column %s in the expected values", column);
	return NULL;
}

static inline double table_number(const table *t, size_t row, const char *column)
{
	return strtod(table_cell(t, row, column), NULL);
}

/* The data row whose first column is `key`. */
static inline size_t table_row(const table *t, const char *key)
{
	for (size_t r = 0; r < t->n_rows; r++)
		if (strcmp(t->cells[(r + 1) * t->n_columns], key) == 0)
			return r;
	fail_msg("no row %s in the expected values", key);
	return 0;
}

#endif
