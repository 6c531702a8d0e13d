/* SPDX-License-Identifier: BSD-3-Clause */
/* Unit tests for lib/in: streams, form detection, the master-file and
 * JSON record builders, $INCLUDE, and the shared hex decoder. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dns/msg.h"
#include "in/reader.h"
#include "in/reader_int.h"
#include "in/stream.h"
#include "tap.h"
#include "util/json.h"
#include "util/num.h"

/* Read every record of `text` (form `f`); the count, or -1 on error. */
static int
count_rrs(const char *text, enum dnstk_form f, struct dnstk_err *err,
    ldns_rr **first)
{
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	struct dnstk_reader r;
	ldns_rr *rr;
	int n = 0, rc;

	if (first != NULL) {
		*first = NULL;
	}
	if (fp == NULL || dnstk_reader_init(&r, fp, "mem", f) != 0) {
		return -2;
	}
	while ((rc = dnstk_reader_rr(&r, &rr, err)) == 1) {
		if (n++ == 0 && first != NULL) {
			*first = rr;
		} else {
			ldns_rr_free(rr);
		}
	}
	dnstk_reader_release(&r);
	fclose(fp);
	return rc == 0 ? n : -1;
}

static void
test_hex(void)
{
	enum dnstk_hex_fault fault = 0;
	struct dnstk_buf b;
	size_t at = 0;

	dnstk_buf_init(&b);
	tap_int(dnstk_hex_append(&b, "0a Ff # x", 9, DNSTK_HEX_BLANKS |
	    DNSTK_HEX_COMMENT, 10, &fault, &at), 0,
	    "hex: blanks skipped, '#' ends the digits");
	tap_mem(b.data, b.len, "\x0a\xff", 2, "hex: the bytes");
	tap_int(dnstk_hex_append(&b, "0a0", 3, 0, 10, &fault, &at),
	    DNSTK_EINPUT, "hex: odd count");
	tap_ok(fault == DNSTK_HEX_ODD && b.len == 2,
	    "hex: odd, and the buffer is as it was");
	tap_int(dnstk_hex_append(&b, "0 a", 3, 0, 10, &fault, &at),
	    DNSTK_EINPUT, "hex: a blank without DNSTK_HEX_BLANKS");
	tap_ok(fault == DNSTK_HEX_NOT_DIGIT && at == 1, "hex: at the blank");
	tap_int(dnstk_hex_append(&b, "010203", 6, 0, 2, &fault, &at),
	    DNSTK_EINPUT, "hex: more than max");
	tap_ok(fault == DNSTK_HEX_TOO_LONG && b.len == 2,
	    "hex: too long, nothing appended");
	tap_int(dnstk_hex_append(&b, "ab ( cd", 7, DNSTK_HEX_BLANKS |
	    DNSTK_HEX_PAREN, 10, &fault, &at), 0, "hex: '(' ends the digits");
	tap_int((long long)b.len, 3, "hex: one byte more");
	dnstk_buf_release(&b);
}

static void
test_ttl(void)
{
	uint32_t t = 0;

	tap_ok(dnstk_in_ttl("3600", 4, &t) && t == 3600, "ttl: seconds");
	tap_ok(dnstk_in_ttl("1h30m", 5, &t) && t == 5400, "ttl: 1h30m");
	tap_ok(dnstk_in_ttl("1W2D", 4, &t) && t == 777600, "ttl: 1W2D");
	tap_ok(dnstk_in_ttl("1h30", 4, &t) && t == 3630,
	    "ttl: a last number without a unit is seconds");
	tap_ok(dnstk_in_ttl("4294967295", 10, &t) && t == UINT32_MAX,
	    "ttl: the largest");
	tap_ok(!dnstk_in_ttl("4294967296", 10, &t), "ttl: one past");
	tap_ok(!dnstk_in_ttl("99999999999999999", 17, &t), "ttl: far past");
	tap_ok(!dnstk_in_ttl("7102w", 5, &t), "ttl: units overflow");
	tap_ok(!dnstk_in_ttl("30x", 3, &t), "ttl: unknown unit");
	tap_ok(!dnstk_in_ttl("-1", 2, &t), "ttl: negative");
	tap_ok(!dnstk_in_ttl("h", 1, &t), "ttl: a unit alone");
	tap_ok(!dnstk_in_ttl("", 0, &t), "ttl: empty");
}

