/* SPDX-License-Identifier: BSD-3-Clause */
/* Unit tests for lib/zone: loading, walking, lookup, apex, cuts, checks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "tap.h"
#include "zone/zone.h"

/* A small zone in random order, mixed case, with a delegation. */
static const char zone_text[] =
    "$ORIGIN example.\n"
    "$TTL 300\n"
    "www 300 IN A 192.0.2.2\n"
    "@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
    "Sub 86400 IN NS ns.sub\n"
    "ns.sub 300 IN A 192.0.2.53\n"
    "WWW 300 IN A 192.0.2.1\n"
    "@ IN NS ns1\n"
    "ns1 IN A 192.0.2.10\n"
    "www 600 IN A 192.0.2.1\n"
    "www IN TXT \"hello\"\n";

static int
load_text(struct dnstk_zone *z, const char *text, const char *source,
    struct dnstk_err *err)
{
	struct dnstk_zone_load_opts o;
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	int r;

	if (fp == NULL) {
		return DNSTK_ENOMEM;
	}
	dnstk_zone_load_opts_init(&o);
	r = dnstk_zone_load(z, fp, source, &o, err);
	fclose(fp);
	return r != 0 ? r : dnstk_zone_sort(z);
}

static ldns_rdf *
name_of(const char *s)
{
	ldns_rdf *n = NULL;

	if (ldns_str2rdf_dname(&n, s) != LDNS_STATUS_OK) {
		fprintf(stderr, "# cannot parse %s\n", s);
		exit(2);
	}
	return n;
}

/* The owner of entry i as text, for messages (caller frees). */
static char *
owner_text(const struct dnstk_zone *z, size_t i)
{
	ldns_rdf *o = ldns_rdf_new_frm_data(LDNS_RDF_TYPE_DNAME,
	    z->tab.ent[i].owner_len, dnstk_rrtab_wire(&z->tab, i));
	char *s = ldns_rdf2str(o);

	ldns_rdf_deep_free(o);
	return s;
}

static void
test_load_and_walk(void)
{
	struct dnstk_zone z;
	struct dnstk_err err = DNSTK_ERR_INIT;
	size_t i, end, owners = 0;
	char *s;

	dnstk_zone_init(&z);
	tap_int(load_text(&z, zone_text, "db.example", &err), 0,
	    "a zone loads through the reader");
	tap_int((long long)dnstk_zone_count(&z), 9, "every record is kept");
	s = z.origin != NULL ? ldns_rdf2str(z.origin) : NULL;
	tap_str(s, "example.", "the origin is the SOA owner");
	free(s);
	s = owner_text(&z, 0);
	tap_str(s, "example.", "the apex sorts first");
	free(s);
	tap_str(dnstk_zone_source(&z, 0), "db.example",
	    "each record knows its source");
	for (i = 0; i < dnstk_zone_count(&z); i = end) {
		end = dnstk_zone_owner_end(&z, i);
		owners++;
	}
	tap_int((long long)owners, 5, "owners: apex, ns1, sub, ns.sub, www");
	dnstk_zone_release(&z);
}

