/* SPDX-License-Identifier: BSD-3-Clause */
/* DNSSEC denial of existence: NSEC (RFC 4035 §5.4) and NSEC3 (RFC 5155 §8). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ldns/ldns.h>

#include "dns/rrset.h"
#include "dnssec/internal.h"
#include "dnssec/validate.h"

#define MAX_DENIAL 4096	/* NSEC/NSEC3 records looked at per proof */
#define MAX_TRIED 32	/* of them, signatures checked per proof */

/* ---- NSEC3 hashing --------------------------------------------------- */

ldns_rdf *
dnstk_nsec3_hash(const ldns_rr *nsec3, const ldns_rdf *name,
    unsigned max_iterations)
{
	const ldns_rdf *salt;
	uint8_t alg, slen;
	uint16_t iter;
	ldns_rdf *h, *lower;

	if (ldns_rr_rd_count(nsec3) < 4) {
		return NULL;
	}
	alg = ldns_rdf_data(ldns_rr_rdf(nsec3, 0))[0];
	iter = ldns_rdf2native_int16(ldns_rr_rdf(nsec3, 2));
	salt = ldns_rr_rdf(nsec3, 3);
	if (alg != LDNS_SHA1 || iter > max_iterations || salt == NULL ||
	    ldns_rdf_size(salt) < 1) {
		return NULL;
	}
	slen = ldns_rdf_data(salt)[0];
	if ((size_t)slen + 1 > ldns_rdf_size(salt)) {
		return NULL;
	}
	lower = ldns_rdf_clone(name);
	if (lower == NULL) {
		return NULL;
	}
	ldns_dname2canonical(lower);
	h = ldns_nsec3_hash_name(lower, alg, iter, slen,
	    ldns_rdf_data(salt) + 1);
	ldns_rdf_deep_free(lower);
	return h;
}

/* ---- helpers --------------------------------------------------------- */

/* The first label of `name` as lowercase text (base32hex for NSEC3). */
static bool
first_label(char *dst, size_t cap, const ldns_rdf *name)
{
	const uint8_t *d = ldns_rdf_data(name);
	size_t n;

	if (ldns_rdf_size(name) < 1 || d[0] == 0 || (size_t)d[0] + 1 > cap ||
	    (size_t)d[0] + 1 > ldns_rdf_size(name)) {
		return false;
	}
	n = d[0];
	for (size_t i = 0; i < n; i++) {
		char ch = (char)d[1 + i];
		dst[i] = (ch >= 'A' && ch <= 'Z') ? (char)(ch - 'A' + 'a') : ch;
	}
	dst[n] = '\0';
	return true;
}

/* The NSEC3 next hashed owner as lowercase base32hex. */
static bool
next_hash(char *dst, size_t cap, const ldns_rr *nsec3)
{
	const ldns_rdf *f = ldns_rr_rdf(nsec3, 4);
	char *s;
	size_t n;

	if (f == NULL) {
		return false;
	}
	s = ldns_rdf2str(f);
	if (s == NULL) {
		return false;
	}
	n = strlen(s);
	while (n > 0 && s[n - 1] == '.') {
		n--;
	}
	if (n + 1 > cap) {
		free(s);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		dst[i] = (ch >= 'A' && ch <= 'Z') ? (char)(ch - 'A' + 'a') : ch;
	}
	dst[n] = '\0';
	free(s);
	return true;
}

/* The ancestor of `name` with `labels` labels (new rdf or NULL). */
static ldns_rdf *
ancestor(const ldns_rdf *name, size_t labels)
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
static ldns_rdf *
wildcard_of(const ldns_rdf *ce)
{
	ldns_rdf *star = ldns_dname_new_frm_str("*"), *w;

	if (star == NULL) {
		return NULL;
	}
	w = ldns_dname_cat_clone(star, ce);
	ldns_rdf_deep_free(star);
	return w;
}

