/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-serve's log lines: "listening on ADDR#PORT" and the query log. */
#ifndef DNSTK_OUT_SERVE_LOG_H
#define DNSTK_OUT_SERVE_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * What happened to one query (dnstk_serve_answer() fills it), for the
 * query log.
 */
struct dnstk_serve_info {
	bool parsed;		/* the question was read */
	uint8_t qname[255];
	size_t qname_len;
	uint16_t qtype;
	unsigned rcode;		/* the full 12-bit RCODE sent */
	bool edns;
	bool dnssec_ok;
	bool tc;
	size_t size;		/* bytes of the (first) response */
};

/*
 * Write "query: PEER udp|tcp NAME TYPE[ +edns][ +do] -> RCODE[ tc] SIZE"
 * and a newline to `log` with one stdio call, so that lines of threads
 * sharing `log` never mix; PEER is the client's "ADDR#PORT", NAME and
 * TYPE "-" when the question could not be read.  Write errors are not
 * reported (a log).
 */
void dnstk_query_log_write(FILE *log, const char *peer, bool tcp,
    const struct dnstk_serve_info *q);

/* Write "listening on NAME" and a newline to `log`. */
void dnstk_listening_write(FILE *log, const char *name);

#endif
