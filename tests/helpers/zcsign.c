/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * zcsign: (re-)sign every authoritative RRset of a zone with the given
 * keys, leaving its NSEC/NSEC3 records exactly as they are.  The zone-check
 * fixtures use it to make zones whose defects are validly signed (a gap
 * in an NSEC chain, a wrong bitmap, a wrong NSEC3PARAM): ldns-signzone and
 * dnssec-signzone always rebuild the chain, so they cannot make those.
 *
 * usage: zcsign ORIGIN INCEPTION EXPIRATION ZONEFILE KEYBASE...
 *   INCEPTION/EXPIRATION: YYYYMMDDHHMMSS.  KEYBASE: path without
 *   .key/.private.  Existing RRSIGs are dropped.  A key with the SEP bit
 *   signs only the DNSKEY RRset when its algorithm has another key.  With
 *   ZCSIGN_DNSKEY_NO_SEP=1 in the environment, SEP keys sign nothing.
 * Writes the signed zone, one record per line, in canonical order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ldns/ldns.h>

#define KEYS_MAX 8

static uint32_t
parse_time(const char *s)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	if (strlen(s) != 14 || sscanf(s, "%4d%2d%2d%2d%2d%2d", &tm.tm_year,
	    &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
	    &tm.tm_sec) != 6) {
		fprintf(stderr, "zcsign: bad time %s\n", s);
		exit(2);
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	/* RRSIG times are 32-bit serials (RFC 4034 §3.1.5): wrap */
	return (uint32_t)(uint64_t)timegm(&tm);
}

static bool
below_cut(const ldns_rdf *owner, ldns_rr_list *cuts, bool *at_cut)
{
	size_t i;

	*at_cut = false;
	for (i = 0; i < ldns_rr_list_rr_count(cuts); i++) {
		ldns_rdf *c = ldns_rr_owner(ldns_rr_list_rr(cuts, i));

		if (ldns_dname_compare(owner, c) == 0) {
			*at_cut = true;
		} else if (ldns_dname_is_subdomain(owner, c)) {
			return true;
		}
	}
	return false;
}

