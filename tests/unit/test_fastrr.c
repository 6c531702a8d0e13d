/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The fast master-file path (lib/in/fastrr.c, dnstk_reader_rr_wire) against
 * ldns: on every record of the fixture zones and on many mutated record
 * lines, the record read through the fast path must have exactly the wire
 * bytes ldns makes of the same text (ldns_rr2wire of dnstk_reader_rr's
 * record), and an entry ldns refuses must be refused with the same
 * message.
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "in/fastrr.h"
#include "in/reader.h"
#include "tap.h"

/* Results of one run of both paths over the same text. */
struct diff {
	size_t records;		/* records compared */
	size_t mismatches;	/* wire bytes or outcome differ */
	char first[300];	/* the first mismatch, for the log */
};

/* Read `fp1` with dnstk_reader_rr and `fp2` with dnstk_reader_rr_wire. */
static void
compare(struct diff *d, FILE *fp1, FILE *fp2, const char *name)
{
	struct dnstk_reader r1, r2;
	struct dnstk_err e1 = DNSTK_ERR_INIT, e2 = DNSTK_ERR_INIT;
	struct dnstk_buf w;
	ldns_rr *rr;
	uint8_t *ref;
	size_t refn;
	int a, b;

	dnstk_buf_init(&w);
	if (dnstk_reader_init(&r1, fp1, name, DNSTK_FORM_AUTO) != 0 ||
	    dnstk_reader_init(&r2, fp2, name, DNSTK_FORM_TEXT) != 0) {
		abort();
	}
	for (;;) {
		rr = NULL;
		a = dnstk_reader_rr(&r1, &rr, &e1);
		b = dnstk_reader_rr_wire(&r2, &w, &e2);
		ref = NULL;
		refn = 0;
		if (a == 1 && ldns_rr2wire(&ref, rr, LDNS_SECTION_ANSWER,
		    &refn) != LDNS_STATUS_OK) {
			abort();
		}
		d->records += a == 1;
		if (a != b || (a == 1 && (refn != w.len ||
		    memcmp(ref, w.data, refn) != 0)) ||
		    (a < 0 && strcmp(e1.msg, e2.msg) != 0)) {
			if (d->mismatches++ == 0) {
				snprintf(d->first, sizeof(d->first),
				    "%s:%lu: %d/%d %.120s | %.120s", name,
				    r1.unit_line, a, b, a < 0 ? e1.msg : "",
				    b < 0 ? e2.msg : "");
			}
		}
		free(ref);
		ldns_rr_free(rr);
		if (a != 1 || b != 1) {
			break;
		}
	}
	dnstk_reader_release(&r1);
	dnstk_reader_release(&r2);
	dnstk_buf_release(&w);
}

static void
compare_text(struct diff *d, const char *text, size_t n, const char *name)
{
	FILE *f1 = fmemopen((void *)(uintptr_t)text, n, "r");
	FILE *f2 = fmemopen((void *)(uintptr_t)text, n, "r");

	if (f1 == NULL || f2 == NULL) {
		abort();
	}
	compare(d, f1, f2, name);
	fclose(f1);
	fclose(f2);
}

static char *
slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "r");
	char *s;
	long len;

	if (fp == NULL || fseek(fp, 0, SEEK_END) != 0 || (len = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) != 0 || (s = malloc((size_t)len + 1)) ==
	    NULL || fread(s, 1, (size_t)len, fp) != (size_t)len) {
		abort();
	}
	fclose(fp);
	s[len] = '\0';
	*n = (size_t)len;
	return s;
}

static const char *const zone_globs[] = {
	"tests/fixtures/zonecheck/*.zone",
	"tests/fixtures/canon/*.db",
	"tests/fixtures/serve/serve.test.*",
	"tests/fixtures/zones/*.zone",
};

/* Zones whose lines are mutated: every field reader of the fast path. */
static const char *const mutated[] = {
	"tests/fixtures/zonecheck/clean-nsec3.zone",
	"tests/fixtures/zonecheck/clean-nsec.zone",
	"tests/fixtures/zonecheck/clean-zonemd.zone",
	"tests/fixtures/zonecheck/clean-alg8.zone",
};

/* Every fixture zone read both ways, whole. */
static void
test_fixtures(void)
{
	struct diff d = { 0, 0, "" };
	glob_t g;
	size_t i, k, n, files = 0;
	char *text;

	for (k = 0; k < sizeof(zone_globs) / sizeof(zone_globs[0]); k++) {
		if (glob(zone_globs[k], 0, NULL, &g) != 0) {
			continue;
		}
		for (i = 0; i < g.gl_pathc; i++) {
			text = slurp(g.gl_pathv[i], &n);
			compare_text(&d, text, n, g.gl_pathv[i]);
			free(text);
			files++;
		}
		globfree(&g);
	}
	tap_ok(files >= 20, "fixture zones found (%zu)", files);
	tap_ok(d.records > 2000, "fixture records compared (%zu)", d.records);
	tap_ok(d.mismatches == 0, "fast path equals ldns on every fixture "
	    "record (%zu differ; first: %s)", d.mismatches, d.first);
}

