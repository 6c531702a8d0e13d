/* SPDX-License-Identifier: BSD-3-Clause */
/* DNSSEC validation: RRset signatures and the chain of trust, zone by zone. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ldns/ldns.h>

#include "dnssec/internal.h"
#include "dnssec/validate.h"

/* ---- verifying one RRset --------------------------------------------- */

/*
 * Verify `rrset` (named `what` in messages, e.g. "www.example./A") with
 * the RRSIGs of `sigs` against the trusted `keys` of `zone`.  Records a
 * step either way.  Returns SECURE or BOGUS; *wild says whether the
 * validating signature is a wildcard expansion, *labels its label count.
 */
enum dnstk_dnssec_state
dnstk_vrrset(struct vctx *c, const ldns_rdf *zone, const ldns_rr_list *keys,
    const ldns_rr_list *rrset, const ldns_rr_list *sigs, const char *what,
    bool *wild, unsigned *labels)
{
	char why[256] = "", best[256] = "", tbuf[32], sbuf[32];
	enum dnstk_sig_status bst = DNSTK_SIG_NO_KEY;
	size_t n = ldns_rr_list_rr_count(sigs);
	int rank_best = -1;
	char msg[600];

	if (wild != NULL) {
		*wild = false;
	}
	if (n > DNSTK_DNSSEC_MAX_SIGS) {
		n = DNSTK_DNSSEC_MAX_SIGS;
	}
	for (size_t i = 0; i < n; i++) {
		const ldns_rr *s = ldns_rr_list_rr(sigs, i);
		const ldns_rr *k = NULL;
		bool w = false;
		enum dnstk_sig_status st;
		int rank;

		st = dnstk_vsig(c, rrset, s, keys, zone, &k, &w, why,
		    sizeof(why));
		if (st == DNSTK_SIG_OK) {
			int64_t exp;

			dnstk_rrsig_window(s, c->o->now, NULL, &exp);
			dnstk_time_str(tbuf, sizeof(tbuf), exp);
			dnstk_span_str(sbuf, sizeof(sbuf), exp - c->o->now);
			dnstk_vstep(c, zone, DNSTK_VAL_RRSIG, DNSTK_VAL_OK,
			    "RRSIG over %s by key %u (alg %u)%s: valid, "
			    "expires %s (in %s)", what, dnstk_rrsig_tag(s),
			    dnstk_rrsig_alg(s), w ? ", wildcard expansion" :
			    "", tbuf, sbuf);
			if (wild != NULL) {
				*wild = w;
			}
			if (labels != NULL) {
				*labels = dnstk_rrsig_labels(s);
			}
			/* RFC 4035 §5.3.3: the TTL is capped, not an error. */
			{
				uint32_t ottl = dnstk_rdf_u32(s, 3), top = 0;

				for (size_t j = 0; j < ldns_rr_list_rr_count(rrset);
				    j++) {
					uint32_t t = ldns_rr_ttl(
					    ldns_rr_list_rr(rrset, j));
					top = t > top ? t : top;
				}
				if (top > ottl) {
					dnstk_vstep(c, zone, DNSTK_VAL_NOTE,
					    DNSTK_VAL_INFO, "TTL %u of %s is "
					    "above the RRSIG's original TTL %u: "
					    "use %u", top, what, ottl, ottl);
				}
			}
			return DNSTK_DNSSEC_SECURE;
		}
		/* Keep the most telling reason: a real key beats no key. */
		switch (st) {
		case DNSTK_SIG_BAD:
		case DNSTK_SIG_EXPIRED:
		case DNSTK_SIG_NOT_YET:
			rank = 3;
			break;
		case DNSTK_SIG_NO_KEY:
			rank = 2;
			break;
		default:
			rank = 1;
			break;
		}
		if (rank > rank_best) {
			rank_best = rank;
			bst = st;
			snprintf(best, sizeof(best), "RRSIG over %s by key %u "
			    "(alg %u) %s", what, dnstk_rrsig_tag(s),
			    dnstk_rrsig_alg(s), why);
		}
	}
	(void)bst;
	if (n == 0) {
		snprintf(msg, sizeof(msg), "no RRSIG by %s over %s",
		    "the zone", what);
	} else {
		snprintf(msg, sizeof(msg), "%s", best);
	}
	return dnstk_vbogus(c, zone, DNSTK_VAL_RRSIG, msg);
}

