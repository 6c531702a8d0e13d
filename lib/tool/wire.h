/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-wire: convert a stream of messages or records between forms. */
#ifndef DNSTK_TOOL_WIRE_H
#define DNSTK_TOOL_WIRE_H

#include <stdbool.h>
#include <stdio.h>

#include "out/render.h"
#include "util/err.h"

struct dnstk_wire_args {
	enum dnstk_form in;	/* AUTO to detect per input */
	enum dnstk_form out;	/* TEXT, HEX or JSON */
	bool rr;		/* units are records, not messages */
	char **files;		/* inputs; none means stdin; "-" is stdin */
	int nfiles;
};

/* Set the defaults: detect input, text output, message units, stdin. */
void dnstk_wire_args_init(struct dnstk_wire_args *a);

/*
 * Convert every unit of every input to `out`, one whole unit at a time,
 * in order.  Returns 0, or the first error (DNSTK_EINPUT with err holding
 * SOURCE:LINE, -errno when a file cannot be opened or `out` written);
 * every unit before the bad one has been written whole.
 */
int dnstk_wire(const struct dnstk_wire_args *a, FILE *out,
    struct dnstk_err *err);

/*
 * Shared by the stream tools: open input `name` ("-" means stdin) and
 * call `unit` for each message (or record when `rr`) it holds.  The
 * callback returns 0 to go on or an error to stop.
 */
struct dnstk_msg;
struct ldns_struct_rr;
typedef int (*dnstk_each_msg_fn)(void *ctx, struct dnstk_msg *m,
    const char *source, unsigned long line, struct dnstk_err *err);
typedef int (*dnstk_each_rr_fn)(void *ctx, struct ldns_struct_rr *rr,
    const char *source, unsigned long line, struct dnstk_err *err);

int dnstk_each_msg(const char *name, enum dnstk_form form,
    dnstk_each_msg_fn fn, void *ctx, struct dnstk_err *err);
int dnstk_each_rr(const char *name, enum dnstk_form form,
    dnstk_each_rr_fn fn, void *ctx, struct dnstk_err *err);

#endif
