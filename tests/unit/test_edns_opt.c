/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the EDNS option codecs: every vector of
 * shared/conformance/edns-vectors.md (ids in the test names) and our
 * own for the codes it lacks, decoded to text and JSON, and the text
 * encoded back to the same bytes; malformed bodies included.
 */
#include <stdio.h>
#include <string.h>

#include "dns/edns_opt.h"
#include "tap.h"
#include "util/err.h"
#include "util/json.h"

struct vec {
	const char *id;
	uint16_t code;
	const char *body;	/* hex, blanks allowed */
	const char *text;	/* what dnstk_edns_option_to_text gives */
	const char *members;	/* JSON members after "data", or NULL */
};

#define Z16 "00000000000000000000000000000000"

static const struct vec vecs[] = {
	/* CLIENT-SUBNET (8), dnspython, Unbound, BIND */
	{ "D3", 8, "0001 14 00 0102f0", "CLIENT-SUBNET: 1.2.240.0/20/0",
	  ",\"family\":1,\"sourcePrefix\":20,\"scopePrefix\":0,"
	  "\"address\":\"1.2.240.0\"" },
	{ "D4", 8, "0001 18 00 010203", "CLIENT-SUBNET: 1.2.3.0/24/0", NULL },
	{ "D5", 8, "0001 19 00 01020380", "CLIENT-SUBNET: 1.2.3.128/25/0",
	  NULL },
	{ "D6", 8, "0002 38 00 20014b98000000",
	  "CLIENT-SUBNET: 2001:4b98::/56/0",
	  ",\"family\":2,\"sourcePrefix\":56,\"scopePrefix\":0,"
	  "\"address\":\"2001:4b98::\"" },
	{ "D7", 8, "00ff 18 00 010203", "OPT=8: 00ff1800010203",
	  ",\"malformed\":true" },
	{ "U4", 8, "0001 15 00 7f0000", "CLIENT-SUBNET: 127.0.0.0/21/0", NULL },
	{ "B1", 8, "", "OPT=8:", ",\"malformed\":true" },
	{ "B2", 8, "0000 00 00", "OPT=8: 00000000", NULL },
	{ "B3", 8, "0001 00 00", "CLIENT-SUBNET: 0.0.0.0/0/0", NULL },
	{ "B4", 8, "0002 00 00", "CLIENT-SUBNET: ::/0/0", NULL },
	{ "B5", 8, "0000 00 00 00", "OPT=8: 0000000000", NULL },
	{ "B6", 8, "0001 21 00 00000000", "OPT=8: 0001210000000000", NULL },
	{ "B7", 8, "0002 81 00" Z16 "00", "OPT=8: 00028100" Z16 "00", NULL },
	{ "B8", 8, "0001 00 21 00000000", "OPT=8: 0001002100000000", NULL },
	{ "B9", 8, "0002 00 81" Z16, "OPT=8: 00020081" Z16, NULL },
	{ "B10", 8, "0000 01 00 00", "OPT=8: 0000010000", NULL },
	{ "B11", 8, "0000 00 01 00", "OPT=8: 0000000100", NULL },
	{ "B12", 8, "0001 20 00 000000", "OPT=8: 00012000000000", NULL },
	{ "B13", 8, "0002 80 00" "000000000000000000000000000000",
	  "OPT=8: 00028000000000000000000000000000000000", NULL },
	{ "dnstk-ecs-unmasked", 8, "0001 17 00 c00003",
	  "OPT=8: 00011700c00003", NULL },
	/* EDE (15), dnspython */
	{ "D8", 15, "0003", "EDE: 3 (Stale Answer)",
	  ",\"infoCode\":3,\"infoName\":\"Stale Answer\"" },
	{ "D9", 15, "0010 74657374", "EDE: 16 (Censored): (test)",
	  ",\"infoCode\":16,\"infoName\":\"Censored\",\"extraText\":\"test\"" },
	{ "D10", 15, "0001 7465737400",
	  "EDE: 1 (Unsupported DNSKEY Algorithm): (test\\000)",
	  ",\"infoCode\":1,\"infoName\":\"Unsupported DNSKEY Algorithm\","
	  "\"extraText\":\"test\\u0000\"" },
	{ "dnstk-ede-unknown-utf8", 15, "03e7 c3a9 29 5c 28",
	  "EDE: 999: (\\195\\169)\\\\()",
	  ",\"infoCode\":999,\"extraText\":\"\xc3\xa9)\\\\(\"" },
	{ "dnstk-ede-short", 15, "00", "OPT=15: 00", ",\"malformed\":true" },
	/* NSID (3) */
	{ "D11a", 3, "74657374696e67", "NSID: 74657374696e67 (\"testing\")",
	  ",\"text\":\"testing\"" },
	{ "D11b", 3, "feff", "NSID: feff", "" },
	{ "U1a", 3, "", "NSID:", "" },
	{ "U1b", 3, "0123456789abcdef", "NSID: 0123456789abcdef", "" },
	{ "U2", 3, "686f707361206b69646565",
	  "NSID: 686f707361206b69646565 (\"hopsa kidee\")", NULL },
	{ "dnstk-nsid-quote", 3, "61 22 62", "NSID: 612262",
	  ",\"text\":\"a\\\"b\"" },
	/* COOKIE (10) */
	{ "D12", 10, "3132333435363738", "COOKIE: 3132333435363738",
	  ",\"client\":\"3132333435363738\"" },
	{ "D13", 10, "3132333435363738 6162636465666768",
	  "COOKIE: 31323334353637386162636465666768",
	  ",\"client\":\"3132333435363738\",\"server\":\"6162636465666768\"" },
	{ "D13b-40", 10, "3132333435363738" Z16 Z16,
	  "COOKIE: 3132333435363738" Z16 Z16, NULL },
	{ "D13b-7", 10, "31323334353637",
	  "OPT=10: 31323334353637 (\"1234567\")",
	  ",\"malformed\":true" },
	{ "D13b-9", 10, "313233343536373839",
	  "OPT=10: 313233343536373839 (\"123456789\")", NULL },
	{ "D13b-15", 10, "3132333435363738 61626364656667",
	  "OPT=10: 313233343536373861626364656667 (\"12345678abcdefg\")",
	  NULL },
	{ "D13b-41", 10, "3132333435363738" Z16 Z16 "00",
	  "OPT=10: 3132333435363738" Z16 Z16 "00", NULL },
	{ "C2", 10, "2464c4abcf10c957 010000005cf7a871d4a564a1442aca77",
	  "COOKIE: 2464c4abcf10c957010000005cf7a871d4a564a1442aca77",
	  ",\"client\":\"2464c4abcf10c957\","
	  "\"server\":\"010000005cf7a871d4a564a1442aca77\"" },
	/* REPORT-CHANNEL (18) */
	{ "D14", 18, "056167656e74076578616d706c6500",
	  "REPORT-CHANNEL: agent.example.",
	  ",\"agentDomain\":\"agent.example.\"" },
	{ "B14", 18, "", "OPT=18:", ",\"malformed\":true" },
	{ "B15", 18, "00", "REPORT-CHANNEL: .", NULL },
	{ "B16", 18, "0000", "OPT=18: 0000", NULL },
	{ "B17", 18, "076578616d706c6503636f6d00",
	  "REPORT-CHANNEL: example.com.", NULL },
	{ "B18", 18, "076578616d706c6503636f6d",
	  "OPT=18: 076578616d706c6503636f6d", NULL },
	{ "B19", 18, "076578616d706c6503636f",
	  "OPT=18: 076578616d706c6503636f", NULL },
	/* TCP-KEEPALIVE (11), Unbound */
	{ "U3a", 11, "00ff", "TCP-KEEPALIVE: 25.5 secs", ",\"timeout\":255" },
	{ "U3b", 11, "", "TCP-KEEPALIVE:", "" },
	{ "U3c", 11, "012c", "TCP-KEEPALIVE: 30.0 secs", NULL },
	{ "dnstk-keepalive-3", 11, "012c00", "OPT=11: 012c00", NULL },
	/* Unregistered and opaque codes */
	{ "U5a", 65001, "6162632064", "OPT=65001: 6162632064 (\"abc d\")", "" },
	{ "U5b", 65001, "31323341624321",
	  "OPT=65001: 31323341624321 (\"123AbC!\")", NULL },
	{ "M1", 4, "7369703a2b31323334353637383940746573742e636f6d3b75736572"
	  "3d63677261746573", "OPT=4: 7369703a2b31323334353637383940746573742e"
	  "636f6d3b757365723d63677261746573 "
	  "(\"sip:+123456789@test.com;user=cgrates\")", NULL },
	{ "T2-LLQ", 1, "666f6f62617262617a", "LLQ: 666f6f62617262617a "
	  "(\"foobarbaz\")", "" },
	{ "T2-UL", 2, "717578", "UL: 717578 (\"qux\")", NULL },
	{ "T6", 1, "666f6f626172", "LLQ: 666f6f626172 (\"foobar\")", NULL },
	/* Codes without a third-party vector: our own */
	{ "dnstk-dau", 5, "080d0f", "DAU: RSASHA256 ECDSAP256SHA256 ED25519",
	  ",\"algorithms\":[8,13,15],\"mnemonics\":[\"RSASHA256\","
	  "\"ECDSAP256SHA256\",\"ED25519\"]" },
	{ "dnstk-dau-unknown", 5, "c8", "DAU: 200",
	  ",\"algorithms\":[200],\"mnemonics\":[\"200\"]" },
	{ "dnstk-dhu", 6, "0102", "DHU: SHA-1 SHA-256", NULL },
	{ "dnstk-n3u", 7, "01", "N3U: SHA-1", NULL },
	{ "dnstk-expire", 9, "000004b0", "EXPIRE: 1200", ",\"expire\":1200" },
	{ "dnstk-expire-query", 9, "", "EXPIRE:", "" },
	{ "dnstk-expire-3", 9, "0004b0", "OPT=9: 0004b0",
	  ",\"malformed\":true" },
	{ "dnstk-padding", 12, "00000000", "PADDING: (4 bytes)",
	  ",\"length\":4" },
	{ "dnstk-padding-empty", 12, "", "PADDING: (0 bytes)", NULL },
	{ "dnstk-padding-nonzero", 12, "0000ff00", "OPT=12: 0000ff00",
	  ",\"length\":4" },
	{ "dnstk-chain", 13, "076578616d706c6500", "CHAIN: example.",
	  ",\"closestTrustPoint\":\"example.\"" },
	{ "dnstk-chain-escapes", 13, "03612e62 00", "CHAIN: a\\.b.", NULL },
	{ "dnstk-chain-compressed", 13, "c00c", "OPT=13: c00c", NULL },
	{ "dnstk-keytag", 14, "4f66 9728", "KEY-TAG: 20326 38696",
	  ",\"keyTags\":[20326,38696]" },
	{ "dnstk-keytag-odd", 14, "4f6697", "OPT=14: 4f6697", NULL },
	{ "dnstk-zoneversion", 19, "02 00 0000000a",
	  "ZONEVERSION: 2 SOA-SERIAL 10",
	  ",\"labelCount\":2,\"versionType\":0,\"versionTypeName\":"
	  "\"SOA-SERIAL\",\"serial\":10,\"version\":\"0000000a\"" },
	{ "dnstk-zoneversion-other", 19, "01 07 abcd", "ZONEVERSION: 1 7 abcd",
	  ",\"labelCount\":1,\"versionType\":7,\"version\":\"abcd\"" },
	{ "dnstk-zoneversion-empty-version", 19, "01 07", "ZONEVERSION: 1 7",
	  NULL },
	{ "dnstk-zoneversion-query", 19, "", "ZONEVERSION:", "" },
	{ "dnstk-zoneversion-serial-3", 19, "02 00 000001",
	  "OPT=19: 0200000001", NULL },
	{ "dnstk-zoneversion-1", 19, "02", "OPT=19: 02", NULL },
};

