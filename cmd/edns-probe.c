/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-edns-probe: test one server's EDNS compliance, genreport style. */
#include <stdio.h>
#include <sys/socket.h>

#include "cli/run.h"
#include "tool/edns_probe.h"

/* The options write straight into these arguments. */
static struct dnstk_edns_probe_args args;

static const struct dnstk_opt probe_opts[] = {
	DNSTK_OPTS_SERVER(&args, "wait this long for each answer (3)",
	    "UDP attempts per test (2)"),
	DNSTK_OPTS_TEXT_JSON(&args.form,
	    "write JSON Lines (same as --format=json)"),
	DNSTK_OPT_END,
};

/* The operands: one ZONE and at most one @SERVER (unless -s gave one). */
static int
probe_operands(int argc, char *argv[], const char **why)
{
	int i;

	for (i = 0; i < argc; i++) {
		if (argv[i][0] == '@' && args.server == NULL &&
		    argv[i][1] != '\0') {
			args.server = argv[i] + 1;
		} else if (argv[i][0] != '@' && args.zone == NULL) {
			args.zone = argv[i];
		} else {
			return dnstk_cli_usage_error("unexpected operand '%s'",
			    argv[i]);
		}
	}
	*why = args.zone == NULL ? "no ZONE given" : NULL;
	return *why != NULL;
}

DNSTK_CLI_TOOL(&args, dnstk_edns_probe_args_init,
    probe_operands(argc, argv, why),
    dnstk_edns_probe(&args, stdout, err),
    { "edns-probe", "Test a server's EDNS compliance (genreport tests).",
      "[@SERVER] ZONE", probe_opts })
