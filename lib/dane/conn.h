/* SPDX-License-Identifier: BSD-3-Clause */
/* TLS client connections for DANE: TCP, STARTTLS, handshake, relay. */
#ifndef DNSTK_DANE_CONN_H
#define DNSTK_DANE_CONN_H

#include <stdint.h>

#include <openssl/ssl.h>

#include "util/err.h"

/* Protocols that switch to TLS in band (--starttls). */
enum dnstk_starttls {
	DNSTK_STARTTLS_NONE = 0,
	DNSTK_STARTTLS_SMTP,
	DNSTK_STARTTLS_IMAP,
	DNSTK_STARTTLS_POP3,
	DNSTK_STARTTLS_XMPP,
	DNSTK_STARTTLS_FTP,
	DNSTK_STARTTLS_POSTGRES,
	DNSTK_STARTTLS_LDAP,
};

/*
 * Parse a --starttls name ("smtp" ...) into *out; 0 or DNSTK_EINPUT.
 * dnstk_starttls_port() is the protocol's usual port (443 for NONE).
 */
int dnstk_starttls_parse(enum dnstk_starttls *out, const char *name);
uint16_t dnstk_starttls_port(enum dnstk_starttls p);

/*
 * Open a TCP connection to `host` (an address or a name resolved with
 * getaddrinfo; IPv6 in brackets allowed) at `port`, trying each address
 * until one answers, each within `timeout_ms`.  On success *fd is a
 * connected blocking socket (caller closes).  Returns 0 or DNSTK_ENET /
 * DNSTK_ETIMEOUT with err set.
 */
int dnstk_dane_tcp_connect(int *fd, const char *host, uint16_t port,
    int timeout_ms, struct dnstk_err *err);

/*
 * Speak protocol `p` on `fd` up to the point where TLS starts: SMTP
 * (greeting, EHLO, the STARTTLS capability, STARTTLS, 220), IMAP, POP3,
 * XMPP (`domain` is the stream's "to"), FTP (AUTH TLS), PostgreSQL
 * (SSLRequest) and LDAP (the StartTLS extended operation).  Every read
 * waits at most `timeout_ms`.  Returns 0, DNSTK_EFAIL when the server
 * refuses STARTTLS (err says what it answered), or DNSTK_ENET /
 * DNSTK_ETIMEOUT.
 */
int dnstk_dane_starttls(int fd, enum dnstk_starttls p, const char *domain,
    int timeout_ms, struct dnstk_err *err);

/*
 * Run the TLS handshake of `ssl` (already set up, not yet bound) on
 * `fd` within `timeout_ms`.  Returns 0 or DNSTK_ENET / DNSTK_ETIMEOUT with
 * OpenSSL's reason in err.
 */
int dnstk_dane_handshake(SSL *ssl, int fd, int timeout_ms,
    struct dnstk_err *err);

/*
 * Relay bytes: `in_fd` to the TLS connection and the server's bytes to
 * `out_fd`, until the server closes (or both directions are done).  The
 * end of `in_fd` is passed on as a TLS close_notify only after the server
 * is done, as s_client does.  Returns 0, or DNSTK_ENET / -errno.
 */
int dnstk_dane_relay(SSL *ssl, int in_fd, int out_fd, struct dnstk_err *err);

#endif
