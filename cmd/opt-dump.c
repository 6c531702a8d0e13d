/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-opt-dump: print the EDNS(0) OPT record of DNS messages. */
#include <stdio.h>

#include "cli/run.h"
#include "tool/opt_dump.h"

/* The options write straight into these arguments. */
static struct dnstk_optdump_args args;

static const struct dnstk_opt optdump_opts[] = {
	DNSTK_OPTS_TEXT_JSON(&args.out,
	    "write one JSON object per message (same as --format=json)"),
	DNSTK_OPT_IN_FORM(&args.in,
	    "input form: text, hex or json (default: detected)"),
	DNSTK_OPT_END,
};

DNSTK_CLI_TOOL(&args, dnstk_optdump_args_init,
    0,
    dnstk_optdump(&args, stdout, err),
    { "opt-dump", "Print the EDNS(0) fields, options and violations of "
      "DNS messages.", "[FILE ...]", optdump_opts },
    .files = &args.files, .nfiles = &args.nfiles)