static void
test_vector(const struct vec *v)
{
	struct dnstk_buf b, w, want;
	struct dnstk_json *j = NULL;
	const struct dnstk_optcodec *c = dnstk_optcodec_find(v->code);
	uint8_t body[512], hdr[4];
	size_t n = tap_hex(body, sizeof(body), v->body);
	const char *why = NULL;
	char name[128];
	int r;

	dnstk_buf_init(&b);
	dnstk_buf_init(&w);
	dnstk_buf_init(&want);
	snprintf(name, sizeof(name), "%s: to text", v->id);
	r = dnstk_edns_option_to_text(&b, v->code, body, n);
	tap_ok(r == 0, "%s returns 0", name);
	tap_str(b.data, v->text, name);

	/* text -> wire gives the option back, byte for byte */
	hdr[0] = (uint8_t)(v->code >> 8);
	hdr[1] = (uint8_t)v->code;
	hdr[2] = (uint8_t)(n >> 8);
	hdr[3] = (uint8_t)n;
	dnstk_buf_add(&want, hdr, 4);
	dnstk_buf_add(&want, body, n);
	r = dnstk_edns_option_from_text(&w, b.data, &why);
	snprintf(name, sizeof(name), "%s: text -> wire is byte-identical",
	    v->id);
	if (!tap_mem(w.data, w.len, want.data, want.len, name)) {
		printf("#   rc %d, why %s\n", r, r != 0 ? why : "");
	}

	/* JSON parses, carries the hex and the decoded members */
	dnstk_buf_reset(&b);
	r = dnstk_edns_option_to_json(&b, v->code, body, n);
	snprintf(name, sizeof(name), "%s: JSON parses", v->id);
	tap_ok(r == 0 && dnstk_json_parse(&j, b.data, b.len, &why) == 0,
	    "%s", name);
	if (v->members != NULL) {
		dnstk_buf_reset(&want);
		dnstk_buf_addf(&want, "{\"code\":%u", v->code);
		if (c != NULL) {
			dnstk_buf_addf(&want, ",\"name\":\"%s\"", c->name);
		}
		dnstk_buf_adds(&want, ",\"data\":\"");
		dnstk_buf_addhex(&want, body, n);
		dnstk_buf_addf(&want, "\"%s}", v->members);
		snprintf(name, sizeof(name), "%s: JSON members", v->id);
		tap_str(b.data, want.data, name);
	}
	dnstk_json_free(j);
	dnstk_buf_release(&b);
	dnstk_buf_release(&w);
	dnstk_buf_release(&want);
}

