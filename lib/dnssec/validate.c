/* SPDX-License-Identifier: BSD-3-Clause */
/* DNSSEC validation: the answer, its CNAME/DNAME links, the verdict. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ldns/ldns.h>

#include "dns/rrset.h"
#include "dnssec/internal.h"
#include "dnssec/validate.h"

/* ---- the answer ------------------------------------------------------ */

/* The zone an RRset belongs to: its signer, else what the records show. */
static const ldns_rdf *
rrset_zone(const struct vctx *c, const ldns_rr_list *sigs,
    const ldns_rdf *owner, bool is_ds)
{
	for (size_t i = 0; i < ldns_rr_list_rr_count(sigs); i++) {
		const ldns_rdf *sg = dnstk_rrsig_signer(
		    ldns_rr_list_rr(sigs, i));

		if (sg != NULL && dnstk_name_under(owner, sg) &&
		    (!is_ds || ldns_dname_compare(owner, sg) != 0)) {
			return sg;
		}
	}
	return dnstk_vdeepest_zone(c, owner, is_ds);
}

/*
 * Validate the RRset `name`/`type` (present in the pool).  Returns its
 * state; a wildcard expansion needs its denial proof too.
 */
static enum dnstk_dnssec_state
validate_rrset_at(struct vctx *c, const ldns_rdf *name, ldns_rr_type type,
    ldns_rr_list *rrset, const char *what)
{
	ldns_rr_list *sigs = NULL;
	const ldns_rdf *zone;
	const ldns_rr_list *keys = NULL;
	enum dnstk_dnssec_state st = DNSTK_DNSSEC_BOGUS;
	bool wild = false;
	unsigned labels = 0;

	sigs = dnstk_rrpool_find(c->pool, name, type, true);
	if (sigs == NULL) {
		c->nomem = 1;
		return DNSTK_DNSSEC_BOGUS;
	}
	zone = rrset_zone(c, sigs, name, type == LDNS_RR_TYPE_DS);
	if (zone == NULL) {
		zone = dnstk_anchors_cover(c->anchors, name);
	}
	if (zone == NULL) {
		st = dnstk_vno_anchor(c, name);
		goto out;
	}
	st = dnstk_vzone(c, zone, 0, &keys);
	if (st == DNSTK_DNSSEC_SECURE) {
		ldns_rr_list *zsigs = dnstk_sigs_by(sigs, zone);

		if (zsigs == NULL) {
			c->nomem = 1;
			goto out;
		}
		st = dnstk_vrrset(c, zone, keys, rrset, zsigs, what, &wild,
		    &labels);
		ldns_rr_list_free(zsigs);
		if (st == DNSTK_DNSSEC_SECURE && wild) {
			st = dnstk_vdeny_wildcard(c, zone, keys, name, labels);
		}
	}
	if (st == DNSTK_DNSSEC_INSECURE) {
		dnstk_vstep(c, zone, DNSTK_VAL_ANSWER, DNSTK_VAL_INFO,
		    "%s comes from an insecure zone", what);
	}
out:
	ldns_rr_list_free(sigs);
	return st;
}

/* The DNAME at a proper ancestor of `name`, nearest first (pool-owned). */
static const ldns_rr *
find_dname(const struct vctx *c, const ldns_rdf *name)
{
	const ldns_rr *best = NULL;
	size_t bl = 0;

	for (size_t i = 0; i < ldns_rr_list_rr_count(c->pool->rrs); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(c->pool->rrs, i);
		size_t l;

		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_DNAME ||
		    !ldns_dname_is_subdomain(name, ldns_rr_owner(rr))) {
			continue;
		}
		l = ldns_dname_label_count(ldns_rr_owner(rr));
		if (best == NULL || l > bl) {
			best = rr;
			bl = l;
		}
	}
	return best;
}

/* `name` with its suffix `from` replaced by `to` (new rdf or NULL). */
static ldns_rdf *
dname_subst(const ldns_rdf *name, const ldns_rdf *from, const ldns_rdf *to)
{
	size_t keep = ldns_dname_label_count(name) -
	    ldns_dname_label_count(from);
	ldns_rdf *out;

	{
		uint8_t buf[LDNS_MAX_DOMAINLEN + 1];
		size_t pos = 0, len;
		const uint8_t *d = ldns_rdf_data(name);

		for (size_t i = 0; i < keep; i++) {
			pos += (size_t)d[pos] + 1;
		}
		len = pos + ldns_rdf_size(to);
		if (len > LDNS_MAX_DOMAINLEN) {
			return NULL;	/* RFC 6672 §2.2: YXDOMAIN */
		}
		memcpy(buf, d, pos);
		memcpy(buf + pos, ldns_rdf_data(to), ldns_rdf_size(to));
		out = ldns_rdf_new_frm_data(LDNS_RDF_TYPE_DNAME, len, buf);
	}
	return out;
}

