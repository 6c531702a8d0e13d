/* SPDX-License-Identifier: BSD-3-Clause */
/* Build query messages in wire form: header, question, OPT and options. */
#ifndef DNSTK_NET_QMSG_H
#define DNSTK_NET_QMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

#define DNSTK_DNAME_MAX 255

/*
 * Everything that goes into one query.  `options` holds option TLVs in
 * wire form (code, length, body), owned by the caller.  With `padding`
 * not 0 a PADDING option is added last so that the whole message is a
 * multiple of `padding` bytes (RFC 7830, RFC 8467).
 */
struct dnstk_qspec {
	uint16_t id;
	uint16_t flags;		/* header flag word: opcode, RD, AD, CD, Z */
	uint8_t qname[DNSTK_DNAME_MAX];
	size_t qname_len;
	uint16_t qtype;
	uint16_t qclass;
	bool edns;
	uint8_t edns_version;
	uint16_t edns_flags;	/* DO and the Z bits */
	uint16_t udp_size;
	const uint8_t *options;
	size_t options_len;
	unsigned padding;
	/*
	 * IXFR (RFC 1995 section 3): the SOA of the copy the client has, in
	 * the authority section: owner QNAME, serial `ixfr_serial`, the
	 * other fields empty (as dig's ixfr=N sends it).
	 */
	bool ixfr_soa;
	uint32_t ixfr_serial;
};

/*
 * Build the query into `out` (appended).  Returns 0, DNSTK_ENOMEM, or
 * DNSTK_EINPUT when the message would exceed 65535 bytes.
 */
int dnstk_qspec_build(struct dnstk_buf *out, const struct dnstk_qspec *q);

/*
 * Parse a domain name in presentation form (always taken as fully
 * qualified; \DDD and \X escapes allowed) into q->qname.  Returns 0 or
 * DNSTK_EINPUT.
 */
int dnstk_qname_parse(struct dnstk_qspec *q, const char *name);

/*
 * Fill `p` with `n` bytes from the kernel's cryptographic random source
 * (getrandom), buffered.  Returns 0 or -errno.
 */
int dnstk_random(void *p, size_t n);

/* Append one option TLV to `out`; 0 or DNSTK_ENOMEM (or EINPUT if long). */
int dnstk_opt_append(struct dnstk_buf *out, uint16_t code, const void *d,
    size_t len);

/*
 * Append an EDNS Client Subnet option (RFC 7871) for "ADDR/LEN" (or ADDR
 * alone, meaning the whole address).  Returns 0, DNSTK_ENOMEM or
 * DNSTK_EINPUT with *why set.
 */
int dnstk_opt_append_ecs(struct dnstk_buf *out, const char *text,
    const char **why);

#endif
