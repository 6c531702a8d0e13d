/* SPDX-License-Identifier: BSD-3-Clause */
/* Unit tests for lib/net: query building, answer matching, servers. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/qmsg.h"
#include "net/server.h"
#include "net/xfer.h"
#include "tap.h"
#include "tool/query.h"
#include "util/buf.h"
#include "util/err.h"

static void
test_build(void)
{
	struct dnstk_qspec q;
	struct dnstk_buf b, o;
	uint8_t want[512];
	size_t n;

	memset(&q, 0, sizeof(q));
	dnstk_buf_init(&b);
	dnstk_buf_init(&o);
	tap_int(dnstk_qname_parse(&q, "www.Example.test"), 0, "qname");
	q.id = 0x1234;
	q.flags = 0x0100;
	q.qtype = 1;
	q.qclass = 1;
	tap_int(dnstk_qspec_build(&b, &q), 0, "build plain");
	n = tap_hex(want, sizeof(want), "1234 0100 0001 0000 0000 0000"
	    "03777777 074578616d706c65 0474657374 00 0001 0001");
	tap_mem(b.data, b.len, want, n, "plain query bytes");
	dnstk_buf_reset(&b);
	q.qtype = 251;
	q.ixfr_soa = true;
	q.ixfr_serial = 0x01020304;
	tap_int(dnstk_qspec_build(&b, &q), 0, "build IXFR with SOA");
	n = tap_hex(want, sizeof(want), "1234 0100 0001 0000 0001 0000"
	    "03777777 074578616d706c65 0474657374 00 00fb 0001"
	    "c00c 0006 0001 00000000 0016 00 00 01020304"
	    "00000000 00000000 00000000 00000000");
	tap_mem(b.data, b.len, want, n, "IXFR query: the client's SOA");
	tap_int(dnstk_net_qtype((uint8_t *)b.data, b.len), 251,
	    "qtype of a query");
	q.qtype = 1;	/* the SOA goes only with IXFR */
	q.ixfr_soa = false;

	dnstk_buf_reset(&b);
	q.edns = true;
	q.udp_size = 1232;
	q.edns_flags = 0x8000;
	q.edns_version = 1;
	dnstk_opt_append(&o, 3, NULL, 0);
	q.options = (uint8_t *)o.data;
	q.options_len = o.len;
	tap_int(dnstk_qspec_build(&b, &q), 0, "build edns");
	n = tap_hex(want, sizeof(want), "1234 0100 0001 0000 0000 0001"
	    "03777777 074578616d706c65 0474657374 00 0001 0001"
	    "00 0029 04d0 00 01 8000 0004 0003 0000");
	tap_mem(b.data, b.len, want, n, "EDNS query with NSID, DO, v1");

	dnstk_buf_reset(&b);
	q.padding = 128;
	tap_int(dnstk_qspec_build(&b, &q), 0, "build padded");
	tap_int((long long)(b.len % 128), 0, "padded to a multiple of 128");
	tap_int(b.data[b.len - 1], 0, "padding is zeros");

	dnstk_buf_reset(&b);
	q.padding = 0;
	tap_int(dnstk_qname_parse(&q, "a..b"), DNSTK_EINPUT, "bad name");
	tap_int(dnstk_qname_parse(&q, ""), DNSTK_EINPUT, "empty name");
	tap_int(dnstk_qname_parse(&q, "."), 0, "root");
	tap_int((long long)q.qname_len, 1, "root is one byte");
	dnstk_buf_release(&b);
	dnstk_buf_release(&o);
}

static void
test_ecs(void)
{
	struct dnstk_buf b;
	const char *why = NULL;
	uint8_t want[64];
	size_t n;

	dnstk_buf_init(&b);
	tap_int(dnstk_opt_append_ecs(&b, "192.0.2.77/20", &why), 0, "ecs v4");
	n = tap_hex(want, sizeof(want), "0008 0007 0001 14 00 c00000");
	tap_mem(b.data, b.len, want, n, "ECS 192.0.2.77/20 keeps 20 bits");
	dnstk_buf_reset(&b);
	tap_int(dnstk_opt_append_ecs(&b, "2001:db8::/32", &why), 0, "ecs v6");
	n = tap_hex(want, sizeof(want), "0008 0008 0002 20 00 20010db8");
	tap_mem(b.data, b.len, want, n, "ECS 2001:db8::/32");
	tap_int(dnstk_opt_append_ecs(&b, "192.0.2.1/33", &why), DNSTK_EINPUT,
	    "prefix too long");
	tap_int(dnstk_opt_append_ecs(&b, "nope/8", &why), DNSTK_EINPUT,
	    "not an address");
	dnstk_buf_release(&b);
}

