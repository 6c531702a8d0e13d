/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-tlsa-check: check a server's certificate chain against TLSA. */
#include <stdio.h>

#include "cli/run.h"
#include "tool/tlsa_check.h"

/* The destination of the bound rows (they need fixed addresses). */
static struct dnstk_tlsa_check_args args;

/* The options whose values dnstk_tlsa_check_option() checks (by o->id). */
static int
tc_option(const struct dnstk_opt *o, const char *arg)
{
	const char *why = NULL;

	if (dnstk_tlsa_check_option(o->dest, o->id, arg, &why) != 0) {
		return dnstk_cli_usage_error("%s: '%s'", why,
		    arg != NULL ? arg : "");
	}
	return 0;
}

#define TC_ROW(s, l, val, h, comp) DNSTK_OPT_CALLBACK(s, l, \
	DNSTK_ARG_REQUIRED, val, tc_option, &args, h, comp)

static const struct dnstk_opt tlsa_check_opts[] = {
	DNSTK_OPT_BOOL('j', "json", &args.json, "write the report as JSON"),
	DNSTK_OPT_BOOL('q', "quiet", &args.quiet,
	    "print only the verdict line"),
	DNSTK_OPT_STRING('s', "server", &args.server, "SERVER",
	    "DNS server for the TLSA lookup (default: resolv.conf)", "host"),
	TC_ROW('p', "port", "PORT", "DNS server port (53)", NULL),
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
	TC_ROW(DNSTK_TC_IN, "in", "FORM", "--tlsa input form: text, hex or "
	    "json (default: detected)", "values:text hex json"),
	DNSTK_OPT_BOOL(0, "insecure-ok", &args.insecure_ok,
	    "accept TLSA records that DNSSEC does not vouch for"),
	TC_ROW(DNSTK_TC_MTYPE, "mtype", "M", "--generate: matching type 0-2 "
	    "or FULL, SHA2-256, SHA2-512 (1)",
	    "values:0 1 2 FULL SHA2-256 SHA2-512"),
	TC_ROW(DNSTK_TC_NOW, "now", "TIME",
	    "check validity at TIME (Unix seconds or YYYYMMDDHHMMSS)", NULL),
	DNSTK_OPT_BOOL(0, "pipe", &args.pipe,
	    "after a secure match, relay stdin and stdout over TLS"),
	TC_ROW(DNSTK_TC_PROTO, "proto", "PROTO", "transport in the TLSA "
	    "owner: tcp, udp or sctp (tcp)", "values:tcp udp sctp"),
	TC_ROW(DNSTK_TC_SELECTOR, "selector", "S",
	    "--generate: selector 0-1 or CERT, SPKI (1)",
	    "values:0 1 CERT SPKI"),
	DNSTK_OPT_STRING(0, "sni", &args.sni, "NAME",
	    "send this server name (default: HOST)", NULL),
	TC_ROW(DNSTK_TC_STARTTLS, "starttls", "PROTO",
	    "switch to TLS in band: smtp, imap, pop3, xmpp, ftp, postgres, "
	    "ldap", "values:smtp imap pop3 xmpp ftp postgres ldap"),
	TC_ROW(DNSTK_TC_TIMEOUT, "timeout", "SECONDS",
	    "wait this long for each answer and connection (5)", NULL),
	DNSTK_OPT_STRING(0, "tlsa", &args.tlsa_file, "FILE",
	    "take TLSA records from FILE (- for stdin) instead of DNS",
	    "file"),
	TC_ROW(DNSTK_TC_TRIES, "tries", "N",
	    "UDP attempts per DNS query (2)", NULL),
	TC_ROW(DNSTK_TC_TTL, "ttl", "SECONDS",
	    "--generate: TTL of the records (3600)", NULL),
	TC_ROW(DNSTK_TC_USAGE, "usage", "U", "--generate: usage 0-3 or "
	    "PKIX-TA, PKIX-EE, DANE-TA, DANE-EE (3)",
	    "values:0 1 2 3 PKIX-TA PKIX-EE DANE-TA DANE-EE"),
	DNSTK_OPT_END,
};

DNSTK_CLI_TOOL(&args, dnstk_tlsa_check_args_init,
    dnstk_tlsa_check_finish_args(&args, argc, argv, why) != 0,
    dnstk_tlsa_check(&args, stdout, stderr, err),
    { "tlsa-check", "Check a certificate chain against DANE TLSA "
      "records.", "HOST [PORT]", tlsa_check_opts })
