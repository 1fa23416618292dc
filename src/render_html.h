/*
 * render_html.h - the interactive coalition map: one self-contained HTML file.
 *
 * co_html_write() writes the scene of a map (render_scene.h: the orgs, ties,
 * styles, outlines, legend and titles of the static map, in its page units)
 * as one HTML file with its data, code and styles inline.
 * The page pans and zooms (mouse, trackpad, touch), labels orgs as one zooms
 * in (largest first, never overlapping), shows an org's details on hover and
 * its ties (kind, dates, weight, cited sources) on click, searches names,
 * keys and aliases, filters by org kind, tie kind, state and year, and saves
 * the current view as PNG.  It makes no network request: a
 * Content-Security-Policy allows only its own inline script and style
 * (by their SHA-256 hashes).
 *
 * What reaches the file: the drawn orgs (key, name, kind, city, state,
 * aliases, the size measure and degree), the drawn ties (kind, sign,
 * weight, dates) and the citations of their sources.  Never a tie's note or an
 * attribute; with a --public view (net->view.public_only) no private
 * source either (the view itself has already dropped private and friction
 * ties).  All text is escaped for the HTML and for the inline JSON.
 */
#ifndef COALITION_RENDER_HTML_H
#define COALITION_RENDER_HTML_H

#include <stddef.h>

#include "coalition/error.h"
#include "render_scene.h"
#include "coalition/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The sources a view's ties cite, as the interactive map keeps them:
 * citations.h's sources and, per citing tie, in tie order, its sources (8
 * bytes a citation, where citations.h's index takes 8 bytes a tie more). */
typedef struct co_html_cited co_html_cited;

/*
 * Reads the citations of net's ties (citations.h) into *out (free it with
 * co_html_cited_free(); NULL after a failure).  CO_EDB, CO_ENOMEM.
 */
co_status co_html_cited_read(co_html_cited **out, co_store *store, const co_network *net);

/* Frees what co_html_cited_read() made; accepts NULL. */
void co_html_cited_free(co_html_cited *cited);

/*
 * Writes the interactive map of `scene` (render_scene.h: the drawing every map
 * writer consumes) to `path`, through a temporary file renamed over it, so
 * a failed write leaves no file and an older map as it was.  `store` (may
 * be NULL: none shown) gives the orgs' aliases and the ties' cited sources.
 * The sources are scene->cited when the scene has them, else read here.
 * `release`: NULL, or the scene's network (scene->net), whose tie ids go
 * once the sources are read (co_network_release_tie_columns()).
 * `max` (0: none) bounds a big map: when the scene has more orgs and lines
 * together, the page is an overview, the largest orgs (the
 * scene's draw order) taken while they and the lines among them stay
 * within `max`, with a note in the legend that gives the counts drawn and
 * in the view.  Returns CO_EIO when the file cannot be written, CO_EDB when
 * the store cannot be read, CO_ENOMEM.  The browser code is built into the
 * library.
 */
co_status co_html_write(const co_scene *scene, co_network *release, co_store *store,
                        const char *path, size_t max);

#ifdef __cplusplus
}
#endif
#endif
