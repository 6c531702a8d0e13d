/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-canon-sort: sort records in DNSSEC canonical order, check RRsets. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "dns/msg.h"
#include "tool/canon_sort.h"

enum {
	OPT_SECTION = DNSTK_OPT_FIRST_TOOL,
	OPT_CANONICAL,
	OPT_RRSETS,
	OPT_KEEP_DUPS,
	OPT_CHECK,
	OPT_FIX_TTL,
	OPT_SIGNED_DATA,
};

static const struct dnstk_opt canon_opts[] = {
	DNSTK_OPTS_FORMS,
	{ OPT_SECTION, "section", DNSTK_ARG_REQUIRED, "SECTION",
	  "read only this section of messages: answer, authority or "
	  "additional", "values:answer authority additional" },
	{ OPT_CANONICAL, "canonical", DNSTK_ARG_NONE, NULL,
	  "print records in canonical form (lowercased)", NULL },
	{ OPT_RRSETS, "rrsets", DNSTK_ARG_NONE, NULL,
	  "a comment line before each RRset, a blank line after it", NULL },
	{ OPT_KEEP_DUPS, "keep-duplicates", DNSTK_ARG_NONE, NULL,
	  "keep duplicate records", NULL },
	{ OPT_CHECK, "check", DNSTK_ARG_NONE, NULL,
	  "report duplicates and RRsets with differing TTLs; exit 1 if any",
	  NULL },
	{ OPT_FIX_TTL, "fix-ttl", DNSTK_ARG_NONE, NULL,
	  "set each RRset's TTL to its lowest", NULL },
	{ OPT_SIGNED_DATA, "signed-data", DNSTK_ARG_NONE, NULL,
	  "print in hex the data each RRSIG signs", NULL },
	DNSTK_OPT_END,
};

static const struct dnstk_cmd canon_cmd = {
	"canon-sort", "Sort records in DNSSEC canonical order, check RRsets.",
	"[FILE ...]", canon_opts,
};

static int
section_parse(int *out, const char *s)
{
	static const char *names[] = { "answer", "authority", "additional" };
	int i;

	for (i = 0; i < 3; i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = DNSTK_SEC_ANSWER + i;
			return 0;
		}
	}
	return dnstk_cli_usage_error("--section: '%s' is not answer, "
	    "authority or additional", s);
}

/* One message per conflict, as nc does. */
static int
canon_conflicts(const struct dnstk_canon_args *a)
{
	int ex = 0;

	if (a->check && (a->signed_data || a->fix_ttl)) {
		ex = dnstk_cli_usage_error("--check cannot be combined with "
		    "%s", a->signed_data ? "--signed-data" : "--fix-ttl");
	}
	if (a->signed_data && (a->rrsets || a->out != DNSTK_FORM_TEXT)) {
		ex = dnstk_cli_usage_error("--signed-data prints hex on its "
		    "own: no --rrsets, -x or -j");
	}
	if (a->rrsets && a->out == DNSTK_FORM_JSON) {
		ex = dnstk_cli_usage_error("--rrsets comments do not fit in "
		    "JSON Lines");
	}
	return ex;
}

/* The flag an option without an argument sets, or NULL. */
static bool *
canon_flag(struct dnstk_canon_args *a, int c)
{
	bool *flags[] = {
		&a->canonical, &a->rrsets, &a->keep_dups, &a->check,
		&a->fix_ttl, &a->signed_data,
	};

	return c >= OPT_CANONICAL && c <= OPT_SIGNED_DATA ?
	    flags[c - OPT_CANONICAL] : NULL;
}

static int
canon_parse(struct dnstk_canon_args *a, struct dnstk_cli *cli, int argc,
    char *argv[])
{
	bool *flag;
	int c, r;

	dnstk_canon_args_init(a);
	while ((c = dnstk_cli_next(cli, argc, argv)) != DNSTK_CLI_DONE) {
		if (c == DNSTK_CLI_STOP) {
			return cli->exit == 0 ? -1 : cli->exit;
		}
		r = dnstk_cli_form_opt(cli, c, &a->out, &a->in);
		if (r != 0 && r != 1) {
			return r;
		}
		if (r == 0 && (flag = canon_flag(a, c)) != NULL) {
			*flag = true;
		} else if (r == 0 && c == OPT_SECTION) {
			if (section_parse(&a->section, cli->arg) != 0) {
				return DNSTK_EXIT_USAGE;
			}
			a->section_given = true;
		}
	}
	a->files = argv + optind;
	a->nfiles = argc - optind;
	a->prog = dnstk_cli_progname();
	return canon_conflicts(a);
}

int
main(int argc, char *argv[])
{
	struct dnstk_canon_args args;
	struct dnstk_canon_stats st = { 0, 0, 0 };
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_cli cli;
	int ex;

	dnstk_cli_init(&cli, &canon_cmd);
	ex = canon_parse(&args, &cli, argc, argv);
	if (ex == 0) {
		ex = dnstk_cli_report(dnstk_canon_sort(&args, stdout, stderr,
		    &st, &err), &err);
		if (ex == 0 && st.duplicates > 0 && !args.keep_dups) {
			dnstk_cli_warn("removed %zu duplicate record%s",
			    st.duplicates, st.duplicates == 1 ? "" : "s");
		}
	} else if (ex < 0) {
		ex = 0;
	}
	dnstk_cli_release(&cli);
	return dnstk_cli_finish(ex);
}
