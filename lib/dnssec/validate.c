/* SPDX-License-Identifier: BSD-3-Clause */
/* DNSSEC validation: signatures, DS matching, chain of trust, verdict. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <ldns/ldns.h>

#include "dns/rrset.h"
#include "dnssec/internal.h"
#include "dnssec/validate.h"
#include "util/buf.h"

/* ---- small helpers --------------------------------------------------- */

const char *
dnstk_dnssec_state_name(enum dnstk_dnssec_state s)
{
	switch (s) {
	case DNSTK_DNSSEC_SECURE:
		return "secure";
	case DNSTK_DNSSEC_INSECURE:
		return "insecure";
	case DNSTK_DNSSEC_BOGUS:
		return "bogus";
	case DNSTK_DNSSEC_INDETERMINATE:
		return "indeterminate";
	}
	return "indeterminate";
}

/* Weakest-link order: secure < insecure < indeterminate < bogus. */
static int
state_rank(enum dnstk_dnssec_state s)
{
	switch (s) {
	case DNSTK_DNSSEC_SECURE:
		return 0;
	case DNSTK_DNSSEC_INSECURE:
		return 1;
	case DNSTK_DNSSEC_INDETERMINATE:
		return 2;
	case DNSTK_DNSSEC_BOGUS:
		return 3;
	}
	return 3;
}

enum dnstk_dnssec_state
dnstk_dnssec_weakest(enum dnstk_dnssec_state a, enum dnstk_dnssec_state b)
{
	return state_rank(a) >= state_rank(b) ? a : b;
}

bool
dnstk_dnssec_alg_supported(uint8_t alg)
{
	switch (alg) {
	case LDNS_RSASHA1:
	case LDNS_RSASHA1_NSEC3:
	case LDNS_RSASHA256:
	case LDNS_RSASHA512:
	case LDNS_ECDSAP256SHA256:
	case LDNS_ECDSAP384SHA384:
	case LDNS_ED25519:
	case LDNS_ED448:
		return true;
	default:
		return false;
	}
}

bool
dnstk_ds_digest_supported(uint8_t digest)
{
	return digest == LDNS_SHA1 || digest == LDNS_SHA256 ||
	    digest == LDNS_SHA384;
}

static uint8_t
rdf_u8(const ldns_rr *rr, size_t i)
{
	const ldns_rdf *f = ldns_rr_rdf(rr, i);

	if (f == NULL || ldns_rdf_size(f) < 1) {
		return 0;
	}
	return ldns_rdf_data(f)[0];
}

static uint16_t
rdf_u16(const ldns_rr *rr, size_t i)
{
	const ldns_rdf *f = ldns_rr_rdf(rr, i);

	if (f == NULL || ldns_rdf_size(f) < 2) {
		return 0;
	}
	return (uint16_t)(ldns_rdf_data(f)[0] << 8 | ldns_rdf_data(f)[1]);
}