static int
set_answer(struct vctx *c, const ldns_rr_list *rrset)
{
	ldns_rr_list *copy = ldns_rr_list_clone(rrset);

	if (copy == NULL) {
		c->nomem = 1;
		return DNSTK_ENOMEM;
	}
	ldns_rr_list_deep_free(c->r->answer);
	c->r->answer = copy;
	return 0;
}

/* Following the question through CNAME and DNAME links. */
struct follow {
	ldns_rdf *name;		/* where the question stands now */
	ldns_rr_type qtype;
	enum dnstk_dnssec_state total;	/* the weakest link so far */
	unsigned links, max_links;
};

enum step { STEP_DONE, STEP_NEXT };

/* Move the question on to `next` (owned now) after a link. */
static enum step
follow_to(struct follow *f, ldns_rdf *next)
{
	ldns_rdf_deep_free(f->name);
	f->name = next;
	f->links++;
	return f->total == DNSTK_DNSSEC_BOGUS ? STEP_DONE : STEP_NEXT;
}

/* The CNAME RRset `rrset` at the name `ns` (text): validate, follow. */
static enum step
follow_cname(struct vctx *c, struct follow *f, const ldns_rr_list *rrset,
    const char *ns)
{
	const ldns_rdf *target = ldns_rr_rdf(ldns_rr_list_rr(rrset, 0), 0);
	char *ts = dnstk_name_str(target), what[400];
	enum dnstk_dnssec_state st;
	ldns_rdf *next;

	snprintf(what, sizeof(what), "%s/CNAME", ns);
	st = validate_rrset_at(c, f->name, LDNS_RR_TYPE_CNAME,
	    (ldns_rr_list *)rrset, what);
	f->total = dnstk_dnssec_weakest(f->total, st);
	dnstk_vstep(c, f->name, DNSTK_VAL_ANSWER, st == DNSTK_DNSSEC_BOGUS ?
	    DNSTK_VAL_FAIL : DNSTK_VAL_INFO, "%s is an alias (CNAME) for %s",
	    ns, ts ? ts : "?");
	free(ts);
	next = target ? ldns_rdf_clone(target) : NULL;
	if (next == NULL) {
		c->nomem = target != NULL;
		return STEP_DONE;
	}
	return follow_to(f, next);
}

/* The DNAME `dn` above the name `ns` (text): validate, substitute. */
static enum step
follow_dname(struct vctx *c, struct follow *f, const ldns_rr *dn,
    const char *ns)
{
	ldns_rr_list *dset = dnstk_rrpool_find(c->pool, ldns_rr_owner(dn),
	    LDNS_RR_TYPE_DNAME, false);
	char *os = dnstk_name_str(ldns_rr_owner(dn)), *xs, what[400];
	enum dnstk_dnssec_state st;
	ldns_rdf *next;

	if (dset == NULL || os == NULL) {
		ldns_rr_list_free(dset);
		free(os);
		c->nomem = 1;
		return STEP_DONE;
	}
	snprintf(what, sizeof(what), "%s/DNAME", os);
	st = validate_rrset_at(c, ldns_rr_owner(dn), LDNS_RR_TYPE_DNAME, dset,
	    what);
	f->total = dnstk_dnssec_weakest(f->total, st);
	next = dname_subst(f->name, ldns_rr_owner(dn), ldns_rr_rdf(dn, 0));
	ldns_rr_list_free(dset);
	free(os);
	if (next == NULL) {
		f->total = dnstk_vbogus(c, f->name, DNSTK_VAL_ANSWER,
		    "the DNAME substitution is too long");
		return STEP_DONE;
	}
	xs = dnstk_name_str(next);
	dnstk_vstep(c, f->name, DNSTK_VAL_ANSWER, DNSTK_VAL_INFO, "%s is "
	    "redirected (DNAME) to %s", ns, xs ? xs : "?");
	free(xs);
	return follow_to(f, next);
}

/*
 * After the data and the aliases at the name `ns` (text) came up empty:
 * a CNAME to follow (unless `dn`, a DNAME above, rules), the DNAME, or
 * the proof that nothing is there.
 */
static enum step
follow_alias(struct vctx *c, struct follow *f, const ldns_rr *dn,
    const char *ns)
{
	ldns_rr_list *rrset;
	enum step next;

	if (f->links >= f->max_links) {
		f->total = dnstk_vbogus(c, f->name, DNSTK_VAL_ANSWER,
		    "the CNAME/DNAME chain is too long");
		return STEP_DONE;
	}
	rrset = f->qtype == LDNS_RR_TYPE_CNAME || dn != NULL ?
	    ldns_rr_list_new() : dnstk_rrpool_find(c->pool, f->name,
	    LDNS_RR_TYPE_CNAME, false);
	if (rrset == NULL) {
		c->nomem = 1;
		return STEP_DONE;
	}
	if (ldns_rr_list_rr_count(rrset) > 0) {
		next = follow_cname(c, f, rrset, ns);
		ldns_rr_list_free(rrset);
		return next;
	}
	ldns_rr_list_free(rrset);
	if (dn != NULL) {
		return follow_dname(c, f, dn, ns);
	}
	/* Nothing at the name: the denial must prove it. */
	f->total = dnstk_dnssec_weakest(f->total, dnstk_vnegative(c, f->name,
	    f->qtype, &c->r->answer_kind));
	return STEP_DONE;
}

