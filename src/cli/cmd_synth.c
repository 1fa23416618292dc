/*
 * cmd_synth.c - `coalition synth`: writes a deterministic synthetic
 * ecosystem (chapters, nationals, NGOs, unions, events, sources) as a
 * directory that `coalition import` reads.
 */
#include "cli.h"
#include "coalition/synth.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int run(int argc, char **argv, cli_globals *globals);

const cli_command cmd_synth = {
	"synth", run, "write a synthetic ecosystem as CSV files for import",
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
	"participation.csv, sources.csv and a README.md with the parameters.\n"
	"\n"
	"The global --seed chooses the ecosystem: the same seed and N give\n"
	"byte-identical files.  Files appear only when all are complete.\n"
	"\n"
	"Options:\n"
	"  --chapters N   number of chapters (1 to 5000000; 200000 gives about a\n"
	"                 million ties)\n"
	"  --out DIR      the directory to write (created if missing)\n"
	"  --force        write into a non-empty DIR, replacing the files above\n"
	"  -h, --help     this text\n"
	"\n"
	"Examples:\n"
	"  coalition synth --chapters 2000 --out synth-2k\n"
	"  coalition --seed 7 synth --chapters 200000 --out big --force\n"
	"  coalition --db synth.db init && coalition --db synth.db import synth-2k\n",
	NULL,
};

static void progress(void *ctx, const char *what, int64_t done, int64_t total)
{
	cli_progress(ctx, "synth: %s %lld/%lld", what, (long long)done, (long long)total);
}

static int parse_count(int64_t *out, const char *text)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(text, &end, 10);
	if (text[0] < '0' || text[0] > '9' || *end != '\0' || errno != 0)
		return 0;
	*out = v;
	return 1;
}

static int run(int argc, char **argv, cli_globals *globals)
{
	static const struct option options[] = {
		{"chapters", required_argument, NULL, 'n'},
		{"out", required_argument, NULL, 'o'},
		{"force", no_argument, NULL, 'f'},
		CLI_HELP_OPTION,
		{NULL, 0, NULL, 0},
	};
	co_synth_options so;
	co_synth_counts counts;
	const char *out = NULL;
	int have_chapters = 0, opt;
	co_status status;

	co_synth_options_init(&so);
	so.seed = globals->seed;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 'n':
			if (!parse_count(&so.chapters, optarg))
				return cli_usage_error(&cmd_synth,
				                       "synth: --chapters needs a whole number, not '%s'",
				                       optarg);
			have_chapters = 1;
			break;
		case 'o':
			out = optarg;
			break;
		case 'f':
			so.force = 1;
			break;
		case 'h':
			return cli_help(&cmd_synth);
		default:
			return cli_bad_option(&cmd_synth, argc, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_synth, "synth: unexpected argument '%s'", argv[optind]);
	if (!have_chapters)
		return cli_usage_error(&cmd_synth, "synth: --chapters is required");
	if (!out || !out[0])
		return cli_usage_error(&cmd_synth, "synth: --out is required");
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
