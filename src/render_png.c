/*
 * render_png.c - a Cairo image surface written as PNG, compressed in two
 * threads (render_png.h says why).
 *
 * Each part of the image (a run of rows) is one job: its rows are turned
 * into PNG's byte order (RGB, or RGBA un-premultiplied), Up-filtered
 * against the row above (the row above the part too, which belongs to the
 * other job but is read-only), and fed to a raw DEFLATE stream at level 1
 * with the run-length strategy.  All parts but the last end with
 * Z_SYNC_FLUSH, the last with Z_FINISH, so that their outputs joined in
 * order are one DEFLATE stream.  The file is then: signature, IHDR, IDAT
 * chunks holding the zlib header, every part's output and the Adler-32 of
 * all the filtered rows, IEND.
 *
 * How the image is cut depends on its height only, never on the machine:
 * the same surface gives the same bytes everywhere.  When a thread cannot
 * be started, the job runs in the caller: slower, same bytes.
 *
 * Measured on the 2000 x 2000 map of a 10k-tie store (synth --chapters
 * 2000): see the commit that added this file and tests/bench/RESULTS.md.
 */
#include "render_png.h"

#include "hugepages.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Rows per image below which one thread does it all (a thread costs more
 * than it saves on a thumbnail). */
#define PNG_SPLIT_MIN_ROWS 64

/* One part of the image and what its job made. */
typedef struct {
	const unsigned char *data; /* the surface's first row */
	int stride, width, opaque;
	int y0, y1;                /* rows [y0, y1) */
	int last;                  /* the part that ends the stream */
	unsigned char *out;        /* its DEFLATE bytes, malloc()ed */
	size_t n_out, cap;
	uLong adler;               /* of its filtered rows */
	size_t n_in;               /* filtered bytes it compressed */
	int failed;                /* 1: out of memory; 2: zlib refused */
} png_part;

/* Row y of an opaque surface in PNG's RGB order: alpha is 255 everywhere,
 * so the premultiplied channels are the channels.  Its own loop because it
 * is most maps: at 2000 x 2000 the general loop below cost 29 instructions a
 * pixel (116M of a 10k-tie map's 1.58G), this one about a third of that. */
static void convert_row_opaque(const png_part *p, int y, unsigned char *row)
{
	const uint32_t *px = (const uint32_t *)(p->data + (size_t)y * (size_t)p->stride);

	for (int x = 0; x < p->width; x++, row += 3) {
		uint32_t v = px[x];

		row[0] = (unsigned char)(v >> 16);
		row[1] = (unsigned char)(v >> 8);
		row[2] = (unsigned char)v;
	}
}

/* Row y of the surface in PNG's order into `row` (3 or 4 bytes a pixel). */
static void convert_row(const png_part *p, int y, unsigned char *row)
{
	const uint32_t *px = (const uint32_t *)(p->data + (size_t)y * (size_t)p->stride);

	if (p->opaque) {
		convert_row_opaque(p, y, row);
		return;
	}
	for (int x = 0; x < p->width; x++) {
		/* Cairo's pixels are premultiplied ARGB in native order */
		uint32_t v = px[x], a = v >> 24;
		uint32_t r = (v >> 16) & 255, g = (v >> 8) & 255, b = v & 255;

		if (a > 0 && a < 255) {
			r = (r * 255 + a / 2) / a;
			g = (g * 255 + a / 2) / a;
			b = (b * 255 + a / 2) / a;
		}
		*row++ = (unsigned char)(r > 255 ? 255 : r);
		*row++ = (unsigned char)(g > 255 ? 255 : g);
		*row++ = (unsigned char)(b > 255 ? 255 : b);
		*row++ = (unsigned char)a;
	}
}

/* Runs deflate() with `flush` until it has taken all its input (and, for
 * Z_SYNC_FLUSH and Z_FINISH, written everything), growing the output. */
static int deflate_all(png_part *p, z_stream *z, int flush)
{
	for (;;) {
		int rc;

		if (p->n_out == p->cap) {
			size_t cap = p->cap ? 2 * p->cap : 256 * 1024;
			unsigned char *grown = realloc(p->out, cap);

			if (!grown)
				return 1;
			p->out = grown;
			p->cap = cap;
		}
		z->next_out = p->out + p->n_out;
		z->avail_out = (uInt)(p->cap - p->n_out);
		rc = deflate(z, flush);
		p->n_out = p->cap - z->avail_out;
		if (rc == Z_STREAM_END)
			return 0;
		if (rc != Z_OK && rc != Z_BUF_ERROR)
			return 2;
		if (z->avail_out > 0 && z->avail_in == 0) {
			if (flush != Z_FINISH)
				return 0; /* all taken, and with room left all flushed */
			if (rc == Z_BUF_ERROR)
				return 2; /* no progress with room left: cannot happen */
		}
	}
}

