/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Coverage tests for lib/dane/tlsa.c: the RFC 3597 generic form of TLSA
 * rdata and its refusals, the field and size limits, records without
 * association data, and the readers' whole-message fallback.  Every
 * accepted rdata is checked against ldns, which parses the same text on
 * its own (RFC 3597 §5 and RFC 6698 §2.2).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "dane/tlsa.h"
#include "tap.h"
#include "util/buf.h"
#include "util/err.h"

/* A SHA2-256 digest: 32 octets. */
#define D32 "0102030405060708090a0b0c0d0e0f10" \
	    "1112131415161718191a1b1c1d1e1f20"

/* The rdata ldns makes of "x. 60 IN TLSA <text>" into wire[], or -1. */
static long
ldns_rdata(uint8_t *wire, size_t cap, const char *text)
{
	char line[4096];
	ldns_rr *rr = NULL;
	ldns_buffer *b;
	long n = -1;

	snprintf(line, sizeof(line), "x. 60 IN TLSA %s", text);
	if (ldns_rr_new_frm_str(&rr, line, 0, NULL, NULL) != LDNS_STATUS_OK) {
		return -1;
	}
	b = ldns_buffer_new(512);
	if (b != NULL && ldns_rr_rdata2buffer_wire(b, rr) == LDNS_STATUS_OK &&
	    ldns_buffer_position(b) <= cap) {
		n = (long)ldns_buffer_position(b);
		memcpy(wire, ldns_buffer_begin(b), (size_t)n);
	}
	ldns_buffer_free(b);
	ldns_rr_free(rr);
	return n;
}

/* t as wire rdata (usage, selector, mtype, data) into w; the length. */
static size_t
our_rdata(uint8_t *w, size_t cap, const struct dnstk_tlsa *t)
{
	if (t->len + 3 > cap) {
		return 0;
	}
	w[0] = t->usage;
	w[1] = t->selector;
	w[2] = t->mtype;
	if (t->len > 0) {
		memcpy(w + 3, t->data, t->len);
	}
	return t->len + 3;
}

static void
test_generic_form(void)
{
	static const char generic[] = "\\# 35 030101 " D32;
	uint8_t a[128], b[128];
	struct dnstk_tlsa t, u;
	const char *why = NULL;
	long n;

	tap_int(dnstk_tlsa_parse_rdata(&t, generic, &why), 0,
	    "generic: \\# 35 with 32 octets of SHA2-256");
	n = ldns_rdata(a, sizeof(a), generic);
	tap_ok(n == 35, "generic: ldns reads the same text as 35 octets");
	tap_mem(b, our_rdata(b, sizeof(b), &t), a, n > 0 ? (size_t)n : 0,
	    "generic: same rdata as ldns");
	tap_int(dnstk_tlsa_parse_rdata(&u, "3 1 1 " D32, &why), 0,
	    "generic: the presentation form of the same record");
	tap_ok(t.usage == u.usage && t.selector == u.selector &&
	    t.mtype == u.mtype && t.len == u.len &&
	    memcmp(t.data, u.data, t.len) == 0,
	    "generic: RFC 3597 and RFC 6698 forms agree");
	tap_ok(dnstk_tlsa_unusable(&t) == NULL, "generic: usable record");
	dnstk_tlsa_release(&t);
	dnstk_tlsa_release(&u);

	/* Hex split anywhere, even inside an octet (RFC 3597 §5). */
	tap_int(dnstk_tlsa_parse_rdata(&t, "\\# 4 0 3 0100 f f", &why), 0,
	    "generic: hex pieces split inside octets");
	n = ldns_rdata(a, sizeof(a), "\\# 4 0 3 0100 f f");
	tap_mem(b, our_rdata(b, sizeof(b), &t), a, n > 0 ? (size_t)n : 0,
	    "generic: split pieces decode as ldns decodes them");
	dnstk_tlsa_release(&t);
}

