/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-verify-chain: prove an answer secure, insecure or bogus, and show why. */
#ifndef DNSTK_TOOL_VERIFY_CHAIN_H
#define DNSTK_TOOL_VERIFY_CHAIN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "dnssec/validate.h"
#include "out/render.h"
#include "util/buf.h"
#include "util/err.h"

enum dnstk_vc_color {
	DNSTK_VC_COLOR_AUTO,
	DNSTK_VC_COLOR_ALWAYS,
	DNSTK_VC_COLOR_NEVER,
};

#define DNSTK_VC_ANCHORS_MAX 64	/* --anchor is repeatable this often */

struct dnstk_vc_args {
	const char *name;	/* the question (presentation form) */
	const char *type;	/* "A" unless given */
	bool offline;
	const char *records;	/* --records=FILE, NULL or "-": stdin */
	const char *anchors[DNSTK_VC_ANCHORS_MAX];	/* --anchor=FILE */
	int nanchors;
	enum dnstk_form in;
	struct dnstk_val_opts val;
	bool dump;
	bool json;
	bool quiet;
	enum dnstk_vc_color color;
	const char *server;	/* NULL: resolv.conf */
	uint16_t port;
	int timeout_ms;
	int tries;
	bool tcp;
};

/* Defaults: type A, online, built-in anchors, text trace, port 53, 5 s, 2 tries. */
void dnstk_vc_args_init(struct dnstk_vc_args *a);

/*
 * Take the operands [@SERVER] NAME [TYPE] into `a` and check the option
 * conflicts.  Returns 0, or DNSTK_EUSAGE with *why a static message.
 */
int dnstk_vc_operands(struct dnstk_vc_args *a, int argc, char *argv[],
    const char **why);

/*
 * Append the trace of `r` for `name`/`type` to `out`: as text (one block
 * per zone, a verdict line; ANSI colour when `color`), as one JSON
 * object and a newline, or only the verdict word (`quiet`).  Returns 0 or
 * DNSTK_ENOMEM.
 */
int dnstk_vc_render(struct dnstk_buf *out, const struct dnstk_val_result *r,
    const char *name, const char *type, bool json, bool quiet, bool color);

/*
 * Run dnstk-verify-chain: gather records (offline from a file, or online
 * from the server), validate, write the trace (or with `dump` the
 * records) to `out`.  Returns 0 (secure, or a dump written),
 * DNSTK_EFAIL (bogus), DNSTK_EINSECURE, DNSTK_EINDETERMINATE, or an
 * error: DNSTK_EUSAGE / DNSTK_EINPUT (err set), DNSTK_ENET,
 * DNSTK_ETIMEOUT, DNSTK_ENOMEM, -errno.
 */
int dnstk_verify_chain(const struct dnstk_vc_args *a, FILE *out,
    struct dnstk_err *err);

#endif
