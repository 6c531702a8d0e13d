/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * EDNS(0) protocol checks.  Every finding is a named violation in a list
 * the caller owns; nothing here trusts a length it has not checked, so a
 * hostile OPT record gives violations, never a crash.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "dns/edns_check.h"
#include "dns/edns_opt.h"
#include "util/buf.h"
#include "util/err.h"

#define RCODE_BADCOOKIE 23

void
dnstk_violations_init(struct dnstk_violations *vs)
{
	vs->v = NULL;
	vs->count = 0;
	vs->cap = 0;
}

void
dnstk_violations_release(struct dnstk_violations *vs)
{
	free(vs->v);
	dnstk_violations_init(vs);
}

size_t
dnstk_violations_errors(const struct dnstk_violations *vs)
{
	size_t i, n = 0;

	for (i = 0; i < vs->count; i++) {
		n += vs->v[i].level == DNSTK_VIOLATION_MUST;
	}
	return n;
}

static int
add(struct dnstk_violations *vs, const char *id, const char *ref,
    enum dnstk_violation_level level, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int
add(struct dnstk_violations *vs, const char *id, const char *ref,
    enum dnstk_violation_level level, const char *fmt, ...)
{
	struct dnstk_violation *v;
	va_list ap;

	v = dnstk_array_grow(vs->v, vs->count, &vs->cap, sizeof(*v), 8);
	if (v == NULL) {
		return DNSTK_ENOMEM;
	}
	vs->v = v;
	v = &vs->v[vs->count++];
	v->id = id;
	v->ref = ref;
	v->level = level;
	va_start(ap, fmt);
	vsnprintf(v->detail, sizeof(v->detail), fmt, ap);
	va_end(ap);
	return 0;
}

#define PL(n) ((n) == 1 ? "" : "s")
#define MUST DNSTK_VIOLATION_MUST
#define SHOULD DNSTK_VIOLATION_SHOULD

static int
check_ecs(struct dnstk_violations *vs, const uint8_t *d, size_t len,
    bool response)
{
	static const char ref[] = "RFC 7871 §6";
	unsigned family, source, scope, bits;
	size_t need, have;
	int r = 0;

	if (len < 4) {
		return add(vs, "ecs-bad-length", ref, MUST,
		    "CLIENT-SUBNET of %zu octet%s, less than 4", len,
		    PL(len));
	}
	family = (unsigned)(d[0] << 8 | d[1]);
	source = d[2];
	scope = d[3];
	if (family == 1) {
		bits = 32;
	} else if (family == 2) {
		bits = 128;
	} else if (family == 0) {
		bits = 0;	/* only the empty 0/0 form (as BIND allows) */
	} else {
		return add(vs, "ecs-bad-family", ref, MUST,
		    "CLIENT-SUBNET family %u is neither 1 (IPv4) nor 2 (IPv6)",
		    family);
	}
	if (source > bits) {
		r |= add(vs, "ecs-prefix-too-long", ref, MUST,
		    "CLIENT-SUBNET source prefix /%u longer than the %u bits "
		    "of family %u", source, bits, family);
	}
	if (scope > bits) {
		r |= add(vs, "ecs-prefix-too-long", ref, MUST,
		    "CLIENT-SUBNET scope prefix /%u longer than the %u bits "
		    "of family %u", scope, bits, family);
	}
	if (!response && scope != 0) {
		r |= add(vs, "ecs-scope-in-query", ref, MUST,
		    "CLIENT-SUBNET scope prefix /%u in a query, not 0", scope);
	}
	if (source > bits) {
		/* no octet count fits such a prefix */
		return r != 0 ? DNSTK_ENOMEM : 0;
	}
	need = (source + 7) / 8;
	have = len - 4;
	if (have > need) {
		r |= add(vs, "ecs-address-too-long", ref, MUST,
		    "CLIENT-SUBNET address of %zu octet%s, source prefix "
		    "/%u needs %zu", have, PL(have), source, need);
	} else if (have < need) {
		r |= add(vs, "ecs-address-too-short", ref, MUST,
		    "CLIENT-SUBNET address of %zu octet%s, source prefix "
		    "/%u needs %zu", have, PL(have), source, need);
	} else if (source % 8 != 0 &&
	    (d[4 + need - 1] & (0xff >> (source % 8))) != 0) {
		r |= add(vs, "ecs-address-not-masked", ref, MUST,
		    "CLIENT-SUBNET address has bits set past /%u", source);
	}
	return r != 0 ? DNSTK_ENOMEM : 0;
}

int
dnstk_edns_check_option(struct dnstk_violations *vs, uint16_t code,
    const uint8_t *d, size_t len, bool response)
{
	size_t i;

	switch (code) {
	case 3:
		if (!response && len != 0) {
			return add(vs, "nsid-query-not-empty", "RFC 5001 §2.1",
			    MUST, "NSID of %zu octet%s in a query, not empty",
			    len, PL(len));
		}
		break;
	case 8:
		return check_ecs(vs, d, len, response);
	case 9:
		if ((response && len != 4) || (!response && len != 0)) {
			return add(vs, "expire-bad-length", "RFC 7314 §2",
			    MUST, "EXPIRE of %zu octet%s in a %s, not %s",
			    len, PL(len),
			    response ? "response" : "query",
			    response ? "4" : "0");
		}
		break;
	case 10:
		if (len != 8 && (len < 16 || len > 40)) {
			return add(vs, "cookie-bad-length", "RFC 7873 §5.2.2",
			    MUST, "COOKIE of %zu octet%s, not 8 or 16 to 40",
			    len, PL(len));
		}
		break;
	case 11:
		if ((response && len != 2) || (!response && len != 0)) {
			return add(vs, "keepalive-bad-length",
			    "RFC 7828 §3.1", MUST,
			    "TCP-KEEPALIVE of %zu octet%s in a %s, not %s",
			    len, PL(len),
			    response ? "response" : "query",
			    response ? "2" : "0");
		}
		break;
	case 12:
		for (i = 0; i < len; i++) {
			if (d[i] != 0) {
				return add(vs, "padding-nonzero", "RFC 7830 §3",
				    SHOULD, "PADDING octet %zu is 0x%02x, "
				    "not 0", i, d[i]);
			}
		}
		break;
	case 13:
		if (dnstk_edns_wire_name_check(d, len) != 0) {
			return add(vs, "chain-bad-name", "RFC 7901 §4", MUST,
			    "CHAIN of %zu octet%s is not one uncompressed "
			    "domain name", len, PL(len));
		}
		break;
	case 14:
		if (len == 0 || len % 2 != 0) {
			return add(vs, "keytag-bad-length", "RFC 8145 §4.1",
			    MUST, "KEY-TAG of %zu octet%s, not a non-zero "
			    "multiple of 2", len, PL(len));
		}
		break;
	case 15:
		if (len < 2) {
			return add(vs, "ede-bad-length", "RFC 8914 §2", MUST,
			    "EDE of %zu octet%s, shorter than its INFO-CODE",
			    len, PL(len));
		}
		break;
	case 18:
		if (dnstk_edns_wire_name_check(d, len) != 0) {
			return add(vs, "report-channel-bad-name",
			    "RFC 9567 §5", MUST, "REPORT-CHANNEL of %zu octet%s "
			    "is not one uncompressed domain name", len,
			    PL(len));
		}
		break;
	case 19:
		if (!response && len != 0) {
			return add(vs, "zoneversion-bad-length", "RFC 9660 §2",
			    MUST, "ZONEVERSION of %zu octet%s in a query, "
			    "not empty", len, PL(len));
		}
		if (response && len == 1) {
			return add(vs, "zoneversion-bad-length", "RFC 9660 §2",
			    MUST, "ZONEVERSION of 1 octet, shorter than "
			    "LABELCOUNT and TYPE");
		}
		if (response && len >= 2 && d[1] == 0 && len != 6) {
			return add(vs, "zoneversion-bad-length", "RFC 9660 §2",
			    MUST, "ZONEVERSION type 0 (SOA-SERIAL) with a "
			    "%zu-octet version, not 4", len - 2);
		}
		break;
	default:
		break;
	}
	return 0;
}

int
dnstk_edns_check_options(struct dnstk_violations *vs, const uint8_t *opts,
    size_t len, bool response)
{
	size_t pos = 0;
	const uint8_t *d;
	uint16_t code, dlen;
	int k, r;

	while ((k = dnstk_edns_next_option(opts, len, &pos, &code, &d,
	    &dlen)) == 1) {
		r = dnstk_edns_check_option(vs, code, d, dlen, response);
		if (r != 0) {
			return r;
		}
	}
	if (k < 0) {
		if (len - pos < 4) {
			return add(vs, "option-overrun", "RFC 6891 §6.1.2",
			    MUST, "%zu octet%s after the last option, too "
			    "few for an option header", len - pos,
			    PL(len - pos));
		}
		return add(vs, "option-overrun", "RFC 6891 §6.1.2", MUST,
		    "option %u claims %u octets, only %zu left in RDLENGTH",
		    (unsigned)(opts[pos] << 8 | opts[pos + 1]),
		    (unsigned)(opts[pos + 2] << 8 | opts[pos + 3]),
		    len - pos - 4);
	}
	return 0;
}

/* Does OPT rdata `opts` hold a COOKIE option; with a server cookie? */
static void
find_cookie(const uint8_t *opts, size_t len, bool *any, bool *server)
{
	size_t pos = 0;
	const uint8_t *d;
	uint16_t code, dlen;

	while (dnstk_edns_next_option(opts, len, &pos, &code, &d,
	    &dlen) == 1) {
		if (code == 10) {
			*any = true;
			*server = *server || dlen >= 16;
		}
	}
}

int
dnstk_edns_check_msg(struct dnstk_violations *vs, const struct dnstk_msg *m)
{
	const bool response = (m->flags & DNSTK_FLAG_QR) != 0;
	struct dnstk_edns e;
	const ldns_rr *rr;
	const ldns_rdf *owner, *rd;
	size_t i, n, nopt = 0;
	bool cookie = false, server = false;
	int s, r = 0;

	for (s = 0; s < DNSTK_SEC_COUNT; s++) {
		n = ldns_rr_list_rr_count(m->sec[s]);
		for (i = 0; i < n; i++) {
			rr = ldns_rr_list_rr(m->sec[s], i);
			nopt += ldns_rr_get_type(rr) == LDNS_RR_TYPE_OPT;
		}
	}
	if (nopt > 1) {
		r |= add(vs, "multiple-opt", "RFC 6891 §6.1.1", MUST,
		    "%zu OPT records", nopt);
	}
	for (s = 0; s < DNSTK_SEC_COUNT; s++) {
		n = ldns_rr_list_rr_count(m->sec[s]);
		for (i = 0; i < n; i++) {
			rr = ldns_rr_list_rr(m->sec[s], i);
			if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_OPT) {
				continue;
			}
			if (s != DNSTK_SEC_ADDITIONAL) {
				r |= add(vs, "opt-outside-additional",
				    "RFC 6891 §6.1.1", MUST, "OPT record in "
				    "the %s section", dnstk_section_name(s));
			}
			if (s == DNSTK_SEC_QUESTION) {
				continue;	/* a question has no rdata */
			}
			owner = ldns_rr_owner(rr);
			if (owner == NULL || ldns_rdf_size(owner) != 1) {
				char *name = owner != NULL ?
				    ldns_rdf2str(owner) : NULL;

				r |= add(vs, "opt-owner-not-root",
				    "RFC 6891 §6.1.2", MUST, "OPT owner is "
				    "'%s', not the root", name != NULL ? name :
				    "?");
				free(name);
			}
			rd = ldns_rr_rd_count(rr) > 0 ? ldns_rr_rdf(rr, 0) :
			    NULL;
			if (rd != NULL && r == 0) {
				r = dnstk_edns_check_options(vs,
				    ldns_rdf_data(rd), ldns_rdf_size(rd),
				    response);
				find_cookie(ldns_rdf_data(rd),
				    ldns_rdf_size(rd), &cookie, &server);
			}
		}
	}
	dnstk_msg_edns(m, &e);
	if (response && e.present && dnstk_msg_rcode(m) == RCODE_BADCOOKIE &&
	    !server) {
		r |= add(vs, "badcookie-without-cookie", "RFC 7873 §5.2.3",
		    MUST, "BADCOOKIE response %s", cookie ?
		    "with a COOKIE option but no server cookie" :
		    "without a COOKIE option");
	}
	return r != 0 ? DNSTK_ENOMEM : 0;
}
