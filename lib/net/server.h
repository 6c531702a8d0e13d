/* SPDX-License-Identifier: BSD-3-Clause */
/* Name servers: parse @SERVER, -s and -p, fall back to /etc/resolv.conf. */
#ifndef DNSTK_NET_SERVER_H
#define DNSTK_NET_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "util/err.h"

#define DNSTK_SERVER_NAME_MAX 256
#define DNSTK_RESOLV_CONF "/etc/resolv.conf"

/*
 * The resolv.conf the tools read: $DNSTK_RESOLV_CONF when set (tests and
 * chroots name another file), else DNSTK_RESOLV_CONF.  The string is the
 * environment's or static: not to be freed.  Cannot fail.
 */
const char *dnstk_resolv_conf_path(void);

/*
 * `text` without the brackets of "[ADDRESS]" (as it is when it has none)
 * into `dst` of capacity `cap`: false when it does not fit.
 */
bool dnstk_addr_unbracket(char *dst, size_t cap, const char *text);

/*
 * `text` as a numeric IPv4 or IPv6 address (no brackets) into *ss (port
 * 0) and its length into *len: 1 when it is one, else 0 (*ss zeroed).
 */
int dnstk_addr_parse(struct sockaddr_storage *ss, socklen_t *len,
    const char *text);

/* Set the port of the IPv4 or IPv6 address *ss. */
void dnstk_addr_set_port(struct sockaddr_storage *ss, uint16_t port);

/* One server address.  Caller-owned, no heap. */
struct dnstk_server {
	struct sockaddr_storage addr;
	socklen_t addrlen;
	char name[DNSTK_SERVER_NAME_MAX];	/* as given, for messages */
	char text[64];	/* the numeric address, e.g. "127.0.0.1" */
	uint16_t port;
};

/*
 * Resolve `spec` (an IPv4 or IPv6 address, optionally in brackets, or a
 * host name) to the first address of family `family` (AF_UNSPEC, AF_INET
 * or AF_INET6) and set its port.  Returns 0, DNSTK_EUSAGE when the
 * address has the wrong family, or DNSTK_ENET when the name does not
 * resolve; err says which.
 */
int dnstk_server_resolve(struct dnstk_server *out, const char *spec,
    uint16_t port, int family, struct dnstk_err *err);

/*
 * Use the first `nameserver` line of `path` (normally DNSTK_RESOLV_CONF)
 * whose address fits `family`.  Returns 0, or DNSTK_ENET with err set
 * when the file cannot be read or names no usable server.
 */
int dnstk_server_default(struct dnstk_server *out, const char *path,
    uint16_t port, int family, struct dnstk_err *err);

#define DNSTK_RESOLV_MAX 8	/* nameservers kept from resolv.conf */

/*
 * What a resolv.conf says for a stub client: its `nameserver`s in file
 * order (those of the wrong family and any beyond DNSTK_RESOLV_MAX are
 * skipped) and the `options timeout:N` and `attempts:N` (0 when not
 * given; bounded as glibc bounds them, 30 s and 5).  Caller-owned.
 */
struct dnstk_resolv {
	struct dnstk_server ns[DNSTK_RESOLV_MAX];
	unsigned n;
	int timeout_ms;
	int attempts;
};

/*
 * Read `path` (normally DNSTK_RESOLV_CONF) into `rv`, every server with
 * port `port`.  Returns 0 (rv->n may be 0), or DNSTK_ENET with err set
 * when the file cannot be read.
 */
int dnstk_resolv_read(struct dnstk_resolv *rv, const char *path,
    uint16_t port, int family, struct dnstk_err *err);

/*
 * The server a tool was given: `spec` (@SERVER or -s) resolved with
 * dnstk_server_resolve(), or when it is NULL the first usable nameserver
 * of `resolv_conf` (dnstk_server_default()).  Same returns as those.
 */
int dnstk_server_pick(struct dnstk_server *out, const char *spec,
    const char *resolv_conf, uint16_t port, int family,
    struct dnstk_err *err);

/*
 * The server's "ADDRESS#PORT" for messages, written into `dst` of `cap`
 * bytes.  Returns dst.
 */
const char *dnstk_server_str(char *dst, size_t cap,
    const struct dnstk_server *s);

/*
 * 1 when `from` is `s`'s address and port (the source of an answer must
 * be), else 0.
 */
int dnstk_server_same(const struct dnstk_server *s,
    const struct sockaddr_storage *from);

#endif
