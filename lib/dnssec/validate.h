/* SPDX-License-Identifier: BSD-3-Clause */
/* DNSSEC validation engine: anchors, record pool, signatures, chain, denial. */
#ifndef DNSTK_DNSSEC_VALIDATE_H
#define DNSTK_DNSSEC_VALIDATE_H

/*
 * The validator works on data, never on the network and never on a
 * terminal: the caller gathers records into a pool (from a file, from
 * answers it fetched, from an upstream server), names the anchors and the
 * question, and gets back a verdict with a trace of every link checked.
 * It never prints and never exits.
 *
 * Typical use (dnstk-tlsa-check validating a TLSA RRset):
 *
 *	struct dnstk_anchors a;     dnstk_anchors_init(&a);
 *	struct dnstk_rrpool pool;   dnstk_rrpool_init(&pool);
 *	struct dnstk_val_opts o;    dnstk_val_opts_init(&o);
 *	struct dnstk_val_result r;  dnstk_val_result_init(&r);
 *	dnstk_anchors_add_builtin(&a);
 *	dnstk_rrpool_add_msg(&pool, answer);      (every message you got)
 *	dnstk_validate(&r, &pool, &a, qname, LDNS_RR_TYPE_TLSA, &o, &err);
 *	if (r.verdict == DNSTK_DNSSEC_SECURE) use r.answer ...
 *	dnstk_val_result_release(&r); dnstk_rrpool_release(&pool);
 *	dnstk_anchors_release(&a);
 *
 * Every loop is bounded: pool size, CNAME/DNAME chain length, zone depth,
 * NSEC3 iterations, signatures per RRset.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <ldns/ldns.h>

#include "dns/msg.h"
#include "out/render.h"
#include "util/err.h"

/* ---- limits ---------------------------------------------------------- */

#define DNSTK_DNSSEC_MAX_POOL 10000	/* records in one pool */
#define DNSTK_DNSSEC_MAX_CHAIN 16	/* CNAME/DNAME links followed */
#define DNSTK_DNSSEC_MAX_DEPTH 64	/* zones between answer and anchor */
#define DNSTK_DNSSEC_MAX_SIGS 64	/* RRSIGs tried per RRset */
#define DNSTK_NSEC3_MAX_ITERATIONS 150	/* RFC 9276 §3.2 default */

/* ---- verdicts -------------------------------------------------------- */

/* The outcome of a validation (RFC 4033 §5 terms). */
enum dnstk_dnssec_state {
	DNSTK_DNSSEC_SECURE = 0,
	DNSTK_DNSSEC_INSECURE,
	DNSTK_DNSSEC_BOGUS,
	DNSTK_DNSSEC_INDETERMINATE,
};

/* "secure", "insecure", "bogus" or "indeterminate". */
const char *dnstk_dnssec_state_name(enum dnstk_dnssec_state s);

/* ---- trust anchors --------------------------------------------------- */

/*
 * A set of trust anchors: DS or DNSKEY records, each covering the subtree
 * of its owner.  Caller-owned; dnstk_anchors_init() then
 * dnstk_anchors_release().  `rrs` holds the anchors' own copies.
 */
struct dnstk_anchors {
	ldns_rr_list *rrs;
};

/* Set up an empty anchor set (no allocation). */
void dnstk_anchors_init(struct dnstk_anchors *a);
/* Free the anchors and re-init. */
void dnstk_anchors_release(struct dnstk_anchors *a);

/*
 * Add the IANA root anchors (DS of KSK-2017, tag 20326, and KSK-2024,
 * tag 38696).  Returns 0 or DNSTK_ENOMEM.
 */
int dnstk_anchors_add_builtin(struct dnstk_anchors *a);

/*
 * Add a copy of `rr` (still the caller's).  Returns 0, DNSTK_ENOMEM, or
 * DNSTK_EINPUT when `rr` is not a DS or DNSKEY record (err says so).
 */
int dnstk_anchors_add_rr(struct dnstk_anchors *a, const ldns_rr *rr,
    struct dnstk_err *err);

/*
 * Read anchors from `fp` named `source`: DS or DNSKEY records in any
 * stream form (`form` DNSTK_FORM_AUTO detects it; other record types are
 * skipped), or an RFC 7958 root-anchors.xml document, whose KeyDigest
 * entries are used when `now` lies within their validFrom/validUntil.
 * Returns 0, DNSTK_EINPUT (err has SOURCE:LINE, or "no anchor in ..."),
 * DNSTK_ENOMEM or -errno.
 */
int dnstk_anchors_read(struct dnstk_anchors *a, FILE *fp, const char *source,
    enum dnstk_form form, int64_t now, struct dnstk_err *err);

/*
 * The owner of the deepest anchor at or above `name`, or NULL when no
 * anchor covers it.  The rdf belongs to the anchor set.
 */
