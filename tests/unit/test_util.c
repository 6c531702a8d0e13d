/* SPDX-License-Identifier: BSD-3-Clause */
/* Unit tests for lib/util: buffers, numbers, hex, time, JSON. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/json.h"
#include "util/num.h"

static void
test_buf(void)
{
	struct dnstk_buf b;
	uint8_t bytes[] = { 0x00, 0xab, 0xff };
	size_t i;

	dnstk_buf_init(&b);
	tap_ok(b.data != NULL && b.len == 0 && b.data[0] == '\0',
	    "buf: init gives an empty NUL-terminated string");
	tap_int(dnstk_buf_adds(&b, "abc"), 0, "buf: adds");
	tap_int(dnstk_buf_addf(&b, "-%d-", 42), 0, "buf: addf");
	tap_str(b.data, "abc-42-", "buf: content after adds and addf");
	dnstk_buf_reset(&b);
	tap_int(dnstk_buf_addhex(&b, bytes, sizeof(bytes)), 0, "buf: addhex");
	tap_str(b.data, "00abff", "buf: lowercase hex");
	dnstk_buf_reset(&b);
	dnstk_buf_addjson(&b, "a\"b\\c\n\x01\xc3", 8);
	tap_str(b.data, "\"a\\\"b\\\\c\\u000a\\u0001\\u00c3\"",
	    "buf: JSON string escapes quotes, backslashes and non-ASCII bytes");
	dnstk_buf_reset(&b);
	for (i = 0; i < 10000; i++) {
		dnstk_buf_addc(&b, 'x');
	}
	tap_ok(b.len == 10000 && b.data[10000] == '\0' && b.cap > 10000,
	    "buf: grows and stays NUL-terminated");
	dnstk_buf_truncate(&b, 3);
	tap_str(b.data, "xxx", "buf: truncate");
	dnstk_buf_truncate(&b, 99);
	tap_int((long long)b.len, 3, "buf: truncate never lengthens");
	tap_int(dnstk_buf_grow(&b, SIZE_MAX - 2), DNSTK_ENOMEM,
	    "buf: an impossible size fails cleanly");
	tap_str(b.data, "xxx", "buf: a failed grow leaves the buffer as it was");
	dnstk_buf_release(&b);
	tap_ok(b.len == 0 && b.cap == 0 && b.data[0] == '\0',
	    "buf: release re-inits");
}

static void
test_num(void)
{
	long long v = -1;
	const char *why = NULL;
	uint8_t out[4];
	int64_t t = 0;

	tap_int(dnstk_strtonum(&v, "1232", 0, 65535, &why), 0,
	    "strtonum: in range");
	tap_int(v, 1232, "strtonum: value");
	tap_int(dnstk_strtonum(&v, "65536", 0, 65535, &why), DNSTK_EINPUT,
	    "strtonum: above max");
	tap_str(why, "too large", "strtonum: says too large");
	tap_int(dnstk_strtonum(&v, "-1", 0, 5, &why), DNSTK_EINPUT,
	    "strtonum: below min");
	tap_str(why, "too small", "strtonum: says too small");
	tap_int(dnstk_strtonum(&v, "12x", 0, 99, &why), DNSTK_EINPUT,
	    "strtonum: trailing garbage");
	tap_int(dnstk_strtonum(&v, "", 0, 99, &why), DNSTK_EINPUT,
	    "strtonum: empty");
	tap_int(dnstk_strtonum(&v, " 1", 0, 99, &why), DNSTK_EINPUT,
	    "strtonum: leading blank");
	tap_int(dnstk_strtonum(&v, "99999999999999999999", 0, LLONG_MAX,
	    &why), DNSTK_EINPUT, "strtonum: overflow");
	tap_int(dnstk_hex_decode(out, sizeof(out), "0aFf", 4), 2,
	    "hex: mixed case");
	tap_mem(out, 2, "\x0a\xff", 2, "hex: bytes");
	tap_int(dnstk_hex_decode(out, sizeof(out), "0a0", 3), -1, "hex: odd");
	tap_int(dnstk_hex_decode(out, sizeof(out), "0g", 2), -1,
	    "hex: not a digit");
	tap_int(dnstk_hex_decode(out, 1, "0102", 4), -1, "hex: too long");
	tap_int(dnstk_parse_time(&t, "20260101000000"), 0, "time: YMDHMS");
	tap_int(t, 1767225600, "time: 2026-01-01 is 1767225600");
	tap_int(dnstk_parse_time(&t, "19700101000000"), 0, "time: epoch");
	tap_int(t, 0, "time: epoch is 0");
	tap_int(dnstk_parse_time(&t, "20000229120000"), 0, "time: leap day");
	tap_int(t, 951825600, "time: 2000-02-29 12:00");
	tap_int(dnstk_parse_time(&t, "1767225600"), 0, "time: seconds");
	tap_int(t, 1767225600, "time: seconds value");
	tap_int(dnstk_parse_time(&t, "20261301000000"), DNSTK_EINPUT,
	    "time: month 13");
	tap_int(dnstk_parse_time(&t, "20260431000000"), DNSTK_EINPUT,
	    "time: April 31");
	tap_int(dnstk_parse_time(&t, "yesterday"), DNSTK_EINPUT, "time: word");
	tap_str(dnstk_strerror(DNSTK_ENOMEM), "out of memory", "strerror");
	tap_str(dnstk_strerror(-ENOENT), "No such file or directory",
	    "strerror: errno values");
}

static void
test_json(void)
{
	struct dnstk_json *v = NULL;
	const struct dnstk_json *m;
	const char *why = NULL;
	const char *doc = " {\"a\":[1,-2,3.5e1,true,false,null],"
	    "\"s\":\"x\\u00e9\\ud83d\\ude00\\n\",\"a\":2} ";

	tap_int(dnstk_json_parse(&v, doc, strlen(doc), &why), 0,
	    "json: parses a document");
	m = dnstk_json_get(v, "a");
	tap_ok(m != NULL && m->type == DNSTK_JSON_ARRAY && m->count == 6,
	    "json: first of duplicate members, an array of 6");
	tap_ok(m->items[0]->is_integer && m->items[0]->integer == 1 &&
	    m->items[1]->integer == -2 && !m->items[2]->is_integer &&
	    m->items[3]->boolean && !m->items[4]->boolean &&
	    m->items[5]->type == DNSTK_JSON_NULL, "json: scalars");
	m = dnstk_json_get(v, "s");
	tap_mem(m->str, m->len, "x\xe9\xf0\x9f\x98\x80\n", 7,
	    "json: \\u00XX is a byte, surrogate pairs are UTF-8");
	tap_ok(dnstk_json_get(v, "nope") == NULL, "json: missing member");
	tap_ok(dnstk_json_get(m, "a") == NULL, "json: get on a non-object");
	dnstk_json_free(v);
	v = NULL;
	tap_int(dnstk_json_parse(&v, "[1,]", 4, &why), DNSTK_EINPUT,
	    "json: trailing comma");
	tap_int(dnstk_json_parse(&v, "01", 2, &why), DNSTK_EINPUT,
	    "json: leading zero");
	tap_str(why, "bad number", "json: says bad number");
	tap_int(dnstk_json_parse(&v, "\"a\x01\"", 4, &why), DNSTK_EINPUT,
	    "json: control character in a string");
	tap_int(dnstk_json_parse(&v, "\"\\x\"", 4, &why), DNSTK_EINPUT,
	    "json: bad escape");
	tap_int(dnstk_json_parse(&v, "{\"a\" 1}", 7, &why), DNSTK_EINPUT,
	    "json: missing colon");
	tap_int(dnstk_json_parse(&v, "tru", 3, &why), DNSTK_EINPUT,
	    "json: truncated literal");
	tap_int(dnstk_json_parse(&v, "\"\\ud800\\u0041\"", 14, &why),
	    DNSTK_EINPUT, "json: bad low surrogate");
	tap_int(dnstk_json_parse(&v, "1.", 2, &why), DNSTK_EINPUT,
	    "json: fraction without digits");
	tap_int(dnstk_json_parse(&v, "1e+", 3, &why), DNSTK_EINPUT,
	    "json: exponent without digits");
	tap_ok(v == NULL, "json: nothing allocated on failure");
	tap_int(dnstk_json_parse(&v, "99999999999999999999", 20, &why), 0,
	    "json: a huge integer parses");
	tap_ok(!v->is_integer, "json: but is not an integer");
	dnstk_json_free(v);
	dnstk_json_free(NULL);
}

int
main(void)
{
	test_buf();
	test_num();
	test_json();
	return tap_done();
}
