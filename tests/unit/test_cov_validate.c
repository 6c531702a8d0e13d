/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Coverage tests for lib/dnssec's public building blocks: every outcome
 * of dnstk_rrsig_check() with keys made here by ldns (a valid signature,
 * a wildcard expansion, each mismatch, an unsupported algorithm, expired
 * and not-yet windows with their wording, a missing key, a key without
 * the zone bit, a broken signature), the state names, and the refusals
 * of dnstk_nsec3_hash().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "dnssec/validate.h"
#include "tap.h"

#define INC 1735689600u		/* 2025-01-01 00:00:00 */
#define EXP 2840140800u		/* 2060-01-01 00:00:00 */
#define NOW 1780272000		/* 2026-06-01 00:00:00 */

static ldns_rr *
rr_of(const char *s)
{
	ldns_rr *rr = NULL;

	if (ldns_rr_new_frm_str(&rr, s, 3600, NULL, NULL) != LDNS_STATUS_OK) {
		fprintf(stderr, "# cannot parse %s\n", s);
		exit(2);
	}
	return rr;
}

static ldns_rdf *
name_of(const char *s)
{
	ldns_rdf *n = NULL;

	if (ldns_str2rdf_dname(&n, s) != LDNS_STATUS_OK) {
		exit(2);
	}
	return n;
}

static ldns_rr_list *
list_of(ldns_rr *a, ldns_rr *b)
{
	ldns_rr_list *l = ldns_rr_list_new();

	ldns_rr_list_push_rr(l, a);
	if (b != NULL) {
		ldns_rr_list_push_rr(l, b);
	}
	return l;
}

/* The DNSKEY of `k` (caller frees). */
static ldns_rr *
dnskey_of(const ldns_key *k)
{
	return ldns_key2rr(k);
}

/* A P-256 key of `zone` with DNSKEY flags `flags`. */
static ldns_key *
key_new(const char *zone, uint16_t flags)
{
	ldns_key *k = ldns_key_new_frm_algorithm(LDNS_SIGN_ECDSAP256SHA256,
	    256);
	ldns_rr *pub;

	if (k == NULL) {
		fprintf(stderr, "# cannot make a key\n");
		exit(2);
	}
	ldns_key_set_pubkey_owner(k, name_of(zone));
	ldns_key_set_flags(k, flags);
	ldns_key_set_inception(k, INC);
	ldns_key_set_expiration(k, EXP);
	pub = dnskey_of(k);
	ldns_key_set_keytag(k, ldns_calc_keytag(pub));
	ldns_rr_free(pub);
	return k;
}

/*
 * The one RRSIG of the key in `kl` over `rrset` (caller frees).  The key
 * list owns its key: ldns_key_list_free() frees the keys too.
 */
static ldns_rr *
sign(const ldns_rr_list *rrset, ldns_key_list *kl)
{
	ldns_rr_list *sigs;
	ldns_rr *s;

	sigs = ldns_sign_public((ldns_rr_list *)rrset, kl);
	if (sigs == NULL || ldns_rr_list_rr_count(sigs) != 1) {
		fprintf(stderr, "# cannot sign\n");
		exit(2);
	}
	s = ldns_rr_clone(ldns_rr_list_rr(sigs, 0));
	ldns_rr_list_deep_free(sigs);
	return s;
}

static enum dnstk_sig_status
check(const ldns_rr_list *rrset, const ldns_rr *sig, const ldns_rr_list *keys,
    const char *zone, int64_t now, char *why, size_t cap, bool *wild,
    const ldns_rr **key)
{
	ldns_rdf *z = name_of(zone);
	enum dnstk_sig_status st;

	why[0] = '\0';
	st = dnstk_rrsig_check(rrset, sig, keys, z, now, key, wild, why, cap);
	ldns_rdf_deep_free(z);
	return st;
}

