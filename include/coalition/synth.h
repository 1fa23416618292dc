/*
 * synth.h - a deterministic synthetic coalition ecosystem, written as a
 * directory in the import format (DESIGN.md section 4).
 *
 * `coalition synth` writes orgs.csv, ties.csv, events.csv,
 * participation.csv, sources.csv and a README.md that says the data is
 * synthetic and with which parameters.  The same chapter count and seed
 * always give byte-identical files: the generator uses its own PRNG
 * (xoshiro256** seeded through splitmix64) and integer arithmetic only, so
 * the output does not depend on the C library or the floating-point unit.
 * Memory grows linearly with the chapter count (a few tens of bytes per
 * org, 16 more per chapter for its NGO and union partners); rows are
 * streamed to the files.
 *
 * The rules (each draw independent; the rates are the CO_SYNTH_* constants
 * below, in per mille, so that tests can derive expected counts):
 *   - orgs: 3 national organizations (keys natl-project, natl-civics,
 *     natl-action) in DC; N chapters (ch-NNNNNN, parent natl-project) in
 *     states drawn by 2020 population and in cities drawn with Zipf weights;
 *     max(4, N/20) NGOs of which a tenth (at least 2) are national and the
 *     rest state affiliates with a national parent; max(2, N/10) union
 *     locals (local-NNNNNN) each with an international union parent
 *     (intl-NNN, max(2, min(60, locals/50)) of them); max(2, N/20)
 *     community groups.
 *   - ties of each chapter: 0-5 with earlier chapters of its city or state,
 *     0-3 with NGOs, one with a community group, one with a union local,
 *     a training (natl-civics -> chapter, directed), a day of action
 *     (natl-project) and an electoral tie (natl-action), each with its rate;
 *     a dissident chapter has a friction tie (sign -1) with natl-project and,
 *     half of the time, one with natl-action; other friction is a small
 *     share of chapter-chapter ties.  Plus ties among NGOs, between unions
 *     and NGOs or community groups, and between nationals and NGOs.
 *     No two ties share a pair of orgs and a kind.
 *   - triadic closure (partners cluster, as in real coalitions: a chapter
 *     works with the partners of the chapters and NGOs it works with).
 *     Chapters pick in key order, chapter partners first, so the partners
 *     of a chapter's earlier partner chapters are known when it picks its
 *     NGOs and its union local.  For each NGO pick the candidates are the
 *     NGO partners of its partner chapters (earlier chapters it has a
 *     positive tie with) and the NGO partners (coalition ties, either way)
 *     of the NGOs it has already picked that are national hubs or in its
 *     state, less its own picks; one entry per route, so an NGO reached
 *     by several routes is likelier.  When there is any candidate, the
 *     pick is a uniform entry of them with probability
 *     CO_SYNTH_CLOSURE_PERMILLE, else (and when there is none) the old
 *     rule: a state affiliate 55% of the time, else a national hub by
 *     Zipf weight, a repeat being dropped.  The union local (drawn at
 *     CO_SYNTH_UNION_PERMILLE as before) is likewise, at the same rate,
 *     one of the union locals of its partner chapters or a local of its
 *     state tied to one of its NGOs, else uniform in its state.  So of the
 *     ties written from picks that had candidates, at least the closure
 *     rate close a triangle (the other branch writes at most one tie per
 *     pick).  Closure picks are never repeats, so a few more NGO picks
 *     become ties than before (about +1% of all ties).
 *   - outcomes: chapters' members at each year's end (observations.csv) and
 *     chapters' endings (orgs.csv `ended`), with the planted relations of
 *     CO_SYNTH_GROWTH_PER_PARTNER and CO_SYNTH_END_*_PERMILLE below, for
 *     checking `panel` and `outcomes`;
 *   - dates from 2017 to 2026; events (national days of action, trainings,
 *     local joint events) with participation; sources on part of the ties,
 *     fewest on union ties.
 *   - campaigns: each national day of action (day-YYYY, led by natl-project)
 *     is the campaign day-of-action-YYYY; the 4% of chapters that join it
 *     each host a local event of the campaign on one day (act-YYYY-NNNNNN,
 *     the host chapter's number), led by the chapter with co-leads from its
 *     state: a union local (CO_SYNTH_COLEAD_UNION_PERMILLE), a state NGO
 *     affiliate (..._NGO_...) and another chapter (..._CHAPTER_...).
 *   - turnout, the planted relation that `coalition events --section
 *     turnout` should recover: for each local day-of-action event,
 *       log(turnout) = 4.5 + 0.25 leads + 0.6 union + 0.3 ngo + e,
 *     leads = its lead and co-leads, union/ngo = 1 if a union local / an NGO
 *     is among them, e ~ N(0, 0.5^2) (Irwin-Hall: 12 uniforms); the network
 *     position of the leads plays no part.  turnout_low and turnout_high are
 *     a fifth below and above the turnout, so their midpoint is it.
 *
 * Ownership: co_synth_write() writes files and fills a plain co_synth_counts;
 * nothing is handed back to free.
 */
