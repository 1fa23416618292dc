/*
 * cmd_synth.c - `coalition synth`: writes a deterministic synthetic
 * ecosystem (chapters, nationals, NGOs, unions, events, sources) as a
 * directory that `coalition import` reads.
 */
#include "cli.h"
#include "coalition/synth.h"

#include <stdlib.h>
#include <string.h>

static int run(int argc, char **argv, cli_globals *globals);

const cli_command cmd_synth = {
	.name = "synth", .run = run,
	.summary = "write a synthetic ecosystem as CSV files for import",
	.usage =
	"usage: coalition [--seed N] synth --chapters N --out DIR [--force]\n"
	"\n"
	"Writes a synthetic coalition ecosystem in the import format: N chapters\n"
	"clustered in states by population, in towns with coordinates, under three\n"
	"national organizations; N/20 NGOs (national hubs and state affiliates);\n"
	"N/10 union locals under international unions; community groups; ties of\n"
	"every kind dated 2017-2026 (a minority of friction ties, mostly between\n"
	"national staff and some chapters; union ties rarer than NGO ties; partners\n"
	"clustered: a chapter often takes the NGO and union partners of the chapters\n"
	"and NGOs it works with); joint events with participation; and sources on\n"
	"part of the ties.  DIR gets orgs.csv, ties.csv, events.csv,\n"
	"participation.csv, sources.csv, observations.csv (members over time, for\n"
	"panel and outcomes) and a README.md with the parameters.\n"
	"\n"
	"The global --seed chooses the ecosystem: the same seed and N give\n"
	"byte-identical files.  Files appear only when all are complete.\n",
	.examples =
	"Examples:\n"
	"  coalition synth --chapters 2000 --out synth-2k\n"
	"  coalition --seed 7 synth --chapters 200000 --out big --force\n"
	"  coalition --db synth.db init && coalition --db synth.db import synth-2k\n",
};

static void progress(void *ctx, const char *what, int64_t done, int64_t total)
{
	cli_progress(ctx, "synth: %s %lld/%lld", what, (long long)done, (long long)total);
}

static int run(int argc, char **argv, cli_globals *globals)
{
	co_synth_options so;
	co_synth_counts counts;
	const char *out = NULL;
	long chapters = 0;
	int rc;
	co_status status;

	co_synth_options_init(&so);
	cli_option options[] = {
		CLI_INT("chapters", &chapters, "N", 1, CO_SYNTH_MAX_CHAPTERS,
		        "number of chapters (200000 gives about a million ties)"),
		CLI_STRING("out", &out, "DIR", "the directory to write (created if missing)"),
		CLI_FLAG("force", &so.force, "write into a non-empty DIR, replacing the files above"),
		CLI_END(),
	};

	if ((rc = cli_parse_options(&cmd_synth, options, globals, &argc, &argv)) != CLI_CONTINUE ||
	    (rc = cli_no_operands(&cmd_synth, argc, argv)) != CLI_OK)
		return rc;
	so.seed = globals->seed;
	so.chapters = chapters;
	if (!cli_option_given(options, "chapters"))
		return cli_usage(&cmd_synth, "--chapters is required");
	if (!out || !out[0])
		return cli_usage(&cmd_synth, "--out is required");
	so.progress = progress;
	so.progress_ctx = (void *)globals;
	if ((status = co_synth_write(&counts, out, &so)) != CO_OK)
		return cli_fail(status);
	cli_note(globals, "wrote %s: %lld orgs, %lld ties (%lld friction), %lld events, "
	         "%lld participation rows, %lld sources (seed %lu)", out, (long long)counts.orgs,
	         (long long)counts.ties, (long long)counts.negative, (long long)counts.events,
	         (long long)counts.participation, (long long)counts.sources, globals->seed);
	return CLI_OK;
}
