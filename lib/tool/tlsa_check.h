/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-tlsa-check: check a certificate chain against TLSA records. */
#ifndef DNSTK_TOOL_TLSA_CHECK_H
#define DNSTK_TOOL_TLSA_CHECK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "dane/conn.h"
#include "out/render.h"
#include "util/err.h"

struct dnstk_tlsa_check_args {
	/* what */
	const char *host;	/* HOST operand (a trailing dot is fine) */
	uint16_t port;		/* 0: 443 or the STARTTLS protocol's */
	const char *proto;	/* "tcp", "udp" or "sctp" */
	/* records */
	const char *tlsa_file;	/* --tlsa: FILE or "-"; NULL: look up */
	enum dnstk_form tlsa_in;
	const char *server;	/* DNS server for the lookup */
	const char *resolv_conf;
	uint16_t dns_port;
	const char *anchor;
	int timeout_ms;
	int tries;
	bool insecure_ok;
	/* chain */
	const char *cert_file;	/* --cert: PEM chain; NULL: connect */
	const char *connect;	/* ADDR[:PORT] to dial instead of HOST */
	const char *sni;	/* NULL: HOST without its dot */
	enum dnstk_starttls starttls;
	const char *cafile;
	const char *capath;
	bool have_now;
	int64_t now;
	/* what to do */
	bool generate;
	int usage, selector, mtype;
	bool all;
	uint32_t ttl;
	bool pipe;
	/* output */
	bool json;
	bool quiet;
	const char *prog;	/* names warnings: "dnstk-tlsa-check" */
};

/* Long-only option ids of dnstk-tlsa-check (after DNSTK_OPT_FIRST_TOOL). */
enum dnstk_tlsa_check_opt {
	DNSTK_TC_CERT = 300, DNSTK_TC_TLSA, DNSTK_TC_ANCHOR, DNSTK_TC_PROTO,
	DNSTK_TC_STARTTLS, DNSTK_TC_SNI, DNSTK_TC_CONNECT, DNSTK_TC_CAFILE,
	DNSTK_TC_CAPATH, DNSTK_TC_GENERATE, DNSTK_TC_USAGE,
	DNSTK_TC_SELECTOR, DNSTK_TC_MTYPE, DNSTK_TC_ALL, DNSTK_TC_TTL,
	DNSTK_TC_PIPE, DNSTK_TC_INSECURE_OK,
	/* the shared options' rows use these ids, so that this tier needs
	 * nothing of lib/cli (its table stays in cmd/tlsa-check.c) */
	DNSTK_TC_IN, DNSTK_TC_NOW, DNSTK_TC_TIMEOUT, DNSTK_TC_TRIES,
};

/*
 * Apply option `id` with argument `arg`: 'p', DNSTK_TC_PROTO,
 * _STARTTLS, _USAGE, _SELECTOR, _MTYPE, _TTL, _IN, _NOW, _TIMEOUT or
 * _TRIES, the options whose values need checking.  The table in
 * cmd/tlsa-check.c binds the others (-s -j -q, the file and name
 * options, the switches) straight to their fields.  Returns 0, or DNSTK_EUSAGE with *why a static reason.
 */
int dnstk_tlsa_check_option(struct dnstk_tlsa_check_args *a, int id,
    const char *arg, const char **why);

/*
 * Take the operands HOST [PORT] and check option conflicts.  Returns 0
 * or DNSTK_EUSAGE with *why.
 */
int dnstk_tlsa_check_finish_args(struct dnstk_tlsa_check_args *a, int argc,
    char *argv[], const char **why);

/* Defaults: port from the protocol, tcp, 3 1 1, TTL 3600, 5 s, 2 tries,
 * prog "dnstk-tlsa-check" (main sets the name it runs under). */
void dnstk_tlsa_check_args_init(struct dnstk_tlsa_check_args *a);

/*
 * Run the check `a` describes: get the TLSA records (a file or a
 * lookup), get the chain (a file or a TLS connection), verify, and
 * print the report on `out` (in --pipe mode on `log`, and stdin is
 * relayed to the connection when the verdict allows).  Warnings go to
 * `log`.  With --generate, print TLSA records for the chain instead.
 * Returns 0 (matched and secure, or records given), DNSTK_EFAIL (no
 * match, no usable record, bogus, no TLSA), DNSTK_EINSECURE,
 * DNSTK_EINDETERMINATE (not validated), DNSTK_ENET / DNSTK_ETIMEOUT, or
 * DNSTK_EINPUT (unreadable files) with err set.
 */
int dnstk_tlsa_check(const struct dnstk_tlsa_check_args *a, FILE *out,
    FILE *log, struct dnstk_err *err);

#endif
