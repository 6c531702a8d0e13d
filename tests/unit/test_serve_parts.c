/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the pieces issue 7's tidying of serve, canon-sort and
 * tlsa-check put in place: lib/serve's shared helpers (sutil.h), the
 * query log (out/serve_log.h), the zone checks as findings
 * (zone/zone_findings.h), dnstk_tlsa_set_needs_store and dnstk_cli_run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/run.h"
#include "dane/tlsa.h"
#include "out/serve_log.h"
#include "serve/sutil.h"
#include "tap.h"
#include "zone/zone_findings.h"

/* ---- lib/serve/sutil ------------------------------------------------ */

static void
test_skip_name(void)
{
	/* www.example. then a pointer back to it, then junk */
	static const uint8_t msg[] = {
		3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0,
		0xc0, 0x00, 0x40, 1, 'a',
	};
	uint8_t longname[5 * 64 + 1];
	size_t i;

	tap_int((long long)dnstk_su_skip_name(msg, sizeof(msg), 0), 13,
	    "skip: an uncompressed name ends after its root label");
	tap_int((long long)dnstk_su_skip_name(msg, sizeof(msg), 13), 15,
	    "skip: a pointer is two octets");
	tap_int((long long)dnstk_su_skip_name(msg, 14, 13), 0,
	    "skip: a pointer cut short is malformed");
	tap_int((long long)dnstk_su_skip_name(msg, sizeof(msg), 15), 0,
	    "skip: label type 01 is malformed");
	tap_int((long long)dnstk_su_skip_name(msg, 10, 0), 0,
	    "skip: a name running past the end is malformed");
	/* 5 labels of 63 octets and the root: 321 octets, over 255 */
	for (i = 0; i < 5 * 64; i += 64) {
		longname[i] = 63;
		memset(longname + i + 1, 'a', 63);
	}
	longname[5 * 64] = 0;
	tap_int((long long)dnstk_su_skip_name(longname, sizeof(longname), 0),
	    0, "skip: a name over 255 octets is malformed");
}

static void
test_cache_key(void)
{
	static const uint8_t up[] = { 3, 'W', 'w', 'W', 2, 'N', 'l', 0 };
	static const uint8_t low[] = { 3, 'w', 'w', 'w', 2, 'n', 'l', 0 };
	static const uint8_t want[] = {
		3, 'w', 'w', 'w', 2, 'n', 'l', 0, 0x00, 0x1c,
	};
	uint8_t k1[DNSTK_SU_KEY_MAX], k2[DNSTK_SU_KEY_MAX];
	uint8_t k3[DNSTK_SU_KEY_MAX];
	uint8_t big[300];
	size_t l1, l2, l3, i;
	uint32_t h1, h2, h3, fnv = 2166136261u;

	tap_int(dnstk_su_cache_key(k1, &l1, &h1, up, sizeof(up), 28), 0,
	    "key: made");
	tap_mem(k1, l1, want, sizeof(want),
	    "key: the name in lower case, then the type");
	for (i = 0; i < sizeof(want); i++) {
		fnv = (fnv ^ want[i]) * 16777619u;
	}
	tap_ok(h1 == fnv, "key: its hash is FNV-1a of the key");
	dnstk_su_cache_key(k2, &l2, &h2, low, sizeof(low), 28);
	tap_ok(l1 == l2 && memcmp(k1, k2, l1) == 0 && h1 == h2,
	    "key: case does not matter");
	dnstk_su_cache_key(k3, &l3, &h3, low, sizeof(low), 1);
	tap_ok(memcmp(k1, k3, l1) != 0, "key: the type does");
	memset(big, 1, sizeof(big));
	tap_int(dnstk_su_cache_key(k3, &l3, &h3, big, 256, 1), DNSTK_EINPUT,
	    "key: a name over 255 octets is refused");
}