/* ---- zones: the chain of trust --------------------------------------- */

static struct vzone *
zone_memo(struct vctx *c, const ldns_rdf *name)
{
	for (size_t i = 0; i < c->nzones; i++) {
		if (ldns_dname_compare(c->zones[i].name, name) == 0) {
			return &c->zones[i];
		}
	}
	return NULL;
}

/* Text for a DNSKEY: "key 12345 (alg 13, KSK)". */
static void
key_str(char *dst, size_t cap, const ldns_rr *k)
{
	uint16_t f = dnstk_dnskey_flags(k);

	snprintf(dst, cap, "DNSKEY %u (alg %u, flags %u%s%s)",
	    dnstk_dnskey_tag(k), dnstk_dnskey_alg(k), f,
	    (f & LDNS_KEY_SEP_KEY) ? ", KSK" : ", ZSK",
	    (f & LDNS_KEY_REVOKE_KEY) ? ", revoked" : "");
}

static bool
dnskey_equal(const ldns_rr *a, const ldns_rr *b)
{
	return ldns_rr_compare(a, b) == 0;
}

/* One validation of a DNSKEY set against its DS records or anchors. */
struct keyset {
	struct vctx *c;
	const ldns_rdf *zone;
	const char *zs;		/* the zone's name as text */
	bool anchor;		/* trust is anchors, not DS records */
	const char *src;	/* "anchor" or "DS" */
	ldns_rr_list *keys;	/* the DNSKEY set (shallow) */
	ldns_rr_list *zsigs;	/* its RRSIGs by the zone */
	size_t nk;
	char what[300];		/* "zone/DNSKEY" */
	char fail[400];		/* why it is not validated, so far */
	uint8_t algs_ok[256], algs_want[256];
	size_t usable;
	bool any;		/* a path validated */
};

/* Can trust record `t` be used at all?  An UNSUPP step if not. */
static bool
trust_usable(struct keyset *ks, const ldns_rr *t, bool is_ds, uint8_t alg,
    uint16_t tag)
{
	enum dnstk_val_kind kind = ks->anchor ? DNSTK_VAL_ANCHOR :
	    DNSTK_VAL_DS;

	if (is_ds && !dnstk_ds_digest_supported(dnstk_ds_digest(t))) {
		dnstk_vstep(ks->c, ks->zone, kind, DNSTK_VAL_UNSUPP, "%s %u "
		    "(alg %u, digest %u): digest type not supported", ks->src,
		    tag, alg, dnstk_ds_digest(t));
		return false;
	}
	if (!dnstk_dnssec_alg_supported(alg)) {
		dnstk_vstep(ks->c, ks->zone, kind, DNSTK_VAL_UNSUPP, "%s %u "
		    "(alg %u): algorithm not supported", ks->src, tag, alg);
		return false;
	}
	return true;
}

/*
 * Does key `k` (pointed to by the trust record of `tag`/`alg`) sign the
 * DNSKEY set?  Only this key may sign the set for this path.  Records the
 * OK step or the failure; 0 or DNSTK_ENOMEM.
 */
