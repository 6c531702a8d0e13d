/* SPDX-License-Identifier: BSD-3-Clause */
/* DNSSEC denial of existence with NSEC3 (RFC 5155 §8), and its hash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "crypto/crypto.h"
#include "dnssec/internal.h"
#include "dnssec/validate.h"

/* ---- NSEC3 hashing --------------------------------------------------- */

ldns_rdf *
dnstk_nsec3_hash(const ldns_rr *nsec3, const ldns_rdf *name,
    unsigned max_iterations)
{
	const ldns_rdf *salt;
	uint8_t alg, slen, h[DNSTK_NSEC3_HASH_LEN];
	uint16_t iter;
	char b32[40];
	int n;

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
	if ((size_t)slen + 1 > ldns_rdf_size(salt) ||
	    dnstk_crypto_nsec3_hash(NULL, h, ldns_rdf_data(name),
	    ldns_rdf_size(name), ldns_rdf_data(salt) + 1, slen, iter,
	    NULL) != 0) {
		return NULL;
	}
	n = ldns_b32_ntop_extended_hex(h, sizeof(h), b32, sizeof(b32));
	if (n <= 0 || (size_t)n >= sizeof(b32)) {
		return NULL;
	}
	b32[n] = '\0';
	return ldns_dname_new_frm_str(b32);
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

/* ---- NSEC3 ----------------------------------------------------------- */

/* Hash `name` as lowercase base32hex into dst; false when impossible. */
static bool
n3_hash(struct dnstk_n3 *x, char *dst, size_t cap, const ldns_rdf *name)
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
const ldns_rr *
dnstk_n3_find(struct dnstk_n3 *x, const ldns_rdf *name, enum dnstk_vmode mode)
{
	struct vctx *c = x->c;
	char h[128], own[128], nxt[128];
	size_t n = ldns_rr_list_rr_count(c->pool->rrs), seen = 0, tried = 0;

	if (!n3_hash(x, h, sizeof(h), name)) {
		return NULL;
	}
	for (size_t i = 0; i < n && seen < DNSTK_VMAX_DENIAL &&
	    tried < DNSTK_VMAX_TRIED; i++) {
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
		if (mode == DNSTK_VMATCH) {
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
		v = dnstk_vsingle(c, x->zone, x->keys, rr);
		if (v == 1) {
			return rr;
		}
		if (v < 0) {
			x->bad = true;
		}
	}
	return NULL;
}

bool
dnstk_n3_optout(const ldns_rr *rr)
{
	return (ldns_rdf_data(ldns_rr_rdf(rr, 1))[0] & 1) != 0;
}

/*
 * Set up `x` for `zone`.  Returns SECURE when NSEC3 can be used,
 * INSECURE when its parameters put it out of reach (recorded), BOGUS
 * when the zone has no NSEC3 at all.
 */
enum dnstk_dnssec_state
dnstk_n3_init(struct dnstk_n3 *x, struct vctx *c, const ldns_rdf *zone,
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
n3_fail(struct dnstk_n3 *x, const char *msg)
{
	return dnstk_vdeny_fail(x->c, x->zone, x->bad, msg);
}

/*
 * The closest encloser proof for `name` (RFC 5155 §8.3): *ce gets the
 * closest encloser, *cover the NSEC3 covering the next closer name.
 */
static enum dnstk_dnssec_state
n3_ce(struct dnstk_n3 *x, const ldns_rdf *name, ldns_rdf **ce,
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
		ldns_rdf *a = dnstk_vancestor(name, l), *nc;
		char *as, *ncs;

		if (a == NULL) {
			x->c->nomem = 1;
			break;
		}
		if (dnstk_n3_find(x, a, DNSTK_VMATCH) == NULL) {
			ldns_rdf_deep_free(a);
			continue;
		}
		nc = dnstk_vancestor(name, l + 1);
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
		*cover = dnstk_n3_find(x, nc, DNSTK_VCOVER);
		if (*cover == NULL) {
			snprintf(msg, sizeof(msg), "no NSEC3 covers the next "
			    "closer name %s (closest encloser %s)", ncs, as);
			ldns_rdf_deep_free(a);
		} else {
			dnstk_vstep(x->c, x->zone, DNSTK_VAL_DENIAL,
			    DNSTK_VAL_OK, "NSEC3 closest encloser %s; NSEC3 "
			    "covers the next closer name %s%s", as, ncs,
			    dnstk_n3_optout(*cover) ? " (opt-out)" : "");
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

enum dnstk_dnssec_state
dnstk_nsec3_negative(struct dnstk_n3 *x, const ldns_rdf *name,
    ldns_rr_type qtype, enum dnstk_val_answer *kind)
{
	struct vctx *c = x->c;
	const ldns_rr *m, *cover = NULL, *w;
	ldns_rdf *ce = NULL, *wild = NULL;
	char *ns, *ws = NULL, tn[32], msg[600];
	enum dnstk_dnssec_state st = DNSTK_DNSSEC_BOGUS;
	const char *why;

	if ((ns = dnstk_vqtext(c, name, qtype, tn, sizeof(tn))) == NULL) {
		goto out;
	}
	m = dnstk_n3_find(x, name, DNSTK_VMATCH);
	if (m != NULL) {
		why = dnstk_vnodata_refuted(m, qtype);
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
	if (dnstk_n3_optout(cover) && qtype == LDNS_RR_TYPE_DS) {
		goto optout;
	}
	wild = dnstk_vwildcard_of(ce);
	ws = wild ? dnstk_name_str(wild) : NULL;
	if (ws == NULL) {
		c->nomem = 1;
		goto out;
	}
	w = dnstk_n3_find(x, wild, DNSTK_VMATCH);
	if (w != NULL) {
		if (dnstk_vhas_type(w, qtype) ||
		    dnstk_vhas_type(w, LDNS_RR_TYPE_CNAME)) {
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
		if (dnstk_n3_optout(cover)) {
			goto optout;
		}
		goto out;
	}
	if (dnstk_n3_find(x, wild, DNSTK_VCOVER) == NULL) {
		snprintf(msg, sizeof(msg), "no NSEC3 proves that the wildcard "
		    "%s does not exist", ws);
		st = n3_fail(x, msg);
		goto out;
	}
	dnstk_vstep(c, x->zone, DNSTK_VAL_DENIAL, DNSTK_VAL_OK, "NSEC3 covers "
	    "%s: no wildcard (NXDOMAIN)", ws);
	*kind = DNSTK_ANSWER_NXDOMAIN;
	st = DNSTK_DNSSEC_SECURE;
	if (!dnstk_n3_optout(cover)) {
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
