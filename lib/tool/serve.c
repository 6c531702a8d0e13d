/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-serve: load zones, listen, answer until told to stop. */
#include <grp.h>
#include <pwd.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "out/serve_log.h"
#include "tool/serve.h"

struct serve_ctx {
	const struct dnstk_serve_conf *conf;
	FILE *log;
	bool verbose;
};

/* What dnstk_serve_run() sets up, to be undone on the way out. */
struct serve_state {
	struct dnstk_sz_zones zones;
	struct dnstk_serve_conf *conf;
	struct dnstk_fwd *fwd;
	struct dnstk_sval *sval;
	struct dnstk_listener *l;
	struct serve_ctx ctx;
	sigset_t set, old;
	bool masked;
};

void
dnstk_serve_args_init(struct dnstk_serve_args *a)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	memset(a, 0, sizeof(*a));
	dnstk_listen_conf_init(&a->listen);
	a->listen.threads = cores < 1 ? 1 : cores > DNSTK_LISTEN_THREADS_MAX ?
	    DNSTK_LISTEN_THREADS_MAX : (unsigned)cores;
	a->max_udp = DNSTK_SERVE_UDP_DEFAULT;
}

int
dnstk_serve_args_finish(struct dnstk_serve_args *a, struct dnstk_err *err)
{
	if ((a->validate || a->anchor != NULL) && a->forward == NULL) {
		return dnstk_err_set(err, DNSTK_EUSAGE, NULL, 0,
		    "--validate and --anchor need --forward");
	}
	if (a->nzones == 0 && a->forward == NULL) {
		return dnstk_err_set(err, DNSTK_EUSAGE, NULL, 0,
		    "no zone file and no --forward given");
	}
	if (a->listen.naddr == 0) {
		if (dnstk_listen_conf_add(&a->listen, "127.0.0.1", err) != 0 ||
		    dnstk_listen_conf_add(&a->listen, "::1", err) != 0) {
			return DNSTK_EUSAGE;
		}
		a->listen.optional = 2;	/* a host without IPv6: no ::1 */
	}
	return 0;
}

/* One query log line: client, transport, question, RCODE, size, flags. */
static void
log_query(FILE *log, const struct dnstk_listen_query *q,
    const struct dnstk_serve_info *in)
{
	char peer[80];

	dnstk_listen_peer_str(peer, sizeof(peer), q->peer);
	dnstk_query_log_write(log, peer, q->tcp, in);
}

static int
serve_handler(void *arg, const struct dnstk_listen_query *q,
    struct dnstk_buf *out)
{
	struct serve_ctx *ctx = arg;
	struct dnstk_serve_info info;
	int rc;

	rc = dnstk_serve_answer(ctx->conf, q->wire, q->len, q->tcp, q->peer,
	    out, ctx->verbose ? &info : NULL);
	if (rc == 0 && ctx->verbose) {
		log_query(ctx->log, q, &info);
	}
	return rc;
}

static int
drop_privileges(const char *user, struct dnstk_err *err)
{
	struct passwd *pw;

	if (user == NULL || geteuid() != 0) {
		return 0;
	}
	pw = getpwnam(user);
	if (pw == NULL) {
		return dnstk_err_set(err, DNSTK_EUSAGE, NULL, 0,
		    "--user: no user '%s'", user);
	}
	if (setgroups(0, NULL) != 0 || setgid(pw->pw_gid) != 0 ||
	    setuid(pw->pw_uid) != 0) {
		return dnstk_err_set(err, DNSTK_ESYS, NULL, 0,
		    "cannot drop privileges to '%s'", user);
	}
	return 0;
}

/* Load every FILE or FILE=ORIGIN operand into `zones`. */
static int
load_zones(struct dnstk_sz_zones *zones, const struct dnstk_serve_args *a,
    struct dnstk_err *err)
{
	char *spec, *eq;
	int i, rc;

