/* SPDX-License-Identifier: BSD-3-Clause */
/* TLSA records (RFC 6698, RFC 7218 mnemonics): owner names, parse, print. */
#ifndef DNSTK_DANE_TLSA_H
#define DNSTK_DANE_TLSA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <ldns/ldns.h>

#include "out/render.h"
#include "util/buf.h"
#include "util/err.h"

/* Field values of RFC 6698 §7.2-7.4. */
enum dnstk_tlsa_usage {
	DNSTK_TLSA_PKIX_TA = 0,
	DNSTK_TLSA_PKIX_EE = 1,
	DNSTK_TLSA_DANE_TA = 2,
	DNSTK_TLSA_DANE_EE = 3,
};
enum dnstk_tlsa_selector {
	DNSTK_TLSA_CERT = 0,
	DNSTK_TLSA_SPKI = 1,
};
enum dnstk_tlsa_mtype {
	DNSTK_TLSA_FULL = 0,
	DNSTK_TLSA_SHA2_256 = 1,
	DNSTK_TLSA_SHA2_512 = 2,
};

#define DNSTK_TLSA_DATA_MAX 65532	/* rdata 65535 minus three octets */
#define DNSTK_TLSA_RECORDS_MAX 1024	/* records read from one input */
#define DNSTK_TLSA_INPUT_MAX (16 * 1024 * 1024)	/* bytes of one input */

/*
 * One TLSA record.  `data` is heap memory owned by the record (freed by
 * dnstk_tlsa_release); `line` is where it was read (0: not from a file).
 */
struct dnstk_tlsa {
	uint8_t usage;
	uint8_t selector;
	uint8_t mtype;
	uint8_t *data;
	size_t len;
	uint32_t ttl;
	unsigned long line;
};

/* A list of records, caller-owned (dnstk_tlsa_set_init / _release). */
struct dnstk_tlsa_set {
	struct dnstk_tlsa *v;
	size_t n;
	size_t cap;
};

/* Free the record's data and zero it. */
void dnstk_tlsa_release(struct dnstk_tlsa *t);

void dnstk_tlsa_set_init(struct dnstk_tlsa_set *s);
void dnstk_tlsa_set_release(struct dnstk_tlsa_set *s);

/*
 * Append a copy of `t` (data copied) to `s`.  Returns 0, DNSTK_ENOMEM, or
 * DNSTK_EINPUT past DNSTK_TLSA_RECORDS_MAX records.
 */
int dnstk_tlsa_set_add(struct dnstk_tlsa_set *s, const struct dnstk_tlsa *t);

/*
 * Append the TLSA owner name `_PORT._PROTO.HOST.` (RFC 6698 §3) to `out`:
 * `host` with or without its trailing dot (one is always written), its
 * case kept.  `proto` is "tcp", "udp" or "sctp".  Returns 0, DNSTK_ENOMEM,
 * or DNSTK_EINPUT when `host` is empty or the name would pass 255 octets.
 */
int dnstk_tlsa_owner(struct dnstk_buf *out, uint16_t port, const char *proto,
    const char *host);

/*
 * Copy `host` into `dst` (capacity `cap`) without a trailing dot, for
 * certificate name checks and SNI (which never carry the dot).  Returns
 * 0, or DNSTK_EINPUT when it is empty, "." or does not fit.
 */
int dnstk_tlsa_base_name(char *dst, size_t cap, const char *host);

/*
 * RFC 7218 acronyms: "PKIX-TA" ..., "CERT"/"SPKI", "FULL"/"SHA2-256"/
 * "SHA2-512"; "PrivCert"/"PrivSel"/"PrivMatch" for 255; NULL when the
 * value has none.  Static strings.
 */
const char *dnstk_tlsa_usage_name(unsigned v);
const char *dnstk_tlsa_selector_name(unsigned v);
const char *dnstk_tlsa_mtype_name(unsigned v);

/*
 * Parse one field: a decimal number 0-255 (leading zeros allowed, as
 * danetool prints "03") or its acronym, case-insensitive.  `which` is 0
 * usage, 1 selector, 2 matching type.  Returns the value or -1.
 */
