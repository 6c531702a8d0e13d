/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-query: a dig-like DNS client with EDNS fallbacks, raw and batch. */
#ifdef __linux__
#include <malloc.h>
#endif
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "tool/query.h"

#define Q(x) (DNSTK_OPT_FIRST_TOOL + DNSTK_QOPT_##x)
#define NOARG DNSTK_ARG_NONE
#define ARG DNSTK_ARG_REQUIRED

static const struct dnstk_opt query_opts[] = {
	{ 's', "server", ARG, "SERVER",
	  "server address or host name (default: resolv.conf)", "host" },
	{ 'p', "port", ARG, "PORT", "server port (53)", NULL },
	{ '4', "ipv4", NOARG, NULL, "use IPv4 only", NULL },
	{ '6', "ipv6", NOARG, NULL, "use IPv6 only", NULL },
	DNSTK_OPTS_FORMS,
	{ DNSTK_OPT_TIMEOUT, "timeout", ARG, "SECONDS",
	  "wait this long for each answer (5)", NULL },
	{ DNSTK_OPT_TRIES, "tries", ARG, "N", "UDP attempts per query (2)", 0 },
	{ Q(DNSSEC), "dnssec", NOARG, NULL, "set the DO bit", NULL },
	{ Q(CD), "cd", NOARG, NULL, "set CD (checking disabled)", NULL },
	{ Q(AD), "ad", NOARG, NULL, "set AD in the query", NULL },
	{ Q(NO_RD), "no-rd", NOARG, NULL, "clear RD", NULL },
	{ Q(NO_EDNS), "no-edns", NOARG, NULL, "send no OPT record", NULL },
	{ Q(EDNS_VERSION), "edns-version", ARG, "N", "EDNS version (0)", 0 },
	{ Q(BUFSIZE), "bufsize", ARG, "N",
	  "EDNS UDP payload size (1232; under 512 means 512)", NULL },
	{ Q(TCP), "tcp", NOARG, NULL, "use TCP", NULL },
	{ Q(IGNORE_TC), "ignore-tc", NOARG, NULL, "keep truncated UDP answers",
	  NULL },
	{ Q(NSID), "nsid", NOARG, NULL, "ask for the NSID", NULL },
	{ Q(COOKIE), "cookie", DNSTK_ARG_OPTIONAL, "HEX",
	  "send a COOKIE (random client cookie by default)", NULL },
	{ Q(SUBNET), "subnet", ARG, "ADDR/LEN",
	  "send an EDNS Client Subnet option", NULL },
	{ Q(PADDING), "padding", DNSTK_ARG_OPTIONAL, "N",
	  "pad the query to a multiple of N bytes (128)", NULL },
	{ Q(EDNSOPT), "ednsopt", ARG, "CODE[:HEX]",
	  "add an EDNS option (repeatable)", NULL },
	{ Q(SHORT), "short", NOARG, NULL,
	  "print only the rdata of the answer section", NULL },
	{ Q(RAW), "raw", NOARG, NULL,
	  "send the query messages read from stdin verbatim", NULL },
	{ Q(BATCH), "batch", ARG, "FILE",
	  "read NAME [TYPE] [CLASS] lines from FILE (- for stdin)", "file" },
	{ Q(CONCURRENCY), "concurrency", ARG, "N",
	  "queries in flight at once (batch: 64)", NULL },
	{ Q(SOCKETS), "sockets", ARG, "N",
	  "UDP sockets shared by the queries in flight (0: one per query)",
	  NULL },
	DNSTK_OPT_END,
};

static const struct dnstk_cmd query_cmd = {
	"query", "Send DNS queries and print the answers, like dig.",
	"[@SERVER] [NAME [TYPE] [CLASS]]", query_opts,
};

/* The tool's code for the option the table returned. */
static int
opt_code(int c)
{
	switch (c) {
	case 's': return DNSTK_QOPT_SERVER;
	case 'p': return DNSTK_QOPT_PORT;
	case '4': return DNSTK_QOPT_IPV4;
	case '6': return DNSTK_QOPT_IPV6;
	case DNSTK_OPT_TIMEOUT: return DNSTK_QOPT_TIMEOUT;
	case DNSTK_OPT_TRIES: return DNSTK_QOPT_TRIES;
	default: return c - DNSTK_OPT_FIRST_TOOL;
	}
}

static int
query_parse(struct dnstk_query_args *a, struct dnstk_cli *cli, int argc,
    char *argv[])
{
	struct dnstk_query_optstate st = { 0, false };
	const char *why;
	char msg[DNSTK_ERR_MSG_MAX];
	int c, r;

	while ((c = dnstk_cli_next(cli, argc, argv)) != DNSTK_CLI_DONE) {
		if (c == DNSTK_CLI_STOP) {
			return cli->exit == 0 ? -1 : cli->exit;
		}
		r = dnstk_cli_form_opt(cli, c, &a->form, &a->raw_in);
		if (r == 1) {
			st.form_set |= c != DNSTK_OPT_IN;
			continue;
		}
		if (r != 0) {
			return r;
		}
		if (dnstk_query_opt(a, &st, opt_code(c), cli->arg, msg,
		    sizeof(msg)) != 0) {
			return dnstk_cli_usage_error("%s", msg);
		}
	}
	if (dnstk_query_opts_check(a, &st, &why) != 0 ||
	    dnstk_query_operands(a, argc - optind, argv + optind,
	    !a->raw && a->batch == NULL, &why) != 0) {
		return dnstk_cli_usage_error("%s", why);
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	struct dnstk_query_args args;
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_cli cli;
	bool reported = false;
	int ex;

#ifdef M_TRIM_THRESHOLD
	/* Without this glibc gives the heap top back after each answer's
	 * large ldns buffers: a third of a 10,000-answer batch's time. */
	(void)mallopt(M_TRIM_THRESHOLD, 4 << 20);
#endif
	dnstk_cli_init(&cli, &query_cmd);
	dnstk_query_args_init(&args);
	/* Lets tests and chroots name another resolv.conf. */
	if (getenv("DNSTK_RESOLV_CONF") != NULL) {
		args.resolv_conf = getenv("DNSTK_RESOLV_CONF");
	}
	ex = query_parse(&args, &cli, argc, argv);
	if (ex == 0) {
		ex = dnstk_query(&args, stdout, stderr, &err);
		/* Failed queries were reported as they were printed. */
		ex = err.msg[0] != '\0' ? dnstk_cli_report(ex, &err) :
		    dnstk_cli_exit_for(ex);
		/* A write error was just reported: not twice. */
		reported = ferror(stdout) != 0;
	} else if (ex < 0) {
		ex = 0;
	}
	dnstk_query_args_release(&args);
	dnstk_cli_release(&cli);
	return reported ? ex : dnstk_cli_finish(ex);
}
