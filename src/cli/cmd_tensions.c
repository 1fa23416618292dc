/*
 * cmd_tensions.c - `coalition tensions`: structural balance, the frustration
 * index, tension clusters and friction between org kinds of a view.
 */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "coalition/tensions.h"

static int run(int argc, char **argv, cli_globals *globals);

const cli_command cmd_tensions = {
	.name = "tensions", .run = run,
	.summary = "balance, frustration index, tension clusters and friction by kind",
	.usage =
	"usage: coalition tensions [--weighted] [--method exact|spinglass|local|auto]\n"
	"                          [--work U] [--time-limit S] [--by-year] [--section NAME]\n"
	"                          [--no-save] [--format table|csv|json] [view options]\n"
	"\n"
	"Signed analysis of the view: ties are undirected and each tie counts once.\n"
	"\n"
	"  Triangles    the census +++ ++- +-- --- (balanced: +++ and +--), balance =\n"
	"               balanced / all, and per org the unbalanced triangles it sits in.\n"
	"  Frustration  the least number of ties that disagree with a split of the orgs\n"
	"               into two sides (positive across, negative inside), with those\n"
	"               ties listed.  exact = true only when proven optimal; otherwise the\n"
	"               value of the best split found and a proven lower bound.\n"
	"  Clusters     a partition into any number of tension clusters minimizing the\n"
	"               cluster error (negative ties inside plus positive ties between).\n"
	"  Friction     per pair of org kinds: positive and negative ties, the negative\n"
	"               share and the orgs most involved in the friction.\n"
	"  Federations  with --rollup parent (the rest is then on the groups): per\n"
	"               parent and year, ties between it and its own members and\n"
	"               between its members, collaboration and friction apart.\n"
	"\n"
	"Metrics saved per org: unbalanced_triangles, frustration_share, cluster.\n"
	"Random choices follow the global --seed, and the searches stop on a work\n"
	"budget, not the clock: the same store, options and seed give the same\n"
	"output on any machine (JSON \"work\" is what was spent).\n",
	.examples =
	"Examples:\n"
	"  coalition tensions\n"
	"  coalition tensions --format json | jq .frustration\n"
	"  coalition tensions --kinds national,chapter --by-year --section friction\n"
	"  coalition tensions --rollup parent --section federations\n"
	"  coalition --seed 7 tensions --method local --work 1e8 --no-save\n"
	"  coalition tensions --time-limit 30    # may then differ between machines\n",
};

static const char *const sections[] = {
	"summary", "frustrated", "clusters", "friction", "orgs", "federations", NULL,
};
#define N_ANALYSIS_SECTIONS 5 /* the sections of co_tensions; then federations */

static co_status parse_method(void *value, const char *arg)
{
	return co_clusters_method_parse(value, arg);
}

/* Rows (or org objects) made at a time for CSV and JSON output: the orgs
 * of a million-tie view held as JSON at once took 200 MB and more. */
#define SLICE_ROWS 16384

/* A section in CSV, SLICE_ROWS rows at a time (the header once). */
static co_status write_csv_sliced(const co_tensions *t, const char *section)
{
	const char *const *columns = NULL;
	size_t n_columns = 0, got = SLICE_ROWS;
	co_status status = CO_OK;

	for (size_t first = 0; status == CO_OK && got == SLICE_ROWS; first += SLICE_ROWS) {
		json_t *rows = co_tensions_rows_slice(t, section, first, SLICE_ROWS, &columns,
		                                      &n_columns);
		if (!rows)
			return co_error_set(CO_ENOMEM, "out of memory");
		got = json_array_size(rows);
		if (first == 0)
			status = co_output_rows(stdout, CO_FORMAT_CSV, rows, columns, n_columns);
		else if (got > 0)
			status = co_output_csv_body(stdout, rows, columns, n_columns);
		json_decref(rows);
	}
	return status;
}

