/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A fast path from master-file text to wire form for the record types
 * signed zones are made of.  ldns has no such path: ldns_rr_new_frm_str()
 * tokenizes through an ldns_buffer one character at a time, allocates an
 * rdf per field and parses times with sscanf, which made text parsing
 * half of dnstk-zone-check's CPU time on a signed zone.  What is read
 * here gives the same wire bytes as ldns (tests/unit/test_fastrr.c
 * compares both on every fixture record and on mutated lines); whatever
 * is not plainly one of the forms read here is left to ldns, so the
 * errors and the odd corners stay ldns's.  Internal to lib/in and its
 * tests.
 */
#ifndef DNSTK_IN_FASTRR_H
#define DNSTK_IN_FASTRR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/*
 * The domain name s[0..n) in wire form into out (255 bytes at most),
 * *len its length: "@" is the origin, a name without a final dot is
 * completed with the origin (wire form, olen bytes).  False (out
 * undefined) for anything but plain labels of letters, digits, '-', '_',
 * '*' and '/' within the RFC 1035 limits: escapes and the like go to
 * ldns.
 */
bool dnstk_in_fast_name(uint8_t out[255], size_t *len, const char *s,
    size_t n, const uint8_t *origin, size_t olen);

/*
 * Append the RDATA of `type` written as `text` (presentation form, blank
 * separated, parentheses and comments already gone) to `out`: 1 done,
 * 0 not read here (out unchanged: ask ldns), DNSTK_ENOMEM.  Types read:
 * A AAAA NS CNAME PTR DNAME MX SOA TXT DS CDS DNSKEY CDNSKEY RRSIG NSEC
 * NSEC3 NSEC3PARAM ZONEMD.
 */
int dnstk_in_fast_rdata(struct dnstk_buf *out, uint16_t type,
    const char *text, const uint8_t *origin, size_t olen);

/* A record type mnemonic of the usual types (0: not one of them). */
uint16_t dnstk_in_fast_type(const char *s, size_t n);

#endif
