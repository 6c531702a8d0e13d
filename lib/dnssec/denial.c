/* SPDX-License-Identifier: BSD-3-Clause */
/* DNSSEC denial of existence: NSEC (RFC 4035 §5.4), the entry points. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ldns/ldns.h>

#include "dns/rrset.h"
#include "dnssec/internal.h"
#include "dnssec/validate.h"

/* ---- helpers --------------------------------------------------------- */

ldns_rdf *
dnstk_vancestor(const ldns_rdf *name, size_t labels)
{
	size_t have = ldns_dname_label_count(name);
	ldns_rdf *cur = ldns_rdf_clone(name), *up;

	while (cur != NULL && have > labels) {
		up = ldns_dname_left_chop(cur);
		ldns_rdf_deep_free(cur);
		cur = up;
		have--;
	}
	return cur;
}

/* "*." + `ce` (new rdf or NULL). */
ldns_rdf *
dnstk_vwildcard_of(const ldns_rdf *ce)
{
	ldns_rdf *star = ldns_dname_new_frm_str("*"), *w;

	if (star == NULL) {
		return NULL;
	}
	w = ldns_dname_cat_clone(star, ce);
	ldns_rdf_deep_free(star);
	return w;
}

bool
dnstk_vhas_type(const ldns_rr *rr, ldns_rr_type t)
{
	const ldns_rdf *bm = ldns_rr_get_type(rr) == LDNS_RR_TYPE_NSEC ?
	    ldns_rr_rdf(rr, 1) : ldns_rr_rdf(rr, 5);

	return bm != NULL && ldns_nsec_bitmap_covers_type(bm, t);
}

/*
 * Verify the single record `rr` (an NSEC or NSEC3: one per owner in a
 * zone) with the zone's RRSIGs at its owner.  Returns 1 when it
 * verified (an OK step is recorded), 0 when no signature of the zone is
 * there (a record of another zone: ignore it), -1 when the zone's
 * signatures fail (a FAIL step and the reason are recorded).
 */
int
dnstk_vsingle(struct vctx *c, const ldns_rdf *zone, const ldns_rr_list *keys,
    const ldns_rr *rr)
{
	ldns_rr_list *sigs, *one;
	char why[256] = "", tn[16];
	char *os;
	int rc = 0;
	size_t n;
	bool wild = false;

	sigs = dnstk_rrpool_find(c->pool, ldns_rr_owner(rr),
	    ldns_rr_get_type(rr), true);
	one = ldns_rr_list_new();
	os = dnstk_name_str(ldns_rr_owner(rr));
	if (sigs == NULL || one == NULL || os == NULL ||
	    !ldns_rr_list_push_rr(one, (ldns_rr *)rr)) {
		c->nomem = 1;
		rc = -1;
		goto out;
	}
	dnstk_type_str(tn, sizeof(tn), ldns_rr_get_type(rr));
	n = ldns_rr_list_rr_count(sigs);
	for (size_t i = 0; i < n && i < DNSTK_DNSSEC_MAX_SIGS; i++) {
		const ldns_rr *s = ldns_rr_list_rr(sigs, i);
		const ldns_rdf *sg = dnstk_rrsig_signer(s);
		enum dnstk_sig_status st;

		if (sg == NULL || ldns_dname_compare(sg, zone) != 0) {
			continue;
		}
		st = dnstk_vsig(c, one, s, keys, zone, NULL, &wild, why,
		    sizeof(why));
		if (st == DNSTK_SIG_OK && wild) {
			/*
			 * A denial record synthesised from a wildcard proves
			 * nothing about other names (CVE-2017-15105).
			 */
			st = DNSTK_SIG_MISMATCH;
			snprintf(why, sizeof(why), "is a wildcard expansion, "
			    "not a proof");
			rc = -1;
			{
				char msg[600];

				snprintf(msg, sizeof(msg), "%s/%s %s", os, tn,
				    why);
				dnstk_vstep(c, zone, DNSTK_VAL_DENIAL,
				    DNSTK_VAL_FAIL, "%s", msg);
				dnstk_vreason(c, "%s", msg);
			}
			goto out;
		}
		if (st == DNSTK_SIG_OK) {
			dnstk_vstep(c, zone, DNSTK_VAL_RRSIG, DNSTK_VAL_OK,
			    "RRSIG over %s/%s by key %u (alg %u): valid", os,
			    tn, dnstk_rrsig_tag(s), dnstk_rrsig_alg(s));
			rc = 1;
			goto out;
		}
		rc = -1;
		if (st == DNSTK_SIG_MISMATCH) {
			continue;
		}
		{
			char msg[600];

			snprintf(msg, sizeof(msg), "RRSIG over %s/%s by key %u "
			    "(alg %u) %s", os, tn, dnstk_rrsig_tag(s),
			    dnstk_rrsig_alg(s), why);
			/* Keep looking: another signature may hold. */
			if (i + 1 >= n) {
				dnstk_vstep(c, zone, DNSTK_VAL_RRSIG,
				    DNSTK_VAL_FAIL, "%s", msg);
				dnstk_vreason(c, "%s", msg);
			}
		}
	}
	if (rc == -1 && c->r->fail == SIZE_MAX) {
		dnstk_vstep(c, zone, DNSTK_VAL_RRSIG, DNSTK_VAL_FAIL,
		    "no valid RRSIG over %s/%s", os, tn);
		dnstk_vreason(c, "no valid RRSIG over %s/%s", os, tn);
	}
out:
	ldns_rr_list_free(sigs);
	ldns_rr_list_free(one);
	free(os);
	return rc;
}