static int
key_signs_set(struct keyset *ks, const ldns_rr *k, uint16_t tag,
    uint8_t alg)
{
	struct vctx *c = ks->c;
	ldns_rr_list *one = ldns_rr_list_new();
	char why[256] = "", w1[256], tb[32], sb[32];
	size_t ns = ldns_rr_list_rr_count(ks->zsigs);
	bool ok = false;

	if (one == NULL || !ldns_rr_list_push_rr(one, (ldns_rr *)k)) {
		ldns_rr_list_free(one);
		c->nomem = 1;
		return DNSTK_ENOMEM;
	}
	for (size_t s = 0; s < ns && s < DNSTK_DNSSEC_MAX_SIGS; s++) {
		const ldns_rr *sg = ldns_rr_list_rr(ks->zsigs, s);
		int64_t exp;

		if (dnstk_rrsig_tag(sg) != tag || dnstk_rrsig_alg(sg) != alg) {
			continue;
		}
		if (dnstk_vsig(c, ks->keys, sg, one, ks->zone, NULL, NULL, w1,
		    sizeof(w1)) != DNSTK_SIG_OK) {
			snprintf(why, sizeof(why), "%s", w1);
			continue;
		}
		ok = true;
		dnstk_rrsig_window(sg, c->o->now, NULL, &exp);
		dnstk_time_str(tb, sizeof(tb), exp);
		dnstk_span_str(sb, sizeof(sb), exp - c->o->now);
		dnstk_vstep(c, ks->zone, DNSTK_VAL_RRSIG, DNSTK_VAL_OK, "RRSIG "
		    "over %s by key %u (alg %u): valid, expires %s (in %s)",
		    ks->what, tag, alg, tb, sb);
		break;
	}
	ldns_rr_list_free(one);
	if (ok) {
		ks->algs_ok[alg] = 1;
		ks->any = true;
	} else if (why[0] != '\0') {
		snprintf(ks->fail, sizeof(ks->fail), "RRSIG over %s by key %u "
		    "(alg %u) %s", ks->what, tag, alg, why);
	} else {
		snprintf(ks->fail, sizeof(ks->fail), "%s is not signed by key "
		    "%u (alg %u) that the %s points to", ks->what, tag, alg,
		    ks->src);
	}
	return 0;
}

/* Trust record `t` points at no key: an INFO step, and the failure. */
static void
trust_unmatched(struct keyset *ks, const ldns_rr *t, bool is_ds,
    uint8_t alg, uint16_t tag, bool tag_found)
{
	if (tag_found && is_ds) {
		dnstk_vstep(ks->c, ks->zone, DNSTK_VAL_DS, DNSTK_VAL_INFO, "DS "
		    "%u (alg %u, digest %u): digest does not match DNSKEY %u",
		    tag, alg, dnstk_ds_digest(t), tag);
		if (ks->fail[0] == '\0') {
			snprintf(ks->fail, sizeof(ks->fail), "DS %u (alg %u, "
			    "digest %u) of %s does not match the digest of "
			    "DNSKEY %u", tag, alg, dnstk_ds_digest(t), ks->zs,
			    tag);
		}
		return;
	}
	dnstk_vstep(ks->c, ks->zone, ks->anchor ? DNSTK_VAL_ANCHOR :
	    DNSTK_VAL_DS, DNSTK_VAL_INFO, "%s %u (alg %u) points at no key of "
	    "the DNSKEY set", ks->src, tag, alg);
	if (ks->fail[0] == '\0') {
		snprintf(ks->fail, sizeof(ks->fail), "%s %u (alg %u) of %s "
		    "points at no key in its DNSKEY set", ks->src, tag, alg,
		    ks->zs);
	}
}

