/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-verify-chain: prove an answer secure, insecure or bogus, and show why. */
#include <stdio.h>
#include <string.h>

#include "cli/run.h"
#include "tool/verify_chain.h"

static struct dnstk_vc_args args;

/* --anchor=FILE, repeatable. */
static int
anchor(const struct dnstk_opt *o, const char *arg)
{
	(void)o;
	if (args.nanchors >= DNSTK_VC_ANCHORS_MAX) {
		return dnstk_cli_usage_error("--anchor: at most 64");
	}
	args.anchors[args.nanchors++] = arg;
	return 0;
}

/* --color=auto|always|never. */
static int
color(const struct dnstk_opt *o, const char *arg)
{
	static const char *const names[] = { "auto", "always", "never" };
	static const enum dnstk_vc_color colors[] = { DNSTK_VC_COLOR_AUTO,
	    DNSTK_VC_COLOR_ALWAYS, DNSTK_VC_COLOR_NEVER };
	int i;

	(void)o;
	for (i = 0; i < 3 && strcmp(arg, names[i]) != 0; i++) {
	}
	if (i == 3) {
		return dnstk_cli_usage_error("--color: '%s' is not auto, "
		    "always or never", arg);
	}
	args.color = colors[i];
	return 0;
}

static const struct dnstk_opt vc_opts[] = {
	DNSTK_OPT_BOOL('j', "json", &args.json,
	    "write the trace as one JSON object"),
	DNSTK_OPT_BOOL('q', "quiet", &args.quiet,
	    "print only the verdict word"),
	DNSTK_OPT_STRING('s', "server", &args.server, "SERVER",
	    "server address or host name (default: resolv.conf)", "host"),
	DNSTK_OPT_U16('p', "port", &args.port, "PORT", 1, 65535,
	    "server port (53)"),
	DNSTK_OPT_CALLBACK(0, "anchor", DNSTK_ARG_REQUIRED, "FILE", anchor,
	    NULL, "trust anchors: DS/DNSKEY records or root-anchors.xml "
	    "(repeatable; replaces the built-in root anchors)", "file"),
	DNSTK_OPT_CALLBACK(0, "color", DNSTK_ARG_REQUIRED, "WHEN", color,
	    NULL, "colour the trace: auto, always or never (auto: on a tty)",
	    "values:auto always never"),
	DNSTK_OPT_BOOL(0, "dump", &args.dump,
	    "print the records gathered, ready for --offline"),
	DNSTK_OPT_IN_FORM(&args.in,
	    "--offline input form: text, hex or json (default: detected)"),
	DNSTK_OPT_NOW_BOUND(&args.val.now,
	    "validate at TIME (Unix seconds or YYYYMMDDHHMMSS, UTC)"),
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
	DNSTK_OPT_TIMEOUT(DNSTK_OPT_TIMEOUT, "timeout", &args.timeout_ms,
	    "wait this long for each answer (5)"),
	DNSTK_OPT_INT(DNSTK_OPT_TRIES, "tries", &args.tries, "N", 1, 100,
	    "UDP attempts per query (2)"),
	DNSTK_OPT_END,
};

DNSTK_CLI_TOOL(&args, dnstk_vc_args_init,
    dnstk_vc_operands(&args, argc, argv, why) != 0,
    dnstk_verify_chain(&args, stdout, err),
    { "verify-chain", "Validate an answer's DNSSEC chain from a trust "
      "anchor and show each link.", "[@SERVER] NAME [TYPE]", vc_opts })
