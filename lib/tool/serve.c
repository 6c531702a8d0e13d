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

#include <ldns/ldns.h>

#include "dns/msg.h"
#include "tool/serve.h"

struct serve_ctx {
	const struct dnstk_serve_conf *conf;
	FILE *log;
	bool verbose;
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
	char peer[80], name[1100], type[32];
	const char *rc = dnstk_rcode_name(in->rcode);

	dnstk_listen_peer_str(peer, sizeof(peer), q->peer);
	name[0] = '\0';
	if (in->parsed) {
		ldns_rdf *d = ldns_dname_new_frm_data((uint16_t)in->qname_len,
		    in->qname);
		char *s = d != NULL ? ldns_rdf2str(d) : NULL;

		snprintf(name, sizeof(name), "%s", s != NULL ? s : "?");
		free(s);
		ldns_rdf_deep_free(d);
		{
			char *t = ldns_rr_type2str((ldns_rr_type)in->qtype);

			snprintf(type, sizeof(type), "%s",
			    t != NULL ? t : "?");
			free(t);
		}
	} else {
		snprintf(name, sizeof(name), "-");
		snprintf(type, sizeof(type), "-");
	}
	/* one fprintf per line: stdio locks the stream, lines never mix */
	fprintf(log, "query: %s %s %s %s%s%s -> %s%s %zu\n", peer,
	    q->tcp ? "tcp" : "udp", name, type, in->edns ? " +edns" : "",
	    in->dnssec_ok ? " +do" : "", rc != NULL ? rc : "?",
	    in->tc ? " tc" : "", in->size);
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

int
dnstk_serve_run(const struct dnstk_serve_args *a, FILE *log,
    struct dnstk_err *err)
{
	struct dnstk_sz_zones zones;
	struct dnstk_serve_conf *conf = NULL;
	struct dnstk_listen_conf lc = a->listen;
	struct dnstk_listener *l = NULL;
	struct dnstk_fwd *fwd = NULL;
	struct dnstk_sval *sval = NULL;
	struct serve_ctx ctx;
	sigset_t set, old;
	bool masked = false;
	size_t i;
	int rc = 0, sig;

	dnstk_sz_zones_init(&zones);
	for (i = 0; i < (size_t)a->nzones; i++) {
		char *spec = strdup(a->zones[i]), *eq;

		if (spec == NULL) {
			rc = DNSTK_ENOMEM;
			goto out;
		}
		eq = strrchr(spec, '=');
		if (eq != NULL) {
			*eq = '\0';
		}
		rc = dnstk_sz_load(&zones, spec, eq != NULL ? eq + 1 : NULL,
		    err);
		free(spec);
		if (rc != 0) {
			goto out;
		}
	}
	conf = calloc(1, sizeof(*conf));
	if (conf == NULL) {
		rc = DNSTK_ENOMEM;
		goto out;
	}
	rc = dnstk_serve_conf_init(conf, &zones);
	if (rc != 0) {
		dnstk_err_set(err, DNSTK_ESYS, NULL, 0, "no random source");
		goto out;
	}
	conf->max_udp = a->max_udp;
	conf->require_cookie = a->require_cookie;
	if (a->nsid != NULL) {
		conf->nsid_len = strlen(a->nsid);
		if (conf->nsid_len > sizeof(conf->nsid)) {
			rc = dnstk_err_set(err, DNSTK_EUSAGE, NULL, 0,
			    "--nsid: longer than %d octets",
			    DNSTK_SERVE_NSID_MAX);
			goto out;
		}
		memcpy(conf->nsid, a->nsid, conf->nsid_len);
	}
	if (a->forward != NULL) {
		rc = dnstk_fwd_new(&fwd, a->forward, 700, err);
		if (rc != 0) {
			goto out;
		}
		conf->fwd = fwd;
	}
	if (a->validate) {
		rc = dnstk_sval_new(&sval, a->forward, a->anchor, a->now, err);
		if (rc != 0) {
			goto out;
		}
		conf->sval = sval;
	}
	ctx.conf = conf;
	ctx.log = log;
	ctx.verbose = a->verbose;
	lc.fn = serve_handler;
	lc.arg = &ctx;
	/* the workers inherit the mask: only this thread takes the signals */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	if (pthread_sigmask(SIG_BLOCK, &set, &old) != 0) {
		rc = dnstk_err_set(err, DNSTK_ESYS, NULL, 0,
		    "cannot block signals");
		goto out;
	}
	masked = true;
	signal(SIGPIPE, SIG_IGN);
	rc = dnstk_listen_start(&l, &lc, err);
	if (rc != 0) {
		goto out;
	}
	rc = drop_privileges(a->user, err);
	if (rc != 0) {
		goto out;
	}
	for (i = 0; i < dnstk_listen_count(l); i++) {
		char name[80];

		fprintf(log, "listening on %s\n",
		    dnstk_listen_name(l, i, name, sizeof(name)));
	}
	fflush(log);
	for (;;) {
		if (sigwait(&set, &sig) != 0) {
			continue;
		}
		if (sig == SIGINT || sig == SIGTERM) {
			break;
		}
	}
	dnstk_listen_stop(l);
	rc = 0;
out:
	dnstk_listen_free(l);
	if (masked) {
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	}
	free(conf);
	dnstk_sval_free(sval);
	dnstk_fwd_free(fwd);
	dnstk_sz_zones_release(&zones);
	return rc;
}
