/* SPDX-License-Identifier: BSD-3-Clause */
/* Input streams: open by name ("-" is stdin) and walk their units. */
#ifndef DNSTK_IN_STREAM_H
#define DNSTK_IN_STREAM_H

#include "in/form.h"
#include "util/err.h"

struct dnstk_msg;
struct ldns_struct_rr;

/*
 * Called once per unit with the unit (the callback owns it: free with
 * dnstk_msg_free / ldns_rr_free), the source it came from (an
 * $INCLUDE'd file names itself) and the line where it starts.  Return 0
 * to go on, an error (with err set) to stop.
 */
typedef int (*dnstk_each_msg_fn)(void *ctx, struct dnstk_msg *m,
    const char *source, unsigned long line, struct dnstk_err *err);
typedef int (*dnstk_each_rr_fn)(void *ctx, struct ldns_struct_rr *rr,
    const char *source, unsigned long line, struct dnstk_err *err);

/*
 * Open input `name` ("-" means stdin) with dnstk_reader_open() and call
 * `fn` for each message (dnstk_each_msg) or record (dnstk_each_rr) it
 * holds, in `form` (AUTO: detected from the first unit).  Empty input is
 * an empty stream: `fn` is never called and 0 is returned.  Returns 0,
 * the callback's error, or the reader's (DNSTK_EINPUT with SOURCE:LINE,
 * -errno when the input cannot be opened or read, DNSTK_ENOMEM).
 */
int dnstk_each_msg(const char *name, enum dnstk_form form,
    dnstk_each_msg_fn fn, void *ctx, struct dnstk_err *err);
int dnstk_each_rr(const char *name, enum dnstk_form form,
    dnstk_each_rr_fn fn, void *ctx, struct dnstk_err *err);

#endif
