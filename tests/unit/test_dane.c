/* SPDX-License-Identifier: BSD-3-Clause */
/* Unit tests for lib/dane: owners, acronyms, rdata parsing, readers. */
#include <stdlib.h>
#include <string.h>

#include "dane/tlsa.h"
#include "dane/verify.h"
#include "tap.h"
#include "util/buf.h"

/* RFC 6698 §2.3, example 2 (PKIX-EE SPKI SHA2-512). */
static const char rfc_ex2[] = "92003ba34942dc74152e2f2c408d29eca5a520e7f2e0"
    "6bb944f4dca346baf63c1b177615d466f6c4b71c216a50292bd58c9ebdd2f74e38fe5"
    "1ffd48c43326cbc";

static void
test_owner(void)
{
	struct dnstk_buf b;
	char base[64];

	dnstk_buf_init(&b);
	tap_int(dnstk_tlsa_owner(&b, 443, "tcp", "www.example.com"), 0,
	    "owner: built");
	tap_str(b.data, "_443._tcp.www.example.com.", "owner: RFC 6698 §3 form");
	dnstk_buf_reset(&b);
	dnstk_tlsa_owner(&b, 25, "tcp", "Mail.Example.COM.");
	tap_str(b.data, "_25._tcp.Mail.Example.COM.",
	    "owner: one trailing dot, case kept");
	dnstk_buf_reset(&b);
	tap_int(dnstk_tlsa_owner(&b, 443, "tcp", "."), DNSTK_EINPUT,
	    "owner: the root is no host");
	tap_int(dnstk_tlsa_base_name(base, sizeof(base), "a.example."), 0,
	    "base name: ok");
	tap_str(base, "a.example", "base name: no trailing dot (SNI, names)");
	dnstk_buf_release(&b);
}

static void
test_fields(void)
{
	tap_str(dnstk_tlsa_usage_name(2), "DANE-TA", "acronym: usage 2");
	tap_str(dnstk_tlsa_selector_name(1), "SPKI", "acronym: selector 1");
	tap_str(dnstk_tlsa_mtype_name(2), "SHA2-512", "acronym: mtype 2");
	tap_ok(dnstk_tlsa_usage_name(4) == NULL, "acronym: usage 4 has none");
	tap_int(dnstk_tlsa_field_parse(0, "dane-ee"), 3,
	    "field: acronyms are case-insensitive");
	tap_int(dnstk_tlsa_field_parse(0, "03"), 3,
	    "field: danetool's zero-padded 03");
	tap_int(dnstk_tlsa_field_parse(2, "PrivMatch"), 255,
	    "field: private use");
	tap_int(dnstk_tlsa_field_parse(1, "256"), -1, "field: past 255");
	tap_int(dnstk_tlsa_field_parse(1, "SHA2-256"), -1,
	    "field: an mtype acronym is no selector");
}

static void
test_rdata(void)
{
	struct dnstk_tlsa t;
	struct dnstk_buf b;
	const char *why = NULL;
	uint8_t want[64];
	char text[400];

	dnstk_buf_init(&b);
	tap_hex(want, sizeof(want), rfc_ex2);
	snprintf(text, sizeof(text), "1 1 2 %s", rfc_ex2);
	tap_int(dnstk_tlsa_parse_rdata(&t, text, &why), 0, "rdata: RFC 6698 ex. 2");
	tap_ok(t.usage == 1 && t.selector == 1 && t.mtype == 2,
	    "rdata: fields");
	tap_mem(t.data, t.len, want, 64, "rdata: data");
	dnstk_tlsa_format(&b, &t, true);
	tap_ok(strncmp(b.data, "PKIX-EE SPKI SHA2-512 92003ba3", 30) == 0,
	    "format: acronyms");
	dnstk_tlsa_release(&t);
	/* dig +short splits the hex and prints it in upper case */
	tap_int(dnstk_tlsa_parse_rdata(&t, "DANE-EE SPKI SHA2-256 "
	    "0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B566 "
	    "64C5D3D6", &why), 0, "rdata: split upper-case hex, acronyms");
	tap_int((long long)t.len, 32, "rdata: 32 octets");
	tap_ok(dnstk_tlsa_unusable(&t) == NULL, "rdata: usable");
	dnstk_tlsa_release(&t);
	tap_int(dnstk_tlsa_parse_rdata(&t, "\\# 5 0301010a0b", &why), 0,
	    "rdata: RFC 3597 form");
	tap_ok(t.usage == 3 && t.len == 2 && t.data[1] == 0x0b,
	    "rdata: RFC 3597 fields");
	tap_str(dnstk_tlsa_unusable(&t), "SHA2-256 data is not 32 octets",
	    "unusable: short digest");
	dnstk_tlsa_release(&t);
	tap_int(dnstk_tlsa_parse_rdata(&t, "3 1 1 abc", &why), DNSTK_EINPUT,
	    "rdata: odd hex refused");
	tap_int(dnstk_tlsa_parse_rdata(&t, "3 1 1", &why), DNSTK_EINPUT,
	    "rdata: no data refused");
	tap_int(dnstk_tlsa_parse_rdata(&t, "4 1 1 00", &why), 0,
	    "rdata: usage 4 parses");
	tap_str(dnstk_tlsa_unusable(&t), "unknown certificate usage",
	    "unusable: usage 4 (ignored, RFC 6698 §4.1)");
	dnstk_tlsa_release(&t);
	tap_int(dnstk_tlsa_parse_rdata(&t, "3 1 x 00", &why), DNSTK_EINPUT,
	    "rdata: bad matching type refused");
	dnstk_buf_release(&b);
}

