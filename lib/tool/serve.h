/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-serve: an authoritative DNS server for test zones. */
#ifndef DNSTK_TOOL_SERVE_H
#define DNSTK_TOOL_SERVE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "net/listen.h"
#include "serve/answer.h"
#include "util/err.h"

struct dnstk_serve_args {
	struct dnstk_listen_conf listen;	/* addresses, port, threads */
	uint16_t max_udp;
	const char *nsid;	/* NULL: no NSID */
	bool require_cookie;
	bool verbose;		/* a query log line per query on the log */
	const char *user;	/* drop to this user after binding (root) */
	const char *forward;	/* ADDR[#PORT] for names outside the zones */
	bool validate;		/* judge forwarded answers (needs forward) */
	const char *anchor;	/* trust anchor file; NULL: IANA's root */
	int64_t now;		/* signature windows at this time; 0: clock */
	char **zones;		/* FILE or FILE=ORIGIN */
	int nzones;
};

/* Defaults: port 53, one thread per core, --max-udp 1232. */
void dnstk_serve_args_init(struct dnstk_serve_args *a);

/*
 * After the options: listen on 127.0.0.1 and ::1 when no address was
 * given, and check the conflicts (--validate and --anchor need
 * --forward; zones or --forward are needed).  Returns 0 or DNSTK_EUSAGE
 * with err set.
 */
int dnstk_serve_args_finish(struct dnstk_serve_args *a,
    struct dnstk_err *err);

/*
 * Load the zones, listen, print "listening on ADDR#PORT" lines on `log`
 * once answering, answer until SIGTERM or SIGINT (which the calling
 * thread must not have blocked for another purpose), then stop.  Returns
 * 0 after a signal; DNSTK_EINPUT with SOURCE:LINE in err for a zone that
 * cannot be loaded; DNSTK_EUSAGE for bad settings; DNSTK_ENET when an
 * address cannot be bound; DNSTK_ENOMEM.
 */
int dnstk_serve_run(const struct dnstk_serve_args *a, FILE *log,
    struct dnstk_err *err);

#endif
