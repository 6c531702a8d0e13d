/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-query: a dig-like DNS client with EDNS fallbacks, raw and batch. */
#include <stdio.h>

#include "cli/dig.h"
#include "cli/run.h"
#include "dns/msg.h"
#include "tool/query.h"

/* The destinations of the option rows (bound rows need fixed addresses). */
static struct dnstk_query_args args;
static struct dnstk_query_optstate st;

/* Options that need code (EDNS options in order, optional values). */
static int
query_cb(const struct dnstk_opt *o, const char *arg)
{
	char msg[DNSTK_ERR_MSG_MAX];

	return dnstk_query_opt(&args, &st, (int)o->set, arg, msg,
	    sizeof(msg)) != 0 ? dnstk_cli_usage_error("%s", msg) : 0;
}

#define QCB(l, a, val, code, h) QCBS(0, l, a, val, code, h, NULL)
#define QCBS(s, l, a, val, code, h, comp) { .id = (s), .long_name = (l), \
	.arg = (a), .value = (val), .help = (h), .complete = (comp), \
	.kind = DNSTK_OPTK_CALLBACK, .cb = query_cb, .set = DNSTK_QOPT_##code }
#define SHOW_PARTS "values:all comments question answer authority " \
	"additional stats"

static const struct dnstk_opt query_opts[] = {
	DNSTK_OPTS_SERVER(&args, "wait this long for each answer (5)",
	    "attempts per server (3)"),
	DNSTK_OPTS_FORMS_BOUND(&args.form, &args.raw_in),
	QCBS('t', "type", DNSTK_ARG_REQUIRED, "TYPE", TYPE,
	    "query type for names without one (A)", NULL),
	QCBS('c', "class", DNSTK_ARG_REQUIRED, "CLASS", CLASS,
	    "query class for names without one (IN)", NULL),
	QCBS('q', "name", DNSTK_ARG_REQUIRED, "NAME", QNAME,
	    "ask about NAME (repeatable)", "host"),
	QCBS('x', "reverse", DNSTK_ARG_REQUIRED, "ADDR", REVERSE,
	    "reverse lookup: the PTR of ADDR (IPv4 or IPv6)", NULL),
	DNSTK_OPT_BOOL(0, "dnssec", &args.dnssec, "set the DO bit"),
	DNSTK_OPT_BIT(0, "cd", &args.flags, DNSTK_FLAG_CD,
	    "set CD (checking disabled)"),
	DNSTK_OPT_BIT(0, "ad", &args.flags, DNSTK_FLAG_AD, "set AD in the query"),
	DNSTK_OPT_CLEAR_BIT(0, "no-rd", &args.flags, DNSTK_FLAG_RD, "clear RD"),
	DNSTK_OPT_BOOL(0, "no-edns", &args.no_edns, "send no OPT record"),
	QCB("edns-version", DNSTK_ARG_REQUIRED, "N", EDNS_VERSION,
	    "EDNS version (0)"),
	QCB("bufsize", DNSTK_ARG_REQUIRED, "N", BUFSIZE,
	    "EDNS UDP payload size (1232; under 512 means 512)"),
	DNSTK_OPT_BOOL(0, "tcp", &args.tcp, "use TCP"),
	DNSTK_OPT_BOOL(0, "ignore-tc", &args.ignore_tc,
	    "keep truncated UDP answers"),
	QCB("nsid", DNSTK_ARG_NONE, NULL, NSID, "ask for the NSID"),
	QCB("cookie", DNSTK_ARG_OPTIONAL, "HEX", COOKIE,
	    "send a COOKIE (random client cookie by default)"),
	QCB("subnet", DNSTK_ARG_REQUIRED, "ADDR/LEN", SUBNET,
	    "send an EDNS Client Subnet option"),
	QCB("padding", DNSTK_ARG_OPTIONAL, "N", PADDING,
	    "pad the query to a multiple of N bytes (128)"),
	QCB("ednsopt", DNSTK_ARG_REQUIRED, "CODE[:HEX]", EDNSOPT,
	    "add an EDNS option (repeatable)"),
	DNSTK_OPT_BOOL(0, "short", &args.short_form,
	    "print only the rdata of the answer section"),
	DNSTK_OPT_BOOL(0, "skip-failed", &args.skip_failed,
	    "batch: no empty line or error object for a failed query"),
	DNSTK_OPT_BOOL(0, "raw", &args.raw,
	    "send the query messages read from stdin verbatim"),
	DNSTK_OPT_STRING(0, "batch", &args.batch, "FILE",
	    "read NAME [TYPE] [CLASS] lines from FILE (- for stdin)", "file"),
	DNSTK_OPT_UINT(0, "concurrency", &args.concurrency, "N", 1, 4096,
	    "queries in flight at once (batch: 64)"),
	DNSTK_OPT_INT(0, "sockets", &args.sockets, "N", 0, 1024,
	    "UDP sockets shared by the queries in flight (0: one per query)"),
	QCBS(0, "show", DNSTK_ARG_REQUIRED, "PARTS", SHOW,
	    "text: show these parts (comma list; dig's +answer ...)",
	    SHOW_PARTS),
	QCBS(0, "hide", DNSTK_ARG_REQUIRED, "PARTS", HIDE,
	    "text: hide these parts (dig's +noall, +nostats ...)", SHOW_PARTS),
	DNSTK_OPT_BOOL(0, "idnout", &args.idnout,
	    "text: show names in Unicode (U-labels)"),
	DNSTK_OPT_END,
};

/*
 * After the options and the "+word" operands: settle the EDNS settings,
 * check the conflicts and take the questions.
 */
static int
query_finish(int argc, char *argv[], const char **why)
{
	dnstk_query_settle(&args, &st);
	return dnstk_query_opts_check(&args, &st, why) != 0 ||
	    dnstk_query_operands(&args, argc, argv,
	    !args.raw && args.batch == NULL, why) != 0;
}

/* The defaults, and no output form yet: to see whether one is asked. */
static void
query_init(struct dnstk_query_args *a)
{
	dnstk_query_args_init(a);
	a->form = DNSTK_FORM_AUTO;
}

static void
query_release(void)
{
	dnstk_query_args_release(&args);
}

/* Failed queries are reported as they are printed (says_failures). */
DNSTK_CLI_TOOL(&args, query_init,
    query_finish(argc, argv, why),
    dnstk_query(&args, stdout, stderr, err),
    { "query", "Send DNS queries and print the answers, like dig.",
      "[@SERVER] [+OPTION ...] [NAME [TYPE] [CLASS] ...]", query_opts,
      dnstk_cli_dig_words },
    .plus = dnstk_cli_dig_plus, .release = query_release,
    .says_failures = true)