/* ---- NSEC ------------------------------------------------------------ */

/* Does NSEC `rr` cover `name` (strictly between owner and next)? */
static bool
nsec_covers(const ldns_rr *rr, const ldns_rdf *name)
{
	const ldns_rdf *owner = ldns_rr_owner(rr), *next = ldns_rr_rdf(rr, 0);
	int c1, c2;

	if (next == NULL || ldns_rdf_get_type(next) != LDNS_RDF_TYPE_DNAME) {
		return false;
	}
	c1 = dnstk_dname_canon_compare(owner, name);
	c2 = dnstk_dname_canon_compare(name, next);
	/* A delegation's NSEC proves nothing below the cut (RFC 6840 §4.1). */
	if (ldns_dname_is_subdomain(name, owner) &&
	    ((dnstk_vhas_type(rr, LDNS_RR_TYPE_NS) &&
	    !dnstk_vhas_type(rr, LDNS_RR_TYPE_SOA))
	    || dnstk_vhas_type(rr, LDNS_RR_TYPE_DNAME))) {
		return false;
	}
	if (dnstk_dname_canon_compare(owner, next) < 0) {
		return c1 < 0 && c2 < 0;
	}
	return c1 < 0 || c2 < 0;	/* the last NSEC wraps to the apex */
}

/*
 * Find a verified NSEC of `zone` that matches or covers `name`.  Returns
 * it (pool-owned) or NULL; *bad is set when a candidate's signature
 * failed (the reason is recorded).
 */
static const ldns_rr *
nsec_find(struct vctx *c, const ldns_rdf *zone, const ldns_rr_list *keys,
    const ldns_rdf *name, enum dnstk_vmode mode, bool *bad)
{
	size_t n = ldns_rr_list_rr_count(c->pool->rrs), seen = 0, tried = 0;

	for (size_t i = 0; i < n && seen < DNSTK_VMAX_DENIAL &&
	    tried < DNSTK_VMAX_TRIED; i++) {
		const ldns_rr *rr = ldns_rr_list_rr(c->pool->rrs, i);
		bool hit;
		int v;

		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_NSEC ||
		    !dnstk_name_under(ldns_rr_owner(rr), zone)) {
			continue;
		}
		seen++;
		hit = mode == DNSTK_VMATCH ?
		    ldns_dname_compare(ldns_rr_owner(rr), name) == 0 :
		    nsec_covers(rr, name);
		if (!hit) {
			continue;
		}
		tried++;
		v = dnstk_vsingle(c, zone, keys, rr);
		if (v == 1) {
			return rr;
		}
		if (v < 0) {
			*bad = true;
		}
	}
	return NULL;
}