/* Follow trust record `t` to the keys it matches.  0 or DNSTK_ENOMEM. */
static int
trust_follow(struct keyset *ks, const ldns_rr *t)
{
	bool is_ds = ldns_rr_get_type(t) == LDNS_RR_TYPE_DS;
	uint8_t alg = is_ds ? dnstk_ds_alg(t) : dnstk_dnskey_alg(t);
	uint16_t tag = is_ds ? dnstk_ds_tag(t) : dnstk_dnskey_tag(t);
	bool matched = false, tag_found = false;
	char kbuf[96];

	if (!trust_usable(ks, t, is_ds, alg, tag)) {
		return 0;
	}
	ks->usable++;
	ks->algs_want[alg] = 1;
	for (size_t j = 0; j < ks->nk && j < 4096; j++) {
		const ldns_rr *k = ldns_rr_list_rr(ks->keys, j);

		if (dnstk_dnskey_tag(k) == tag && dnstk_dnskey_alg(k) == alg) {
			tag_found = true;
		}
		if ((is_ds ? dnstk_ds_match(t, k) : (dnskey_equal(t, k) ? 1 :
		    0)) != 1) {
			continue;
		}
		matched = true;
		key_str(kbuf, sizeof(kbuf), k);
		if (is_ds) {
			dnstk_vstep(ks->c, ks->zone, ks->anchor ?
			    DNSTK_VAL_ANCHOR : DNSTK_VAL_DS, DNSTK_VAL_OK,
			    "%s %u (alg %u, digest %u) matches %s", ks->src,
			    tag, alg, dnstk_ds_digest(t), kbuf);
		} else {
			dnstk_vstep(ks->c, ks->zone, DNSTK_VAL_ANCHOR,
			    DNSTK_VAL_OK, "anchor is %s", kbuf);
		}
		if (dnstk_dnskey_flags(k) & LDNS_KEY_REVOKE_KEY) {
			snprintf(ks->fail, sizeof(ks->fail), "%s is revoked",
			    kbuf);
			continue;
		}
		if (key_signs_set(ks, k, tag, alg) != 0) {
			return DNSTK_ENOMEM;
		}
	}
	if (!matched) {
		trust_unmatched(ks, t, is_ds, alg, tag, tag_found);
	}
	return 0;
}

/* The verdict once every trust record was followed. */
static enum dnstk_dnssec_state
keyset_verdict(struct keyset *ks)
{
	struct vctx *c = ks->c;
	char kbuf[96];

	if (ks->usable == 0) {
		dnstk_vstep(c, ks->zone, DNSTK_VAL_NOTE, DNSTK_VAL_UNSUPP,
		    "no %s with a supported algorithm and digest: the zone "
		    "is insecure (RFC 4035 5.2)", ks->src);
		dnstk_vreason(c, "%s has no %s with a supported algorithm "
		    "and digest type", ks->zs, ks->src);
		return DNSTK_DNSSEC_INSECURE;
	}
	if (ks->nk == 0) {
		snprintf(ks->fail, sizeof(ks->fail), "%s has a DS but no "
		    "DNSKEY set", ks->zs);
	}
	for (unsigned a = 0; ks->any && c->o->strict_algorithms && a < 256;
	    a++) {
		if (ks->algs_want[a] && !ks->algs_ok[a]) {
			ks->any = false;
			snprintf(ks->fail, sizeof(ks->fail), "--strict-"
			    "algorithms: no valid path for DS algorithm %u of "
			    "%s", a, ks->zs);
		}
	}
	if (!ks->any) {
		return dnstk_vbogus(c, ks->zone, DNSTK_VAL_DNSKEY,
		    ks->fail[0] ? ks->fail : "DNSKEY set not validated");
	}
	for (size_t j = 0; j < ks->nk && j < 64; j++) {
		key_str(kbuf, sizeof(kbuf), ldns_rr_list_rr(ks->keys, j));
		dnstk_vstep(c, ks->zone, DNSTK_VAL_DNSKEY, DNSTK_VAL_INFO,
		    "%s", kbuf);
	}
	return DNSTK_DNSSEC_SECURE;
}

/*
 * Validate the DNSKEY RRset of `zone` from the trusted DS records (or
 * DNSKEY anchors) of `trust`.  On SECURE, *out gets the DNSKEY RRset
 * (shallow list, the caller frees it).
 */
