/* SPDX-License-Identifier: BSD-3-Clause */
/* Unit tests of lib/serve: the zone index against ldns, and answers in wire form. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "dns/msg.h"
#include "net/qmsg.h"
#include "serve/answer.h"
#include "serve/zone.h"
#include "tap.h"

#define NSEC3_ZONE "tests/fixtures/serve/serve.test.nsec3"
#define NSEC_ZONE "tests/fixtures/serve/serve.test.nsec"

static ldns_rdf *
dname(const char *s)
{
	ldns_rdf *d = NULL;

	if (ldns_str2rdf_dname(&d, s) != LDNS_STATUS_OK) {
		abort();
	}
	return d;
}

/* The NSEC3 hash agrees with ldns's for names in and out of the zone. */
static void
test_nsec3_hash(const struct dnstk_sz_zone *z)
{
	static const char *names[] = {
		"serve.test.", "www.serve.test.", "NX.Serve.Test.",
		"*.wild.serve.test.", "a.b.c.deep.serve.test.",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		ldns_rdf *n = dname(names[i]), *h;
		uint8_t mine[20];
		char *label, want[40], got[40];
		size_t k;

		h = ldns_nsec3_hash_name(n, z->n3_alg, z->n3_iter,
		    z->n3_salt_len, z->n3_salt);
		label = h != NULL ? ldns_rdf2str(h) : NULL;
		tap_ok(dnstk_sz_nsec3_hash(z, ldns_rdf_data(n),
		    ldns_rdf_size(n), mine) == 0, "hash %s", names[i]);
		/* ldns gives the base32hex label: compare as text */
		for (k = 0; k < 32 && label != NULL && label[k] != '.'; k++) {
			want[k] = (char)tolower((unsigned char)label[k]);
		}
		want[k] = '\0';
		{
			static const char b32[] = "0123456789abcdefghijklmnopqrstuv";
			uint64_t acc = 0;
			int bits = 0;
			size_t o = 0;

			for (k = 0; k < 20; k++) {
				acc = (acc << 8) | mine[k];
				bits += 8;
				while (bits >= 5) {
					bits -= 5;
					got[o++] = b32[(acc >> bits) & 31];
				}
			}
			got[o] = '\0';
		}
		tap_str(got, want, names[i]);
		free(label);
		ldns_rdf_deep_free(h);
		ldns_rdf_deep_free(n);
	}
}

/* Lookups: exact names, empty non-terminals, glue, NSEC3 owners. */
static void
test_index(const struct dnstk_sz_zone *z)
{
	ldns_rdf *n;
	uint32_t i;

	n = dname("WWW.serve.test.");
	i = dnstk_sz_find(z, ldns_rdf_data(n), ldns_rdf_size(n));
	tap_ok(i != DNSTK_SZ_NONE && dnstk_sz_rrset(z, i, 1) != NULL &&
	    dnstk_sz_rrset(z, i, 28) != NULL, "www has A and AAAA");
	ldns_rdf_deep_free(n);
	n = dname("c.deep.serve.test.");
	i = dnstk_sz_find(z, ldns_rdf_data(n), ldns_rdf_size(n));
	tap_ok(i != DNSTK_SZ_NONE && (z->node[i].flags & DNSTK_SZN_ENT),
	    "c.deep is an empty non-terminal");
	ldns_rdf_deep_free(n);
	n = dname("ns.sub.serve.test.");
	i = dnstk_sz_find(z, ldns_rdf_data(n), ldns_rdf_size(n));
	tap_ok(i != DNSTK_SZ_NONE && (z->node[i].flags & DNSTK_SZN_BELOW),
	    "ns.sub is below the cut (glue)");
	ldns_rdf_deep_free(n);
	n = dname("sub.serve.test.");
	i = dnstk_sz_find(z, ldns_rdf_data(n), ldns_rdf_size(n));
	tap_ok(i != DNSTK_SZ_NONE && (z->node[i].flags & DNSTK_SZN_DELEG),
	    "sub is a zone cut");
	ldns_rdf_deep_free(n);
	tap_ok(z->nsec3 && z->nn3 > 10, "NSEC3 table: %zu hashes", z->nn3);
	tap_ok(z->soa_ttl == 600, "negative TTL min(SOA TTL, MINIMUM)");
}

