/* SPDX-License-Identifier: BSD-3-Clause */
/* Ask an upstream server with DO and CD; cache whole responses for their TTL. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dns/msg.h"
#include "net/qmsg.h"
#include "net/server.h"
#include "serve/forward.h"
#include "serve/sutil.h"

#define TTL_CAP 86400	/* never cache longer than a day */

struct centry {
	uint8_t key[258];	/* lowercased name, then the type */
	size_t key_len;
	uint8_t *resp;
	size_t resp_len;
	long long stored;	/* monotonic seconds */
	uint32_t ttl;
};

struct dnstk_fwd {
	struct sockaddr_storage addr;
	socklen_t addrlen;
	unsigned timeout_ms;
	pthread_mutex_t lock;
	struct centry *cache;	/* DNSTK_FWD_CACHE_MAX slots, direct mapped */
};

int
dnstk_fwd_new(struct dnstk_fwd **out, const char *spec, unsigned timeout_ms,
    struct dnstk_err *err)
{
	struct sockaddr_storage addr;
	socklen_t addrlen;
	struct dnstk_fwd *f;
	char host[128];
	uint16_t port;
	int rc;

	/* the address first: nothing to undo when it is bad */
	rc = dnstk_su_host_port(spec, host, sizeof(host), &port, err);
	if (rc != 0) {
		return rc;
	}
	if (!dnstk_addr_parse(&addr, &addrlen, host)) {
		return dnstk_err_set(err, DNSTK_EUSAGE, NULL, 0,
		    "--forward: '%s' is not an IPv4 or IPv6 address", host);
	}
	dnstk_addr_set_port(&addr, port);
	f = calloc(1, sizeof(*f));
	if (f == NULL) {
		return DNSTK_ENOMEM;
	}
	f->cache = calloc(DNSTK_FWD_CACHE_MAX, sizeof(*f->cache));
	if (f->cache == NULL) {
		free(f);
		return DNSTK_ENOMEM;
	}
	f->addr = addr;
	f->addrlen = addrlen;
	f->timeout_ms = timeout_ms;
	pthread_mutex_init(&f->lock, NULL);
	*out = f;
	return 0;
}

void
dnstk_fwd_free(struct dnstk_fwd *f)
{
	size_t i;

	if (f == NULL) {
		return;
	}
	for (i = 0; i < DNSTK_FWD_CACHE_MAX; i++) {
		free(f->cache[i].resp);
	}
	free(f->cache);
	pthread_mutex_destroy(&f->lock);
	free(f);
}

/* ---- wire walking --------------------------------------------------- */

/*
 * Visit the records of a response: for each, `fn` gets the offset of its
 * TTL and its type.  Returns 0, or -1 when the message is malformed.
 */
static int
walk(uint8_t *w, size_t len, void (*fn)(uint8_t *ttl, uint16_t type,
    const uint8_t *rd, size_t rdlen, void *arg), void *arg)
{
	size_t pos = 12, i, n;
	unsigned qd;

	if (len < 12) {
		return -1;
	}
	qd = (unsigned)((w[4] << 8) | w[5]);
	n = (size_t)((w[6] << 8) | w[7]) + (size_t)((w[8] << 8) | w[9]) +
	    (size_t)((w[10] << 8) | w[11]);
	for (i = 0; i < qd; i++) {
		pos = dnstk_su_skip_name(w, len, pos);
		if (pos == 0 || pos + 4 > len) {
			return -1;
		}
		pos += 4;
	}
	for (i = 0; i < n; i++) {
		size_t rdlen;

		pos = dnstk_su_skip_name(w, len, pos);
		if (pos == 0 || pos + 10 > len) {
			return -1;
		}
		rdlen = ((size_t)w[pos + 8] << 8) | w[pos + 9];
		if (pos + 10 + rdlen > len) {
			return -1;
		}
		fn(w + pos + 4, (uint16_t)((w[pos] << 8) | w[pos + 1]),
		    w + pos + 10, rdlen, arg);
		pos += 10 + rdlen;
	}
	return 0;
}

static uint32_t
get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	    ((uint32_t)p[2] << 8) | p[3];
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