static void
test_lookup(void)
{
	struct dnstk_zone z;
	struct dnstk_err err = DNSTK_ERR_INIT;
	ldns_rdf *www = name_of("WwW.Example."), *none = name_of("x.example.");
	size_t first = 0, end = 0, soa = 99, a = 0;

	dnstk_zone_init(&z);
	load_text(&z, zone_text, "db.example", &err);
	tap_int(dnstk_zone_find_owner(&z, ldns_rdf_data(www),
	    ldns_rdf_size(www), &first, &end), 0, "find an owner");
	tap_int((long long)(end - first), 4,
	    "www has 4 records (3 A with a duplicate, 1 TXT), any case");
	tap_int(dnstk_zone_find_owner(&z, ldns_rdf_data(none),
	    ldns_rdf_size(none), &first, &end), 0, "find a missing owner");
	tap_ok(first == end, "a missing owner has no records");
	tap_int(dnstk_zone_find_rrset(&z, ldns_rdf_data(www),
	    ldns_rdf_size(www), LDNS_RR_CLASS_IN, LDNS_RR_TYPE_A, &a), 0,
	    "find an RRset");
	tap_int((long long)(dnstk_zone_rrset_end(&z, a) - a), 3,
	    "the A RRset holds its 3 records");
	tap_int(dnstk_zone_apex(&z, &soa), 0, "the apex is found");
	tap_int(dnstk_rrtab_type(&z.tab, soa), LDNS_RR_TYPE_SOA,
	    "the apex entry is the SOA");
	ldns_rdf_deep_free(www);
	ldns_rdf_deep_free(none);
	dnstk_zone_release(&z);
}

static void
test_cuts(void)
{
	struct dnstk_zone z;
	struct dnstk_err err = DNSTK_ERR_INIT;
	ldns_rdf *sub = name_of("sub.example."), *ns = name_of("ns.sub.example.");
	size_t first, end, apex = 0;

	dnstk_zone_init(&z);
	load_text(&z, zone_text, "db.example", &err);
	dnstk_zone_find_owner(&z, ldns_rdf_data(sub), ldns_rdf_size(sub),
	    &first, &end);
	tap_ok(first < end && dnstk_zone_is_cut(&z, first),
	    "NS below the apex is a zone cut");
	dnstk_zone_apex(&z, &apex);
	tap_ok(!dnstk_zone_is_cut(&z, apex), "the apex NS is not a cut");
	dnstk_zone_find_owner(&z, ldns_rdf_data(ns), ldns_rdf_size(ns),
	    &first, &end);
	tap_ok(first < end && !dnstk_zone_is_cut(&z, first),
	    "glue below the cut is not a cut itself");
	ldns_rdf_deep_free(sub);
	ldns_rdf_deep_free(ns);
	dnstk_zone_release(&z);
}

static void
test_rrset_wire(void)
{
	struct dnstk_zone z;
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_buf w;
	ldns_rdf *www = name_of("www.example.");
	size_t a = 0;
	/* www.example. A IN TTL 300 192.0.2.1, then .2: canonical, once */
	uint8_t want[2 * 27];

	tap_hex(want, sizeof(want), "0377777707657861" "6d706c6500000100"
	    "010000012c0004c0" "000201");
	tap_hex(want + 27, sizeof(want) - 27, "0377777707657861"
	    "6d706c6500000100" "010000012c0004c0" "000202");
	dnstk_zone_init(&z);
	dnstk_buf_init(&w);
	load_text(&z, zone_text, "db.example", &err);
	dnstk_rrtab_dedup(&z.tab);
	dnstk_rrtab_fix_ttl(&z.tab);
	dnstk_zone_find_rrset(&z, ldns_rdf_data(www), ldns_rdf_size(www),
	    LDNS_RR_CLASS_IN, LDNS_RR_TYPE_A, &a);
	tap_int(dnstk_zone_rrset_wire(&w, &z, a), 0, "RRset wire form");
	tap_mem(w.data, w.len, want, sizeof(want),
	    "RFC 4034 6.2: lowercased owner, canonical order, no duplicate");
	ldns_rdf_deep_free(www);
	dnstk_buf_release(&w);
	dnstk_zone_release(&z);
}

struct seen {
	size_t dups, ttls;
	unsigned long dup_line, dup_first_line;
};

static int
count_issue(void *ctx, const struct dnstk_zone *z,
    const struct dnstk_zone_issue *is)
{
	struct seen *s = ctx;

	if (is->kind == DNSTK_ZONE_DUPLICATE) {
		s->dups++;
		s->dup_line = z->tab.ent[is->at].line;
		s->dup_first_line = z->tab.ent[is->first].line;
	} else {
		s->ttls++;
	}
	return 0;
}