int dnstk_tlsa_field_parse(int which, const char *s);

/*
 * Why a record cannot be used, or NULL when it can: an unknown usage,
 * selector or matching type, an empty association, or a digest of the
 * wrong length (RFC 6698 §4.1: such records are ignored, never an
 * error).  Static string.
 */
const char *dnstk_tlsa_unusable(const struct dnstk_tlsa *t);

/*
 * Does a usable record of `set` have usage PKIX-TA or PKIX-EE, so that
 * checking it needs a trust store?
 */
bool dnstk_tlsa_set_needs_store(const struct dnstk_tlsa_set *set);

/*
 * Parse the rdata of one record in presentation form, "U S M HEX", as
 * `dig +short` prints it: fields as numbers or acronyms, the hex in one
 * or more blank-separated pieces, parentheses allowed; or the RFC 3597
 * form "\# LEN HEX".  Returns 0 (t->data owned by t), DNSTK_ENOMEM, or
 * DNSTK_EINPUT with *why a static reason.
 */
int dnstk_tlsa_parse_rdata(struct dnstk_tlsa *t, const char *text,
    const char **why);

/*
 * Take the fields of a TLSA ldns_rr (not consumed).  Returns 0,
 * DNSTK_ENOMEM, or DNSTK_EINPUT when it is not a TLSA record or its
 * rdata is shorter than three octets.
 */
int dnstk_tlsa_from_rr(struct dnstk_tlsa *t, const ldns_rr *rr);

/*
 * Append "U S M HEX" (lowercase hex) to `out`; with `mnemonic`, the
 * fields as acronyms where they have one ("DANE-EE SPKI SHA2-256 HEX").
 * 0 or DNSTK_ENOMEM.
 */
int dnstk_tlsa_format(struct dnstk_buf *out, const struct dnstk_tlsa *t,
    bool mnemonic);

/*
 * Append a master-file line "OWNER TTL IN TLSA U S M HEX" and a newline.
 * 0 or DNSTK_ENOMEM.
 */
int dnstk_tlsa_format_rr(struct dnstk_buf *out, const char *owner,
    uint32_t ttl, const struct dnstk_tlsa *t);

/*
 * Called for each warning while reading (a record with another owner, a
 * record of another type); `ctx` is the caller's.
 */
typedef void dnstk_tlsa_warn_fn(void *ctx, const char *source,
    unsigned long line, const char *msg);

/*
 * Read every TLSA record of one input into `out` (appended): either bare
 * rdata lines ("3 1 1 HEX", acronyms, multi-line with parentheses,
 * ";" comments, as `dig +short` and `dnstk-query --short` print them),
 * or whole records in any stream form (text, hex, JSON; `form` AUTO
 * detects) read with lib/in's reader, or whole messages (dig output,
 * dnstk-query -w or -j: the TLSA records of their answer sections).  Whole records whose owner is not
 * `owner` (compared case-insensitively; NULL accepts any) and records of
 * other types are skipped and reported through `warn` (may be NULL);
 * RRSIGs are skipped silently.  Input is limited to
 * DNSTK_TLSA_INPUT_MAX bytes and DNSTK_TLSA_RECORDS_MAX records.
 * Returns 0, or DNSTK_EINPUT with SOURCE:LINE in err, DNSTK_ENOMEM, or
 * -errno for a read error.  Records read before an error stay in `out`.
 */
int dnstk_tlsa_read(struct dnstk_tlsa_set *out, FILE *fp, const char *source,
    enum dnstk_form form, const char *owner, dnstk_tlsa_warn_fn *warn,
    void *ctx, struct dnstk_err *err);

/*
 * As dnstk_tlsa_read(), on `len` bytes in memory (used by the fuzz
 * targets and by dnstk_tlsa_read itself).
 */
int dnstk_tlsa_read_mem(struct dnstk_tlsa_set *out, const char *data,
    size_t len, const char *source, enum dnstk_form form, const char *owner,
    dnstk_tlsa_warn_fn *warn, void *ctx, struct dnstk_err *err);

#endif
