/*
 * hugepages.h - big buffers on transparent huge pages (private to the
 * library).
 *
 * A first write to a fresh 4 KB page of memory costs a page fault; on the
 * virtual machines this project is measured on a fault costs about 16 us,
 * so filling a fresh 16 MB buffer took 0.065 s of CPU, against 0.002 s
 * when the kernel backs it with 2 MB pages (hugepages.c).  Linux gives a
 * process huge pages only where it asks for them (madvise(MADV_HUGEPAGE);
 * /sys/kernel/mm/transparent_hugepage/enabled is "madvise" there and on
 * most distributions).  Ask only for buffers that are written whole soon
 * after: a huge page is resident whole once any byte of it is touched.
 */
#ifndef COALITION_HUGEPAGES_H
#define COALITION_HUGEPAGES_H

#include <stddef.h>

/* Asks that the whole 2 MB pages inside [p, p + n) be huge pages when first
 * touched.  A hint: nothing happens for buffers under 2 MB, on systems
 * without transparent huge pages, or if the kernel refuses. */
void co_hugepages_advise(void *p, size_t n);

/* malloc(n), advised as above; free() it as usual.  Aligned to 2 MB when n
 * is at least 1 MB, so that all of it can be huge pages (the layout's rule,
 * render_layout_multilevel.c: measured there).  NULL if out of memory. */
void *co_hugepages_alloc(size_t n);

#endif
