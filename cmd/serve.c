/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-serve: serve zone files over UDP and TCP, as an authoritative server. */
#include <stdio.h>
#include <string.h>

#include "cli/run.h"
#include "tool/serve.h"

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

/* Whole seconds into milliseconds: not a bound kind. */
static int
tcp_idle(const struct dnstk_opt *o, const char *s)
{
	long long n;

	if (dnstk_cli_number(&n, "--tcp-idle", s, 1, 3600) != 0) {
		return DNSTK_EXIT_USAGE;
	}
	*(unsigned *)o->dest = (unsigned)n * 1000;
	return 0;
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
	DNSTK_OPT_CALLBACK(0, "tcp-idle", DNSTK_ARG_REQUIRED, "SECONDS",
	    tcp_idle, &args.listen.tcp_idle_ms,
	    "close idle TCP connections after this long (10)", NULL),
	DNSTK_OPT_STRING(0, "forward", &args.forward, "ADDR[#PORT]",
	    "forward names outside the zones to this server (with DO and CD)",
	    "host"),
	DNSTK_OPT_BOOL(0, "validate", &args.validate,
	    "validate forwarded answers: AD when secure, SERVFAIL when bogus"),
	DNSTK_OPT_STRING(0, "anchor", &args.anchor, "FILE",
	    "trust anchors for --validate (default: the IANA root)", "file"),
	DNSTK_OPT_NOW_BOUND(&args.now, "check signature windows at TIME (Unix "
	    "or YYYYMMDDHHMMSS)"),
	DNSTK_OPT_STRING(0, "user", &args.user, "USER",
	    "drop root privileges to USER after binding", NULL),
	DNSTK_OPT_END,
};

/* What the options and the zones ask for together. */
static int
serve_finish(const char **why)
{
	static struct dnstk_err err = DNSTK_ERR_INIT;	/* *why points in */

	*why = err.msg;
	return dnstk_serve_args_finish(&args, &err) != 0;
}

DNSTK_CLI_TOOL(&args, dnstk_serve_args_init,
    serve_finish(why),
    dnstk_serve_run(&args, stderr, err),
    { "serve", "Serve zone files as an EDNS- and DNSSEC-correct "
      "authoritative server.", "[ZONEFILE[=ORIGIN] ...]", serve_opts },
    .files = &args.zones, .nfiles = &args.nzones)
