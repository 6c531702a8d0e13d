/* SPDX-License-Identifier: BSD-3-Clause */
/* Query construction in wire form, and the random source for IDs. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <ldns/ldns.h>

#include "net/qmsg.h"
#include "util/err.h"
#include "util/num.h"

int
dnstk_qspec_build(struct dnstk_buf *out, const struct dnstk_qspec *q)
{
	static const uint8_t zeros[512];
	size_t start = out->len, rdlen, total, pad = 0;
	bool soa = q->ixfr_soa && q->qtype == LDNS_RR_TYPE_IXFR;
	int r = 0;

	r |= dnstk_buf_add16(out, q->id);
	r |= dnstk_buf_add16(out, q->flags);
	r |= dnstk_buf_add16(out, 1);
	r |= dnstk_buf_add16(out, 0);
	r |= dnstk_buf_add16(out, soa ? 1 : 0);
	r |= dnstk_buf_add16(out, q->edns ? 1 : 0);
	r |= dnstk_buf_add(out, q->qname, q->qname_len);
	r |= dnstk_buf_add16(out, q->qtype);
	r |= dnstk_buf_add16(out, q->qclass);
	if (soa) {
		r |= dnstk_buf_add16(out, 0xc00c); /* the question's name */
		r |= dnstk_buf_add16(out, LDNS_RR_TYPE_SOA);
		r |= dnstk_buf_add16(out, q->qclass);
		r |= dnstk_buf_add16(out, 0);	/* TTL */
		r |= dnstk_buf_add16(out, 0);
		r |= dnstk_buf_add16(out, 22);	/* root, root, 5 numbers */
		r |= dnstk_buf_add16(out, 0);	/* MNAME and RNAME: "." */
		r |= dnstk_buf_add16(out, q->ixfr_serial >> 16);
		r |= dnstk_buf_add16(out, q->ixfr_serial & 0xffff);
		r |= dnstk_buf_add(out, zeros, 16);
	}
	if (q->edns) {
		rdlen = q->options_len;
		if (q->padding != 0) {
			/* The OPT record is 11 bytes plus its rdata. */
			total = (out->len - start) + 11 + rdlen + 4;
			pad = (q->padding - total % q->padding) % q->padding;
			rdlen += 4 + pad;
		}
		if (rdlen > 65535 || (out->len - start) + 11 + rdlen > 65535) {
			dnstk_buf_truncate(out, start);
			return DNSTK_EINPUT;
		}
		r |= dnstk_buf_addc(out, 0);	/* root owner */
		r |= dnstk_buf_add16(out, LDNS_RR_TYPE_OPT);
		r |= dnstk_buf_add16(out, q->udp_size);
		r |= dnstk_buf_addc(out, 0);	/* extended RCODE */
		r |= dnstk_buf_addc(out, (char)q->edns_version);
		r |= dnstk_buf_add16(out, q->edns_flags);
		r |= dnstk_buf_add16(out, (unsigned)rdlen);
		r |= dnstk_buf_add(out, q->options, q->options_len);
		if (q->padding != 0) {
			r |= dnstk_buf_add16(out, LDNS_EDNS_PADDING);
			r |= dnstk_buf_add16(out, (unsigned)pad);
			while (pad > 0 && r == 0) {
				size_t n = pad < sizeof(zeros) ? pad :
				    sizeof(zeros);

				r |= dnstk_buf_add(out, zeros, n);
				pad -= n;
			}
		}
	}
	return dnstk_buf_done(out, start, r);
}

int
dnstk_qname_parse(struct dnstk_qspec *q, const char *name)
{
	ldns_rdf *d = NULL;
	size_t n = strlen(name);
	char *abs;
	int rc = DNSTK_EINPUT;

	if (n == 0) {
		return DNSTK_EINPUT;
	}
	abs = malloc(n + 2);
	if (abs == NULL) {
		return DNSTK_ENOMEM;
	}
	memcpy(abs, name, n + 1);
	/* An unescaped trailing dot already makes the name absolute. */
	if (!(name[n - 1] == '.' && (n < 2 || name[n - 2] != '\\'))) {
		abs[n] = '.';
		abs[n + 1] = '\0';
	}
	if (ldns_str2rdf_dname(&d, abs) == LDNS_STATUS_OK &&
	    ldns_rdf_size(d) <= DNSTK_DNAME_MAX) {
		memcpy(q->qname, ldns_rdf_data(d), ldns_rdf_size(d));
		q->qname_len = ldns_rdf_size(d);
		rc = 0;
	}
	ldns_rdf_deep_free(d);
	free(abs);
	return rc;
}

int
dnstk_random(void *p, size_t n)
{
	static uint8_t pool[256];
	static size_t avail;
	uint8_t *dst = p;
	ssize_t got;
	size_t k;

	while (n > 0) {
		if (avail == 0) {
			got = getrandom(pool, sizeof(pool), 0);
			if (got < 0 && errno == EINTR) {
				continue;
			}
			if (got <= 0) {
				return got < 0 ? -errno : -EIO;
			}
			avail = (size_t)got;
		}
		k = n < avail ? n : avail;
		memcpy(dst, pool + sizeof(pool) - avail, k);
		/* Never hand out the same random bytes twice. */
		memset(pool + sizeof(pool) - avail, 0, k);
		avail -= k;
		dst += k;
		n -= k;
	}
	return 0;
}

int
dnstk_opt_append(struct dnstk_buf *out, uint16_t code, const void *d,
    size_t len)
{
	size_t start = out->len;
	int r = 0;

	if (len > 65535) {
		return DNSTK_EINPUT;
	}
	r |= dnstk_buf_add16(out, code);
	r |= dnstk_buf_add16(out, (unsigned)len);
	r |= dnstk_buf_add(out, d, len);
	return dnstk_buf_done(out, start, r);
}

int
dnstk_opt_append_ecs(struct dnstk_buf *out, const char *text,
    const char **why)
{
	uint8_t body[4 + 16], addr[16];
	char tmp[64];
	const char *slash = strchr(text, '/');
	long long plen;
	size_t alen, n;
	int family, max;

	n = slash != NULL ? (size_t)(slash - text) : strlen(text);
	if (n == 0 || n >= sizeof(tmp)) {
		*why = "not an address";
		return DNSTK_EINPUT;
	}
	memcpy(tmp, text, n);
	tmp[n] = '\0';
	if (inet_pton(AF_INET, tmp, addr) == 1) {
		family = 1;
		max = 32;
	} else if (inet_pton(AF_INET6, tmp, addr) == 1) {
		family = 2;
		max = 128;
	} else {
		*why = "not an IPv4 or IPv6 address";
		return DNSTK_EINPUT;
	}
	plen = max;
	if (slash != NULL && dnstk_strtonum(&plen, slash + 1, 0, max, why) !=
	    0) {
		*why = "bad prefix length";
		return DNSTK_EINPUT;
	}
	alen = ((size_t)plen + 7) / 8;
	body[0] = 0;
	body[1] = (uint8_t)family;
	body[2] = (uint8_t)plen;
	body[3] = 0;
	memcpy(body + 4, addr, alen);
	/* RFC 7871 §6: bits beyond the prefix MUST be zero. */
	if (plen % 8 != 0) {
		body[4 + alen - 1] &= (uint8_t)(0xff << (8 - plen % 8));
	}
	return dnstk_opt_append(out, 8, body, 4 + alen);
}
