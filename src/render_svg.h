/*
 * render_svg.h - writes a map's scene (render_scene.h) as SVG with every text kept as a
 * <text> element, so that a label can be moved or retyped in Inkscape.
 * (Cairo's SVG surface turns text into glyph outlines.)
 */
#ifndef COALITION_RENDER_SVG_H
#define COALITION_RENDER_SVG_H

#include <stdio.h>

#include "coalition/error.h"
#include "render_scene.h"

/*
 * Writes `scene` to `f` as one SVG document, width x height in px (the
 * scene's output units).  Returns CO_EIO with a message naming `path` if a
 * write fails.
 */
co_status co_svg_write(const co_scene *scene, FILE *f, const char *path);

#endif
