/* SPDX-License-Identifier: BSD-3-Clause */
/* DNSSEC validation: options, results, the trace and pool look-ups. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ldns/ldns.h>

#include "dnssec/internal.h"
#include "dnssec/validate.h"
#include "util/buf.h"

/* ---- options, results ------------------------------------------------ */

void
dnstk_val_opts_init(struct dnstk_val_opts *o)
{
	o->now = (int64_t)time(NULL);
	o->nsec3_max_iterations = DNSTK_NSEC3_MAX_ITERATIONS;
	o->strict_algorithms = false;
	o->max_chain = DNSTK_DNSSEC_MAX_CHAIN;
}

void
dnstk_val_result_init(struct dnstk_val_result *r)
{
	memset(r, 0, sizeof(*r));
	r->verdict = DNSTK_DNSSEC_INDETERMINATE;
	r->answer_kind = DNSTK_ANSWER_UNKNOWN;
	r->fail = SIZE_MAX;
}

void
dnstk_val_result_release(struct dnstk_val_result *r)
{
	for (size_t i = 0; i < r->nsteps; i++) {
		free(r->steps[i].zone);
		free(r->steps[i].text);
	}
	free(r->steps);
	free(r->reason);
	ldns_rr_list_deep_free(r->answer);
	dnstk_val_result_init(r);
}

/* A malloc'd formatted string (vasprintf is not POSIX); NULL on no memory. */
static char *
vstrf(const char *fmt, va_list ap)
{
	struct dnstk_buf b;
	char *s;

	dnstk_buf_init(&b);
	if (dnstk_buf_vaddf(&b, fmt, ap) != 0) {
		dnstk_buf_release(&b);
		return NULL;
	}
	s = strdup(b.data);
	dnstk_buf_release(&b);
	return s;
}

char *
dnstk_strf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = vstrf(fmt, ap);
	va_end(ap);
	return s;
}

/* ---- the validation context ----------------------------------------- */

int
dnstk_vstep(struct vctx *c, const ldns_rdf *zone, enum dnstk_val_kind kind,
    enum dnstk_val_mark mark, const char *fmt, ...)
{
	struct dnstk_val_result *r = c->r;
	struct dnstk_val_step *s;
	va_list ap;
	char *text = NULL, *z;
	int n;

	if (c->nomem) {
		return DNSTK_ENOMEM;
	}
	if (r->nsteps >= 10000) {
		return 0;	/* a hostile pool cannot grow the trace forever */
	}
	s = dnstk_array_grow(r->steps, r->nsteps, &r->cap, sizeof(*s), 16);
	if (s == NULL) {
		c->nomem = 1;
		return DNSTK_ENOMEM;
	}
	r->steps = s;
	va_start(ap, fmt);
	text = vstrf(fmt, ap);
	n = text == NULL ? -1 : 0;
	va_end(ap);
	z = dnstk_name_str(zone);
	if (n < 0 || z == NULL) {
		free(z);
		if (n >= 0) {
			free(text);
		}
		c->nomem = 1;
		return DNSTK_ENOMEM;
	}
	s = &r->steps[r->nsteps];
	s->zone = z;
	s->kind = kind;
	s->mark = mark;
	s->text = text;
	if (mark == DNSTK_VAL_FAIL && r->fail == SIZE_MAX) {
		r->fail = r->nsteps;
	}
	r->nsteps++;
	return 0;
}

/* Set the reason of the first non-secure link, once. */
void
dnstk_vreason(struct vctx *c, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	if (c->r->reason != NULL || c->nomem) {
		return;
	}
	va_start(ap, fmt);
	s = vstrf(fmt, ap);
	if (s == NULL) {
		c->nomem = 1;
	}
	va_end(ap);
	c->r->reason = s;
}

/* A failing link: a FAIL step in `zone` and the verdict's reason. */
enum dnstk_dnssec_state
dnstk_vbogus(struct vctx *c, const ldns_rdf *zone, enum dnstk_val_kind kind,
    const char *text)
{
	dnstk_vstep(c, zone, kind, DNSTK_VAL_FAIL, "%s", text);
	dnstk_vreason(c, "%s", text);
	return DNSTK_DNSSEC_BOGUS;
}