static enum dnstk_dnssec_state
validate_keyset(struct vctx *c, const ldns_rdf *zone,
    const ldns_rr_list *trust, bool anchor, ldns_rr_list **out)
{
	struct keyset ks;
	ldns_rr_list *ksigs = NULL;
	enum dnstk_dnssec_state st = DNSTK_DNSSEC_BOGUS;
	char *zs = dnstk_name_str(zone);

	*out = NULL;
	memset(&ks, 0, sizeof(ks));
	ks.c = c;
	ks.zone = zone;
	ks.zs = zs;
	ks.anchor = anchor;
	ks.src = anchor ? "anchor" : "DS";
	ks.keys = dnstk_rrpool_find(c->pool, zone, LDNS_RR_TYPE_DNSKEY, false);
	ksigs = dnstk_rrpool_find(c->pool, zone, LDNS_RR_TYPE_DNSKEY, true);
	ks.zsigs = ksigs != NULL ? dnstk_sigs_by(ksigs, zone) : NULL;
	if (zs == NULL || ks.keys == NULL || ks.zsigs == NULL) {
		c->nomem = 1;
		goto out;
	}
	snprintf(ks.what, sizeof(ks.what), "%s/DNSKEY", zs);
	ks.nk = ldns_rr_list_rr_count(ks.keys);
	for (size_t i = 0; i < ldns_rr_list_rr_count(trust); i++) {
		if (trust_follow(&ks, ldns_rr_list_rr(trust, i)) != 0) {
			goto out;
		}
	}
	st = keyset_verdict(&ks);
	if (st == DNSTK_DNSSEC_SECURE) {
		*out = ks.keys;
		ks.keys = NULL;
	}
out:
	free(zs);
	ldns_rr_list_free(ks.keys);
	ldns_rr_list_free(ksigs);
	ldns_rr_list_free(ks.zsigs);
	return c->nomem ? DNSTK_DNSSEC_BOGUS : st;
}

/* Anchors whose owner is `zone` (shallow list). */
static ldns_rr_list *
anchors_at(const struct dnstk_anchors *a, const ldns_rdf *zone)
{
	ldns_rr_list *out = ldns_rr_list_new();

	if (out == NULL) {
		return NULL;
	}
	for (size_t i = 0; i < ldns_rr_list_rr_count(a->rrs); i++) {
		ldns_rr *rr = ldns_rr_list_rr(a->rrs, i);

		if (ldns_dname_compare(ldns_rr_owner(rr), zone) == 0 &&
		    !ldns_rr_list_push_rr(out, rr)) {
			ldns_rr_list_free(out);
			return NULL;
		}
	}
	return out;
}

/*
 * The parent of `zone` below the covering anchor `acover`: the signer of
 * its DS RRset when that is above it, else the deepest zone the records
 * show, else the anchor.
 */
static const ldns_rdf *
ds_parent(const struct vctx *c, const ldns_rdf *zone,
    const ldns_rr_list *dsigs, const ldns_rdf *acover)
{
	const ldns_rdf *parent = NULL;

	for (size_t i = 0; i < ldns_rr_list_rr_count(dsigs); i++) {
		const ldns_rdf *sg = dnstk_rrsig_signer(
		    ldns_rr_list_rr(dsigs, i));

		if (sg != NULL && dnstk_name_under(zone, sg) &&
		    ldns_dname_compare(zone, sg) != 0 &&
		    dnstk_name_under(sg, acover)) {
			parent = sg;
			break;
		}
	}
	if (parent == NULL) {
		parent = dnstk_vdeepest_zone(c, zone, true);
	}
	if (parent == NULL || !dnstk_name_under(parent, acover)) {
		parent = acover;
	}
	return parent;
}

/*
 * Validate `zone` (named `zs`) below its covering anchor `acover`: its
 * parent first, then its DS RRset (signed by the parent) and its DNSKEY
 * set from them, or the proof that it has no DS.  *keys gets the DNSKEY
 * set on SECURE.
 */
