/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-wire: convert DNS messages or records between text, hex and JSON. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "tool/wire.h"

enum {
	OPT_RR = DNSTK_OPT_FIRST_TOOL,
};

static const struct dnstk_opt wire_opts[] = {
	DNSTK_OPTS_FORMS,
	{ OPT_RR, "rr", DNSTK_ARG_NONE, NULL,
	  "units are single records, not messages", NULL },
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
	int c, r;

	dnstk_wire_args_init(a);
	while ((c = dnstk_cli_next(cli, argc, argv)) != DNSTK_CLI_DONE) {
		r = c == DNSTK_CLI_STOP ? 0 :
		    dnstk_cli_form_opt(cli, c, &a->out, &a->in);
		if (r != 0) {
			if (r != 1) {
				return r;
			}
			continue;
		}
		switch (c) {
		case DNSTK_CLI_STOP:
			return cli->exit == 0 ? -1 : cli->exit;
		case OPT_RR:
			a->rr = true;
			break;
		}
	}
	a->files = argv + optind;
	a->nfiles = argc - optind;
	return 0;
}

int
main(int argc, char *argv[])
{
	struct dnstk_wire_args args;
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_cli cli;
	int ex;

	dnstk_cli_init(&cli, &wire_cmd);
	ex = wire_parse(&args, &cli, argc, argv);
	if (ex == 0) {
		ex = dnstk_cli_report(dnstk_wire(&args, stdout, &err), &err);
	} else if (ex < 0) {
		ex = 0;
	}
	dnstk_cli_release(&cli);
	return dnstk_cli_finish(ex);
}
