/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-edns-probe: test one server's EDNS compliance, genreport style. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cli/cli.h"
#include "tool/edns_probe.h"
#include "util/duration.h"

static const struct dnstk_opt probe_opts[] = {
	{ 's', "server", DNSTK_ARG_REQUIRED, "SERVER",
	  "server address or host name (default: resolv.conf)", "host" },
	{ 'p', "port", DNSTK_ARG_REQUIRED, "PORT", "server port (53)", NULL },
	{ '4', "ipv4", DNSTK_ARG_NONE, NULL, "use IPv4 only", NULL },
	{ '6', "ipv6", DNSTK_ARG_NONE, NULL, "use IPv6 only", NULL },
	{ 'j', "json", DNSTK_ARG_NONE, NULL,
	  "write JSON Lines (same as --format=json)", NULL },
	{ DNSTK_OPT_FORMAT, "format", DNSTK_ARG_REQUIRED, "FORM",
	  "output form: text or json (default text)", "values:text json" },
	{ DNSTK_OPT_TIMEOUT, "timeout", DNSTK_ARG_REQUIRED, "SECONDS",
	  "wait this long for each answer (3)", NULL },
	{ DNSTK_OPT_TRIES, "tries", DNSTK_ARG_REQUIRED, "N",
	  "UDP attempts per test (2)", NULL },
	DNSTK_OPT_END,
};

static const struct dnstk_cmd probe_cmd = {
	"edns-probe", "Test a server's EDNS compliance (genreport tests).",
	"[@SERVER] ZONE", probe_opts,
};

static int
probe_opt(struct dnstk_edns_probe_args *a, struct dnstk_cli *cli, int c)
{
	const char *why = NULL;
	long long v;

	switch (c) {
	case 's':
		a->server = cli->arg;
		break;
	case 'p':
		if (dnstk_cli_number(&v, "--port", cli->arg, 1, 65535) != 0) {
			return DNSTK_EXIT_USAGE;
		}
		a->port = (uint16_t)v;
		break;
	case '4':
		a->family = AF_INET;
		break;
	case '6':
		a->family = AF_INET6;
		break;
	case 'j':
		a->form = DNSTK_FORM_JSON;
		break;
	case DNSTK_OPT_FORMAT:
		if (dnstk_form_parse(&a->form, cli->arg) != 0 ||
		    a->form == DNSTK_FORM_HEX) {
			return dnstk_cli_usage_error("--format: '%s' is not "
			    "text or json", cli->arg);
		}
		break;
	case DNSTK_OPT_TIMEOUT:
		if (dnstk_duration_parse_ms(&a->timeout_ms, cli->arg,
		    &why) != 0) {
			return dnstk_cli_usage_error("--timeout: '%s': %s",
			    cli->arg, why);
		}
		break;
	case DNSTK_OPT_TRIES:
		if (dnstk_cli_number(&v, "--tries", cli->arg, 1, 100) != 0) {
			return DNSTK_EXIT_USAGE;
		}
		a->tries = (int)v;
		break;
	}
	return 0;
}

static int
probe_parse(struct dnstk_edns_probe_args *a, struct dnstk_cli *cli,
    int argc, char *argv[])
{
	int c, r, i;

	while ((c = dnstk_cli_next(cli, argc, argv)) != DNSTK_CLI_DONE) {
		if (c == DNSTK_CLI_STOP) {
			return cli->exit == 0 ? -1 : cli->exit;
		}
		r = probe_opt(a, cli, c);
		if (r != 0) {
			return r;
		}
	}
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

int
main(int argc, char *argv[])
{
	struct dnstk_edns_probe_args args;
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_cli cli;
	int ex;

	dnstk_cli_init(&cli, &probe_cmd);
	dnstk_edns_probe_args_init(&args);
	if (getenv("DNSTK_RESOLV_CONF") != NULL) {
		args.resolv_conf = getenv("DNSTK_RESOLV_CONF");
	}
	ex = probe_parse(&args, &cli, argc, argv);
	if (ex == 0) {
		ex = dnstk_cli_report(dnstk_edns_probe(&args, stdout, &err),
		    &err);
	} else if (ex < 0) {
		ex = 0;
	}
	dnstk_cli_release(&cli);
	return dnstk_cli_finish(ex);
}