/* One answer through dnstk_serve_answer, parsed back. */
static struct dnstk_msg *
ask(const struct dnstk_serve_conf *c, const char *name, uint16_t type,
    bool edns, bool dnssec)
{
	struct dnstk_qspec q;
	struct dnstk_buf qb, out;
	struct dnstk_msg *m = NULL;
	struct dnstk_err err;

	memset(&q, 0, sizeof(q));
	q.id = 4711;
	q.flags = DNSTK_FLAG_RD;
	dnstk_qname_parse(&q, name);
	q.qtype = type;
	q.qclass = 1;
	q.edns = edns;
	q.udp_size = 1232;
	q.edns_flags = dnssec ? DNSTK_EDNS_DO : 0;
	dnstk_buf_init(&qb);
	dnstk_buf_init(&out);
	dnstk_qspec_build(&qb, &q);
	if (dnstk_serve_answer(c, (const uint8_t *)qb.data, qb.len, false,
	    NULL, &out, NULL) == 0 && out.len > 2) {
		dnstk_msg_from_wire(&m, (const uint8_t *)out.data + 2,
		    out.len - 2, &err);
	}
	dnstk_buf_release(&qb);
	dnstk_buf_release(&out);
	return m;
}

static void
test_answers(const struct dnstk_serve_conf *c)
{
	struct dnstk_msg *m;
	struct dnstk_edns e;

	m = ask(c, "www.serve.test", 1, false, false);
	tap_ok(m != NULL && m->id == 4711 && (m->flags & DNSTK_FLAG_AA) &&
	    (m->flags & DNSTK_FLAG_RD) && !(m->flags & DNSTK_FLAG_RA),
	    "www A: AA, RD copied, RA clear");
	dnstk_msg_edns(m, &e);
	tap_ok(!e.present, "no OPT without EDNS");
	tap_int(ldns_rr_list_rr_count(m->sec[DNSTK_SEC_ANSWER]), 1,
	    "one A record");
	dnstk_msg_free(m);
	m = ask(c, "nx.serve.test", 1, true, true);
	dnstk_msg_edns(m, &e);
	tap_int(dnstk_msg_rcode(m), 3, "nx: NXDOMAIN");
	tap_ok(e.present && (e.flags & DNSTK_EDNS_DO) && e.udp_size == 1232,
	    "DO copied, our payload size");
	/* SOA + RRSIG, 3 NSEC3 + 3 RRSIG */
	tap_int(ldns_rr_list_rr_count(m->sec[DNSTK_SEC_AUTHORITY]), 8,
	    "nx: SOA and closest encloser proof, signed");
	dnstk_msg_free(m);
	m = ask(c, "x.sub.serve.test", 1, true, false);
	tap_ok(m != NULL && !(m->flags & DNSTK_FLAG_AA) &&
	    ldns_rr_list_rr_count(m->sec[DNSTK_SEC_AUTHORITY]) == 1,
	    "referral: NS only without DO, AA clear");
	dnstk_msg_free(m);
	m = ask(c, "www.example.org", 1, true, false);
	tap_int(dnstk_msg_rcode(m), 5, "outside every zone: REFUSED");
	dnstk_msg_free(m);
}

static void
test_load_errors(void)
{
	struct dnstk_sz_zones zs;
	struct dnstk_err err;
	char path[] = "/tmp/dnstk-test-serve-XXXXXX";
	int fd = mkstemp(path);
	FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (fp == NULL) {
		tap_ok(0, "temporary file");
		return;
	}
	fputs("$ORIGIN z.test.\n@ SOA ns h 1 2 3 4 5\n@ NS ns\n"
	    "@ SOA ns h 2 2 3 4 5\n", fp);
	fclose(fp);
	dnstk_sz_zones_init(&zs);
	tap_int(dnstk_sz_load(&zs, path, NULL, &err), DNSTK_EINPUT,
	    "two SOA records refused");
	tap_int((long long)err.line, 4, "the second SOA's line");
	tap_int(dnstk_sz_load(&zs, NSEC_ZONE, "serve.test", &err), 0,
	    "the NSEC zone loads");
	tap_int(dnstk_sz_load(&zs, NSEC_ZONE, "serve.test.", &err),
	    DNSTK_EINPUT, "the same origin twice is refused");
	dnstk_sz_zones_release(&zs);
	remove(path);
}

int
main(void)
{
	struct dnstk_sz_zones zs;
	struct dnstk_serve_conf c;
	struct dnstk_err err;

	dnstk_sz_zones_init(&zs);
	if (dnstk_sz_load(&zs, NSEC3_ZONE, NULL, &err) != 0) {
		tap_ok(0, "load %s: %s", NSEC3_ZONE, err.msg);
		return tap_done();
	}
	test_nsec3_hash(zs.z[0]);
	test_index(zs.z[0]);
	dnstk_serve_conf_init(&c, &zs);
	test_answers(&c);
	test_load_errors();
	dnstk_sz_zones_release(&zs);
	return tap_done();
}
