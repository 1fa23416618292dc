/*
 * edit.h - the editing a coalition's data needs: merging orgs that are one
 * organization, and deleting orgs, ties, events and sources.  Each edit is
 * one transaction and one change of the log (src/changes.c records it), undone
 * with co_change_undo() (`coalition unmerge ID`); co_changes_list() lists
 * the log.
 *
 * Ownership: co_merge() and co_delete() fill a caller's result struct that
 * owns its per-table counts; free them with co_merge_result_free() /
 * co_delete_result_free().  The *_to_json() functions and co_changes_list()
 * return new JSON the caller owns (json_decref()); co_change_undo() fills a
 * plain struct with nothing to free.
 */
#ifndef COALITION_EDIT_H
#define COALITION_EDIT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "coalition/error.h"
#include "coalition/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Per table, what a change did to its rows. */
typedef struct {
	char table[32];
	int64_t deleted, updated, inserted;
} co_change_count;

typedef struct {
	int64_t change;              /* the change recorded (0 with dry_run) */
	int64_t orgs_merged;         /* DROP orgs removed */
	int64_t ties_moved;          /* ties of a DROP now of KEEP */
	int64_t ties_combined;       /* ties that became identical to one of KEEP's: removed,
	                                their sources joined to it */
	int64_t ties_dropped;        /* ties between KEEP and a DROP (or two DROPs): removed */
	int64_t sources_joined;      /* tie sources added to the ties they were combined into */
	int64_t participation_moved, participation_combined;
	int64_t children_moved;      /* orgs whose parent was a DROP */
	int64_t metrics_moved, metrics_dropped; /* dropped: KEEP has a value of that run */
	int64_t aliases_moved, aliases_added, aliases_skipped; /* skipped: taken */
	int64_t attributes_moved, attributes_dropped;
	int64_t other_moved;         /* rows of other tables referring to a DROP */
	co_change_count *counts;     /* per table, owned; n_counts of them */
	size_t n_counts;
} co_merge_result;

/*
 * Merges the orgs `drop` (keys or aliases, n_drop of them) into `keep`:
 * their ties, participation, tie sources, children, metrics, aliases,
 * attributes and the rows of any other table referring to them move to
 * KEEP; each DROP's key and name become aliases of KEEP (unless another org
 * has them); a tie that becomes identical to one of KEEP's (same ends, kind
 * and start) is combined with it, the sources joined; a tie between KEEP and
 * a DROP is removed and counted; then the DROP org goes.  One transaction,
 * recorded as one change.  CO_ENOTFOUND for an unknown key, CO_EINVAL when
 * KEEP is among the DROPs or a DROP is named twice.  With dry_run the whole
 * merge runs and is rolled back: the counts say what would move.  Free the
 * result with co_merge_result_free().
 */
co_status co_merge(co_merge_result *out, co_store *store, const char *keep,
                   const char *const *drop, size_t n_drop, int dry_run);

void co_merge_result_free(co_merge_result *result);

/* The result as {"change","keep","drop":[...],"ties_moved",...,"tables":{...}}. */
json_t *co_merge_result_to_json(const co_merge_result *result, const char *keep,
                                const char *const *drop, size_t n_drop);

typedef enum { CO_DELETE_ORG, CO_DELETE_TIE, CO_DELETE_EVENT, CO_DELETE_SOURCE } co_delete_kind;

/* Parses "org", "tie", "event" or "source"; CO_EINVAL otherwise. */
co_status co_delete_kind_parse(co_delete_kind *out, const char *word);

typedef struct {
	int64_t change;              /* the change recorded (0 with dry_run) */
	co_change_count *counts;     /* rows deleted (and updated: references set to NULL),
	                                per table; owned */
	size_t n_counts;
} co_delete_result;

/*
 * Deletes the orgs (keys or aliases), ties (their `key`, or row id),
 * events or sources (keys) named, with what goes with them: an org's ties,
 * participation, aliases, metrics, attributes (and its children's parent is
 * cleared); a tie's sources; an event's participation; a source's links to
 * ties.  One transaction, one change.  CO_ENOTFOUND naming an unknown key.
 */
co_status co_delete(co_delete_result *out, co_store *store, co_delete_kind kind,
                    const char *const *keys, size_t n_keys, int dry_run);

void co_delete_result_free(co_delete_result *result);

/* {"change","deleted":{table:N},"updated":{table:N}}. */
json_t *co_delete_result_to_json(const co_delete_result *result);

typedef struct {
	int64_t change;          /* the change undone */
	char kind[16];           /* merge, delete, replace */
	char summary[256];
	int64_t rows;            /* rows restored, removed or put back */
} co_undo_result;

/*
 * Undoes change `id` in one transaction: rows it deleted are put back with
 * their row ids, rows it changed get their old values, rows it added go,
 * and its log rows are removed.  CO_ENOTFOUND if there is no such change;
 * CO_EINVAL, with the rows named, when a later change or import touched
 * rows it left (nothing is written then).  With `dry_run` everything is
 * checked and rolled back.
 */
co_status co_change_undo(co_undo_result *out, co_store *store, int64_t id, int dry_run);

/* The change log, newest first, as a JSON array of {"change","kind",
 * "created","summary"}; NULL with the error set on failure. */
json_t *co_changes_list(co_store *store);

#ifdef __cplusplus
}
#endif
#endif