static void
test_rrsig_check(void)
{
	ldns_key *zsk = key_new("example.", 256);
	ldns_key_list *kl = ldns_key_list_new();
	ldns_rr *dnskey = dnskey_of(zsk), *dnskey0 = ldns_rr_clone(dnskey);
	ldns_rr *a = rr_of("www.example. 3600 IN A 192.0.2.1");
	ldns_rr *w = rr_of("*.w.example. 3600 IN TXT \"wild\"");
	ldns_rr *txt = rr_of("www.example. 3600 IN TXT \"x\"");
	ldns_rr *other = rr_of("www.other. 3600 IN A 192.0.2.1");
	ldns_rr *tampered = rr_of("www.example. 3600 IN A 192.0.2.99");
	ldns_rr *apex = rr_of("example. 3600 IN A 192.0.2.7");
	ldns_rr_list *rs_a = list_of(a, NULL), *rs_w = list_of(w, NULL);
	ldns_rr_list *rs_txt = list_of(txt, NULL);
	ldns_rr_list *rs_other = list_of(other, NULL);
	ldns_rr_list *rs_bad = list_of(tampered, NULL);
	ldns_rr_list *rs_apex = list_of(apex, NULL);
	ldns_rr_list *empty = ldns_rr_list_new();
	ldns_rr_list *keys = list_of(dnskey, NULL);
	ldns_rr_list *keys0 = list_of(dnskey0, NULL);
	ldns_rr *sig_a, *sig_w;
	ldns_rr *sig_0, *exp_a, *wild_a;
	ldns_rr_list *rs_exp;
	const ldns_rr *used = NULL;
	char why[256], want[128];
	bool wild = true;
	uint16_t tag = ldns_calc_keytag(dnskey);

	ldns_key_list_push_key(kl, zsk);
	sig_a = sign(rs_a, kl);
	sig_w = sign(rs_w, kl);
	sig_0 = ldns_rr_clone(sig_a);

	/*
	 * The same key published without the zone bit (flags 0), and the
	 * signature's key tag pointed at that DNSKEY: the tag matches, the
	 * key may not sign zone data (RFC 4034 2.1.1).
	 */
	ldns_rdf_deep_free(ldns_rr_set_rdf(dnskey0,
	    ldns_native2rdf_int16(LDNS_RDF_TYPE_INT16, 0), 0));
	ldns_rdf_deep_free(ldns_rr_set_rdf(sig_0,
	    ldns_native2rdf_int16(LDNS_RDF_TYPE_INT16,
	    ldns_calc_keytag(dnskey0)), 6));

	tap_int(check(rs_a, sig_a, keys, "example.", NOW, why, sizeof(why),
	    &wild, &used), DNSTK_SIG_OK, "rrsig: a valid signature");
	tap_ok(used == dnskey && !wild, "rrsig: *key is the key, no wildcard");

	/* The expansion www.w.example. of *.w.example., same signature. */
	exp_a = rr_of("www.w.example. 3600 IN TXT \"wild\"");
	rs_exp = list_of(exp_a, NULL);
	tap_int(check(rs_exp, sig_w, keys, "example.", NOW, why, sizeof(why),
	    &wild, NULL), DNSTK_SIG_OK, "rrsig: a wildcard expansion verifies");
	tap_ok(wild, "rrsig: and says it is one");
	tap_int(check(rs_w, sig_w, keys, "example.", NOW, why, sizeof(why),
	    &wild, NULL), DNSTK_SIG_OK, "rrsig: the wildcard owner itself");
	tap_ok(!wild, "rrsig: the '*' label is not counted");

	tap_int(check(empty, sig_a, keys, "example.", NOW, why, sizeof(why),
	    NULL, NULL), DNSTK_SIG_MISMATCH, "rrsig: an empty RRset");
	tap_str(why, "malformed RRSIG", "rrsig: empty RRset named");
	tap_int(check(rs_a, a, keys, "example.", NOW, why, sizeof(why), NULL,
	    NULL), DNSTK_SIG_MISMATCH, "rrsig: an A record is no RRSIG");
	tap_str(why, "malformed RRSIG", "rrsig: non-RRSIG named");
	tap_int(check(rs_a, sig_a, keys, "www.example.", NOW, why,
	    sizeof(why), NULL, NULL), DNSTK_SIG_MISMATCH,
	    "rrsig: another zone");
	tap_str(why, "signer is not the zone", "rrsig: signer named");
	tap_int(check(rs_other, sig_a, keys, "example.", NOW, why,
	    sizeof(why), NULL, NULL), DNSTK_SIG_MISMATCH,
	    "rrsig: an owner outside the zone");
	tap_str(why, "owner is outside the signer's zone",
	    "rrsig: outside named");
	tap_int(check(rs_txt, sig_a, keys, "example.", NOW, why, sizeof(why),
	    NULL, NULL), DNSTK_SIG_MISMATCH, "rrsig: over another type");
	tap_str(why, "type or class covered differs", "rrsig: type named");
	tap_int(check(rs_apex, sig_a, keys, "example.", NOW, why, sizeof(why),
	    NULL, NULL), DNSTK_SIG_MISMATCH, "rrsig: more labels than owner");
	tap_str(why, "label count 2 exceeds the owner's 1",
	    "rrsig: label count named");

	/* Windows, and the span wording of each unit. */
	tap_int(check(rs_a, sig_a, keys, "example.", (int64_t)EXP + 30, why,
	    sizeof(why), NULL, NULL), DNSTK_SIG_EXPIRED, "rrsig: expired");
	tap_str(why, "expired 2060-01-01 00:00:00, 30 seconds before now",
	    "rrsig: seconds");
	check(rs_a, sig_a, keys, "example.", (int64_t)EXP + 300, why,
	    sizeof(why), NULL, NULL);
	tap_str(why, "expired 2060-01-01 00:00:00, 5 minutes before now",
	    "rrsig: minutes");
	check(rs_a, sig_a, keys, "example.", (int64_t)EXP + 3 * 3600, why,
	    sizeof(why), NULL, NULL);
	tap_str(why, "expired 2060-01-01 00:00:00, 3 hours before now",
	    "rrsig: hours");
	check(rs_a, sig_a, keys, "example.", (int64_t)EXP + 5 * 86400, why,
	    sizeof(why), NULL, NULL);
	tap_str(why, "expired 2060-01-01 00:00:00, 5 days before now",
	    "rrsig: days");
	tap_int(check(rs_a, sig_a, keys, "example.", (int64_t)INC - 1, why,
	    sizeof(why), NULL, NULL), DNSTK_SIG_NOT_YET, "rrsig: not yet");
	tap_str(why, "not valid until 2025-01-01 00:00:00, 1 seconds after now",
	    "rrsig: not yet named");

	/* Keys. */
	tap_int(check(rs_a, sig_a, keys0, "example.", NOW, why, sizeof(why),
	    NULL, &used), DNSTK_SIG_NO_KEY, "rrsig: no key of that tag");
	snprintf(want, sizeof(want), "no DNSKEY with tag %u and algorithm 13",
	    tag);
	tap_str(why, want, "rrsig: missing key named");
	tap_ok(used == NULL, "rrsig: *key NULL without a key");
	tap_int(check(rs_a, sig_0, keys0, "example.", NOW, why, sizeof(why),
	    NULL, NULL), DNSTK_SIG_NO_KEY, "rrsig: a key without the zone bit");
	snprintf(want, sizeof(want), "key %u is not a zone key",
	    ldns_calc_keytag(dnskey0));
	tap_str(why, want, "rrsig: non-zone key named");
	tap_int(check(rs_bad, sig_a, keys, "example.", NOW, why, sizeof(why),
	    NULL, NULL), DNSTK_SIG_BAD, "rrsig: other data, same signature");
	snprintf(want, sizeof(want), "signature does not verify with key %u",
	    tag);
	tap_str(why, want, "rrsig: bad signature named");
	tap_int(dnstk_rrsig_check(rs_bad, sig_a, keys,
	    ldns_rr_owner(dnskey), NOW, NULL, NULL, NULL, 0), DNSTK_SIG_BAD,
	    "rrsig: no why buffer is fine");

	/* An algorithm that must not be validated (RFC 8624: DSA). */
	wild_a = rr_of("www.example. 3600 IN RRSIG A 3 2 3600 20600101000000 "
	    "20250101000000 4711 example. AAAA");
	tap_int(check(rs_a, wild_a, keys, "example.", NOW, why, sizeof(why),
	    NULL, NULL), DNSTK_SIG_UNSUPPORTED, "rrsig: algorithm 3");
	tap_str(why, "algorithm 3 is not supported", "rrsig: algorithm named");

	ldns_rr_free(wild_a);
	ldns_rr_free(sig_a);
	ldns_rr_free(sig_w);
	ldns_rr_free(sig_0);
	ldns_rr_list_deep_free(rs_a);
	ldns_rr_list_deep_free(rs_w);
	ldns_rr_list_deep_free(rs_txt);
	ldns_rr_list_deep_free(rs_other);
	ldns_rr_list_deep_free(rs_bad);
	ldns_rr_list_deep_free(rs_apex);
	ldns_rr_list_deep_free(rs_exp);
	ldns_rr_list_free(empty);
	ldns_rr_list_deep_free(keys);
	ldns_rr_list_deep_free(keys0);
	ldns_key_list_free(kl);	/* and zsk */
}