static int print_section(const co_tensions *t, const json_t *federations, const char *section,
                         co_format format, int titled)
{
	const char *const *columns = NULL;
	size_t n_columns = 0;
	json_t *rows = NULL;
	co_status status;

	if (titled) {
		if (format == CO_FORMAT_TABLE)
			co_output_section(stdout, format, section);
		else
			printf("# %s\n", section);
	}
	if (strcmp(section, "federations") == 0) {
		if (!(rows = co_federation_tensions_rows(federations)))
			return cli_fail(co_error_set(CO_ENOMEM, "out of memory"));
		status = co_output_rows(stdout, format, rows, co_federation_tensions_columns,
		                        co_federation_tensions_n_columns);
		json_decref(rows);
		return status == CO_OK ? CLI_OK : cli_fail(status);
	}
	if (format == CO_FORMAT_CSV) {
		status = write_csv_sliced(t, section);
		return status == CO_OK ? CLI_OK : cli_fail(status);
	}
	/* A table aligns its columns over all rows: built whole. */
	if (!(rows = co_tensions_rows(t, section, &columns, &n_columns)))
		return cli_fail(co_error_set(CO_ENOMEM, "out of memory"));
	status = co_output_rows(stdout, format, rows, columns, n_columns);
	json_decref(rows);
	return status == CO_OK ? CLI_OK : cli_fail(status);
}

/* Text of `value` as co_output_json() writes it (without its newline),
 * in malloc'd memory, or NULL. */
static char *json_text(const json_t *value, size_t *size)
{
	char *text = NULL;
	FILE *mem = open_memstream(&text, size);
	co_status status;

	if (!mem)
		return NULL;
	status = co_output_json(mem, value);
	if (fclose(mem) != 0 || status != CO_OK || *size == 0) {
		free(text);
		return NULL;
	}
	text[--*size] = '\0';
	return text;
}

/* Writes text with `extra` spaces after each newline: an object dumped on
 * its own, indented as an element of an array nested `extra` / 2 deep
 * (strings escape their newlines, so every newline is indentation). */
static void write_indented(const char *text, int extra)
{
	for (const char *p = text; *p; p++) {
		fputc(*p, stdout);
		if (*p == '\n')
			fprintf(stdout, "%*s", extra, "");
	}
}

/* The JSON document written as co_output_json() would write it whole, but
 * with the org objects (the last member, one per org) made SLICE_ROWS at a
 * time: a million-tie view's document held whole took 570 MB. */
static co_status write_json_sliced(const co_tensions *t, const json_t *federations)
{
	static const char empty_tail[] = "[]\n}";
	json_t *head = co_tensions_to_json_head(t), *orgs_key;
	size_t size = 0, n = 0;
	char *text = NULL;
	co_status status = CO_OK;

	/* "federations" (--rollup parent) goes before the orgs, which stay last. */
	if (head && federations && (orgs_key = json_incref(json_object_get(head, "orgs")))) {
		json_object_del(head, "orgs");
		json_object_set(head, "federations", (json_t *)federations);
		json_object_set_new(head, "orgs", orgs_key);
	}
	text = head ? json_text(head, &size) : NULL;
	json_decref(head);
	if (!text)
		return co_error_set(CO_ENOMEM, "out of memory");
	/* the head ends with "orgs": [] */
	if (size < sizeof(empty_tail) - 1 ||
	    strcmp(text + size - (sizeof(empty_tail) - 1), empty_tail) != 0) {
		free(text);
		return co_error_set(CO_EINVAL, "tensions: the JSON document does not end with its orgs");
	}
	text[size - (sizeof(empty_tail) - 1) + 1] = '\0';   /* keep the '[' */
	fputs(text, stdout);
	free(text);
	for (size_t first = 0; status == CO_OK; first += SLICE_ROWS) {
		json_t *orgs = co_tensions_json_orgs(t, first, SLICE_ROWS), *o;
		size_t i;
		if (!orgs)
			return co_error_set(CO_ENOMEM, "out of memory");
		json_array_foreach(orgs, i, o) {
			size_t osize = 0;
			char *otext = json_text(o, &osize);
			if (!otext) {
				status = co_error_set(CO_ENOMEM, "out of memory");
				break;
			}
			fputs(n++ ? ",\n    " : "\n    ", stdout);
			write_indented(otext, 4);
			free(otext);
		}
		size_t got = json_array_size(orgs);
		json_decref(orgs);
		if (got < SLICE_ROWS)
			break;
	}
	if (status == CO_OK)
		fputs(n ? "\n  ]\n}\n" : "]\n}\n", stdout);
	if (status == CO_OK && ferror(stdout))
		status = co_error_set(CO_EIO, "cannot write JSON output");
	return status;
}