/* Is there an RRSIG by `zone` over the RRset of `rr`? */
static bool
signed_by(const struct vctx *c, const ldns_rr *rr, const ldns_rdf *zone)
{
	for (size_t i = 0; i < ldns_rr_list_rr_count(c->pool->rrs); i++) {
		const ldns_rr *s = ldns_rr_list_rr(c->pool->rrs, i);
		const ldns_rdf *sg;

		if (ldns_rr_get_type(s) != LDNS_RR_TYPE_RRSIG ||
		    dnstk_rrsig_covered(s) != ldns_rr_get_type(rr)) {
			continue;
		}
		sg = dnstk_rrsig_signer(s);
		if (sg != NULL && ldns_dname_compare(sg, zone) == 0 &&
		    ldns_dname_compare(ldns_rr_owner(s), ldns_rr_owner(rr)) ==
		    0) {
			return true;
		}
	}
	return false;
}

static bool
zone_has(const struct vctx *c, const ldns_rdf *zone, ldns_rr_type t)
{
	for (size_t i = 0; i < ldns_rr_list_rr_count(c->pool->rrs); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(c->pool->rrs, i);

		if (ldns_rr_get_type(rr) != t) {
			continue;
		}
		if (t == LDNS_RR_TYPE_NSEC3) {
			ldns_rdf *p = ldns_dname_left_chop(ldns_rr_owner(rr));
			bool ok = p != NULL && ldns_dname_compare(p, zone) == 0;

			ldns_rdf_deep_free(p);
			if (ok) {
				return true;
			}
		} else if (dnstk_name_under(ldns_rr_owner(rr), zone) &&
		    signed_by(c, rr, zone)) {
			/* Child zones' NSECs sit under us too: ask the signer. */
			return true;
		}
	}
	return false;
}

/* Type bits that refute NODATA for `qtype` at a matching record. */
const char *
dnstk_vnodata_refuted(const ldns_rr *rr, ldns_rr_type qtype)
{
	if (dnstk_vhas_type(rr, qtype)) {
		return "says the type exists";
	}
	if (qtype != LDNS_RR_TYPE_CNAME &&
	    dnstk_vhas_type(rr, LDNS_RR_TYPE_CNAME)) {
		return "says the name is an alias (CNAME)";
	}
	if (qtype == LDNS_RR_TYPE_DS && dnstk_vhas_type(rr, LDNS_RR_TYPE_SOA)) {
		return "is the child's apex record, not the parent's";
	}
	return NULL;
}

/* A failed NSEC proof: recorded unless a signature failure was first. */
enum dnstk_dnssec_state
dnstk_vdeny_fail(struct vctx *c, const ldns_rdf *zone, bool bad,
    const char *msg)
{
	if (!bad || c->r->fail == SIZE_MAX) {
		dnstk_vstep(c, zone, DNSTK_VAL_DENIAL, DNSTK_VAL_FAIL, "%s",
		    msg);
		dnstk_vreason(c, "%s", msg);
	}
	return DNSTK_DNSSEC_BOGUS;
}

/*
 * The closest encloser of `name` that NSEC `cov` (covering it) shows:
 * the deepest ancestor shared with the span, at most the zone.  A new
 * rdf, or NULL when out of memory (c->nomem set).
 */