/* dig's spellings and other accepted inputs: line -> option bytes. */
static const struct {
	const char *line;
	const char *hex;
} reads[] = {
	{ "NSID: 6e 73 31 (\"ns1\")", "00030003 6e7331" },
	{ "nsid:", "00030000" },
	{ "COOKIE: 2464c4abcf10c957 (good)", "000a0008 2464c4abcf10c957" },
	{ "EXPIRE: 1200 (20 minutes)", "00090004 000004b0" },
	{ "PADDING: 00 00 00", "000c0003 000000" },
	{ "PADDING: (1 byte)", "000c0001 00" },
	{ "TCP-KEEPALIVE: 15 secs", "000b0002 0096" },
	{ "TCP-KEEPALIVE: 0.5", "000b0002 0005" },
	{ "EDE: 18: extra", "000f0007 0012 6578747261" },
	{ "EDE: 18 (Prohibited): (a (b))", "000f0007 0012 6120286229" },
	{ "EDE: 0 (Other): ()", "000f0002 0000" },
	{ "EDE: 0: (\\0007\\\\)", "000f0005 0000 00 37 5c" },
	{ "CLIENT-SUBNET: 192.0.2.77/24", "00080007 0001 18 00 c00002" },
	{ "CLIENT-SUBNET: 1.2.255.33/20/0", "00080007 0001 14 00 0102f0" },
	{ "CLIENT-SUBNET: 2001:db8::1/0", "00080004 0002 00 00" },
	{ "DAU: 8, ecdsap256sha256", "00050002 080d" },
	{ "KEY-TAG: 1,2", "000e0004 0001 0002" },
	{ "ZONEVERSION: 2 0 7", "00130006 0200 00000007" },
	{ "OPT=65535: 00", "ffff0001 00" },
	{ "OPT=9:", "00090000" },
	{ "CHAIN: EXAMPLE.com.", "000d000d 074558414d504c4503636f6d00" },
};

