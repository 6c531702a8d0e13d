/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk-canon-sort: sort records in DNSSEC canonical order, check RRsets. */
#include <stdio.h>
#include <string.h>

#include "cli/run.h"
#include "dns/msg.h"
#include "tool/canon_sort.h"

/* The destination of the option rows (bound rows need fixed addresses). */
static struct dnstk_canon_args args;

static int section_cb(const struct dnstk_opt *o, const char *arg);

static const struct dnstk_opt canon_opts[] = {
	DNSTK_OPTS_FORMS_BOUND(&args.out, &args.in),
	DNSTK_OPT_CALLBACK(0, "section", DNSTK_ARG_REQUIRED, "SECTION",
	    section_cb, &args, "read only this section of messages: answer, "
	    "authority or additional", "values:answer authority additional"),
	DNSTK_OPT_BOOL(0, "canonical", &args.canonical,
	    "print records in canonical form (lowercased)"),
	DNSTK_OPT_BOOL(0, "rrsets", &args.rrsets,
	    "a comment line before each RRset, a blank line after it"),
	DNSTK_OPT_BOOL(0, "keep-duplicates", &args.keep_dups,
	    "keep duplicate records"),
	DNSTK_OPT_BOOL(0, "check", &args.check,
	    "report duplicates and RRsets with differing TTLs; exit 1 if any"),
	DNSTK_OPT_BOOL(0, "fix-ttl", &args.fix_ttl,
	    "set each RRset's TTL to its lowest"),
	DNSTK_OPT_BOOL(0, "signed-data", &args.signed_data,
	    "print in hex the data each RRSIG signs"),
	DNSTK_OPT_END,
};

/* --section=answer|authority|additional: inputs are messages. */
static int
section_cb(const struct dnstk_opt *o, const char *arg)
{
	static const char *names[] = { "answer", "authority", "additional" };
	struct dnstk_canon_args *a = o->dest;
	int i;

	for (i = 0; i < 3; i++) {
		if (strcmp(arg, names[i]) == 0) {
			a->section = DNSTK_SEC_ANSWER + i;
			a->section_given = true;
			return 0;
		}
	}
	return dnstk_cli_usage_error("--section: '%s' is not answer, "
	    "authority or additional", arg);
}

/* One message per conflict, as nc does. */
static int
canon_conflicts(void)
{
	int ex = 0;

	if (args.check && (args.signed_data || args.fix_ttl)) {
		ex = dnstk_cli_usage_error("--check cannot be combined with "
		    "%s", args.signed_data ? "--signed-data" : "--fix-ttl");
	}
	if (args.signed_data && (args.rrsets || args.out != DNSTK_FORM_TEXT)) {
		ex = dnstk_cli_usage_error("--signed-data prints hex on its "
		    "own: no --rrsets, -w or -j");
	}
	if (args.rrsets && args.out == DNSTK_FORM_JSON) {
		ex = dnstk_cli_usage_error("--rrsets comments do not fit in "
		    "JSON Lines");
	}
	return ex;
}

/* The work; says how many duplicates it removed. */
static int
canon_run(struct dnstk_err *err)
{
	struct dnstk_canon_stats st = { 0, 0, 0 };
	int rc;

	rc = dnstk_canon_sort(&args, stdout, stderr, &st, err);
	if (rc == 0 && st.duplicates > 0 && !args.keep_dups) {
		dnstk_cli_warn("removed %zu duplicate record%s",
		    st.duplicates, st.duplicates == 1 ? "" : "s");
	}
	return rc;
}

DNSTK_CLI_TOOL(&args, dnstk_canon_args_init,
    canon_conflicts(),
    canon_run(err),
    { "canon-sort", "Sort records in DNSSEC canonical order, check "
      "RRsets.", "[FILE ...]", canon_opts },
    .files = &args.files, .nfiles = &args.nfiles)
