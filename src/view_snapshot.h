/*
 * view_snapshot.h - the network of the whole store kept in a file beside
 * it (STORE-view), so that a command reaches its analysis without reading
 * every row again (issue 23 item 2).  co_network_build() is its only user:
 * it reads the snapshot when the view is the whole store and the snapshot is
 * current, and writes one after building that view otherwise.
 *
 * A snapshot is current while its stamp equals the store's revision
 * (co_store_view_revision(): every write to a table the view reads changes
 * it, by any program).  Whatever is wrong with it (missing, stale, from
 * another build, truncated, corrupt, not matching its checksum or its own
 * counts) makes co_view_snapshot_read() return CO_ENOTFOUND, and the caller
 * builds the view from the store as before.
 *
 * Ownership: co_view_snapshot_read() hands the caller a network freed with
 * co_network_free(), as co_network_build() does.
 */
#ifndef COALITION_VIEW_SNAPSHOT_H
#define COALITION_VIEW_SNAPSHOT_H

#include <stdint.h>

#include "coalition/network.h"

/*
 * When network.c was compiled (defined there): a snapshot written by
 * another build of the code that builds the view is not read, since its
 * network might differ from the one this build makes.
 */
extern const char co_network_build_time[];

/* The store's revision a snapshot is stamped with. */
typedef co_store_revision co_view_stamp;

/* 1 when a network of `view` on `store` may be kept in a snapshot: the view
 * filters nothing (--signed only changes how analyses read it) and the store
 * is a file. */
int co_view_snapshot_fits(const co_view *view, co_store *store);

/* The store's current revision.  CO_EDB. */
co_status co_view_snapshot_stamp(co_view_stamp *out, co_store *store);

/*
 * Reads the snapshot beside `store` into *out (with a copy of `view`), if
 * its stamp is `stamp` and every check passes.  CO_ENOTFOUND, with a message
 * saying why, when there is no usable snapshot; CO_ENOMEM.
 */
co_status co_view_snapshot_read(co_network **out, co_store *store, const co_view *view,
                                const co_view_stamp *stamp);

/*
 * Writes `net` (built from `store` at revision `stamp`, with a graph) as the
 * snapshot beside the store: into a new file, renamed over the old one once
 * whole, readable by its owner only.  CO_EIO when it cannot be written (a
 * read-only folder): the caller goes on without one.
 */
co_status co_view_snapshot_write(const co_network *net, co_store *store,
                                 const co_view_stamp *stamp);

#endif
