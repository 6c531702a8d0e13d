/* SPDX-License-Identifier: BSD-3-Clause */
/* Unit tests for lib/dns/rrset: canonical order, form, RRsets, signed data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "dns/msg.h"
#include "dns/rrset.h"
#include "in/reader.h"
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
		fprintf(stderr, "# cannot parse %s\n", s);
		exit(2);
	}
	return n;
}

/* RFC 4034 §6.1: the example names, in canonical order. */
static const char *rfc_names[] = {
	"example.", "a.example.", "yljkjljk.a.example.", "Z.a.example.",
	"zABC.a.EXAMPLE.", "z.example.", "\\001.z.example.", "*.z.example.",
	"\\200.z.example.",
};
#define NRFC (sizeof(rfc_names) / sizeof(rfc_names[0]))

static int
rdf_cmp(const void *a, const void *b)
{
	return dnstk_dname_canon_compare(*(ldns_rdf *const *)a,
	    *(ldns_rdf *const *)b);
}

static void
test_name_order(void)
{
	ldns_rdf *n[NRFC];
	char *s;
	size_t i, j;
	int ok = 1;

	/* reversed and rotated input must come back in the RFC's order */
	for (i = 0; i < NRFC; i++) {
		n[i] = name_of(rfc_names[(i * 4 + 3) % NRFC]);
	}
	qsort(n, NRFC, sizeof(n[0]), rdf_cmp);
	for (i = 0; i < NRFC; i++) {
		s = ldns_rdf2str(n[i]);
		ok &= tap_str(s, rfc_names[i], "RFC 4034 6.1 example order");
		free(s);
	}
	for (i = 0; i < NRFC; i++) {
		for (j = 0; j < NRFC; j++) {
			int c = dnstk_dname_canon_compare(n[i], n[j]);

			ok &= (i < j && c < 0) || (i == j && c == 0) ||
			    (i > j && c > 0);
		}
	}
	tap_ok(ok, "6.1: every pair of the example compares consistently");
	/* ldns agrees on the example */
	for (i = 0; i + 1 < NRFC; i++) {
		ok &= ldns_dname_compare(n[i], n[i + 1]) < 0;
	}
	tap_ok(ok, "6.1: ldns_dname_compare agrees on the example");
	for (i = 0; i < NRFC; i++) {
		ldns_rdf_deep_free(n[i]);
	}
}

static int
name_cmp(const char *a, const char *b)
{
	ldns_rdf *x = name_of(a), *y = name_of(b);
	int c = dnstk_dname_canon_compare(x, y);

	ldns_rdf_deep_free(x);
	ldns_rdf_deep_free(y);
	return c;
}

static void
test_name_edges(void)
{
	char big[300];
	size_t i;

	tap_ok(name_cmp(".", "a.") < 0, "root sorts before everything");
	tap_ok(name_cmp("a.", "A.") == 0, "case does not matter");
	tap_ok(name_cmp("\\000.a.", "\\001.a.") < 0, "\\000 before \\001");
	tap_ok(name_cmp("\\001.a.", "\\002.a.") < 0, "\\001 before \\002");
	tap_ok(name_cmp("a.", "\\000.a.") < 0, "absent label first");
	tap_ok(name_cmp("a.b.", "\\000a.b.") > 0 &&
	    name_cmp("a.b.", "a\\000.b.") < 0,
	    "absent octet before a zero octet");
	tap_ok(name_cmp("a\\.b.c.", "a.b.c.") < 0,
	    "an escaped dot is part of the label: 'a.b' < 'b' under c");
	tap_ok(name_cmp("a\\.b.c.", "a\\046b.c.") == 0,
	    "\\. and \\046 are the same octet");
	tap_ok(name_cmp("a\\.b.c.", "b.c.") < 0 &&
	    name_cmp("b.c.", "a.b.c.") < 0,
	    "a\\.b.c < b.c < a.b.c");
	tap_ok(name_cmp("Z.", "[.") > 0,
	    "uppercase compares lowercased ('Z' < '[' but 'z' > '[')");
	tap_ok(name_cmp("*.z.", "\\200.z.") < 0 && name_cmp("*.z.", "a.z.")
	    < 0, "wildcard label sorts as the octet '*'");
	/* a 255-octet name */
	/* three 63-octet labels and one of 61: 255 octets of wire form */
	memset(big, 'x', sizeof(big));
	for (i = 0; i < 3; i++) {
		big[i * 64 + 63] = '.';
	}
	big[3 * 64 + 61] = '.';
	big[3 * 64 + 62] = '\0';
	tap_ok(name_cmp(big, "y.") < 0 && name_cmp(big, big) == 0,
	    "very long names key and compare");
}