static uint32_t
rdf_u32(const ldns_rr *rr, size_t i)
{
	const ldns_rdf *f = ldns_rr_rdf(rr, i);
	const uint8_t *d;

	if (f == NULL || ldns_rdf_size(f) < 4) {
		return 0;
	}
	d = ldns_rdf_data(f);
	return (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 |
	    (uint32_t)d[2] << 8 | d[3];
}

/* DNSKEY fields; DS: tag, alg, digest type; RRSIG fields by index. */
uint16_t
dnstk_dnskey_flags(const ldns_rr *k)
{
	return rdf_u16(k, 0);
}

uint8_t
dnstk_dnskey_alg(const ldns_rr *k)
{
	return rdf_u8(k, 2);
}

uint16_t
dnstk_ds_tag(const ldns_rr *ds)
{
	return rdf_u16(ds, 0);
}

uint8_t
dnstk_ds_alg(const ldns_rr *ds)
{
	return rdf_u8(ds, 1);
}

uint8_t
dnstk_ds_digest(const ldns_rr *ds)
{
	return rdf_u8(ds, 2);
}

uint16_t
dnstk_rrsig_covered(const ldns_rr *s)
{
	return rdf_u16(s, 0);
}

uint8_t
dnstk_rrsig_alg(const ldns_rr *s)
{
	return rdf_u8(s, 1);
}

uint8_t
dnstk_rrsig_labels(const ldns_rr *s)
{
	return rdf_u8(s, 2);
}

uint16_t
dnstk_rrsig_tag(const ldns_rr *s)
{
	return rdf_u16(s, 6);
}

const ldns_rdf *
dnstk_rrsig_signer(const ldns_rr *s)
{
	const ldns_rdf *f = ldns_rr_rdf(s, 7);

	if (f == NULL || ldns_rdf_get_type(f) != LDNS_RDF_TYPE_DNAME) {
		return NULL;
	}
	return f;
}

/* Is `sub` equal to or below `parent`?  (ldns's test is strict.) */
bool
dnstk_name_under(const ldns_rdf *sub, const ldns_rdf *parent)
{
	if (sub == NULL || parent == NULL) {
		return false;
	}
	return ldns_dname_compare(sub, parent) == 0 ||
	    ldns_dname_is_subdomain(sub, parent);
}

char *
dnstk_name_str(const ldns_rdf *name)
{
	char *s;
	size_t n;

	if (name == NULL) {
		return strdup("?");
	}
	s = ldns_rdf2str(name);
	if (s == NULL) {
		return NULL;
	}
	/* ldns writes the root as "." and others with a final dot. */
	n = strlen(s);
	for (size_t i = 0; i < n; i++) {
		if (s[i] >= 'A' && s[i] <= 'Z') {
			s[i] = (char)(s[i] - 'A' + 'a');
		}
	}
	return s;
}

/* "A", "DNSKEY", "TYPE65534" into a static-free caller buffer. */
void
dnstk_type_str(char *dst, size_t cap, uint16_t t)
{
	const ldns_rr_descriptor *d = ldns_rr_descript(t);

	if (d != NULL && d->_name != NULL) {
		snprintf(dst, cap, "%s", d->_name);
	} else {
		snprintf(dst, cap, "TYPE%u", (unsigned)t);
	}
}

/* "2025-01-03 12:00:00" (UTC) of Unix time `t`. */
void
dnstk_time_str(char *dst, size_t cap, int64_t t)
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(dst, cap, "%Y-%m-%d %H:%M:%S", &tm) == 0) {
		snprintf(dst, cap, "@%lld", (long long)t);
	}
}

/* "4 days", "3 hours", "12 minutes", "5 seconds" of |d| seconds. */
void
dnstk_span_str(char *dst, size_t cap, int64_t d)
{
	if (d < 0) {
		d = -d;
	}
	if (d >= 2 * 86400) {
		snprintf(dst, cap, "%lld days", (long long)(d / 86400));
	} else if (d >= 2 * 3600) {
		snprintf(dst, cap, "%lld hours", (long long)(d / 3600));
	} else if (d >= 120) {
		snprintf(dst, cap, "%lld minutes", (long long)(d / 60));
	} else {
		snprintf(dst, cap, "%lld seconds", (long long)d);
	}
}

/* ---- signatures ------------------------------------------------------ */

/*
 * RFC 1982 serial arithmetic on 32-bit times: the Unix time nearest to
 * `now` whose low 32 bits are `t`.
 */
static int64_t
serial_near(uint32_t t, int64_t now)
{
	int32_t delta = (int32_t)(t - (uint32_t)now);

	return now + delta;
}

int
dnstk_rrsig_window(const ldns_rr *rrsig, int64_t now, int64_t *inception,
    int64_t *expiration)
{
	int64_t inc = serial_near(rdf_u32(rrsig, 5), now);
	int64_t exp = serial_near(rdf_u32(rrsig, 4), now);

	if (inception != NULL) {
		*inception = inc;
	}
	if (expiration != NULL) {
		*expiration = exp;
	}
	if (now < inc) {
		return -1;
	}
	if (now > exp) {
		return 1;
	}
	return 0;
}

