/* SPDX-License-Identifier: BSD-3-Clause */
/* Unit tests for lib/dns/msg, lib/in/reader and lib/out/render. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "dns/msg.h"
#include "in/reader.h"
#include "out/render.h"
#include "tap.h"

/* Parse hex wire bytes into a message; NULL and a failed check if bad. */
static struct dnstk_msg *
wire(const char *hex, const char *name)
{
	uint8_t buf[4096];
	size_t n = tap_hex(buf, sizeof(buf), hex);
	struct dnstk_msg *m = NULL;
	struct dnstk_err err;

	if (!tap_int(dnstk_msg_from_wire(&m, buf, n, &err), 0, name)) {
		printf("#   %s\n", err.msg);
	}
	return m;
}

static void
test_vectors(void)
{
	struct dnstk_msg *m;
	struct dnstk_edns e;
	uint16_t code, len;
	const uint8_t *d;
	size_t pos = 0;

	/* D1 (dnspython goodhex): RD, DO, payload 4096. */
	m = wire("04d201000001000000000001047777777709646e73707974686f6e036f7267"
	    "00000100010000291000000080000000", "D1 parses");
	tap_int(m->id, 1234, "D1: id 1234");
	tap_int(dnstk_msg_opcode(m), 0, "D1: opcode QUERY");
	tap_ok(m->flags & DNSTK_FLAG_RD, "D1: RD set");
	dnstk_msg_edns(m, &e);
	tap_ok(e.present && e.udp_size == 4096 && e.version == 0 &&
	    e.flags == DNSTK_EDNS_DO, "D1: EDNS 0, udp 4096, DO");
	tap_int(dnstk_msg_rcode(m), 0, "D1: NOERROR");
	dnstk_msg_free(m);

	/* D2: header RCODE 15 and ext-rcode 0xff: rcode 4095. */
	m = wire("04d2010f0001000000000001047777777709646e73707974686f6e036f7267"
	    "00000100010000291000ff0080000000", "D2 parses");
	tap_int(dnstk_msg_rcode(m), 4095, "D2: full rcode 4095");
	tap_int(dnstk_msg_set_rcode(m, 16), 0, "set_rcode 16 with an OPT");
	tap_int(dnstk_msg_rcode(m), 16, "rcode is now BADVERS");
	tap_str(dnstk_rcode_name(dnstk_msg_rcode(m)), "BADVERS", "name BADVERS");
	tap_int(m->flags & 0xf, 0, "BADVERS: header rcode 0");
	dnstk_msg_free(m);

	/* M1 (miekg): option code 4, 36 bytes of text. */
	m = wire("000000000000000000000001000029 04c4 00000000 0028 0004 0024"
	    "7369703a2b31323334353637383940746573742e636f6d3b757365723d6367"
	    "7261746573", "M1 parses");
	dnstk_msg_edns(m, &e);
	tap_int(e.udp_size, 1220, "M1: udp 1220");
	tap_int(dnstk_edns_next_option(e.options, e.options_len, &pos, &code,
	    &d, &len), 1, "M1: one option");
	tap_ok(code == 4 && len == 36 && memcmp(d, "sip:+", 5) == 0,
	    "M1: code 4, length 36, the text");
	tap_int(dnstk_edns_next_option(e.options, e.options_len, &pos, &code,
	    &d, &len), 0, "M1: then the end");
	dnstk_msg_free(m);

	/* T1 wrapped: ext-rcode 3, version 4, DO; full rcode 48. */
	m = wire("000000000000000000000001 00 0029 0200 03 04 8000 0000",
	    "T1 parses");
	dnstk_msg_edns(m, &e);
	tap_ok(e.ext_rcode == 3 && e.version == 4 && e.udp_size == 512,
	    "T1: ext-rcode 3, version 4, udp 512");
	tap_int(dnstk_msg_rcode(m), 48, "T1: full rcode 48");
	dnstk_msg_free(m);
}