static void
test_name_key_errors(void)
{
	struct dnstk_buf b;
	const uint8_t bad1[] = { 5, 'a', 0 };
	const uint8_t ptr[] = { 0xc0, 0x0c };
	const uint8_t ok[] = { 1, 'A', 0 };
	const uint8_t want[] = { 'a', 0, 0 };

	dnstk_buf_init(&b);
	tap_int(dnstk_name_key(&b, bad1, sizeof(bad1)), DNSTK_EINPUT,
	    "label past the end is refused");
	tap_int(dnstk_name_key(&b, ptr, sizeof(ptr)), DNSTK_EINPUT,
	    "compression pointer is refused");
	tap_int((long long)b.len, 0, "failed key leaves the buffer as it was");
	tap_int(dnstk_name_key(&b, ok, sizeof(ok)), 0, "key of A.");
	tap_mem(b.data, b.len, want, sizeof(want), "key of A. is 'a' 0 0");
	dnstk_buf_release(&b);
}

static void
check_wire(const char *text, const char *hex, const char *what)
{
	uint8_t want[512];
	size_t n = tap_hex(want, sizeof(want), hex);
	struct dnstk_buf b;
	ldns_rr *rr = rr_of(text);

	dnstk_buf_init(&b);
	tap_int(dnstk_rr_canon_wire(&b, rr, NULL), 0, what);
	tap_mem(b.data, b.len, want, n, what);
	dnstk_buf_release(&b);
	ldns_rr_free(rr);
}

