/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Coverage tests for parts the tools reach only with odd input: messages
 * whose record data break the wire rules (a TXT string past its RDATA, a
 * forward compression pointer or an unterminated name inside RDATA; ldns
 * itself is the reference where it takes the same message), messages too
 * big to write, dnstk_msg_equal's differences; dnstk-query's --batch line
 * reader and --raw source (query_src_open_fp), checked against ldns's
 * name parser; and the DNSSEC record helpers of lib/dnssec/records.c,
 * checked against ldns (key tags) and fixed calendar facts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "dns/canon.h"
#include "dns/msg.h"
#include "dnssec/internal.h"
#include "dnssec/validate.h"
#include "tap.h"
#include "tool/query_int.h"
#include "util/buf.h"

/* ---- lib/dns/msg.c --------------------------------------------------- */

/* dnstk_msg_from_wire of hex; returns its code, the message in *m. */
static int
from_hex(struct dnstk_msg **m, const char *hex, struct dnstk_err *err,
    uint8_t *buf, size_t *n)
{
	*n = tap_hex(buf, 512, hex);
	*m = NULL;
	dnstk_err_init(err);
	return dnstk_msg_from_wire(m, buf, *n, err);
}

/* Does ldns take the message as a packet? */
static bool
ldns_takes(const uint8_t *buf, size_t n)
{
	ldns_pkt *p = NULL;
	bool ok = ldns_wire2pkt(&p, buf, n) == LDNS_STATUS_OK;

	ldns_pkt_free(p);
	return ok;
}

/* header: id 1, QR RD RA, then the four counts; question a. IN A */
#define HDR(an, ar) "0001 8180 0001 " an " 0000 " ar " 016100 0001 0001"

static void
test_msg_rdata_rules(void)
{
	struct dnstk_msg *m;
	struct dnstk_err err;
	uint8_t buf[512];
	size_t n;

	/*
	 * A CNAME whose target is a pointer forward, to the owner of the
	 * additional record after it (offset 33).  ldns follows it; RFC 1035
	 * section 4.1.4 says a pointer names a prior occurrence.
	 */
	tap_int(from_hex(&m, HDR("0001", "0001")
	    " c00c 0005 0001 00000e10 0002 c021"
	    " 016200 0001 0001 00000e10 0004 c0000201", &err, buf, &n),
	    DNSTK_EINPUT, "CNAME target pointing forward: bad input");
	tap_ok(ldns_takes(buf, n), "ldns follows that forward pointer");
	tap_ok(strstr(err.msg, "record 1 of the ANSWER section") != NULL &&
	    strstr(err.msg, "points forward") != NULL,
	    "the message names the record and why: %s", err.msg);
	dnstk_msg_free(m);

	/* The same with the target at offset 12, before it: fine. */
	tap_int(from_hex(&m, HDR("0001", "0001")
	    " c00c 0005 0001 00000e10 0002 c00c"
	    " 016200 0001 0001 00000e10 0004 c0000201", &err, buf, &n),
	    0, "CNAME target pointing back: taken");
	tap_int((long long)ldns_rr_list_rr_count(m->sec[DNSTK_SEC_ANSWER]), 1,
	    "one answer record");
	dnstk_msg_free(m);

	/*
	 * A CNAME whose RDLENGTH (2) ends inside its target name: the name's
	 * terminating root label is the message's last byte, outside the
	 * RDATA.
	 */
	tap_int(from_hex(&m, HDR("0001", "0000")
	    " c00c 0005 0001 00000e10 0002 0162 00", &err, buf, &n),
	    DNSTK_EINPUT, "CNAME target running past its RDATA: bad input");
	dnstk_msg_free(m);

	/* A CNAME whose RDATA is one byte: half a pointer. */
	tap_int(from_hex(&m, HDR("0001", "0000")
	    " c00c 0005 0001 00000e10 0001 c0 0c", &err, buf, &n),
	    DNSTK_EINPUT, "CNAME target of half a pointer: bad input");
	dnstk_msg_free(m);

	/* A TXT whose character-string (length 5) runs past RDLENGTH 3. */
	tap_int(from_hex(&m, HDR("0001", "0000")
	    " c00c 0010 0001 00000e10 0003 05 6162 6364 65", &err, buf, &n),
	    DNSTK_EINPUT, "TXT string past its RDATA: bad input");
	dnstk_msg_free(m);

	/* The same TXT with RDLENGTH 6: two strings' worth, fine. */
	tap_int(from_hex(&m, HDR("0001", "0000")
	    " c00c 0010 0001 00000e10 0006 05 6162636465", &err, buf, &n),
	    0, "TXT string inside its RDATA: taken");
	tap_int(m != NULL ? (long long)ldns_rr_rd_count(ldns_rr_list_rr(
	    m->sec[DNSTK_SEC_ANSWER], 0)) : -1, 1, "one character-string");
	dnstk_msg_free(m);
}

