/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-tlsa-check: check a server's certificate chain against TLSA. */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/run.h"
#include "tool/tlsa_check.h"

static const struct dnstk_opt tlsa_check_opts[] = {
	{ 'j', "json", DNSTK_ARG_NONE, NULL, "write the report as JSON",
	  NULL },
	{ 'q', "quiet", DNSTK_ARG_NONE, NULL, "print only the verdict line",
	  NULL },
	{ 's', "server", DNSTK_ARG_REQUIRED, "SERVER",
	  "DNS server for the TLSA lookup (default: resolv.conf)", "host" },
	{ 'p', "port", DNSTK_ARG_REQUIRED, "PORT", "DNS server port (53)",
	  NULL },
	{ DNSTK_TC_ALL, "all", DNSTK_ARG_NONE, NULL,
	  "--generate: a record for every certificate of the chain", NULL },
	{ DNSTK_TC_ANCHOR, "anchor", DNSTK_ARG_REQUIRED, "FILE",
	  "DNSSEC trust anchor for validating the TLSA RRset", "file" },
	{ DNSTK_TC_CAFILE, "CAfile", DNSTK_ARG_REQUIRED, "FILE",
	  "trust store for PKIX-TA and PKIX-EE (default: the system's)",
	  "file" },
	{ DNSTK_TC_CAPATH, "CApath", DNSTK_ARG_REQUIRED, "DIR",
	  "hashed directory of trusted CA certificates", "dir" },
	{ DNSTK_TC_CERT, "cert", DNSTK_ARG_REQUIRED, "FILE",
	  "check this PEM chain (leaf first) instead of connecting", "file" },
	{ DNSTK_TC_CONNECT, "connect", DNSTK_ARG_REQUIRED, "ADDR[:PORT]",
	  "dial this address instead of HOST", "host" },
	{ DNSTK_TC_GENERATE, "generate", DNSTK_ARG_NONE, NULL,
	  "print TLSA records for the chain instead of checking", NULL },
	{ DNSTK_TC_IN, "in", DNSTK_ARG_REQUIRED, "FORM",
	  "--tlsa input form: text, hex or json (default: detected)",
	  "values:text hex json" },
	{ DNSTK_TC_INSECURE_OK, "insecure-ok", DNSTK_ARG_NONE, NULL,
	  "accept TLSA records that DNSSEC does not vouch for", NULL },
	{ DNSTK_TC_MTYPE, "mtype", DNSTK_ARG_REQUIRED, "M",
	  "--generate: matching type 0-2 or FULL, SHA2-256, SHA2-512 (1)",
	  "values:0 1 2 FULL SHA2-256 SHA2-512" },
	{ DNSTK_TC_NOW, "now", DNSTK_ARG_REQUIRED, "TIME",
	  "check validity at TIME (Unix seconds or YYYYMMDDHHMMSS)", NULL },
	{ DNSTK_TC_PIPE, "pipe", DNSTK_ARG_NONE, NULL,
	  "after a secure match, relay stdin and stdout over TLS", NULL },
	{ DNSTK_TC_PROTO, "proto", DNSTK_ARG_REQUIRED, "PROTO",
	  "transport in the TLSA owner: tcp, udp or sctp (tcp)",
	  "values:tcp udp sctp" },
	{ DNSTK_TC_SELECTOR, "selector", DNSTK_ARG_REQUIRED, "S",
	  "--generate: selector 0-1 or CERT, SPKI (1)",
	  "values:0 1 CERT SPKI" },
	{ DNSTK_TC_SNI, "sni", DNSTK_ARG_REQUIRED, "NAME",
	  "send this server name (default: HOST)", NULL },
	{ DNSTK_TC_STARTTLS, "starttls", DNSTK_ARG_REQUIRED, "PROTO",
	  "switch to TLS in band: smtp, imap, pop3, xmpp, ftp, postgres, "
	  "ldap", "values:smtp imap pop3 xmpp ftp postgres ldap" },
	{ DNSTK_TC_TIMEOUT, "timeout", DNSTK_ARG_REQUIRED, "SECONDS",
	  "wait this long for each answer and connection (5)", NULL },
	{ DNSTK_TC_TLSA, "tlsa", DNSTK_ARG_REQUIRED, "FILE",
	  "take TLSA records from FILE (- for stdin) instead of DNS",
	  "file" },
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

	while ((c = dnstk_cli_next(cli, argc, argv)) != DNSTK_CLI_DONE) {
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
	struct dnstk_tlsa_check_args args;
	struct dnstk_cli cli;

	dnstk_cli_init(&cli, &tlsa_check_cmd);
	dnstk_tlsa_check_args_init(&args);
	args.prog = dnstk_cli_progname();
	return dnstk_cli_run(&cli, tlsa_check_parse(&args, &cli, argc, argv),
	    tlsa_check_run, &args);
}