static void
test_generic_refusals(void)
{
	static const struct {
		const char *text, *why;
	} bad[] = {
		{ "\\#", "RFC 3597 form without a valid length" },
		{ "\\# many 030101", "RFC 3597 form without a valid length" },
		{ "\\# 65536 030101", "RFC 3597 form without a valid length" },
		{ "\\# 4 030101", "RFC 3597 length differs from the hex data" },
		{ "\\# 2 0301", "TLSA rdata shorter than 3 octets" },
		{ "\\# 0", "TLSA rdata shorter than 3 octets" },
		{ "\\# 3 0301zz", "association data is not hex" },
		{ "\\# 3 03010", "odd number of hex digits" },
		{ "3 1", "expected usage, selector, matching type and data" },
		{ "", "expected usage, selector, matching type and data" },
	};
	struct dnstk_tlsa t;
	const char *why;
	char name[160];
	uint8_t w[8];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		snprintf(name, sizeof(name), "refused: '%s'", bad[i].text);
		tap_int(dnstk_tlsa_parse_rdata(&t, bad[i].text, &why),
		    DNSTK_EINPUT, name);
		snprintf(name, sizeof(name), "refused: '%s' says why",
		    bad[i].text);
		tap_str(why, bad[i].why, name);
		tap_ok(t.data == NULL, "refused: '%s' leaves no data",
		    bad[i].text);
	}
	/* ldns refuses the wrong lengths as well. */
	tap_ok(ldns_rdata(w, sizeof(w), "\\# 4 030101") < 0,
	    "refused: ldns too rejects a length that differs");
}

static void
test_limits(void)
{
	struct dnstk_tlsa t;
	const char *why = NULL;
	size_t i, n;
	char *s;

	/* 4097 fields: one more than the parser keeps. */
	n = 4097;
	s = malloc(n * 3 + 16);
	if (s == NULL) {
		tap_ok(0, "limits: memory");
		return;
	}
	strcpy(s, "3 1 1");
	for (i = 3; i < n; i++) {
		strcat(s, " ab");
	}
	tap_int(dnstk_tlsa_parse_rdata(&t, s, &why), DNSTK_EINPUT,
	    "limits: 4097 fields refused");
	tap_str(why, "too many fields", "limits: too many fields named");
	/* 4096 fields still parse: 4093 octets of data. */
	s[strlen(s) - 3] = '\0';
	tap_int(dnstk_tlsa_parse_rdata(&t, s, &why), 0,
	    "limits: 4096 fields accepted");
	tap_int((long long)t.len, 4093, "limits: one octet per data field");
	dnstk_tlsa_release(&t);
	free(s);

	/* 65533 octets of data cannot fit in 65535 octets of rdata. */
	n = 2 * (size_t)DNSTK_TLSA_DATA_MAX + 2;
	s = malloc(n + 16);
	if (s == NULL) {
		tap_ok(0, "limits: memory");
		return;
	}
	memcpy(s, "3 0 0 ", 6);
	memset(s + 6, 'a', n);
	s[6 + n] = '\0';
	tap_int(dnstk_tlsa_parse_rdata(&t, s, &why), DNSTK_EINPUT,
	    "limits: 65533 octets of data refused");
	tap_str(why, "association data longer than 65532 octets",
	    "limits: too long named");
	/* Exactly 65532 octets: the most an rdata can carry. */
	s[6 + n - 2] = '\0';
	tap_int(dnstk_tlsa_parse_rdata(&t, s, &why), 0,
	    "limits: 65532 octets accepted");
	tap_int((long long)t.len, DNSTK_TLSA_DATA_MAX,
	    "limits: all 65532 octets kept");
	dnstk_tlsa_release(&t);
	free(s);
}

static void
test_empty_data(void)
{
	struct dnstk_tlsa t;
	struct dnstk_buf b;
	const char *why = NULL;
	uint8_t a[16];
	long n;

	dnstk_buf_init(&b);
	tap_int(dnstk_tlsa_parse_rdata(&t, "\\# 3 030000", &why), 0,
	    "empty: \\# 3 parses (no association data)");
	tap_int((long long)t.len, 0, "empty: zero octets of data");
	tap_str(dnstk_tlsa_unusable(&t), "no association data",
	    "empty: a Full record without data is unusable");
	tap_int(dnstk_tlsa_format(&b, &t, true), 0, "empty: formats");
	tap_str(b.data, "\\# 3 030000",
	    "empty: only the generic form can show it, even with acronyms");
	/* ldns reads what we print back to the same three octets. */
	n = ldns_rdata(a, sizeof(a), b.data);
	tap_mem(a, n > 0 ? (size_t)n : 0, "\x03\x00\x00", 3,
	    "empty: ldns reads our generic form back");
	dnstk_buf_reset(&b);
	tap_int(dnstk_tlsa_format_rr(&b, "_443._tcp.x.", 300, &t), 0,
	    "empty: a whole record formats");
	tap_str(b.data, "_443._tcp.x. 300 IN TLSA \\# 3 030000\n",
	    "empty: whole record in the generic form");
	dnstk_tlsa_release(&t);
	dnstk_buf_release(&b);
}

/* Collects warnings. */
struct warns {
	int n;
	char last[DNSTK_ERR_MSG_MAX];
};

