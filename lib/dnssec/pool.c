/* SPDX-License-Identifier: BSD-3-Clause */
/* Trust anchors and the record pool of the validator, and how to read them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ldns/ldns.h>

#include "dns/rrset.h"
#include "dnssec/internal.h"
#include "dnssec/validate.h"
#include "in/reader.h"
#include "util/buf.h"

/* The IANA root anchors (https://data.iana.org/root-anchors/). */
static const char *const builtin_anchors[] = {
	". 172800 IN DS 20326 8 2 "
	"E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D",
	". 172800 IN DS 38696 8 2 "
	"683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16",
};

/* ---- anchors --------------------------------------------------------- */

void
dnstk_anchors_init(struct dnstk_anchors *a)
{
	a->rrs = NULL;
}

void
dnstk_anchors_release(struct dnstk_anchors *a)
{
	ldns_rr_list_deep_free(a->rrs);
	a->rrs = NULL;
}

static int
list_push_copy(ldns_rr_list **l, const ldns_rr *rr)
{
	ldns_rr *copy;

	if (*l == NULL) {
		*l = ldns_rr_list_new();
		if (*l == NULL) {
			return DNSTK_ENOMEM;
		}
	}
	copy = ldns_rr_clone(rr);
	if (copy == NULL) {
		return DNSTK_ENOMEM;
	}
	if (!ldns_rr_list_push_rr(*l, copy)) {
		ldns_rr_free(copy);
		return DNSTK_ENOMEM;
	}
	return 0;
}

int
dnstk_anchors_add_rr(struct dnstk_anchors *a, const ldns_rr *rr,
    struct dnstk_err *err)
{
	ldns_rr_type t = ldns_rr_get_type(rr);

	if (t != LDNS_RR_TYPE_DS && t != LDNS_RR_TYPE_DNSKEY) {
		return dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
		    "a trust anchor must be a DS or DNSKEY record");
	}
	return list_push_copy(&a->rrs, rr);
}