static void
test_canonical_form(void)
{
	struct dnstk_buf b, l;
	ldns_buffer *lb;
	ldns_rr *rr, *c;
	uint32_t ottl = 7;
	char *s;

	/* 6.2 items 1-3: owner and MX exchange lowercased */
	check_wire("Foo.Example. 60 IN MX 10 Mail.EXAMPLE.",
	    "03666f6f076578616d706c6500 000f 0001 0000003c 0010"
	    "000a 046d61696c076578616d706c6500", "MX: owner and name lowered");
	/* RFC 6840 5.1: the NSEC next name keeps its case */
	check_wire("A.example. 60 IN NSEC B.Example. A",
	    "0161076578616d706c6500 002f 0001 0000003c 000e"
	    "0142074578616d706c6500 000140", "NSEC: next name kept as is");
	/* RFC 6840 5.1: the RRSIG signer name is lowercased */
	check_wire("a. 60 IN RRSIG A 8 1 60 20300101000000 20200101000000 "
	    "1 A. AAAA",
	    "016100 002e 0001 0000003c 0018"
	    "0001 08 01 0000003c 70dbd880 5e0be100 0001 016100 000000",
	    "RRSIG: signer name lowered");
	/* RFC 3597 7: unknown types are not touched */
	check_wire("X. 60 IN TYPE65534 \\# 3 014100",
	    "017800 fffe 0001 0000003c 0003 014100",
	    "unknown type: rdata as is, owner lowered");
	/* known type given as \# is canonicalized like the type */
	check_wire("x. 60 IN NS \\# 3 014100",
	    "017800 0002 0001 0000003c 0003 016100",
	    "NS in RFC 3597 form: name lowered");
	/* types after RFC 3597 (SVCB) keep case */
	check_wire("x. 60 IN SVCB 1 Foo.",
	    "017800 0040 0001 0000003c 0007 0001 03466f6f00",
	    "SVCB: target name kept as is");
	/* escaped dot in the owner stays inside the label */
	check_wire("A\\.B.c. 1 IN A 192.0.2.1",
	    "03612e6201630000010001000000010004c0000201",
	    "escaped dot: one label 'a.b'");
	/* the original TTL replaces the record's when given */
	rr = rr_of("a. 60 IN A 192.0.2.1");
	dnstk_buf_init(&b);
	dnstk_rr_canon_wire(&b, rr, &ottl);
	tap_mem(b.data + 7, 4, "\0\0\0\7", 4, "original TTL used when asked");
	ldns_rr_free(rr);
	dnstk_buf_release(&b);

	/* agrees with ldns where ldns is right (types on the list) */
	rr = rr_of("WWW.Example. 60 IN SOA NS.Example. Host.Example. 1 2 3 4 5");
	dnstk_buf_init(&b);
	dnstk_buf_init(&l);
	dnstk_rr_canon_wire(&b, rr, NULL);
	lb = ldns_buffer_new(512);
	ldns_rr2buffer_wire_canonical(lb, rr, LDNS_SECTION_ANSWER);
	tap_mem(b.data, b.len, ldns_buffer_begin(lb), ldns_buffer_position(lb),
	    "SOA canonical wire equals ldns_rr2buffer_wire_canonical");
	ldns_buffer_free(lb);
	c = dnstk_rr_canonical(rr);
	s = ldns_rr2str(c);
	tap_str(s, "www.example.\t60\tIN\tSOA\tns.example. host.example. "
	    "1 2 3 4 5\n", "canonical copy in text");
	free(s);
	ldns_rr_free(c);
	ldns_rr_free(rr);
	dnstk_buf_release(&b);
	dnstk_buf_release(&l);

	tap_ok(dnstk_rr_type_lowercases(LDNS_RR_TYPE_RRSIG) &&
	    !dnstk_rr_type_lowercases(LDNS_RR_TYPE_NSEC) &&
	    dnstk_rr_type_lowercases(LDNS_RR_TYPE_SRV) &&
	    dnstk_rr_type_lowercases(LDNS_RR_TYPE_NAPTR) &&
	    !dnstk_rr_type_lowercases(LDNS_RR_TYPE_NSEC3) &&
	    !dnstk_rr_type_lowercases(LDNS_RR_TYPE_TXT) &&
	    !dnstk_rr_type_lowercases((ldns_rr_type)65534),
	    "lowercasing list: 4034 6.2 with RFC 6840 5.1");
}

static void
test_rr_order(void)
{
	static const char *sorted[] = {
		"a.example. 1 IN A 192.0.2.9",
		"a.example. 1 IN A 192.0.2.10",
		"a.example. 1 IN NS b.example.",
		"a.example. 1 IN TXT \"a\"",	/* 01 61 */
		"a.example. 1 IN TXT \"b\"",	/* 01 62 */
		"a.example. 1 IN TXT \"ab\"",	/* 02 61 62 */
		("a.example. 1 IN RRSIG A 8 2 1 20300101000000 20200101000000 "
		    "1 example. AAAA"),
		"a.example. 1 IN TYPE65534 \\# 0",
		"a.example. 1 CH A 192.0.2.1",
		"B.example. 1 IN A 192.0.2.1",
	};
	size_t n = sizeof(sorted) / sizeof(sorted[0]), i, found = 0;
	struct dnstk_rrtab t;
	ldns_rr *rr;
	int ok = 1;

	dnstk_rrtab_init(&t);
	for (i = 0; i < n; i++) {
		rr = rr_of(sorted[n - 1 - i]);
		dnstk_rrtab_add(&t, rr, 0, (uint32_t)(n - i));
		ldns_rr_free(rr);
	}
	dnstk_rrtab_sort(&t);
	for (i = 0; i < n; i++) {
		ok &= t.ent[i].line == i + 1;
	}
	tap_ok(ok, "6.3: owner, class, type number, then RDATA octets");
	for (i = 0; i + 1 < n; i++) {
		ldns_rr *a = rr_of(sorted[i]), *b = rr_of(sorted[i + 1]);

		ok &= dnstk_rr_canon_compare(a, b) < 0;
		ldns_rr_free(a);
		ldns_rr_free(b);
	}
	tap_ok(ok, "dnstk_rr_canon_compare agrees with the table");
	tap_int((long long)dnstk_rrtab_rrset_end(&t, 0), 2,
	    "first RRset has the two A records");
	tap_int(dnstk_rrtab_find(&found, &t, (const uint8_t *)
	    "\001a\007example", 11, 1, 16), 0, "find a.example. IN TXT");
	tap_int((long long)found, 3, "found at 3");
	tap_int(dnstk_rrtab_find(&found, &t, (const uint8_t *)
	    "\001A\007EXAMPLE", 11, 1, 15), 0, "find of an absent RRset");
	tap_int((long long)found, (long long)t.n, "absent is t->n");
	tap_int(dnstk_rrtab_find(&found, &t, (const uint8_t *)
	    "\077a", 2, 1, 15), DNSTK_EINPUT, "find with a bad name fails");
	dnstk_rrtab_release(&t);
}

