/*
 * render_png.h - a Cairo image surface written as a PNG file, its rows
 * filtered and compressed in two threads (private to the library).
 *
 * Writing the 2000 x 2000 PNG was 45% of the instructions of `render` on a
 * 10k-tie store (callgrind: 664M of 1481M; zlib's deflate alone 507M).
 * libpng compresses a whole image as one zlib stream in one thread.  Here
 * the rows are cut in two halves; each half is converted to RGB(A),
 * Up-filtered and deflated by its own thread into a raw DEFLATE stream,
 * the first ending on a byte boundary (Z_SYNC_FLUSH), so that the two
 * streams joined are one valid stream, as pigz joins its blocks; the
 * Adler-32 of the whole comes from zlib's adler32_combine().  The PNG
 * container around them (signature, IHDR, IDAT, IEND and their CRC-32s,
 * PNG specification sections 5 and 11) is a few fixed fields, written
 * here because libpng takes only uncompressed rows.
 *
 * The pixels are those libpng wrote before (zlib level 1, run-length
 * strategy, the Up filter on every row; RGB when every pixel is opaque,
 * else RGBA un-premultiplied); only the compressed bytes differ.
 */
#ifndef COALITION_RENDER_PNG_H
#define COALITION_RENDER_PNG_H

#include <cairo.h>
#include <stdio.h>

#include "coalition/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Writes `surface` (a Cairo image surface, ARGB32 or RGB24) to `f` as PNG;
 * `what` names the destination in messages ("cannot write <what>: ...").
 * CO_EIO if a write fails, CO_ENOMEM if out of memory, CO_EINVAL for a
 * surface that is not an image of those formats. */
co_status co_png_write(cairo_surface_t *surface, FILE *f, const char *what);

#ifdef __cplusplus
}
#endif

#endif