static void
test_host_port(void)
{
	struct dnstk_err err = DNSTK_ERR_INIT;
	char host[64];
	uint16_t port = 0;

	tap_int(dnstk_su_host_port("192.0.2.1", host, sizeof(host), &port,
	    &err), 0, "upstream: an address alone");
	tap_str(host, "192.0.2.1", "upstream: the address");
	tap_int(port, 53, "upstream: port 53 by default");
	tap_int(dnstk_su_host_port("[2001:db8::1]#5353", host, sizeof(host),
	    &port, &err), 0, "upstream: [IPv6]#PORT");
	tap_str(host, "2001:db8::1", "upstream: without the brackets");
	tap_int(port, 5353, "upstream: the port");
	tap_int(dnstk_su_host_port("192.0.2.1#0", host, sizeof(host), &port,
	    &err), DNSTK_EUSAGE, "upstream: port 0 is refused");
	tap_str(err.msg, "--forward: bad port in '192.0.2.1#0'",
	    "upstream: and named");
	tap_int(dnstk_su_host_port("192.0.2.1#", host, sizeof(host), &port,
	    &err), DNSTK_EUSAGE, "upstream: an empty port is refused");
	tap_int(dnstk_su_host_port("#53", host, sizeof(host), &port, &err),
	    DNSTK_EUSAGE, "upstream: no address is refused");
	tap_int(dnstk_su_host_port("192.0.2.100", host, 8, &port, &err),
	    DNSTK_EUSAGE, "upstream: an address longer than the room");
}

/* ---- out/serve_log -------------------------------------------------- */

/* What fn wrote to a temporary file, as a string (static buffer). */
static const char *
captured(FILE *fp)
{
	static char buf[512];
	size_t n;

	rewind(fp);
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	return buf;
}

static void
test_query_log(void)
{
	static const uint8_t www[] = {
		3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0,
	};
	struct dnstk_serve_info in;
	FILE *fp = tmpfile();

	if (fp == NULL) {
		tap_ok(0, "query log: no temporary file");
		return;
	}
	memset(&in, 0, sizeof(in));
	in.parsed = true;
	memcpy(in.qname, www, sizeof(www));
	in.qname_len = sizeof(www);
	in.qtype = 28;
	in.rcode = 3;
	in.edns = true;
	in.dnssec_ok = true;
	in.tc = true;
	in.size = 45;
	dnstk_query_log_write(fp, "192.0.2.7#5353", false, &in);
	tap_str(captured(fp), "query: 192.0.2.7#5353 udp www.example. AAAA "
	    "+edns +do -> NXDOMAIN tc 45\n", "query log: a full line");
	fclose(fp);
	fp = tmpfile();
	memset(&in, 0, sizeof(in));
	in.rcode = 1;
	in.size = 12;
	dnstk_query_log_write(fp, "[::1]#53", true, &in);
	dnstk_listening_write(fp, "::1#53");
	tap_str(captured(fp), "query: [::1]#53 tcp - - -> FORMERR 12\n"
	    "listening on ::1#53\n",
	    "query log: no question read; the listening line");
	fclose(fp);
}

/* ---- zone/zone_findings --------------------------------------------- */

struct seen {
	char text[8][256];
	int n;
};

static int
collect(void *ctx, const struct dnstk_finding *f)
{
	struct seen *s = ctx;

	if (s->n < 8) {
		snprintf(s->text[s->n++], sizeof(s->text[0]),
		    "%s|%s|%s:%lu|%s|%s|%s", f->code, f->message, f->source,
		    f->line, f->owner, f->type != NULL ? f->type : "-",
		    f->related);
	}
	return 0;
}

static int
stop_at_first(void *ctx, const struct dnstk_finding *f)
{
	(void)f;
	++*(int *)ctx;
	return -42;
}