int
dnstk_anchors_add_builtin(struct dnstk_anchors *a)
{
	for (size_t i = 0; i < sizeof(builtin_anchors) /
	    sizeof(builtin_anchors[0]); i++) {
		ldns_rr *rr = NULL;
		int rc;

		if (ldns_rr_new_frm_str(&rr, builtin_anchors[i], 0, NULL,
		    NULL) != LDNS_STATUS_OK) {
			return DNSTK_ENOMEM;
		}
		rc = list_push_copy(&a->rrs, rr);
		ldns_rr_free(rr);
		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

const ldns_rdf *
dnstk_anchors_cover(const struct dnstk_anchors *a, const ldns_rdf *name)
{
	const ldns_rdf *best = NULL;
	size_t bl = 0;

	for (size_t i = 0; a->rrs && i < ldns_rr_list_rr_count(a->rrs); i++) {
		const ldns_rdf *o = ldns_rr_owner(ldns_rr_list_rr(a->rrs, i));

		if (dnstk_name_under(name, o)) {
			dnstk_vdeeper(&best, &bl, o);
		}
	}
	return best;
}

/* Slurp `fp` (bounded) into `b`.  0, DNSTK_EINPUT (too big) or -errno. */
static int
slurp(struct dnstk_buf *b, FILE *fp, const char *source,
    struct dnstk_err *err)
{
	char chunk[8192];
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		if (b->len + n > 64u * 1024 * 1024) {
			return dnstk_err_set(err, DNSTK_EINPUT, source, 0,
			    "input larger than 64 MiB");
		}
		if (dnstk_buf_add(b, chunk, n) != 0) {
			return DNSTK_ENOMEM;
		}
	}
	if (ferror(fp)) {
		return dnstk_err_set(err, -EIO, source, 0, "read error");
	}
	return 0;
}

/* The text between <tag> and </tag> at or after `p`, before `end`. */
static bool
xml_field(char *dst, size_t cap, const char *p, const char *end,
    const char *tag)
{
	char open[64], close[64];
	const char *a, *b;
	size_t n;

	snprintf(open, sizeof(open), "<%s>", tag);
	snprintf(close, sizeof(close), "</%s>", tag);
	a = strstr(p, open);
	if (a == NULL || a >= end) {
		return false;
	}
	a += strlen(open);
	b = strstr(a, close);
	if (b == NULL || b > end) {
		return false;
	}
	while (a < b && (*a == ' ' || *a == '\n' || *a == '\t' || *a == '\r')) {
		a++;
	}
	n = (size_t)(b - a);
	while (n > 0 && (a[n - 1] == ' ' || a[n - 1] == '\n' ||
	    a[n - 1] == '\t' || a[n - 1] == '\r')) {
		n--;
	}
	if (n + 1 > cap) {
		return false;
	}
	memcpy(dst, a, n);
	dst[n] = '\0';
	return true;
}

/* An attribute value ("2017-02-02T00:00:00+00:00") as Unix time, or -1. */
static int64_t
xml_time(const char *p, const char *end, const char *attr)
{
	char key[32];
	const char *a;
	struct tm tm;
	int y, mo, d, h, mi, se;

	snprintf(key, sizeof(key), "%s=\"", attr);
	a = strstr(p, key);
	if (a == NULL || a >= end) {
		return -1;
	}
	memset(&tm, 0, sizeof(tm));
	if (sscanf(a + strlen(key), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d,
	    &h, &mi, &se) != 6) {
		return -1;
	}
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	return (int64_t)timegm(&tm);
}

/* RFC 7958 root-anchors.xml: KeyDigest entries valid at `now`. */
static int
read_xml(struct dnstk_anchors *a, const char *doc, const char *source,
    int64_t now, struct dnstk_err *err)
{
	char zone[256], tag[16], alg[16], dt[16], dg[256], line[700];
	const char *p = doc;
	size_t added = 0, seen = 0;

	if (!xml_field(zone, sizeof(zone), doc, doc + strlen(doc), "Zone")) {
		return dnstk_err_set(err, DNSTK_EINPUT, source, 0,
		    "no <Zone> in the trust anchor document");
	}
	while ((p = strstr(p, "<KeyDigest")) != NULL && seen < 1000) {
		const char *end = strstr(p, "</KeyDigest>");
		int64_t from, until;
		ldns_rr *rr = NULL;
		int rc;

		seen++;
		if (end == NULL) {
			break;
		}
		from = xml_time(p, strchr(p, '>') ? strchr(p, '>') : end,
		    "validFrom");
		until = xml_time(p, strchr(p, '>') ? strchr(p, '>') : end,
		    "validUntil");
		if (!xml_field(tag, sizeof(tag), p, end, "KeyTag") ||
		    !xml_field(alg, sizeof(alg), p, end, "Algorithm") ||
		    !xml_field(dt, sizeof(dt), p, end, "DigestType") ||
		    !xml_field(dg, sizeof(dg), p, end, "Digest")) {
			return dnstk_err_set(err, DNSTK_EINPUT, source, 0,
			    "a <KeyDigest> lacks KeyTag, Algorithm, "
			    "DigestType or Digest");
		}
		p = end;
		if ((from >= 0 && now < from) || (until >= 0 && now > until)) {
			continue;
		}
		snprintf(line, sizeof(line), "%s 0 IN DS %s %s %s %s", zone, tag,
		    alg, dt, dg);
		if (ldns_rr_new_frm_str(&rr, line, 0, NULL, NULL) !=
		    LDNS_STATUS_OK) {
			return dnstk_err_set(err, DNSTK_EINPUT, source, 0,
			    "bad <KeyDigest> for key tag %s", tag);
		}
		rc = list_push_copy(&a->rrs, rr);
		ldns_rr_free(rr);
		if (rc != 0) {
			return rc;
		}
		added++;
	}
	if (added == 0) {
		return dnstk_err_set(err, DNSTK_EINPUT, source, 0,
		    "no trust anchor in '%s' is valid now", source);
	}
	return 0;
}

/* Read every record of `doc` (a stream) and hand it to `fn`. */
static int
read_records(const struct dnstk_buf *doc, const char *source,
    enum dnstk_form form, int (*fn)(void *, const ldns_rr *), void *arg,
    struct dnstk_err *err)
{
	struct dnstk_reader r;
	FILE *fp;
	int rc;
	bool msgs = false;

	/* Hex and JSON streams may hold messages or records: try messages. */
	if (form != DNSTK_FORM_TEXT && doc->len > 0) {
		const char *s = doc->data;
		enum dnstk_form f = form;

		while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
			s++;
		}
		if (f == DNSTK_FORM_AUTO) {
			f = *s == '{' ? DNSTK_FORM_JSON :
			    (strspn(s, "0123456789abcdefABCDEF \t") > 0 &&
			    (s[strspn(s, "0123456789abcdefABCDEF \t")] == '\n' ||
			    s[strspn(s, "0123456789abcdefABCDEF \t")] == '\0' ||
			    s[strspn(s, "0123456789abcdefABCDEF \t")] == '#') ?
			    DNSTK_FORM_HEX : DNSTK_FORM_TEXT);
		}
		if (f == DNSTK_FORM_JSON) {
			msgs = strstr(doc->data, "\"answerRRs\"") != NULL ||
			    strstr(doc->data, "\"QDCOUNT\"") != NULL;
		} else if (f == DNSTK_FORM_HEX) {
			/* A message has a 12-byte header: try it. */
			msgs = true;
		}
		form = f;
	}
	if (msgs) {
		struct dnstk_msg *m = NULL;
		struct dnstk_err e2 = DNSTK_ERR_INIT;

		fp = fmemopen(doc->data, doc->len, "r");
		if (fp == NULL) {
			return DNSTK_ENOMEM;
		}
		rc = dnstk_reader_init(&r, fp, source, form);
		while (rc == 0 && (rc = dnstk_reader_msg(&r, &m, &e2)) == 1) {
			for (int s = DNSTK_SEC_ANSWER; s < DNSTK_SEC_COUNT &&
			    rc == 1; s++) {
				for (size_t i = 0; i < ldns_rr_list_rr_count(
				    m->sec[s]); i++) {
					rc = fn(arg, ldns_rr_list_rr(m->sec[s],
					    i));
					if (rc < 0) {
						break;
					}
					rc = 1;
				}
			}
			dnstk_msg_free(m);
			m = NULL;
			if (rc < 0) {
				break;
			}
			rc = 0;
		}
		dnstk_reader_release(&r);
		fclose(fp);
		if (rc == 0) {
			return 0;
		}
		if (rc != DNSTK_EINPUT || form == DNSTK_FORM_JSON) {
			if (err != NULL && rc == DNSTK_EINPUT) {
				*err = e2;
			}
			if (rc == DNSTK_EINPUT || rc == DNSTK_ENOMEM) {
				return rc;
			}
		}
		/* Hex that is not messages: read it again as records. */
	}
	fp = fmemopen(doc->data, doc->len ? doc->len : 1, "r");
	if (fp == NULL) {
		return DNSTK_ENOMEM;
	}
	rc = dnstk_reader_init(&r, fp, source, doc->len ? form :
	    DNSTK_FORM_TEXT);
	if (rc == 0 && doc->len > 0) {
		ldns_rr *rr = NULL;

		while ((rc = dnstk_reader_rr(&r, &rr, err)) == 1) {
			rc = fn(arg, rr);
			ldns_rr_free(rr);
			rr = NULL;
			if (rc < 0) {
				break;
			}
		}
	}
	dnstk_reader_release(&r);
	fclose(fp);
	return rc < 0 ? rc : 0;
}