static void
why_set(char *why, size_t whylen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
why_set(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	if (why == NULL || whylen == 0) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
}

enum dnstk_sig_status
dnstk_rrsig_check(const ldns_rr_list *rrset, const ldns_rr *rrsig,
    const ldns_rr_list *keys, const ldns_rdf *zone, int64_t now,
    const ldns_rr **key, bool *wildcard, char *why, size_t whylen)
{
	const ldns_rr *first;
	const ldns_rdf *signer;
	ldns_rr_list *one = NULL;
	enum dnstk_sig_status st = DNSTK_SIG_NO_KEY;
	size_t owner_labels, nkeys;
	int64_t inc, exp;
	int w;
	char tbuf[32], sbuf[32];
	bool tag_seen = false;

	if (key != NULL) {
		*key = NULL;
	}
	if (wildcard != NULL) {
		*wildcard = false;
	}
	if (rrset == NULL || ldns_rr_list_rr_count(rrset) == 0 ||
	    ldns_rr_get_type(rrsig) != LDNS_RR_TYPE_RRSIG ||
	    ldns_rr_rd_count(rrsig) < 9) {
		why_set(why, whylen, "malformed RRSIG");
		return DNSTK_SIG_MISMATCH;
	}
	first = ldns_rr_list_rr(rrset, 0);
	signer = dnstk_rrsig_signer(rrsig);
	if (signer == NULL || ldns_dname_compare(signer, zone) != 0) {
		why_set(why, whylen, "signer is not the zone");
		return DNSTK_SIG_MISMATCH;
	}
	if (!dnstk_name_under(ldns_rr_owner(first), zone)) {
		why_set(why, whylen, "owner is outside the signer's zone");
		return DNSTK_SIG_MISMATCH;
	}
	if (dnstk_rrsig_covered(rrsig) != ldns_rr_get_type(first) ||
	    ldns_rr_get_class(rrsig) != ldns_rr_get_class(first)) {
		why_set(why, whylen, "type or class covered differs");
		return DNSTK_SIG_MISMATCH;
	}
	owner_labels = ldns_dname_label_count(ldns_rr_owner(first));
	if (ldns_dname_is_wildcard(ldns_rr_owner(first))) {
		owner_labels--;
	}
	if (dnstk_rrsig_labels(rrsig) > owner_labels) {
		why_set(why, whylen, "label count %u exceeds the owner's %zu",
		    dnstk_rrsig_labels(rrsig), owner_labels);
		return DNSTK_SIG_MISMATCH;
	}
	if (!dnstk_dnssec_alg_supported(dnstk_rrsig_alg(rrsig))) {
		why_set(why, whylen, "algorithm %u is not supported",
		    dnstk_rrsig_alg(rrsig));
		return DNSTK_SIG_UNSUPPORTED;
	}
	w = dnstk_rrsig_window(rrsig, now, &inc, &exp);
	if (w > 0) {
		dnstk_time_str(tbuf, sizeof(tbuf), exp);
		dnstk_span_str(sbuf, sizeof(sbuf), now - exp);
		why_set(why, whylen, "expired %s, %s before now", tbuf, sbuf);
		return DNSTK_SIG_EXPIRED;
	}
	if (w < 0) {
		dnstk_time_str(tbuf, sizeof(tbuf), inc);
		dnstk_span_str(sbuf, sizeof(sbuf), inc - now);
		why_set(why, whylen, "not valid until %s, %s after now", tbuf,
		    sbuf);
		return DNSTK_SIG_NOT_YET;
	}
	nkeys = ldns_rr_list_rr_count(keys);
	if (nkeys > 4096) {
		nkeys = 4096;
	}
	for (size_t i = 0; i < nkeys; i++) {
		ldns_rr *k = ldns_rr_list_rr(keys, i);
		ldns_status ls;

		if (ldns_rr_get_type(k) != LDNS_RR_TYPE_DNSKEY ||
		    dnstk_dnskey_alg(k) != dnstk_rrsig_alg(rrsig) ||
		    ldns_calc_keytag(k) != dnstk_rrsig_tag(rrsig) ||
		    ldns_dname_compare(ldns_rr_owner(k), zone) != 0) {
			continue;
		}
		tag_seen = true;
		if ((dnstk_dnskey_flags(k) & LDNS_KEY_ZONE_KEY) == 0) {
			continue;
		}
		one = ldns_rr_list_new();
		if (one == NULL || !ldns_rr_list_push_rr(one, k)) {
			ldns_rr_list_free(one);
			why_set(why, whylen, "out of memory");
			return DNSTK_SIG_BAD;
		}
		/* ldns checks the times with a 32-bit compare; ours are above. */
		ls = ldns_verify_rrsig_keylist_notime(rrset, rrsig, one, NULL);
		ldns_rr_list_free(one);
		one = NULL;
		if (ls == LDNS_STATUS_OK) {
			if (key != NULL) {
				*key = k;
			}
			if (wildcard != NULL) {
				*wildcard = dnstk_rrsig_labels(rrsig) <
				    owner_labels;
			}
			return DNSTK_SIG_OK;
		}
		st = DNSTK_SIG_BAD;
	}
	if (st == DNSTK_SIG_BAD) {
		why_set(why, whylen, "signature does not verify with key %u",
		    dnstk_rrsig_tag(rrsig));
	} else if (tag_seen) {
		why_set(why, whylen, "key %u is not a zone key",
		    dnstk_rrsig_tag(rrsig));
	} else {
		why_set(why, whylen, "no DNSKEY with tag %u and algorithm %u",
		    dnstk_rrsig_tag(rrsig), dnstk_rrsig_alg(rrsig));
	}
	return st;
}

int
dnstk_ds_match(const ldns_rr *ds, const ldns_rr *key)
{
	ldns_rr *calc;
	const ldns_rdf *a, *b;
	int ok;

	if (!dnstk_ds_digest_supported(dnstk_ds_digest(ds))) {
		return -1;
	}
	if (ldns_rr_rd_count(ds) < 4 ||
	    ldns_dname_compare(ldns_rr_owner(ds), ldns_rr_owner(key)) != 0 ||
	    dnstk_ds_alg(ds) != dnstk_dnskey_alg(key) ||
	    dnstk_ds_tag(ds) != ldns_calc_keytag(key)) {
		return 0;
	}
	calc = ldns_key_rr2ds(key, (ldns_hash)dnstk_ds_digest(ds));
	if (calc == NULL) {
		return -1;
	}
	a = ldns_rr_rdf(ds, 3);
	b = ldns_rr_rdf(calc, 3);
	ok = a != NULL && b != NULL && ldns_rdf_size(a) == ldns_rdf_size(b) &&
	    memcmp(ldns_rdf_data(a), ldns_rdf_data(b), ldns_rdf_size(a)) == 0;
	ldns_rr_free(calc);
	return ok ? 1 : 0;
}

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

static char *
strf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
strf(const char *fmt, ...)
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
	if (r->nsteps == r->cap) {
		size_t ncap = r->cap ? r->cap * 2 : 16;
		s = realloc(r->steps, ncap * sizeof(*s));
		if (s == NULL) {
			c->nomem = 1;
			return DNSTK_ENOMEM;
		}
		r->steps = s;
		r->cap = ncap;
	}
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
static enum dnstk_dnssec_state
bogus(struct vctx *c, const ldns_rdf *zone, enum dnstk_val_kind kind,
    const char *text)
{
	dnstk_vstep(c, zone, kind, DNSTK_VAL_FAIL, "%s", text);
	dnstk_vreason(c, "%s", text);
	return DNSTK_DNSSEC_BOGUS;
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
static ldns_rr_list *
sigs_by(const ldns_rr_list *sigs, const ldns_rdf *zone)
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
		size_t l;

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
		if (strict && ldns_dname_compare(name, z) == 0) {
			continue;
		}
		l = ldns_dname_label_count(z);
		if (best == NULL || l > best_labels) {
			best = z;
			best_labels = l;
		}
	}
	return best;
}

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

		st = dnstk_rrsig_check(rrset, s, keys, zone, c->o->now, &k, &w,
		    why, sizeof(why));
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
				uint32_t ottl = rdf_u32(s, 3), top = 0;

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
	return bogus(c, zone, DNSTK_VAL_RRSIG, msg);
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
	    ldns_calc_keytag(k), dnstk_dnskey_alg(k), f,
	    (f & LDNS_KEY_SEP_KEY) ? ", KSK" : ", ZSK",
	    (f & LDNS_KEY_REVOKE_KEY) ? ", revoked" : "");
}

