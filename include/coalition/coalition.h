/*
 * coalition.h - the umbrella header: includes every public module.
 *
 * Data enters through import, every analysis reads a view (co_view ->
 * co_network), and results leave through output and render.
 *
 * Ownership, the rule every public header follows and states for its own
 * functions: a `co_x **out` or `json_t **out` filled on success belongs to the
 * caller, who frees it with the co_x_free()/co_x_close() its header names (or
 * json_decref() for jansson values, free() for strings and bytes); every free
 * accepts NULL.  Structs filled in place (`co_x_result *result`) own their
 * arrays until their co_x_free().  `const` pointers passed in are borrowed
 * for the call only, unless a header says a result keeps them (then they
 * must outlive it).  On failure no out-parameter needs freeing unless its
 * header says "whatever the status".
 */
#ifndef COALITION_H
#define COALITION_H

/* Data enters the store. */
#include "coalition/error.h"
#include "coalition/store.h"
#include "coalition/import.h"
#include "coalition/export.h"
#include "coalition/synth.h"
/* Every analysis reads a view of it. */
#include "coalition/view.h"
#include "coalition/network.h"
/* ... and hands back a result. */
#include "coalition/result.h"
#include "coalition/federation.h"
#include "coalition/summary.h"
#include "coalition/centrality.h"
#include "coalition/community.h"
#include "coalition/gaps.h"
#include "coalition/tensions.h"
#include "coalition/query.h"
#include "coalition/diff.h"
#include "coalition/duplicates.h"
#include "coalition/edit.h"
#include "coalition/events.h"
#include "coalition/panel.h"
#include "coalition/outcomes.h"
/* Results leave as tables, maps and reports. */
#include "coalition/output.h"
#include "coalition/render.h"
#include "coalition/report.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The library's version, such as "0.1.0". */
const char *co_version(void);

#ifdef __cplusplus
}
#endif
#endif