static int print_result(const co_tensions *t, const json_t *federations, co_format format,
                        const char *section)
{
	size_t n_sections = federations ? N_ANALYSIS_SECTIONS + 1 : N_ANALYSIS_SECTIONS;

	if (format == CO_FORMAT_JSON) {
		co_status status = write_json_sliced(t, federations);
		return status == CO_OK ? CLI_OK : cli_fail(status);
	}
	if (section)
		return print_section(t, federations, section, format, 0);
	for (size_t i = 0; i < n_sections; i++) {
		if (i > 0 && format != CO_FORMAT_TABLE)
			fputc('\n', stdout);
		if (print_section(t, federations, sections[i], format, 1) != CLI_OK)
			return CLI_ERROR;
	}
	return CLI_OK;
}

/* --rollup parent: friction and collaboration inside each federation, read
 * from the orgs of the same view before they are rolled up. */
static co_status federation_tensions(json_t **out, co_store *store, const co_view *view)
{
	co_network *orgs = NULL;
	co_view plain;
	co_status status;

	*out = NULL;
	if ((status = co_view_copy(&plain, view)) != CO_OK)
		return status;
	plain.rollup = CO_ROLLUP_NONE;
	if ((status = co_network_build(&orgs, store, &plain)) == CO_OK)
		status = co_federation_tensions(out, orgs);
	co_network_free(orgs);
	co_view_free(&plain);
	return status;
}

/* glibc raises its mmap threshold (up to 32 MB) each time it unmaps a freed
 * block, after which the tie-sized arrays the analysis allocates and frees
 * step by step come from the heap, whose freed holes stay resident: the
 * peak of a 1.1M-tie view was the sum of the steps rather than the largest.
 * A fixed threshold keeps every large array mapped and unmapped on its own. */
static void large_blocks_mapped(void)
{
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD)
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
}

