/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests for lib/dnssec: windows, NSEC3 hashes, DS matching, anchors,
 * pool, RRSIG checks against ldns-made signatures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "dnssec/validate.h"
#include "tap.h"

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

/* RFC 1982 windows, past 2038 too. */
static void
test_window(void)
{
	ldns_rr *s = rr_of("www.example. 3600 IN RRSIG A 13 2 3600 "
	    "20600101000000 20250101000000 4711 example. AAAA");
	int64_t inc = 0, exp = 0;

	tap_int(dnstk_rrsig_window(s, 1780000000, &inc, &exp), 0,
	    "2026 is inside 2025..2060");
	tap_int(inc, 1735689600, "inception as Unix time");
	tap_int(exp, 2840140800LL, "expiration past 2038 as Unix time");
	tap_int(dnstk_rrsig_window(s, 2840140801LL, NULL, NULL), 1,
	    "a second after the expiration is expired");
	tap_int(dnstk_rrsig_window(s, 1735689599, NULL, NULL), -1,
	    "a second before the inception is not yet valid");
	tap_int(dnstk_rrsig_window(s, 2840140800LL, NULL, NULL), 0,
	    "the expiration second itself is valid");
	ldns_rr_free(s);
}

/* RFC 5155 Appendix A hashes. */
static void
test_nsec3_hash(void)
{
	ldns_rr *p = rr_of("example. 3600 IN NSEC3PARAM 1 0 12 aabbccdd");
	ldns_rdf *n = name_of("example."), *a = name_of("a.EXAMPLE."), *h;
	char *s;

	h = dnstk_nsec3_hash(p, n, 150);
	s = h ? ldns_rdf2str(h) : NULL;
	tap_str(s, "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.", "H(example)");
	free(s);
	ldns_rdf_deep_free(h);
	h = dnstk_nsec3_hash(p, a, 150);
	s = h ? ldns_rdf2str(h) : NULL;
	tap_str(s, "35mthgpgcu1qg68fab165klnsnk3dpvl.", "H(a.example), any case");
	free(s);
	ldns_rdf_deep_free(h);
	tap_ok(dnstk_nsec3_hash(p, n, 11) == NULL,
	    "12 iterations above a limit of 11: no hash");
	ldns_rr_free(p);
	ldns_rdf_deep_free(n);
	ldns_rdf_deep_free(a);
}

static void
test_algorithms(void)
{
	static const int yes[] = { 5, 7, 8, 10, 13, 14, 15, 16 };
	static const int no[] = { 1, 3, 6, 12, 17, 253, 254 };

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		tap_ok(dnstk_dnssec_alg_supported((uint8_t)yes[i]),
		    "algorithm %d supported", yes[i]);
	}
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		tap_ok(!dnstk_dnssec_alg_supported((uint8_t)no[i]),
		    "algorithm %d not supported", no[i]);
	}
	tap_ok(dnstk_ds_digest_supported(1) && dnstk_ds_digest_supported(2) &&
	    dnstk_ds_digest_supported(4), "digests 1, 2, 4 supported");
	tap_ok(!dnstk_ds_digest_supported(3) && !dnstk_ds_digest_supported(0),
	    "digests 0 and 3 (GOST) not supported");
}

/* The DS ldns-key2ds wrote for the test root, against its key file. */
static void
test_ds_match(void)
{
	FILE *fp = fopen("tests/fixtures/dnssec/root.anchor", "r");
	FILE *kp = fopen("tests/fixtures/dnssec/root.anchor.dnskey", "r");
	char dsl[512] = "", kl[1024] = "";
	ldns_rr *ds, *key, *other;

	if (fp == NULL || kp == NULL || fgets(dsl, sizeof(dsl), fp) == NULL ||
	    fgets(kl, sizeof(kl), kp) == NULL) {
		tap_ok(0, "fixture anchors readable");
		return;
	}
	fclose(fp);
	fclose(kp);
	ds = rr_of(dsl);
	key = rr_of(kl);
	tap_int(dnstk_ds_match(ds, key), 1, "the test root's DS matches its KSK");
	other = ldns_rr_clone(ds);
	ldns_rdf_data(ldns_rr_rdf(other, 3))[0] ^= 1;
	tap_int(dnstk_ds_match(other, key), 0, "one digest bit off: no match");
	ldns_rr_free(other);
	other = ldns_rr_clone(ds);
	ldns_rdf_data(ldns_rr_rdf(other, 2))[0] = 3;
	tap_int(dnstk_ds_match(other, key), -1, "digest type 3: unsupported");
	ldns_rr_free(other);
	other = ldns_key_rr2ds(key, LDNS_SHA384);
	tap_int(dnstk_ds_match(other, key), 1, "digest type 4 works");
	ldns_rr_free(other);
	ldns_rr_free(ds);
	ldns_rr_free(key);
}

