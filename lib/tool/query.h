/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-query: send queries (single, raw or batch) and print the answers. */
#ifndef DNSTK_TOOL_QUERY_H
#define DNSTK_TOOL_QUERY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "out/render.h"
#include "out/text_show.h"
#include "util/buf.h"
#include "util/err.h"

#define DNSTK_QUERY_DEFAULT_BUFSIZE 1232
#define DNSTK_QUERY_DEFAULT_CONCURRENCY 64
#define DNSTK_QUERY_DEFAULT_TIMEOUT_MS 5000	/* dig's +time */
#define DNSTK_QUERY_DEFAULT_TRIES 3		/* dig's +tries */
#define DNSTK_QUERY_COOKIE_MAX 40

#define DNSTK_QUERY_NAME_MAX 1040	/* a name as typed: \DDD escapes */

/* One question given on the command line (NAME operand, -q or -x). */
struct dnstk_query_q {
	char name[DNSTK_QUERY_NAME_MAX];	/* as typed, or -x's name */
	uint16_t qtype;
	uint16_t qclass;
	bool has_type;		/* qtype given (else -t's or A) */
	bool has_class;		/* qclass given (else -c's or IN) */
};

struct dnstk_query_args {
	/* where */
	const char *server;	/* NULL: first nameserver of resolv_conf */
	const char *resolv_conf;
	uint16_t port;
	int family;		/* AF_UNSPEC, AF_INET or AF_INET6 */
	/* what (single query mode) */
	const char *name;
	uint16_t qtype;
	uint16_t qclass;
	/* how */
	unsigned flags;		/* header flags to set: RD, AD, CD */
	bool edns;
	bool no_edns;		/* --no-edns given: see dnstk_query_settle() */
	bool dnssec;		/* --dnssec given: see dnstk_query_settle() */
	uint8_t edns_version;
	uint16_t edns_flags;	/* DO */
	uint16_t udp_size;
	struct dnstk_buf options;	/* option TLVs in wire form, in order */
	bool cookie;		/* add a COOKIE option */
	uint8_t cookie_data[DNSTK_QUERY_COOKIE_MAX];
	size_t cookie_len;	/* 0: a random 8-byte client cookie */
	unsigned padding;	/* 0: no PADDING option */
	/*
	 * An IXFR query says the client has this serial (dig's ixfr=N):
	 * for the command line's parser to set.
	 */
	bool ixfr_soa;
	uint32_t ixfr_serial;
	bool tcp;
	bool ignore_tc;
	int timeout_ms;		/* 0: resolv.conf's timeout:, or 5 s */
	int tries;		/* 0: resolv.conf's attempts:, or 3 */
	/* output */
	enum dnstk_form form;
	unsigned hide;		/* enum dnstk_show parts not shown in text */
	bool idnout;		/* text: names with xn-- labels as U-labels */
	bool short_form;	/* rdata of the answer section only */
	/*
	 * batch: a failed query leaves no mark in JSON, hex or --short
	 * output (by default an error object or an empty line).
	 */
	bool skip_failed;
	/* modes */
	bool raw;		/* send the messages read from raw_input */
	enum dnstk_form raw_in;
	const char *batch;	/* file of NAME [TYPE] [CLASS] lines; "-" */
	unsigned concurrency;	/* 0: 1, or the batch default */
	/*
	 * UDP sockets shared by the queries in flight (see
	 * dnstk_client_opts.sockets); 0: a fresh port per query; -1: the
	 * default (a pool of one per 16 in flight when more than one).
	 */
	int sockets;
	/*
	 * The questions of the command line, in order (-q and -x first,
	 * then the NAME operands); owned.  With more than one, each is
	 * asked and answered in turn.  `name`, `qtype` and `qclass` above
	 * hold the first one.
	 */
	struct dnstk_query_q *qs;
	size_t nqs;
};

/*
 * Set the defaults: RD, EDNS0 with payload 1232, IN/A, UDP first,
 * timeout and tries unset (resolv.conf's options, or 5 s and 3, as dig),
 * text output, port 53, resolv.conf.
 */
void dnstk_query_args_init(struct dnstk_query_args *a);

/* Free what the arguments hold (the options buffer). */
void dnstk_query_args_release(struct dnstk_query_args *a);

/*
 * The options of dnstk-query that need code (the others are bound rows
 * of the command's table), numbered from 0.
 */
enum dnstk_query_optcode {
	DNSTK_QOPT_EDNS_VERSION, DNSTK_QOPT_BUFSIZE, DNSTK_QOPT_NSID,
	DNSTK_QOPT_COOKIE, DNSTK_QOPT_SUBNET, DNSTK_QOPT_PADDING,
	DNSTK_QOPT_EDNSOPT, DNSTK_QOPT_TYPE, DNSTK_QOPT_CLASS,
	DNSTK_QOPT_QNAME, DNSTK_QOPT_REVERSE, DNSTK_QOPT_SHOW,
	DNSTK_QOPT_HIDE,
	DNSTK_QOPT_LAST = DNSTK_QOPT_HIDE,
};

/* What the options said beyond the arguments (for conflicts). */
struct dnstk_query_optstate {
	int edns_use;	/* options that need EDNS */
	bool form_set;	/* -w, -j or --format */
};