static void
test_dups_ttl(void)
{
	static const char *in[] = {
		"a. 300 IN A 192.0.2.1",
		"A. 60 IN A 192.0.2.1",
		"a. 100 IN A 192.0.2.2",
		"a. 300 IN TXT x",
		"a. 300 IN TXT x",
	};
	struct dnstk_rrtab t;
	ldns_rr *rr;
	size_t i;

	dnstk_rrtab_init(&t);
	for (i = 0; i < 5; i++) {
		rr = rr_of(in[i]);
		dnstk_rrtab_add(&t, rr, 0, (uint32_t)i + 1);
		ldns_rr_free(rr);
	}
	dnstk_rrtab_sort(&t);
	tap_ok(dnstk_rrtab_same_rr(&t, 0, 1) && !dnstk_rrtab_same_rr(&t, 1, 2),
	    "duplicates ignore TTL and case");
	tap_int(t.ent[0].line, 2, "of duplicates the lowest TTL sorts first");
	tap_ok(dnstk_rrtab_ttl_differs(&t, 0, 3), "A RRset TTLs differ");
	tap_int((long long)dnstk_rrtab_dedup(&t), 2, "two duplicates removed");
	tap_int((long long)t.n, 3, "three records left");
	tap_int((long long)dnstk_rrtab_fix_ttl(&t), 1, "one RRset fixed");
	tap_ok(t.ent[0].ttl == 60 && t.ent[1].ttl == 60 && t.ent[2].ttl == 300,
	    "TTL fixed to the lowest of the RRset (RFC 2181 5.2)");
	dnstk_rrtab_release(&t);
}

static void
test_rrsig_ttl_groups(void)
{
	static const char *in[] = {
		"a. 300 IN RRSIG A 13 1 300 20300101000000 20200101000000 1 "
		    "a. AAAA",
		"a. 60 IN RRSIG NS 13 1 60 20300101000000 20200101000000 1 "
		    "a. AAAA",
		"a. 30 IN RRSIG NS 13 1 60 20300101000000 20200101000000 2 "
		    "a. AAAA",
	};
	struct dnstk_rrtab t;
	ldns_rr *rr;
	size_t i;

	dnstk_rrtab_init(&t);
	for (i = 0; i < 3; i++) {
		rr = rr_of(in[i]);
		dnstk_rrtab_add(&t, rr, 0, (uint32_t)i + 1);
		ldns_rr_free(rr);
	}
	dnstk_rrtab_sort(&t);
	tap_int((long long)dnstk_rrtab_rrset_end(&t, 0), 3,
	    "the RRSIGs of a name are one RRset");
	tap_int((long long)dnstk_rrtab_ttl_end(&t, 0), 1,
	    "but TTL groups split by type covered");
	tap_ok(!dnstk_rrtab_ttl_differs(&t, 0, 1) &&
	    dnstk_rrtab_ttl_differs(&t, 0, 3), "only the NS group differs");
	tap_int((long long)dnstk_rrtab_fix_ttl(&t), 1, "one group fixed");
	tap_ok(t.ent[0].ttl == 300 && t.ent[1].ttl == 30 && t.ent[2].ttl == 30,
	    "the A signature keeps its TTL");
	dnstk_rrtab_release(&t);
}

