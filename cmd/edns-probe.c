/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-edns-probe: test one server's EDNS compliance, genreport style. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "cli/cli.h"
#include "cli/run.h"
#include "tool/edns_probe.h"

/* The options write straight into these. */
static struct dnstk_server_opts srv;
static enum dnstk_form out_form = DNSTK_FORM_TEXT;

static const struct dnstk_opt probe_opts[] = {
	DNSTK_OPTS_SERVER(&srv, "wait this long for each answer (3)",
	    "UDP attempts per test (2)"),
	DNSTK_OPT_SET_FORM('j', "json", &out_form, DNSTK_FORM_JSON,
	    "write JSON Lines (same as --format=json)"),
	DNSTK_OPT_FORM(DNSTK_OPT_FORMAT, "format", &out_form,
	    (1 << DNSTK_FORM_TEXT) | (1 << DNSTK_FORM_JSON),
	    "output form: text or json (default text)", "values:text json"),
	DNSTK_OPT_END,
};

static const struct dnstk_cmd probe_cmd = {
	"edns-probe", "Test a server's EDNS compliance (genreport tests).",
	"[@SERVER] ZONE", probe_opts,
};

/* The operands: one ZONE and at most one @SERVER (unless -s gave one). */
static int
probe_operands(struct dnstk_edns_probe_args *a, int argc, char *argv[])
{
	int i;

	for (i = optind; i < argc; i++) {
		if (argv[i][0] == '@' && a->server == NULL &&
		    argv[i][1] != '\0') {
			a->server = argv[i] + 1;
		} else if (argv[i][0] != '@' && a->zone == NULL) {
			a->zone = argv[i];
		} else {
			return dnstk_cli_usage_error("unexpected operand '%s'",
			    argv[i]);
		}
	}
	if (a->zone == NULL) {
		return dnstk_cli_usage_error("no ZONE given");
	}
	return 0;
}

static int
probe_parse(struct dnstk_edns_probe_args *a, struct dnstk_cli *cli,
    int argc, char *argv[])
{
	dnstk_edns_probe_args_init(a);
	dnstk_server_opts_init(&srv, a->timeout_ms, a->tries);
	dnstk_cli_init(cli, &probe_cmd);
	if (dnstk_cli_parse(cli, argc, argv) == DNSTK_CLI_STOP) {
		return cli->exit == 0 ? -1 : cli->exit;
	}
	a->server = srv.server;
	a->port = srv.port;
	a->family = srv.family;
	a->timeout_ms = srv.timeout_ms;
	a->tries = srv.tries;
	a->form = out_form;
	return probe_operands(a, argc, argv);
}

static int
probe_run(void *ctx, struct dnstk_err *err)
{
	return dnstk_edns_probe(ctx, stdout, err);
}

int
main(int argc, char *argv[])
{
	struct dnstk_edns_probe_args args;
	struct dnstk_cli cli;

	return dnstk_cli_run(&cli, probe_parse(&args, &cli, argc, argv),
	    probe_run, &args);
}
