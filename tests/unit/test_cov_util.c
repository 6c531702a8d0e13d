/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Coverage tests for lib/util: the JSON reader's escapes and refusals
 * (UTF-8 of every length, truncated and bad \u escapes, unterminated
 * strings, the nesting limit), the JSON writer's UTF-8 check and misuse
 * errors, and durations.  Expected bytes are written out by hand from
 * RFC 8259 and RFC 3629.
 */
#include <string.h>

#include "tap.h"
#include "util/buf.h"
#include "util/duration.h"
#include "util/err.h"
#include "util/json.h"
#include "util/jsonw.h"

/* Parse `doc`; 0 or the error code, *why the reason. */
static int
parse(struct dnstk_json **v, const char *doc, const char **why)
{
	*v = NULL;
	*why = NULL;
	return dnstk_json_parse(v, doc, strlen(doc), why);
}

static void
test_json_strings(void)
{
	struct dnstk_json *v;
	const char *why;

	tap_int(parse(&v, "\"\\u0100\\u07ff\\u0800\\u20ac\\uffff\"", &why), 0,
	    "json: \\u escapes of two and three UTF-8 bytes");
	if (v != NULL) {
		tap_mem(v->str, v->len, "\xc4\x80\xdf\xbf\xe0\xa0\x80"
		    "\xe2\x82\xac\xef\xbf\xbf", 13,
		    "json: U+0100 U+07FF U+0800 U+20AC U+FFFF in UTF-8");
	}
	dnstk_json_free(v);
	tap_int(parse(&v, "\"\\b\\f\\n\\r\\t\\/\\\\\\\"\"", &why), 0,
	    "json: the short escapes");
	if (v != NULL) {
		tap_mem(v->str, v->len, "\b\f\n\r\t/\\\"", 8,
		    "json: each short escape is its byte");
	}
	dnstk_json_free(v);
	tap_int(parse(&v, "\"\\u12\"", &why), DNSTK_EINPUT,
	    "json: \\u with two digits");
	tap_str(why, "truncated \\u escape", "json: truncated escape named");
	tap_int(parse(&v, "\"\\u12g4\"", &why), DNSTK_EINPUT,
	    "json: \\u with a non-hex digit");
	tap_str(why, "bad \\u escape", "json: bad escape named");
	tap_int(parse(&v, "\"abc", &why), DNSTK_EINPUT,
	    "json: no closing quote");
	tap_str(why, "unterminated string", "json: unterminated named");
	tap_int(parse(&v, "\"abc\\", &why), DNSTK_EINPUT,
	    "json: a backslash at the very end");
	tap_str(why, "unterminated string",
	    "json: unterminated after a backslash");
	tap_ok(v == NULL, "json: *out stays NULL on failure");
}

static void
test_json_structure(void)
{
	struct dnstk_json *v;
	const char *why, *dup = NULL;
	char deep[80];
	int i;

	for (i = 0; i < 32; i++) {
		deep[i] = '[';
		deep[32 + i] = ']';
	}
	deep[64] = '\0';
	tap_int(parse(&v, deep, &why), 0, "json: 32 levels of nesting");
	dnstk_json_free(v);
	for (i = 0; i < 33; i++) {
		deep[i] = '[';
		deep[33 + i] = ']';
	}
	deep[66] = '\0';
	tap_int(parse(&v, deep, &why), DNSTK_EINPUT,
	    "json: 33 levels are refused");
	tap_int(parse(&v, "-", &why), DNSTK_EINPUT, "json: a lone minus");
	tap_int(parse(&v, "{\"a\":1,\"b\":2,\"a\":3}", &why), 0,
	    "json: duplicate members parse");
	tap_int(dnstk_json_dup_key(v, &dup), 0, "json: dup_key runs");
	tap_str(dup, "a", "json: the duplicated name");
	dnstk_json_free(v);
	tap_int(parse(&v, "{\"b\":1,\"a\":2}", &why), 0, "json: distinct");
	dup = "x";
	dnstk_json_dup_key(v, &dup);
	tap_ok(dup == NULL, "json: no duplicate, NULL");
	dnstk_json_free(v);
	tap_int(parse(&v, "[1,2]", &why), 0, "json: an array");
	dup = "x";
	dnstk_json_dup_key(v, &dup);
	tap_ok(dup == NULL, "json: dup_key of a non-object is NULL");
	dnstk_json_free(v);
	dnstk_json_free(NULL);
}