/* Lines that must be refused, leaving the buffer as it was. */
static const char *const bad_reads[] = {
	"COOKIE: 0102", "COOKIE: zz", "CLIENT-SUBNET: 192.0.2.0/33",
	"CLIENT-SUBNET: 192.0.2.0", "CLIENT-SUBNET: 2001:db8::/129",
	"CLIENT-SUBNET: banana/8", "CLIENT-SUBNET: 10.0.0.0/8/33",
	"EDE: x", "EDE: 70000", "EDE: 1 (Other", "EDE: 1 junk",
	"EDE: 1: (\\9)", "EDE: 1: (\\256)", "EDE: 1: (a\\)",
	"CHAIN: example", "CHAIN:", "REPORT-CHANNEL: a..b.",
	"KEY-TAG: 70000", "KEY-TAG: 1x", "ZONEVERSION: 2 SOA-SERIAL",
	"ZONEVERSION: 256 0 1", "ZONEVERSION: 2 0 1 2",
	"ZONEVERSION: 2 7 zz", "TCP-KEEPALIVE: fast",
	"TCP-KEEPALIVE: 6553.6 secs", "TCP-KEEPALIVE: 1.5 mins",
	"DAU: NOSUCHALG", "DAU: 256", "PADDING: (3 parsecs)",
	"PADDING: (3 bytes) x", "EXPIRE: 4294967296", "EXPIRE: soon",
	"NOSUCH: 00", "OPT=65536: 00", "OPT=x: 00", "no colon", ": 00",
	"NSID: 6e7", "NSID: 6e73 31 x",
};

