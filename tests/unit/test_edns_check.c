/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the EDNS checks: option bodies (vector ids from
 * shared/conformance/edns-vectors.md) and whole messages with two
 * OPT records, OPT in the answer section, a non-root owner, options past
 * RDLENGTH, BADVERS and BADCOOKIE.
 */
#include <stdio.h>
#include <string.h>

#include "dns/edns_check.h"
#include "dns/msg.h"
#include "tap.h"
#include "util/buf.h"
#include "util/err.h"

/* The ids of `vs`, comma-separated, into `out`. */
static void
ids(struct dnstk_buf *out, const struct dnstk_violations *vs)
{
	size_t i;

	dnstk_buf_reset(out);
	for (i = 0; i < vs->count; i++) {
		dnstk_buf_addf(out, "%s%s", i > 0 ? "," : "", vs->v[i].id);
	}
}

static const struct {
	const char *id;
	uint16_t code;
	const char *body;
	int response;
	const char *want;
} opts[] = {
	{ "B1", 8, "", 1, "ecs-bad-length" },
	{ "B2", 8, "0000 00 00", 1, "" },
	{ "B3", 8, "0001 00 00", 1, "" },
	{ "B4", 8, "0002 00 00", 0, "" },
	{ "B5", 8, "0000 00 00 00", 1, "ecs-address-too-long" },
	{ "B6", 8, "0001 21 00 00000000", 1, "ecs-prefix-too-long" },
	{ "B7", 8, "0002 81 00 00000000000000000000000000000000 00", 1,
	  "ecs-prefix-too-long" },
	{ "B8", 8, "0001 00 21 00000000", 1,
	  "ecs-prefix-too-long,ecs-address-too-long" },
	{ "B9", 8, "0002 00 81 00000000000000000000000000000000", 1,
	  "ecs-prefix-too-long,ecs-address-too-long" },
	{ "B10", 8, "0000 01 00 00", 1, "ecs-prefix-too-long" },
	{ "B11", 8, "0000 00 01 00", 0,
	  "ecs-prefix-too-long,ecs-scope-in-query,ecs-address-too-long" },
	{ "B12", 8, "0001 20 00 000000", 1, "ecs-address-too-short" },
	{ "B13", 8, "0002 80 00 000000000000000000000000000000", 1,
	  "ecs-address-too-short" },
	{ "D3", 8, "0001 14 00 0102f0", 0, "" },
	{ "D5", 8, "0001 19 00 01020380", 0, "" },
	{ "D6", 8, "0002 38 00 20014b98000000", 1, "" },
	{ "D7", 8, "00ff 18 00 010203", 1, "ecs-bad-family" },
	{ "U4", 8, "0001 15 00 7f0000", 0, "" },
	{ "dnstk-ecs-unmasked", 8, "0001 17 00 c00003", 1,
	  "ecs-address-not-masked" },
	{ "dnstk-ecs-scope-query", 8, "0001 18 18 c00002", 0,
	  "ecs-scope-in-query" },
	{ "dnstk-ecs-scope-response", 8, "0001 18 18 c00002", 1, "" },
	{ "D8", 15, "0003", 1, "" },
	{ "D10", 15, "0001 7465737400", 1, "" },
	{ "dnstk-ede-short", 15, "00", 1, "ede-bad-length" },
	{ "D11", 3, "74657374696e67", 1, "" },
	{ "U1-query", 3, "", 0, "" },
	{ "dnstk-nsid-query-data", 3, "6e7331", 0, "nsid-query-not-empty" },
	{ "D12", 10, "3132333435363738", 0, "" },
	{ "D13", 10, "3132333435363738 6162636465666768", 1, "" },
	{ "D13b-7", 10, "31323334353637", 0, "cookie-bad-length" },
	{ "D13b-9", 10, "313233343536373839", 1, "cookie-bad-length" },
	{ "D13b-41", 10, "3132333435363738 00000000000000000000000000000000"
	  "0000000000000000000000000000000000", 1, "cookie-bad-length" },
	{ "D14", 18, "056167656e74076578616d706c6500", 0, "" },
	{ "B14", 18, "", 0, "report-channel-bad-name" },
	{ "B15", 18, "00", 1, "" },
	{ "B16", 18, "0000", 1, "report-channel-bad-name" },
	{ "B17", 18, "076578616d706c6503636f6d00", 1, "" },
	{ "B18", 18, "076578616d706c6503636f6d", 1, "report-channel-bad-name" },
	{ "B19", 18, "076578616d706c6503636f", 1, "report-channel-bad-name" },
	{ "U3a", 11, "00ff", 1, "" },
	{ "U3b", 11, "", 0, "" },
	{ "U3b-response", 11, "", 1, "keepalive-bad-length" },
	{ "dnstk-keepalive-query-data", 11, "0096", 0, "keepalive-bad-length" },
	{ "dnstk-expire-response", 9, "000004b0", 1, "" },
	{ "dnstk-expire-query", 9, "", 0, "" },
	{ "dnstk-expire-3", 9, "0004b0", 1, "expire-bad-length" },
	{ "dnstk-expire-query-data", 9, "000004b0", 0, "expire-bad-length" },
	{ "dnstk-padding", 12, "000000", 0, "" },
	{ "dnstk-padding-nonzero", 12, "0001", 1, "padding-nonzero" },
	{ "dnstk-chain", 13, "076578616d706c6500", 0, "" },
	{ "dnstk-chain-compressed", 13, "c00c", 1, "chain-bad-name" },
	{ "dnstk-keytag", 14, "4f66", 0, "" },
	{ "dnstk-keytag-empty", 14, "", 0, "keytag-bad-length" },
	{ "dnstk-keytag-odd", 14, "4f6697", 0, "keytag-bad-length" },
	{ "dnstk-zoneversion-query", 19, "", 0, "" },
	{ "dnstk-zoneversion-query-data", 19, "02 00 0000000a", 0,
	  "zoneversion-bad-length" },
	{ "dnstk-zoneversion", 19, "02 00 0000000a", 1, "" },
	{ "dnstk-zoneversion-other", 19, "01 07", 1, "" },
	{ "dnstk-zoneversion-1", 19, "02", 1, "zoneversion-bad-length" },
	{ "dnstk-zoneversion-serial-3", 19, "02 00 000001", 1,
	  "zoneversion-bad-length" },
	{ "dnstk-dau", 5, "080d", 0, "" },
	{ "M1", 4, "7369703a", 1, "" },
};