static int
anchor_cb(void *arg, const ldns_rr *rr)
{
	struct dnstk_anchors *a = arg;
	ldns_rr_type t = ldns_rr_get_type(rr);

	if (t != LDNS_RR_TYPE_DS && t != LDNS_RR_TYPE_DNSKEY) {
		return 0;
	}
	return list_push_copy(&a->rrs, rr);
}

int
dnstk_anchors_read(struct dnstk_anchors *a, FILE *fp, const char *source,
    enum dnstk_form form, int64_t now, struct dnstk_err *err)
{
	struct dnstk_buf doc;
	size_t before = a->rrs ? ldns_rr_list_rr_count(a->rrs) : 0;
	int rc;

	dnstk_buf_init(&doc);
	rc = slurp(&doc, fp, source, err);
	if (rc != 0) {
		goto out;
	}
	if (strstr(doc.data, "<TrustAnchor") != NULL) {
		rc = read_xml(a, doc.data, source, now, err);
		goto out;
	}
	rc = read_records(&doc, source, form, anchor_cb, a, err);
	if (rc == 0 && (a->rrs ? ldns_rr_list_rr_count(a->rrs) : 0) ==
	    before) {
		rc = dnstk_err_set(err, DNSTK_EINPUT, source, 0,
		    "no DS or DNSKEY record in '%s'", source);
	}
out:
	dnstk_buf_release(&doc);
	return rc;
}

/* ---- pool ------------------------------------------------------------ */

/*
 * The pool's duplicate index: open addressing over 64-bit hashes of each
 * record's canonical form with the TTL zeroed, so that adding n records
 * costs O(n), not O(n^2) ldns_rr_compare calls.
 */
struct pool_index {
	uint64_t *hash;
	uint32_t *slot;		/* pool index + 1; 0 is empty */
	size_t cap;		/* a power of two */
	size_t n;
};

void
dnstk_rrpool_init(struct dnstk_rrpool *p)
{
	p->rrs = NULL;
	p->index = NULL;
}

void
dnstk_rrpool_release(struct dnstk_rrpool *p)
{
	struct pool_index *x = p->index;

	if (x != NULL) {
		free(x->hash);
		free(x->slot);
		free(x);
	}
	ldns_rr_list_deep_free(p->rrs);
	dnstk_rrpool_init(p);
}

