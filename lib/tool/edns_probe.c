/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dnstk-edns-probe: the idea of ISC's EDNS compliance tester (genreport):
 * a fixed set of queries, each probing one rule of RFC 6891 and its
 * options, and a verdict per query.  Written from the published test
 * descriptions, not from its code.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>

#include <ldns/ldns.h>

#include "dns/edns_check.h"
#include "dns/msg.h"
#include "net/client.h"
#include "net/qmsg.h"
#include "net/server.h"
#include "net/xfer.h"
#include "tool/edns_probe.h"

#define RCODE_NOERROR 0
#define RCODE_BADVERS 16
#define OPT_UNKNOWN 100		/* the unassigned code genreport uses */
#define EFLAG_UNKNOWN 0x0040	/* an unassigned EDNS flag bit */

enum verdict {
	V_OK,
	V_FAIL,
	V_SKIP,
};

/* Options a test sends, as bits. */
enum {
	O_UNKNOWN = 1 << 0,
	O_NSID = 1 << 1,
	O_ECS = 1 << 2,
	O_EXPIRE = 1 << 3,
	O_COOKIE = 1 << 4,
	O_KEEPALIVE = 1 << 5,
};

struct probe;

struct probe_test {
	const char *name;
	uint16_t qtype;
	bool edns;
	uint8_t version;
	uint16_t eflags;
	uint16_t udp_size;
	uint16_t hflags;	/* header flags besides the defaults */
	bool tcp;
	bool ignore_tc;
	unsigned opts;
	enum verdict (*check)(struct probe *p, const struct dnstk_msg *m,
	    size_t len);
};

struct probe {
	const struct dnstk_edns_probe_args *a;
	struct dnstk_server server;
	uint8_t cookie[8];
	char why[256];
};

static enum verdict
fail(struct probe *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static enum verdict
fail(struct probe *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->why, sizeof(p->why), fmt, ap);
	va_end(ap);
	return V_FAIL;
}

static const char *
rcode_str(unsigned rcode, char *buf, size_t cap)
{
	const char *n = dnstk_rcode_name(rcode);

	if (n != NULL) {
		return n;
	}
	snprintf(buf, cap, "RCODE%u", rcode);
	return buf;
}