static void
test_options(void)
{
	struct dnstk_violations vs;
	struct dnstk_buf got;
	uint8_t body[256];
	size_t i, n;
	char name[128];

	dnstk_buf_init(&got);
	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		dnstk_violations_init(&vs);
		n = tap_hex(body, sizeof(body), opts[i].body);
		tap_int(dnstk_edns_check_option(&vs, opts[i].code, body, n,
		    opts[i].response != 0), 0, "check returns 0");
		ids(&got, &vs);
		snprintf(name, sizeof(name), "%s in a %s: [%s]", opts[i].id,
		    opts[i].response ? "response" : "query", opts[i].want);
		tap_str(got.data, opts[i].want, name);
		dnstk_violations_release(&vs);
	}
	dnstk_buf_release(&got);
}

/* Whole messages: hex, then the ids and first detail expected. */
static const struct {
	const char *name;
	const char *hex;
	const char *want;
	const char *detail;
	const char *ref;
	size_t errors;
} msgs[] = {
	{ "two OPT records",
	  "0065 8180 0001 0000 0000 0002 076578616d706c6500 0001 0001"
	  " 00 0029 04d0 0000 8000 0007 0003 0003 6e7331"
	  " 00 0029 0200 0000 0000 0000",
	  "multiple-opt", "2 OPT records", "RFC 6891 \xc2\xa7" "6.1.1", 1 },
	{ "OPT in the answer section",
	  "0066 8180 0001 0001 0000 0000 076578616d706c6500 0001 0001"
	  " 00 0029 04d0 0000 8000 0000",
	  "opt-outside-additional", "OPT record in the ANSWER section",
	  "RFC 6891 \xc2\xa7" "6.1.1", 1 },
	{ "OPT in the authority section and the additional section",
	  "0066 8180 0000 0000 0001 0001"
	  " 00 0029 04d0 0000 8000 0000 00 0029 04d0 0000 8000 0000",
	  "multiple-opt,opt-outside-additional", "2 OPT records", NULL, 2 },
	{ "OPT owned by example. (twisted test_decodeDiscardsName)",
	  "0067 8180 0000 0000 0000 0001"
	  " 076578616d706c6500 0029 04d0 0000 8000 0000",
	  "opt-owner-not-root", "OPT owner is 'example.', not the root",
	  "RFC 6891 \xc2\xa7" "6.1.2", 1 },
	{ "option length past RDLENGTH",
	  "0068 8180 0000 0000 0000 0001"
	  " 00 0029 04d0 0000 8000 000a 0003 0000 000a 000a 0102",
	  "option-overrun", "option 10 claims 10 octets, only 2 left in "
	  "RDLENGTH", "RFC 6891 \xc2\xa7" "6.1.2", 1 },
	{ "option header cut short",
	  "0069 8180 0000 0000 0000 0001 00 0029 04d0 0000 8000 0003 000a00",
	  "option-overrun", "3 octets after the last option, too few for "
	  "an option header", NULL, 1 },
	{ "malformed bodies in the first and second OPT",
	  "006a 8180 0000 0000 0000 0002"
	  " 00 0029 04d0 0000 8000 0006 000a 0002 0102"
	  " 00 0029 04d0 0000 8000 0005 000f 0001 00",
	  "multiple-opt,cookie-bad-length,ede-bad-length", NULL, NULL, 3 },
	{ "BADVERS (T1-style: ext rcode 1) is no violation",
	  "006b 8180 0000 0000 0000 0001 00 0029 04d0 0100 0000 0000",
	  "", NULL, NULL, 0 },
	{ "BADCOOKIE with a server cookie",
	  "006c 8187 0000 0000 0000 0001 00 0029 04d0 0100 0000 0014"
	  " 000a 0010 2464c4abcf10c957 0102030405060708",
	  "", NULL, NULL, 0 },
	{ "BADCOOKIE without a COOKIE",
	  "006d 8187 0000 0000 0000 0001 00 0029 04d0 0100 0000 0000",
	  "badcookie-without-cookie", "BADCOOKIE response without a COOKIE "
	  "option", "RFC 7873 \xc2\xa7" "5.2.3", 1 },
	{ "BADCOOKIE with a client cookie only",
	  "006e 8187 0000 0000 0000 0001 00 0029 04d0 0100 0000 000c"
	  " 000a 0008 2464c4abcf10c957",
	  "badcookie-without-cookie", "BADCOOKIE response with a COOKIE "
	  "option but no server cookie", NULL, 1 },
	{ "a query with ECS scope and NSID data",
	  "006f 0100 0000 0000 0000 0001 00 0029 04d0 0000 8000 0012"
	  " 0008 0007 0001 18 18 c00002 0003 0003 6e7331",
	  "ecs-scope-in-query,nsid-query-not-empty", NULL, NULL, 2 },
	{ "non-zero PADDING is a warning only",
	  "0070 8180 0000 0000 0000 0001 00 0029 04d0 0000 8000 0006"
	  " 000c 0002 00ff",
	  "padding-nonzero", "PADDING octet 1 is 0xff, not 0",
	  "RFC 7830 \xc2\xa7" "3", 0 },
	{ "no OPT at all",
	  "0071 8180 0000 0000 0000 0000", "", NULL, NULL, 0 },
};