#ifndef COALITION_SYNTH_H
#define COALITION_SYNTH_H

#include <stdint.h>

#include "coalition/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The largest chapter count accepted (keys and counters stay in range). */
#define CO_SYNTH_MAX_CHAPTERS 5000000

/* Per-chapter rates, in per mille. */
#define CO_SYNTH_DISSIDENT_PERMILLE 60      /* friction with natl-project */
#define CO_SYNTH_DISSIDENT_ACTION_PERMILLE 500 /* of dissidents: also with natl-action */
#define CO_SYNTH_LOCAL_FRICTION_PERMILLE 20 /* of chapter-chapter ties */
#define CO_SYNTH_TRAINING_PERMILLE 350
#define CO_SYNTH_DAY_OF_ACTION_PERMILLE 300
#define CO_SYNTH_ELECTORAL_PERMILLE 200
#define CO_SYNTH_COMMUNITY_PERMILLE 350
/* Co-leads of a local day-of-action event, per mille of events. */
#define CO_SYNTH_COLEAD_UNION_PERMILLE 350
#define CO_SYNTH_COLEAD_NGO_PERMILLE 450
#define CO_SYNTH_COLEAD_CHAPTER_PERMILLE 300
/* The planted turnout relation, in thousandths (see above). */
#define CO_SYNTH_TURNOUT_BASE_MILLI 4500
#define CO_SYNTH_TURNOUT_LEADS_MILLI 250
#define CO_SYNTH_TURNOUT_UNION_MILLI 600
#define CO_SYNTH_TURNOUT_NGO_MILLI 300
#define CO_SYNTH_TURNOUT_NOISE_MILLI 500
#define CO_SYNTH_UNION_PERMILLE 150
/* Triadic closure: of a chapter's NGO picks and union picks that have a
 * friend-of-a-friend candidate, the share that takes one (see above). */
#define CO_SYNTH_CLOSURE_PERMILLE 600
/* Planted outcomes (observations.csv and orgs' `ended`, see synth.c): a
 * chapter gains this many members a year per collaboration partner it had
 * at the end of the year before; and ends in any year after its founding
 * with the first probability if it had a union tie in its first year, else
 * the second. */
#define CO_SYNTH_GROWTH_PER_PARTNER 3
#define CO_SYNTH_END_UNION_PERMILLE 40
#define CO_SYNTH_END_PERMILLE 80

typedef struct {
	int64_t chapters;      /* N, 1 .. CO_SYNTH_MAX_CHAPTERS */
	uint64_t seed;         /* the global --seed */
	int force;             /* write into a non-empty directory, replacing our files */
	/* Called now and then with what is being written and how far along it
	 * is (done of total); may be NULL.  The library itself never prints. */
	void (*progress)(void *ctx, const char *what, int64_t done, int64_t total);
	void *progress_ctx;
} co_synth_options;

/* Rows written to each file (headers excluded). */
typedef struct {
	int64_t orgs, nationals, chapters, ngos, unions, community;
	int64_t ties, negative, tie_sources, sources, events, participation;
	int64_t observations, ended;
} co_synth_counts;

/* Sets options to their defaults: 2000 chapters, seed 1, no force. */
void co_synth_options_init(co_synth_options *options);

/*
 * Writes the synthetic ecosystem into directory `dir`, creating it if
 * missing.  A directory that exists and is not empty is refused
 * (CO_EINVAL) unless options->force.  Every file is written under a
 * temporary name and renamed into place only when all of them are complete,
 * so a failure leaves no partial file (and removes `dir` if this call
 * created it).  `counts` (may be NULL) receives the row counts.
 * Returns CO_EINVAL for a bad chapter count, CO_EIO when a file cannot be
 * written, CO_ENOMEM.
 */
co_status co_synth_write(co_synth_counts *counts, const char *dir,
                         const co_synth_options *options);

#ifdef __cplusplus
}
#endif
#endif