static bool
dnskey_equal(const ldns_rr *a, const ldns_rr *b)
{
	return ldns_rr_compare(a, b) == 0;
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
	ldns_rr_list *keys = NULL, *ksigs = NULL, *zsigs = NULL;
	enum dnstk_dnssec_state st = DNSTK_DNSSEC_BOGUS;
	char what[300], kbuf[96], fail[400] = "";
	size_t nt = ldns_rr_list_rr_count(trust), usable = 0, nk;
	uint8_t algs_ok[256] = { 0 }, algs_want[256] = { 0 };
	char *zs = dnstk_name_str(zone);
	bool any = false;

	*out = NULL;
	keys = dnstk_rrpool_find(c->pool, zone, LDNS_RR_TYPE_DNSKEY, false);
	ksigs = dnstk_rrpool_find(c->pool, zone, LDNS_RR_TYPE_DNSKEY, true);
	if (zs == NULL || keys == NULL || ksigs == NULL) {
		c->nomem = 1;
		goto out;
	}
	zsigs = sigs_by(ksigs, zone);
	if (zsigs == NULL) {
		c->nomem = 1;
		goto out;
	}
	snprintf(what, sizeof(what), "%s/DNSKEY", zs);
	nk = ldns_rr_list_rr_count(keys);
	for (size_t i = 0; i < nt; i++) {
		const ldns_rr *t = ldns_rr_list_rr(trust, i);
		bool is_ds = ldns_rr_get_type(t) == LDNS_RR_TYPE_DS;
		uint8_t alg = is_ds ? dnstk_ds_alg(t) : dnstk_dnskey_alg(t);
		uint16_t tag = is_ds ? dnstk_ds_tag(t) : ldns_calc_keytag(t);
		const char *src = anchor ? "anchor" : "DS";
		bool matched = false, tag_found = false;

		if (is_ds && !dnstk_ds_digest_supported(dnstk_ds_digest(t))) {
			dnstk_vstep(c, zone, anchor ? DNSTK_VAL_ANCHOR :
			    DNSTK_VAL_DS, DNSTK_VAL_UNSUPP, "%s %u (alg %u, "
			    "digest %u): digest type not supported", src,
			    tag, alg, dnstk_ds_digest(t));
			continue;
		}
		if (!dnstk_dnssec_alg_supported(alg)) {
			dnstk_vstep(c, zone, anchor ? DNSTK_VAL_ANCHOR :
			    DNSTK_VAL_DS, DNSTK_VAL_UNSUPP, "%s %u (alg %u): "
			    "algorithm not supported", src, tag, alg);
			continue;
		}
		usable++;
		algs_want[alg] = 1;
		for (size_t j = 0; j < nk && j < 4096; j++) {
			const ldns_rr *k = ldns_rr_list_rr(keys, j);
			ldns_rr_list *one;
			int m;

			if (ldns_calc_keytag(k) == tag &&
			    dnstk_dnskey_alg(k) == alg) {
				tag_found = true;
			}
			m = is_ds ? dnstk_ds_match(t, k) :
			    (dnskey_equal(t, k) ? 1 : 0);
			if (m != 1) {
				continue;
			}
			matched = true;
			key_str(kbuf, sizeof(kbuf), k);
			if (is_ds) {
				dnstk_vstep(c, zone, anchor ? DNSTK_VAL_ANCHOR :
				    DNSTK_VAL_DS, DNSTK_VAL_OK, "%s %u (alg %u, "
				    "digest %u) matches %s", src, tag, alg,
				    dnstk_ds_digest(t), kbuf);
			} else {
				dnstk_vstep(c, zone, DNSTK_VAL_ANCHOR,
				    DNSTK_VAL_OK, "anchor is %s", kbuf);
			}
			if (dnstk_dnskey_flags(k) & LDNS_KEY_REVOKE_KEY) {
				snprintf(fail, sizeof(fail), "%s is revoked",
				    kbuf);
				continue;
			}
			one = ldns_rr_list_new();
			if (one == NULL || !ldns_rr_list_push_rr(one,
			    (ldns_rr *)k)) {
				ldns_rr_list_free(one);
				c->nomem = 1;
				goto out;
			}
			/* Only this key may sign the set for this path. */
			{
				char why[256] = "";
				bool ok = false;
				size_t ns = ldns_rr_list_rr_count(zsigs);

				for (size_t s = 0; s < ns &&
				    s < DNSTK_DNSSEC_MAX_SIGS; s++) {
					const ldns_rr *sg =
					    ldns_rr_list_rr(zsigs, s);
					char w1[256];

					if (dnstk_rrsig_tag(sg) != tag ||
					    dnstk_rrsig_alg(sg) != alg) {
						continue;
					}
					if (dnstk_rrsig_check(keys, sg, one,
					    zone, c->o->now, NULL, NULL, w1,
					    sizeof(w1)) == DNSTK_SIG_OK) {
						int64_t exp;
						char tb[32], sb[32];

						ok = true;
						dnstk_rrsig_window(sg, c->o->now,
						    NULL, &exp);
						dnstk_time_str(tb, sizeof(tb),
						    exp);
						dnstk_span_str(sb, sizeof(sb),
						    exp - c->o->now);
						dnstk_vstep(c, zone,
						    DNSTK_VAL_RRSIG,
						    DNSTK_VAL_OK, "RRSIG over "
						    "%s by key %u (alg %u): "
						    "valid, expires %s (in %s)",
						    what, tag, alg, tb, sb);
						break;
					}
					snprintf(why, sizeof(why), "%s", w1);
				}
				ldns_rr_list_free(one);
				if (ok) {
					algs_ok[alg] = 1;
					any = true;
				} else if (why[0] != '\0') {
					snprintf(fail, sizeof(fail), "RRSIG "
					    "over %s by key %u (alg %u) %s",
					    what, tag, alg, why);
				} else {
					snprintf(fail, sizeof(fail), "%s is not "
					    "signed by key %u (alg %u) that "
					    "the %s points to", what, tag, alg,
					    src);
				}
			}
		}
		if (!matched) {
			if (tag_found && is_ds) {
				dnstk_vstep(c, zone, DNSTK_VAL_DS, DNSTK_VAL_INFO,
				    "DS %u (alg %u, digest %u): digest does not "
				    "match DNSKEY %u", tag, alg,
				    dnstk_ds_digest(t), tag);
				if (fail[0] == '\0') {
					snprintf(fail, sizeof(fail), "DS %u (alg "
					    "%u, digest %u) of %s does not match "
					    "the digest of DNSKEY %u", tag, alg,
					    dnstk_ds_digest(t), zs, tag);
				}
			} else {
				dnstk_vstep(c, zone, anchor ? DNSTK_VAL_ANCHOR :
				    DNSTK_VAL_DS, DNSTK_VAL_INFO, "%s %u (alg "
				    "%u) points at no key of the DNSKEY set",
				    src, tag, alg);
				if (fail[0] == '\0') {
					snprintf(fail, sizeof(fail), "%s %u (alg "
					    "%u) of %s points at no key in its "
					    "DNSKEY set", src, tag, alg, zs);
				}
			}
		}
		snprintf(what, sizeof(what), "%s/DNSKEY", zs);
	}
	if (usable == 0) {
		dnstk_vstep(c, zone, DNSTK_VAL_NOTE, DNSTK_VAL_UNSUPP,
		    "no %s with a supported algorithm and digest: the zone "
		    "is insecure (RFC 4035 5.2)", anchor ? "anchor" : "DS");
		dnstk_vreason(c, "%s has no %s with a supported algorithm "
		    "and digest type", zs, anchor ? "anchor" : "DS");
		st = DNSTK_DNSSEC_INSECURE;
		goto out;
	}
	if (nk == 0) {
		snprintf(fail, sizeof(fail), "%s has a DS but no DNSKEY set",
		    zs);
	}
	if (any && c->o->strict_algorithms) {
		for (unsigned a = 0; a < 256; a++) {
			if (algs_want[a] && !algs_ok[a]) {
				any = false;
				snprintf(fail, sizeof(fail), "--strict-"
				    "algorithms: no valid path for DS "
				    "algorithm %u of %s", a, zs);
				break;
			}
		}
	}
	if (!any) {
		st = bogus(c, zone, DNSTK_VAL_DNSKEY, fail[0] ? fail :
		    "DNSKEY set not validated");
		goto out;
	}
	for (size_t j = 0; j < nk && j < 64; j++) {
		key_str(kbuf, sizeof(kbuf), ldns_rr_list_rr(keys, j));
		dnstk_vstep(c, zone, DNSTK_VAL_DNSKEY, DNSTK_VAL_INFO, "%s",
		    kbuf);
	}
	*out = keys;
	keys = NULL;
	st = DNSTK_DNSSEC_SECURE;
out:
	free(zs);
	ldns_rr_list_free(keys);
	ldns_rr_list_free(ksigs);
	ldns_rr_list_free(zsigs);
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

enum dnstk_dnssec_state
dnstk_vzone(struct vctx *c, const ldns_rdf *zone, unsigned depth,
    const ldns_rr_list **keys_out)
{
	struct vzone *z;
	const ldns_rdf *acover, *parent;
	ldns_rr_list *trust = NULL, *ds = NULL, *dsigs = NULL, *keys = NULL;
	enum dnstk_dnssec_state st = DNSTK_DNSSEC_BOGUS;
	char *zs = NULL;

	*keys_out = NULL;
	z = zone_memo(c, zone);
	if (z != NULL) {
		if (z->busy) {
			return bogus(c, zone, DNSTK_VAL_NOTE,
			    "the chain of trust loops");
		}
		*keys_out = z->keys;
		return z->state;
	}
	if (c->nzones >= DNSTK_DNSSEC_MAX_DEPTH * 2 ||
	    depth > DNSTK_DNSSEC_MAX_DEPTH) {
		return bogus(c, zone, DNSTK_VAL_NOTE,
		    "the chain of trust is too long");
	}
	z = &c->zones[c->nzones];
	memset(z, 0, sizeof(*z));
	z->name = ldns_rdf_clone(zone);
	if (z->name == NULL) {
		c->nomem = 1;
		return DNSTK_DNSSEC_BOGUS;
	}
	c->nzones++;
	z->busy = true;
	zs = dnstk_name_str(zone);
	if (zs == NULL) {
		c->nomem = 1;
		goto out;
	}

	acover = dnstk_anchors_cover(c->anchors, zone);
	if (acover == NULL) {
		dnstk_vstep(c, zone, DNSTK_VAL_NOTE, DNSTK_VAL_INFO,
		    "no trust anchor covers %s", zs);
		dnstk_vreason(c, "no trust anchor covers %s", zs);
		st = DNSTK_DNSSEC_INDETERMINATE;
		goto out;
	}
	if (ldns_dname_compare(acover, zone) == 0) {
		trust = anchors_at(c->anchors, zone);
		if (trust == NULL) {
			c->nomem = 1;
			goto out;
		}
		st = validate_keyset(c, zone, trust, true, &keys);
		goto out;
	}

	ds = dnstk_rrpool_find(c->pool, zone, LDNS_RR_TYPE_DS, false);
	dsigs = dnstk_rrpool_find(c->pool, zone, LDNS_RR_TYPE_DS, true);
	if (ds == NULL || dsigs == NULL) {
		c->nomem = 1;
		goto out;
	}
	/* The parent: the DS signer when it is above us, else the records. */
	parent = NULL;
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
	{
		const ldns_rr_list *pkeys = NULL;
		enum dnstk_dnssec_state ps;

		ps = dnstk_vzone(c, parent, depth + 1, &pkeys);
		if (ps != DNSTK_DNSSEC_SECURE) {
			st = ps;
			if (ps == DNSTK_DNSSEC_INSECURE) {
				dnstk_vstep(c, zone, DNSTK_VAL_NOTE,
				    DNSTK_VAL_INFO, "below an insecure "
				    "delegation");
			}
			goto out;
		}
		if (ldns_rr_list_rr_count(ds) > 0) {
			ldns_rr_list *psigs = sigs_by(dsigs, parent);
			char what[300];

			if (psigs == NULL) {
				c->nomem = 1;
				goto out;
			}
			snprintf(what, sizeof(what), "%s/DS", zs);
			st = dnstk_vrrset(c, parent, pkeys, ds, psigs, what,
			    NULL, NULL);
			ldns_rr_list_free(psigs);
			if (st != DNSTK_DNSSEC_SECURE) {
				goto out;
			}
			st = validate_keyset(c, zone, ds, false, &keys);
		} else {
			st = dnstk_vdeny_ds(c, parent, pkeys, zone);
		}
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
	ldns_rr_list_free(ds);
	ldns_rr_list_free(dsigs);
	return st;
}

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
		char *ns = dnstk_name_str(name);

		dnstk_vstep(c, name, DNSTK_VAL_NOTE, DNSTK_VAL_INFO,
		    "no trust anchor covers %s", ns ? ns : "?");
		dnstk_vreason(c, "no trust anchor covers %s", ns ? ns : "?");
		free(ns);
		st = DNSTK_DNSSEC_INDETERMINATE;
		goto out;
	}
	st = dnstk_vzone(c, zone, 0, &keys);
	if (st == DNSTK_DNSSEC_SECURE) {
		ldns_rr_list *zsigs = sigs_by(sigs, zone);

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

int
dnstk_validate(struct dnstk_val_result *r, const struct dnstk_rrpool *pool,
    const struct dnstk_anchors *anchors, const ldns_rdf *qname,
    ldns_rr_type qtype, const struct dnstk_val_opts *o,
    struct dnstk_err *err)
{
	struct vctx c;
	struct dnstk_rrpool empty_pool = { NULL, NULL };
	struct dnstk_anchors empty_anchors = { NULL };
	enum dnstk_dnssec_state total = DNSTK_DNSSEC_SECURE, st;
	ldns_rdf *name = NULL;
	unsigned links = 0, max_links;
	int rc = 0;

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
	name = ldns_rdf_clone(qname);
	if (c.zones == NULL || name == NULL || pool->rrs == NULL ||
	    anchors->rrs == NULL) {
		c.nomem = 1;
		goto out;
	}
	max_links = o->max_chain > DNSTK_DNSSEC_MAX_CHAIN ?
	    DNSTK_DNSSEC_MAX_CHAIN : o->max_chain;
	for (;;) {
		ldns_rr_list *rrset;
		char *ns = dnstk_name_str(name), tname[32], what[400];
		const ldns_rr *dn;

		if (ns == NULL) {
			c.nomem = 1;
			goto out;
		}
		dnstk_type_str(tname, sizeof(tname), qtype);
		snprintf(what, sizeof(what), "%s/%s", ns, tname);
		/* Below a DNAME only the redirection counts (RFC 6672 §2.3). */
		dn = qtype == LDNS_RR_TYPE_DNAME ? NULL : find_dname(&c, name);
		rrset = dn != NULL ? ldns_rr_list_new() :
		    dnstk_rrpool_find(pool, name, qtype, false);
		if (rrset == NULL) {
			free(ns);
			c.nomem = 1;
			goto out;
		}
		if (ldns_rr_list_rr_count(rrset) > 0) {
			st = validate_rrset_at(&c, name, qtype, rrset, what);
			total = dnstk_dnssec_weakest(total, st);
			r->answer_kind = DNSTK_ANSWER_DATA;
			set_answer(&c, rrset);
			ldns_rr_list_free(rrset);
			free(ns);
			break;
		}
		ldns_rr_list_free(rrset);
		if (links >= max_links) {
			free(ns);
			total = bogus(&c, name, DNSTK_VAL_ANSWER,
			    "the CNAME/DNAME chain is too long");
			break;
		}
		rrset = qtype == LDNS_RR_TYPE_CNAME || dn != NULL ?
		    ldns_rr_list_new() :
		    dnstk_rrpool_find(pool, name, LDNS_RR_TYPE_CNAME, false);
		if (rrset == NULL) {
			free(ns);
			c.nomem = 1;
			goto out;
		}
		if (ldns_rr_list_rr_count(rrset) > 0) {
			const ldns_rdf *target = ldns_rr_rdf(
			    ldns_rr_list_rr(rrset, 0), 0);
			char *ts = dnstk_name_str(target);
			ldns_rdf *next;

			snprintf(what, sizeof(what), "%s/CNAME", ns);
			st = validate_rrset_at(&c, name, LDNS_RR_TYPE_CNAME,
			    rrset, what);
			total = dnstk_dnssec_weakest(total, st);
			dnstk_vstep(&c, name, DNSTK_VAL_ANSWER,
			    st == DNSTK_DNSSEC_BOGUS ? DNSTK_VAL_FAIL :
			    DNSTK_VAL_INFO, "%s is an alias (CNAME) for %s",
			    ns, ts ? ts : "?");
			free(ts);
			next = target ? ldns_rdf_clone(target) : NULL;
			ldns_rr_list_free(rrset);
			free(ns);
			if (next == NULL) {
				c.nomem = target != NULL;
				break;
			}
			ldns_rdf_deep_free(name);
			name = next;
			links++;
			if (total == DNSTK_DNSSEC_BOGUS) {
				break;
			}
			continue;
		}
		ldns_rr_list_free(rrset);
		if (dn != NULL) {
			ldns_rr_list *dset = dnstk_rrpool_find(pool,
			    ldns_rr_owner(dn), LDNS_RR_TYPE_DNAME, false);
			char *os = dnstk_name_str(ldns_rr_owner(dn));
			ldns_rdf *next;

			if (dset == NULL || os == NULL) {
				ldns_rr_list_free(dset);
				free(os);
				free(ns);
				c.nomem = 1;
				goto out;
			}
			snprintf(what, sizeof(what), "%s/DNAME", os);
			st = validate_rrset_at(&c, ldns_rr_owner(dn),
			    LDNS_RR_TYPE_DNAME, dset, what);
			total = dnstk_dnssec_weakest(total, st);
			next = dname_subst(name, ldns_rr_owner(dn),
			    ldns_rr_rdf(dn, 0));
			ldns_rr_list_free(dset);
			free(os);
			if (next == NULL) {
				free(ns);
				total = bogus(&c, name, DNSTK_VAL_ANSWER,
				    "the DNAME substitution is too long");
				break;
			}
			{
				char *xs = dnstk_name_str(next);
				dnstk_vstep(&c, name, DNSTK_VAL_ANSWER,
				    DNSTK_VAL_INFO, "%s is redirected (DNAME) "
				    "to %s", ns, xs ? xs : "?");
				free(xs);
			}
			free(ns);
			ldns_rdf_deep_free(name);
			name = next;
			links++;
			if (total == DNSTK_DNSSEC_BOGUS) {
				break;
			}
			continue;
		}
		/* Nothing at the name: the denial must prove it. */
		st = dnstk_vnegative(&c, name, qtype, &r->answer_kind);
		total = dnstk_dnssec_weakest(total, st);
		free(ns);
		break;
	}
out:
	if (c.nomem) {
		rc = dnstk_err_set(err, DNSTK_ENOMEM, NULL, 0,
		    "out of memory");
	} else {
		r->verdict = total;
		if (total == DNSTK_DNSSEC_SECURE) {
			/* A failed alternative (another key, another NSEC). */
			free(r->reason);
			r->reason = NULL;
		}
		if (r->reason == NULL) {
			char *ns = dnstk_name_str(qname), tname[32];

			dnstk_type_str(tname, sizeof(tname), qtype);
			r->reason = ns == NULL ? NULL : strf("%s/%s is %s",
			    ns, tname, dnstk_dnssec_state_name(total));
			if (r->reason == NULL) {
				rc = dnstk_err_set(err, DNSTK_ENOMEM, NULL, 0,
				    "out of memory");
			}
			free(ns);
		}
		if (total != DNSTK_DNSSEC_BOGUS) {
			r->fail = SIZE_MAX;
		}
	}
	if (c.zones != NULL) {
		for (size_t i = 0; i < c.nzones; i++) {
			ldns_rdf_deep_free(c.zones[i].name);
			ldns_rr_list_free(c.zones[i].keys);
		}
	}
	free(c.zones);
	ldns_rdf_deep_free(name);
	ldns_rr_list_free(empty_pool.rrs);
	ldns_rr_list_free(empty_anchors.rrs);
	return rc;
}