static bool
has_type(const ldns_rr *rr, ldns_rr_type t)
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
static int
vsingle(struct vctx *c, const ldns_rdf *zone, const ldns_rr_list *keys,
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
		st = dnstk_rrsig_check(one, s, keys, zone, c->o->now, NULL,
		    &wild, why, sizeof(why));
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
	    ((has_type(rr, LDNS_RR_TYPE_NS) && !has_type(rr, LDNS_RR_TYPE_SOA))
	    || has_type(rr, LDNS_RR_TYPE_DNAME))) {
		return false;
	}
	if (dnstk_dname_canon_compare(owner, next) < 0) {
		return c1 < 0 && c2 < 0;
	}
	return c1 < 0 || c2 < 0;	/* the last NSEC wraps to the apex */
}

enum nmode { N_MATCH, N_COVER };

/*
 * Find a verified NSEC of `zone` that matches or covers `name`.  Returns
 * it (pool-owned) or NULL; *bad is set when a candidate's signature
 * failed (the reason is recorded).
 */
static const ldns_rr *
nsec_find(struct vctx *c, const ldns_rdf *zone, const ldns_rr_list *keys,
    const ldns_rdf *name, enum nmode mode, bool *bad)
{
	size_t n = ldns_rr_list_rr_count(c->pool->rrs), seen = 0, tried = 0;

	for (size_t i = 0; i < n && seen < MAX_DENIAL && tried < MAX_TRIED;
	    i++) {
		const ldns_rr *rr = ldns_rr_list_rr(c->pool->rrs, i);
		bool hit;
		int v;

		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_NSEC ||
		    !dnstk_name_under(ldns_rr_owner(rr), zone)) {
			continue;
		}
		seen++;
		hit = mode == N_MATCH ?
		    ldns_dname_compare(ldns_rr_owner(rr), name) == 0 :
		    nsec_covers(rr, name);
		if (!hit) {
			continue;
		}
		tried++;
		v = vsingle(c, zone, keys, rr);
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
static const char *
nodata_refuted(const ldns_rr *rr, ldns_rr_type qtype)
{
	if (has_type(rr, qtype)) {
		return "says the type exists";
	}
	if (qtype != LDNS_RR_TYPE_CNAME && has_type(rr, LDNS_RR_TYPE_CNAME)) {
		return "says the name is an alias (CNAME)";
	}
	if (qtype == LDNS_RR_TYPE_DS && has_type(rr, LDNS_RR_TYPE_SOA)) {
		return "is the child's apex record, not the parent's";
	}
	return NULL;
}

/*
 * Prove with NSEC that `name`/`qtype` does not exist in `zone`.
 * Returns SECURE (proven; *kind says how) or BOGUS (reason recorded).
 */
static enum dnstk_dnssec_state
nsec_negative(struct vctx *c, const ldns_rdf *zone, const ldns_rr_list *keys,
    const ldns_rdf *name, ldns_rr_type qtype, enum dnstk_val_answer *kind)
{
	const ldns_rr *m, *cov, *wm, *wc;
	ldns_rdf *ce = NULL, *wild = NULL;
	char *ns = dnstk_name_str(name), *cs = NULL, *ws = NULL;
	char tn[32], msg[600];
	bool bad = false;
	enum dnstk_dnssec_state st = DNSTK_DNSSEC_BOGUS;
	const char *why;

	dnstk_type_str(tn, sizeof(tn), qtype);
	if (ns == NULL) {
		c->nomem = 1;
		goto out;
	}
	m = nsec_find(c, zone, keys, name, N_MATCH, &bad);
	if (m != NULL) {
		why = nodata_refuted(m, qtype);
		if (why != NULL) {
			snprintf(msg, sizeof(msg), "the NSEC at %s %s: no "
			    "proof that %s/%s does not exist", ns, why, ns, tn);
			goto fail;
		}
		dnstk_vstep(c, zone, DNSTK_VAL_DENIAL, DNSTK_VAL_OK, "NSEC at "
		    "%s: the name exists without type %s (NODATA)", ns, tn);
		*kind = DNSTK_ANSWER_NODATA;
		st = DNSTK_DNSSEC_SECURE;
		goto out;
	}
	cov = nsec_find(c, zone, keys, name, N_COVER, &bad);
	if (cov == NULL) {
		snprintf(msg, sizeof(msg), "no NSEC of %s matches or covers "
		    "%s: no proof that %s/%s does not exist", "the zone", ns,
		    ns, tn);
		goto fail;
	}
	if (ldns_dname_is_subdomain(ldns_rr_rdf(cov, 0), name)) {
		dnstk_vstep(c, zone, DNSTK_VAL_DENIAL, DNSTK_VAL_OK, "NSEC "
		    "covering %s leads to a name below it: an empty "
		    "non-terminal without type %s (NODATA)", ns, tn);
		*kind = DNSTK_ANSWER_NODATA;
		st = DNSTK_DNSSEC_SECURE;
		goto out;
	}
	/* The closest encloser: the deepest ancestor shared with the span. */
	for (size_t l = ldns_dname_label_count(name); l-- > 0;) {
		ce = ancestor(name, l);
		if (ce == NULL) {
			c->nomem = 1;
			goto out;
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
	wild = ce ? wildcard_of(ce) : NULL;
	cs = ce ? dnstk_name_str(ce) : NULL;
	ws = wild ? dnstk_name_str(wild) : NULL;
	if (wild == NULL || cs == NULL || ws == NULL) {
		c->nomem = 1;
		goto out;
	}
	dnstk_vstep(c, zone, DNSTK_VAL_DENIAL, DNSTK_VAL_OK, "NSEC covers %s: "
	    "the name does not exist; closest encloser %s", ns, cs);
	wm = nsec_find(c, zone, keys, wild, N_MATCH, &bad);
	if (wm != NULL) {
		if (has_type(wm, qtype) || has_type(wm, LDNS_RR_TYPE_CNAME)) {
			snprintf(msg, sizeof(msg), "the wildcard %s has type %s, "
			    "yet no expanded answer was given", ws, tn);
			goto fail;
		}
		dnstk_vstep(c, zone, DNSTK_VAL_DENIAL, DNSTK_VAL_OK, "NSEC at "
		    "%s: the wildcard has no type %s (wildcard NODATA)", ws,
		    tn);
		*kind = DNSTK_ANSWER_NODATA;
		st = DNSTK_DNSSEC_SECURE;
		goto out;
	}
	wc = nsec_find(c, zone, keys, wild, N_COVER, &bad);
	if (wc == NULL) {
		snprintf(msg, sizeof(msg), "no NSEC proves that the wildcard "
		    "%s does not exist", ws);
		goto fail;
	}
	dnstk_vstep(c, zone, DNSTK_VAL_DENIAL, DNSTK_VAL_OK, "NSEC covers %s: "
	    "no wildcard (NXDOMAIN)", ws);
	*kind = DNSTK_ANSWER_NXDOMAIN;
	st = DNSTK_DNSSEC_SECURE;
	goto out;
fail:
	if (!bad || c->r->fail == SIZE_MAX) {
		dnstk_vstep(c, zone, DNSTK_VAL_DENIAL, DNSTK_VAL_FAIL, "%s",
		    msg);
		dnstk_vreason(c, "%s", msg);
	}
	st = DNSTK_DNSSEC_BOGUS;
out:
	ldns_rdf_deep_free(ce);
	ldns_rdf_deep_free(wild);
	free(ns);
	free(cs);
	free(ws);
	return c->nomem ? DNSTK_DNSSEC_BOGUS : st;
}

/* ---- NSEC3 ----------------------------------------------------------- */

struct n3 {
	struct vctx *c;
	const ldns_rdf *zone;
	const ldns_rr_list *keys;
	const ldns_rr *params;	/* the first NSEC3 of the zone */
	bool bad;
};

/* Hash `name` as lowercase base32hex into dst; false when impossible. */
static bool
n3_hash(struct n3 *x, char *dst, size_t cap, const ldns_rdf *name)
{
	ldns_rdf *h = dnstk_nsec3_hash(x->params, name,
	    x->c->o->nsec3_max_iterations);
	bool ok;

	if (h == NULL) {
		return false;
	}
	ok = first_label(dst, cap, h);
	ldns_rdf_deep_free(h);
	return ok;
}

static bool
same_params(const ldns_rr *a, const ldns_rr *b)
{
	for (size_t i = 0; i < 4; i++) {
		if (i == 1) {
			continue;	/* flags (opt-out) may differ */
		}
		if (ldns_rdf_compare(ldns_rr_rdf(a, i), ldns_rr_rdf(b, i))
		    != 0) {
			return false;
		}
	}
	return true;
}

/* A verified NSEC3 of the zone matching or covering `name`. */
static const ldns_rr *
n3_find(struct n3 *x, const ldns_rdf *name, enum nmode mode)
{
	struct vctx *c = x->c;
	char h[128], own[128], nxt[128];
	size_t n = ldns_rr_list_rr_count(c->pool->rrs), seen = 0, tried = 0;

	if (!n3_hash(x, h, sizeof(h), name)) {
		return NULL;
	}
	for (size_t i = 0; i < n && seen < MAX_DENIAL && tried < MAX_TRIED;
	    i++) {
		const ldns_rr *rr = ldns_rr_list_rr(c->pool->rrs, i);
		ldns_rdf *p;
		bool in, hit;
		int v;

		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_NSEC3 ||
		    ldns_rr_rd_count(rr) < 5) {
			continue;
		}
		p = ldns_dname_left_chop(ldns_rr_owner(rr));
		in = p != NULL && ldns_dname_compare(p, x->zone) == 0;
		ldns_rdf_deep_free(p);
		if (!in || !same_params(rr, x->params)) {
			continue;
		}
		seen++;
		if (!first_label(own, sizeof(own), ldns_rr_owner(rr)) ||
		    !next_hash(nxt, sizeof(nxt), rr)) {
			continue;
		}
		if (mode == N_MATCH) {
			hit = strcmp(own, h) == 0;
		} else if (strcmp(own, nxt) < 0) {
			hit = strcmp(own, h) < 0 && strcmp(h, nxt) < 0;
		} else {
			hit = strcmp(own, h) < 0 || strcmp(h, nxt) < 0;
		}
		if (!hit) {
			continue;
		}
		tried++;
		v = vsingle(c, x->zone, x->keys, rr);
		if (v == 1) {
			return rr;
		}
		if (v < 0) {
			x->bad = true;
		}
	}
	return NULL;
}

static bool
optout(const ldns_rr *rr)
{
	return (ldns_rdf_data(ldns_rr_rdf(rr, 1))[0] & 1) != 0;
}

/*
 * Set up `x` for `zone`.  Returns SECURE when NSEC3 can be used,
 * INSECURE when its parameters put it out of reach (recorded), BOGUS
 * when the zone has no NSEC3 at all.
 */
static enum dnstk_dnssec_state
n3_init(struct n3 *x, struct vctx *c, const ldns_rdf *zone,
    const ldns_rr_list *keys)
{
	memset(x, 0, sizeof(*x));
	x->c = c;
	x->zone = zone;
	x->keys = keys;
	for (size_t i = 0; i < ldns_rr_list_rr_count(c->pool->rrs); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(c->pool->rrs, i);
		ldns_rdf *p;
		bool in;

		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_NSEC3 ||
		    ldns_rr_rd_count(rr) < 5) {
			continue;
		}
		p = ldns_dname_left_chop(ldns_rr_owner(rr));
		in = p != NULL && ldns_dname_compare(p, zone) == 0;
		ldns_rdf_deep_free(p);
		if (in) {
			x->params = rr;
			break;
		}
	}
	if (x->params == NULL) {
		return DNSTK_DNSSEC_BOGUS;
	}
	{
		uint8_t alg = ldns_rdf_data(ldns_rr_rdf(x->params, 0))[0];
		uint16_t iter = ldns_rdf2native_int16(ldns_rr_rdf(x->params,
		    2));

		if (alg != LDNS_SHA1) {
			dnstk_vstep(c, zone, DNSTK_VAL_DENIAL, DNSTK_VAL_UNSUPP,
			    "NSEC3 hash algorithm %u is not supported: "
			    "insecure", alg);
			dnstk_vreason(c, "NSEC3 hash algorithm %u is not "
			    "supported", alg);
			return DNSTK_DNSSEC_INSECURE;
		}
		if (iter > c->o->nsec3_max_iterations) {
			dnstk_vstep(c, zone, DNSTK_VAL_DENIAL, DNSTK_VAL_UNSUPP,
			    "NSEC3 iterations %u above the limit %u: "
			    "insecure (RFC 9276 3.2)", iter,
			    c->o->nsec3_max_iterations);
			dnstk_vreason(c, "NSEC3 iterations %u above the limit "
			    "%u (RFC 9276 3.2)", iter,
			    c->o->nsec3_max_iterations);
			return DNSTK_DNSSEC_INSECURE;
		}
	}
	return DNSTK_DNSSEC_SECURE;
}

static enum dnstk_dnssec_state
n3_fail(struct n3 *x, const char *msg)
{
	if (!x->bad || x->c->r->fail == SIZE_MAX) {
		dnstk_vstep(x->c, x->zone, DNSTK_VAL_DENIAL, DNSTK_VAL_FAIL,
		    "%s", msg);
		dnstk_vreason(x->c, "%s", msg);
	}
	return DNSTK_DNSSEC_BOGUS;
}

/*
 * The closest encloser proof for `name` (RFC 5155 §8.3): *ce gets the
 * closest encloser, *cover the NSEC3 covering the next closer name.
 */
static enum dnstk_dnssec_state
n3_ce(struct n3 *x, const ldns_rdf *name, ldns_rdf **ce,
    const ldns_rr **cover)
{
	size_t nl = ldns_dname_label_count(name);
	size_t zl = ldns_dname_label_count(x->zone);
	char msg[600];
	char *ns = dnstk_name_str(name);

	*ce = NULL;
	*cover = NULL;
	if (ns == NULL) {
		x->c->nomem = 1;
		return DNSTK_DNSSEC_BOGUS;
	}
	for (size_t l = nl; l-- > zl;) {
		ldns_rdf *a = ancestor(name, l), *nc;
		char *as, *ncs;

		if (a == NULL) {
			x->c->nomem = 1;
			break;
		}
		if (n3_find(x, a, N_MATCH) == NULL) {
			ldns_rdf_deep_free(a);
			continue;
		}
		nc = ancestor(name, l + 1);
		as = dnstk_name_str(a);
		ncs = nc ? dnstk_name_str(nc) : NULL;
		if (nc == NULL || as == NULL || ncs == NULL) {
			x->c->nomem = 1;
			ldns_rdf_deep_free(a);
			ldns_rdf_deep_free(nc);
			free(as);
			free(ncs);
			break;
		}
		*cover = n3_find(x, nc, N_COVER);
		if (*cover == NULL) {
			snprintf(msg, sizeof(msg), "no NSEC3 covers the next "
			    "closer name %s (closest encloser %s)", ncs, as);
			ldns_rdf_deep_free(a);
		} else {
			dnstk_vstep(x->c, x->zone, DNSTK_VAL_DENIAL,
			    DNSTK_VAL_OK, "NSEC3 closest encloser %s; NSEC3 "
			    "covers the next closer name %s%s", as, ncs,
			    optout(*cover) ? " (opt-out)" : "");
			*ce = a;
		}
		ldns_rdf_deep_free(nc);
		free(as);
		free(ncs);
		free(ns);
		if (*ce == NULL) {
			return n3_fail(x, msg);
		}
		return DNSTK_DNSSEC_SECURE;
	}
	snprintf(msg, sizeof(msg), "no NSEC3 proves a closest encloser of %s "
	    "(is the NSEC3 hash right?)", ns);
	free(ns);
	return n3_fail(x, msg);
}

static enum dnstk_dnssec_state
nsec3_negative(struct n3 *x, const ldns_rdf *name, ldns_rr_type qtype,
    enum dnstk_val_answer *kind)
{
	struct vctx *c = x->c;
	const ldns_rr *m, *cover = NULL, *w;
	ldns_rdf *ce = NULL, *wild = NULL;
	char *ns = dnstk_name_str(name), *ws = NULL, tn[32], msg[600];
	enum dnstk_dnssec_state st = DNSTK_DNSSEC_BOGUS;
	const char *why;

	dnstk_type_str(tn, sizeof(tn), qtype);
	if (ns == NULL) {
		c->nomem = 1;
		goto out;
	}
	m = n3_find(x, name, N_MATCH);
	if (m != NULL) {
		why = nodata_refuted(m, qtype);
		if (why != NULL) {
			snprintf(msg, sizeof(msg), "the NSEC3 matching %s %s",
			    ns, why);
			st = n3_fail(x, msg);
			goto out;
		}
		dnstk_vstep(c, x->zone, DNSTK_VAL_DENIAL, DNSTK_VAL_OK, "NSEC3 "
		    "matches %s: the name exists without type %s (NODATA)",
		    ns, tn);
		*kind = DNSTK_ANSWER_NODATA;
		st = DNSTK_DNSSEC_SECURE;
		goto out;
	}
	st = n3_ce(x, name, &ce, &cover);
	if (st != DNSTK_DNSSEC_SECURE) {
		goto out;
	}
	if (optout(cover) && qtype == LDNS_RR_TYPE_DS) {
		goto optout;
	}
	wild = wildcard_of(ce);
	ws = wild ? dnstk_name_str(wild) : NULL;
	if (ws == NULL) {
		c->nomem = 1;
		goto out;
	}
	w = n3_find(x, wild, N_MATCH);
	if (w != NULL) {
		if (has_type(w, qtype) || has_type(w, LDNS_RR_TYPE_CNAME)) {
			snprintf(msg, sizeof(msg), "the wildcard %s has type "
			    "%s, yet no expanded answer was given", ws, tn);
			st = n3_fail(x, msg);
			goto out;
		}
		dnstk_vstep(c, x->zone, DNSTK_VAL_DENIAL, DNSTK_VAL_OK,
		    "NSEC3 matches %s: the wildcard has no type %s "
		    "(wildcard NODATA)", ws, tn);
		*kind = DNSTK_ANSWER_NODATA;
		st = DNSTK_DNSSEC_SECURE;
		if (optout(cover)) {
			goto optout;
		}
		goto out;
	}
	if (n3_find(x, wild, N_COVER) == NULL) {
		snprintf(msg, sizeof(msg), "no NSEC3 proves that the wildcard "
		    "%s does not exist", ws);
		st = n3_fail(x, msg);
		goto out;
	}
	dnstk_vstep(c, x->zone, DNSTK_VAL_DENIAL, DNSTK_VAL_OK, "NSEC3 covers "
	    "%s: no wildcard (NXDOMAIN)", ws);
	*kind = DNSTK_ANSWER_NXDOMAIN;
	st = DNSTK_DNSSEC_SECURE;
	if (!optout(cover)) {
		goto out;
	}
	/* The whole proof holds, yet the span may hide a delegation. */
optout:
	dnstk_vstep(c, x->zone, DNSTK_VAL_DENIAL, DNSTK_VAL_UNSUPP,
	    "the NSEC3 span over %s is opt-out: an unsigned delegation may "
	    "exist, insecure (RFC 5155 9.2)", ns);
	dnstk_vreason(c, "an opt-out NSEC3 covers %s (RFC 5155 9.2)", ns);
	/* A wildcard NODATA stays NODATA; otherwise DS: NODATA, NXDOMAIN. */
	if (*kind != DNSTK_ANSWER_NODATA) {
		*kind = qtype == LDNS_RR_TYPE_DS ? DNSTK_ANSWER_NODATA :
		    DNSTK_ANSWER_NXDOMAIN;
	}
	st = DNSTK_DNSSEC_INSECURE;
out:
	ldns_rdf_deep_free(ce);
	ldns_rdf_deep_free(wild);
	free(ns);
	free(ws);
	return c->nomem ? DNSTK_DNSSEC_BOGUS : st;
}

/* ---- entry points ---------------------------------------------------- */

/* NSEC first, then NSEC3; BOGUS with a reason when neither proves it. */
static enum dnstk_dnssec_state
deny(struct vctx *c, const ldns_rdf *zone, const ldns_rr_list *keys,
    const ldns_rdf *name, ldns_rr_type qtype, enum dnstk_val_answer *kind)
{
	struct n3 x;
	enum dnstk_dnssec_state st;

	if (zone_has(c, zone, LDNS_RR_TYPE_NSEC)) {
		return nsec_negative(c, zone, keys, name, qtype, kind);
	}
	st = n3_init(&x, c, zone, keys);
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
	return nsec3_negative(&x, name, qtype, kind);
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
		if (nsec_find(c, zone, keys, name, N_COVER, &bad) != NULL) {
			dnstk_vstep(c, zone, DNSTK_VAL_DENIAL, DNSTK_VAL_OK,
			    "NSEC covers %s: the wildcard expansion is "
			    "allowed", ns);
			st = DNSTK_DNSSEC_SECURE;
			goto out;
		}
	} else {
		struct n3 x;
		ldns_rdf *nc;
		const ldns_rr *cov;

		st = n3_init(&x, c, zone, keys);
		if (x.params != NULL && st != DNSTK_DNSSEC_SECURE) {
			goto out;
		}
		if (x.params != NULL) {
			nc = ancestor(name, (size_t)labels + 1);
			if (nc == NULL) {
				c->nomem = 1;
				st = DNSTK_DNSSEC_BOGUS;
				goto out;
			}
			cov = n3_find(&x, nc, N_COVER);
			ldns_rdf_deep_free(nc);
			bad = x.bad;
			if (cov != NULL) {
				st = optout(cov) ? DNSTK_DNSSEC_INSECURE :
				    DNSTK_DNSSEC_SECURE;
				dnstk_vstep(c, zone, DNSTK_VAL_DENIAL,
				    st == DNSTK_DNSSEC_SECURE ? DNSTK_VAL_OK :
				    DNSTK_VAL_UNSUPP, "NSEC3 covers the next "
				    "closer name of %s: the wildcard expansion "
				    "is allowed%s", ns, optout(cov) ?
				    " (opt-out: insecure)" : "");
				goto out;
			}
		}
	}
	snprintf(msg, sizeof(msg), "wildcard answer for %s without proof that "
	    "%s itself does not exist", ns, ns);
	if (!bad || c->r->fail == SIZE_MAX) {
		dnstk_vstep(c, zone, DNSTK_VAL_DENIAL, DNSTK_VAL_FAIL, "%s",
		    msg);
		dnstk_vreason(c, "%s", msg);
	}
	st = DNSTK_DNSSEC_BOGUS;
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
		char *ns = dnstk_name_str(name);

		dnstk_vstep(c, name, DNSTK_VAL_NOTE, DNSTK_VAL_INFO,
		    "no trust anchor covers %s", ns ? ns : "?");
		dnstk_vreason(c, "no trust anchor covers %s", ns ? ns : "?");
		free(ns);
		return DNSTK_DNSSEC_INDETERMINATE;
	}
	st = dnstk_vzone(c, zone, 0, &keys);
	if (st != DNSTK_DNSSEC_SECURE) {
		return st;
	}
	return deny(c, zone, keys, name, qtype, kind);
}
