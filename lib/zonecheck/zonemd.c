/* SPDX-License-Identifier: BSD-3-Clause */
/* zone-check: ZONEMD (RFC 8976) and the DS records of --ds (see zc_int.h). */
#include "zonecheck/zc_int.h"

/* ---- ZONEMD (RFC 8976) ---------------------------------------------- */

/* Start the digests when the apex has ZONEMD or --zonemd asks. */
int
zc_zonemd_start(struct zc *c)
{
	static const char *mds[3] = { NULL, "SHA384", "SHA512" };
	struct zc_name *apex = &c->names[c->apex];
	int h;

	if (!c->o->zonemd && !zc_name_has(c, apex, LDNS_RR_TYPE_ZONEMD)) {
		return 0;
	}
	for (h = 1; h <= 2; h++) {
		EVP_MD *md = EVP_MD_fetch(NULL, mds[h], NULL);

		c->zm[h] = EVP_MD_CTX_new();
		if (md == NULL || c->zm[h] == NULL ||
		    EVP_DigestInit_ex(c->zm[h], md, NULL) != 1) {
			EVP_MD_free(md);
			return DNSTK_ENOMEM;
		}
		EVP_MD_free(md);
	}
	return 0;
}

/*
 * Feed the table's in-zone records, in canonical order, to the digests
 * (RFC 8976 §3.3.1): all but the apex ZONEMD RRset and its RRSIGs.
 */
int
zc_zonemd_feed(struct zc *c)
{
	size_t i, rdlen;
	int h, rc = 0;

	if (c->zm[1] == NULL) {
		return 0;
	}
	for (i = 0; i < c->t.n && rc == 0; i++) {
		uint16_t t = ztype(c, i);
		const uint8_t *rd;
		bool at_apex = c->t.ent[i].owner_len == c->origin_len &&
		    name_eq(ent_wire(c, i), c->origin_len, c->origin,
		    c->origin_len);

		if (!name_under(ent_wire(c, i), c->t.ent[i].owner_len,
		    c->origin, c->origin_len)) {
			continue;
		}
		if (at_apex && t == LDNS_RR_TYPE_ZONEMD) {
			continue;
		}
		if (at_apex && t == LDNS_RR_TYPE_RRSIG) {
			rd = ent_rdata(c, i, &rdlen);
			if (rdlen >= 2 && get16(rd) == LDNS_RR_TYPE_ZONEMD) {
				continue;
			}
		}
		dnstk_buf_reset(&c->zw);
		rc = dnstk_rrtab_canon_wire(&c->zw, &c->t, i, NULL);
		for (h = 1; h <= 2 && rc == 0; h++) {
			if (EVP_DigestUpdate(c->zm[h], c->zw.data, c->zw.len) !=
			    1) {
				rc = DNSTK_ENOMEM;
			}
		}
	}
	return rc;
}

/* Finish the digests; print them (--zonemd); check the ZONEMD records. */
int
zc_zonemd_finish(struct zc *c)
{
	struct zc_name *apex = &c->names[c->apex];
	uint8_t dig[3][64];
	unsigned dlen[3] = { 0, 0, 0 };
	size_t i, rdlen, soa = SIZE_MAX;
	const uint8_t *rd;
	uint32_t serial;
	int h, rc = 0;

	if (c->zm[1] == NULL) {
		return 0;
	}
	for (i = apex->first; i < apex->end && soa == SIZE_MAX; i++) {
		if (ztype(c, i) == LDNS_RR_TYPE_SOA) {
			soa = i;
		}
	}
	for (h = 1; h <= 2 && rc == 0; h++) {
		if (EVP_DigestFinal_ex(c->zm[h], dig[h], &dlen[h]) != 1) {
			rc = DNSTK_ENOMEM;
		}
	}
	if (rc != 0 || soa == SIZE_MAX) {
		return rc;
	}
	rd = ent_rdata(c, soa, &rdlen);
	if (rdlen < 22) {
		return 0;
	}
	serial = get32(rd + rdlen - 20);
	if (c->o->zonemd) {
		char *o = zc_zname(c, c->origin, c->origin_len);

		for (h = 1; h <= 2 && rc == 0; h++) {
			rc = dnstk_buf_addf(&c->res->zonemd, "%s %lu IN ZONEMD "
			    "%lu 1 %d ", o ? o : ".",
			    (unsigned long)c->t.ent[soa].ttl,
			    (unsigned long)serial, h);
			rc = rc ? rc : dnstk_buf_addhex(&c->res->zonemd,
			    dig[h], dlen[h]);
			rc = rc ? rc : dnstk_buf_addc(&c->res->zonemd, '\n');
		}
		free(o);
	}
	for (i = apex->first; i < apex->end && rc == 0; i++) {
		const uint8_t *z;
		size_t zl;

		if (ztype(c, i) != LDNS_RR_TYPE_ZONEMD) {
			continue;
		}
		z = ent_rdata(c, i, &zl);
		if (zl < 6) {
			rc = zc_finding(c, DNSTK_ZC_ERROR, "zonemd-malformed", i,
			    LDNS_RR_TYPE_ZONEMD, "ZONEMD RDATA is too short");
		} else if (get32(z) != serial) {
			rc = zc_finding(c, DNSTK_ZC_ERROR, "zonemd-serial", i,
			    LDNS_RR_TYPE_ZONEMD, "serial %lu is not the SOA "
			    "serial %lu", (unsigned long)get32(z),
			    (unsigned long)serial);
		} else if (z[4] != 1 || z[5] < 1 || z[5] > 2) {
			rc = zc_finding(c, DNSTK_ZC_WARNING, "zonemd-unsupported",
			    i, LDNS_RR_TYPE_ZONEMD, "scheme %u hash %u cannot "
			    "be checked (SIMPLE with SHA-384 or SHA-512 can)",
			    z[4], z[5]);
		} else if (zl - 6 != dlen[z[5]] ||
		    memcmp(z + 6, dig[z[5]], dlen[z[5]]) != 0) {
			rc = zc_finding(c, DNSTK_ZC_ERROR, "zonemd-mismatch", i,
			    LDNS_RR_TYPE_ZONEMD, "the %s digest does not match "
			    "the zone's data", z[5] == 1 ? "SHA-384" :
			    "SHA-512");
		}
	}
	return rc;
}