static void
test_anchors_pool(void)
{
	struct dnstk_anchors a;
	struct dnstk_rrpool p;
	struct dnstk_err err = DNSTK_ERR_INIT;
	ldns_rr *rr = rr_of("www.example. 300 IN A 192.0.2.1");
	ldns_rr *rr2 = rr_of("WWW.example. 600 IN A 192.0.2.1");
	ldns_rdf *n = name_of("www.example."), *root = name_of(".");
	ldns_rr_list *l;

	dnstk_anchors_init(&a);
	tap_int(dnstk_anchors_add_builtin(&a), 0, "built-in anchors");
	tap_int((long long)ldns_rr_list_rr_count(a.rrs), 2, "two of them");
	tap_ok(dnstk_anchors_cover(&a, n) != NULL &&
	    ldns_dname_compare(dnstk_anchors_cover(&a, n), root) == 0,
	    "the root anchors cover www.example.");
	tap_int(dnstk_anchors_add_rr(&a, rr, &err), DNSTK_EINPUT,
	    "an A record is no anchor");
	dnstk_anchors_release(&a);

	dnstk_rrpool_init(&p);
	tap_int(dnstk_rrpool_add(&p, rr), 1, "first record added");
	tap_int(dnstk_rrpool_add(&p, rr2), 0,
	    "same record, other case and TTL: not added again");
	l = dnstk_rrpool_find(&p, n, LDNS_RR_TYPE_A, false);
	tap_int(l ? (long long)ldns_rr_list_rr_count(l) : -1, 1, "found");
	ldns_rr_list_free(l);
	dnstk_rrpool_release(&p);
	ldns_rr_free(rr);
	ldns_rr_free(rr2);
	ldns_rdf_deep_free(n);
	ldns_rdf_deep_free(root);
}

/* A pool without a single signature is never secure. */
static void
test_unsigned(void)
{
	struct dnstk_anchors a;
	struct dnstk_rrpool p;
	struct dnstk_val_opts o;
	struct dnstk_val_result r;
	struct dnstk_err err = DNSTK_ERR_INIT;
	ldns_rr *rr = rr_of("www.example. 300 IN A 192.0.2.1");
	ldns_rdf *n = name_of("www.example.");

	dnstk_anchors_init(&a);
	dnstk_rrpool_init(&p);
	dnstk_val_opts_init(&o);
	dnstk_val_result_init(&r);
	dnstk_anchors_add_builtin(&a);
	dnstk_rrpool_add(&p, rr);
	tap_int(dnstk_validate(&r, &p, &a, n, LDNS_RR_TYPE_A, &o, &err), 0,
	    "validate runs");
	tap_str(dnstk_dnssec_state_name(r.verdict), "bogus",
	    "unsigned data under the root anchor is bogus");
	tap_ok(r.reason != NULL && r.fail != SIZE_MAX, "with a failing step");
	dnstk_val_result_release(&r);
	dnstk_anchors_release(&a);
	dnstk_anchors_init(&a);
	dnstk_val_result_init(&r);
	dnstk_validate(&r, &p, &a, n, LDNS_RR_TYPE_A, &o, &err);
	tap_str(dnstk_dnssec_state_name(r.verdict), "indeterminate",
	    "no anchor: indeterminate");
	dnstk_val_result_release(&r);
	dnstk_anchors_release(&a);
	dnstk_rrpool_release(&p);
	ldns_rr_free(rr);
	ldns_rdf_deep_free(n);
}

/*
 * RRSIGs made by ldns (its own signed-data and signing code) checked by
 * dnstk_rrsig_check, which builds the signed data itself: records given
 * out of canonical order, an owner in capitals, a wildcard expansion
 * (the RRSIG of *.w.example. over x.w.example.), and a changed record.
 */