static void
test_match(void)
{
	uint8_t q[64], r[64];
	size_t qn, rn;

	qn = tap_hex(q, sizeof(q), "abcd 0100 0001 0000 0000 0000"
	    "03777777 0474657374 00 0001 0001");
	rn = tap_hex(r, sizeof(r), "abcd 8180 0001 0000 0000 0000"
	    "03575757 0474455354 00 0001 0001");
	tap_int(dnstk_net_match(q, qn, r, rn), DNSTK_MATCH_OK,
	    "match ignores case");
	r[0] = 0xab ^ 1;
	tap_int(dnstk_net_match(q, qn, r, rn), DNSTK_MATCH_ID, "wrong id");
	r[0] = 0xab;
	r[rn - 1] = 2;
	tap_int(dnstk_net_match(q, qn, r, rn), DNSTK_MATCH_QUESTION,
	    "wrong class");
	r[rn - 1] = 1;
	r[14] = 'x';
	tap_int(dnstk_net_match(q, qn, r, rn), DNSTK_MATCH_QUESTION,
	    "wrong name");
	r[14] = 'W';
	r[2] = 0x01;
	tap_int(dnstk_net_match(q, qn, r, rn), DNSTK_MATCH_NOT_RESPONSE,
	    "QR clear");
	r[2] = 0x81;
	tap_int(dnstk_net_match(q, qn, r, 11), DNSTK_MATCH_NOT_RESPONSE,
	    "short");
	tap_int(dnstk_net_match(q, qn, r, rn - 2), DNSTK_MATCH_QUESTION,
	    "truncated question");
	r[12] = 0xc0;
	r[13] = 0x0c;
	tap_int(dnstk_net_match(q, qn, r, rn), DNSTK_MATCH_QUESTION,
	    "compressed question name never matches");
}

static void
test_server(void)
{
	struct dnstk_server s;
	struct dnstk_err err = DNSTK_ERR_INIT;
	char buf[96], path[64];
	FILE *fp;

	tap_int(dnstk_server_resolve(&s, "127.0.0.1", 5353, AF_UNSPEC, &err),
	    0, "v4 literal");
	tap_str(dnstk_server_str(buf, sizeof(buf), &s), "127.0.0.1#5353",
	    "v4 text");
	tap_int(dnstk_server_resolve(&s, "[::1]", 53, AF_INET6, &err), 0,
	    "bracketed v6");
	tap_str(s.text, "::1", "v6 text");
	tap_int(dnstk_server_resolve(&s, "::1", 53, AF_INET, &err),
	    DNSTK_EUSAGE, "v6 with -4");
	snprintf(path, sizeof(path), "build/test_net_resolv.%ld",
	    (long)getpid());
	fp = fopen(path, "w");
	if (fp != NULL) {
		fputs("# c\nsearch x\n nameserver\t::1%lo # scoped\n"
		    "nameserver 127.0.0.2\n", fp);
		fclose(fp);
	}
	tap_int(dnstk_server_default(&s, path, 53,
	    AF_UNSPEC, &err), 0, "resolv.conf");
	tap_str(s.text, "::1", "first nameserver, scope dropped");
	tap_int(dnstk_server_default(&s, path, 53,
	    AF_INET, &err), 0, "resolv.conf -4");
	tap_str(s.text, "127.0.0.2", "first IPv4 nameserver");
	tap_int(dnstk_server_default(&s, "build/no-such-file", 53, AF_UNSPEC,
	    &err), DNSTK_ENET, "missing resolv.conf");
	remove(path);
}

