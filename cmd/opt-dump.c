/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-opt-dump: print the EDNS(0) OPT record of DNS messages. */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/run.h"
#include "tool/opt_dump.h"

/* The options write straight into these. */
static struct dnstk_optdump_args args;
static enum dnstk_form out_form = DNSTK_FORM_TEXT;

static const struct dnstk_opt optdump_opts[] = {
	DNSTK_OPT_SET_FORM('j', "json", &out_form, DNSTK_FORM_JSON,
	    "write one JSON object per message (same as --format=json)"),
	DNSTK_OPT_FORM(DNSTK_OPT_FORMAT, "format", &out_form,
	    (1 << DNSTK_FORM_TEXT) | (1 << DNSTK_FORM_JSON),
	    "output form: text or json (default text)", "values:text json"),
	DNSTK_OPT_FORM(DNSTK_OPT_IN, "in", &args.in, 0,
	    "input form: text, hex or json (default: detected)",
	    "values:text hex json"),
	DNSTK_OPT_END,
};

static const struct dnstk_cmd optdump_cmd = {
	"opt-dump", "Print the EDNS(0) fields, options and violations of "
	"DNS messages.", "[FILE ...]", optdump_opts,
};

static int
optdump_parse(struct dnstk_optdump_args *a, struct dnstk_cli *cli,
    int argc, char *argv[])
{
	dnstk_optdump_args_init(a);
	dnstk_cli_init(cli, &optdump_cmd);
	if (dnstk_cli_parse(cli, argc, argv) == DNSTK_CLI_STOP) {
		return cli->exit == 0 ? -1 : cli->exit;
	}
	a->json = out_form == DNSTK_FORM_JSON;
	a->files = argv + optind;
	a->nfiles = argc - optind;
	return 0;
}

static int
optdump_run(void *ctx, struct dnstk_err *err)
{
	return dnstk_optdump(ctx, stdout, err);
}

int
main(int argc, char *argv[])
{
	struct dnstk_cli cli;

	return dnstk_cli_run(&cli, optdump_parse(&args, &cli, argc, argv),
	    optdump_run, &args);
}