/*
 * Apply option `opt` with argument `arg` (NULL when none was given).
 * Returns 0, or DNSTK_EUSAGE (or DNSTK_ENOMEM) with the message for the
 * user in msg ("--port: 'x' is not a number (1-65535)").
 */
int dnstk_query_opt(struct dnstk_query_args *a,
    struct dnstk_query_optstate *st, int opt, const char *arg, char *msg,
    size_t cap);

/* Conflicts between options: 0 or DNSTK_EUSAGE with *why set. */
/*
 * After the options are parsed: --no-edns and --dnssec into the EDNS
 * settings (the DO bit counts as EDNS use), and the output form to text
 * unless one was asked (a->form DNSTK_FORM_AUTO means none was).
 * Cannot fail.
 */
void dnstk_query_settle(struct dnstk_query_args *a,
    struct dnstk_query_optstate *st);

int dnstk_query_opts_check(const struct dnstk_query_args *a,
    const struct dnstk_query_optstate *st, const char **why);

/* Parsers for option values; each returns 0 or DNSTK_EINPUT with *why. */

/*
 * --ednsopt=CODE[:HEX] or NAME[:TEXT]: a number takes hex, a registered
 * option name (NSID, COOKIE, CLIENT-SUBNET ...) its text form, as
 * dnstk_edns_opt_parse_spec() reads them.
 */
int dnstk_query_add_ednsopt(struct dnstk_query_args *a, const char *text,
    const char **why);

/* --cookie=HEX: a client cookie (8 bytes) or client+server (16-40). */
int dnstk_query_set_cookie(struct dnstk_query_args *a, const char *hex,
    const char **why);

/*
 * --timeout=SECONDS: decimal seconds, fractions to the millisecond.
 * Kept for callers of the old name: dnstk_duration_parse_ms() of
 * util/duration.h does the work.
 */
int dnstk_query_parse_timeout(int *ms, const char *text, const char **why);

/*
 * The questions of the command line: the operands [@SERVER] and words
 * that are a NAME, a TYPE or a CLASS, in NAME TYPE CLASS order or TYPE
 * NAME (`MX example.com`), several questions in a row (`a.example A
 * b.example MX`); the questions of -q and -x (dnstk_query_add_q())
 * come first.  A question without a type or class takes a->qtype and
 * a->qclass (-t, -c; A and IN).  Fills a->qs and a->nqs (owned by `a`)
 * and a->name, a->qtype and a->qclass with the first question.  Every
 * name is checked (a Unicode name is converted to its A-labels).
 * `need_name` is false in --raw and --batch mode, where a NAME is an
 * error.  Strings are borrowed from argv.  0, or DNSTK_EINPUT,
 * DNSTK_EUSAGE or DNSTK_ENOMEM with *why.
 */
int dnstk_query_operands(struct dnstk_query_args *a, int argc,
    char *argv[], bool need_name, const char **why);

/*
 * Add a question for `name` (copied) to a->qs, with no type or class
 * yet; *added (if not NULL) points at it until the next call.  0,
 * DNSTK_EINPUT (name too long), DNSTK_EUSAGE (too many) or DNSTK_ENOMEM.
 */
struct dnstk_query_q;
int dnstk_query_add_q(struct dnstk_query_args *a, const char *name,
    struct dnstk_query_q **added);

/*
 * -x ADDR: the reverse name of an IPv4 (in-addr.arpa) or IPv6 (ip6.arpa,
 * nibbles) address, through ldns_rdf_address_reverse(), into out (cap
 * bytes).  0, or DNSTK_EUSAGE (not an address) or DNSTK_ENOMEM with *why.
 */
int dnstk_query_reverse(char *out, size_t cap, const char *addr,
    const char **why);

/*
 * A record type or class by name (mnemonic, TYPEnnn, CLASSnnn; any
 * case; dig's `ixfr=N` is IXFR) into *t or *c.  0, or DNSTK_EUSAGE when
 * `s` names none.
 */
int dnstk_query_parse_type(uint16_t *t, const char *s);
int dnstk_query_parse_class(uint16_t *c, const char *s);

/*
 * When `s` is dig's `ixfr=N` (N a serial, 0-4294967295), the query says
 * the client has serial N: sets a->ixfr_soa and a->ixfr_serial.  Any
 * other word leaves `a` as it is.  Cannot fail.
 */
void dnstk_query_ixfr_word(struct dnstk_query_args *a, const char *s);

/*
 * Run the queries `a` describes and print each answer to `out` in input
 * order; fallbacks and dropped packets are reported on `log` (and as ";;"
 * comments in text form), and so is each failed query, as
 * "PROG: what failed".  Returns 0 when every query got an answer
 * (whatever its RCODE); otherwise the worst failure: DNSTK_ETIMEOUT or
 * DNSTK_ENET (network), DNSTK_EINPUT (a bad batch line or raw message).
 * err->msg is set only for failures not already printed on `log` (such
 * as an unresolvable server or a write error on `out`).
 */
int dnstk_query(const struct dnstk_query_args *a, FILE *out, FILE *log,
    struct dnstk_err *err);

#endif