struct minttl {
	uint32_t ttl;
	bool any;
};

static void
min_ttl(uint8_t *ttl, uint16_t type, const uint8_t *rd, size_t rdlen,
    void *arg)
{
	struct minttl *m = arg;
	uint32_t t = get32(ttl);

	if (type == 41) {
		return;
	}
	/* a negative answer lives for min(SOA TTL, MINIMUM): RFC 2308 §5 */
	if (type == 6 && rdlen >= 20 && get32(rd + rdlen - 4) < t) {
		t = get32(rd + rdlen - 4);
	}
	if (!m->any || t < m->ttl) {
		m->ttl = t;
	}
	m->any = true;
}

static void
age_ttl(uint8_t *ttl, uint16_t type, const uint8_t *rd, size_t rdlen,
    void *arg)
{
	uint32_t age = *(uint32_t *)arg, t = get32(ttl);

	(void)rd;
	(void)rdlen;
	if (type != 41) {
		put32(ttl, t > age ? t - age : 0);
	}
}

/* ---- the upstream --------------------------------------------------- */

static int
wait_in(int fd, unsigned ms)
{
	struct pollfd p = { fd, POLLIN, 0 };

	return poll(&p, 1, (int)ms) > 0 ? 0 : -1;
}

/*
 * Does the response answer our query: ID, QR, one question equal to ours
 * (name case-insensitively)?  Our question is at q + 12, qsec octets.
 */
static bool
matches(const uint8_t *r, size_t rlen, const struct dnstk_buf *q)
{
	const uint8_t *qw = (const uint8_t *)q->data;
	size_t qsec = dnstk_su_skip_name(qw, q->len, 12) + 4 - 12, k;

	if (rlen < 12 + qsec || r[0] != qw[0] || r[1] != qw[1] ||
	    !(r[2] & 0x80) || r[4] != 0 || r[5] != 1) {
		return false;
	}
	for (k = 12; k < 12 + qsec; k++) {
		uint8_t a = r[k], b = qw[k];

		if (k < 12 + qsec - 4) {
			a = (a >= 'A' && a <= 'Z') ? (uint8_t)(a + 32) : a;
			b = (b >= 'A' && b <= 'Z') ? (uint8_t)(b + 32) : b;
		}
		if (a != b) {
			return false;
		}
	}
	return true;
}