static void
test_msg_too_big(void)
{
	struct dnstk_msg *m = dnstk_msg_new();
	struct dnstk_buf b;
	ldns_rr *rr = NULL;
	char txt[300 + 40];
	int i;

	/* 300 TXT records of 255 bytes each: about 79,000 bytes. */
	memset(txt, 0, sizeof(txt));
	strcpy(txt, "t. 60 IN TXT \"");
	memset(txt + strlen(txt), 'x', 255);
	strcat(txt, "\"");
	tap_ok(ldns_rr_new_frm_str(&rr, txt, 0, NULL, NULL) ==
	    LDNS_STATUS_OK, "a TXT record of 255 bytes");
	for (i = 0; i < 300 && m != NULL && rr != NULL; i++) {
		dnstk_msg_push(m, DNSTK_SEC_ANSWER, ldns_rr_clone(rr));
	}
	dnstk_buf_init(&b);
	tap_int(dnstk_msg_to_wire(&b, m), DNSTK_EINPUT,
	    "a message over 65535 bytes is not written");
	dnstk_buf_release(&b);
	dnstk_msg_free(m);

	/* 65536 records in one section: more than its 16-bit count. */
	m = dnstk_msg_new();
	ldns_rr_free(rr);
	rr = NULL;
	(void)ldns_rr_new_frm_str(&rr, "t. 60 IN A 192.0.2.1", 0, NULL, NULL);
	for (i = 0; i < 65536 && m != NULL && rr != NULL; i++) {
		dnstk_msg_push(m, DNSTK_SEC_ADDITIONAL, ldns_rr_clone(rr));
	}
	dnstk_buf_init(&b);
	tap_int(dnstk_msg_to_wire(&b, m), DNSTK_EINPUT,
	    "65536 records in a section are not written");
	tap_int((long long)b.len, 0, "and nothing was added");
	dnstk_buf_release(&b);
	dnstk_msg_free(m);
	ldns_rr_free(rr);
}

static void
test_msg_equal(void)
{
	static const char hex[] = HDR("0001", "0000")
	    " c00c 0001 0001 00000e10 0004 c0000201";
	struct dnstk_msg *a, *b;
	struct dnstk_err err;
	uint8_t buf[512];
	ldns_rr *rr = NULL;
	size_t n;

	from_hex(&a, hex, &err, buf, &n);
	from_hex(&b, hex, &err, buf, &n);
	if (!tap_ok(a != NULL && b != NULL, "two copies of one message")) {
		return;
	}
	tap_ok(dnstk_msg_equal(a, b), "equal to its copy");
	b->id = 2;
	tap_ok(!dnstk_msg_equal(a, b), "another ID: not equal");
	b->id = a->id;
	b->flags ^= DNSTK_FLAG_RD;
	tap_ok(!dnstk_msg_equal(a, b), "other flags: not equal");
	b->flags = a->flags;
	(void)ldns_rr_new_frm_str(&rr, "a. 3600 IN A 192.0.2.2", 0, NULL, NULL);
	ldns_rr_free(ldns_rr_list_pop_rr(b->sec[DNSTK_SEC_ANSWER]));
	tap_ok(!dnstk_msg_equal(a, b), "one answer fewer: not equal");
	dnstk_msg_push(b, DNSTK_SEC_ANSWER, rr);
	tap_ok(!dnstk_msg_equal(a, b), "another address: not equal");
	dnstk_msg_free(a);
	dnstk_msg_free(b);
}

/* ---- lib/dns/canon.c ------------------------------------------------- */

/* dnstk_rr_canon_rdata of `text` against ldns's canonical form. */
static void
canon_as_ldns(const char *text)
{
	ldns_rr *rr = NULL, *c;
	ldns_buffer *lb = ldns_buffer_new(512);
	struct dnstk_buf b;

	dnstk_buf_init(&b);
	(void)ldns_rr_new_frm_str(&rr, text, 0, NULL, NULL);
	c = rr != NULL ? ldns_rr_clone(rr) : NULL;
	if (!tap_ok(c != NULL && lb != NULL, "%s parses", text)) {
		return;
	}
	ldns_rr2canonical(c);
	(void)ldns_rr_rdata2buffer_wire(lb, c);
	tap_int(dnstk_rr_canon_rdata(&b, rr), 0, text);
	tap_mem(b.data, b.len, ldns_buffer_begin(lb), ldns_buffer_position(lb),
	    "its canonical RDATA is ldns's");
	dnstk_buf_release(&b);
	ldns_buffer_free(lb);
	ldns_rr_free(rr);
	ldns_rr_free(c);
}

