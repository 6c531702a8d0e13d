/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-wire: convert DNS messages or records between text, hex and JSON. */
#include <stdio.h>

#include "cli/run.h"
#include "tool/wire.h"

/* The options write straight into these arguments. */
static struct dnstk_wire_args args;

static const struct dnstk_opt wire_opts[] = {
	DNSTK_OPTS_FORMS_BOUND(&args.out, &args.in),
	DNSTK_OPT_BOOL(0, "rr", &args.rr,
	    "units are single records, not messages"),
	DNSTK_OPT_END,
};

DNSTK_CLI_TOOL(&args, dnstk_wire_args_init,
    0,
    dnstk_wire(&args, stdout, err),
    { "wire", "Convert DNS messages or records between text, hex and JSON.",
      "[FILE ...]", wire_opts },
    .files = &args.files, .nfiles = &args.nfiles)
