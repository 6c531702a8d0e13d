/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-verify-chain: prove an answer secure, insecure or bogus, and show why. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/run.h"
#include "tool/verify_chain.h"
#include "util/duration.h"

enum { OPT_ANCHOR = DNSTK_OPT_FIRST_TOOL, OPT_COLOR };

static struct dnstk_vc_args args;
static const char *anchors[64];

static const struct dnstk_opt vc_opts[] = {
	DNSTK_OPT_BOOL('j', "json", &args.json,
	    "write the trace as one JSON object"),
	DNSTK_OPT_BOOL('q', "quiet", &args.quiet,
	    "print only the verdict word"),
	DNSTK_OPT_STRING('s', "server", &args.server, "SERVER",
	    "server address or host name (default: resolv.conf)", "host"),
	DNSTK_OPT_U16('p', "port", &args.port, "PORT", 1, 65535,
	    "server port (53)"),
	{ OPT_ANCHOR, "anchor", DNSTK_ARG_REQUIRED, "FILE",
	  "trust anchors: DS/DNSKEY records or root-anchors.xml "
	  "(repeatable; replaces the built-in root anchors)", "file" },
	{ OPT_COLOR, "color", DNSTK_ARG_REQUIRED, "WHEN",
	  "colour the trace: auto, always or never (auto: on a tty)",
	  "values:auto always never" },
	DNSTK_OPT_BOOL(0, "dump", &args.dump,
	    "print the records gathered, ready for --offline"),
	{ DNSTK_OPT_IN, "in", DNSTK_ARG_REQUIRED, "FORM",
	  "--offline input form: text, hex or json (default: detected)",
	  "values:text hex json" },
	{ DNSTK_OPT_NOW, "now", DNSTK_ARG_REQUIRED, "TIME",
	  "validate at TIME (Unix seconds or YYYYMMDDHHMMSS, UTC)", NULL },
	DNSTK_OPT_UINT(0, "nsec3-max-iterations",
	    &args.val.nsec3_max_iterations, "N", 0, 65535,
	    "NSEC3 iterations above N make a denial insecure (150)"),
	DNSTK_OPT_BOOL(0, "offline", &args.offline,
	    "use only the records of --records or stdin; no network"),
	DNSTK_OPT_STRING(0, "records", &args.records, "FILE",
	    "--offline records (any stream form; - for stdin)", "file"),
	DNSTK_OPT_BOOL(0, "strict-algorithms", &args.val.strict_algorithms,
	    "demand a valid path for every DS algorithm"),
	DNSTK_OPT_BOOL(0, "tcp", &args.tcp, "query over TCP"),
	{ DNSTK_OPT_TIMEOUT, "timeout", DNSTK_ARG_REQUIRED, "SECONDS",
	  "wait this long for each answer (5)", NULL },
	DNSTK_OPT_INT(DNSTK_OPT_TRIES, "tries", &args.tries, "N", 1, 100,
	    "UDP attempts per query (2)"),
	DNSTK_OPT_END,
};

static const struct dnstk_cmd vc_cmd = {
	"verify-chain", "Validate an answer's DNSSEC chain from a trust anchor "
	"and show each link.", "[@SERVER] NAME [TYPE]", vc_opts,
};

/* The unbound rows: a repeatable list, a word, a form, a time, seconds. */
static int
vc_opt(struct dnstk_vc_args *a, const char *arg, int c)
{
	static const char *const color[] = { "auto", "always", "never" };
	const char *why = NULL;
	int i, r = 0;

	switch (c) {
	case OPT_ANCHOR:
		if (a->nanchors >= 64) {
			return dnstk_cli_usage_error("--anchor: at most 64");
		}
		a->anchors[a->nanchors++] = arg;
		break;
	case OPT_COLOR:
		for (i = 0; i < 3 && strcmp(arg, color[i]) != 0; i++) {
		}
		if (i == 3) {
			return dnstk_cli_usage_error("--color: '%s' is not "
			    "auto, always or never", arg);
		}
		a->color = i == 0 ? DNSTK_VC_COLOR_AUTO : i == 1 ?
		    DNSTK_VC_COLOR_ALWAYS : DNSTK_VC_COLOR_NEVER;
		break;
	case DNSTK_OPT_IN:
		if (dnstk_form_parse(&a->in, arg) != 0) {
			return dnstk_cli_usage_error("--in: '%s' is not text, "
			    "hex or json", arg);
		}
		break;
	case DNSTK_OPT_NOW:
		r = dnstk_cli_time(&a->val.now, arg);
		break;
	case DNSTK_OPT_TIMEOUT:
		/* decimal seconds, as in every tool (DNSTK_OPTK_TIMEOUT) */
		if (dnstk_duration_parse_ms(&a->timeout_ms, arg, &why) != 0) {
			return dnstk_cli_usage_error("--timeout: '%s': %s",
			    arg, why);
		}
		break;
	}
	return r;
}

static int
vc_parse(struct dnstk_vc_args *a, struct dnstk_cli *cli, int argc,
    char *argv[])
{
	const char *why;
	int c, r;

	while ((c = dnstk_cli_parse(cli, argc, argv)) > 0) {
		if ((r = vc_opt(a, cli->arg, c)) != 0) {
			return r;
		}
	}
	if (c == DNSTK_CLI_STOP) {
		return cli->exit == 0 ? -1 : cli->exit;
	}
	if (dnstk_vc_operands(a, argc - optind, argv + optind, &why) != 0) {
		return dnstk_cli_usage_error("%s", why);
	}
	return 0;
}

static int
vc_run(void *ctx, struct dnstk_err *err)
{
	return dnstk_verify_chain(ctx, stdout, err);
}

int
main(int argc, char *argv[])
{
	struct dnstk_cli cli;

	dnstk_cli_init(&cli, &vc_cmd);
	dnstk_vc_args_init(&args);
	args.anchors = anchors;
	return dnstk_cli_run(&cli, vc_parse(&args, &cli, argc, argv), vc_run,
	    &args);
}
