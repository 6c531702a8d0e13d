/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-serve: serve zone files over UDP and TCP, as an authoritative server. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/run.h"
#include "tool/serve.h"

enum { OPT_TCP_IDLE = DNSTK_OPT_FIRST_TOOL };

static struct dnstk_serve_args args;

static int
listen_addr(const struct dnstk_opt *o, const char *s)
{
	struct dnstk_err err = DNSTK_ERR_INIT;

	if (dnstk_listen_conf_add(o->dest, s, &err) != 0) {
		return dnstk_cli_usage_error("--listen: %s", err.msg);
	}
	return 0;
}

static int
now(const struct dnstk_opt *o, const char *s)
{
	return dnstk_cli_time(o->dest, s) != 0 ? DNSTK_EXIT_USAGE : 0;
}

static const struct dnstk_opt serve_opts[] = {
	DNSTK_OPT_CALLBACK('l', "listen", DNSTK_ARG_REQUIRED, "ADDR",
	    listen_addr, &args.listen, "listen on this address (repeatable; "
	    "default 127.0.0.1 and ::1)", "host"),
	DNSTK_OPT_U16('p', "port", &args.listen.port, "PORT", 0, 65535,
	    "port to listen on (53)"),
	DNSTK_OPT_BOOL('v', "verbose", &args.verbose,
	    "log every query on stderr"),
	DNSTK_OPT_U16(0, "max-udp", &args.max_udp, "N", 512, 65535,
	    "largest UDP response and EDNS payload size (1232)"),
	DNSTK_OPT_STRING(0, "nsid", &args.nsid, "TEXT",
	    "answer NSID requests with TEXT", NULL),
	DNSTK_OPT_BOOL(0, "require-cookie", &args.require_cookie,
	    "answer BADCOOKIE to UDP queries without a valid server cookie"),
	DNSTK_OPT_UINT(0, "threads", &args.listen.threads, "N", 1,
	    DNSTK_LISTEN_THREADS_MAX,
	    "UDP worker threads (default: one per core)"),
	{ OPT_TCP_IDLE, "tcp-idle", DNSTK_ARG_REQUIRED, "SECONDS",
	  "close idle TCP connections after this long (10)", NULL },
	DNSTK_OPT_STRING(0, "forward", &args.forward, "ADDR[#PORT]",
	    "forward names outside the zones to this server (with DO and CD)",
	    "host"),
	DNSTK_OPT_BOOL(0, "validate", &args.validate,
	    "validate forwarded answers: AD when secure, SERVFAIL when bogus"),
	DNSTK_OPT_STRING(0, "anchor", &args.anchor, "FILE",
	    "trust anchors for --validate (default: the IANA root)", "file"),
	DNSTK_OPT_CALLBACK(DNSTK_OPT_NOW, "now", DNSTK_ARG_REQUIRED, "TIME",
	    now, &args.now, "check signature windows at TIME (Unix or "
	    "YYYYMMDDHHMMSS)", NULL),
	DNSTK_OPT_STRING(0, "user", &args.user, "USER",
	    "drop root privileges to USER after binding", NULL),
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

	while ((c = dnstk_cli_parse(cli, argc, argv)) == OPT_TCP_IDLE) {
		/* Whole seconds into milliseconds: not a bound kind. */
		if (dnstk_cli_number(&n, "--tcp-idle", cli->arg, 1, 3600) !=
		    0) {
			return DNSTK_EXIT_USAGE;
		}
		a->listen.tcp_idle_ms = (unsigned)n * 1000;
	}
	if (c == DNSTK_CLI_STOP) {
		return cli->exit == 0 ? -1 : cli->exit;
	}
	a->zones = argv + optind;
	a->nzones = argc - optind;
	if (dnstk_serve_args_finish(a, &err) != 0) {
		return dnstk_cli_usage_error("%s", err.msg);
	}
	return 0;
}

static int
serve_run(void *ctx, struct dnstk_err *err)
{
	return dnstk_serve_run(ctx, stderr, err);
}

int
main(int argc, char *argv[])
{
	struct dnstk_cli cli;

	dnstk_cli_init(&cli, &serve_cmd);
	dnstk_serve_args_init(&args);
	return dnstk_cli_run(&cli, serve_parse(&args, &cli, argc, argv),
	    serve_run, &args);
}
