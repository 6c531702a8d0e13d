/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-wire: convert a stream of messages or records between forms. */
#ifndef DNSTK_TOOL_WIRE_H
#define DNSTK_TOOL_WIRE_H

#include <stdbool.h>
#include <stdio.h>

#include "in/form.h"
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
 * in order.  Empty input is an empty stream (nothing written, 0).  Returns
 * 0, or the first error (DNSTK_EINPUT with err holding
 * SOURCE:LINE, -errno when a file cannot be opened or `out` written);
 * every unit before the bad one has been written whole.
 */
int dnstk_wire(const struct dnstk_wire_args *a, FILE *out,
    struct dnstk_err *err);

/*
 * The unit iterators (dnstk_each_msg, dnstk_each_rr) live in lib/in; this
 * header keeps them reachable for the tools that include it.
 */
#include "in/stream.h"

#endif