static ldns_rdf *
nsec_closest_encloser(struct vctx *c, const ldns_rdf *zone,
    const ldns_rdf *name, const ldns_rr *cov)
{
	ldns_rdf *ce = NULL;

	for (size_t l = ldns_dname_label_count(name); l-- > 0;) {
		ce = dnstk_vancestor(name, l);
		if (ce == NULL) {
			c->nomem = 1;
			return NULL;
		}
		if (!dnstk_name_under(ce, zone)) {
			ldns_rdf_deep_free(ce);
			ce = ldns_rdf_clone(zone);
			break;
		}
		if (dnstk_name_under(ldns_rr_owner(cov), ce) ||
		    dnstk_name_under(ldns_rr_rdf(cov, 0), ce)) {
			break;
		}
		ldns_rdf_deep_free(ce);
		ce = NULL;
	}
	if (ce == NULL) {
		ce = ldns_rdf_clone(zone);
	}
	if (ce == NULL) {
		c->nomem = 1;
	}
	return ce;
}

/*
 * The wildcard part of an NSEC NXDOMAIN proof: the wildcard `wild` (text
 * `ws`) of the closest encloser has no `qtype` (wildcard NODATA) or does
 * not exist (NXDOMAIN).  SECURE with *kind, or BOGUS (recorded).
 */
static enum dnstk_dnssec_state
nsec_no_wildcard(struct vctx *c, const ldns_rdf *zone,
    const ldns_rr_list *keys, const ldns_rdf *wild, const char *ws,
    ldns_rr_type qtype, enum dnstk_val_answer *kind, bool *bad)
{
	const ldns_rr *wm;
	char tn[32], msg[600];

	dnstk_type_str(tn, sizeof(tn), qtype);
	wm = nsec_find(c, zone, keys, wild, DNSTK_VMATCH, bad);
	if (wm != NULL) {
		if (dnstk_vhas_type(wm, qtype) ||
		    dnstk_vhas_type(wm, LDNS_RR_TYPE_CNAME)) {
			snprintf(msg, sizeof(msg), "the wildcard %s has type %s, "
			    "yet no expanded answer was given", ws, tn);
			return dnstk_vdeny_fail(c, zone, *bad, msg);
		}
		dnstk_vstep(c, zone, DNSTK_VAL_DENIAL, DNSTK_VAL_OK, "NSEC at "
		    "%s: the wildcard has no type %s (wildcard NODATA)", ws,
		    tn);
		*kind = DNSTK_ANSWER_NODATA;
		return DNSTK_DNSSEC_SECURE;
	}
	if (nsec_find(c, zone, keys, wild, DNSTK_VCOVER, bad) == NULL) {
		snprintf(msg, sizeof(msg), "no NSEC proves that the wildcard "
		    "%s does not exist", ws);
		return dnstk_vdeny_fail(c, zone, *bad, msg);
	}
	dnstk_vstep(c, zone, DNSTK_VAL_DENIAL, DNSTK_VAL_OK, "NSEC covers %s: "
	    "no wildcard (NXDOMAIN)", ws);
	*kind = DNSTK_ANSWER_NXDOMAIN;
	return DNSTK_DNSSEC_SECURE;
}

/*
 * Prove with NSEC that `name`/`qtype` does not exist in `zone`.
 * Returns SECURE (proven; *kind says how) or BOGUS (reason recorded).
 */
