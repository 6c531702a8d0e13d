/* SPDX-License-Identifier: BSD-3-Clause */
/* TLSA records for a certificate chain (dnstk-tlsa-check --generate). */
#ifndef DNSTK_DANE_GENERATE_H
#define DNSTK_DANE_GENERATE_H

#include <stdbool.h>
#include <stdint.h>

#include <openssl/x509.h>

#include "util/buf.h"

/*
 * Append to `out` TLSA records in presentation form for `chain` (leaf
 * first) under `owner` with `ttl`: one record with `usage`, `selector`
 * and `mtype` (a TA usage names the top of the chain), or with `all` one
 * per certificate (the leaf gets the EE usage of the family, issuers its
 * TA usage).  Returns 0, DNSTK_ENOMEM or the error of the association.
 */
int dnstk_dane_generate(struct dnstk_buf *out, STACK_OF(X509) *chain,
    const char *owner, uint32_t ttl, int usage, int selector, int mtype,
    bool all);

#endif