/* Lines that exercise the corners of each field reader. */
static const char *const corners[] = {
	"a 300 IN A 192.0.2.1",
	"a IN 300 A 192.0.2.01",
	"a A 192.0.2.256",
	"a A 192.0.2",
	"a AAAA 2001:db8::1",
	"a AAAA ::ffff:192.0.2.1",
	"a AAAA 2001:db8:::1",
	"@ NS ns1",
	"@ NS ns1.example.net.",
	"@ NS .",
	"@ NS @",
	"@ NS a..b",
	"@ NS a\\.b",
	"@ MX 10 mail",
	"@ MX 65536 mail",
	"@ MX -1 mail",
	"@ MX +1 mail",
	"@ SOA ns1 host 1 7200 3600 1209600 300",
	"@ SOA ns1 host 4294967295 1h 3600 1209600 300",
	"@ SOA ns1 host 4294967296 7200 3600 1209600 300",
	"t TXT \"a b c\" d \"\"",
	"t TXT \"a\\\"b\"",
	"t TXT a\"b",
	"t TXT \"abc\"def",
	"t TXT \"unterminated",
	"d DS 1234 8 2 49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE 00",
	"d DS 1234 8 2 49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51D",
	"d DS 1234 RSASHA256 2 49FD46E6",
	"d DS 1234 8 2 zz",
	"k DNSKEY 257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==",
	"k DNSKEY 257 3 13 mdss wUyr3DPW 132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==",
	"k DNSKEY 257 3 13 AB==",
	"k DNSKEY 257 3 13 AB=",
	"k DNSKEY 257 3 13 ABC=",
	"k DNSKEY 257 3 13 ABD=",
	"k DNSKEY 257 3 13 AB==CD",
	"k DNSKEY 257 3 13 A",
	"k DNSKEY 257 3 13 AB==  ",
	"k DNSKEY 257 3 ECDSAP256SHA256 AAAA",
	"s RRSIG A 8 2 300 20370101000000 20200101000000 1234 example. AAAA",
	"s RRSIG A 8 2 300 20370101000000 20200101000000 1234 @ AAAA",
	"s RRSIG A 8 2 300 20991231235959 19700101000000 1234 example. AAAA",
	"s RRSIG A 8 2 300 20240229120000 20230229120000 1234 example. AAAA",
	"s RRSIG A 8 2 300 20240231120000 20230132120000 1234 example. AAAA",
	"s RRSIG A 8 2 300 21060207062816 21060207062815 1234 example. AAAA",
	"s RRSIG A 8 2 300 19691231235959 20200101000000 1234 example. AAAA",
	"s RRSIG A 8 2 300 20371301000000 20200101000000 1234 example. AAAA",
	"s RRSIG A 8 2 300 2037010100000 20200101000000 1234 example. AAAA",
	"s RRSIG A 8 2 300 1700000000 20200101000000 1234 example. AAAA",
	"s RRSIG TYPE65000 8 2 300 20370101000000 20200101000000 1 x. AAAA",
	"s RRSIG BOGUS 8 2 300 20370101000000 20200101000000 1 x. AAAA",
	"n NSEC next A RRSIG NSEC TYPE1234 CAA",
	"n NSEC next.example. NS DS RRSIG NSEC TYPE65535",
	"n NSEC next",
	"n NSEC next A BOGUS",
	"h NSEC3 1 1 10 AABBCCDD 0P9MHAVEQVM6T7VBL5LOP2U3T2RP3TOM A RRSIG",
	"h NSEC3 1 0 0 - 0p9mhaveqvm6t7vbl5lop2u3t2rp3tom NS DS",
	"h NSEC3 1 0 0 - 0P9MHAVEQVM6T7VBL5LOP2U3T2RP3TOM",
	"h NSEC3 1 0 0 ABC 0P9MHAVEQVM6T7VBL5LOP2U3T2RP3TOM A",
	"h NSEC3 1 0 0 - 0P9MHAVEQVM6T7VBL5LOP2U3T2RP3TO A",
	"h NSEC3 1 0 0 - 0P9MHAVEQVM6T7VBL5LOP2U3T2RP3TOW A",
	"@ NSEC3PARAM 1 0 0 -",
	"@ NSEC3PARAM 1 0 10 aabb",
	"@ ZONEMD 2021 1 1 AABBCCDDEEFF00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF001122334455",
	"@ ZONEMD 2021 1 1 AA BB",
	"x CNAME y",
	"x PTR y.z.",
	"x DNAME y",
	"x CDS 1 8 2 AABB",
	"x CDNSKEY 257 3 8 AAAA",
	"x TYPE1 \\# 4 C0000201",
	"x A \\# 4 C0000201",
	"\t300 A 192.0.2.9",
	"* A 192.0.2.1",
	"a_b.-c/d A 192.0.2.1",
	"a.b.c. A 192.0.2.1",
	"a CLASS1 A 192.0.2.1",
	"a CH A 192.0.2.1",
	"a 1h2m A 192.0.2.1",
};