static void
test_wire_errors(void)
{
	struct dnstk_msg *m = NULL;
	struct dnstk_err err;
	uint8_t big[DNSTK_MSG_MAX + 1];
	uint8_t b[64];
	size_t n;

	memset(big, 0, sizeof(big));
	tap_int(dnstk_msg_from_wire(&m, big, sizeof(big), &err), DNSTK_EINPUT,
	    "wire: over 65535 bytes");
	n = tap_hex(b, sizeof(b), "0001");
	tap_int(dnstk_msg_from_wire(&m, b, n, &err), DNSTK_EINPUT,
	    "wire: shorter than a header");
	n = tap_hex(b, sizeof(b), "000100000001000000000000");
	tap_int(dnstk_msg_from_wire(&m, b, n, &err), DNSTK_EINPUT,
	    "wire: counts past the end");
	tap_str(err.msg, "message truncated in the QUESTION section "
	    "(record 1 of 1)", "wire: says where");
	n = tap_hex(b, sizeof(b), "000100000000000000000000ff");
	tap_int(dnstk_msg_from_wire(&m, b, n, &err), DNSTK_EINPUT,
	    "wire: trailing byte");
	tap_ok(m == NULL, "wire: nothing returned on failure");
}

static void
test_edns_edit(void)
{
	struct dnstk_msg *m = dnstk_msg_new();
	struct dnstk_edns e = { true, 1232, 0, 0, DNSTK_EDNS_DO, NULL, 0 };
	struct dnstk_edns got;
	struct dnstk_buf b;
	uint8_t opts[] = { 0, 10, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8 };

	dnstk_buf_init(&b);
	e.options = opts;
	e.options_len = sizeof(opts);
	tap_int(dnstk_msg_set_edns(m, &e), 0, "set_edns adds an OPT");
	dnstk_msg_edns(m, &got);
	tap_ok(got.present && got.udp_size == 1232 && got.options_len == 12 &&
	    memcmp(got.options, opts, 12) == 0, "the OPT reads back");
	e.udp_size = 4096;
	e.options_len = 0;
	tap_int(dnstk_msg_add_edns(m, &e), 0, "add_edns puts a new first OPT");
	dnstk_msg_edns(m, &got);
	tap_ok(got.udp_size == 4096 && ldns_rr_list_rr_count(
	    m->sec[DNSTK_SEC_ADDITIONAL]) == 2, "two OPTs, the new one first");
	e.present = false;
	tap_int(dnstk_msg_set_edns(m, &e), 0, "set_edns removes the first");
	dnstk_msg_edns(m, &got);
	tap_ok(got.present && got.udp_size == 1232, "the other one is left");
	tap_int(dnstk_msg_set_edns(m, &e), 0, "and removes that one too");
	dnstk_msg_edns(m, &got);
	tap_ok(!got.present, "no OPT left");
	tap_int(dnstk_msg_set_rcode(m, 16), DNSTK_EINPUT,
	    "an extended rcode needs an OPT");
	tap_int(dnstk_msg_to_wire(&b, m), 0, "renders");
	tap_mem(b.data, b.len, "\0\0\0\0\0\0\0\0\0\0\0\0", 12,
	    "an empty message is a bare header");
	dnstk_buf_release(&b);
	dnstk_msg_free(m);
	dnstk_msg_free(NULL);
}

/* Read one message from `text` in form `f`; returns it or NULL. */
static struct dnstk_msg *
read_one(const char *text, enum dnstk_form f, struct dnstk_err *err)
{
	struct dnstk_reader r;
	struct dnstk_msg *m = NULL;
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	int rc;

	dnstk_reader_init(&r, fp, "test", f);
	rc = dnstk_reader_msg(&r, &m, err);
	dnstk_reader_release(&r);
	fclose(fp);
	return rc == 1 ? m : NULL;
}