enum dnstk_dnssec_state
dnstk_vno_anchor(struct vctx *c, const ldns_rdf *name)
{
	char *ns = dnstk_name_str(name);

	if (ns == NULL) {
		c->nomem = 1;
		return DNSTK_DNSSEC_BOGUS;
	}
	dnstk_vstep(c, name, DNSTK_VAL_NOTE, DNSTK_VAL_INFO,
	    "no trust anchor covers %s", ns);
	dnstk_vreason(c, "no trust anchor covers %s", ns);
	free(ns);
	return DNSTK_DNSSEC_INDETERMINATE;
}

char *
dnstk_vqtext(struct vctx *c, const ldns_rdf *name, ldns_rr_type qtype,
    char *tn, size_t tncap)
{
	char *ns = dnstk_name_str(name);

	dnstk_type_str(tn, tncap, qtype);
	if (ns == NULL) {
		c->nomem = 1;
	}
	return ns;
}

void
dnstk_vdeeper(const ldns_rdf **best, size_t *best_labels, const ldns_rdf *z)
{
	size_t l = ldns_dname_label_count(z);

	if (*best == NULL || l > *best_labels) {
		*best = z;
		*best_labels = l;
	}
}

/* ---- looking things up in the pool ---------------------------------- */

ldns_rr_list *
dnstk_rrpool_find(const struct dnstk_rrpool *p, const ldns_rdf *name,
    ldns_rr_type type, bool sigs)
{
	ldns_rr_list *out = ldns_rr_list_new();
	size_t n = p->rrs ? ldns_rr_list_rr_count(p->rrs) : 0;

	if (out == NULL) {
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		ldns_rr *rr = ldns_rr_list_rr(p->rrs, i);
		ldns_rr_type t = ldns_rr_get_type(rr);

		if (sigs) {
			if (t != LDNS_RR_TYPE_RRSIG ||
			    dnstk_rrsig_covered(rr) != type) {
				continue;
			}
		} else if (t != type) {
			continue;
		}
		if (ldns_dname_compare(ldns_rr_owner(rr), name) != 0) {
			continue;
		}
		if (!ldns_rr_list_push_rr(out, rr)) {
			ldns_rr_list_free(out);
			return NULL;
		}
	}
	return out;
}

/* RRSIGs in `sigs` whose signer is `zone` (pointers, shallow list). */
ldns_rr_list *
dnstk_sigs_by(const ldns_rr_list *sigs, const ldns_rdf *zone)
{
	ldns_rr_list *out = ldns_rr_list_new();

	if (out == NULL) {
		return NULL;
	}
	for (size_t i = 0; i < ldns_rr_list_rr_count(sigs); i++) {
		ldns_rr *s = ldns_rr_list_rr(sigs, i);
		const ldns_rdf *sg = dnstk_rrsig_signer(s);

		if (sg != NULL && ldns_dname_compare(sg, zone) == 0 &&
		    !ldns_rr_list_push_rr(out, s)) {
			ldns_rr_list_free(out);
			return NULL;
		}
	}
	return out;
}

/*
 * The deepest zone that the records show at or above `name` (strictly
 * above when `strict`): owners of SOA, DNSKEY, DS and NS records (an NS
 * RRset sits at an apex or at a delegation to a child), signers of RRSIGs,
 * anchor owners.  Never guessed from
 * labels.  Returns a pointer owned by the pool or the anchors, or NULL.
 */
const ldns_rdf *
dnstk_vdeepest_zone(const struct vctx *c, const ldns_rdf *name, bool strict)
{
	const ldns_rdf *best = NULL;
	size_t best_labels = 0;
	size_t n = ldns_rr_list_rr_count(c->pool->rrs);
	size_t na = ldns_rr_list_rr_count(c->anchors->rrs);

	for (size_t i = 0; i < n + na; i++) {
		const ldns_rr *rr = i < n ? ldns_rr_list_rr(c->pool->rrs, i) :
		    ldns_rr_list_rr(c->anchors->rrs, i - n);
		const ldns_rdf *z = NULL;

		switch (ldns_rr_get_type(rr)) {
		case LDNS_RR_TYPE_SOA:
		case LDNS_RR_TYPE_DNSKEY:
		case LDNS_RR_TYPE_DS:
		case LDNS_RR_TYPE_NS:	/* an apex, or a delegation's child */
			z = ldns_rr_owner(rr);
			break;
		case LDNS_RR_TYPE_RRSIG:
			z = dnstk_rrsig_signer(rr);
			break;
		default:
			break;
		}
		if (z == NULL || !dnstk_name_under(name, z)) {
			continue;
		}
		if (!strict || ldns_dname_compare(name, z) != 0) {
			dnstk_vdeeper(&best, &best_labels, z);
		}
	}
	return best;
}
