/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-tlsa-check: check a server's certificate chain against TLSA. */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/run.h"
#include "tool/tlsa_check.h"

/* The destination of the bound rows (they need fixed addresses). */
static struct dnstk_tlsa_check_args args;

static const struct dnstk_opt tlsa_check_opts[] = {
	DNSTK_OPT_BOOL('j', "json", &args.json, "write the report as JSON"),
	DNSTK_OPT_BOOL('q', "quiet", &args.quiet,
	    "print only the verdict line"),
	DNSTK_OPT_STRING('s', "server", &args.server, "SERVER",
	    "DNS server for the TLSA lookup (default: resolv.conf)", "host"),
	{ 'p', "port", DNSTK_ARG_REQUIRED, "PORT", "DNS server port (53)",
	  NULL },
	DNSTK_OPT_BOOL(0, "all", &args.all,
	    "--generate: a record for every certificate of the chain"),
	DNSTK_OPT_STRING(0, "anchor", &args.anchor, "FILE",
	    "DNSSEC trust anchor for validating the TLSA RRset", "file"),
	DNSTK_OPT_STRING(0, "CAfile", &args.cafile, "FILE",
	    "trust store for PKIX-TA and PKIX-EE (default: the system's)",
	    "file"),
	DNSTK_OPT_STRING(0, "CApath", &args.capath, "DIR",
	    "hashed directory of trusted CA certificates", "dir"),
	DNSTK_OPT_STRING(0, "cert", &args.cert_file, "FILE",
	    "check this PEM chain (leaf first) instead of connecting", "file"),
	DNSTK_OPT_STRING(0, "connect", &args.connect, "ADDR[:PORT]",
	    "dial this address instead of HOST", "host"),
	DNSTK_OPT_BOOL(0, "generate", &args.generate,
	    "print TLSA records for the chain instead of checking"),
	{ DNSTK_TC_IN, "in", DNSTK_ARG_REQUIRED, "FORM",
	  "--tlsa input form: text, hex or json (default: detected)",
	  "values:text hex json" },
	DNSTK_OPT_BOOL(0, "insecure-ok", &args.insecure_ok,
	    "accept TLSA records that DNSSEC does not vouch for"),
	{ DNSTK_TC_MTYPE, "mtype", DNSTK_ARG_REQUIRED, "M",
	  "--generate: matching type 0-2 or FULL, SHA2-256, SHA2-512 (1)",
	  "values:0 1 2 FULL SHA2-256 SHA2-512" },
	{ DNSTK_TC_NOW, "now", DNSTK_ARG_REQUIRED, "TIME",
	  "check validity at TIME (Unix seconds or YYYYMMDDHHMMSS)", NULL },
	DNSTK_OPT_BOOL(0, "pipe", &args.pipe,
	    "after a secure match, relay stdin and stdout over TLS"),
	{ DNSTK_TC_PROTO, "proto", DNSTK_ARG_REQUIRED, "PROTO",
	  "transport in the TLSA owner: tcp, udp or sctp (tcp)",
	  "values:tcp udp sctp" },
	{ DNSTK_TC_SELECTOR, "selector", DNSTK_ARG_REQUIRED, "S",
	  "--generate: selector 0-1 or CERT, SPKI (1)",
	  "values:0 1 CERT SPKI" },
	DNSTK_OPT_STRING(0, "sni", &args.sni, "NAME",
	    "send this server name (default: HOST)", NULL),
	{ DNSTK_TC_STARTTLS, "starttls", DNSTK_ARG_REQUIRED, "PROTO",
	  "switch to TLS in band: smtp, imap, pop3, xmpp, ftp, postgres, "
	  "ldap", "values:smtp imap pop3 xmpp ftp postgres ldap" },
	{ DNSTK_TC_TIMEOUT, "timeout", DNSTK_ARG_REQUIRED, "SECONDS",
	  "wait this long for each answer and connection (5)", NULL },
	DNSTK_OPT_STRING(0, "tlsa", &args.tlsa_file, "FILE",
	    "take TLSA records from FILE (- for stdin) instead of DNS",
	    "file"),
	{ DNSTK_TC_TRIES, "tries", DNSTK_ARG_REQUIRED, "N",
	  "UDP attempts per DNS query (2)", NULL },
	{ DNSTK_TC_TTL, "ttl", DNSTK_ARG_REQUIRED, "SECONDS",
	  "--generate: TTL of the records (3600)", NULL },
	{ DNSTK_TC_USAGE, "usage", DNSTK_ARG_REQUIRED, "U",
	  "--generate: usage 0-3 or PKIX-TA, PKIX-EE, DANE-TA, DANE-EE (3)",
	  "values:0 1 2 3 PKIX-TA PKIX-EE DANE-TA DANE-EE" },
	DNSTK_OPT_END,
};

static const struct dnstk_cmd tlsa_check_cmd = {
	"tlsa-check", "Check a certificate chain against DANE TLSA records.",
	"HOST [PORT]", tlsa_check_opts,
};

static int
tlsa_check_parse(struct dnstk_tlsa_check_args *a, struct dnstk_cli *cli,
    int argc, char *argv[])
{
	const char *why = NULL;
	int c;

	while ((c = dnstk_cli_parse(cli, argc, argv)) != DNSTK_CLI_DONE) {
		if (c == DNSTK_CLI_STOP) {
			return cli->exit == 0 ? -1 : cli->exit;
		}
		if (dnstk_tlsa_check_option(a, c, cli->arg, &why) != 0) {
			return dnstk_cli_usage_error("%s: '%s'", why,
			    cli->arg != NULL ? cli->arg : "");
		}
	}
	if (dnstk_tlsa_check_finish_args(a, argc - optind, argv + optind,
	    &why) != 0) {
		return dnstk_cli_usage_error("%s", why);
	}
	return 0;
}

static int
tlsa_check_run(void *ctx, struct dnstk_err *err)
{
	return dnstk_tlsa_check(ctx, stdout, stderr, err);
}

int
main(int argc, char *argv[])
{
	struct dnstk_cli cli;

	dnstk_cli_init(&cli, &tlsa_check_cmd);
	dnstk_tlsa_check_args_init(&args);
	args.prog = dnstk_cli_progname();
	return dnstk_cli_run(&cli, tlsa_check_parse(&args, &cli, argc, argv),
	    tlsa_check_run, &args);
}
