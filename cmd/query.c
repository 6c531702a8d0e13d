/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-query: a dig-like DNS client with EDNS fallbacks, raw and batch. */
#ifdef __linux__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cli/cli.h"
#include "dns/msg.h"
#include "net/qmsg.h"
#include "tool/query.h"

enum {
	OPT_DNSSEC = DNSTK_OPT_FIRST_TOOL, OPT_CD, OPT_AD, OPT_NO_RD,
	OPT_NO_EDNS, OPT_EDNS_VERSION, OPT_BUFSIZE, OPT_TCP, OPT_IGNORE_TC,
	OPT_NSID, OPT_COOKIE, OPT_SUBNET, OPT_PADDING, OPT_EDNSOPT,
	OPT_SHORT, OPT_RAW, OPT_BATCH, OPT_CONCURRENCY,
};

static const struct dnstk_opt query_opts[] = {
	{ 's', "server", DNSTK_ARG_REQUIRED, "SERVER",
	  "server address or host name (default: resolv.conf)", "host" },
	{ 'p', "port", DNSTK_ARG_REQUIRED, "PORT", "server port (53)", NULL },
	{ '4', "ipv4", DNSTK_ARG_NONE, NULL, "use IPv4 only", NULL },
	{ '6', "ipv6", DNSTK_ARG_NONE, NULL, "use IPv6 only", NULL },
	DNSTK_OPTS_FORMS,
	{ DNSTK_OPT_TIMEOUT, "timeout", DNSTK_ARG_REQUIRED, "SECONDS",
	  "wait this long for each answer (5)", NULL },
	{ DNSTK_OPT_TRIES, "tries", DNSTK_ARG_REQUIRED, "N",
	  "UDP attempts per query (2)", NULL },
	{ OPT_DNSSEC, "dnssec", DNSTK_ARG_NONE, NULL, "set the DO bit", NULL },
	{ OPT_CD, "cd", DNSTK_ARG_NONE, NULL, "set CD (checking disabled)",
	  NULL },
	{ OPT_AD, "ad", DNSTK_ARG_NONE, NULL, "set AD in the query", NULL },
	{ OPT_NO_RD, "no-rd", DNSTK_ARG_NONE, NULL, "clear RD", NULL },
	{ OPT_NO_EDNS, "no-edns", DNSTK_ARG_NONE, NULL, "send no OPT record",
	  NULL },
	{ OPT_EDNS_VERSION, "edns-version", DNSTK_ARG_REQUIRED, "N",
	  "EDNS version (0)", NULL },
	{ OPT_BUFSIZE, "bufsize", DNSTK_ARG_REQUIRED, "N",
	  "EDNS UDP payload size (1232; under 512 means 512)", NULL },
	{ OPT_TCP, "tcp", DNSTK_ARG_NONE, NULL, "use TCP", NULL },
	{ OPT_IGNORE_TC, "ignore-tc", DNSTK_ARG_NONE, NULL,
	  "keep truncated UDP answers", NULL },
	{ OPT_NSID, "nsid", DNSTK_ARG_NONE, NULL, "ask for the NSID", NULL },
	{ OPT_COOKIE, "cookie", DNSTK_ARG_OPTIONAL, "HEX",
	  "send a COOKIE (random client cookie by default)", NULL },
	{ OPT_SUBNET, "subnet", DNSTK_ARG_REQUIRED, "ADDR/LEN",
	  "send an EDNS Client Subnet option", NULL },
	{ OPT_PADDING, "padding", DNSTK_ARG_OPTIONAL, "N",
	  "pad the query to a multiple of N bytes (128)", NULL },
	{ OPT_EDNSOPT, "ednsopt", DNSTK_ARG_REQUIRED, "CODE[:HEX]",
	  "add an EDNS option (repeatable)", NULL },
	{ OPT_SHORT, "short", DNSTK_ARG_NONE, NULL,
	  "print only the rdata of the answer section", NULL },
	{ OPT_RAW, "raw", DNSTK_ARG_NONE, NULL,
	  "send the query messages read from stdin verbatim", NULL },
	{ OPT_BATCH, "batch", DNSTK_ARG_REQUIRED, "FILE",
	  "read NAME [TYPE] [CLASS] lines from FILE (- for stdin)", "file" },
	{ OPT_CONCURRENCY, "concurrency", DNSTK_ARG_REQUIRED, "N",
	  "queries in flight at once (batch: 64)", NULL },
	DNSTK_OPT_END,
};

static const struct dnstk_cmd query_cmd = {
	"query", "Send DNS queries and print the answers, like dig.",
	"[@SERVER] [NAME [TYPE] [CLASS]]", query_opts,
};

/* Parse a number option; DNSTK_EXIT_USAGE after a message. */
static int
num(long long *v, struct dnstk_cli *cli, const char *name, long long min,
    long long max)
{
	return dnstk_cli_number(v, name, cli->arg, min, max);
}