static enum dnstk_dnssec_state
nsec_negative(struct vctx *c, const ldns_rdf *zone, const ldns_rr_list *keys,
    const ldns_rdf *name, ldns_rr_type qtype, enum dnstk_val_answer *kind)
{
	const ldns_rr *m, *cov;
	ldns_rdf *ce = NULL, *wild = NULL;
	char *ns, *cs = NULL, *ws = NULL, tn[32], msg[600];
	bool bad = false;
	enum dnstk_dnssec_state st = DNSTK_DNSSEC_BOGUS;
	const char *why;

	if ((ns = dnstk_vqtext(c, name, qtype, tn, sizeof(tn))) == NULL) {
		goto out;
	}
	m = nsec_find(c, zone, keys, name, DNSTK_VMATCH, &bad);
	if (m != NULL) {
		why = dnstk_vnodata_refuted(m, qtype);
		if (why != NULL) {
			snprintf(msg, sizeof(msg), "the NSEC at %s %s: no "
			    "proof that %s/%s does not exist", ns, why, ns, tn);
			st = dnstk_vdeny_fail(c, zone, bad, msg);
			goto out;
		}
		dnstk_vstep(c, zone, DNSTK_VAL_DENIAL, DNSTK_VAL_OK, "NSEC at "
		    "%s: the name exists without type %s (NODATA)", ns, tn);
		*kind = DNSTK_ANSWER_NODATA;
		st = DNSTK_DNSSEC_SECURE;
		goto out;
	}
	cov = nsec_find(c, zone, keys, name, DNSTK_VCOVER, &bad);
	if (cov == NULL) {
		snprintf(msg, sizeof(msg), "no NSEC of %s matches or covers "
		    "%s: no proof that %s/%s does not exist", "the zone", ns,
		    ns, tn);
		st = dnstk_vdeny_fail(c, zone, bad, msg);
		goto out;
	}
	if (ldns_dname_is_subdomain(ldns_rr_rdf(cov, 0), name)) {
		dnstk_vstep(c, zone, DNSTK_VAL_DENIAL, DNSTK_VAL_OK, "NSEC "
		    "covering %s leads to a name below it: an empty "
		    "non-terminal without type %s (NODATA)", ns, tn);
		*kind = DNSTK_ANSWER_NODATA;
		st = DNSTK_DNSSEC_SECURE;
		goto out;
	}
	ce = nsec_closest_encloser(c, zone, name, cov);
	wild = ce ? dnstk_vwildcard_of(ce) : NULL;
	cs = ce ? dnstk_name_str(ce) : NULL;
	ws = wild ? dnstk_name_str(wild) : NULL;
	if (wild == NULL || cs == NULL || ws == NULL) {
		c->nomem = 1;
		goto out;
	}
	dnstk_vstep(c, zone, DNSTK_VAL_DENIAL, DNSTK_VAL_OK, "NSEC covers %s: "
	    "the name does not exist; closest encloser %s", ns, cs);
	st = nsec_no_wildcard(c, zone, keys, wild, ws, qtype, kind, &bad);
out:
	ldns_rdf_deep_free(ce);
	ldns_rdf_deep_free(wild);
	free(ns);
	free(cs);
	free(ws);
	return c->nomem ? DNSTK_DNSSEC_BOGUS : st;
}

/* ---- entry points ---------------------------------------------------- */

/* NSEC first, then NSEC3; BOGUS with a reason when neither proves it. */
static enum dnstk_dnssec_state
deny(struct vctx *c, const ldns_rdf *zone, const ldns_rr_list *keys,
    const ldns_rdf *name, ldns_rr_type qtype, enum dnstk_val_answer *kind)
{
	struct dnstk_n3 x;
	enum dnstk_dnssec_state st;

	if (zone_has(c, zone, LDNS_RR_TYPE_NSEC)) {
		return nsec_negative(c, zone, keys, name, qtype, kind);
	}
	st = dnstk_n3_init(&x, c, zone, keys);
	if (x.params == NULL) {
		char *ns = dnstk_name_str(name), tn[32];

		dnstk_type_str(tn, sizeof(tn), qtype);
		dnstk_vstep(c, zone, DNSTK_VAL_DENIAL, DNSTK_VAL_FAIL, "no NSEC "
		    "or NSEC3 record proves that %s/%s does not exist",
		    ns ? ns : "?", tn);
		dnstk_vreason(c, "no NSEC or NSEC3 record proves that %s/%s "
		    "does not exist", ns ? ns : "?", tn);
		free(ns);
		return DNSTK_DNSSEC_BOGUS;
	}
	if (st != DNSTK_DNSSEC_SECURE) {
		return st;
	}
	return dnstk_nsec3_negative(&x, name, qtype, kind);
}