static int
rr_hash(uint64_t *out, const ldns_rr *rr)
{
	struct dnstk_buf b;
	uint32_t zero = 0;
	uint64_t h = 1469598103934665603ULL;
	int rc;

	dnstk_buf_init(&b);
	rc = dnstk_rr_canon_wire(&b, rr, &zero);
	if (rc == 0) {
		for (size_t i = 0; i < b.len; i++) {
			h ^= (uint8_t)b.data[i];
			h *= 1099511628211ULL;
		}
		*out = h;
	}
	dnstk_buf_release(&b);
	return rc;
}

static int
index_grow(struct pool_index *x)
{
	size_t ncap = x->cap ? x->cap * 2 : 256;
	uint64_t *nh = calloc(ncap, sizeof(*nh));
	uint32_t *ns = calloc(ncap, sizeof(*ns));

	if (nh == NULL || ns == NULL) {
		free(nh);
		free(ns);
		return DNSTK_ENOMEM;
	}
	for (size_t i = 0; i < x->cap; i++) {
		size_t j;

		if (x->slot[i] == 0) {
			continue;
		}
		for (j = x->hash[i] & (ncap - 1); ns[j] != 0;
		    j = (j + 1) & (ncap - 1)) {
		}
		nh[j] = x->hash[i];
		ns[j] = x->slot[i];
	}
	free(x->hash);
	free(x->slot);
	x->hash = nh;
	x->slot = ns;
	x->cap = ncap;
	return 0;
}

int
dnstk_rrpool_add(struct dnstk_rrpool *p, const ldns_rr *rr)
{
	struct pool_index *x = p->index;
	ldns_rr_type t = ldns_rr_get_type(rr);
	uint64_t h;
	size_t n, j;
	int rc;

	if (t == LDNS_RR_TYPE_OPT || ldns_rr_is_question(rr) ||
	    ldns_rr_owner(rr) == NULL) {
		return 0;
	}
	if (x == NULL) {
		x = calloc(1, sizeof(*x));
		if (x == NULL) {
			return DNSTK_ENOMEM;
		}
		p->index = x;
	}
	if ((x->n + 1) * 2 > x->cap && index_grow(x) != 0) {
		return DNSTK_ENOMEM;
	}
	rc = rr_hash(&h, rr);
	if (rc != 0) {
		return rc == DNSTK_ENOMEM ? rc : 0;	/* unusable: skip */
	}
	for (j = h & (x->cap - 1); x->slot[j] != 0; j = (j + 1) & (x->cap - 1)) {
		if (x->hash[j] == h && ldns_rr_compare(ldns_rr_list_rr(p->rrs,
		    x->slot[j] - 1), rr) == 0) {
			return 0;
		}
	}
	n = p->rrs ? ldns_rr_list_rr_count(p->rrs) : 0;
	if (n >= DNSTK_DNSSEC_MAX_POOL) {
		return DNSTK_EINPUT;
	}
	if (list_push_copy(&p->rrs, rr) != 0) {
		return DNSTK_ENOMEM;
	}
	x->hash[j] = h;
	x->slot[j] = (uint32_t)n + 1;
	x->n++;
	return 1;
}

int
dnstk_rrpool_add_msg(struct dnstk_rrpool *p, const struct dnstk_msg *m)
{
	for (int s = DNSTK_SEC_ANSWER; s < DNSTK_SEC_COUNT; s++) {
		for (size_t i = 0; i < ldns_rr_list_rr_count(m->sec[s]); i++) {
			int rc = dnstk_rrpool_add(p, ldns_rr_list_rr(m->sec[s],
			    i));

			if (rc < 0) {
				return rc;
			}
		}
	}
	return 0;
}

static int
pool_cb(void *arg, const ldns_rr *rr)
{
	int rc = dnstk_rrpool_add(arg, rr);

	return rc < 0 ? rc : 0;
}

int
dnstk_rrpool_read(struct dnstk_rrpool *p, FILE *fp, const char *source,
    enum dnstk_form form, struct dnstk_err *err)
{
	struct dnstk_buf doc;
	int rc;

	dnstk_buf_init(&doc);
	rc = slurp(&doc, fp, source, err);
	if (rc == 0) {
		rc = read_records(&doc, source, form, pool_cb, p, err);
	}
	if (rc == DNSTK_EINPUT && err != NULL && err->msg[0] == '\0') {
		dnstk_err_set(err, rc, source, 0, "more than %d records",
		    DNSTK_DNSSEC_MAX_POOL);
	}
	dnstk_buf_release(&doc);
	return rc;
}
