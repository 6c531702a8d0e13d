/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-verify-chain: prove an answer secure, insecure or bogus, and show why. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "tool/verify_chain.h"

enum {
	OPT_OFFLINE = DNSTK_OPT_FIRST_TOOL, OPT_RECORDS, OPT_ANCHOR,
	OPT_ITER, OPT_STRICT, OPT_DUMP, OPT_COLOR, OPT_TCP,
};

static const struct dnstk_opt vc_opts[] = {
	{ 'j', "json", DNSTK_ARG_NONE, NULL,
	  "write the trace as one JSON object", NULL },
	{ 'q', "quiet", DNSTK_ARG_NONE, NULL,
	  "print only the verdict word", NULL },
	{ 's', "server", DNSTK_ARG_REQUIRED, "SERVER",
	  "server address or host name (default: resolv.conf)", "host" },
	{ 'p', "port", DNSTK_ARG_REQUIRED, "PORT", "server port (53)", NULL },
	{ OPT_ANCHOR, "anchor", DNSTK_ARG_REQUIRED, "FILE",
	  "trust anchors: DS/DNSKEY records or root-anchors.xml "
	  "(repeatable; replaces the built-in root anchors)", "file" },
	{ OPT_COLOR, "color", DNSTK_ARG_REQUIRED, "WHEN",
	  "colour the trace: auto, always or never (auto: on a tty)",
	  "values:auto always never" },
	{ OPT_DUMP, "dump", DNSTK_ARG_NONE, NULL,
	  "print the records gathered, ready for --offline", NULL },
	{ DNSTK_OPT_IN, "in", DNSTK_ARG_REQUIRED, "FORM",
	  "--offline input form: text, hex or json (default: detected)",
	  "values:text hex json" },
	{ DNSTK_OPT_NOW, "now", DNSTK_ARG_REQUIRED, "TIME",
	  "validate at TIME (Unix seconds or YYYYMMDDHHMMSS, UTC)", NULL },
	{ OPT_ITER, "nsec3-max-iterations", DNSTK_ARG_REQUIRED, "N",
	  "NSEC3 iterations above N make a denial insecure (150)", NULL },
	{ OPT_OFFLINE, "offline", DNSTK_ARG_NONE, NULL,
	  "use only the records of --records or stdin; no network", NULL },
	{ OPT_RECORDS, "records", DNSTK_ARG_REQUIRED, "FILE",
	  "--offline records (any stream form; - for stdin)", "file" },
	{ OPT_STRICT, "strict-algorithms", DNSTK_ARG_NONE, NULL,
	  "demand a valid path for every DS algorithm", NULL },
	{ OPT_TCP, "tcp", DNSTK_ARG_NONE, NULL, "query over TCP", NULL },
	{ DNSTK_OPT_TIMEOUT, "timeout", DNSTK_ARG_REQUIRED, "SECONDS",
	  "wait this long for each answer (5)", NULL },
	{ DNSTK_OPT_TRIES, "tries", DNSTK_ARG_REQUIRED, "N",
	  "UDP attempts per query (2)", NULL },
	DNSTK_OPT_END,
};

static const struct dnstk_cmd vc_cmd = {
	"verify-chain", "Validate an answer's DNSSEC chain from a trust anchor "
	"and show each link.", "[@SERVER] NAME [TYPE]", vc_opts,
};