static void
test_canon(void)
{
	static const uint8_t bad[] = { 5, 'a', 'b', 0 };
	ldns_rdf *good, *broken, *f;
	ldns_rr *rr;
	struct dnstk_buf b;
	uint8_t s255[256];
	int i, c1, c2;

	canon_as_ldns("x. 60 IN MX 10 MAIL.Example.");
	canon_as_ldns("x. 60 IN TXT \"HeLLo\" \"World\"");
	canon_as_ldns("x. 60 IN RRSIG A 13 1 60 20500101000000 20200101000000 "
	    "1 EXAMPLE. AAAA");

	/* 300 strings of 255 bytes: past what one RDATA holds */
	rr = ldns_rr_new_frm_type(LDNS_RR_TYPE_TXT);
	s255[0] = 255;
	memset(s255 + 1, 'x', 255);
	for (i = 0; rr != NULL && i < 300; i++) {
		ldns_rr_push_rdf(rr, ldns_rdf_new_frm_data(LDNS_RDF_TYPE_STR,
		    sizeof(s255), s255));
	}
	dnstk_buf_init(&b);
	dnstk_buf_add(&b, "k", 1);
	tap_int(dnstk_rr_canon_rdata(&b, rr), DNSTK_EINPUT,
	    "an RDATA over 65535 bytes is refused");
	tap_int((long long)b.len, 1, "and nothing is added");
	/* an owner that is not a name */
	f = ldns_rdf_new_frm_data(LDNS_RDF_TYPE_A, 4, "\300\0\2\1");
	ldns_rdf_deep_free(ldns_rr_owner(rr));
	ldns_rr_set_owner(rr, f);
	tap_int(dnstk_rr_canon_wire(&b, rr, NULL), DNSTK_EINPUT,
	    "a record whose owner is not a name is refused");
	dnstk_buf_release(&b);
	ldns_rr_free(rr);

	/* a name whose label runs past its end still compares, both ways */
	good = ldns_dname_new_frm_str("ab.");
	broken = ldns_rdf_new_frm_data(LDNS_RDF_TYPE_DNAME, sizeof(bad), bad);
	c1 = dnstk_dname_canon_compare(good, broken);
	c2 = dnstk_dname_canon_compare(broken, good);
	tap_ok(c1 != 0 && (c1 < 0) == (c2 > 0),
	    "a broken name orders against a good one (%d, %d)", c1, c2);
	ldns_rdf_deep_free(good);
	ldns_rdf_deep_free(broken);
}

/* ---- lib/tool/query_src.c ------------------------------------------- */

/* The wire form of `name` by ldns, for comparison. */
static bool
same_name(const struct dnstk_qspec *q, const char *name)
{
	ldns_rdf *d = ldns_dname_new_frm_str(name);
	bool eq = d != NULL && ldns_rdf_size(d) == q->qname_len &&
	    memcmp(ldns_rdf_data(d), q->qname, q->qname_len) == 0;

	ldns_rdf_deep_free(d);
	return eq;
}

struct want {
	const char *name;	/* NULL: the line fails */
	uint16_t qtype, qclass;
	const char *text;	/* the label, or the error */
};

