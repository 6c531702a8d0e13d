/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dnstk-edns-probe: run the tests of edns_probe_check.c (ISC genreport
 * style) against one server and report a verdict per test.  Verdicts are findings (lib/out): OK,
 * ERROR (failed) or NOTE (skipped), rendered in the VERDICT styles.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <ldns/ldns.h>

#include "dns/msg.h"
#include "net/client.h"
#include "net/qmsg.h"
#include "net/server.h"
#include "net/xfer.h"
#include "out/finding.h"
#include "out/verdict.h"
#include "out/write.h"
#include "tool/edns_probe_int.h"

void
dnstk_edns_probe_args_init(struct dnstk_edns_probe_args *a)
{
	*a = (struct dnstk_edns_probe_args){
	    .resolv_conf = dnstk_resolv_conf_path(), .port = 53,
	    .family = AF_UNSPEC, .timeout_ms = 3000, .tries = 2,
	    .form = DNSTK_FORM_TEXT };
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

/*
 * Run one test; returns the verdict with p->why set, sets *answered when
 * any answer came and *refused when it was REFUSED.  The client engine
 * asks, with its EDNS fallbacks off (each test probes one behaviour) but
 * TC -> TCP on.
 */
static enum dnstk_severity
run_test(struct probe *p, const struct probe_test *t, bool *answered,
    bool *refused)
{
	struct dnstk_client_opts o;
	struct dnstk_buf opts;
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_answer *ans = NULL;
	const struct dnstk_msg *m;
	enum dnstk_severity v;

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
		v = probe_fail(p, "out of memory");
		goto out;
	}
	o.options = (const uint8_t *)opts.data;
	o.options_len = opts.len;
	if (dnstk_client_query(&p->server, &o, p->a->zone, t->qtype,
	    LDNS_RR_CLASS_IN, &ans, &err) != 0) {
		v = probe_fail(p, "%s", err.msg);
	} else if (ans->status == DNSTK_ETIMEOUT) {
		v = probe_fail(p, "timeout%s", ans->tcp ? " over TCP" : "");
	} else if (ans->status != 0) {
		v = probe_fail(p, "%s", ans->errmsg);
	} else if (dnstk_answer_msg(ans, &m, &err) != 0) {
		*answered = true;
		v = probe_fail(p, "malformed answer: %s", err.msg);
	} else {
		*answered = true;
		*refused = dnstk_msg_rcode(m) == RCODE_REFUSED;
		v = probe_check_answer(p, t, m, ans->wire.len);
	}
out:
	dnstk_answer_free(ans);
	dnstk_buf_release(&opts);
	return v;
}

/* Check the zone name, pick the server and draw the client cookie. */
static int
probe_setup(struct probe *p, const struct dnstk_edns_probe_args *a,
    struct dnstk_err *err)
{
	struct dnstk_qspec base;	/* only to check the zone name */
	int r;

	memset(p, 0, sizeof(*p));
	memset(&base, 0, sizeof(base));
	p->a = a;
	if (dnstk_qname_parse(&base, a->zone) != 0) {
		return dnstk_err_set(err, DNSTK_EINPUT, NULL, 0,
		    "'%s': bad zone name", a->zone);
	}
	r = dnstk_server_pick(&p->server, a->server, a->resolv_conf, a->port,
	    a->family, err);
	if (r != 0) {
		return r;
	}
	if (dnstk_random(p->cookie, sizeof(p->cookie)) != 0) {
		return dnstk_err_set(err, DNSTK_ESYS, NULL, 0,
		    "no random bytes: %s", strerror(errno));
	}
	return 0;
}

int
dnstk_edns_probe(const struct dnstk_edns_probe_args *a, FILE *out,
    struct dnstk_err *err)
{
	struct probe p;
	struct dnstk_buf b;
	unsigned n[DNSTK_SEV_COUNT] = { 0 };
	bool answered = false, refused = false;
	char where[96];
	enum dnstk_severity v;
	size_t i;
	int r;

	r = probe_setup(&p, a, err);
	if (r != 0) {
		return r;
	}
	dnstk_buf_init(&b);
	dnstk_server_str(where, sizeof(where), &p.server);
	for (i = 0, r = 0; i < probe_ntests && r == 0; i++) {
		bool before = answered;

		v = run_test(&p, &probe_tests[i], &answered, &refused);
		if (refused && !before) {
			/* The first answer refuses: no test can say more. */
			dnstk_buf_release(&b);
			return dnstk_err_set(err, DNSTK_EFAIL, NULL, 0,
			    "%s is not authoritative for %s (REFUSED)", where,
			    a->zone);
		}
		n[v]++;
		r = dnstk_verdict_line(&b, a->form, probe_tests[i].name, v,
		    p.why);
		r = r != 0 ? r : dnstk_out_write(&b, out, err);
	}
	if (r == 0) {
		r = dnstk_verdict_summary(&b, a->form, probe_ntests, n);
		r = r != 0 ? r : dnstk_out_write(&b, out, err);
	}
	dnstk_buf_release(&b);
	if (r != 0) {
		/* a write error is said already; a line that did not fit in
		 * memory is said as it always was */
		return err->msg[0] != '\0' ? r : dnstk_err_set(err, r, NULL, 0,
		    "cannot write output: %s", strerror(-r));
	}
	if (!answered) {
		return dnstk_err_set(err, DNSTK_ETIMEOUT, NULL, 0,
		    "no answer from %s to any test", where);
	}
	return n[DNSTK_SEV_ERROR] != 0 ? DNSTK_EFAIL : 0;
}
