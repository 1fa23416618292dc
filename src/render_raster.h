/*
 * render_raster.h - antialiased straight lines and dots drawn straight into a
 * Cairo image surface, for maps with hundreds of thousands of ties.
 *
 * Cairo strokes each line through its general machinery (a path, a
 * stroker, a polygon, a scan converter, a compositor): about 14 us for a
 * 280-pixel tie, 15 s for the 1.1M ties of `synth --chapters 200000` at
 * 2000 x 2000 (measured, see render.c).  These functions walk the line once,
 * column by column along its major axis, and give each pixel the area of
 * the line's band that falls in it (a box filter: the coverage Cairo's
 * antialiasing estimates by sampling), with butt ends.  A line of width w
 * and length L deposits w x L in total, as a Cairo stroke does.
 *
 * Lines go first into a coverage plane the size of the image
 * (co_raster_cover), then the plane is composited over the image in one
 * color (co_raster_paint).  A line covering a pixel by area f with opacity
 * o takes its coverage c to c + o f (1 - c), so that the plane painted at
 * alpha A composites as Cairo does these lines stroked with a source of
 * alpha o into a group painted at A: with o = 1 and A < 1, the
 * group of one color that cairo_push_group() and cairo_paint_with_alpha()
 * make; with o < 1 and A = 1, translucent lines stroked one by one, which
 * darken where they cross.
 * Pixels are premultiplied ARGB32 (Cairo's CAIRO_FORMAT_ARGB32 or RGB24),
 * coordinates are the surface's pixels (x right, y down, pixel (i, j)
 * covering [i, i + 1] x [j, j + 1]), and lines are clipped to the image.
 */
#ifndef COALITION_RENDER_RASTER_H
#define COALITION_RENDER_RASTER_H

#include <cairo.h>

#include "coalition/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct co_raster co_raster;

/* A transparent ARGB32 image surface like cairo_image_surface_create()'s,
 * its pixels on huge pages (hugepages.h: a 2000 x 2000 map's 16 MB were
 * 4000 page faults).  Destroy it with cairo_surface_destroy(); check it
 * with cairo_surface_status(), as Cairo's. */
cairo_surface_t *co_raster_image_create(int width, int height);

/*
 * Starts drawing into `image`, which must be a Cairo image surface of format
 * ARGB32 or RGB24 (CO_EINVAL with a message otherwise); it is flushed, and
 * must not be drawn on with Cairo until co_raster_free().  The coverage
 * plane (2 bytes a pixel) is allocated on the first co_raster_cover().
 * CO_ENOMEM if out of memory.  *out is owned by the caller.
 */
co_status co_raster_new(co_raster **out, cairo_surface_t *image);

/* Coordinates and widths given to co_raster_cover() are multiplied by
 * `scale` (> 0; 1 when not set): a scene in points drawn into an image of
 * `scale` pixels a point. */
void co_raster_set_scale(co_raster *r, double scale);

/* Adds the line (x0, y0) - (x1, y1) of the given width and opacity (in
 * [0, 1]) to the coverage plane.  CO_ENOMEM if the plane cannot be
 * allocated, else CO_OK.  A line with a non-finite coordinate or width, or
 * of zero length, width or opacity, adds nothing. */
co_status co_raster_cover(co_raster *r, double x0, double y0, double x1, double y1, double width,
                          double opacity);

/* Composites the coverage plane over the image in color rgb (each in
 * [0, 1]) at `alpha`, and clears the plane.  Nothing if nothing was covered. */
void co_raster_paint(co_raster *r, const double rgb[3], double alpha);

/* Composites the ring between radii `inner` and `outer` around (cx, cy)
 * over the image in color rgba (each in [0, 1]; premultiplied "over", as
 * a Cairo fill), in the caller's coordinates times the scale; inner <= 0
 * makes it a disc.  A pixel the ring's edge crosses gets the share of a
 * 4 x 4 grid of its points inside the ring.  The orgs of PNG maps are
 * drawn so: Cairo's fill and stroke of a dot cost about 150,000
 * instructions each at 2000 x 2000 (callgrind), this a few thousand.
 * Nothing for a ring with a non-finite center or radius, outer <= 0, inner
 * >= outer, or alpha 0. */
void co_raster_ring(co_raster *r, double cx, double cy, double outer, double inner,
                    const double rgba[4]);

/* What co_raster_bands() runs on each band: draw with `band` as with the
 * whole raster (co_raster_cover, co_raster_paint, co_raster_ring). */
typedef co_status (*co_raster_band_fn)(void *ctx, co_raster *band);

/* Images of fewer rows than twice this are drawn in one band. */
#define CO_RASTER_BAND_MIN_ROWS 64

/*
 * Runs draw(ctx, band) twice at once, in two threads, each band a raster
 * over half of r's image rows (top half, bottom half): each band gets
 * exactly the pixels of its rows that draw(ctx, r) would give, of the same
 * values, as long as draw() does the same calls on both, so the image does
 * not depend on the threads.  Coverage a band adds and does not paint is
 * left in r's plane for co_raster_paint(r).  `draw` must be safe to run on
 * both bands at the same time (ctx read-only).  Small images, and a band
 * given as r, run draw(ctx, r) alone; without a thread the bands run one
 * after the other.  Returns the first band's failure, else the second's.
 */
co_status co_raster_bands(co_raster *r, co_raster_band_fn draw, void *ctx);

/* Tells Cairo the image changed (cairo_surface_mark_dirty) and frees the
 * plane.  Accepts NULL. */
void co_raster_free(co_raster *r);

#ifdef __cplusplus
}
#endif
#endif