static void
test_reads(void)
{
	struct dnstk_buf b;
	uint8_t want[256];
	const char *why;
	size_t i, n;
	char name[160];
	int r;

	dnstk_buf_init(&b);
	for (i = 0; i < sizeof(reads) / sizeof(reads[0]); i++) {
		dnstk_buf_reset(&b);
		why = NULL;
		n = tap_hex(want, sizeof(want), reads[i].hex);
		r = dnstk_edns_option_from_text(&b, reads[i].line, &why);
		snprintf(name, sizeof(name), "reads '%s'", reads[i].line);
		if (!tap_mem(b.data, b.len, want, n, name)) {
			printf("#   rc %d, why %s\n", r, r != 0 ? why : "");
		}
	}
	for (i = 0; i < sizeof(bad_reads) / sizeof(bad_reads[0]); i++) {
		dnstk_buf_reset(&b);
		dnstk_buf_adds(&b, "keep");
		why = NULL;
		r = dnstk_edns_option_from_text(&b, bad_reads[i], &why);
		tap_ok(r == DNSTK_EINPUT && why != NULL && b.len == 4 &&
		    strcmp(b.data, "keep") == 0, "refuses '%s' (%s)",
		    bad_reads[i], why != NULL ? why : "no reason");
	}
	dnstk_buf_release(&b);
}

static void
encode_ok(int r, const struct dnstk_buf *b, const char *hex,
    const char *name)
{
	uint8_t want[256];
	size_t n = tap_hex(want, sizeof(want), hex);

	tap_int(r, 0, name);
	tap_mem(b->data, b->len, want, n, name);
}