/* The job of one part: convert, filter, checksum, compress. */
static void *part_run(void *arg)
{
	png_part *p = arg;
	size_t bytes = (size_t)p->width * (p->opaque ? 3 : 4);
	unsigned char *prev = calloc(bytes, 1), *cur = malloc(bytes), *filtered = malloc(bytes + 1);
	z_stream z;
	int started = 0;

	p->adler = adler32(0L, Z_NULL, 0);
	memset(&z, 0, sizeof(z));
	if (!prev || !cur || !filtered) {
		p->failed = 1;
		goto done;
	}
	if (deflateInit2(&z, 1, Z_DEFLATED, -15, 8, Z_RLE) != Z_OK) {
		p->failed = 1;
		goto done;
	}
	started = 1;
	if (p->y0 > 0)
		convert_row(p, p->y0 - 1, prev);
	filtered[0] = 2; /* PNG filter type 2, Up */
	for (int y = p->y0; y < p->y1 && !p->failed; y++) {
		unsigned char *swap;

		convert_row(p, y, cur);
		for (size_t i = 0; i < bytes; i++)
			filtered[i + 1] = (unsigned char)(cur[i] - prev[i]);
		p->adler = adler32(p->adler, filtered, (uInt)(bytes + 1));
		p->n_in += bytes + 1;
		z.next_in = filtered;
		z.avail_in = (uInt)(bytes + 1);
		p->failed = deflate_all(p, &z, Z_NO_FLUSH);
		swap = prev;
		prev = cur;
		cur = swap;
	}
	if (!p->failed)
		p->failed = deflate_all(p, &z, p->last ? Z_FINISH : Z_SYNC_FLUSH);
done:
	if (started)
		deflateEnd(&z);
	free(prev);
	free(cur);
	free(filtered);
	return NULL;
}

static void put_u32(unsigned char *b, uint32_t v)
{
	b[0] = (unsigned char)(v >> 24);
	b[1] = (unsigned char)(v >> 16);
	b[2] = (unsigned char)(v >> 8);
	b[3] = (unsigned char)v;
}

/* One chunk: length, type, data, CRC-32 of type and data.  0 on success. */
static int write_chunk(FILE *f, const char type[4], const unsigned char *data, size_t len)
{
	unsigned char head[8], tail[4];
	uLong crc = crc32(0L, Z_NULL, 0);

	put_u32(head, (uint32_t)len);
	memcpy(head + 4, type, 4);
	crc = crc32(crc, head + 4, 4);
	if (len)
		crc = crc32(crc, data, (uInt)len);
	put_u32(tail, (uint32_t)crc);
	if (fwrite(head, 1, 8, f) != 8 || (len && fwrite(data, 1, len, f) != len) ||
	    fwrite(tail, 1, 4, f) != 4)
		return -1;
	return 0;
}

/* Signature, IHDR, the parts' bytes as IDAT chunks of at most
 * IDAT_MAX bytes (a chunk's length is 31 bits), IEND. */
#define IDAT_MAX ((size_t)1 << 30)
static int write_file(FILE *f, int width, int height, int opaque, const png_part *part,
                      int n_parts)
{
	static const unsigned char signature[8] = {137, 'P', 'N', 'G', '\r', '\n', 26, '\n'};
	unsigned char ihdr[13];

	put_u32(ihdr, (uint32_t)width);
	put_u32(ihdr + 4, (uint32_t)height);
	ihdr[8] = 8;                        /* bits a sample */
	ihdr[9] = opaque ? 2 : 6;           /* truecolor, truecolor with alpha */
	ihdr[10] = ihdr[11] = ihdr[12] = 0; /* deflate, adaptive filters, no interlace */
	if (fwrite(signature, 1, 8, f) != 8 || write_chunk(f, "IHDR", ihdr, 13) != 0)
		return -1;
	for (int i = 0; i < n_parts; i++)
		for (size_t at = 0; at < part[i].n_out; at += IDAT_MAX) {
			size_t len = part[i].n_out - at < IDAT_MAX ? part[i].n_out - at : IDAT_MAX;

			if (write_chunk(f, "IDAT", part[i].out + at, len) != 0)
				return -1;
		}
	return write_chunk(f, "IEND", NULL, 0);
}

