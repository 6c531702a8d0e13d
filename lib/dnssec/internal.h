/* SPDX-License-Identifier: BSD-3-Clause */
/* Internals shared by the files of lib/dnssec (not a public API). */
#ifndef DNSTK_DNSSEC_INTERNAL_H
#define DNSTK_DNSSEC_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <ldns/ldns.h>

#include "dnssec/validate.h"

/* One zone of the chain, memoised. */
struct vzone {
	ldns_rdf *name;
	enum dnstk_dnssec_state state;
	ldns_rr_list *keys;	/* trusted DNSKEY set (shallow, pool-owned) */
	bool busy;		/* being validated: a loop if seen again */
};

/* One run of dnstk_validate(). */
struct vctx {
	const struct dnstk_rrpool *pool;
	const struct dnstk_anchors *anchors;
	const struct dnstk_val_opts *o;
	struct dnstk_val_result *r;
	struct vzone *zones;	/* DNSTK_DNSSEC_MAX_DEPTH * 2 of them */
	size_t nzones;
	int nomem;
};

/*
 * Record fields (records.c): field `i` of `rr` as a `width`-octet
 * number, 0 when it is missing or short; the named fields of RFC 4034
 * (DNSKEY §2.1, DS §5.1, RRSIG §3.1) read through it.
 */
uint32_t dnstk_rdf_uint(const ldns_rr *rr, size_t i, size_t width);
uint32_t dnstk_rdf_u32(const ldns_rr *rr, size_t i);
#define dnstk_dnskey_flags(k)	((uint16_t)dnstk_rdf_uint((k), 0, 2))
#define dnstk_dnskey_alg(k)	((uint8_t)dnstk_rdf_uint((k), 2, 1))
#define dnstk_ds_tag(ds)	((uint16_t)dnstk_rdf_uint((ds), 0, 2))
#define dnstk_ds_alg(ds)	((uint8_t)dnstk_rdf_uint((ds), 1, 1))
#define dnstk_ds_digest(ds)	((uint8_t)dnstk_rdf_uint((ds), 2, 1))
#define dnstk_rrsig_covered(s)	((uint16_t)dnstk_rdf_uint((s), 0, 2))
#define dnstk_rrsig_alg(s)	((uint8_t)dnstk_rdf_uint((s), 1, 1))
#define dnstk_rrsig_labels(s)	((uint8_t)dnstk_rdf_uint((s), 2, 1))
#define dnstk_rrsig_tag(s)	((uint16_t)dnstk_rdf_uint((s), 6, 2))

/*
 * The RDATA of DNSKEY `k` in buf[0..cap) (no names in it: it is its
 * canonical form); its length, 0 when it does not fit.
 */
#define DNSTK_DNSKEY_RDATA_MAX 4096
size_t dnstk_dnskey_rdata(uint8_t *buf, size_t cap, const ldns_rr *k);
/* The key tag of DNSKEY `k` (dnstk_crypto_keytag()); 0 for other types. */
uint16_t dnstk_dnskey_tag(const ldns_rr *k);
/* The RRSIG's signer name (owned by `s`), NULL when it is not a name. */
const ldns_rdf *dnstk_rrsig_signer(const ldns_rr *s);

/* Names and text. */
bool dnstk_name_under(const ldns_rdf *sub, const ldns_rdf *parent);
char *dnstk_name_str(const ldns_rdf *name);	/* malloc'd, lowercase */
void dnstk_type_str(char *dst, size_t cap, uint16_t t);
void dnstk_time_str(char *dst, size_t cap, int64_t t);
void dnstk_span_str(char *dst, size_t cap, int64_t d);
enum dnstk_dnssec_state dnstk_dnssec_weakest(enum dnstk_dnssec_state a,
    enum dnstk_dnssec_state b);

/* A malloc'd formatted string (vasprintf is not POSIX); NULL on no memory. */
char *dnstk_strf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* RRSIGs in `sigs` whose signer is `zone` (shallow list; NULL: no memory). */
ldns_rr_list *dnstk_sigs_by(const ldns_rr_list *sigs, const ldns_rdf *zone);

/*
 * The question as text: `name` malloc'd (NULL, with c->nomem set, when out
 * of memory) and `qtype` into tn[0..tncap).
 */
char *dnstk_vqtext(struct vctx *c, const ldns_rdf *name, ldns_rr_type qtype,
    char *tn, size_t tncap);

/* Keep `z` in *best when it has more labels (the deeper of two zones). */
void dnstk_vdeeper(const ldns_rdf **best, size_t *best_labels,
    const ldns_rdf *z);

