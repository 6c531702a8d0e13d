/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Coverage tests for lib/zone's lookups through its public API: owners
 * found and not found, the apex of zones with and without SOA or origin,
 * zone cuts (a delegation, the apex, a name below a cut, out-of-zone
 * data), the line of each record, and an RRset in canonical wire form
 * with a duplicate record written once.  The expected bytes are RFC 4034
 * §6.2 canonical records, built here by ldns.
 */
#include <stdio.h>
#include <string.h>

#include <ldns/ldns.h>

#include "tap.h"
#include "util/buf.h"
#include "util/err.h"
#include "zone/zone.h"

static const char zone_text[] =
    "$ORIGIN z.test.\n"
    "$TTL 300\n"
    "@ SOA ns h 1 2 3 4 5\n"		/* line 3 */
    "@ NS ns\n"
    "ns A 192.0.2.1\n"
    "sub NS ns.sub\n"			/* line 6 */
    "ns.sub A 192.0.2.2\n"
    "www TXT \"b\"\n"			/* line 8 */
    "www TXT \"a\"\n"
    "www TXT \"b\"\n"			/* a duplicate of line 8 */
    "other.invalid. A 192.0.2.9\n";

/* Load `text` into z (sorted); 0 or an error code. */
static int
load(struct dnstk_zone *z, const char *text)
{
	struct dnstk_zone_load_opts o;
	struct dnstk_err err = DNSTK_ERR_INIT;
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	int r;

	if (fp == NULL) {
		return -1;
	}
	dnstk_zone_init(z);
	dnstk_zone_load_opts_init(&o);
	r = dnstk_zone_load(z, fp, "z", &o, &err);
	fclose(fp);
	return r != 0 ? r : dnstk_zone_sort(z);
}

/* The index of the first record of `name` (text) and `type`, or SIZE_MAX. */
static size_t
find(const struct dnstk_zone *z, const char *name, uint16_t type)
{
	ldns_rdf *d = NULL;
	size_t i = SIZE_MAX;

	if (ldns_str2rdf_dname(&d, name) == LDNS_STATUS_OK &&
	    dnstk_zone_find_rrset(z, ldns_rdf_data(d), ldns_rdf_size(d),
	    LDNS_RR_CLASS_IN, type, &i) != 0) {
		i = SIZE_MAX;
	}
	ldns_rdf_deep_free(d);
	return i < dnstk_zone_count(z) ? i : SIZE_MAX;
}

static void
test_owners(const struct dnstk_zone *z)
{
	ldns_rdf *d = NULL;
	size_t first, end;

	ldns_str2rdf_dname(&d, "www.z.test.");
	tap_int(dnstk_zone_find_owner(z, ldns_rdf_data(d), ldns_rdf_size(d),
	    &first, &end), 0, "owner: www found");
	tap_int((long long)(end - first), 3, "owner: www has three records");
	ldns_rdf_deep_free(d);
	d = NULL;
	ldns_str2rdf_dname(&d, "nope.z.test.");
	tap_int(dnstk_zone_find_owner(z, ldns_rdf_data(d), ldns_rdf_size(d),
	    &first, &end), 0, "owner: a name not in the zone is looked up");
	tap_ok(first == end, "owner: and has no records");
	ldns_rdf_deep_free(d);
	tap_int((long long)dnstk_zone_line(z, find(z, "sub.z.test.",
	    LDNS_RR_TYPE_NS)), 6, "line: the delegation is on line 6");
}

static void
test_cuts(const struct dnstk_zone *z)
{
	size_t soa = SIZE_MAX;

	tap_int(dnstk_zone_apex(z, &soa), 0, "apex: found");
	tap_ok(soa == find(z, "z.test.", LDNS_RR_TYPE_SOA),
	    "apex: it is the SOA");
	tap_ok(dnstk_zone_is_cut(z, find(z, "sub.z.test.", LDNS_RR_TYPE_NS)),
	    "cut: sub has NS below the apex");
	tap_ok(dnstk_zone_is_cut(z, find(z, "ns.z.test.", LDNS_RR_TYPE_A)) ==
	    false, "cut: ns is no delegation");
	tap_ok(dnstk_zone_is_cut(z, find(z, "other.invalid.",
	    LDNS_RR_TYPE_A)) == false, "cut: out-of-zone data is none");
}

static void
test_rrset_wire(const struct dnstk_zone *z)
{
	struct dnstk_buf b;
	ldns_rr *a = NULL, *bb = NULL;
	ldns_buffer *w = ldns_buffer_new(256);
	size_t i = find(z, "www.z.test.", LDNS_RR_TYPE_TXT);

	dnstk_buf_init(&b);
	tap_int(dnstk_zone_rrset_wire(&b, z, i), 0, "rrset: www TXT");
	/* canonical order: "a" before "b"; the second "b" left out */
	ldns_rr_new_frm_str(&a, "www.z.test. 300 IN TXT \"a\"", 0, NULL, NULL);
	ldns_rr_new_frm_str(&bb, "www.z.test. 300 IN TXT \"b\"", 0, NULL,
	    NULL);
	if (a != NULL && bb != NULL && w != NULL &&
	    ldns_rr2buffer_wire_canonical(w, a, LDNS_SECTION_ANSWER) ==
	    LDNS_STATUS_OK && ldns_rr2buffer_wire_canonical(w, bb,
	    LDNS_SECTION_ANSWER) == LDNS_STATUS_OK) {
		tap_mem(b.data, b.len, ldns_buffer_begin(w),
		    ldns_buffer_position(w),
		    "rrset: two records, canonical, as ldns writes them");
	} else {
		tap_ok(0, "rrset: ldns builds the expected records");
	}
	ldns_rr_free(a);
	ldns_rr_free(bb);
	ldns_buffer_free(w);
	dnstk_buf_release(&b);
}

static void
test_no_apex(void)
{
	struct dnstk_zone z;
	size_t soa;

	tap_int(load(&z, "$ORIGIN y.test.\nwww A 192.0.2.1\n"), 0,
	    "no SOA: loads");
	tap_int(dnstk_zone_apex(&z, &soa), DNSTK_EINPUT,
	    "no SOA: no apex");
	dnstk_zone_release(&z);
	tap_int(load(&z, "www.y.test. 300 IN A 192.0.2.1\n"), 0,
	    "no origin: loads");
	tap_ok(z.origin == NULL, "no origin: none known");
	tap_int(dnstk_zone_apex(&z, &soa), DNSTK_EINPUT,
	    "no origin: no apex");
	tap_ok(dnstk_zone_is_cut(&z, 0) == false,
	    "no origin: nothing is a cut");
	dnstk_zone_release(&z);
}

int
main(void)
{
	struct dnstk_zone z;

	if (load(&z, zone_text) != 0) {
		tap_ok(0, "the zone loads");
		return tap_done();
	}
	tap_int((long long)dnstk_zone_count(&z), 9, "zone: nine records");
	test_owners(&z);
	test_cuts(&z);
	test_rrset_wire(&z);
	dnstk_zone_release(&z);
	test_no_apex();
	return tap_done();
}
