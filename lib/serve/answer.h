/* SPDX-License-Identifier: BSD-3-Clause */
/* Answer one DNS query from the served zones: a fresh response in wire form. */
#ifndef DNSTK_SERVE_ANSWER_H
#define DNSTK_SERVE_ANSWER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "out/serve_log.h"
#include "serve/forward.h"
#include "serve/validate.h"
#include "serve/zone.h"
#include "util/buf.h"

#define DNSTK_SERVE_UDP_DEFAULT 1232
#define DNSTK_SERVE_NSID_MAX 512

/* How the server answers.  Caller-owned, read-only while serving. */
struct dnstk_serve_conf {
	const struct dnstk_sz_zones *zones;
	uint16_t max_udp;	/* the server's EDNS payload size (512..65535) */
	uint8_t nsid[DNSTK_SERVE_NSID_MAX];	/* --nsid; sent when asked */
	size_t nsid_len;	/* 0: no NSID */
	bool require_cookie;	/* BADCOOKIE for UDP without a valid one */
	uint8_t secret[32];	/* server cookie secret (RFC 9018 style) */
	int64_t now;		/* 0: the clock (cookie timestamps) */
	struct dnstk_fwd *fwd;	/* --forward: names outside every zone */
	struct dnstk_sval *sval;	/* --validate: judge forwarded answers */
};

/* Fills `c` with the defaults and a random cookie secret; 0 or -errno. */
int dnstk_serve_conf_init(struct dnstk_serve_conf *c,
    const struct dnstk_sz_zones *zones);

/* struct dnstk_serve_info, what happened to one query: out/serve_log.h */

/*
 * Answer the query `q` (`len` bytes as received; `tcp` when it came over
 * TCP, `peer` its source for cookies) by appending the response to `out`
 * as a two-octet length and the message; AXFR over TCP appends several.
 * The response is built from scratch: only the ID, opcode, RD, CD, the
 * question and the EDNS fields RFC 6891 §7 names are taken from the
 * query.  Responses (QR set) and messages shorter than a header append
 * nothing (dropped).  `info` (may be NULL) says what was answered.
 * Returns 0 or DNSTK_ENOMEM.  Thread-safe for one `conf`.
 */
int dnstk_serve_answer(const struct dnstk_serve_conf *c, const uint8_t *q,
    size_t len, bool tcp, const struct sockaddr *peer, struct dnstk_buf *out,
    struct dnstk_serve_info *info);

#endif