static void
test_zone_findings(void)
{
	char path[] = "/tmp/dnstk-test-zf-XXXXXX";
	struct dnstk_zone_load_opts o;
	struct dnstk_zone_check_stats st;
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_zone z;
	struct seen s;
	int fd = mkstemp(path), calls = 0;
	FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (fp == NULL) {
		tap_ok(0, "findings: no temporary file");
		return;
	}
	fputs("a.example. 300 IN A 192.0.2.1\n"
	    "a.example. 300 IN A 192.0.2.1\n"
	    "b.example. 600 IN TXT \"x\"\n"
	    "b.example. 300 IN TXT \"y\"\n", fp);
	fclose(fp);
	dnstk_zone_init(&z);
	dnstk_zone_load_opts_init(&o);
	tap_int(dnstk_zone_load_file(&z, path, &o, &err), 0,
	    "findings: the zone loads");
	tap_int(dnstk_zone_sort(&z), 0, "findings: and sorts");
	memset(&s, 0, sizeof(s));
	tap_int(dnstk_zone_check_findings(&z, false, collect, &s, &st), 0,
	    "findings: checked");
	tap_int(s.n, 2, "findings: one duplicate, one TTL");
	tap_int((long long)st.problems, 2, "findings: the stats agree");
	tap_ok(s.n == 2 && strstr(s.text[0], "duplicate-record|duplicate "
	    "record|") == s.text[0] && strstr(s.text[0], ":2|a.example. IN "
	    "A|-|") != NULL && strstr(s.text[0], ":1") != NULL,
	    "findings: the duplicate at line 2, related to line 1: %s",
	    s.text[0]);
	tap_ok(s.n == 2 && strstr(s.text[1], "ttl-mismatch|TTL 600 differs "
	    "from TTL 300|") == s.text[1] && strstr(s.text[1],
	    ":3|b.example. IN TXT|-|") != NULL,
	    "findings: the TTL at line 3: %s", s.text[1]);
	memset(&s, 0, sizeof(s));
	dnstk_zone_check_findings(&z, true, collect, &s, &st);
	tap_ok(s.n == 2 && strstr(s.text[0], "|a.example.|A|") != NULL,
	    "findings: split, owner and type apart: %s", s.text[0]);
	tap_int(dnstk_zone_check_findings(&z, false, stop_at_first, &calls,
	    &st), -42, "findings: what the function returns stops the check");
	tap_int(calls, 1, "findings: at once");
	dnstk_zone_release(&z);
	unlink(path);
}

/* ---- dane ----------------------------------------------------------- */

static void
test_needs_store(void)
{
	static const char *hash = "0102030405060708090a0b0c0d0e0f10"
	    "1112131415161718191a1b1c1d1e1f20";
	struct dnstk_tlsa_set set;
	struct dnstk_tlsa t;
	const char *why;
	char rd[128];
	int i;
	/* usage 3 (DANE-EE), 1 with a short digest (unusable), 1 */
	static const char *recs[] = { "3 1 1 %s", "1 1 1 %.8s", "1 1 1 %s" };
	static const int want[] = { 0, 0, 1 };

	dnstk_tlsa_set_init(&set);
	for (i = 0; i < 3; i++) {
		snprintf(rd, sizeof(rd), recs[i], hash);
		memset(&t, 0, sizeof(t));
		if (dnstk_tlsa_parse_rdata(&t, rd, &why) != 0 ||
		    dnstk_tlsa_set_add(&set, &t) != 0) {
			tap_ok(0, "needs store: record %d", i);
		}
		dnstk_tlsa_release(&t);
		tap_int(dnstk_tlsa_set_needs_store(&set), want[i],
		    i == 0 ? "needs store: not for DANE-EE" : i == 1 ?
		    "needs store: not for an unusable PKIX-EE" :
		    "needs store: for a usable PKIX-EE");
	}
	dnstk_tlsa_set_release(&set);
}

/* ---- cli/run -------------------------------------------------------- */

static int
run_fail(void *ctx, struct dnstk_err *err)
{
	++*(int *)ctx;
	return dnstk_err_set(err, DNSTK_EFAIL, NULL, 0, "it failed");
}

static int
run_ok(void *ctx, struct dnstk_err *err)
{
	(void)err;
	++*(int *)ctx;
	return 0;
}

static void
test_cli_run(void)
{
	static const struct dnstk_opt opts[] = { DNSTK_OPT_END };
	static const struct dnstk_cmd cmd = { "test", "A test.", "", opts };
	struct dnstk_cli cli;
	int calls = 0;

	dnstk_cli_init(&cli, &cmd);
	tap_int(dnstk_cli_run(&cli, 0, run_ok, &calls), 0, "run: ok is 0");
	dnstk_cli_init(&cli, &cmd);
	tap_int(dnstk_cli_run(&cli, 0, run_fail, &calls), 1,
	    "run: a failed check is 1");
	tap_int(calls, 2, "run: both ran");
	dnstk_cli_init(&cli, &cmd);
	tap_int(dnstk_cli_run(&cli, -1, run_ok, &calls), 0,
	    "run: -1 (--help) is 0");
	dnstk_cli_init(&cli, &cmd);
	tap_int(dnstk_cli_run(&cli, 2, run_ok, &calls), 2,
	    "run: a usage error stays 2");
	tap_int(calls, 2, "run: neither ran");
}

int
main(void)
{
	test_skip_name();
	test_cache_key();
	test_host_port();
	test_query_log();
	test_zone_findings();
	test_needs_store();
	test_cli_run();
	return tap_done();
}