int
main(int argc, char *argv[])
{
	ldns_key *keys[KEYS_MAX];
	bool sep[KEYS_MAX];
	ldns_rr_list *all, *cuts, *out;
	ldns_rdf *origin;
	ldns_zone *z;
	FILE *fp;
	uint32_t inc, exp;
	int nkeys = 0, i, line = 0;
	bool no_sep = getenv("ZCSIGN_DNSKEY_NO_SEP") != NULL;
	size_t n, j, k;

	if (argc < 6) {
		fprintf(stderr, "usage: zcsign ORIGIN INCEPTION EXPIRATION "
		    "ZONEFILE KEYBASE...\n");
		return 2;
	}
	origin = ldns_dname_new_frm_str(argv[1]);
	inc = parse_time(argv[2]);
	exp = parse_time(argv[3]);
	for (i = 5; i < argc && nkeys < KEYS_MAX; i++) {
		char path[4096];
		ldns_rr *pub = NULL;
		ldns_key *key = NULL;

		snprintf(path, sizeof path, "%s.private", argv[i]);
		if ((fp = fopen(path, "r")) == NULL ||
		    ldns_key_new_frm_fp(&key, fp) != LDNS_STATUS_OK) {
			fprintf(stderr, "zcsign: cannot read %s\n", path);
			return 2;
		}
		fclose(fp);
		snprintf(path, sizeof path, "%s.key", argv[i]);
		if ((fp = fopen(path, "r")) == NULL ||
		    ldns_rr_new_frm_fp(&pub, fp, NULL, NULL, NULL) !=
		    LDNS_STATUS_OK) {
			fprintf(stderr, "zcsign: cannot read %s\n", path);
			return 2;
		}
		fclose(fp);
		ldns_key_set_flags(key, ldns_rdf2native_int16(
		    ldns_rr_rdf(pub, 0)));
		ldns_key_set_keytag(key, ldns_calc_keytag(pub));
		ldns_key_set_pubkey_owner(key, ldns_rdf_clone(origin));
		ldns_key_set_inception(key, inc);
		ldns_key_set_expiration(key, exp);
		sep[nkeys] = (ldns_key_flags(key) & 1) != 0;
		keys[nkeys++] = key;
		ldns_rr_free(pub);
	}
	if ((fp = fopen(argv[4], "r")) == NULL ||
	    ldns_zone_new_frm_fp_l(&z, fp, origin, 3600, LDNS_RR_CLASS_IN,
	    &line) != LDNS_STATUS_OK) {
		fprintf(stderr, "zcsign: cannot read %s (line %d)\n", argv[4],
		    line);
		return 2;
	}
	fclose(fp);
	all = ldns_rr_list_new();
	cuts = ldns_rr_list_new();
	ldns_rr_list_push_rr(all, ldns_rr_clone(ldns_zone_soa(z)));
	for (j = 0; j < ldns_rr_list_rr_count(ldns_zone_rrs(z)); j++) {
		ldns_rr *rr = ldns_rr_list_rr(ldns_zone_rrs(z), j);

		if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_RRSIG) {
			continue;
		}
		ldns_rr_list_push_rr(all, ldns_rr_clone(rr));
		if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_NS &&
		    ldns_dname_compare(ldns_rr_owner(rr), origin) != 0) {
			ldns_rr_list_push_rr(cuts, rr);
		}
	}
	ldns_rr_list_sort(all);
	out = ldns_rr_list_new();
	n = ldns_rr_list_rr_count(all);
	for (j = 0; j < n; j = k) {
		ldns_rr *first = ldns_rr_list_rr(all, j);
		ldns_rr_type t = ldns_rr_get_type(first);
		ldns_rr_list *set = ldns_rr_list_new(), *sigs;
		ldns_key_list *kl = ldns_key_list_new();
		bool at_cut, below, signit;
		int alg_keys[256] = { 0 };

		for (k = j; k < n; k++) {
			ldns_rr *rr = ldns_rr_list_rr(all, k);

			if (ldns_rr_get_type(rr) != t ||
			    ldns_dname_compare(ldns_rr_owner(rr),
			    ldns_rr_owner(first)) != 0) {
				break;
			}
			ldns_rr_list_push_rr(set, rr);
			ldns_rr_list_push_rr(out, ldns_rr_clone(rr));
		}
		below = below_cut(ldns_rr_owner(first), cuts, &at_cut);
		signit = ldns_dname_is_subdomain(ldns_rr_owner(first), origin) ||
		    ldns_dname_compare(ldns_rr_owner(first), origin) == 0;
		signit = signit && !below && !(at_cut && t != LDNS_RR_TYPE_DS &&
		    t != LDNS_RR_TYPE_NSEC);
		for (i = 0; i < nkeys; i++) {
			alg_keys[ldns_key_algorithm(keys[i])]++;
		}
		for (i = 0; signit && i < nkeys; i++) {
			bool use = true;

			if (alg_keys[ldns_key_algorithm(keys[i])] > 1) {
				/* as ldns-signzone: KSK for DNSKEY, ZSK else */
				use = sep[i] == (t == LDNS_RR_TYPE_DNSKEY);
			}
			if (no_sep && t == LDNS_RR_TYPE_DNSKEY) {
				use = !sep[i];
			}
			if (use) {
				ldns_key_list_push_key(kl, keys[i]);
			}
		}
		if (signit && ldns_key_list_key_count(kl) > 0) {
			sigs = ldns_sign_public(set, kl);
			if (sigs == NULL) {
				fprintf(stderr, "zcsign: signing failed\n");
				return 1;
			}
			ldns_rr_list_push_rr_list(out, sigs);
			ldns_rr_list_free(sigs);
		}
		/*
		 * The list borrows the keys: free only its array (popping
		 * the last key makes ldns 1.8.3 free it twice).
		 */
		free(kl->_keys);
		free(kl);
		ldns_rr_list_free(set);
	}
	/* the SOA first, as zone files have it */
	for (i = 0; i < 2; i++) {
		for (j = 0; j < ldns_rr_list_rr_count(out); j++) {
			ldns_rr *rr = ldns_rr_list_rr(out, j);
			bool soa = ldns_rr_get_type(rr) == LDNS_RR_TYPE_SOA &&
			    ldns_dname_compare(ldns_rr_owner(rr), origin) == 0;

			if (soa == (i == 0)) {
				ldns_rr_print(stdout, rr);
			}
		}
	}
	ldns_rr_list_deep_free(out);
	ldns_rr_list_deep_free(all);
	ldns_rr_list_free(cuts);
	ldns_zone_deep_free(z);
	for (i = 0; i < nkeys; i++) {
		ldns_key_deep_free(keys[i]);
	}
	ldns_rdf_deep_free(origin);
	return 0;
}
