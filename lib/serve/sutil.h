/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Small pieces the files of lib/serve share: ASCII case folding of wire
 * names, skipping a name in a message, the key of the forwarder's and
 * the validator's caches, and a monotonic clock.  Not for use outside
 * lib/serve.
 */
#ifndef DNSTK_SERVE_SUTIL_H
#define DNSTK_SERVE_SUTIL_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

/* The longest cache key: a wire name and a type. */
#define DNSTK_SU_KEY_MAX (255 + 2)

/* Octet `c` of a wire name in lower case (ASCII letters only, RFC 4343). */
static inline uint8_t
dnstk_su_lower(uint8_t c)
{
	return (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 32) : c;
}

/*
 * The offset after the (possibly compressed) name at w[pos] of a message
 * of `len` octets, or 0 when it is malformed (runs past the end, a
 * reserved label type, or longer than 255 octets).
 */
size_t dnstk_su_skip_name(const uint8_t *w, size_t len, size_t pos);

/*
 * The cache key of (qname, qtype): the name in lower case, then the
 * type, into key (DNSTK_SU_KEY_MAX octets) with its length in *klen, and
 * its FNV-1a hash in *hash.  Returns 0, or DNSTK_EINPUT when the name is
 * longer than 255 octets.
 */
int dnstk_su_cache_key(uint8_t *key, size_t *klen, uint32_t *hash,
    const uint8_t *qname, size_t qlen, uint16_t qtype);

/*
 * Split the upstream "ADDR[#PORT]" of --forward (ADDR may be in
 * brackets) into host (`cap` octets, NUL-terminated) and *port (53 when
 * not given).  The address itself is not checked.  Returns 0, or
 * DNSTK_EUSAGE with err set ("--forward: bad port in ...", "... is not
 * an address").
 */
int dnstk_su_host_port(const char *spec, char *host, size_t cap,
    uint16_t *port, struct dnstk_err *err);

/* Seconds of CLOCK_MONOTONIC (cache ages). */
long long dnstk_su_mono_s(void);

#endif
