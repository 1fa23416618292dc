/*
 * coalition.h - the umbrella header: includes every public module.
 *
 * Data enters through import, every analysis reads a view (co_view ->
 * co_network), and results leave through output and render.
 */
#ifndef COALITION_H
#define COALITION_H

#include "coalition/error.h"
#include "coalition/store.h"
#include "coalition/import.h"
#include "coalition/view.h"
#include "coalition/network.h"
#include "coalition/output.h"
#include "coalition/summary.h"
#include "coalition/gaps.h"
#include "coalition/synth.h"
#include "coalition/query.h"
#include "coalition/interchange.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The library's version, such as "0.1.0". */
const char *co_version(void);

#ifdef __cplusplus
}
#endif
#endif