/* The options of the run, for runs.params. */
static char *run_params(const co_view *view, const co_tensions_options *options)
{
	char *view_json = co_view_to_json(view);
	json_t *params = json_object(), *v = view_json ? json_loads(view_json, 0, NULL) : NULL;
	char *text = NULL;

	if (params && v &&
	    json_object_set_new(params, "view", v) == 0 &&
	    json_object_set_new(params, "weighted", json_boolean(options->weighted)) == 0 &&
	    json_object_set_new(params, "method",
	                        json_string(co_clusters_method_name(options->method))) == 0 &&
	    json_object_set_new(params, "work", json_real(options->work)) == 0 &&
	    json_object_set_new(params, "time_limit", json_real(options->time_limit)) == 0 &&
	    json_object_set_new(params, "by_year", json_boolean(options->by_year)) == 0)
		text = json_dumps(params, JSON_COMPACT | JSON_PRESERVE_ORDER);
	else if (!params || !v)
		json_decref(v);
	json_decref(params);
	free(view_json);
	return text;
}

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int run(int argc, char **argv, cli_globals *globals)
{
	co_format format = co_format_default(stdout);
	co_tensions_options topts;
	co_store *store = NULL;
	co_network *net = NULL;
	co_tensions *result = NULL;
	co_view view;
	co_status status;
	const char *section = NULL;
	char *params = NULL;
	json_t *federations = NULL;
	int no_save = 0, save, section_index = -1, rc = CLI_ERROR;

	co_view_init(&view);
	co_tensions_options_init(&topts);
	cli_option options[] = {
		CLI_FLAG("weighted", &topts.weighted, "sum |weight| instead of counting ties"),
		CLI_CALLBACK("method", &topts.method, "M", parse_method,
		             "tension clusters: exact (integer program; components of\n"
		             "at most 60 orgs), spinglass (igraph, per component), local\n"
		             "(local moving on the cluster error; scales) or auto\n"
		             "(default: exact when small; up to 400 orgs per component\n"
		             "the better of spinglass and local; local beyond)"),
		CLI_NUMBER("work", &topts.work, "U", 1, 1e15,
		           "work budget of frustration and clusters together, in units\n"
		           "(ties and orgs visited, search nodes, simplex iterations\n"
		           "times rows; default 4e9): the searches stop when it is\n"
		           "spent, so the output is the same on any machine"),
		CLI_NUMBER("time-limit", &topts.time_limit, "S", CLI_POSITIVE, INFINITY,
		           "also stop after S seconds for the whole command (default:\n"
		           "no limit); when it stops a search, the output says so\n"
		           "(time_limit_reached) and may differ between machines"),
		CLI_FLAG("by-year", &topts.by_year, "friction per year of the ties' start dates"),
		CLI_CHOICE("section", &section_index, "NAME", sections,
		           "print one table: summary, frustrated, clusters, friction,\n"
		           "orgs, federations (table and csv; default all, each under\n"
		           "a title)"),
		CLI_NO_SAVE(&no_save),
		CLI_FORMAT(&format),
		CLI_VIEW(&view),
		CLI_END(),
	};

	if ((rc = cli_parse_options(&cmd_tensions, options, globals, &argc, &argv))
	    != CLI_CONTINUE || (rc = cli_no_operands(&cmd_tensions, argc, argv)) != CLI_OK)
		goto done;
	rc = CLI_ERROR;
	save = !no_save;
	if (section_index >= 0)
		section = sections[section_index];
	if (section && strcmp(section, "federations") == 0 && view.rollup != CO_ROLLUP_PARENT) {
		rc = cli_usage(&cmd_tensions, "--section federations needs --rollup parent");
		goto done;
	}
	double started = now_seconds(), limit = topts.time_limit;
	large_blocks_mapped();
	if (cli_open_network(&store, &net, globals, &view,
	                     save ? CO_STORE_READWRITE : CO_STORE_READONLY) != CLI_OK)
		goto done;
	/* --time-limit covers the whole command: loading the view counts, and
	 * part is kept for printing and, larger, for saving three metrics per
	 * org (on a million-tie view the save is a third of the run). */
	if (limit > 0) {
		topts.time_limit = (save ? 0.6 : 0.9) * limit - (now_seconds() - started);
		if (topts.time_limit < 0.05 * limit)
			topts.time_limit = 0.05 * limit;
	}
	igraph_rng_seed(igraph_rng_default(), globals->seed);
	cli_progress(globals, "tensions: %" IGRAPH_PRId " orgs, %" IGRAPH_PRId " ties",
	             net->n_orgs, net->n_ties);
	if ((status = co_tensions_compute(&result, net, &topts)) != CO_OK) {
		cli_fail(status);
		goto done;
	}
	if (co_tensions_frustration(result)->time_limit_reached ||
	    co_tensions_clusters(result)->time_limit_reached)
		cli_note(globals, "--time-limit %g stopped the search before its work budget was "
		         "spent: this output may differ on another machine (time_limit_reached)",
		         limit);
	if (!co_tensions_frustration(result)->exact)
		cli_note(globals, "frustration index not proven optimal within the %s: "
		         "best split %g, lower bound %g",
		         co_tensions_frustration(result)->time_limit_reached ? "time limit"
		                                                              : "work budget",
		         co_tensions_frustration(result)->value,
		         co_tensions_frustration(result)->lower_bound);
	if (save) {
		params = run_params(&view, &topts);
		if (!params) {
			cli_fail(co_error_set(CO_ENOMEM, "out of memory"));
			goto done;
		}
		if ((status = co_tensions_save(NULL, store, result, params)) != CO_OK) {
			cli_fail(status);
			goto done;
		}
	}
	if (view.rollup == CO_ROLLUP_PARENT &&
	    (status = federation_tensions(&federations, store, &view)) != CO_OK) {
		cli_fail(status);
		goto done;
	}
	rc = print_result(result, federations, format, section);
done:
	json_decref(federations);
	free(params);
	co_tensions_free(result);
	co_network_free(net);
	co_store_close(store);
	co_view_free(&view);
	return rc;
}
