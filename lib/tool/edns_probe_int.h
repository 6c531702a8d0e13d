/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-edns-probe's internals: the test table and the answer checks. */
#ifndef DNSTK_TOOL_EDNS_PROBE_INT_H
#define DNSTK_TOOL_EDNS_PROBE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/msg.h"
#include "net/server.h"
#include "out/finding.h"
#include "tool/edns_probe.h"

#define RCODE_REFUSED 5
#define RCODE_BADVERS 16
#define NO_RCODE (-1)		/* a test that does not check the RCODE */
#define OPT_UNKNOWN 100		/* the unassigned code genreport uses */
#define EFLAG_UNKNOWN 0x0040	/* an unassigned EDNS flag bit */

/* Options a test sends, as bits. */
enum {
	O_UNKNOWN = 1 << 0,
	O_NSID = 1 << 1,
	O_ECS = 1 << 2,
	O_EXPIRE = 1 << 3,
	O_COOKIE = 1 << 4,
	O_KEEPALIVE = 1 << 5,
};

/* What a test checks in the answer, in this order (first failure wins). */
enum {
	C_NOOPT = 1 << 0,	/* no OPT record (query without EDNS) */
	C_AA = 1 << 1,		/* AA set */
	C_OPT = 1 << 2,		/* one OPT record, version 0 */
	C_SOA = 1 << 3,		/* an SOA in the answer section */
	C_BV_EMPTY = 1 << 4,	/* BADVERS with an empty answer section */
	C_NO_UNKNOWN = 1 << 5,	/* option OPT_UNKNOWN not echoed */
	C_512 = 1 << 6,		/* the answer fits the 512 bytes offered */
	C_DO = 1 << 7,		/* DO set in the answer */
	C_FLAGS = 1 << 8,	/* no unknown EDNS flag echoed */
	C_OPTLIST = 1 << 9,	/* only asked-for options (and PADDING, EDE) */
	C_NODATA = 1 << 10,	/* empty answer, SOA in authority (type 666) */
	C_COOKIE = 1 << 11,	/* a returned COOKIE starts with ours */
	C_NOZ = 1 << 12,	/* header Z bit clear */
	C_SIGNED = 1 << 13,	/* an RRSIG with the SOA, else skipped */
};

struct probe_test {
	const char *name;
	uint16_t qtype;
	bool edns;
	uint8_t version;
	uint16_t eflags;
	uint16_t udp_size;
	uint16_t hflags;	/* header flags besides the defaults */
	bool tcp;
	bool ignore_tc;
	unsigned opts;
	int rcode;		/* the RCODE wanted, or NO_RCODE */
	unsigned checks;
};

struct probe {
	const struct dnstk_edns_probe_args *a;
	struct dnstk_server server;
	uint8_t cookie[8];
	char why[256];
	bool nomem;		/* a test ran out of memory: stop, exit 3 */
};

/* Set p->why from the format; returns DNSTK_SEV_ERROR (a failed test). */
enum dnstk_severity probe_fail(struct probe *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Out of memory in a test: sets p->nomem (the run stops there, never
 * judging the server on it); returns DNSTK_SEV_ERROR.
 */
enum dnstk_severity probe_nomem(struct probe *p);

/* The tests, in the order they run. */
extern const struct probe_test probe_tests[];
extern const size_t probe_ntests;

/*
 * Judge answer `m` (`len` bytes of wire) to test `t`: DNSTK_SEV_OK,
 * DNSTK_SEV_ERROR (failed) or DNSTK_SEV_NOTE (skipped), with p->why
 * saying why when not OK.  Any MUST violation of the EDNS checker fails.
 */
enum dnstk_severity probe_check_answer(struct probe *p,
    const struct probe_test *t, const struct dnstk_msg *m, size_t len);

#endif