/* The whole sort key of entry i: its head, then its canonical RDATA. */
static size_t
full_key(uint8_t *out, const struct dnstk_rrtab *t, size_t i)
{
	size_t head = t->ent[i].okey_len + 4u, rdlen;
	const uint8_t *rd = dnstk_rrtab_canon_rdata(t, i, &rdlen);

	memcpy(out, dnstk_rrtab_key(t, i), head);
	memcpy(out + head, rd, rdlen);
	return head + rdlen;
}

static int
keycmp(const struct dnstk_rrtab *t, size_t i, size_t j)
{
	uint8_t ka[70000], kb[70000];
	size_t a = full_key(ka, t, i), b = full_key(kb, t, j);
	int c = memcmp(ka, kb, a < b ? a : b);

	return c != 0 ? c : a < b ? -1 : a > b;
}

/*
 * The sort works on 8-byte digits of the keys: stress it with names that
 * share long prefixes, labels that end on digit boundaries, labels past
 * the 64-byte depth where whole keys are compared, and duplicates.
 */
static void
test_sort_stress(void)
{
	static const char *labels[] = {
		"a", "b", "ab", "abcdefg", "abcdefgh", "abcdefghi", "A",
		"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz0",
		"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz1",
		"\\000", "\\001", "*",
	};
	struct dnstk_rrtab t;
	char text[600];
	unsigned seed = 4711, nl = sizeof(labels) / sizeof(labels[0]);
	size_t i, n = 3000, bad = 0, sum = 0, j_prev = 0;
	ldns_rr *rr;

	dnstk_rrtab_init(&t);
	for (i = 0; i < n; i++) {
		int len = 0, k, depth;

		seed = seed * 1103515245u + 12345u;
		depth = 1 + (int)(seed >> 16) % 4;
		for (k = 0; k < depth; k++) {
			seed = seed * 1103515245u + 12345u;
			len += snprintf(text + len, sizeof(text) - (size_t)len,
			    "%s.", labels[(seed >> 16) % nl]);
		}
		seed = seed * 1103515245u + 12345u;
		snprintf(text + len, sizeof(text) - (size_t)len,
		    "example. %u IN %s", (seed >> 16) % 3,
		    (seed >> 20) % 2 ? "A 192.0.2.1" : "TXT \"x\"");
		rr = rr_of(text);
		dnstk_rrtab_add(&t, rr, 0, (uint32_t)i + 1);
		ldns_rr_free(rr);
	}
	dnstk_rrtab_sort(&t);
	for (i = 0; i < t.n; i++) {
		sum += t.ent[i].line;
		if (i + 1 < t.n) {
			int c = keycmp(&t, i, i + 1);

			bad += c > 0 || (c == 0 && t.ent[i].ttl > t.ent[i + 1].ttl);
		}
	}
	tap_int((long long)bad, 0, "stress: keys in order, TTLs among equals");
	tap_int((long long)sum, (long long)(n * (n + 1) / 2),
	    "stress: every entry kept exactly once");
	/* lookups near and far from the last one find each RRset's first */
	bad = 0;
	for (i = 0; i < 4000; i++) {
		size_t j, first, found = SIZE_MAX;

		seed = seed * 1103515245u + 12345u;
		j = i % 3 == 0 ? (seed >> 8) % t.n : (j_prev + i % 5) % t.n;
		j_prev = j;
		for (first = j; first > 0 && dnstk_rrtab_same_rrset(&t,
		    first - 1, j); first--) {
			;
		}
		if (dnstk_rrtab_find(&found, &t, dnstk_rrtab_wire(&t, j),
		    t.ent[j].owner_len, dnstk_rrtab_class(&t, j),
		    dnstk_rrtab_type(&t, j)) != 0 || found != first) {
			bad++;
		}
		if (dnstk_rrtab_find(&found, &t, dnstk_rrtab_wire(&t, j),
		    t.ent[j].owner_len, dnstk_rrtab_class(&t, j), 99) != 0 ||
		    found != t.n) {
			bad++;	/* no SPF records: not found, from anywhere */
		}
	}
	tap_int((long long)bad, 0, "stress: lookups from anywhere find the "
	    "RRset's first record");
	dnstk_rrtab_release(&t);
}

