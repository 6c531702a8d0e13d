/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-zone-check: list every problem of a (signed) zone, for CI. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "tool/zone_check.h"

enum {
	OPT_EXPIRE_WITHIN = DNSTK_OPT_FIRST_TOOL,
	OPT_EXPIRE_WARN,
	OPT_DS,
	OPT_ZONEMD,
	OPT_JUNIT,
	OPT_JOBS,
	OPT_SORTED,
};

static const struct dnstk_opt zc_opts[] = {
	{ 'j', "json", DNSTK_ARG_NONE, NULL,
	  "write JSON Lines: one object per finding, then a summary", NULL },
	{ 'q', "quiet", DNSTK_ARG_NONE, NULL,
	  "print the summary only", NULL },
	{ 'o', "origin", DNSTK_ARG_REQUIRED, "NAME",
	  "zone origin (default: the SOA owner, or $ORIGIN)", NULL },
	{ DNSTK_OPT_NOW, "now", DNSTK_ARG_REQUIRED, "TIME",
	  "check signature windows at TIME (Unix seconds or "
	  "YYYYMMDDHHMMSS)", NULL },
	{ OPT_EXPIRE_WITHIN, "expire-within", DNSTK_ARG_REQUIRED, "DURATION",
	  "a signature expiring that soon (30d, 12h) is an error", NULL },
	{ OPT_EXPIRE_WARN, "expire-warn", DNSTK_ARG_REQUIRED, "DURATION",
	  "a signature expiring that soon is a warning", NULL },
	{ OPT_DS, "ds", DNSTK_ARG_REQUIRED, "FILE",
	  "the parent's DS records: each must match a SEP key that signs "
	  "the DNSKEY RRset", "file" },
	{ OPT_SORTED, "sorted", DNSTK_ARG_NONE, NULL,
	  "input is in canonical order (dnstk-canon-sort): stream it in "
	  "bounded memory; needs -o", NULL },
	{ OPT_ZONEMD, "zonemd", DNSTK_ARG_NONE, NULL,
	  "print the ZONEMD records (SHA-384, SHA-512) the zone should "
	  "carry", NULL },
	{ OPT_JUNIT, "junit", DNSTK_ARG_REQUIRED, "FILE",
	  "also write a JUnit XML report to FILE", "file" },
	{ OPT_JOBS, "jobs", DNSTK_ARG_REQUIRED, "N",
	  "verify signatures with N threads (default: every core)", NULL },
	DNSTK_OPT_END,
};

static const struct dnstk_cmd zc_cmd = {
	"zone-check", "List every problem of a zone (DNSSEC, NSEC/NSEC3, "
	"ZONEMD, delegations) for CI.", "[ZONEFILE]", zc_opts,
};

static int
duration(uint32_t *out, const char *name, const char *s)
{
	if (dnstk_zonecheck_duration(out, s) != 0) {
		return dnstk_cli_usage_error("%s: '%s' is not a duration "
		    "(30d, 12h, 90m, 3600s; at most 68 years)", name, s);
	}
	return 0;
}

static int
zc_parse(struct dnstk_zonecheck_args *a, struct dnstk_cli *cli, int argc,
    char *argv[])
{
	long long v;
	int c;

	dnstk_zonecheck_args_init(a);
	while ((c = dnstk_cli_next(cli, argc, argv)) != DNSTK_CLI_DONE) {
		switch (c) {
		case DNSTK_CLI_STOP:
			return cli->exit == 0 ? -1 : cli->exit;
		case 'j':
			a->out = DNSTK_FORM_JSON;
			break;
		case 'q':
			a->quiet = true;
			break;
		case 'o':
			a->opts.origin = cli->arg;
			break;
		case DNSTK_OPT_NOW:
			if (dnstk_cli_time(&a->opts.now, cli->arg) != 0) {
				return DNSTK_EXIT_USAGE;
			}
			break;
		case OPT_EXPIRE_WITHIN:
			if (duration(&a->opts.expire_within, "--expire-within",
			    cli->arg) != 0) {
				return DNSTK_EXIT_USAGE;
			}
			break;
		case OPT_EXPIRE_WARN:
			if (duration(&a->opts.expire_warn, "--expire-warn",
			    cli->arg) != 0) {
				return DNSTK_EXIT_USAGE;
			}
			break;
		case OPT_DS:
			a->opts.ds_file = cli->arg;
			break;
		case OPT_ZONEMD:
			a->opts.zonemd = true;
			break;
		case OPT_SORTED:
			a->opts.sorted = true;
			break;
		case OPT_JUNIT:
			a->junit = cli->arg;
			break;
		case OPT_JOBS:
			if (dnstk_cli_number(&v, "--jobs", cli->arg, 1, 64) !=
			    0) {
				return DNSTK_EXIT_USAGE;
			}
			a->opts.jobs = (unsigned)v;
			break;
		}
	}
	if (argc - optind > 1) {
		return dnstk_cli_usage_error("one zone file at most");
	}
	a->file = optind < argc ? argv[optind] : NULL;
	if (a->opts.zonemd && (a->out == DNSTK_FORM_JSON || a->quiet)) {
		return dnstk_cli_usage_error("--zonemd prints records: no -j "
		    "or -q");
	}
	return 0;
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

int
main(int argc, char *argv[])
{
	struct dnstk_zonecheck_args args;
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_cli cli;
	int ex;

	dnstk_cli_init(&cli, &zc_cmd);
	ex = zc_parse(&args, &cli, argc, argv);
	if (ex == 0) {
		if (isatty(STDERR_FILENO)) {
			args.opts.progress = progress;
		}
		ex = dnstk_zonecheck(&args, stdout, &err);
		if (progress_shown) {
			fputs("\r\033[K", stderr);
		}
		ex = dnstk_cli_report(ex, &err);
	} else if (ex < 0) {
		ex = 0;
	}
	dnstk_cli_release(&cli);
	return dnstk_cli_finish(ex);
}