	for (i = 0; i < a->nzones; i++) {
		spec = strdup(a->zones[i]);
		if (spec == NULL) {
			return DNSTK_ENOMEM;
		}
		eq = strrchr(spec, '=');
		if (eq != NULL) {
			*eq = '\0';
		}
		rc = dnstk_sz_load(zones, spec, eq != NULL ? eq + 1 : NULL,
		    err);
		free(spec);
		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

/* The answering settings from the arguments: limits, NSID, forwarder
 * and validator (which the caller frees through `st`). */
static int
conf_setup(struct serve_state *st, const struct dnstk_serve_args *a,
    struct dnstk_err *err)
{
	struct dnstk_serve_conf *conf;
	int rc;

	conf = st->conf = calloc(1, sizeof(*conf));
	if (conf == NULL) {
		return DNSTK_ENOMEM;
	}
	if (dnstk_serve_conf_init(conf, &st->zones) != 0) {
		return dnstk_err_set(err, DNSTK_ESYS, NULL, 0,
		    "no random source");
	}
	conf->max_udp = a->max_udp;
	conf->require_cookie = a->require_cookie;
	if (a->nsid != NULL) {
		conf->nsid_len = strlen(a->nsid);
		if (conf->nsid_len > sizeof(conf->nsid)) {
			return dnstk_err_set(err, DNSTK_EUSAGE, NULL, 0,
			    "--nsid: longer than %d octets",
			    DNSTK_SERVE_NSID_MAX);
		}
		memcpy(conf->nsid, a->nsid, conf->nsid_len);
	}
	if (a->forward != NULL) {
		rc = dnstk_fwd_new(&st->fwd, a->forward, 700, err);
		if (rc != 0) {
			return rc;
		}
		conf->fwd = st->fwd;
	}
	if (a->validate) {
		rc = dnstk_sval_new(&st->sval, a->forward, a->anchor, a->now,
		    err);
		if (rc != 0) {
			return rc;
		}
		conf->sval = st->sval;
	}
	return 0;
}

/* Listen, say where, answer until SIGINT or SIGTERM, stop. */
static int
serve_until_signal(struct serve_state *st, const struct dnstk_serve_args *a,
    FILE *log, struct dnstk_err *err)
{
	struct dnstk_listen_conf lc = a->listen;
	char name[80];
	size_t i;
	int rc, sig;

	st->ctx.conf = st->conf;
	st->ctx.log = log;
	st->ctx.verbose = a->verbose;
	lc.fn = serve_handler;
	lc.arg = &st->ctx;
	/* the workers inherit the mask: only this thread takes the signals */
	sigemptyset(&st->set);
	sigaddset(&st->set, SIGINT);
	sigaddset(&st->set, SIGTERM);
	sigaddset(&st->set, SIGHUP);
	if (pthread_sigmask(SIG_BLOCK, &st->set, &st->old) != 0) {
		return dnstk_err_set(err, DNSTK_ESYS, NULL, 0,
		    "cannot block signals");
	}
	st->masked = true;
	signal(SIGPIPE, SIG_IGN);
	rc = dnstk_listen_start(&st->l, &lc, err);
	if (rc != 0 || (rc = drop_privileges(a->user, err)) != 0) {
		return rc;
	}
	for (i = 0; i < dnstk_listen_count(st->l); i++) {
		dnstk_listening_write(log,
		    dnstk_listen_name(st->l, i, name, sizeof(name)));
	}
	fflush(log);
	for (;;) {
		if (sigwait(&st->set, &sig) != 0) {
			continue;
		}
		if (sig == SIGINT || sig == SIGTERM) {
			break;
		}
	}
	dnstk_listen_stop(st->l);
	return 0;
}

int
dnstk_serve_run(const struct dnstk_serve_args *a, FILE *log,
    struct dnstk_err *err)
{
	struct serve_state st;
	int rc;

	memset(&st, 0, sizeof(st));
	dnstk_sz_zones_init(&st.zones);
	rc = load_zones(&st.zones, a, err);
	if (rc == 0) {
		rc = conf_setup(&st, a, err);
	}
	if (rc == 0) {
		rc = serve_until_signal(&st, a, log, err);
	}
	dnstk_listen_free(st.l);
	if (st.masked) {
		pthread_sigmask(SIG_SETMASK, &st.old, NULL);
	}
	free(st.conf);
	dnstk_sval_free(st.sval);
	dnstk_fwd_free(st.fwd);
	dnstk_sz_zones_release(&st.zones);
	return rc;
}