enum dnstk_dnssec_state
dnstk_vdeny_ds(struct vctx *c, const ldns_rdf *parent,
    const ldns_rr_list *pkeys, const ldns_rdf *child)
{
	enum dnstk_val_answer kind = DNSTK_ANSWER_UNKNOWN;
	enum dnstk_dnssec_state st;
	char *cs;

	st = deny(c, parent, pkeys, child, LDNS_RR_TYPE_DS, &kind);
	if (st == DNSTK_DNSSEC_BOGUS) {
		return st;
	}
	cs = dnstk_name_str(child);
	dnstk_vstep(c, child, DNSTK_VAL_DS, DNSTK_VAL_UNSUPP, "no DS for %s: "
	    "an insecure delegation", cs ? cs : "?");
	dnstk_vreason(c, "%s is an insecure delegation (no DS, proven)",
	    cs ? cs : "?");
	free(cs);
	return DNSTK_DNSSEC_INSECURE;
}

enum dnstk_dnssec_state
dnstk_vdeny_wildcard(struct vctx *c, const ldns_rdf *zone,
    const ldns_rr_list *keys, const ldns_rdf *name, unsigned labels)
{
	char *ns = dnstk_name_str(name), msg[600];
	enum dnstk_dnssec_state st = DNSTK_DNSSEC_BOGUS;
	bool bad = false;

	if (ns == NULL) {
		c->nomem = 1;
		return st;
	}
	if (zone_has(c, zone, LDNS_RR_TYPE_NSEC)) {
		if (nsec_find(c, zone, keys, name, DNSTK_VCOVER, &bad) != NULL) {
			dnstk_vstep(c, zone, DNSTK_VAL_DENIAL, DNSTK_VAL_OK,
			    "NSEC covers %s: the wildcard expansion is "
			    "allowed", ns);
			st = DNSTK_DNSSEC_SECURE;
			goto out;
		}
	} else {
		struct dnstk_n3 x;
		ldns_rdf *nc;
		const ldns_rr *cov;

		st = dnstk_n3_init(&x, c, zone, keys);
		if (x.params != NULL && st != DNSTK_DNSSEC_SECURE) {
			goto out;
		}
		if (x.params != NULL) {
			nc = dnstk_vancestor(name, (size_t)labels + 1);
			if (nc == NULL) {
				c->nomem = 1;
				st = DNSTK_DNSSEC_BOGUS;
				goto out;
			}
			cov = dnstk_n3_find(&x, nc, DNSTK_VCOVER);
			ldns_rdf_deep_free(nc);
			bad = x.bad;
			if (cov != NULL) {
				st = dnstk_n3_optout(cov) ? DNSTK_DNSSEC_INSECURE :
				    DNSTK_DNSSEC_SECURE;
				dnstk_vstep(c, zone, DNSTK_VAL_DENIAL,
				    st == DNSTK_DNSSEC_SECURE ? DNSTK_VAL_OK :
				    DNSTK_VAL_UNSUPP, "NSEC3 covers the next "
				    "closer name of %s: the wildcard expansion "
				    "is allowed%s", ns, dnstk_n3_optout(cov) ?
				    " (opt-out: insecure)" : "");
				goto out;
			}
		}
	}
	snprintf(msg, sizeof(msg), "wildcard answer for %s without proof that "
	    "%s itself does not exist", ns, ns);
	st = dnstk_vdeny_fail(c, zone, bad, msg);
out:
	free(ns);
	return st;
}

enum dnstk_dnssec_state
dnstk_vnegative(struct vctx *c, const ldns_rdf *name, ldns_rr_type qtype,
    enum dnstk_val_answer *kind)
{
	const ldns_rdf *zone = dnstk_vdeepest_zone(c, name,
	    qtype == LDNS_RR_TYPE_DS);
	const ldns_rr_list *keys = NULL;
	enum dnstk_dnssec_state st;

	*kind = DNSTK_ANSWER_UNKNOWN;
	if (zone == NULL) {
		zone = dnstk_anchors_cover(c->anchors, name);
	}
	if (zone == NULL) {
		return dnstk_vno_anchor(c, name);
	}
	st = dnstk_vzone(c, zone, 0, &keys);
	if (st != DNSTK_DNSSEC_SECURE) {
		return st;
	}
	return deny(c, zone, keys, name, qtype, kind);
}