/* Mutate `line` into `out`: a few edits from the byte set below. */
static void
mutate(char *out, size_t cap, const char *line, unsigned *seed)
{
	static const char set[] = "0123456789abcdefvwxyzABCDEFVWXYZ .-@*/+="
	    "\\\"\t;()#_";
	size_t n = strlen(line), i, k, edits;

	if (n + 1 > cap) {
		n = cap - 1;
	}
	memcpy(out, line, n);
	out[n] = '\0';
	*seed = *seed * 1103515245u + 12345u;
	edits = 1 + (*seed >> 16) % 3;
	for (k = 0; k < edits && n > 0; k++) {
		*seed = *seed * 1103515245u + 12345u;
		i = (*seed >> 8) % n;
		switch ((*seed >> 20) % 4) {
		case 0:	/* replace */
			out[i] = set[(*seed >> 4) % (sizeof(set) - 1)];
			break;
		case 1:	/* delete */
			memmove(out + i, out + i + 1, n - i);
			n--;
			break;
		case 2:	/* cut */
			out[i] = '\0';
			n = i;
			break;
		default:	/* insert */
			if (n + 2 < cap) {
				memmove(out + i + 1, out + i, n - i + 1);
				out[i] = set[(*seed >> 4) % (sizeof(set) - 1)];
				n++;
			}
			break;
		}
	}
}

static void
one_line(struct diff *d, const char *line)
{
	char text[8192];
	int n;

	n = snprintf(text, sizeof(text), "$ORIGIN example.\n$TTL 300\n%s\n",
	    line);
	if (n > 0 && (size_t)n < sizeof(text)) {
		compare_text(d, text, (size_t)n, "line");
	}
}

/* The corner lines as they are, then mutated; and mutated fixture lines. */
static void
test_lines(void)
{
	struct diff d = { 0, 0, "" }, m = { 0, 0, "" };
	char buf[4096], *text, *line, *save = NULL;
	unsigned seed = 12345;
	size_t i, k, n, f;

	for (i = 0; i < sizeof(corners) / sizeof(corners[0]); i++) {
		one_line(&d, corners[i]);
	}
	tap_ok(d.mismatches == 0, "corner lines: fast path equals ldns "
	    "(%zu records; %zu differ; first: %s)", d.records, d.mismatches,
	    d.first);
	for (k = 0; k < 200; k++) {
		for (i = 0; i < sizeof(corners) / sizeof(corners[0]); i++) {
			mutate(buf, sizeof(buf), corners[i], &seed);
			one_line(&m, buf);
		}
	}
	for (f = 0; f < sizeof(mutated) / sizeof(mutated[0]); f++) {
		text = slurp(mutated[f], &n);
		for (line = strtok_r(text, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save)) {
			if (line[0] == '$' || line[0] == ';') {
				continue;
			}
			for (k = 0; k < 60; k++) {
				mutate(buf, sizeof(buf), line, &seed);
				one_line(&m, buf);
			}
		}
		free(text);
	}
	tap_ok(m.records > 5000, "mutated lines read (%zu records)",
	    m.records);
	tap_ok(m.mismatches == 0, "mutated lines: fast path equals ldns "
	    "(%zu differ; first: %s)", m.mismatches, m.first);
}

/* The fast path must take the plain forms (or it would be no faster). */
static void
test_taken(void)
{
	static const uint8_t origin[] = "\007example";
	struct dnstk_buf b;
	uint8_t w[255];
	size_t wl;

	dnstk_buf_init(&b);
	tap_int(dnstk_in_fast_rdata(&b, LDNS_RR_TYPE_RRSIG, "A 8 2 300 "
	    "20370101000000 20200101000000 1234 example. AAAA", origin,
	    sizeof(origin)), 1, "an RRSIG is read by the fast path");
	tap_int(dnstk_in_fast_rdata(&b, LDNS_RR_TYPE_NSEC3, "1 0 0 - "
	    "0P9MHAVEQVM6T7VBL5LOP2U3T2RP3TOM A RRSIG", origin,
	    sizeof(origin)), 1, "an NSEC3 is read by the fast path");
	tap_int(dnstk_in_fast_rdata(&b, LDNS_RR_TYPE_A, "192.0.2.1 x", origin,
	    sizeof(origin)), 0, "trailing words are left to ldns");
	tap_ok(dnstk_in_fast_name(w, &wl, "www", 3, origin, sizeof(origin)) &&
	    wl == 4 + sizeof(origin) && memcmp(w, "\003www\007example", 13) ==
	    0, "a relative name gets the origin");
	tap_ok(!dnstk_in_fast_name(w, &wl, "a\\.b", 4, origin, sizeof(origin)),
	    "escapes are left to ldns");
	dnstk_buf_release(&b);
}

int
main(void)
{
	test_taken();
	test_fixtures();
	test_lines();
	return tap_done();
}