/* Each part's output buffer, as big as zlib's bound for its bytes (and the
 * header, flush and checksum) so that it never grows, on huge pages: only
 * the pages the compressed bytes reach are ever touched.  Growing it from
 * 256 KB instead touched every size on the way: 1000 more page faults of a
 * 2000 x 2000 map, about 16 ms (hugepages.h).  Then the zlib stream's
 * two-byte header before the first part's bytes: CMF 0x78 (deflate, 32K
 * window), FLG 0x01 (level "fastest", check bits).  0 on success. */
static int start_stream(png_part *part, int n_parts)
{
	for (int i = 0; i < n_parts; i++) {
		size_t bytes = (size_t)(part[i].y1 - part[i].y0) *
		               ((size_t)part[i].width * (part[i].opaque ? 3 : 4) + 1);

		part[i].cap = (size_t)compressBound((uLong)bytes) + 64;
		if (!(part[i].out = co_hugepages_alloc(part[i].cap)))
			return -1;
	}
	part[0].out[0] = 0x78;
	part[0].out[1] = 0x01;
	part[0].n_out = 2;
	return 0;
}

/* The Adler-32 of every part's filtered rows after the last part's bytes,
 * most significant byte first.  0 on success. */
static int end_stream(png_part *part, int n_parts)
{
	png_part *last = &part[n_parts - 1];
	uLong adler = part[0].adler;

	for (int i = 1; i < n_parts; i++)
		adler = adler32_combine(adler, part[i].adler, (z_off_t)part[i].n_in);
	if (last->cap - last->n_out < 4) {
		unsigned char *grown = realloc(last->out, last->n_out + 4);

		if (!grown)
			return -1;
		last->out = grown;
		last->cap = last->n_out + 4;
	}
	put_u32(last->out + last->n_out, (uint32_t)adler);
	last->n_out += 4;
	return 0;
}

static int is_opaque(const unsigned char *data, int stride, int w, int h)
{
	for (int y = 0; y < h; y++) {
		const uint32_t *px = (const uint32_t *)(data + (size_t)y * (size_t)stride);

		for (int x = 0; x < w; x++)
			if (px[x] >> 24 != 255)
				return 0;
	}
	return 1;
}

co_status co_png_write(cairo_surface_t *surface, FILE *f, const char *what)
{
	png_part part[2];
	pthread_t thread;
	int w, h, n_parts, threaded = 0, opaque;
	const unsigned char *data;
	co_status status = CO_OK;

	if (cairo_surface_get_type(surface) != CAIRO_SURFACE_TYPE_IMAGE ||
	    (cairo_image_surface_get_format(surface) != CAIRO_FORMAT_ARGB32 &&
	     cairo_image_surface_get_format(surface) != CAIRO_FORMAT_RGB24))
		return co_error_set(CO_EINVAL, "cannot write %s: not an ARGB32 or RGB24 image", what);
	cairo_surface_flush(surface);
	w = cairo_image_surface_get_width(surface);
	h = cairo_image_surface_get_height(surface);
	data = cairo_image_surface_get_data(surface);
	opaque = is_opaque(data, cairo_image_surface_get_stride(surface), w, h);
	n_parts = h >= PNG_SPLIT_MIN_ROWS ? 2 : 1;
	memset(part, 0, sizeof(part));
	for (int i = 0; i < n_parts; i++) {
		part[i].data = data;
		part[i].stride = cairo_image_surface_get_stride(surface);
		part[i].width = w;
		part[i].opaque = opaque;
		part[i].y0 = (int)((long long)h * i / n_parts);
		part[i].y1 = (int)((long long)h * (i + 1) / n_parts);
		part[i].last = i == n_parts - 1;
	}
	if (start_stream(part, n_parts) != 0) {
		status = co_error_set(CO_ENOMEM, "out of memory");
		goto done;
	}
	if (n_parts == 2)
		threaded = pthread_create(&thread, NULL, part_run, &part[1]) == 0;
	part_run(&part[0]);
	if (threaded)
		pthread_join(thread, NULL);
	else if (n_parts == 2)
		part_run(&part[1]);
	for (int i = 0; i < n_parts && status == CO_OK; i++)
		if (part[i].failed)
			status = part[i].failed == 1 ? co_error_set(CO_ENOMEM, "out of memory")
			                             : co_error_set(CO_EIO, "cannot write %s: zlib failed",
			                                            what);
	if (status == CO_OK && end_stream(part, n_parts) != 0)
		status = co_error_set(CO_ENOMEM, "out of memory");
	if (status == CO_OK) {
		errno = 0;
		if (write_file(f, w, h, opaque, part, n_parts) != 0)
			status = co_error_set(CO_EIO, "cannot write %s: %s", what,
			                      errno ? strerror(errno) : "write failed");
	}
done:
	for (int i = 0; i < n_parts; i++)
		free(part[i].out);
	return status;
}