static int
ask_udp(const struct dnstk_fwd *f, const struct dnstk_buf *q,
    struct dnstk_buf *resp)
{
	int fd = socket(f->addr.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int rc = DNSTK_ETIMEOUT;

	if (fd < 0) {
		return DNSTK_ENET;
	}
	if (connect(fd, (const struct sockaddr *)&f->addr, f->addrlen) != 0 ||
	    send(fd, q->data, q->len, 0) != (ssize_t)q->len) {
		close(fd);
		return DNSTK_ENET;
	}
	while (wait_in(fd, f->timeout_ms) == 0) {
		ssize_t n;

		if (dnstk_buf_grow(resp, 65536) != 0) {
			rc = DNSTK_ENOMEM;
			break;
		}
		n = recv(fd, resp->data, 65535, 0);
		if (n < 0 && errno != EINTR && errno != EAGAIN) {
			rc = DNSTK_ENET;	/* port unreachable ... */
			break;
		}
		if (n > 0 && matches((uint8_t *)resp->data, (size_t)n, q)) {
			resp->len = (size_t)n;
			rc = 0;
			break;
		}
	}
	close(fd);
	return rc;
}

static int
ask_tcp(const struct dnstk_fwd *f, const struct dnstk_buf *q,
    struct dnstk_buf *resp)
{
	int fd = socket(f->addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	uint8_t l[2] = { (uint8_t)(q->len >> 8), (uint8_t)q->len };
	size_t got = 0, want = 2;
	uint8_t *buf;

	if (fd < 0) {
		return DNSTK_ENET;
	}
	if (dnstk_buf_grow(resp, 65538) != 0) {
		close(fd);
		return DNSTK_ENOMEM;
	}
	buf = (uint8_t *)resp->data;
	if (connect(fd, (const struct sockaddr *)&f->addr, f->addrlen) != 0 ||
	    write(fd, l, 2) != 2 ||
	    write(fd, q->data, q->len) != (ssize_t)q->len) {
		close(fd);
		return DNSTK_ENET;
	}
	while (got < want) {
		ssize_t n;

		if (wait_in(fd, f->timeout_ms) != 0) {
			break;
		}
		n = read(fd, buf + got, want - got);
		if (n <= 0) {
			break;
		}
		got += (size_t)n;
		if (got == 2 && want == 2) {
			want = 2 + (((size_t)buf[0] << 8) | buf[1]);
		}
	}
	close(fd);
	if (got != want || want < 14 || !matches(buf + 2, want - 2, q)) {
		return DNSTK_ENET;
	}
	memmove(buf, buf + 2, want - 2);
	resp->len = want - 2;
	return 0;
}

int
dnstk_fwd_query(struct dnstk_fwd *f, const uint8_t *qname, size_t qlen,
    uint16_t qtype, struct dnstk_buf *resp)
{
	struct dnstk_qspec spec;
	struct dnstk_buf q;
	struct centry *e;
	uint8_t key[DNSTK_SU_KEY_MAX];
	size_t klen;
	uint32_t h;
	int rc = DNSTK_ETIMEOUT, tries;

	if (dnstk_su_cache_key(key, &klen, &h, qname, qlen, qtype) != 0) {
		return DNSTK_EINPUT;
	}
	e = &f->cache[h % DNSTK_FWD_CACHE_MAX];
	pthread_mutex_lock(&f->lock);
	if (e->resp != NULL && e->key_len == klen &&
	    memcmp(e->key, key, klen) == 0) {
		long long age = dnstk_su_mono_s() - e->stored;

		if (age < (long long)e->ttl) {
			uint32_t a = (uint32_t)age;

			dnstk_buf_reset(resp);
			rc = dnstk_buf_add(resp, e->resp, e->resp_len);
			pthread_mutex_unlock(&f->lock);
			if (rc == 0) {
				walk((uint8_t *)resp->data, resp->len, age_ttl,
				    &a);
			}
			return rc;
		}
	}
	pthread_mutex_unlock(&f->lock);

	memset(&spec, 0, sizeof(spec));
	if (dnstk_random(&spec.id, sizeof(spec.id)) != 0) {
		return DNSTK_ENET;
	}
	spec.flags = DNSTK_FLAG_RD | DNSTK_FLAG_CD;
	memcpy(spec.qname, key, qlen);
	spec.qname_len = qlen;
	spec.qtype = qtype;
	spec.qclass = 1;
	spec.edns = true;
	spec.edns_flags = DNSTK_EDNS_DO;
	spec.udp_size = 1232;
	dnstk_buf_init(&q);
	if (dnstk_qspec_build(&q, &spec) != 0) {
		dnstk_buf_release(&q);
		return DNSTK_ENOMEM;
	}
	dnstk_buf_reset(resp);
	for (tries = 0; tries < 2 && rc == DNSTK_ETIMEOUT; tries++) {
		rc = ask_udp(f, &q, resp);
	}
	if (rc == 0 && (resp->data[2] & 0x02)) {
		rc = ask_tcp(f, &q, resp);	/* truncated: RFC 7766 */
	}
	dnstk_buf_release(&q);
	if (rc == 0) {
		struct minttl m = { 0, false };
		unsigned rcode = resp->data[3] & 0xf;

		if (walk((uint8_t *)resp->data, resp->len, min_ttl, &m) != 0) {
			return DNSTK_ENET;
		}
		if ((rcode == 0 || rcode == 3) && m.any && m.ttl > 0) {
			uint8_t *copy = malloc(resp->len);

			if (copy != NULL) {
				memcpy(copy, resp->data, resp->len);
				pthread_mutex_lock(&f->lock);
				free(e->resp);
				memcpy(e->key, key, klen);
				e->key_len = klen;
				e->resp = copy;
				e->resp_len = resp->len;
				e->stored = dnstk_su_mono_s();
				e->ttl = m.ttl > TTL_CAP ? TTL_CAP : m.ttl;
				pthread_mutex_unlock(&f->lock);
			}
		}
	}
	return rc;
}