/* The trace (trace.c). */
int dnstk_vstep(struct vctx *c, const ldns_rdf *zone, enum dnstk_val_kind kind,
    enum dnstk_val_mark mark, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void dnstk_vreason(struct vctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* No anchor covers `name`: an INFO step, the reason, INDETERMINATE. */
enum dnstk_dnssec_state dnstk_vno_anchor(struct vctx *c,
    const ldns_rdf *name);
/* A failing link: a FAIL step in `zone` and the verdict's reason. */
enum dnstk_dnssec_state dnstk_vbogus(struct vctx *c, const ldns_rdf *zone,
    enum dnstk_val_kind kind, const char *text);

/*
 * dnstk_rrsig_check() at c->o->now, setting c->nomem when it ran out of
 * memory (sigcheck.c); dnstk_rrsig_check_oom() says so in *oom.
 */
enum dnstk_sig_status dnstk_rrsig_check_oom(const ldns_rr_list *rrset,
    const ldns_rr *rrsig, const ldns_rr_list *keys, const ldns_rdf *zone,
    int64_t now, const ldns_rr **key, bool *wildcard, char *why,
    size_t whylen, bool *oom);
enum dnstk_sig_status dnstk_vsig(struct vctx *c, const ldns_rr_list *rrset,
    const ldns_rr *rrsig, const ldns_rr_list *keys, const ldns_rdf *zone,
    const ldns_rr **key, bool *wildcard, char *why, size_t whylen);

/* Chain pieces (chain.c). */
enum dnstk_dnssec_state dnstk_vzone(struct vctx *c, const ldns_rdf *zone,
    unsigned depth, const ldns_rr_list **keys_out);
enum dnstk_dnssec_state dnstk_vrrset(struct vctx *c, const ldns_rdf *zone,
    const ldns_rr_list *keys, const ldns_rr_list *rrset,
    const ldns_rr_list *sigs, const char *what, bool *wild,
    unsigned *labels);

const ldns_rdf *dnstk_vdeepest_zone(const struct vctx *c,
    const ldns_rdf *name, bool strict);

/* Denial of existence (denial.c, nsec3.c): shared steps. */
#define DNSTK_VMAX_DENIAL 4096	/* NSEC/NSEC3 records looked at per proof */
#define DNSTK_VMAX_TRIED 32	/* of them, signatures checked per proof */

enum dnstk_vmode { DNSTK_VMATCH, DNSTK_VCOVER };

/* The ancestor of `name` with `labels` labels (new rdf or NULL). */
ldns_rdf *dnstk_vancestor(const ldns_rdf *name, size_t labels);
/* "*." + `ce` (new rdf or NULL). */
ldns_rdf *dnstk_vwildcard_of(const ldns_rdf *ce);
/* Does the type bitmap of NSEC or NSEC3 `rr` have type `t`? */
bool dnstk_vhas_type(const ldns_rr *rr, ldns_rr_type t);
/*
 * Verify the single denial record `rr` with the zone's RRSIGs: 1 when it
 * verified, 0 when no signature of the zone is there, -1 when they fail
 * (a FAIL step and the reason are recorded).
 */
int dnstk_vsingle(struct vctx *c, const ldns_rdf *zone,
    const ldns_rr_list *keys, const ldns_rr *rr);
/* Type bits that refute NODATA for `qtype` at a matching record, or NULL. */
const char *dnstk_vnodata_refuted(const ldns_rr *rr, ldns_rr_type qtype);
/* A failed proof: recorded unless a signature failure (`bad`) was first. */
enum dnstk_dnssec_state dnstk_vdeny_fail(struct vctx *c,
    const ldns_rdf *zone, bool bad, const char *msg);

/* NSEC3 proofs in one zone (nsec3.c). */
struct dnstk_n3 {
	struct vctx *c;
	const ldns_rdf *zone;
	const ldns_rr_list *keys;
	const ldns_rr *params;	/* the first NSEC3 of the zone */
	bool bad;		/* a candidate's signature failed */
};

/*
 * Set up `x` for `zone`: SECURE when NSEC3 can be used, INSECURE when its
 * parameters put it out of reach (recorded), BOGUS when the zone has no
 * NSEC3 (x->params NULL).
 */
enum dnstk_dnssec_state dnstk_n3_init(struct dnstk_n3 *x, struct vctx *c,
    const ldns_rdf *zone, const ldns_rr_list *keys);
/* A verified NSEC3 of the zone matching or covering `name`, or NULL. */
const ldns_rr *dnstk_n3_find(struct dnstk_n3 *x, const ldns_rdf *name,
    enum dnstk_vmode mode);
/* Is NSEC3 `rr` opt-out? */
bool dnstk_n3_optout(const ldns_rr *rr);
/* Prove with NSEC3 that `name`/`qtype` does not exist. */
enum dnstk_dnssec_state dnstk_nsec3_negative(struct dnstk_n3 *x,
    const ldns_rdf *name, ldns_rr_type qtype, enum dnstk_val_answer *kind);

/* Denial of existence: the entry points (denial.c). */
enum dnstk_dnssec_state dnstk_vdeny_ds(struct vctx *c,
    const ldns_rdf *parent, const ldns_rr_list *pkeys,
    const ldns_rdf *child);
enum dnstk_dnssec_state dnstk_vdeny_wildcard(struct vctx *c,
    const ldns_rdf *zone, const ldns_rr_list *keys, const ldns_rdf *name,
    unsigned labels);
enum dnstk_dnssec_state dnstk_vnegative(struct vctx *c, const ldns_rdf *name,
    ldns_rr_type qtype, enum dnstk_val_answer *kind);

#endif