const ldns_rdf *dnstk_anchors_cover(const struct dnstk_anchors *a,
    const ldns_rdf *name);

/* ---- record pool ----------------------------------------------------- */

/*
 * Every record the validator may use, deduplicated (TTLs ignored).
 * Caller-owned; dnstk_rrpool_init() then dnstk_rrpool_release().
 */
struct dnstk_rrpool {
	ldns_rr_list *rrs;
	void *index;		/* private: the duplicate index */
};

void dnstk_rrpool_init(struct dnstk_rrpool *p);
void dnstk_rrpool_release(struct dnstk_rrpool *p);

/*
 * Add a copy of `rr` unless the pool has it already.  OPT and question
 * records are skipped.  Returns 1 when added, 0 when it was there or was
 * skipped, DNSTK_ENOMEM, or DNSTK_EINPUT past DNSTK_DNSSEC_MAX_POOL.
 */
int dnstk_rrpool_add(struct dnstk_rrpool *p, const ldns_rr *rr);

/* Add every record of the answer, authority and additional sections. */
int dnstk_rrpool_add_msg(struct dnstk_rrpool *p, const struct dnstk_msg *m);

/*
 * Read records into the pool from `fp` named `source`, in any stream
 * form: master-file text (dig output and --dump output included: `;`
 * lines are comments), hex or JSON records, or hex or JSON messages.
 * Returns 0, DNSTK_EINPUT (err has SOURCE:LINE), DNSTK_ENOMEM or -errno.
 */
int dnstk_rrpool_read(struct dnstk_rrpool *p, FILE *fp, const char *source,
    enum dnstk_form form, struct dnstk_err *err);

/*
 * A new list with the records of the pool whose owner equals `name`
 * (case-insensitive) and whose type is `type` (for RRSIG: whose type
 * covered is `type`, with sigs true).  The list holds pointers into the
 * pool: free it with ldns_rr_list_free (not deep), before the pool.
 * NULL when out of memory.
 */
ldns_rr_list *dnstk_rrpool_find(const struct dnstk_rrpool *p,
    const ldns_rdf *name, ldns_rr_type type, bool sigs);

/* ---- building blocks (also for dnstk-zone-check) ----------------------- */

/*
 * True when algorithm `alg` can be verified here (5 7 8 10 13 14 15 16;
 * not DSA, 3 and 6, which RFC 8624 §3.1 says MUST NOT be validated).
 */
bool dnstk_dnssec_alg_supported(uint8_t alg);
/* True when DS digest type `digest` can be checked here (1, 2, 4). */
bool dnstk_ds_digest_supported(uint8_t digest);

/*
 * Where `now` lies against the RRSIG's window, with RFC 1982 serial
 * arithmetic on the 32-bit fields (so windows past 2038 work).  Returns
 * 0 inside the window, -1 before the inception, 1 after the expiration.
 * *inception and *expiration (may be NULL) get the window as Unix times
 * nearest to `now`.
 */
int dnstk_rrsig_window(const ldns_rr *rrsig, int64_t now,
    int64_t *inception, int64_t *expiration);

/* Why a signature does or does not validate. */
enum dnstk_sig_status {
	DNSTK_SIG_OK = 0,
	DNSTK_SIG_EXPIRED,
	DNSTK_SIG_NOT_YET,
	DNSTK_SIG_BAD,		/* the cryptography fails */
	DNSTK_SIG_NO_KEY,	/* no key of that tag and algorithm */
	DNSTK_SIG_MISMATCH,	/* signer, labels, type or class wrong */
	DNSTK_SIG_UNSUPPORTED,	/* algorithm not supported */
};

/*
 * Check one RRSIG over `rrset` (all records of one owner, class and type)
 * against the DNSKEYs of `keys` of zone `zone`: the signer is `zone`,
 * the owner is at or below it, the label count fits (fewer labels: a
 * wildcard expansion, *wildcard set true), type and class match, a zone
 * key of the right tag and algorithm exists, the window holds `now`, and
 * the cryptography passes (ldns's _notime calls).  Returns the status;
 * *key (may be NULL) gets the key that verified (owned by `keys`).
 * `why`, when not NULL, gets a reason in plain words ("expired
 * 2025-01-03, 4 days before now") of at most `whylen` bytes.
 */
enum dnstk_sig_status dnstk_rrsig_check(const ldns_rr_list *rrset,
    const ldns_rr *rrsig, const ldns_rr_list *keys, const ldns_rdf *zone,
    int64_t now, const ldns_rr **key, bool *wildcard, char *why,
    size_t whylen);

/*
 * Does DS `ds` point at DNSKEY `key` (owner, tag, algorithm, digest)?
 * Returns 1 yes, 0 no, -1 when the digest type is not supported.
 */