static void
test_master(void)
{
	struct dnstk_err err = DNSTK_ERR_INIT;
	ldns_rr *rr;

	tap_int(count_rrs("$ORIGIN example.\n$TTL 1h\nwww IN A 192.0.2.1\n"
	    "  IN A 192.0.2.2\n@ 5 CH TXT \"x\" ; c\n", DNSTK_FORM_AUTO, &err,
	    &rr), 3, "master: three records");
	tap_ok(rr != NULL && ldns_rr_ttl(rr) == 3600 &&
	    ldns_rr_get_type(rr) == LDNS_RR_TYPE_A, "master: $TTL applies");
	ldns_rr_free(rr);
	tap_int(count_rrs("hello world\n", DNSTK_FORM_TEXT, &err, NULL), -1,
	    "master: two unknown words are not a record");
	tap_str(err.msg, "unknown record type 'world'", "master: says which");
	tap_int(count_rrs(" IN A 1.2.3.4\n", DNSTK_FORM_TEXT, &err, NULL), -1,
	    "master: no owner on the first record");
	tap_int(count_rrs("a. 1 IN TXT (\n\"x\"\n)\nb. 2 IN A 1.2.3.4\n",
	    DNSTK_FORM_TEXT, &err, NULL), 2, "master: ( ... ) joins lines");
	tap_int(count_rrs("a. 1 IN A 1.2.3.4\nb. 1 IN A 1.2.3\n",
	    DNSTK_FORM_TEXT, &err, NULL), -1, "master: bad rdata");
	tap_ok(err.line == 2 && strcmp(err.source, "mem") == 0,
	    "master: the error has SOURCE:LINE");
	tap_int(count_rrs("$INCLUDE /etc/hosts\n", DNSTK_FORM_TEXT, &err,
	    NULL), -1, "master: $INCLUDE refused in a memory stream");
	tap_int(count_rrs("", DNSTK_FORM_AUTO, &err, NULL), 0,
	    "empty input is an empty stream");
	tap_int(count_rrs("\n# x\n\n", DNSTK_FORM_AUTO, &err, NULL), 0,
	    "blank lines and comments are an empty stream");
}

static void
test_json_rr(void)
{
	struct dnstk_json *j = NULL;
	const char *why = "";
	ldns_rr *rr = NULL;
	const char *in = "{\"NAME\":\"a.\",\"TYPE\":15,\"TTL\":7,"
	    "\"rdataMX\":\"10 mx.a.\",\"RDATAHEX\":\"000a026d780161" "00\"}";

	dnstk_json_parse(&j, in, strlen(in), &why);
	tap_int(dnstk_rr_from_json(&rr, j, false, &why), 0,
	    "json: an MX from its members, hex and text agreeing");
	tap_ok(rr != NULL && ldns_rr_get_type(rr) == LDNS_RR_TYPE_MX &&
	    ldns_rr_ttl(rr) == 7 && ldns_rr_rd_count(rr) == 2,
	    "json: type, TTL and both fields");
	ldns_rr_free(rr);
	dnstk_json_free(j);
	in = "{\"NAME\":\"a. 1 IN MX 10 b.\",\"TYPE\":1,\"TTL\":7,"
	    "\"rdataA\":\"1.2.3.4\"}";
	dnstk_json_parse(&j, in, strlen(in), &why);
	tap_int(dnstk_rr_from_json(&rr, j, false, &why), DNSTK_EINPUT,
	    "json: a record in NAME is not an owner");
	dnstk_json_free(j);
	in = "{\"NAME\":\"a.\",\"TYPE\":1,\"TYPE\":2,\"TTL\":7,"
	    "\"rdataA\":\"1.2.3.4\"}";
	dnstk_json_parse(&j, in, strlen(in), &why);
	tap_int(dnstk_rr_from_json(&rr, j, false, &why), DNSTK_EINPUT,
	    "json: a member twice");
	dnstk_json_free(j);
}

/* dnstk_each_rr callback: count, keep the last source. */
static int
each_cb(void *ctx, struct ldns_struct_rr *rr, const char *source,
    unsigned long line, struct dnstk_err *err)
{
	int *n = ctx;

	(void)source;
	(void)line;
	(void)err;
	ldns_rr_free(rr);
	(*n)++;
	return 0;
}

static void
test_stream(void)
{
	char dir[] = "/tmp/dnstk-test-reader-XXXXXX", top[64], inc[64];
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_reader r;
	FILE *fp;
	int n = 0;

	if (mkdtemp(dir) == NULL) {
		tap_ok(0, "stream: temporary directory");
		return;
	}
	snprintf(top, sizeof(top), "%s/top.db", dir);
	snprintf(inc, sizeof(inc), "%s/inc.db", dir);
	fp = fopen(top, "w");
	fputs("a. 1 IN A 1.2.3.4\n$INCLUDE inc.db\nc. 1 IN A 1.2.3.4\n", fp);
	fclose(fp);
	fp = fopen(inc, "w");
	fputs("b. 1 IN A 1.2.3.4\n", fp);
	fclose(fp);
	tap_int(dnstk_each_rr(top, DNSTK_FORM_AUTO, each_cb, &n, &err), 0,
	    "stream: a file with $INCLUDE");
	tap_int(n, 3, "stream: the included record too");
	tap_int(dnstk_reader_open(&r, "-", DNSTK_FORM_AUTO, &err), 0,
	    "stream: '-' opens");
	tap_ok(r.is_stdin && strcmp(r.source, "stdin") == 0 && !r.may_include,
	    "stream: '-' is stdin, known from the stream");
	dnstk_reader_release(&r);
	tap_ok(dnstk_reader_open(&r, "/no/such/file", DNSTK_FORM_AUTO,
	    &err) < 0 && strstr(err.msg, "cannot open") != NULL,
	    "stream: a missing file");
	unlink(inc);
	unlink(top);
	rmdir(dir);
}

int
main(void)
{
	test_hex();
	test_ttl();
	test_master();
	test_json_rr();
	test_stream();
	return tap_done();
}