static int
vc_opt(struct dnstk_vc_args *a, struct dnstk_cli *cli, int c)
{
	long long v = 0;
	int r = 0;

	switch (c) {
	case 'j':
		a->json = true;
		break;
	case 'q':
		a->quiet = true;
		break;
	case 's':
		a->server = cli->arg;
		break;
	case 'p':
		r = dnstk_cli_number(&v, "--port", cli->arg, 1, 65535);
		a->port = (uint16_t)v;
		break;
	case OPT_ANCHOR:
		if (a->nanchors >= 64) {
			return dnstk_cli_usage_error("--anchor: at most 64");
		}
		a->anchors[a->nanchors++] = cli->arg;
		break;
	case OPT_COLOR:
		if (strcmp(cli->arg, "auto") == 0) {
			a->color = DNSTK_VC_COLOR_AUTO;
		} else if (strcmp(cli->arg, "always") == 0) {
			a->color = DNSTK_VC_COLOR_ALWAYS;
		} else if (strcmp(cli->arg, "never") == 0) {
			a->color = DNSTK_VC_COLOR_NEVER;
		} else {
			return dnstk_cli_usage_error("--color: '%s' is not "
			    "auto, always or never", cli->arg);
		}
		break;
	case OPT_DUMP:
		a->dump = true;
		break;
	case DNSTK_OPT_IN:
		if (dnstk_form_parse(&a->in, cli->arg) != 0) {
			return dnstk_cli_usage_error("--in: '%s' is not text, "
			    "hex or json", cli->arg);
		}
		break;
	case DNSTK_OPT_NOW:
		r = dnstk_cli_time(&a->val.now, cli->arg);
		break;
	case OPT_ITER:
		r = dnstk_cli_number(&v, "--nsec3-max-iterations", cli->arg, 0,
		    65535);
		a->val.nsec3_max_iterations = (unsigned)v;
		break;
	case OPT_OFFLINE:
		a->offline = true;
		break;
	case OPT_RECORDS:
		a->records = cli->arg;
		break;
	case OPT_STRICT:
		a->val.strict_algorithms = true;
		break;
	case OPT_TCP:
		a->tcp = true;
		break;
	case DNSTK_OPT_TIMEOUT:
		r = dnstk_cli_number(&v, "--timeout", cli->arg, 1, 3600);
		a->timeout_ms = (int)v * 1000;
		break;
	case DNSTK_OPT_TRIES:
		r = dnstk_cli_number(&v, "--tries", cli->arg, 1, 100);
		a->tries = (int)v;
		break;
	}
	return r;
}

static int
vc_parse(struct dnstk_vc_args *a, const char **anchors, struct dnstk_cli *cli,
    int argc, char *argv[])
{
	int c, r, nop = 0;

	dnstk_vc_args_init(a);
	a->anchors = anchors;
	while ((c = dnstk_cli_next(cli, argc, argv)) != DNSTK_CLI_DONE) {
		if (c == DNSTK_CLI_STOP) {
			return cli->exit == 0 ? -1 : cli->exit;
		}
		if ((r = vc_opt(a, cli, c)) != 0) {
			return r;
		}
	}
	for (int i = optind; i < argc; i++) {
		if (argv[i][0] == '@') {
			if (a->server != NULL) {
				return dnstk_cli_usage_error("more than one "
				    "server given");
			}
			a->server = argv[i] + 1;
		} else if (nop == 0) {
			a->name = argv[i];
			nop++;
		} else if (nop == 1) {
			a->type = argv[i];
			nop++;
		} else {
			return dnstk_cli_usage_error("too many operands");
		}
	}
	if (a->name == NULL) {
		return dnstk_cli_usage_error("no NAME given");
	}
	if (a->offline && (a->server != NULL || a->dump || a->tcp)) {
		return dnstk_cli_usage_error("--offline excludes a server, "
		    "--dump and --tcp");
	}
	if (a->records != NULL && !a->offline) {
		return dnstk_cli_usage_error("--records needs --offline");
	}
	if ((a->json && a->quiet) || (a->dump && (a->json || a->quiet))) {
		return dnstk_cli_usage_error("-j, -q and --dump exclude each "
		    "other");
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	struct dnstk_vc_args args;
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_cli cli;
	const char *anchors[64];
	int ex;

	dnstk_cli_init(&cli, &vc_cmd);
	ex = vc_parse(&args, anchors, &cli, argc, argv);
	if (ex == 0) {
		ex = dnstk_cli_report(dnstk_verify_chain(&args, stdout, &err),
		    &err);
	} else if (ex < 0) {
		ex = 0;
	}
	dnstk_cli_release(&cli);
	return dnstk_cli_finish(ex);
}
