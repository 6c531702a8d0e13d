/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dnstk-tlsa-check: its arguments (defaults, one option at a time, the
 * operands and the conflicts), kept apart from the composition in
 * tlsa_check.c.  The option table (names, help) stays with the command;
 * it hands over the option's id (DNSTK_TC_*, or the short letter) and its
 * argument only, so this file needs nothing of lib/cli.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dane/tlsa.h"
#include "tool/tlsa_check.h"
#include "util/duration.h"
#include "util/num.h"

void
dnstk_tlsa_check_args_init(struct dnstk_tlsa_check_args *a)
{
	memset(a, 0, sizeof(*a));
	a->proto = "tcp";
	a->dns_port = 53;
	a->timeout_ms = 5000;
	a->tries = 2;
	a->usage = 3;
	a->selector = 1;
	a->mtype = 1;
	a->ttl = 3600;
	a->prog = "dnstk-tlsa-check";
}

static int
field(int *out, int which, const char *arg, int max, const char **why)
{
	int v = dnstk_tlsa_field_parse(which, arg);

	if (v < 0 || v > max) {
		*why = which == 0 ? "--usage: not 0-3 or PKIX-TA, PKIX-EE, "
		    "DANE-TA, DANE-EE" : which == 1 ? "--selector: not 0-1 "
		    "or CERT, SPKI" : "--mtype: not 0-2 or FULL, SHA2-256, "
		    "SHA2-512";
		return DNSTK_EUSAGE;
	}
	*out = v;
	return 0;
}

/* The options shared with other tools: -p --in --now --timeout --tries. */
static int
common_option(struct dnstk_tlsa_check_args *a, int id,
    const char *arg, const char **why)
{
	const char *w = NULL;
	long long v;

	switch (id) {
	case 'p':
		if (dnstk_strtonum(&v, arg, 1, 65535, &w) != 0) {
			*why = "--port: not a port number (1-65535)";
			return DNSTK_EUSAGE;
		}
		a->dns_port = (uint16_t)v;
		return 0;
	case DNSTK_TC_IN:
		if (dnstk_form_parse(&a->tlsa_in, arg) != 0) {
			*why = "--in: not text, hex or json";
			return DNSTK_EUSAGE;
		}
		return 0;
	case DNSTK_TC_NOW:
		if (dnstk_parse_time(&a->now, arg) != 0) {
			*why = "--now: not Unix seconds or YYYYMMDDHHMMSS";
			return DNSTK_EUSAGE;
		}
		a->have_now = true;
		return 0;
	case DNSTK_TC_TIMEOUT:
		/* as every tool: no NaN, exponents or hex (strtod took them) */
		if (dnstk_duration_parse_ms(&a->timeout_ms, arg, &w) != 0) {
			*why = "--timeout: not a number of seconds "
			    "(0.001-3600)";
			return DNSTK_EUSAGE;
		}
		return 0;
	case DNSTK_TC_TRIES:
		if (dnstk_strtonum(&v, arg, 1, 100, &w) != 0) {
			*why = "--tries: not 1-100";
			return DNSTK_EUSAGE;
		}
		a->tries = (int)v;
		return 0;
	}
	*why = "unknown option";
	return DNSTK_EUSAGE;
}

/* The options of dnstk-tlsa-check alone (DNSTK_TC_*). */
static int
tool_option(struct dnstk_tlsa_check_args *a, int id, const char *arg,
    const char **why)
{
	const char *w = NULL;
	long long v;

	switch (id) {
	case DNSTK_TC_PROTO:
		if (strcmp(arg, "tcp") != 0 && strcmp(arg, "udp") != 0 &&
		    strcmp(arg, "sctp") != 0) {
			*why = "--proto: not tcp, udp or sctp";
			return DNSTK_EUSAGE;
		}
		a->proto = arg;
		return 0;
	case DNSTK_TC_STARTTLS:
		if (dnstk_starttls_parse(&a->starttls, arg) != 0) {
			*why = "--starttls: not smtp, imap, pop3, xmpp, ftp, "
			    "postgres or ldap";
			return DNSTK_EUSAGE;
		}
		return 0;
	case DNSTK_TC_USAGE:
		return field(&a->usage, 0, arg, 3, why);
	case DNSTK_TC_SELECTOR:
		return field(&a->selector, 1, arg, 1, why);
	case DNSTK_TC_MTYPE:
		return field(&a->mtype, 2, arg, 2, why);
	case DNSTK_TC_TTL:
		if (dnstk_strtonum(&v, arg, 0, 2147483647LL, &w) != 0) {
			*why = "--ttl: not 0-2147483647";
			return DNSTK_EUSAGE;
		}
		a->ttl = (uint32_t)v;
		return 0;
	}
	return common_option(a, id, arg, why);
}

int
dnstk_tlsa_check_option(struct dnstk_tlsa_check_args *a, int id,
    const char *arg, const char **why)
{
	return tool_option(a, id, arg, why);
}

int
dnstk_tlsa_check_finish_args(struct dnstk_tlsa_check_args *a, int argc,
    char *argv[], const char **why)
{
	const char *w;
	long long v;

	if (argc < 1 || argc > 2) {
		*why = argc < 1 ? "missing HOST" : "too many operands";
		return DNSTK_EUSAGE;
	}
	a->host = argv[0];
	if (argc == 2) {
		if (dnstk_strtonum(&v, argv[1], 1, 65535, &w) != 0) {
			*why = "PORT: not a port number (1-65535)";
			return DNSTK_EUSAGE;
		}
		a->port = (uint16_t)v;
	}
	if (a->generate && (a->pipe || a->tlsa_file != NULL)) {
		*why = "--generate conflicts with --pipe and --tlsa";
		return DNSTK_EUSAGE;
	}
	if (a->pipe && a->cert_file != NULL) {
		*why = "--pipe needs a connection: it conflicts with --cert";
		return DNSTK_EUSAGE;
	}
	if (a->pipe && a->tlsa_file != NULL && strcmp(a->tlsa_file, "-") ==
	    0) {
		*why = "--pipe relays stdin: --tlsa=- conflicts with it";
		return DNSTK_EUSAGE;
	}
	if (a->cert_file != NULL && (a->connect != NULL || a->sni != NULL ||
	    a->starttls != DNSTK_STARTTLS_NONE)) {
		*why = "--cert conflicts with --connect, --sni and --starttls";
		return DNSTK_EUSAGE;
	}
	if (a->json && a->quiet) {
		*why = "-j and -q conflict";
		return DNSTK_EUSAGE;
	}
	return 0;
}