/* Load a zone file into a sorted, deduplicated table. */
static void
load(struct dnstk_rrtab *t, const char *path)
{
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_reader r;
	ldns_rr *rr;
	FILE *fp = fopen(path, "r");

	if (fp == NULL || dnstk_reader_init(&r, fp, path, DNSTK_FORM_TEXT)) {
		fprintf(stderr, "# cannot read %s\n", path);
		exit(2);
	}
	while (dnstk_reader_rr(&r, &rr, &err) == 1) {
		dnstk_rrtab_add(t, rr, 0, (uint32_t)r.unit_line);
		ldns_rr_free(rr);
	}
	dnstk_reader_release(&r);
	fclose(fp);
	dnstk_rrtab_sort(t);
	dnstk_rrtab_dedup(t);
}

/* Verify `data` against RRSIG i with the zone's DNSKEY (ECDSA P-256). */
static int
verify(const struct dnstk_rrtab *t, size_t sig, const struct dnstk_buf *data,
    const ldns_rr *key)
{
	ldns_rr *rrsig = NULL;
	ldns_buffer *vb = ldns_buffer_new(data->len), *asn = ldns_buffer_new(80);
	const ldns_rdf *pk = ldns_rr_rdf(key, 3);
	ldns_status st;

	dnstk_rrtab_rr(&rrsig, t, sig, false);
	ldns_buffer_write(vb, data->data, data->len);
	/* ldns reads the data up to the position, not the limit */
	ldns_convert_ecdsa_rrsig_rdf2asn1(asn, ldns_rr_rrsig_sig(rrsig));
	st = ldns_verify_rrsig_buffers_raw(ldns_buffer_begin(asn),
	    ldns_buffer_position(asn), vb, ldns_rdf_data(pk),
	    ldns_rdf_size(pk), LDNS_ECDSAP256SHA256);
	ldns_buffer_free(vb);
	ldns_buffer_free(asn);
	ldns_rr_free(rrsig);
	return st == LDNS_STATUS_OK;
}

/* What ldns itself would sign: rrsig2buffer_wire + canonical rrset. */
static int
ldns_signed(struct dnstk_buf *out, const struct dnstk_rrtab *t, size_t sig)
{
	ldns_rr *rrsig = NULL, *rr;
	ldns_rr_list *set = ldns_rr_list_new();
	ldns_buffer *b = ldns_buffer_new(512);
	size_t i, end;
	int ok;

	dnstk_rrtab_rr(&rrsig, t, sig, false);
	if (dnstk_rrtab_find(&i, t, dnstk_rrtab_wire(t, sig),
	    t->ent[sig].owner_len, 1, (uint16_t)ldns_rdf2rr_type(
	    ldns_rr_rrsig_typecovered(rrsig))) != 0) {
		i = t->n;
	}
	end = i < t->n ? dnstk_rrtab_rrset_end(t, i) : i;
	for (; i < end; i++) {
		dnstk_rrtab_rr(&rr, t, i, false);
		ldns_rr2canonical(rr);
		ldns_rr_set_ttl(rr, ldns_rdf2native_int32(
		    ldns_rr_rrsig_origttl(rrsig)));
		ldns_rr_list_push_rr(set, rr);
	}
	ldns_rr_list_sort(set);
	ok = ldns_rrsig2buffer_wire(b, rrsig) == LDNS_STATUS_OK &&
	    ldns_rr_list2buffer_wire(b, set) == LDNS_STATUS_OK;
	/* ldns does not lowercase the signer name in rrsig2buffer_wire */
	dnstk_buf_add(out, ldns_buffer_begin(b), ldns_buffer_position(b));
	dnstk_name_lower((uint8_t *)out->data + 18, out->len - 18);
	ldns_buffer_free(b);
	ldns_rr_list_deep_free(set);
	ldns_rr_free(rrsig);
	return ok;
}

