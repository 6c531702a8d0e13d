/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dnstk-edns-probe's tests and the checks of their answers (the idea of
 * ISC's genreport, written from its published test descriptions).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <ldns/ldns.h>

#include "dns/edns_check.h"
#include "dns/msg.h"
#include "tool/edns_probe_int.h"

#define SOA LDNS_RR_TYPE_SOA
#define BASE (C_OPT | C_SOA)
const struct probe_test probe_tests[] = {
	{ "dns", SOA, false, 0, 0, 0, 0, false, false, 0, 0,
	  C_NOOPT | C_AA | C_SOA },
	{ "edns", SOA, true, 0, 0, 0, 0, false, false, 0, 0, BASE },
	{ "edns1", SOA, true, 1, 0, 0, 0, false, false, 0, RCODE_BADVERS,
	  C_OPT | C_BV_EMPTY | C_NO_UNKNOWN },
	{ "edns@512", LDNS_RR_TYPE_DNSKEY, true, 0, DNSTK_EDNS_DO, 512, 0,
	  false, true, 0, NO_RCODE, C_OPT | C_512 },
	{ "ednsopt", SOA, true, 0, 0, 0, 0, false, false, O_UNKNOWN, 0,
	  BASE | C_NO_UNKNOWN },
	{ "edns1opt", SOA, true, 1, 0, 0, 0, false, false, O_UNKNOWN,
	  RCODE_BADVERS, C_OPT | C_BV_EMPTY | C_NO_UNKNOWN },
	{ "do", SOA, true, 0, DNSTK_EDNS_DO, 0, 0, false, false, 0, 0,
	  BASE | C_DO },
	{ "ednsflags", SOA, true, 0, EFLAG_UNKNOWN, 0, 0, false, false, 0, 0,
	  BASE | C_FLAGS },
	{ "optlist", SOA, true, 0, 0, 0, 0, false, false,
	  O_NSID | O_ECS | O_EXPIRE | O_COOKIE | O_KEEPALIVE, 0,
	  BASE | C_OPTLIST },
	{ "signed", SOA, true, 0, DNSTK_EDNS_DO, 0, 0, false, false, 0, 0,
	  BASE | C_DO | C_SIGNED },
	{ "ednstcp", SOA, true, 0, 0, 0, 0, true, false, 0, 0, BASE },
	{ "type666", 666, true, 0, 0, 0, 0, false, false, 0, 0,
	  C_OPT | C_NODATA },
	{ "cookie", SOA, true, 0, 0, 0, 0, false, false, O_COOKIE, 0,
	  BASE | C_COOKIE },
	{ "zflag", SOA, false, 0, 0, 0, DNSTK_FLAG_Z, false, false, 0, 0,
	  C_NOZ },
};
#undef SOA
#undef BASE
const size_t probe_ntests = sizeof(probe_tests) / sizeof(probe_tests[0]);

enum dnstk_severity
probe_fail(struct probe *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->why, sizeof(p->why), fmt, ap);
	va_end(ap);
	return DNSTK_SEV_ERROR;
}

enum dnstk_severity
probe_nomem(struct probe *p)
{
	p->nomem = true;
	return probe_fail(p, "out of memory");
}

static const char *
rcode_str(unsigned rcode, char *buf, size_t cap)
{
	const char *n = dnstk_rcode_name(rcode);

	if (n == NULL) {
		snprintf(buf, cap, "RCODE%u", rcode);
		n = buf;
	}
	return n;
}

static size_t
count_type(const struct dnstk_msg *m, int sec, ldns_rr_type t)
{
	size_t i, n = 0;

	for (i = 0; i < ldns_rr_list_rr_count(m->sec[sec]); i++) {
		n += ldns_rr_get_type(ldns_rr_list_rr(m->sec[sec], i)) == t;
	}
	return n;
}

/* 1 when option `want` is in the OPT record of `e` (*d, *len its data). */
static int
has_option(const struct dnstk_edns *e, uint16_t want, const uint8_t **d,
    uint16_t *len)
{
	size_t pos = 0;
	uint16_t code;

	while (dnstk_edns_next_option(e->options, e->options_len, &pos, &code,
	    d, len) == 1) {
		if (code == want) {
			return 1;
		}
	}
	return 0;
}

/* The RCODE, OPT presence and header checks; OK or p->why set. */
static enum dnstk_severity
check_head(struct probe *p, const struct probe_test *t,
    const struct dnstk_msg *m, const struct dnstk_edns *e)
{
	unsigned c = t->checks, got = dnstk_msg_rcode(m);
	size_t nopt = count_type(m, DNSTK_SEC_ADDITIONAL, LDNS_RR_TYPE_OPT);
	char a[16], b[16];

	if (t->rcode != NO_RCODE && got != (unsigned)t->rcode) {
		return probe_fail(p, "expected %s, got %s", rcode_str((unsigned)
		    t->rcode, a, sizeof(a)), rcode_str(got, b, sizeof(b)));
	}
	if ((c & C_NOOPT) && e->present) {
		return probe_fail(p, "OPT record in the answer to a query without "
		    "EDNS");
	}
	if ((c & C_AA) && !(m->flags & DNSTK_FLAG_AA)) {
		return probe_fail(p, "AA not set: not authoritative for the zone");
	}
	if ((c & C_OPT) && !e->present) {
		return probe_fail(p, "no OPT record in the answer");
	}
	if ((c & C_OPT) && nopt > 1) {
		return probe_fail(p, "%zu OPT records in the answer", nopt);
	}
	if ((c & C_OPT) && e->version != 0) {
		return probe_fail(p, "OPT version %u, expected 0", e->version);
	}
	if ((c & C_SOA) && count_type(m, DNSTK_SEC_ANSWER, LDNS_RR_TYPE_SOA)
	    == 0) {
		return probe_fail(p, "no SOA record in the answer section");
	}
	if ((c & C_NOZ) && (m->flags & DNSTK_FLAG_Z)) {
		return probe_fail(p, "header Z bit set in the answer");
	}
	return DNSTK_SEV_OK;
}