static enum dnstk_dnssec_state
vzone_delegated(struct vctx *c, const ldns_rdf *zone, const char *zs,
    unsigned depth, const ldns_rdf *acover, ldns_rr_list **keys)
{
	ldns_rr_list *ds, *dsigs, *psigs = NULL;
	const ldns_rr_list *pkeys = NULL;
	const ldns_rdf *parent;
	enum dnstk_dnssec_state st = DNSTK_DNSSEC_BOGUS;
	char what[300];

	ds = dnstk_rrpool_find(c->pool, zone, LDNS_RR_TYPE_DS, false);
	dsigs = dnstk_rrpool_find(c->pool, zone, LDNS_RR_TYPE_DS, true);
	if (ds == NULL || dsigs == NULL) {
		c->nomem = 1;
		goto out;
	}
	parent = ds_parent(c, zone, dsigs, acover);
	st = dnstk_vzone(c, parent, depth + 1, &pkeys);
	if (st != DNSTK_DNSSEC_SECURE) {
		if (st == DNSTK_DNSSEC_INSECURE) {
			dnstk_vstep(c, zone, DNSTK_VAL_NOTE, DNSTK_VAL_INFO,
			    "below an insecure delegation");
		}
		goto out;
	}
	if (ldns_rr_list_rr_count(ds) == 0) {
		st = dnstk_vdeny_ds(c, parent, pkeys, zone);
		goto out;
	}
	psigs = dnstk_sigs_by(dsigs, parent);
	if (psigs == NULL) {
		c->nomem = 1;
		st = DNSTK_DNSSEC_BOGUS;
		goto out;
	}
	snprintf(what, sizeof(what), "%s/DS", zs);
	st = dnstk_vrrset(c, parent, pkeys, ds, psigs, what, NULL, NULL);
	if (st == DNSTK_DNSSEC_SECURE) {
		st = validate_keyset(c, zone, ds, false, keys);
	}
out:
	ldns_rr_list_free(psigs);
	ldns_rr_list_free(ds);
	ldns_rr_list_free(dsigs);
	return st;
}

/*
 * A new memo entry for `zone`, marked busy; NULL when the chain is too
 * long (a FAIL step) or out of memory.  *st gets the state to return.
 */
static struct vzone *
vzone_enter(struct vctx *c, const ldns_rdf *zone, unsigned depth,
    enum dnstk_dnssec_state *st)
{
	struct vzone *z;

	*st = DNSTK_DNSSEC_BOGUS;
	if (c->nzones >= DNSTK_DNSSEC_MAX_DEPTH * 2 ||
	    depth > DNSTK_DNSSEC_MAX_DEPTH) {
		*st = dnstk_vbogus(c, zone, DNSTK_VAL_NOTE,
		    "the chain of trust is too long");
		return NULL;
	}
	z = &c->zones[c->nzones];
	memset(z, 0, sizeof(*z));
	z->name = ldns_rdf_clone(zone);
	if (z->name == NULL) {
		c->nomem = 1;
		return NULL;
	}
	c->nzones++;
	z->busy = true;
	return z;
}

enum dnstk_dnssec_state
dnstk_vzone(struct vctx *c, const ldns_rdf *zone, unsigned depth,
    const ldns_rr_list **keys_out)
{
	struct vzone *z;
	const ldns_rdf *acover;
	ldns_rr_list *trust = NULL, *keys = NULL;
	enum dnstk_dnssec_state st = DNSTK_DNSSEC_BOGUS;
	char *zs = NULL;

	*keys_out = NULL;
	z = zone_memo(c, zone);
	if (z != NULL) {
		if (z->busy) {
			return dnstk_vbogus(c, zone, DNSTK_VAL_NOTE,
			    "the chain of trust loops");
		}
		*keys_out = z->keys;
		return z->state;
	}
	if (vzone_enter(c, zone, depth, &st) == NULL) {
		return st;
	}
	zs = dnstk_name_str(zone);
	if (zs == NULL) {
		c->nomem = 1;
		goto out;
	}
	acover = dnstk_anchors_cover(c->anchors, zone);
	if (acover == NULL) {
		st = dnstk_vno_anchor(c, zone);
	} else if (ldns_dname_compare(acover, zone) == 0) {
		trust = anchors_at(c->anchors, zone);
		if (trust == NULL) {
			c->nomem = 1;
			goto out;
		}
		st = validate_keyset(c, zone, trust, true, &keys);
	} else {
		st = vzone_delegated(c, zone, zs, depth, acover, &keys);
	}
out:
	if (c->nomem) {
		st = DNSTK_DNSSEC_BOGUS;
	}
	/* c->zones does not move: it is a fixed array. */
	z = zone_memo(c, zone);
	z->busy = false;
	z->state = st;
	z->keys = keys;
	*keys_out = keys;
	free(zs);
	ldns_rr_list_free(trust);
	return st;
}