static void
test_batch_lines(void)
{
	static const struct want want[] = {
		{ "www.example.test.", 1, 1, "www.example.test A" },
		{ "example.test.", 15, 1, "example.test MX" },
		{ "example.test.", 15, 3, "example.test CH" },
		{ "xn--bcher-kva.example.", 28, 1, "b\\195\\188cher.example AAAA" },
		{ NULL, 0, 0, "fuzz:6: two types given" },
		{ NULL, 0, 0, "fuzz:7: unknown type" },
		{ NULL, 0, 0, "fuzz:8: too many fields (want NAME [TYPE] [CLASS])" },
		{ NULL, 0, 0, "fuzz:9: control byte in the line (not text)" },
		{ NULL, 0, 0, "fuzz:10: NUL byte in the line" },
		{ NULL, 0, 0, "fuzz:11: line too long (over 2048 bytes)" },
		{ NULL, 0, 0, "fuzz:12: bad domain name" },
		{ NULL, 0, 0, "fuzz:13: bad internationalized domain name" },
		{ "last.test.", 1, 1, "last.test A" },
	};
	static const char head[] =
	    "www.example.test\n"
	    "example.test MX IN ; a comment\n"
	    "example.test CH\tMX\n"
	    "\n"
	    "b\xc3\xbc" "cher.example AAAA\r\n"
	    "a.test A MX\n"
	    "a.test NOSUCHTYPE\n"
	    "a b c d\n"
	    "x\001y\n"
	    "x\0y\n";
	struct dnstk_query_args a;
	struct query_src s;
	struct query_item it;
	char *text;
	size_t len, i = 0;
	FILE *fp;

	/* the lines, a line of 3000 bytes, a bad name, bad UTF-8, a last */
	len = sizeof(head) - 1 + 3001 + 32;
	text = calloc(1, len + 1);
	memcpy(text, head, sizeof(head) - 1);
	memset(text + sizeof(head) - 1, 'a', 3000);
	len = sizeof(head) - 1 + 3000;
	len += (size_t)sprintf(text + len, "\nbad..name\n\xff\xfe\nlast.test");
	fp = fmemopen(text, len, "r");
	dnstk_query_args_init(&a);
	if (!tap_ok(fp != NULL && query_src_open_fp(&s, &a, fp, "fuzz") == 0,
	    "a batch source on a memory stream")) {
		return;
	}
	memset(&it, 0, sizeof(it));
	dnstk_buf_init(&it.raw);
	while (query_src_next(&s, &it) == 1 && i < sizeof(want) / sizeof(*want)) {
		const struct want *w = &want[i++];

		if (w->name != NULL) {
			tap_int(it.rc, 0, w->text);
			tap_str(it.label, w->text, "its label");
			tap_ok(same_name(&it.spec, w->name) &&
			    it.spec.qtype == w->qtype &&
			    it.spec.qclass == w->qclass,
			    "%s: %s type %u class %u", w->text, w->name,
			    it.spec.qtype, it.spec.qclass);
		} else {
			tap_int(it.rc, DNSTK_EINPUT, w->text);
			tap_ok(strncmp(it.errmsg, w->text, strlen(w->text)) == 0,
			    "says '%s'", it.errmsg);
		}
		memset(&it.spec, 0, sizeof(it.spec));
	}
	tap_int((long long)i, (long long)(sizeof(want) / sizeof(*want)),
	    "every line, in order");
	tap_int(query_src_next(&s, &it), 0, "then the end");
	tap_int(query_src_next(&s, &it), 0, "and the end again");
	tap_int(s.fatal, 0, "no read error");
	query_src_close(&s);
	fclose(fp);
	free(text);
	dnstk_buf_release(&it.raw);
	dnstk_query_args_release(&a);
}

static void
test_raw_source(void)
{
	/* two queries in hex, one a line each: www.example.test A, id 0x1234 */
	static const char hex[] =
	    "12340100000100000000000003777777076578616d706c65047465737400"
	    "00010001\n"
	    "1235 0100 0001 0000 0000 0000 04 74657374 00 0010 0001\n";
	uint8_t want[64];
	struct dnstk_query_args a;
	struct query_src s;
	struct query_item it;
	size_t n;
	FILE *fp;

	dnstk_query_args_init(&a);
	a.raw = true;
	fp = fmemopen((void *)hex, sizeof(hex) - 1, "r");
	if (!tap_ok(fp != NULL && query_src_open_fp(&s, &a, fp, "raw") == 0,
	    "a raw source on a memory stream")) {
		return;
	}
	memset(&it, 0, sizeof(it));
	dnstk_buf_init(&it.raw);
	tap_int(query_src_next(&s, &it), 1, "a first message");
	n = tap_hex(want, sizeof(want), "123401000001000000000000037777770765"
	    "78616d706c6504746573740000010001");
	tap_mem(it.raw.data, it.raw.len, want, n, "its bytes as given");
	tap_str(it.label, "raw:1", "labelled with its line");
	tap_int(query_src_next(&s, &it), 1, "a second message");
	n = tap_hex(want, sizeof(want), "12350100000100000000000004746573740000100001");
	tap_mem(it.raw.data, it.raw.len, want, n, "its bytes as given");
	tap_int(query_src_next(&s, &it), 0, "then the end");
	tap_int(s.fatal, 0, "no read error");
	query_src_close(&s);
	fclose(fp);
	dnstk_buf_release(&it.raw);
	dnstk_query_args_release(&a);
}

/* ---- lib/dnssec/records.c ------------------------------------------- */