static void
test_messages(void)
{
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_violations vs;
	struct dnstk_msg *m;
	struct dnstk_buf got;
	uint8_t wire[512];
	size_t i, n;
	char name[160];

	dnstk_buf_init(&got);
	for (i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++) {
		m = NULL;
		n = tap_hex(wire, sizeof(wire), msgs[i].hex);
		if (!tap_int(dnstk_msg_from_wire(&m, wire, n, &err), 0,
		    msgs[i].name)) {
			printf("#   %s\n", err.msg);
			continue;
		}
		dnstk_violations_init(&vs);
		tap_int(dnstk_edns_check_msg(&vs, m), 0, "check returns 0");
		ids(&got, &vs);
		snprintf(name, sizeof(name), "%s: [%s]", msgs[i].name,
		    msgs[i].want);
		tap_str(got.data, msgs[i].want, name);
		if (msgs[i].detail != NULL && vs.count > 0) {
			tap_str(vs.v[0].detail, msgs[i].detail, "detail");
		}
		if (msgs[i].ref != NULL && vs.count > 0) {
			tap_str(vs.v[0].ref, msgs[i].ref, "reference");
		}
		tap_int((long long)dnstk_violations_errors(&vs),
		    (long long)msgs[i].errors, "MUST-level count");
		dnstk_violations_release(&vs);
		dnstk_msg_free(m);
	}
	dnstk_buf_release(&got);
}

static void
test_list(void)
{
	struct dnstk_violations vs;
	uint8_t zero = 1;
	size_t i;

	/* Growth past the first allocation keeps every entry. */
	dnstk_violations_init(&vs);
	for (i = 0; i < 20; i++) {
		dnstk_edns_check_option(&vs, 12, &zero, 1, true);
	}
	tap_int((long long)vs.count, 20, "20 violations kept");
	tap_ok(vs.v[19].level == DNSTK_VIOLATION_SHOULD &&
	    strcmp(vs.v[19].id, "padding-nonzero") == 0, "the last is intact");
	tap_int((long long)dnstk_violations_errors(&vs), 0,
	    "warnings are not errors");
	dnstk_violations_release(&vs);
	tap_ok(vs.v == NULL && vs.count == 0, "release re-inits");
	dnstk_violations_release(&vs);
	tap_ok(vs.count == 0, "release twice is fine");
}

int
main(void)
{
	test_options();
	test_messages();
	test_list();
	return tap_done();
}