static void
test_encode(void)
{
	struct dnstk_buf b;
	const char *why;
	int r;

	dnstk_buf_init(&b);
	r = dnstk_edns_opt_encode(&b, 8, "1.2.255.33/20", &why);
	encode_ok(r, &b, "00080007 0001 14 00 0102f0",
	    "D3: encode ECS from the un-masked input 1.2.255.33/20");
	dnstk_buf_reset(&b);
	r = dnstk_edns_opt_encode(&b, 8, "2001:4b98::1/56", &why);
	encode_ok(r, &b, "0008000b 0002 38 00 20014b98000000",
	    "D6: encode ECS 2001:4b98::1/56");
	dnstk_buf_reset(&b);
	r = dnstk_edns_opt_encode(&b, 10, "3132333435363738", &why);
	encode_ok(r, &b, "000a0008 3132333435363738", "D12: encode COOKIE");
	dnstk_buf_reset(&b);
	r = dnstk_edns_opt_encode(&b, 12, "(8 bytes)", &why);
	encode_ok(r, &b, "000c0008 0000000000000000", "encode PADDING");
	dnstk_buf_reset(&b);
	r = dnstk_edns_opt_encode(&b, 3, NULL, &why);
	encode_ok(r, &b, "00030000", "U1: encode an empty NSID from NULL");
	dnstk_buf_reset(&b);
	r = dnstk_edns_opt_encode(&b, 65001, "6162632064", &why);
	encode_ok(r, &b, "fde90005 6162632064", "U5: encode code 65001 hex");
	dnstk_buf_reset(&b);
	dnstk_buf_adds(&b, "x");
	r = dnstk_edns_opt_encode(&b, 10, "0102", &why);
	tap_ok(r == DNSTK_EINPUT && b.len == 1, "encode refuses a 2-octet "
	    "cookie and leaves the buffer (%s)", why);
	r = dnstk_edns_opt_encode(&b, 65001, "zz", &why);
	tap_ok(r == DNSTK_EINPUT && b.len == 1, "encode refuses bad hex");
	r = dnstk_edns_opt_encode(&b, 65001, "00 (\"x\")", &why);
	tap_ok(r == DNSTK_EINPUT && b.len == 1,
	    "encode refuses text after hex");

	dnstk_buf_reset(&b);
	r = dnstk_edns_opt_parse_spec(&b, "nsid", &why);
	encode_ok(r, &b, "00030000", "spec 'nsid'");
	dnstk_buf_reset(&b);
	r = dnstk_edns_opt_parse_spec(&b, "NSID:6e7331", &why);
	encode_ok(r, &b, "00030003 6e7331", "spec 'NSID:6e7331'");
	dnstk_buf_reset(&b);
	r = dnstk_edns_opt_parse_spec(&b, "10:0102", &why);
	encode_ok(r, &b, "000a0002 0102",
	    "spec '10:0102' takes raw hex, as dig does");
	dnstk_buf_reset(&b);
	r = dnstk_edns_opt_parse_spec(&b, "client-subnet:192.0.2.1/24", &why);
	encode_ok(r, &b, "00080007 0001 18 00 c00002",
	    "spec 'client-subnet:192.0.2.1/24'");
	dnstk_buf_reset(&b);
	r = dnstk_edns_opt_parse_spec(&b, "65001", &why);
	encode_ok(r, &b, "fde90000", "spec '65001'");
	dnstk_buf_reset(&b);
	r = dnstk_edns_opt_parse_spec(&b, "ede:18 (Prohibited): (x)", &why);
	encode_ok(r, &b, "000f0003 0012 78", "spec 'ede:18 (Prohibited): (x)'");
	r = dnstk_edns_opt_parse_spec(&b, "bogus", &why);
	tap_ok(r == DNSTK_EINPUT && b.len == 7, "spec 'bogus' refused (%s)",
	    why);
	r = dnstk_edns_opt_parse_spec(&b, "", &why);
	tap_ok(r == DNSTK_EINPUT && b.len == 7, "spec '' refused");
	r = dnstk_edns_opt_parse_spec(&b, "70000:00", &why);
	tap_ok(r == DNSTK_EINPUT && b.len == 7, "spec '70000:00' refused");
	r = dnstk_edns_opt_parse_spec(&b, "8:0g", &why);
	tap_ok(r == DNSTK_EINPUT && b.len == 7, "spec '8:0g' refused");
	dnstk_buf_release(&b);
}

static void
test_names(void)
{
	struct dnstk_buf b;
	const struct dnstk_optcodec *c;

	tap_str(dnstk_ede_name(18), "Prohibited", "EDE 18 is Prohibited");
	tap_str(dnstk_ede_name(0), "Other", "EDE 0 is Other");
	tap_str(dnstk_ede_name(30), "Invalid Query Type",
	    "EDE 30 is Invalid Query Type");
	tap_ok(dnstk_ede_name(999) == NULL, "EDE 999 has no name");
	c = dnstk_optcodec_by_name("client-subnet");
	tap_ok(c != NULL && c->code == 8, "client-subnet is code 8");
	c = dnstk_optcodec_find(19);
	tap_ok(c != NULL && strcmp(c->name, "ZONEVERSION") == 0,
	    "code 19 is ZONEVERSION");
	tap_ok(dnstk_optcodec_find(4) == NULL, "code 4 has no codec");

	dnstk_buf_init(&b);
	dnstk_edns_json_text(&b, "\xc3\xa9\"\x01", 4);
	tap_str(b.data, "\"\xc3\xa9\\\"\\u0001\"", "JSON text keeps UTF-8");
	dnstk_buf_reset(&b);
	dnstk_edns_json_text(&b, "a\xff", 2);
	tap_str(b.data, "\"a\\u00ff\"", "JSON text escapes non-UTF-8 bytes");
	dnstk_buf_reset(&b);
	dnstk_edns_json_text(&b, "\xed\xa0\x80", 3);
	tap_str(b.data, "\"\\u00ed\\u00a0\\u0080\"",
	    "JSON text refuses UTF-8 surrogates");
	dnstk_buf_release(&b);

	tap_int(dnstk_edns_wire_name_check((const uint8_t *)"\0", 1), 0,
	    "root is a wire name");
	tap_int(dnstk_edns_wire_name_check((const uint8_t *)"\1a\0\0", 4),
	    DNSTK_EINPUT, "a name with a trailing octet is not");
	tap_int(dnstk_edns_wire_name_check((const uint8_t *)"\100", 1),
	    DNSTK_EINPUT, "a 64-octet label is not");
}