/* One link: the answer at f->name, or where it leads. */
static enum step
follow_one(struct vctx *c, struct follow *f)
{
	ldns_rr_list *rrset;
	char *ns = dnstk_name_str(f->name), tname[32], what[400];
	const ldns_rr *dn;
	enum step next = STEP_DONE;

	if (ns == NULL) {
		c->nomem = 1;
		return STEP_DONE;
	}
	dnstk_type_str(tname, sizeof(tname), f->qtype);
	snprintf(what, sizeof(what), "%s/%s", ns, tname);
	/* Below a DNAME only the redirection counts (RFC 6672 §2.3). */
	dn = f->qtype == LDNS_RR_TYPE_DNAME ? NULL : find_dname(c, f->name);
	rrset = dn != NULL ? ldns_rr_list_new() :
	    dnstk_rrpool_find(c->pool, f->name, f->qtype, false);
	if (rrset == NULL) {
		c->nomem = 1;
	} else if (ldns_rr_list_rr_count(rrset) > 0) {
		f->total = dnstk_dnssec_weakest(f->total,
		    validate_rrset_at(c, f->name, f->qtype, rrset, what));
		c->r->answer_kind = DNSTK_ANSWER_DATA;
		set_answer(c, rrset);
	} else {
		next = follow_alias(c, f, dn, ns);
	}
	ldns_rr_list_free(rrset);
	free(ns);
	return next;
}

/* The verdict and its reason into c->r.  0 or DNSTK_ENOMEM. */
static int
finish_result(struct vctx *c, const ldns_rdf *qname, ldns_rr_type qtype,
    enum dnstk_dnssec_state total, struct dnstk_err *err)
{
	struct dnstk_val_result *r = c->r;
	char *ns, tname[32];

	if (c->nomem) {
		return dnstk_err_set(err, DNSTK_ENOMEM, NULL, 0,
		    "out of memory");
	}
	r->verdict = total;
	if (total == DNSTK_DNSSEC_SECURE) {
		/* A failed alternative (another key, another NSEC). */
		free(r->reason);
		r->reason = NULL;
	}
	if (total != DNSTK_DNSSEC_BOGUS) {
		r->fail = SIZE_MAX;
	}
	if (r->reason != NULL) {
		return 0;
	}
	ns = dnstk_name_str(qname);
	dnstk_type_str(tname, sizeof(tname), qtype);
	r->reason = ns == NULL ? NULL : dnstk_strf("%s/%s is %s", ns, tname,
	    dnstk_dnssec_state_name(total));
	free(ns);
	return r->reason != NULL ? 0 : dnstk_err_set(err, DNSTK_ENOMEM, NULL,
	    0, "out of memory");
}

int
dnstk_validate(struct dnstk_val_result *r, const struct dnstk_rrpool *pool,
    const struct dnstk_anchors *anchors, const ldns_rdf *qname,
    ldns_rr_type qtype, const struct dnstk_val_opts *o,
    struct dnstk_err *err)
{
	struct vctx c;
	struct dnstk_rrpool empty_pool = { NULL, NULL };
	struct dnstk_anchors empty_anchors = { NULL };
	struct follow f;
	int rc;

	memset(&c, 0, sizeof(c));
	if (pool->rrs == NULL) {
		empty_pool.rrs = ldns_rr_list_new();
		pool = &empty_pool;
	}
	if (anchors->rrs == NULL) {
		empty_anchors.rrs = ldns_rr_list_new();
		anchors = &empty_anchors;
	}
	c.pool = pool;
	c.anchors = anchors;
	c.o = o;
	c.r = r;
	c.zones = calloc(DNSTK_DNSSEC_MAX_DEPTH * 2, sizeof(*c.zones));
	f.name = ldns_rdf_clone(qname);
	f.qtype = qtype;
	f.total = DNSTK_DNSSEC_SECURE;
	f.links = 0;
	f.max_links = o->max_chain > DNSTK_DNSSEC_MAX_CHAIN ?
	    DNSTK_DNSSEC_MAX_CHAIN : o->max_chain;
	if (c.zones == NULL || f.name == NULL || pool->rrs == NULL ||
	    anchors->rrs == NULL) {
		c.nomem = 1;
	}
	while (!c.nomem && follow_one(&c, &f) == STEP_NEXT) {
		continue;
	}
	rc = finish_result(&c, qname, qtype, f.total, err);
	for (size_t i = 0; c.zones != NULL && i < c.nzones; i++) {
		ldns_rdf_deep_free(c.zones[i].name);
		ldns_rr_list_free(c.zones[i].keys);
	}
	free(c.zones);
	ldns_rdf_deep_free(f.name);
	ldns_rr_list_free(empty_pool.rrs);
	ldns_rr_list_free(empty_anchors.rrs);
	return rc;
}
