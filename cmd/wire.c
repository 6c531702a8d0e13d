/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-wire: convert DNS messages or records between text, hex and JSON. */
#include <stdio.h>

#include "cli/cli.h"
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

static const struct dnstk_cmd wire_cmd = {
	"wire", "Convert DNS messages or records between text, hex and JSON.",
	"[FILE ...]", wire_opts,
};

static int
wire_parse(struct dnstk_wire_args *a, struct dnstk_cli *cli, int argc,
    char *argv[])
{
	dnstk_wire_args_init(a);
	dnstk_cli_init(cli, &wire_cmd);
	if (dnstk_cli_parse(cli, argc, argv) == DNSTK_CLI_STOP) {
		return cli->exit == 0 ? -1 : cli->exit;
	}
	a->files = argv + optind;
	a->nfiles = argc - optind;
	return 0;
}

static int
wire_run(void *ctx, struct dnstk_err *err)
{
	return dnstk_wire(ctx, stdout, err);
}

int
main(int argc, char *argv[])
{
	struct dnstk_cli cli;

	return dnstk_cli_run(&cli, wire_parse(&args, &cli, argc, argv),
	    wire_run, &args);
}