static ldns_rr *
rr(const char *s)
{
	ldns_rr *r = NULL;

	return ldns_rr_new_frm_str(&r, s, 0, NULL, NULL) == LDNS_STATUS_OK ?
	    r : NULL;
}

static void
test_records(void)
{
	ldns_rr *k, *big, *a, *sig;
	char s[64], *b64, *line;
	uint8_t buf[8];
	ldns_rdf *n1, *n2;
	char *str;

	/* the weakest link: an unknown state counts as bogus */
	tap_int(dnstk_dnssec_weakest(DNSTK_DNSSEC_INSECURE,
	    (enum dnstk_dnssec_state)77), 77, "an unknown state is weakest");
	tap_int(dnstk_dnssec_weakest(DNSTK_DNSSEC_BOGUS,
	    DNSTK_DNSSEC_INDETERMINATE), DNSTK_DNSSEC_BOGUS,
	    "bogus is weaker than indeterminate");

	k = rr("example. 3600 IN DNSKEY 257 3 13 "
	    "mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+"
	    "KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==");
	tap_int(dnstk_dnskey_tag(k), ldns_calc_keytag(k),
	    "a DNSKEY's tag is ldns's");
	tap_int((long long)dnstk_dnskey_rdata(buf, sizeof(buf), k), 0,
	    "its RDATA does not fit in 8 bytes");
	tap_int(dnstk_rdf_uint(k, 0, 4), 0, "a 2-byte field read as 4: 0");
	tap_int(dnstk_rdf_uint(k, 9, 2), 0, "a field it lacks: 0");
	tap_int(dnstk_rdf_uint(k, 0, 2), 257, "its flags: 257");

	/* a key of 4200 bytes: past what is verified, ldns's tag */
	b64 = malloc(5700);
	line = malloc(5800);
	memset(b64, 'A', 5600);
	b64[5600] = '\0';
	snprintf(line, 5800, "example. 3600 IN DNSKEY 256 3 8 %s", b64);
	big = rr(line);
	tap_ok(big != NULL && dnstk_dnskey_tag(big) == ldns_calc_keytag(big),
	    "a 4200-byte key's tag is ldns's");
	free(b64);
	free(line);

	a = rr("example. 3600 IN A 192.0.2.1");
	tap_int(dnstk_dnskey_tag(a), 0, "an A record has no key tag");
	tap_ok(dnstk_rrsig_signer(a) == NULL, "nor an RRSIG signer");
	sig = rr("example. 3600 IN RRSIG A 13 1 3600 20500101000000 "
	    "20200101000000 12345 example. "
	    "mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+"
	    "KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==");
	n1 = ldns_dname_new_frm_str("example.");
	tap_ok(sig != NULL && dnstk_rrsig_signer(sig) != NULL &&
	    ldns_dname_compare(dnstk_rrsig_signer(sig), n1) == 0,
	    "an RRSIG's signer");
	n2 = ldns_dname_new_frm_str("www.EXAMPLE.");
	tap_ok(dnstk_name_under(n2, n1) && dnstk_name_under(n1, n1) &&
	    !dnstk_name_under(n1, n2), "names under a name, or the name");
	tap_ok(!dnstk_name_under(NULL, n1) && !dnstk_name_under(n1, NULL),
	    "no name is under nothing");
	str = dnstk_name_str(n2);
	tap_str(str, "www.example.", "names print in lower case");
	free(str);
	str = dnstk_name_str(NULL);
	tap_str(str, "?", "no name prints as ?");
	free(str);

	dnstk_time_str(s, sizeof(s), 0);
	tap_str(s, "1970-01-01 00:00:00", "time 0 is the epoch");
	dnstk_time_str(s, sizeof(s), 951782400);
	tap_str(s, "2000-02-29 00:00:00", "the leap day of 2000");
	dnstk_time_str(s, sizeof(s), INT64_MAX);
	tap_str(s, "@9223372036854775807", "a time past any calendar");
	dnstk_span_str(s, sizeof(s), -3 * 86400 - 5);
	tap_str(s, "3 days", "a span back in time");
	dnstk_span_str(s, sizeof(s), -90);
	tap_str(s, "90 seconds", "90 seconds back");

	ldns_rdf_deep_free(n1);
	ldns_rdf_deep_free(n2);
	ldns_rr_free(k);
	ldns_rr_free(big);
	ldns_rr_free(a);
	ldns_rr_free(sig);
}

int
main(void)
{
	test_msg_rdata_rules();
	test_msg_too_big();
	test_msg_equal();
	test_canon();
	test_batch_lines();
	test_raw_source();
	test_records();
	return tap_done();
}