struct warns {
	int n;
	unsigned long line;
};

static void
count_warn(void *ctx, const char *source, unsigned long line,
    const char *msg)
{
	struct warns *w = ctx;

	(void)source;
	(void)msg;
	w->n++;
	w->line = line;
}

static void
test_read(void)
{
	static const char bare[] =
	    "; comment\n"
	    "3 1 1 ( 0c72ac70b745ac19998811b131d662c9\n"
	    "        ac69dbdbe7cb23e5b514b56664c5d3d6 ) ; multi-line\n"
	    "www.example.com.\n"
	    "2 0 1 d2abde240d7cd3ee6b4b28c54df034b97983a1d16e8a410e4561cb1066"
	    "18e971\n";
	static const char rrs[] =
	    "$ORIGIN example.com.\n"
	    "_443._tcp.www 300 IN TLSA DANE-EE SPKI SHA2-256 "
	    "0c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b56664c5d3d6\n"
	    "_25._tcp.mail IN TLSA 3 1 1 "
	    "0c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b56664c5d3d6\n"
	    "_443._tcp.WWW 300 IN A 192.0.2.1\n";
	struct dnstk_tlsa_set s;
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct warns w = { 0, 0 };

	dnstk_tlsa_set_init(&s);
	tap_int(dnstk_tlsa_read_mem(&s, bare, strlen(bare), "t", DNSTK_FORM_AUTO,
	    NULL, count_warn, &w, &err), 0, "read: bare rdata lines");
	tap_int((long long)s.n, 2, "read: two records");
	tap_ok(s.n == 2 && s.v[0].len == 32 && s.v[0].line == 2 &&
	    s.v[1].usage == 2 && s.v[1].line == 5,
	    "read: multi-line record joined, lines kept");
	tap_int(w.n, 1, "read: a CNAME target line is skipped with a warning");
	dnstk_tlsa_set_release(&s);
	w.n = 0;
	tap_int(dnstk_tlsa_read_mem(&s, rrs, strlen(rrs), "t", DNSTK_FORM_AUTO,
	    "_443._tcp.www.example.com.", count_warn, &w, &err), 0,
	    "read: whole records");
	tap_ok(s.n == 1 && s.v[0].ttl == 300 && s.v[0].usage == 3,
	    "read: only the owner's TLSA record");
	tap_int(w.n, 2, "read: other owner and other type warned about");
	dnstk_tlsa_set_release(&s);
	tap_int(dnstk_tlsa_read_mem(&s, "3 1 1 (00\n", 10, "t",
	    DNSTK_FORM_AUTO, NULL, NULL, NULL, &err), DNSTK_EINPUT,
	    "read: unbalanced parenthesis");
	tap_int((long long)err.line, 1, "read: error names the line");
	dnstk_tlsa_set_release(&s);
}

int
main(void)
{
	test_owner();
	test_fields();
	test_rdata();
	test_read();
	tap_str(dnstk_dane_outcome_name(DNSTK_DANE_TA_NOT_IN_CHAIN),
	    "ta-not-in-chain", "outcome names");
	return tap_done();
}
