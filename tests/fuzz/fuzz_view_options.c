/*
 * fuzz_view_options.c - fuzz target for the view option parser (co_view_set)
 * and what reads a parsed view (describe, JSON).
 *
 * Input: lines "name=value" (or "name" for flags); each is applied in turn.
 */
#include <coalition/coalition.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	char description[512];
	co_view view, copy;
	char *line, *next, *json;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	co_view_init(&view);
	for (line = text; line; line = next) {
		char *eq;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		eq = strchr(line, '=');
		if (eq)
			*eq++ = '\0';
		(void)co_view_set(&view, line, eq);
	}
	co_view_describe(&view, description, sizeof(description));
	json = co_view_to_json(&view);
	free(json);
	if (co_view_copy(&copy, &view) == CO_OK)
		co_view_free(&copy);
	co_view_free(&view);
	free(text);
	return 0;
}