static void
test_names(void)
{
	tap_str(dnstk_dnssec_state_name(DNSTK_DNSSEC_SECURE), "secure",
	    "state: secure");
	tap_str(dnstk_dnssec_state_name(DNSTK_DNSSEC_INSECURE), "insecure",
	    "state: insecure");
	tap_str(dnstk_dnssec_state_name(DNSTK_DNSSEC_BOGUS), "bogus",
	    "state: bogus");
	tap_str(dnstk_dnssec_state_name(DNSTK_DNSSEC_INDETERMINATE),
	    "indeterminate", "state: indeterminate");
	tap_str(dnstk_dnssec_state_name((enum dnstk_dnssec_state)42),
	    "indeterminate", "state: out of range is indeterminate");
}

static void
test_nsec3_refusals(void)
{
	ldns_rdf *n = name_of("example.");
	ldns_rr *alg2 = rr_of("example. 3600 IN NSEC3PARAM 2 0 1 aabb");
	ldns_rr *nosalt = rr_of("example. 3600 IN NSEC3PARAM 1 0 0 -");
	ldns_rr *p = rr_of("example. 3600 IN NSEC3PARAM 1 0 1 aabb");
	ldns_rr *bad = ldns_rr_clone(p), *few = ldns_rr_new();
	ldns_rdf *h;
	static const uint8_t lying[] = { 5, 0xaa };	/* says 5, has 1 */

	tap_ok(dnstk_nsec3_hash(alg2, n, 150) == NULL,
	    "nsec3 hash: algorithm 2 is refused");
	h = dnstk_nsec3_hash(nosalt, n, 150);
	tap_ok(h != NULL, "nsec3 hash: no salt, no iterations");
	{
		/* RFC 5155 Appendix A's zone hashed with -t 0, no salt, as
		 * ldns-nsec3-hash -t 0 example. prints it. */
		char *s = h ? ldns_rdf2str(h) : NULL;
		ldns_rdf *want = ldns_nsec3_hash_name(n, 1, 0, 0, NULL);
		char *ws = want ? ldns_rdf2str(want) : NULL;

		tap_ok(s != NULL && ws != NULL && strcasecmp(s, ws) == 0,
		    "nsec3 hash: equals ldns's own hash (%s)", s ? s : "?");
		free(s);
		free(ws);
		ldns_rdf_deep_free(want);
	}
	ldns_rdf_deep_free(h);
	ldns_rdf_deep_free(ldns_rr_set_rdf(bad,
	    ldns_rdf_new_frm_data(LDNS_RDF_TYPE_NSEC3_SALT, sizeof(lying),
	    lying), 3));
	tap_ok(dnstk_nsec3_hash(bad, n, 150) == NULL,
	    "nsec3 hash: a salt length past the field is refused");
	ldns_rr_set_type(few, LDNS_RR_TYPE_NSEC3PARAM);
	ldns_rr_push_rdf(few, ldns_native2rdf_int8(LDNS_RDF_TYPE_INT8, 1));
	tap_ok(dnstk_nsec3_hash(few, n, 150) == NULL,
	    "nsec3 hash: a record with one field is refused");
	ldns_rr_free(alg2);
	ldns_rr_free(nosalt);
	ldns_rr_free(p);
	ldns_rr_free(bad);
	ldns_rr_free(few);
	ldns_rdf_deep_free(n);
}

int
main(void)
{
	test_rrsig_check();
	test_names();
	test_nsec3_refusals();
	return tap_done();
}
