/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-opt-dump: print the EDNS(0) OPT record of DNS messages. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "tool/opt_dump.h"

static const struct dnstk_opt optdump_opts[] = {
	{ 'j', "json", DNSTK_ARG_NONE, NULL,
	  "write one JSON object per message (same as --format=json)", NULL },
	{ DNSTK_OPT_FORMAT, "format", DNSTK_ARG_REQUIRED, "FORM",
	  "output form: text or json (default text)", "values:text json" },
	{ DNSTK_OPT_IN, "in", DNSTK_ARG_REQUIRED, "FORM",
	  "input form: text, hex or json (default: detected)",
	  "values:text hex json" },
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
	int c;

	dnstk_optdump_args_init(a);
	while ((c = dnstk_cli_next(cli, argc, argv)) != DNSTK_CLI_DONE) {
		switch (c) {
		case DNSTK_CLI_STOP:
			return cli->exit == 0 ? -1 : cli->exit;
		case 'j':
			a->json = true;
			break;
		case DNSTK_OPT_FORMAT:
			if (strcmp(cli->arg, "json") == 0) {
				a->json = true;
			} else if (strcmp(cli->arg, "text") == 0) {
				a->json = false;
			} else {
				return dnstk_cli_usage_error("--format: '%s' "
				    "is not text or json", cli->arg);
			}
			break;
		case DNSTK_OPT_IN:
			if (dnstk_form_parse(&a->in, cli->arg) != 0) {
				return dnstk_cli_usage_error("--in: '%s' "
				    "is not text, hex or json", cli->arg);
			}
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
	struct dnstk_optdump_args args;
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_cli cli;
	int ex;

	dnstk_cli_init(&cli, &optdump_cmd);
	ex = optdump_parse(&args, &cli, argc, argv);
	if (ex == 0) {
		ex = dnstk_cli_report(dnstk_optdump(&args, stdout, &err),
		    &err);
	} else if (ex < 0) {
		ex = 0;
	}
	dnstk_cli_release(&cli);
	return dnstk_cli_finish(ex);
}