static void
test_signed_data(void)
{
	struct dnstk_rrtab t;
	struct dnstk_buf d, l;
	const char *why = "";
	ldns_rr *key = NULL;
	size_t i, count, sigs = 0, good = 0, same = 0, covered = 0;

	dnstk_rrtab_init(&t);
	dnstk_buf_init(&d);
	dnstk_buf_init(&l);
	load(&t, "tests/fixtures/canon/signed.db");
	for (i = 0; i < t.n; i++) {
		if (dnstk_rrtab_type(&t, i) == LDNS_RR_TYPE_DNSKEY) {
			dnstk_rrtab_rr(&key, &t, i, false);
			break;
		}
	}
	if (!tap_ok(key != NULL, "signed fixture has a DNSKEY")) {
		return;
	}
	for (i = 0; i < t.n; i++) {
		if (dnstk_rrtab_type(&t, i) != LDNS_RR_TYPE_RRSIG) {
			continue;
		}
		sigs++;
		dnstk_buf_reset(&d);
		dnstk_buf_reset(&l);
		if (dnstk_rrtab_signed_data(&d, &t, i, &count, &why) != 0 ||
		    count == 0) {
			tap_ok(0, "signed data of RRSIG at line %u: %s",
			    t.ent[i].line, why);
			continue;
		}
		covered += count;
		good += verify(&t, i, &d, key);
		if (ldns_signed(&l, &t, i) && l.len == d.len &&
		    memcmp(l.data, d.data, d.len) == 0) {
			same++;
		}
	}
	tap_ok(sigs >= 10, "fixture has RRSIGs (%zu)", sigs);
	tap_int((long long)good, (long long)sigs,
	    "every signed data verifies against the DNSKEY");
	tap_ok(covered > sigs, "an RRset of two records is covered");
	/*
	 * ldns_rr2canonical (1.8.3) keeps the NSEC next name's case too, so
	 * ldns's own construction must give the same bytes everywhere.
	 */
	tap_int((long long)same, (long long)sigs,
	    "signed data equals ldns_rrsig2buffer_wire + canonical RRset");
	ldns_rr_free(key);
	dnstk_rrtab_release(&t);
	dnstk_buf_release(&d);
	dnstk_buf_release(&l);
}

static void
test_signed_wildcard(void)
{
	struct dnstk_rrtab t, w;
	struct dnstk_buf a, b;
	const char *why = "";
	ldns_rr *rr;
	size_t i, count = 0, sa = 0, sb = 0;

	/* the zone's wildcard RRset and an answer expanded from it */
	dnstk_rrtab_init(&t);
	dnstk_rrtab_init(&w);
	dnstk_buf_init(&a);
	dnstk_buf_init(&b);
	load(&t, "tests/fixtures/canon/signed.db");
	for (i = 0; i < t.n; i++) {
		if (dnstk_rrtab_type(&t, i) == LDNS_RR_TYPE_RRSIG &&
		    memcmp(dnstk_rrtab_wire(&t, i), "\001*\004wild", 7) == 0 &&
		    dnstk_rrtab_canon_rdata(&t, i, &count)[1] ==
		    LDNS_RR_TYPE_TXT) {
			sa = i;
		}
	}
	dnstk_rrtab_signed_data(&a, &t, sa, &count, &why);
	tap_int((long long)count, 1, "wildcard RRSIG covers the TXT");
	for (i = 0; i < t.n; i++) {
		if (memcmp(dnstk_rrtab_wire(&t, i), "\001*\004WILD", 7) != 0 &&
		    memcmp(dnstk_rrtab_wire(&t, i), "\001*\004wild", 7) != 0) {
			continue;
		}
		if (dnstk_rrtab_type(&t, i) == LDNS_RR_TYPE_NSEC) {
			continue;
		}
		dnstk_rrtab_rr(&rr, &t, i, false);
		ldns_rdf_deep_free(ldns_rr_owner(rr));
		ldns_rr_set_owner(rr, name_of("Deep.Foo.wild.example."));
		dnstk_rrtab_add(&w, rr, 0, 1);
		ldns_rr_free(rr);
	}
	dnstk_rrtab_sort(&w);
	for (i = 0; i < w.n; i++) {
		if (dnstk_rrtab_type(&w, i) == LDNS_RR_TYPE_RRSIG &&
		    dnstk_rrtab_canon_rdata(&w, i, &count)[1] ==
		    LDNS_RR_TYPE_TXT) {
			sb = i;
		}
	}
	dnstk_rrtab_signed_data(&b, &w, sb, &count, &why);
	tap_mem(b.data, b.len, a.data, a.len,
	    "expanded answer gives the wildcard's signed data (4035 5.3.2)");
	dnstk_rrtab_release(&t);
	dnstk_rrtab_release(&w);
	dnstk_buf_release(&a);
	dnstk_buf_release(&b);
}