/* Checks shared by the tests; each returns V_OK or fills p->why. */
static enum verdict
want_rcode(struct probe *p, const struct dnstk_msg *m, unsigned want)
{
	char a[16], b[16];
	unsigned got = dnstk_msg_rcode(m);

	if (got != want) {
		return fail(p, "expected %s, got %s", rcode_str(want, a,
		    sizeof(a)), rcode_str(got, b, sizeof(b)));
	}
	return V_OK;
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

static enum verdict
want_opt(struct probe *p, const struct dnstk_msg *m, struct dnstk_edns *e)
{
	size_t n = count_type(m, DNSTK_SEC_ADDITIONAL, LDNS_RR_TYPE_OPT);

	dnstk_msg_edns(m, e);
	if (!e->present) {
		return fail(p, "no OPT record in the answer");
	}
	if (n > 1) {
		return fail(p, "%zu OPT records in the answer", n);
	}
	if (e->version != 0) {
		return fail(p, "OPT version %u, expected 0", e->version);
	}
	return V_OK;
}

static enum verdict
want_soa(struct probe *p, const struct dnstk_msg *m)
{
	if (count_type(m, DNSTK_SEC_ANSWER, LDNS_RR_TYPE_SOA) == 0) {
		return fail(p, "no SOA record in the answer section");
	}
	return V_OK;
}

/* 1 when option `code` is in the OPT record of `e`. */
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

static enum verdict
check_dns(struct probe *p, const struct dnstk_msg *m, size_t len)
{
	struct dnstk_edns e;

	(void)len;
	if (want_rcode(p, m, RCODE_NOERROR) != V_OK) {
		return V_FAIL;
	}
	dnstk_msg_edns(m, &e);
	if (e.present) {
		return fail(p, "OPT record in the answer to a query without "
		    "EDNS");
	}
	if (!(m->flags & DNSTK_FLAG_AA)) {
		return fail(p, "AA not set: not authoritative for the zone");
	}
	return want_soa(p, m);
}

static enum verdict
check_edns(struct probe *p, const struct dnstk_msg *m, size_t len)
{
	struct dnstk_edns e;

	(void)len;
	if (want_rcode(p, m, RCODE_NOERROR) != V_OK ||
	    want_opt(p, m, &e) != V_OK) {
		return V_FAIL;
	}
	return want_soa(p, m);
}

static enum verdict
check_edns1(struct probe *p, const struct dnstk_msg *m, size_t len)
{
	struct dnstk_edns e;
	const uint8_t *d;
	uint16_t n;

	(void)len;
	if (want_rcode(p, m, RCODE_BADVERS) != V_OK ||
	    want_opt(p, m, &e) != V_OK) {
		return V_FAIL;
	}
	if (ldns_rr_list_rr_count(m->sec[DNSTK_SEC_ANSWER]) != 0) {
		return fail(p, "BADVERS answer has records in the answer "
		    "section");
	}
	if (has_option(&e, OPT_UNKNOWN, &d, &n)) {
		return fail(p, "unknown option %d echoed", OPT_UNKNOWN);
	}
	return V_OK;
}

static enum verdict
check_edns512(struct probe *p, const struct dnstk_msg *m, size_t len)
{
	struct dnstk_edns e;

	if (want_opt(p, m, &e) != V_OK) {
		return V_FAIL;
	}
	if (len > 512) {
		return fail(p, "answer of %zu bytes over UDP exceeds the "
		    "512 bytes offered", len);
	}
	return V_OK;
}

static enum verdict
check_ednsopt(struct probe *p, const struct dnstk_msg *m, size_t len)
{
	struct dnstk_edns e;
	const uint8_t *d;
	uint16_t n;

	if (check_edns(p, m, len) != V_OK) {
		return V_FAIL;
	}
	dnstk_msg_edns(m, &e);
	if (has_option(&e, OPT_UNKNOWN, &d, &n)) {
		return fail(p, "unknown option %d echoed", OPT_UNKNOWN);
	}
	return V_OK;
}

static enum verdict
check_do(struct probe *p, const struct dnstk_msg *m, size_t len)
{
	struct dnstk_edns e;

	if (check_edns(p, m, len) != V_OK) {
		return V_FAIL;
	}
	dnstk_msg_edns(m, &e);
	if (!(e.flags & DNSTK_EDNS_DO)) {
		return fail(p, "DO not set in the answer");
	}
	return V_OK;
}

static enum verdict
check_ednsflags(struct probe *p, const struct dnstk_msg *m, size_t len)
{
	struct dnstk_edns e;

	if (check_edns(p, m, len) != V_OK) {
		return V_FAIL;
	}
	dnstk_msg_edns(m, &e);
	if (e.flags & ~DNSTK_EDNS_DO) {
		return fail(p, "unknown EDNS flags 0x%04x echoed",
		    e.flags & ~DNSTK_EDNS_DO);
	}
	return V_OK;
}

static enum verdict
check_optlist(struct probe *p, const struct dnstk_msg *m, size_t len)
{
	static const uint16_t sent[] = { 3, 8, 9, 10, 11 };
	struct dnstk_edns e;
	const uint8_t *d;
	size_t pos = 0, i;
	uint16_t code, n;
	int k;

	if (check_edns(p, m, len) != V_OK) {
		return V_FAIL;
	}
	dnstk_msg_edns(m, &e);
	while ((k = dnstk_edns_next_option(e.options, e.options_len, &pos,
	    &code, &d, &n)) == 1) {
		for (i = 0; i < sizeof(sent) / sizeof(sent[0]); i++) {
			if (sent[i] == code) {
				break;
			}
		}
		/* PADDING (12) and EDE (15) may come unasked. */
		if (i == sizeof(sent) / sizeof(sent[0]) && code != 12 &&
		    code != 15) {
			return fail(p, "option %u in the answer was not asked "
			    "for", code);
		}
	}
	if (k < 0) {
		return fail(p, "OPT options run past the record");
	}
	return V_OK;
}

static enum verdict
check_signed(struct probe *p, const struct dnstk_msg *m, size_t len)
{
	if (check_do(p, m, len) != V_OK) {
		return V_FAIL;
	}
	if (count_type(m, DNSTK_SEC_ANSWER, LDNS_RR_TYPE_RRSIG) == 0) {
		snprintf(p->why, sizeof(p->why), "skipped (zone not signed: "
		    "no RRSIG with the SOA)");
		return V_SKIP;
	}
	return V_OK;
}

static enum verdict
check_type666(struct probe *p, const struct dnstk_msg *m, size_t len)
{
	struct dnstk_edns e;

	(void)len;
	if (want_rcode(p, m, RCODE_NOERROR) != V_OK ||
	    want_opt(p, m, &e) != V_OK) {
		return V_FAIL;
	}
	if (ldns_rr_list_rr_count(m->sec[DNSTK_SEC_ANSWER]) != 0) {
		return fail(p, "records in the answer section for type 666");
	}
	if (count_type(m, DNSTK_SEC_AUTHORITY, LDNS_RR_TYPE_SOA) == 0) {
		return fail(p, "no SOA in the authority section (NODATA)");
	}
	return V_OK;
}

static enum verdict
check_cookie(struct probe *p, const struct dnstk_msg *m, size_t len)
{
	struct dnstk_edns e;
	const uint8_t *d;
	uint16_t n;

	if (check_edns(p, m, len) != V_OK) {
		return V_FAIL;
	}
	dnstk_msg_edns(m, &e);
	if (!has_option(&e, 10, &d, &n)) {
		return V_OK;	/* no cookie support is allowed */
	}
	if (n < 16 || n > 40) {
		return fail(p, "COOKIE of %u bytes (want 16 to 40)", n);
	}
	if (memcmp(d, p->cookie, 8) != 0) {
		return fail(p, "COOKIE does not start with the client cookie");
	}
	return V_OK;
}

static enum verdict
check_zflag(struct probe *p, const struct dnstk_msg *m, size_t len)
{
	(void)len;
	if (want_rcode(p, m, RCODE_NOERROR) != V_OK) {
		return V_FAIL;
	}
	if (m->flags & DNSTK_FLAG_Z) {
		return fail(p, "header Z bit set in the answer");
	}
	return V_OK;
}

#define SOA LDNS_RR_TYPE_SOA
static const struct probe_test tests[] = {
	{ "dns", SOA, false, 0, 0, 0, 0, false, false, 0, check_dns },
	{ "edns", SOA, true, 0, 0, 0, 0, false, false, 0, check_edns },
	{ "edns1", SOA, true, 1, 0, 0, 0, false, false, 0, check_edns1 },
	{ "edns@512", LDNS_RR_TYPE_DNSKEY, true, 0, DNSTK_EDNS_DO, 512, 0,
	  false, true, 0, check_edns512 },
	{ "ednsopt", SOA, true, 0, 0, 0, 0, false, false, O_UNKNOWN,
	  check_ednsopt },
	{ "edns1opt", SOA, true, 1, 0, 0, 0, false, false, O_UNKNOWN,
	  check_edns1 },
	{ "do", SOA, true, 0, DNSTK_EDNS_DO, 0, 0, false, false, 0, check_do },
	{ "ednsflags", SOA, true, 0, EFLAG_UNKNOWN, 0, 0, false, false, 0,
	  check_ednsflags },
	{ "optlist", SOA, true, 0, 0, 0, 0, false, false,
	  O_NSID | O_ECS | O_EXPIRE | O_COOKIE | O_KEEPALIVE, check_optlist },
	{ "signed", SOA, true, 0, DNSTK_EDNS_DO, 0, 0, false, false, 0,
	  check_signed },
	{ "ednstcp", SOA, true, 0, 0, 0, 0, true, false, 0, check_edns },
	{ "type666", 666, true, 0, 0, 0, 0, false, false, 0, check_type666 },
	{ "cookie", SOA, true, 0, 0, 0, 0, false, false, O_COOKIE,
	  check_cookie },
	{ "zflag", SOA, false, 0, 0, 0, DNSTK_FLAG_Z, false, false, 0,
	  check_zflag },
};
#undef SOA

void
dnstk_edns_probe_args_init(struct dnstk_edns_probe_args *a)
{
	memset(a, 0, sizeof(*a));
	a->resolv_conf = DNSTK_RESOLV_CONF;
	a->port = 53;
	a->family = AF_UNSPEC;
	a->timeout_ms = 3000;
	a->tries = 2;
	a->form = DNSTK_FORM_TEXT;
}

static int
build_options(struct dnstk_buf *o, const struct probe *p, unsigned opts)
{
	static const uint8_t ecs0[] = { 0, 1, 0, 0 };	/* 0.0.0.0/0 */
	int r = 0;

	if (opts & O_UNKNOWN) {
		r |= dnstk_opt_append(o, OPT_UNKNOWN, NULL, 0);
	}
	if (opts & O_NSID) {
		r |= dnstk_opt_append(o, 3, NULL, 0);
	}
	if (opts & O_ECS) {
		r |= dnstk_opt_append(o, 8, ecs0, sizeof(ecs0));
	}
	if (opts & O_EXPIRE) {
		r |= dnstk_opt_append(o, 9, NULL, 0);
	}
	if (opts & O_COOKIE) {
		r |= dnstk_opt_append(o, 10, p->cookie, sizeof(p->cookie));
	}
	if (opts & O_KEEPALIVE) {
		r |= dnstk_opt_append(o, 11, NULL, 0);
	}
	return r != 0 ? DNSTK_ENOMEM : 0;
}

/* Any EDNS protocol violation (RFC 6891, option formats) fails a test. */
static enum verdict
check_violations(struct probe *p, const struct dnstk_msg *m, enum verdict v)
{
	struct dnstk_violations vs;
	size_t i;

	dnstk_violations_init(&vs);
	(void)dnstk_edns_check_msg(&vs, m);
	for (i = 0; i < vs.count; i++) {
		if (vs.v[i].level == DNSTK_VIOLATION_MUST) {
			v = fail(p, "%s: %s (%s)", vs.v[i].id, vs.v[i].detail,
			    vs.v[i].ref);
			break;
		}
	}
	dnstk_violations_release(&vs);
	return v;
}

/*
 * Run one test; returns the verdict with p->why set, and sets *answered
 * when any answer came.  The client engine asks, with its EDNS fallbacks
 * off (each test probes one behaviour) but TC -> TCP on.
 */
static enum verdict
run_test(struct probe *p, const struct probe_test *t, bool *answered)
{
	struct dnstk_client_opts o;
	struct dnstk_buf opts;
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_answer *ans = NULL;
	const struct dnstk_msg *m;
	enum verdict v;

	dnstk_buf_init(&opts);
	p->why[0] = '\0';
	dnstk_client_opts_init(&o);
	o.flags = t->hflags;
	o.edns = t->edns;
	o.edns_version = t->version;
	o.edns_flags = t->eflags;
	o.udp_size = t->udp_size != 0 ? t->udp_size : 1232;
	o.tcp = t->tcp;
	o.ignore_tc = t->ignore_tc;
	o.fallback = false;
	o.timeout_ms = p->a->timeout_ms;
	o.tries = p->a->tries;
	if (build_options(&opts, p, t->opts) != 0) {
		v = fail(p, "out of memory");
		goto out;
	}
	o.options = (const uint8_t *)opts.data;
	o.options_len = opts.len;
	if (dnstk_client_query(&p->server, &o, p->a->zone, t->qtype,
	    LDNS_RR_CLASS_IN, &ans, &err) != 0) {
		v = fail(p, "%s", err.msg);
		goto out;
	}
	if (ans->status == DNSTK_ETIMEOUT) {
		v = fail(p, "timeout%s", ans->tcp ? " over TCP" : "");
		goto out;
	}
	if (ans->status != 0) {
		v = fail(p, "%s", ans->errmsg);
		goto out;
	}
	*answered = true;
	if (dnstk_answer_msg(ans, &m, &err) != 0) {
		v = fail(p, "malformed answer: %s", err.msg);
		goto out;
	}
	v = t->check(p, m, ans->wire.len);
	if (v == V_OK || v == V_SKIP) {
		v = check_violations(p, m, v);
	}
out:
	dnstk_answer_free(ans);
	dnstk_buf_release(&opts);
	return v;
}

static int
print_line(FILE *out, enum dnstk_form form, const char *name,
    enum verdict v, const char *why)
{
	struct dnstk_buf b;
	const char *res = v == V_OK ? "ok" : v == V_SKIP ? "skipped" : "failed";
	int r = 0;

	dnstk_buf_init(&b);
	if (form == DNSTK_FORM_JSON) {
		r |= dnstk_buf_adds(&b, "{\"test\":");
		r |= dnstk_buf_addjson(&b, name, strlen(name));
		r |= dnstk_buf_addf(&b, ",\"result\":\"%s\"", res);
		if (v != V_OK) {
			r |= dnstk_buf_adds(&b, ",\"reason\":");
			r |= dnstk_buf_addjson(&b, why, strlen(why));
		}
		r |= dnstk_buf_adds(&b, "}\n");
	} else {
		r |= dnstk_buf_addf(&b, "%s: %s\n", name, v == V_OK ? "ok" :
		    why);
	}
	if (r == 0) {
		r = dnstk_buf_write(&b, out);
	}
	dnstk_buf_release(&b);
	return r;
}

int
dnstk_edns_probe(const struct dnstk_edns_probe_args *a, FILE *out,
    struct dnstk_err *err)
{
	struct probe p;
	struct dnstk_qspec base;	/* only to check the zone name */
	size_t i, n = sizeof(tests) / sizeof(tests[0]);
	unsigned ok = 0, failed = 0, skipped = 0;
	bool answered = false;
	enum verdict v;
	int r;

	memset(&p, 0, sizeof(p));
	memset(&base, 0, sizeof(base));
	p.a = a;
	if (dnstk_qname_parse(&base, a->zone) != 0) {
		return dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
		    "'%s': bad zone name", a->zone);
	}
	r = dnstk_server_pick(&p.server, a->server, a->resolv_conf, a->port,
	    a->family, err);
	if (r != 0) {
		return r;
	}
	if (dnstk_random(p.cookie, sizeof(p.cookie)) != 0) {
		return dnstk_err_set(err, DNSTK_ESYS, NULL, 0,
		    "no random bytes: %s", strerror(errno));
	}
	for (i = 0; i < n; i++) {
		v = run_test(&p, &tests[i], &answered);
		ok += v == V_OK;
		failed += v == V_FAIL;
		skipped += v == V_SKIP;
		r = print_line(out, a->form, tests[i].name, v, p.why);
		if (r != 0) {
			return dnstk_err_set(err, r, NULL, 0,
			    "cannot write output: %s", strerror(-r));
		}
	}
	if (a->form == DNSTK_FORM_JSON) {
		fprintf(out, "{\"tests\":%zu,\"ok\":%u,\"failed\":%u,"
		    "\"skipped\":%u}\n", n, ok, failed, skipped);
	} else if (skipped != 0) {
		fprintf(out, "%zu tests, %u ok, %u failed, %u skipped\n", n, ok,
		    failed, skipped);
	} else {
		fprintf(out, "%zu tests, %u ok, %u failed\n", n, ok, failed);
	}
	if (!answered) {
		char where[96];

		return dnstk_err_set(err, DNSTK_ETIMEOUT, NULL, 0,
		    "no answer from %s to any test", dnstk_server_str(where,
		    sizeof(where), &p.server));
	}
	return failed != 0 ? DNSTK_EFAIL : 0;
}