static void
test_checks(void)
{
	struct dnstk_zone z;
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_zone_check_stats st;
	struct seen s = { 0, 0, 0, 0 };

	dnstk_zone_init(&z);
	load_text(&z, zone_text, "db.example", &err);
	tap_int(dnstk_zone_check(&z, count_issue, &s, &st), 0, "check runs");
	tap_int((long long)s.dups, 1, "one duplicate (www A 192.0.2.1)");
	tap_int((long long)s.dup_line, 10, "the later copy is reported");
	tap_int((long long)s.dup_first_line, 7,
	    "against the first copy in input order");
	tap_int((long long)s.ttls, 1, "the 600 TTL differs from 300");
	tap_int((long long)st.ttl_rrsets, 1, "one RRset with differing TTLs");
	dnstk_zone_release(&z);
}

/* -o: relative names are under it, and it is the origin */
static void
test_origin_given(void)
{
	struct dnstk_zone z;
	struct dnstk_zone_load_opts o;
	struct dnstk_err err = DNSTK_ERR_INIT;
	const char text[] = "@ 300 IN SOA ns1 h 1 2 3 4 5\nwww 300 IN A "
	    "192.0.2.1\n";
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	char *s;

	dnstk_zone_load_opts_init(&o);
	o.origin = ldns_dname_new_frm_str("Given.");
	dnstk_zone_init(&z);
	tap_int(dnstk_zone_load(&z, fp, "in", &o, &err), 0, "load with -o");
	dnstk_zone_sort(&z);
	s = z.origin != NULL ? ldns_rdf2str(z.origin) : NULL;
	tap_str(s, "given.", "-o is the origin");
	free(s);
	s = owner_text(&z, 1);
	tap_str(s, "www.Given.", "relative names are under -o");
	free(s);
	ldns_rdf_deep_free((ldns_rdf *)o.origin);
	dnstk_zone_release(&z);
	fclose(fp);
}

static void
test_origin(void)
{
	struct dnstk_zone z;
	struct dnstk_err err = DNSTK_ERR_INIT;
	char *s;

	dnstk_zone_init(&z);
	load_text(&z, "$ORIGIN Other.\nwww 300 IN A 192.0.2.1\n", "in", &err);
	s = z.origin != NULL ? ldns_rdf2str(z.origin) : NULL;
	tap_str(s, "other.", "no SOA: the origin is the first $ORIGIN");
	free(s);
	dnstk_zone_release(&z);
	dnstk_zone_init(&z);
	load_text(&z, "a.example. 300 IN A 192.0.2.1\n", "in", &err);
	tap_ok(z.origin == NULL, "no SOA, no $ORIGIN: no origin");
	dnstk_zone_release(&z);
	test_origin_given();
}

static void
test_bad_input(void)
{
	struct dnstk_zone z;
	struct dnstk_zone_load_opts o;
	struct dnstk_err err = DNSTK_ERR_INIT;

	dnstk_zone_load_opts_init(&o);
	dnstk_zone_init(&z);
	tap_int(load_text(&z, "a.example. 300 IN A 192.0.2.1\n"
	    "b.example. 300 IN A 300.1.2.3\n",
	    "in", &err), DNSTK_EINPUT, "bad input is DNSTK_EINPUT");
	tap_int((long long)err.line, 2, "with its line");
	dnstk_zone_release(&z);
	dnstk_zone_init(&z);
	tap_ok(dnstk_zone_load_file(&z, ".", &o, &err) == -EISDIR,
	    "a directory is -EISDIR");
	tap_ok(strstr(err.msg, "Is a directory") != NULL, "and says so");
	dnstk_zone_release(&z);
}

int
main(void)
{
	test_load_and_walk();
	test_lookup();
	test_cuts();
	test_rrset_wire();
	test_checks();
	test_origin();
	test_bad_input();
	return tap_done();
}