static struct dnstk_msg *
msg_of(const char *const *answer, size_t na, const char *const *add,
    size_t nadd)
{
	struct dnstk_msg *m = dnstk_msg_new();
	size_t i;

	for (i = 0; i < na; i++) {
		dnstk_msg_push(m, DNSTK_SEC_ANSWER, rr_of(answer[i]));
	}
	for (i = 0; i < nadd; i++) {
		dnstk_msg_push(m, DNSTK_SEC_ADDITIONAL, rr_of(add[i]));
	}
	return m;
}

static void
test_truncate(void)
{
	static const char *ans[] = {
		"a.example. 60 IN A 192.0.2.1",
		"a.example. 60 IN A 192.0.2.2",
		"b.example. 60 IN A 192.0.2.3",
		"a.example. 60 IN A 192.0.2.4",
	};
	static const char *add[] = {
		"ns.example. 60 IN A 192.0.2.53",
		". 0 CLASS1232 OPT \\# 0",
	};
	struct dnstk_msg *m;
	bool tc = true;

	/* each A record: 11 owner + 10 + 4 = 25; OPT 11; ns A 26 */
	m = msg_of(ans, 4, add, 2);
	tap_int(dnstk_rrset_fit(m, 512, &tc), 0, "fits in 512");
	tap_ok(!tc && ldns_rr_list_rr_count(m->sec[DNSTK_SEC_ANSWER]) == 4,
	    "nothing dropped, no TC");
	dnstk_msg_free(m);

	m = msg_of(ans, 4, add, 2);
	tap_int(dnstk_rrset_fit(m, 12 + 100 + 11, &tc), 0,
	    "fits after dropping additional data");
	tap_ok(!tc && ldns_rr_list_rr_count(m->sec[DNSTK_SEC_ADDITIONAL]) == 1 &&
	    ldns_rr_get_type(ldns_rr_list_rr(m->sec[DNSTK_SEC_ADDITIONAL], 0))
	    == LDNS_RR_TYPE_OPT, "additional A dropped, OPT kept, no TC");
	dnstk_msg_free(m);

	m = msg_of(ans, 4, add, 2);
	tap_int(dnstk_rrset_fit(m, 12 + 75 + 11, &tc), 0,
	    "fits after dropping an answer RRset");
	tap_ok(tc && ldns_rr_list_rr_count(m->sec[DNSTK_SEC_ANSWER]) == 1,
	    "the whole a.example RRset (3 records) went, TC set (2181 9)");
	dnstk_msg_free(m);

	m = msg_of(ans, 4, add, 2);
	tap_int(dnstk_rrset_fit(m, 12, &tc), DNSTK_EINPUT,
	    "too small even for the OPT");
	tap_ok(tc, "TC set when answers were dropped");
	dnstk_msg_free(m);
}

int
main(void)
{
	test_name_order();
	test_name_edges();
	test_name_key_errors();
	test_canonical_form();
	test_rr_order();
	test_dups_ttl();
	test_rrsig_ttl_groups();
	test_sort_stress();
	test_signed_data();
	test_signed_wildcard();
	test_truncate();
	return tap_done();
}