int dnstk_ds_match(const ldns_rr *ds, const ldns_rr *key);

/*
 * The NSEC3 hash of `name` with the parameters (hash algorithm 1,
 * iterations, salt) of NSEC3 or NSEC3PARAM record `nsec3`, as one
 * lowercase base32hex label (a dname rdf without the zone).  Returns a
 * new rdf (caller frees with ldns_rdf_deep_free), or NULL when out of
 * memory, the hash algorithm is unknown or the iterations exceed
 * `max_iterations`.
 */
ldns_rdf *dnstk_nsec3_hash(const ldns_rr *nsec3, const ldns_rdf *name,
    unsigned max_iterations);

/* ---- validation ------------------------------------------------------ */

/* Options of one validation. */
struct dnstk_val_opts {
	int64_t now;		/* Unix time the windows are checked at */
	unsigned nsec3_max_iterations;	/* above it: insecure */
	bool strict_algorithms;	/* every DS algorithm must have a path */
	unsigned max_chain;	/* CNAME/DNAME links, <= MAX_CHAIN */
};

/* Defaults: now = time(NULL), 150 iterations, not strict, 16 links. */
void dnstk_val_opts_init(struct dnstk_val_opts *o);

/* What one step of the trace checked. */
enum dnstk_val_kind {
	DNSTK_VAL_ANCHOR,	/* a trust anchor used */
	DNSTK_VAL_DS,		/* a DS record and its match */
	DNSTK_VAL_DNSKEY,	/* a DNSKEY of the zone */
	DNSTK_VAL_RRSIG,	/* a signature over an RRset */
	DNSTK_VAL_DENIAL,	/* an NSEC/NSEC3 proof */
	DNSTK_VAL_ANSWER,	/* the answer RRset or a CNAME/DNAME link */
	DNSTK_VAL_NOTE,		/* anything else worth saying */
};

/* How a step came out. */
enum dnstk_val_mark {
	DNSTK_VAL_OK,		/* the link holds */
	DNSTK_VAL_FAIL,		/* the link is broken */
	DNSTK_VAL_UNSUPP,	/* cannot be checked (insecure) */
	DNSTK_VAL_INFO,		/* neither: context */
};

/*
 * One step of the trace.  Strings are owned by the result.  `zone` is
 * the zone the step belongs to (presentation form, "." for the root).
 */
struct dnstk_val_step {
	char *zone;
	enum dnstk_val_kind kind;
	enum dnstk_val_mark mark;
	char *text;		/* one line in plain words */
};

/* What the answer turned out to be. */
enum dnstk_val_answer {
	DNSTK_ANSWER_DATA = 0,	/* the RRset exists */
	DNSTK_ANSWER_NODATA,	/* the name exists, the type does not */
	DNSTK_ANSWER_NXDOMAIN,	/* the name does not exist */
	DNSTK_ANSWER_UNKNOWN,	/* nothing shows either way */
};

/*
 * The result of dnstk_validate().  Caller-owned: dnstk_val_result_init()
 * before, dnstk_val_result_release() after.  `steps` are in trace order
 * (top down: anchor first, then each zone, then the answer); `fail` is
 * the index of the first failing step (SIZE_MAX when none); `reason` is
 * the verdict's reason in plain words (never NULL after a successful
 * dnstk_validate; "X/A is secure" when nothing went wrong).  `fail` is
 * set only when the verdict is bogus.  `answer` holds copies of the
 * final RRset's records (after CNAME/DNAME links; NULL unless DATA),
 * owned by the result.
 */
struct dnstk_val_result {
	enum dnstk_dnssec_state verdict;
	enum dnstk_val_answer answer_kind;
	struct dnstk_val_step *steps;
	size_t nsteps;
	size_t cap;
	size_t fail;
	char *reason;
	ldns_rr_list *answer;
};

void dnstk_val_result_init(struct dnstk_val_result *r);
void dnstk_val_result_release(struct dnstk_val_result *r);

/*
 * Validate the answer to `qname`/`qtype` from the records of `pool`
 * against `anchors`: follow CNAME/DNAME links, build each zone's chain
 * from its covering anchor down (zone cuts from the records: signer
 * names, SOA, DS, DNSKEY and denial proofs), check every signature and
 * denial proof, and fill `r` (which must be freshly initialised).
 * Returns 0 (the verdict is in r->verdict, whatever it is) or
 * DNSTK_ENOMEM.  Never reads the network or the clock (o->now is used).
 */
int dnstk_validate(struct dnstk_val_result *r, const struct dnstk_rrpool *pool,
    const struct dnstk_anchors *anchors, const ldns_rdf *qname,
    ldns_rr_type qtype, const struct dnstk_val_opts *o,
    struct dnstk_err *err);

#endif