static void
test_jsonw(void)
{
	struct dnstk_buf b;
	struct dnstk_jsonw w;

	dnstk_buf_init(&b);
	dnstk_jsonw_init(&w, &b);
	dnstk_jsonw_array(&w);
	dnstk_jsonw_text(&w, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	dnstk_jsonw_text(&w, "tab\there \"q\" \x7f");
	dnstk_jsonw_text(&w, "\xe0\x80\x80");	/* overlong U+0000 */
	dnstk_jsonw_text(&w, "\xed\xa0\x80");	/* a surrogate */
	dnstk_jsonw_text(&w, "\xf4\x90\x80\x80");	/* past U+10FFFF */
	dnstk_jsonw_text(&w, "\xf0\x9f\x98");	/* cut short */
	dnstk_jsonw_text(&w, "\xc3(");		/* bad continuation */
	dnstk_jsonw_text(&w, "\xff");		/* never a lead byte */
	dnstk_jsonw_text(&w, NULL);
	dnstk_jsonw_end(&w);
	tap_int(dnstk_jsonw_finish(&w), 0, "jsonw: text values");
	tap_str(b.data, "[\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\","
	    "\"tab\\u0009here \\\"q\\\" \\u007f\","
	    "\"\\u00e0\\u0080\\u0080\",\"\\u00ed\\u00a0\\u0080\","
	    "\"\\u00f4\\u0090\\u0080\\u0080\",\"\\u00f0\\u009f\\u0098\","
	    "\"\\u00c3(\",\"\\u00ff\",null]",
	    "jsonw: valid UTF-8 kept, anything else written as bytes");

	/* close_line closes every open level and ends the line. */
	dnstk_buf_reset(&b);
	dnstk_jsonw_init(&w, &b);
	dnstk_jsonw_object(&w);
	dnstk_jsonw_key(&w, "a");
	dnstk_jsonw_array(&w);
	dnstk_jsonw_int(&w, 1);
	tap_int(dnstk_jsonw_close_line(&w), 0, "jsonw: close_line");
	tap_str(b.data, "{\"a\":[1]}\n",
	    "jsonw: close_line closes the array and the object, then ends "
	    "the line");
	dnstk_buf_reset(&b);
	dnstk_buf_adds(&b, "keep");
	dnstk_jsonw_init(&w, &b);
	dnstk_jsonw_object(&w);
	dnstk_jsonw_key(&w, "a");
	tap_int(dnstk_jsonw_close_line(&w), DNSTK_EINPUT,
	    "jsonw: close_line refuses a key without its value");
	tap_str(b.data, "keep", "jsonw: close_line cuts the output back");

	/* Misuse: each is refused and the output cut back. */
	dnstk_buf_reset(&b);
	dnstk_buf_adds(&b, "keep");
	dnstk_jsonw_init(&w, &b);
	dnstk_jsonw_end(&w);
	tap_int(dnstk_jsonw_finish(&w), DNSTK_EINPUT,
	    "jsonw: an end without an open value");
	tap_str(b.data, "keep", "jsonw: the output is cut back");
	dnstk_jsonw_init(&w, &b);
	dnstk_jsonw_object(&w);
	dnstk_jsonw_key(&w, "a");
	dnstk_jsonw_end(&w);
	tap_int(dnstk_jsonw_finish(&w), DNSTK_EINPUT,
	    "jsonw: a key without its value");
	dnstk_jsonw_init(&w, &b);
	dnstk_jsonw_array(&w);
	dnstk_jsonw_key(&w, "a");
	tap_int(dnstk_jsonw_finish(&w), DNSTK_EINPUT,
	    "jsonw: a key inside an array");
	dnstk_jsonw_init(&w, &b);
	dnstk_jsonw_object(&w);
	dnstk_jsonw_int(&w, 1);
	tap_int(dnstk_jsonw_finish(&w), DNSTK_EINPUT,
	    "jsonw: a member value without a key");
	dnstk_jsonw_init(&w, &b);
	dnstk_jsonw_array(&w);
	dnstk_jsonw_newline(&w);
	tap_int(dnstk_jsonw_finish(&w), DNSTK_EINPUT,
	    "jsonw: a newline inside an array");
	dnstk_jsonw_init(&w, &b);
	for (int i = 0; i < DNSTK_JSONW_DEPTH + 1; i++) {
		dnstk_jsonw_array(&w);
	}
	tap_int(dnstk_jsonw_finish(&w), DNSTK_EINPUT,
	    "jsonw: nesting past the limit");
	tap_str(b.data, "keep", "jsonw: still cut back");
	dnstk_jsonw_init(&w, &b);
	dnstk_jsonw_array(&w);
	tap_ok(dnstk_jsonw_value(&w) != NULL, "jsonw: value gives the buffer");
	dnstk_jsonw_status(&w, DNSTK_ENOMEM);
	tap_ok(dnstk_jsonw_value(&w) == NULL, "jsonw: value after an error");
	tap_int(dnstk_jsonw_finish(&w), DNSTK_ENOMEM,
	    "jsonw: the producer's error is kept");
	dnstk_buf_release(&b);
}

static void
test_duration(void)
{
	int ms = 7;
	const char *why = NULL;

	tap_int(dnstk_parse_ms(&ms, "1.5", 10000, &why), 0, "ms: 1.5");
	tap_int(ms, 1500, "ms: 1500");
	tap_int(dnstk_parse_ms(&ms, ".25", 10000, &why), 0, "ms: .25");
	tap_int(ms, 250, "ms: 250");
	tap_int(dnstk_parse_ms(&ms, "12345678901234567", 10000, &why),
	    DNSTK_EINPUT, "ms: a 17-digit number");
	tap_str(why, "not a number", "ms: too many digits");
	tap_int(dnstk_parse_ms(&ms, "", 10000, &why), DNSTK_EINPUT,
	    "ms: empty");
	tap_int(dnstk_parse_ms(&ms, "1.", 10000, &why), DNSTK_EINPUT,
	    "ms: a dot without decimals");
	tap_str(why, "not a number", "ms: says not a number");
	tap_int(dnstk_parse_ms(&ms, "0.0001", 10000, &why), DNSTK_EINPUT,
	    "ms: four decimals");
	tap_int(dnstk_parse_ms(&ms, "0", 10000, &why), DNSTK_EINPUT,
	    "ms: zero");
	tap_str(why, "too small", "ms: zero is too small");
	tap_int(dnstk_parse_ms(&ms, "11", 10000, &why), DNSTK_EINPUT,
	    "ms: past the maximum");
	tap_int(dnstk_parse_ms(&ms, "10.001", 10000, &why), DNSTK_EINPUT,
	    "ms: a millisecond past the maximum");
	tap_int(ms, 250, "ms: untouched after errors");
	tap_int(dnstk_duration_parse_ms(&ms, "3600", &why), 0,
	    "timeout: an hour");
	tap_int(dnstk_duration_parse_ms(&ms, "3600.001", &why), DNSTK_EINPUT,
	    "timeout: past an hour");
}

int
main(void)
{
	test_json_strings();
	test_json_structure();
	test_jsonw();
	test_duration();
	return tap_done();
}