/* resolv.conf as a stub resolver reads it: all servers, options. */
static void
test_resolv(void)
{
	struct dnstk_resolv *rv = calloc(1, sizeof(*rv));
	struct dnstk_err err = DNSTK_ERR_INIT;
	char path[64];
	FILE *fp;
	int i;

	if (rv == NULL) {
		return;
	}
	snprintf(path, sizeof(path), "build/test_net_resolv2.%ld",
	    (long)getpid());
	fp = fopen(path, "w");
	if (fp != NULL) {
		fputs("nameserver 192.0.2.1 ; first\n"
		    "options ndots:2 timeout:3 attempts:9 # too many\n"
		    "nameserver ::1\n"
		    "nameserver not-an-address\n"
		    "nameserver\t192.0.2.3\n"
		    "nameservers 192.0.2.99\n", fp);
		for (i = 10; i < 20; i++) {
			fprintf(fp, "nameserver 192.0.2.%d\n", i);
		}
		fclose(fp);
	}
	tap_int(dnstk_resolv_read(rv, path, 5353, AF_UNSPEC, &err), 0,
	    "resolv: read");
	tap_int((int)rv->n, DNSTK_RESOLV_MAX, "resolv: at most the maximum");
	tap_str(rv->ns[0].text, "192.0.2.1", "resolv: first, comment cut");
	tap_str(rv->ns[1].text, "::1", "resolv: second");
	tap_str(rv->ns[2].text, "192.0.2.3", "resolv: a name is skipped");
	tap_str(rv->ns[3].text, "192.0.2.10", "resolv: 'nameservers' is no "
	    "keyword");
	tap_int(rv->ns[2].port, 5353, "resolv: the port given");
	tap_int(rv->timeout_ms, 3000, "resolv: timeout:3");
	tap_int(rv->attempts, 5, "resolv: attempts bounded to 5");
	tap_int(dnstk_resolv_read(rv, path, 53, AF_INET6, &err), 0,
	    "resolv: -6");
	tap_int((int)rv->n, 1, "resolv: -6 keeps the IPv6 one");
	fp = fopen(path, "w");
	if (fp != NULL) {
		fputs("options timeout:0 attempts:x\n", fp);
		fclose(fp);
	}
	tap_int(dnstk_resolv_read(rv, path, 53, AF_UNSPEC, &err), 0,
	    "resolv: no servers is no error here");
	tap_int((int)rv->n, 0, "resolv: none");
	tap_int(rv->timeout_ms, 1000, "resolv: timeout at least 1 s");
	tap_int(rv->attempts, 0, "resolv: an unreadable option is ignored");
	tap_int(dnstk_resolv_read(rv, "build/no-such-file", 53, AF_UNSPEC,
	    &err), DNSTK_ENET, "resolv: missing file");
	remove(path);
	free(rv);
}

static void
test_values(void)
{
	struct dnstk_query_args a;
	const char *why = NULL;
	int ms = 0;

	tap_int(dnstk_query_parse_timeout(&ms, "1.5", &why), 0, "1.5 s");
	tap_int(ms, 1500, "1.5 s is 1500 ms");
	tap_int(dnstk_query_parse_timeout(&ms, ".25", &why), 0, ".25 s");
	tap_int(ms, 250, ".25 s");
	tap_int(dnstk_query_parse_timeout(&ms, "0", &why), DNSTK_EINPUT,
	    "zero timeout");
	tap_int(dnstk_query_parse_timeout(&ms, "1.2345", &why), DNSTK_EINPUT,
	    "too many decimals");
	tap_int(dnstk_query_parse_timeout(&ms, "x", &why), DNSTK_EINPUT,
	    "not a number");
	dnstk_query_args_init(&a);
	tap_int(dnstk_query_add_ednsopt(&a, "65001:CAFE", &why), 0, "ednsopt");
	tap_int(dnstk_query_add_ednsopt(&a, "nsid", &why), 0, "by name");
	tap_mem(a.options.data, a.options.len,
	    "\xfd\xe9\x00\x02\xca\xfe\x00\x03\x00\x00", 10, "option bytes");
	tap_int(dnstk_query_add_ednsopt(&a, "70000", &why), DNSTK_EINPUT,
	    "code too large");
	tap_int(dnstk_query_add_ednsopt(&a, "5:abc", &why), DNSTK_EINPUT,
	    "odd hex");
	tap_int(dnstk_query_set_cookie(&a, "0102030405060708", &why), 0,
	    "client cookie");
	tap_int(dnstk_query_set_cookie(&a, "0102", &why), DNSTK_EINPUT,
	    "short cookie");
	dnstk_query_args_release(&a);
}

int
main(void)
{
	test_build();
	test_ecs();
	test_match();
	test_server();
	test_resolv();
	test_values();
	return tap_done();
}