/* 0 when every option of `e` was asked for by "optlist", else the code. */
static int
unasked_option(const struct dnstk_edns *e, uint16_t *bad)
{
	const uint8_t *d;
	size_t pos = 0;
	uint16_t code, n;
	int k;

	while ((k = dnstk_edns_next_option(e->options, e->options_len, &pos,
	    &code, &d, &n)) == 1) {
		/* Sent: 3, 8-11; PADDING (12) and EDE (15) may come unasked. */
		if (code != 3 && (code < 8 || code > 12) && code != 15) {
			*bad = code;
			return 1;
		}
	}
	return k < 0 ? -1 : 0;
}

/* The checks on the answer's content, after check_head(). */
static enum dnstk_severity
check_body(struct probe *p, const struct probe_test *t,
    const struct dnstk_msg *m, const struct dnstk_edns *e, size_t len)
{
	unsigned c = t->checks;
	size_t nans = ldns_rr_list_rr_count(m->sec[DNSTK_SEC_ANSWER]);
	const uint8_t *d = NULL;
	uint16_t n = 0;
	int k;

	if ((c & C_BV_EMPTY) && nans != 0) {
		return probe_fail(p, "BADVERS answer has records in the answer "
		    "section");
	}
	if ((c & C_NO_UNKNOWN) && has_option(e, OPT_UNKNOWN, &d, &n)) {
		return probe_fail(p, "unknown option %d echoed", OPT_UNKNOWN);
	}
	if ((c & C_512) && len > 512) {
		return probe_fail(p, "answer of %zu bytes over UDP exceeds the "
		    "512 bytes offered", len);
	}
	if ((c & C_DO) && !(e->flags & DNSTK_EDNS_DO)) {
		return probe_fail(p, "DO not set in the answer");
	}
	if ((c & C_FLAGS) && (e->flags & ~DNSTK_EDNS_DO)) {
		return probe_fail(p, "unknown EDNS flags 0x%04x echoed",
		    e->flags & ~DNSTK_EDNS_DO);
	}
	if ((c & C_OPTLIST) && (k = unasked_option(e, &n)) != 0) {
		return k < 0 ? probe_fail(p, "OPT options run past the record") :
		    probe_fail(p, "option %u in the answer was not asked for", n);
	}
	if ((c & C_NODATA) && nans != 0) {
		return probe_fail(p, "records in the answer section for type 666");
	}
	if ((c & C_NODATA) && count_type(m, DNSTK_SEC_AUTHORITY,
	    LDNS_RR_TYPE_SOA) == 0) {
		return probe_fail(p, "no SOA in the authority section (NODATA)");
	}
	if ((c & C_COOKIE) && has_option(e, 10, &d, &n)) {
		/* No cookie support is allowed; a bad cookie is not. */
		if (n < 16 || n > 40) {
			return probe_fail(p, "COOKIE of %u bytes (want 16 to 40)", n);
		}
		if (memcmp(d, p->cookie, 8) != 0) {
			return probe_fail(p, "COOKIE does not start with the client "
			    "cookie");
		}
	}
	if ((c & C_SIGNED) && count_type(m, DNSTK_SEC_ANSWER,
	    LDNS_RR_TYPE_RRSIG) == 0) {
		snprintf(p->why, sizeof(p->why), "skipped (zone not signed: "
		    "no RRSIG with the SOA)");
		return DNSTK_SEV_NOTE;
	}
	return DNSTK_SEV_OK;
}

/* Any EDNS protocol violation (RFC 6891, option formats) fails a test. */
enum dnstk_severity
probe_check_answer(struct probe *p, const struct probe_test *t,
    const struct dnstk_msg *m, size_t len)
{
	struct dnstk_violations vs;
	struct dnstk_findings fs;
	struct dnstk_buf b;
	struct dnstk_edns e;
	enum dnstk_severity v;
	size_t i;

	dnstk_msg_edns(m, &e);
	v = check_head(p, t, m, &e);
	if (v == DNSTK_SEV_OK) {
		v = check_body(p, t, m, &e, len);
	}
	if (v == DNSTK_SEV_ERROR) {
		return v;
	}
	dnstk_violations_init(&vs);
	dnstk_findings_init(&fs);
	dnstk_buf_init(&b);
	if (dnstk_edns_check_msg(&vs, m) != 0 ||
	    dnstk_findings_from_violations(&fs, &vs) != 0) {
		v = probe_nomem(p);
	}
	for (i = 0; i < fs.count && v != DNSTK_SEV_ERROR; i++) {
		if (fs.f[i].severity != DNSTK_SEV_ERROR) {
			continue;
		}
		v = dnstk_finding_text(&b, &fs.f[i], &DNSTK_FINDING_TEXT_PROBE,
		    NULL) != 0 || dnstk_buf_addc(&b, '\0') != 0 ?
		    probe_nomem(p) : probe_fail(p, "%s", b.data);
	}
	dnstk_buf_release(&b);
	dnstk_findings_release(&fs);
	dnstk_violations_release(&vs);
	return v;
}