static void
test_rrsig_ldns(ldns_signing_algorithm la, uint16_t bits, const char *what)
{
	ldns_key *k = ldns_key_new_frm_algorithm(la, bits);
	ldns_key_list *kl = ldns_key_list_new();
	ldns_rr_list *set = ldns_rr_list_new(), *keys = ldns_rr_list_new();
	ldns_rr_list *wset = ldns_rr_list_new(), *xset = ldns_rr_list_new();
	ldns_rr_list *sigs = NULL, *wsigs = NULL;
	ldns_rdf *zone = name_of("example.");
	ldns_rr *dnskey = NULL;
	const ldns_rr *used = NULL;
	bool wild = true;
	char why[256];

	if (k == NULL) {
		tap_ok(1, "%s: ldns cannot make such keys here # SKIP", what);
		goto out;
	}
	ldns_key_list_push_key(kl, k);
	ldns_key_set_pubkey_owner(k, ldns_rdf_clone(zone));
	ldns_key_set_inception(k, 1735689600);	/* 2025-01-01 */
	ldns_key_set_expiration(k, 2082758400);	/* 2036-01-01 */
	ldns_key_set_flags(k, 256);
	dnskey = ldns_key2rr(k);
	ldns_key_set_keytag(k, ldns_calc_keytag(dnskey));
	ldns_rr_list_push_rr(keys, dnskey);
	ldns_rr_list_push_rr(set, rr_of("WWW.Example. 300 IN TXT \"zz\""));
	ldns_rr_list_push_rr(set, rr_of("WWW.Example. 300 IN TXT \"aa\""));
	ldns_rr_list_push_rr(set, rr_of("WWW.Example. 300 IN TXT \"m\""));
	ldns_rr_list_push_rr(wset, rr_of("*.w.example. 300 IN A 192.0.2.1"));
	ldns_rr_list_push_rr(xset, rr_of("x.w.example. 300 IN A 192.0.2.1"));
	sigs = ldns_sign_public(set, kl);
	wsigs = ldns_sign_public(wset, kl);
	if (sigs == NULL || wsigs == NULL) {
		tap_ok(0, "%s: ldns signs", what);
		goto out;
	}
	tap_int(dnstk_rrsig_check(set, ldns_rr_list_rr(sigs, 0), keys, zone,
	    1780000000, &used, &wild, why, sizeof(why)), DNSTK_SIG_OK, what);
	tap_ok(used == dnskey && !wild, "%s: the key, no wildcard", what);
	tap_int(dnstk_rrsig_check(xset, ldns_rr_list_rr(wsigs, 0), keys, zone,
	    1780000000, NULL, &wild, why, sizeof(why)), DNSTK_SIG_OK,
	    "wildcard expansion verifies");
	tap_ok(wild, "wildcard expansion: said so");
	ldns_rdf_deep_free(ldns_rr_pop_rdf(ldns_rr_list_rr(set, 1)));
	ldns_rr_push_rdf(ldns_rr_list_rr(set, 1),
	    ldns_rdf_new_frm_str(LDNS_RDF_TYPE_STR, "ab"));
	tap_int(dnstk_rrsig_check(set, ldns_rr_list_rr(sigs, 0), keys, zone,
	    1780000000, NULL, NULL, why, sizeof(why)), DNSTK_SIG_BAD,
	    "a changed record fails");
	tap_ok(strstr(why, "does not verify") != NULL, "and says so: %s", why);
out:
	ldns_key_list_free(kl);	/* and the key, once pushed */
	ldns_rr_list_deep_free(set);
	ldns_rr_list_deep_free(keys);
	ldns_rr_list_deep_free(wset);
	ldns_rr_list_deep_free(xset);
	ldns_rr_list_deep_free(sigs);
	ldns_rr_list_deep_free(wsigs);
	ldns_rdf_deep_free(zone);
}

int
main(void)
{
	test_window();
	test_nsec3_hash();
	test_algorithms();
	test_ds_match();
	test_anchors_pool();
	test_unsigned();
	test_rrsig_ldns(LDNS_SIGN_RSASHA256, 1024, "ldns RSASHA256 RRSIG");
	test_rrsig_ldns(LDNS_SIGN_ECDSAP256SHA256, 256, "ldns P-256 RRSIG");
	test_rrsig_ldns(LDNS_SIGN_ED25519, 256, "ldns Ed25519 RRSIG");
	return tap_done();
}
