/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-serve: serve zone files over UDP and TCP, as an authoritative server. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "tool/serve.h"

enum {
	OPT_MAX_UDP = DNSTK_OPT_FIRST_TOOL,
	OPT_NSID,
	OPT_REQUIRE_COOKIE,
	OPT_THREADS,
	OPT_TCP_IDLE,
	OPT_USER,
	OPT_FORWARD,
	OPT_VALIDATE,
	OPT_ANCHOR,
};

static const struct dnstk_opt serve_opts[] = {
	{ 'l', "listen", DNSTK_ARG_REQUIRED, "ADDR",
	  "listen on this address (repeatable; default 127.0.0.1 and ::1)",
	  "host" },
	{ 'p', "port", DNSTK_ARG_REQUIRED, "PORT", "port to listen on (53)",
	  NULL },
	{ 'v', "verbose", DNSTK_ARG_NONE, NULL,
	  "log every query on stderr", NULL },
	{ OPT_MAX_UDP, "max-udp", DNSTK_ARG_REQUIRED, "N",
	  "largest UDP response and EDNS payload size (1232)", NULL },
	{ OPT_NSID, "nsid", DNSTK_ARG_REQUIRED, "TEXT",
	  "answer NSID requests with TEXT", NULL },
	{ OPT_REQUIRE_COOKIE, "require-cookie", DNSTK_ARG_NONE, NULL,
	  "answer BADCOOKIE to UDP queries without a valid server cookie",
	  NULL },
	{ OPT_THREADS, "threads", DNSTK_ARG_REQUIRED, "N",
	  "UDP worker threads (default: one per core)", NULL },
	{ OPT_TCP_IDLE, "tcp-idle", DNSTK_ARG_REQUIRED, "SECONDS",
	  "close idle TCP connections after this long (10)", NULL },
	{ OPT_FORWARD, "forward", DNSTK_ARG_REQUIRED, "ADDR[#PORT]",
	  "forward names outside the zones to this server (with DO and CD)",
	  "host" },
	{ OPT_VALIDATE, "validate", DNSTK_ARG_NONE, NULL,
	  "validate forwarded answers: AD when secure, SERVFAIL when bogus",
	  NULL },
	{ OPT_ANCHOR, "anchor", DNSTK_ARG_REQUIRED, "FILE",
	  "trust anchors for --validate (default: the IANA root)", "file" },
	{ DNSTK_OPT_NOW, "now", DNSTK_ARG_REQUIRED, "TIME",
	  "check signature windows at TIME (Unix or YYYYMMDDHHMMSS)", NULL },
	{ OPT_USER, "user", DNSTK_ARG_REQUIRED, "USER",
	  "drop root privileges to USER after binding", NULL },
	DNSTK_OPT_END,
};

static const struct dnstk_cmd serve_cmd = {
	"serve", "Serve zone files as an EDNS- and DNSSEC-correct "
	"authoritative server.", "[ZONEFILE[=ORIGIN] ...]", serve_opts,
};

static int
serve_parse(struct dnstk_serve_args *a, struct dnstk_cli *cli, int argc,
    char *argv[])
{
	struct dnstk_err err = DNSTK_ERR_INIT;
	long long n;
	int c;

	dnstk_serve_args_init(a);
	while ((c = dnstk_cli_next(cli, argc, argv)) != DNSTK_CLI_DONE) {
		switch (c) {
		case DNSTK_CLI_STOP:
			return cli->exit == 0 ? -1 : cli->exit;
		case 'l':
			if (dnstk_listen_conf_add(&a->listen, cli->arg,
			    &err) != 0) {
				return dnstk_cli_usage_error("--listen: %s",
				    err.msg);
			}
			break;
		case 'p':
			if (dnstk_cli_number(&n, "--port", cli->arg, 0,
			    65535) != 0) {
				return DNSTK_EXIT_USAGE;
			}
			a->listen.port = (uint16_t)n;
			break;
		case 'v':
			a->verbose = true;
			break;
		case OPT_MAX_UDP:
			if (dnstk_cli_number(&n, "--max-udp", cli->arg, 512,
			    65535) != 0) {
				return DNSTK_EXIT_USAGE;
			}
			a->max_udp = (uint16_t)n;
			break;
		case OPT_NSID:
			a->nsid = cli->arg;
			break;
		case OPT_REQUIRE_COOKIE:
			a->require_cookie = true;
			break;
		case OPT_THREADS:
			if (dnstk_cli_number(&n, "--threads", cli->arg, 1,
			    DNSTK_LISTEN_THREADS_MAX) != 0) {
				return DNSTK_EXIT_USAGE;
			}
			a->listen.threads = (unsigned)n;
			break;
		case OPT_TCP_IDLE:
			if (dnstk_cli_number(&n, "--tcp-idle", cli->arg, 1,
			    3600) != 0) {
				return DNSTK_EXIT_USAGE;
			}
			a->listen.tcp_idle_ms = (unsigned)n * 1000;
			break;
		case OPT_USER:
			a->user = cli->arg;
			break;
		case OPT_FORWARD:
			a->forward = cli->arg;
			break;
		case OPT_VALIDATE:
			a->validate = true;
			break;
		case OPT_ANCHOR:
			a->anchor = cli->arg;
			break;
		case DNSTK_OPT_NOW:
			if (dnstk_cli_time(&a->now, cli->arg) != 0) {
				return DNSTK_EXIT_USAGE;
			}
			break;
		}
	}
	a->zones = argv + optind;
	a->nzones = argc - optind;
	if (dnstk_serve_args_finish(a, &err) != 0) {
		return dnstk_cli_usage_error("%s", err.msg);
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	struct dnstk_serve_args args;
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_cli cli;
	int ex;

	dnstk_cli_init(&cli, &serve_cmd);
	ex = serve_parse(&args, &cli, argc, argv);
	if (ex == 0) {
		ex = dnstk_cli_report(dnstk_serve_run(&args, stderr, &err),
		    &err);
	} else if (ex < 0) {
		ex = 0;
	}
	dnstk_cli_release(&cli);
	return dnstk_cli_finish(ex);
}