static int
query_opt(struct dnstk_query_args *a, struct dnstk_cli *cli, int c,
    int *edns_use, int *form_set)
{
	const char *why = NULL, *name = NULL;
	long long v = 0;
	int r = 0;

	switch (c) {
	case 's':
		a->server = cli->arg;
		break;
	case 'p':
		r = num(&v, cli, "--port", 1, 65535);
		a->port = v;
		break;
	case '4':
		a->family = AF_INET;
		break;
	case '6':
		a->family = AF_INET6;
		break;
	case 'x':
		a->form = DNSTK_FORM_HEX;
		*form_set = 1;
		break;
	case 'j':
		a->form = DNSTK_FORM_JSON;
		*form_set = 1;
		break;
	case DNSTK_OPT_FORMAT:
		*form_set = 1;
		r = dnstk_form_parse(&a->form, cli->arg);
		name = "--format";
		why = "not text, hex or json";
		break;
	case DNSTK_OPT_IN:
		r = dnstk_form_parse(&a->raw_in, cli->arg);
		name = "--in";
		why = "not text, hex or json";
		break;
	case DNSTK_OPT_TIMEOUT:
		name = "--timeout";
		r = dnstk_query_parse_timeout(&a->timeout_ms, cli->arg, &why);
		break;
	case DNSTK_OPT_TRIES:
		r = num(&v, cli, "--tries", 1, 100); a->tries = (int)v; break;
	case OPT_DNSSEC:
		a->edns_flags |= DNSTK_EDNS_DO;
		(*edns_use)++;
		break;
	case OPT_CD:
		a->flags |= DNSTK_FLAG_CD;
		break;
	case OPT_AD:
		a->flags |= DNSTK_FLAG_AD;
		break;
	case OPT_NO_RD:
		a->flags &= ~DNSTK_FLAG_RD;
		break;
	case OPT_NO_EDNS:
		a->edns = false;
		break;
	case OPT_EDNS_VERSION:
		r = num(&v, cli, "--edns-version", 0, 255);
		a->edns_version = (uint8_t)v;
		(*edns_use)++;
		break;
	case OPT_BUFSIZE:
		r = num(&v, cli, "--bufsize", 0, 65535);
		a->udp_size = v < 512 ? 512 : (uint16_t)v;
		(*edns_use)++;
		break;
	case OPT_TCP:
		a->tcp = true;
		break;
	case OPT_IGNORE_TC:
		a->ignore_tc = true;
		break;
	case OPT_NSID:
		r = dnstk_opt_append(&a->options, 3, NULL, 0);
		(*edns_use)++;
		break;
	case OPT_COOKIE:
		a->cookie = true;
		name = "--cookie";
		r = cli->arg != NULL ? dnstk_query_set_cookie(a, cli->arg,
		    &why) : 0;
		(*edns_use)++;
		break;
	case OPT_SUBNET:
		name = "--subnet";
		r = dnstk_opt_append_ecs(&a->options, cli->arg, &why);
		(*edns_use)++;
		break;
	case OPT_PADDING:
		a->padding = 128;
		if (cli->arg != NULL) {
			r = num(&v, cli, "--padding", 1, 4096);
			a->padding = (unsigned)v;
		}
		(*edns_use)++;
		break;
	case OPT_EDNSOPT:
		name = "--ednsopt";
		r = dnstk_query_add_ednsopt(a, cli->arg, &why);
		(*edns_use)++;
		break;
	case OPT_SHORT:
		a->short_form = true;
		break;
	case OPT_RAW:
		a->raw = true;
		break;
	case OPT_BATCH:
		a->batch = cli->arg;
		break;
	case OPT_CONCURRENCY:
		r = num(&v, cli, "--concurrency", 1, 4096);
		a->concurrency = (unsigned)v;
		break;
	}
	if (r != 0 && name != NULL) {
		return dnstk_cli_usage_error("%s: '%s': %s", name, cli->arg,
		    why != NULL ? why : "bad value");
	}
	return r != 0 ? DNSTK_EXIT_USAGE : 0;
}

static int
query_parse(struct dnstk_query_args *a, struct dnstk_cli *cli, int argc,
    char *argv[])
{
	const char *why;
	int c, r, edns_use = 0, form_set = 0;

	while ((c = dnstk_cli_next(cli, argc, argv)) != DNSTK_CLI_DONE) {
		if (c == DNSTK_CLI_STOP) {
			return cli->exit == 0 ? -1 : cli->exit;
		}
		r = query_opt(a, cli, c, &edns_use, &form_set);
		if (r != 0) {
			return r;
		}
	}
	if (a->raw_in != DNSTK_FORM_AUTO && !a->raw) {
		return dnstk_cli_usage_error("--in applies only to --raw");
	}
	if (a->raw && a->batch != NULL) {
		return dnstk_cli_usage_error("--raw and --batch conflict");
	}
	if (!a->edns && edns_use != 0) {
		return dnstk_cli_usage_error("--no-edns conflicts with EDNS "
		    "options (--dnssec, --bufsize, --nsid, --cookie ...)");
	}
	if (a->short_form && form_set) {
		return dnstk_cli_usage_error("--short conflicts with "
		    "--format, -x and -j");
	}
	if (dnstk_query_operands(a, argc - optind, argv + optind,
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
	int ex;

#ifdef M_TRIM_THRESHOLD
	/*
	 * Rendering each answer allocates and frees large ldns buffers;
	 * without this glibc gives the heap top back (brk) after every one,
	 * which costs a batch of 10,000 answers a third of its time.
	 */
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
	} else if (ex < 0) {
		ex = 0;
	}
	dnstk_query_args_release(&args);
	dnstk_cli_release(&cli);
	return dnstk_cli_finish(ex);
}