static void
test_text_roundtrip(void)
{
	const char *text =
	    ";; ->>HEADER<<- opcode: NOTIFY, status: BADCOOKIE, id: 9\n"
	    ";; flags: qr aa z cd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, "
	    "ADDITIONAL: 1\n"
	    ";; OPT PSEUDOSECTION:\n"
	    "; EDNS: version: 0, flags: do; MBZ: 0x0004, udp: 1400\n"
	    "; COOKIE: 0102030405060708\n"
	    ";; QUESTION SECTION:\n"
	    ";Example.\tIN\tSOA\n"
	    ";; ANSWER SECTION:\n"
	    "example.\t5\tIN\tA\t192.0.2.1\n\n";
	struct dnstk_err err;
	struct dnstk_msg *m, *j;
	struct dnstk_buf out, js;
	struct dnstk_edns e;

	dnstk_buf_init(&out);
	dnstk_buf_init(&js);
	m = read_one(text, DNSTK_FORM_AUTO, &err);
	tap_ok(m != NULL, "text: a full block reads");
	tap_int(m->id, 9, "text: id");
	tap_int(dnstk_msg_opcode(m), 4, "text: NOTIFY");
	tap_int(m->flags & 0x87f0, DNSTK_FLAG_QR | DNSTK_FLAG_AA |
	    DNSTK_FLAG_Z | DNSTK_FLAG_CD, "text: flags including z");
	tap_int(dnstk_msg_rcode(m), 23, "text: BADCOOKIE (23)");
	dnstk_msg_edns(m, &e);
	tap_ok(e.udp_size == 1400 && e.flags == (DNSTK_EDNS_DO | 4) &&
	    e.options_len == 12, "text: EDNS fields and the option");
	dnstk_render_msg(&out, m, DNSTK_FORM_TEXT);
	tap_str(out.data, text, "text: renders back to the same text");
	dnstk_render_msg(&js, m, DNSTK_FORM_JSON);
	j = read_one(js.data, DNSTK_FORM_AUTO, &err);
	tap_ok(j != NULL && dnstk_msg_equal(m, j), "json: reads back equal");
	dnstk_msg_free(j);
	dnstk_msg_free(m);
	dnstk_buf_release(&out);
	dnstk_buf_release(&js);
	m = read_one(";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 1\n"
	    "junk\n", DNSTK_FORM_TEXT, &err);
	tap_ok(m == NULL && err.line == 2, "text: a stray line is an error "
	    "at its line");
	tap_str(err.msg, "record outside an answer, authority or additional "
	    "section", "text: says why");
}

static void
test_cli_usage(void)
{
	static const struct dnstk_opt opts[] = {
		{ 'z', "zed", DNSTK_ARG_NONE, NULL, "z", NULL },
		{ 'p', "port", DNSTK_ARG_REQUIRED, "PORT", "p", NULL },
		{ 400, "alpha", DNSTK_ARG_NONE, NULL, "a", NULL },
		{ 401, "cookie", DNSTK_ARG_OPTIONAL, "HEX", "c", NULL },
		{ 402, "bufsize", DNSTK_ARG_REQUIRED, "N", "b", NULL },
		{ 'A', "all", DNSTK_ARG_NONE, NULL, "A", NULL },
		{ 'a', "any", DNSTK_ARG_NONE, NULL, "a", NULL },
		DNSTK_OPT_END,
	};
	static const struct dnstk_cmd cmd = { "t", "T.", "NAME", opts };
	struct dnstk_cli cli;
	struct dnstk_buf b;

	dnstk_buf_init(&b);
	dnstk_cli_init(&cli, &cmd);
	dnstk_cli_usage_line(&b, &cmd);
	tap_str(b.data, "usage: dnstk-t [-AahVz] [--alpha] [--bufsize=N] "
	    "[--cookie[=HEX]] [-p PORT] NAME",
	    "usage line: style(9) order from the option table");
	tap_int(dnstk_exit_status(DNSTK_EFAIL), 1, "exit: check failed is 1");
	tap_int(dnstk_exit_status(DNSTK_EINPUT), 2, "exit: bad input is 2");
	tap_int(dnstk_exit_status(DNSTK_ETIMEOUT), 3, "exit: timeout is 3");
	tap_int(dnstk_exit_status(DNSTK_EINSECURE), 4, "exit: insecure is 4");
	tap_int(dnstk_exit_status(DNSTK_EINDETERMINATE), 5,
	    "exit: indeterminate is 5");
	dnstk_cli_release(&cli);
	dnstk_buf_release(&b);
}

int
main(void)
{
	test_vectors();
	test_wire_errors();
	test_edns_edit();
	test_text_roundtrip();
	test_cli_usage();
	return tap_done();
}