/*
 * Property: for random bodies of every registered code, text and back is
 * byte-identical (malformed ones through OPT=CODE), and JSON parses.
 * The bodies are biased towards well-formed ones so each codec's own
 * text form is exercised, not only the hex fallback.
 */
static void
test_random(void)
{
	static const uint16_t codes[] = { 1, 3, 5, 6, 7, 8, 9, 10, 11, 12,
	    13, 14, 15, 18, 19, 4, 65001 };
	struct dnstk_buf t, w, want;
	struct dnstk_json *j;
	uint8_t body[64];
	uint32_t x = 12345;
	size_t i, k, n, bad = 0, badjson = 0, decoded = 0;
	const char *why;
	uint16_t code;

	dnstk_buf_init(&t);
	dnstk_buf_init(&w);
	dnstk_buf_init(&want);
	for (i = 0; i < 50000; i++) {
		x = x * 1103515245u + 12345u;
		code = codes[(x >> 16) % (sizeof(codes) / sizeof(codes[0]))];
		x = x * 1103515245u + 12345u;
		n = (x >> 16) % 48;
		for (k = 0; k < n; k++) {
			x = x * 1103515245u + 12345u;
			body[k] = (uint8_t)(x >> 16);
			if ((x >> 8) % 3 == 0) {
				body[k] = (uint8_t)((x >> 24) % 8);
			}
		}
		if (code == 8 && n >= 4 && (x >> 4) % 2 == 0) {
			body[0] = 0;
			body[1] = (uint8_t)(1 + (x >> 5) % 2);
			body[2] = (uint8_t)((n - 4) * 8);
			body[3] = 0;
		} else if ((code == 13 || code == 18) && n > 0 &&
		    (x >> 4) % 2 == 0) {
			for (k = 0; k + 1 < n; k += (size_t)body[k] + 1) {
				body[k] = (uint8_t)(n - k - 2 < 10 ?
				    n - k - 2 : 10);
			}
			body[n - 1] = 0;
		} else if (code == 12 && (x >> 4) % 2 == 0) {
			memset(body, 0, n);
		}
		dnstk_buf_reset(&t);
		dnstk_buf_reset(&w);
		dnstk_buf_reset(&want);
		dnstk_edns_option_to_text(&t, code, body, n);
		decoded += strncmp(t.data, "OPT=", 4) != 0;
		dnstk_buf_addc(&want, (char)(code >> 8));
		dnstk_buf_addc(&want, (char)code);
		dnstk_buf_addc(&want, (char)(n >> 8));
		dnstk_buf_addc(&want, (char)n);
		dnstk_buf_add(&want, body, n);
		if (dnstk_edns_option_from_text(&w, t.data, &why) != 0 ||
		    w.len != want.len ||
		    memcmp(w.data, want.data, w.len) != 0) {
			if (bad++ < 5) {
				printf("#   no round trip: '%s'\n", t.data);
			}
		}
		dnstk_buf_reset(&t);
		j = NULL;
		if (dnstk_edns_option_to_json(&t, code, body, n) != 0 ||
		    dnstk_json_parse(&j, t.data, t.len, &why) != 0) {
			if (badjson++ < 5) {
				printf("#   bad JSON: '%s'\n", t.data);
			}
		}
		dnstk_json_free(j);
	}
	tap_int((long long)bad, 0, "50000 random bodies: text round trips");
	tap_int((long long)badjson, 0, "50000 random bodies: JSON parses");
	tap_ok(decoded > 10000, "%zu of them decoded by their codec", decoded);
	dnstk_buf_release(&t);
	dnstk_buf_release(&w);
	dnstk_buf_release(&want);
}

int
main(void)
{
	size_t i;

	for (i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
		test_vector(&vecs[i]);
	}
	test_reads();
	test_encode();
	test_names();
	test_random();
	return tap_done();
}