/* ---- DS (--ds=FILE) ------------------------------------------------- */

/* Does apex key `key` hash to digest `dig` with digest `md`? */
static bool
ds_digest_matches(struct zc *c, const struct zc_key *key, const char *md,
    const ldns_rdf *dig, struct dnstk_buf *d)
{
	uint8_t out[64];
	unsigned mlen;
	const uint8_t *rd;
	size_t rdlen;
	EVP_MD *m;
	bool ok;

	rd = ent_rdata(c, key->ent, &rdlen);
	dnstk_buf_reset(d);
	if (dnstk_buf_add(d, c->origin, c->origin_len) != 0 ||
	    dnstk_buf_add(d, rd, rdlen) != 0) {
		c->oom = true;
		return false;
	}
	m = EVP_MD_fetch(NULL, md, NULL);
	ok = m != NULL && EVP_Digest(d->data, d->len, out, &mlen, m, NULL) ==
	    1 && ldns_rdf_size(dig) == mlen &&
	    memcmp(ldns_rdf_data(dig), out, mlen) == 0;
	EVP_MD_free(m);
	return ok;
}

/*
 * One DS record of --ds: it must match an apex key with the SEP bit that
 * signs the DNSKEY RRset.  Findings at the first apex DNSKEY (`first`)
 * or at the key matched.  0 or ENOMEM.
 */
static int
ds_one(struct zc *c, const ldns_rr *rr, size_t first)
{
	static const char *mds[5] = { NULL, "SHA1", "SHA256", NULL, "SHA384" };
	const ldns_rdf *dig = ldns_rr_rdf(rr, 3);
	uint16_t tag = ldns_rdf2native_int16(ldns_rr_rdf(rr, 0));
	uint8_t alg = ldns_rdf2native_int8(ldns_rr_rdf(rr, 1));
	uint8_t dt = ldns_rdf2native_int8(ldns_rr_rdf(rr, 2));
	struct dnstk_buf d;
	bool match = false;
	size_t k;
	int rc = 0;

	if (dt >= 5 || mds[dt] == NULL) {
		return zc_finding(c, DNSTK_ZC_WARNING, "ds-digest-unsupported",
		    first, LDNS_RR_TYPE_DNSKEY, "DS %u: digest type %u "
		    "cannot be checked", tag, dt);
	}
	dnstk_buf_init(&d);
	for (k = 0; k < c->nkeys && !match && !c->oom; k++) {
		struct zc_key *key = &c->keys[k];

		if (key->tag != tag || key->alg != alg ||
		    !ds_digest_matches(c, key, mds[dt], dig, &d)) {
			continue;
		}
		match = true;
		if ((key->flags & 1) == 0) {
			rc = zc_finding(c, DNSTK_ZC_ERROR, "ds-key-not-sep",
			    key->ent, LDNS_RR_TYPE_DNSKEY, "DS %u matches key "
			    "%u, which has no SEP bit", tag, key->tag);
		} else if (!key->signs_dnskey) {
			rc = zc_finding(c, DNSTK_ZC_ERROR, "ds-key-not-signing",
			    key->ent, LDNS_RR_TYPE_DNSKEY, "DS %u matches key "
			    "%u, which does not sign the DNSKEY RRset", tag,
			    key->tag);
		}
	}
	dnstk_buf_release(&d);
	if (rc == 0 && !match) {
		rc = zc_finding(c, DNSTK_ZC_ERROR, "ds-no-key", first,
		    LDNS_RR_TYPE_DNSKEY, "DS %u (algorithm %u) matches no key "
		    "of the apex DNSKEY RRset", tag, alg);
	}
	return rc;
}

int
zc_ds_check(struct zc *c, struct dnstk_err *err)
{
	struct dnstk_reader r;
	FILE *fp;
	ldns_rr *rr;
	int rc;

	if ((fp = fopen(c->o->ds_file, "r")) == NULL) {
		return dnstk_err_set(err, -errno, NULL, 0, "cannot open '%s': "
		    "%s", c->o->ds_file, strerror(errno));
	}
	rc = dnstk_reader_init(&r, fp, c->o->ds_file, DNSTK_FORM_AUTO);
	if (rc != 0) {
		fclose(fp);
		return rc;
	}
	for (;;) {
		rr = NULL;
		rc = dnstk_reader_rr(&r, &rr, err);
		if (rc != 1) {
			break;
		}
		rc = 0;
		if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_DS &&
		    ldns_rr_rd_count(rr) >= 4) {
			rc = ds_one(c, rr, c->keys[0].ent);
		}
		ldns_rr_free(rr);
		if (rc != 0) {
			break;
		}
	}
	dnstk_reader_release(&r);
	fclose(fp);
	return rc;
}