static void
warn_cb(void *ctx, const char *source, unsigned long line, const char *msg)
{
	struct warns *w = ctx;

	(void)source;
	(void)line;
	w->n++;
	snprintf(w->last, sizeof(w->last), "%s", msg);
}

/*
 * A DNS response as hex built by ldns: question `q` TLSA, the answer
 * records `rrs` (NULL-ended, in ldns's text form).
 */
static char *
msg_hex(const char *q, const char *const *rrs)
{
	ldns_pkt *p = NULL;
	ldns_rr *rr;
	uint8_t *wire = NULL;
	size_t len = 0, i;
	char *hex = NULL;

	if (ldns_pkt_query_new_frm_str(&p, q, LDNS_RR_TYPE_TLSA,
	    LDNS_RR_CLASS_IN, LDNS_RD) != LDNS_STATUS_OK) {
		return NULL;
	}
	ldns_pkt_set_qr(p, true);
	for (i = 0; rrs[i] != NULL; i++) {
		if (ldns_rr_new_frm_str(&rr, rrs[i], 0, NULL, NULL) ==
		    LDNS_STATUS_OK) {
			ldns_pkt_push_rr(p, LDNS_SECTION_ANSWER, rr);
		}
	}
	if (ldns_pkt2wire(&wire, p, &len) == LDNS_STATUS_OK) {
		hex = malloc(2 * len + 2);
		for (i = 0; hex != NULL && i < len; i++) {
			snprintf(hex + 2 * i, 3, "%02x", wire[i]);
		}
		if (hex != NULL) {
			strcpy(hex + 2 * len, "\n");
		}
	}
	free(wire);
	ldns_pkt_free(p);
	return hex;
}

static void
test_read_messages(void)
{
	static const char *const rrs[] = {
		"_443._tcp.www.example. 300 IN CNAME other.example.",
		"_443._tcp.other.example. 300 IN TLSA 3 1 1 " D32,
		"_443._tcp.www.example. 300 IN TLSA 2 0 1 " D32,
		NULL,
	};
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_tlsa_set s;
	struct warns w = { 0, "" };
	char *hex, *two;
	size_t hl;

	dnstk_tlsa_set_init(&s);
	hex = msg_hex("_443._tcp.www.example.", rrs);
	tap_ok(hex != NULL, "messages: ldns built a response");
	if (hex == NULL) {
		return;
	}
	hl = strlen(hex);
	tap_int(dnstk_tlsa_read_mem(&s, hex, hl, "m", DNSTK_FORM_AUTO,
	    "_443._tcp.www.example.", warn_cb, &w, &err), 0,
	    "messages: a response in hex is read");
	tap_int((long long)s.n, 1,
	    "messages: only the TLSA of the asked owner is kept");
	if (s.n == 1) {
		tap_int(s.v[0].usage, 2, "messages: the DANE-TA record");
		tap_int((long long)s.v[0].len, 32, "messages: its digest");
	}
	tap_int(err.code, 0, "messages: the first reader's error is cleared");
	dnstk_tlsa_set_release(&s);

	/* No owner given: both TLSA records, never the CNAME. */
	dnstk_tlsa_set_init(&s);
	tap_int(dnstk_tlsa_read_mem(&s, hex, hl, "m", DNSTK_FORM_HEX, NULL,
	    warn_cb, &w, &err), 0, "messages: any owner");
	tap_int((long long)s.n, 2, "messages: both TLSA records");
	dnstk_tlsa_set_release(&s);

	/* A good message then garbage: nothing kept, the first error. */
	two = malloc(hl + 32);
	if (two != NULL) {
		memcpy(two, hex, hl);
		strcpy(two + hl, "zz-not-hex\n");
		dnstk_tlsa_set_init(&s);
		dnstk_err_init(&err);
		tap_int(dnstk_tlsa_read_mem(&s, two, strlen(two), "m",
		    DNSTK_FORM_HEX, NULL, NULL, NULL, &err), DNSTK_EINPUT,
		    "messages: a bad unit after a message is an error");
		tap_int((long long)s.n, 0,
		    "messages: what the retry read is dropped");
		tap_str(err.source, "m", "messages: the error names the input");
		dnstk_tlsa_set_release(&s);
		free(two);
	}
	free(hex);
	tap_int(w.n, 0, "messages: no warnings for skipped answer records");
}

