/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-zone-check: list every problem of a (signed) zone, for CI. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/run.h"
#include "tool/zone_check.h"

static struct dnstk_zonecheck_args args;

/* --expire-within and --expire-warn: a duration into a uint32_t. */
static int
duration(const struct dnstk_opt *o, const char *s)
{
	if (dnstk_zonecheck_duration(o->dest, s) != 0) {
		return dnstk_cli_usage_error("--%s: '%s' is not a duration "
		    "(30d, 12h, 90m, 3600s; at most 68 years)", o->long_name,
		    s);
	}
	return 0;
}

static const struct dnstk_opt zc_opts[] = {
	DNSTK_OPT_SET_FORM('j', "json", &args.out, DNSTK_FORM_JSON,
	    "write JSON Lines: one object per finding, then a summary"),
	DNSTK_OPT_BOOL('q', "quiet", &args.quiet, "print the summary only"),
	DNSTK_OPT_STRING('o', "origin", &args.opts.origin, "NAME",
	    "zone origin (default: the SOA owner, or $ORIGIN)", NULL),
	DNSTK_OPT_NOW_BOUND(&args.opts.now, "check signature windows at TIME "
	    "(Unix seconds or YYYYMMDDHHMMSS)"),
	DNSTK_OPT_CALLBACK(0, "expire-within", DNSTK_ARG_REQUIRED,
	    "DURATION", duration, &args.opts.expire_within,
	    "a signature expiring that soon (30d, 12h) is an error", NULL),
	DNSTK_OPT_CALLBACK(0, "expire-warn", DNSTK_ARG_REQUIRED, "DURATION",
	    duration, &args.opts.expire_warn,
	    "a signature expiring that soon is a warning", NULL),
	DNSTK_OPT_STRING(0, "ds", &args.opts.ds_file, "FILE",
	    "the parent's DS records: each must match a SEP key that signs "
	    "the DNSKEY RRset", "file"),
	DNSTK_OPT_BOOL(0, "sorted", &args.opts.sorted,
	    "input is in canonical order (dnstk-canon-sort): stream it in "
	    "bounded memory; needs -o"),
	DNSTK_OPT_BOOL(0, "zonemd", &args.opts.zonemd,
	    "print the ZONEMD records (SHA-384, SHA-512) the zone should "
	    "carry"),
	DNSTK_OPT_STRING(0, "junit", &args.junit, "FILE",
	    "also write a JUnit XML report to FILE", "file"),
	DNSTK_OPT_UINT(0, "jobs", &args.opts.jobs, "N", 1, 64,
	    "verify signatures with N threads (default: every core)"),
	DNSTK_OPT_END,
};

/* The operand [ZONEFILE], and what the options ask for together. */
static int
zc_operands(int argc, char *argv[], const char **why)
{
	args.file = argc == 1 ? argv[0] : NULL;
	if (argc > 1) {
		*why = "one zone file at most";
	} else if (args.opts.zonemd &&
	    (args.out == DNSTK_FORM_JSON || args.quiet)) {
		*why = "--zonemd prints records: no -j or -q";
	}
	return *why != NULL;
}

/* A progress line on a terminal, for large zones. */
static bool progress_shown;

static void
progress(void *arg, const char *what, size_t n)
{
	(void)arg;
	if (what == NULL) {
		if (progress_shown) {
			fputs("\r\033[K", stderr);	/* clear the line */
		}
		progress_shown = false;
		return;
	}
	fprintf(stderr, "\r%s: %zu %s\033[K", dnstk_cli_progname(), n, what);
	progress_shown = true;
}

/* The check, with a progress line when stderr is a terminal. */
static int
zc_run(struct dnstk_err *err)
{
	int rc;

	if (isatty(STDERR_FILENO)) {
		args.opts.progress = progress;
	}
	rc = dnstk_zonecheck(&args, stdout, err);
	if (progress_shown) {
		fputs("\r\033[K", stderr);
	}
	return rc;
}

DNSTK_CLI_TOOL(&args, dnstk_zonecheck_args_init,
    zc_operands(argc, argv, why),
    zc_run(err),
    { "zone-check", "List every problem of a zone (DNSSEC, NSEC/NSEC3, "
      "ZONEMD, delegations) for CI.", "[ZONEFILE]", zc_opts })