/* Bare rdata after comments and blanks, the first with its own comment. */
static void
test_read_bare(void)
{
	static const char in[] = "; TLSA for www\n\n   \t; indented\n"
	    "   \\# 35 030101 ( ; generic form\n " D32 " )\n"
	    "2 0 1 " D32 " ; second\n";
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_tlsa_set s;
	uint8_t a[64], b[64];
	long n;

	dnstk_tlsa_set_init(&s);
	tap_int(dnstk_tlsa_read_mem(&s, in, sizeof(in) - 1, "bare",
	    DNSTK_FORM_AUTO, NULL, NULL, NULL, &err), 0,
	    "bare: generic form after comments is bare rdata");
	tap_int((long long)s.n, 2, "bare: two records");
	if (s.n == 2) {
		n = ldns_rdata(a, sizeof(a), "\\# 35 030101 " D32);
		tap_mem(b, our_rdata(b, sizeof(b), &s.v[0]), a,
		    n > 0 ? (size_t)n : 0, "bare: first as ldns reads it");
		n = ldns_rdata(a, sizeof(a), "2 0 1 " D32);
		tap_mem(b, our_rdata(b, sizeof(b), &s.v[1]), a,
		    n > 0 ? (size_t)n : 0, "bare: second as ldns reads it");
		tap_int((long long)s.v[0].line, 4, "bare: first at line 4");
		tap_int((long long)s.v[1].line, 6, "bare: second at line 6");
	}
	dnstk_tlsa_set_release(&s);
}

static void
test_read_refusals(void)
{
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_tlsa_set s;
	static const char nul[] = "3 1 1 00\n3 1\0 1 00\n";
	char *big;
	FILE *fp;
	size_t n;

	dnstk_tlsa_set_init(&s);
	tap_int(dnstk_tlsa_read_mem(&s, "", 0, "e", DNSTK_FORM_AUTO, NULL,
	    NULL, NULL, &err), 0, "read: empty input is no records");
	tap_int((long long)s.n, 0, "read: nothing from nothing");
	tap_int(dnstk_tlsa_read_mem(&s, "x. 1 IN A 192.0.2.1\n", 20, "e",
	    DNSTK_FORM_AUTO, "bad..owner", NULL, NULL, &err), DNSTK_EINPUT,
	    "read: a bad owner name is refused");
	tap_str(err.msg, "bad owner name 'bad..owner'",
	    "read: the bad owner named");
	dnstk_err_init(&err);
	tap_int(dnstk_tlsa_read_mem(&s, nul, sizeof(nul) - 1, "nul",
	    DNSTK_FORM_AUTO, NULL, NULL, NULL, &err), DNSTK_EINPUT,
	    "read: a NUL byte in bare rdata is refused");
	tap_str(err.msg, "NUL byte in input", "read: the NUL named");
	tap_int((long long)err.line, 2, "read: on its line");
	dnstk_tlsa_set_release(&s);

	/* A record in parentheses over lines of 64 KiB, past 1 MiB. */
	n = 20 * 65537 + 16;
	big = malloc(n);
	if (big != NULL) {
		size_t at = 0, k;

		at += (size_t)sprintf(big, "3 0 0 (\n");
		for (k = 0; k < 20; k++) {
			memset(big + at, 'a', 65536);
			big[at + 65536] = '\n';
			at += 65537;
		}
		dnstk_tlsa_set_init(&s);
		dnstk_err_init(&err);
		tap_int(dnstk_tlsa_read_mem(&s, big, at, "long",
		    DNSTK_FORM_AUTO, NULL, NULL, NULL, &err), DNSTK_EINPUT,
		    "read: a record over 1 MiB refused");
		tap_str(err.msg, "record longer than 1048576 bytes",
		    "read: the record limit named");
		tap_int((long long)err.line, 1, "read: at the record's first line");
		dnstk_tlsa_set_release(&s);
		free(big);
	}

	/* One byte over the input limit, through a FILE. */
	n = (size_t)DNSTK_TLSA_INPUT_MAX + 1;
	big = malloc(n);
	fp = big != NULL ? fmemopen(big, n, "r") : NULL;
	if (fp == NULL) {
		tap_ok(0, "read: memory for the big input");
		free(big);
		return;
	}
	memset(big, ';', n);
	dnstk_tlsa_set_init(&s);
	dnstk_err_init(&err);
	tap_int(dnstk_tlsa_read(&s, fp, "big", DNSTK_FORM_AUTO, NULL, NULL,
	    NULL, &err), DNSTK_EINPUT, "read: input over 16 MiB refused");
	tap_str(err.msg, "input larger than 16777216 bytes",
	    "read: the limit named");
	fclose(fp);
	free(big);
	dnstk_tlsa_set_release(&s);
}

int
main(void)
{
	test_generic_form();
	test_generic_refusals();
	test_limits();
	test_empty_data();
	test_read_messages();
	test_read_bare();
	test_read_refusals();
	return tap_done();
}
