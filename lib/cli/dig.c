/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dig's "+word" options, read as the long options of dnstk-query they
 * stand for: the table of words and its reader, for dnstk_cli_words().
 * Kept beside the option parser so that the tool's library needs
 * nothing of lib/cli.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "cli/dig.h"
#include "util/str.h"

/*
 * dig's "+word" options.  Each maps onto a long option of dnstk-query:
 * `opt` with the argument after '=' (`arg`: none, optional, required),
 * or with a fixed argument (`fixed`, for the section words); "+noword"
 * undoes it (PLUS_NO), or applies `opt` as it is where `opt` is itself
 * the "no" form (PLUS_INVERT: +norec is --no-rd, +rec undoes it).
 */
enum {
	PLUS_NO = 0x1,		/* a "+noword" form exists */
	PLUS_INVERT = 0x2,	/* `opt` is what "+noword" means */
	PLUS_ARG = 0x4,		/* "=VALUE" taken */
	PLUS_ARG_REQ = 0x8,	/* "=VALUE" needed */
};

static const struct plus_word {
	const char *word;
	const char *opt;
	unsigned flags;
	const char *fixed;	/* the argument, for --show/--hide */
	const char *with_value;	/* the option when "=VALUE" is given */
} plus_words[] = {
	{ "short", "short", PLUS_NO, NULL, NULL },
	{ "json", "json", 0, NULL, NULL },
	{ "dnssec", "dnssec", PLUS_NO, NULL, NULL },
	{ "cd", "cd", PLUS_NO, NULL, NULL },
	{ "cdflag", "cd", PLUS_NO, NULL, NULL },
	{ "adflag", "ad", PLUS_NO, NULL, NULL },
	{ "rec", "no-rd", PLUS_NO | PLUS_INVERT, NULL, NULL },
	{ "recurse", "no-rd", PLUS_NO | PLUS_INVERT, NULL, NULL },
	{ "tcp", "tcp", PLUS_NO, NULL, NULL },
	{ "vc", "tcp", PLUS_NO, NULL, NULL },
	{ "ignore", "ignore-tc", PLUS_NO, NULL, NULL },
	{ "nsid", "nsid", PLUS_NO, NULL, NULL },
	{ "cookie", "cookie", PLUS_NO | PLUS_ARG, NULL, NULL },
	{ "subnet", "subnet", PLUS_NO | PLUS_ARG | PLUS_ARG_REQ, NULL, NULL },
	{ "padding", "padding", PLUS_NO | PLUS_ARG, NULL, NULL },
	{ "ednsopt", "ednsopt", PLUS_NO | PLUS_ARG | PLUS_ARG_REQ, NULL,
	  NULL },
	{ "edns", "no-edns", PLUS_NO | PLUS_INVERT | PLUS_ARG, NULL,
	  "edns-version" },
	{ "bufsize", "bufsize", PLUS_ARG | PLUS_ARG_REQ, NULL, NULL },
	{ "time", "timeout", PLUS_ARG | PLUS_ARG_REQ, NULL, NULL },
	{ "tries", "tries", PLUS_ARG | PLUS_ARG_REQ, NULL, NULL },
	{ "idnout", "idnout", PLUS_NO, NULL, NULL },
	{ "all", "show", PLUS_NO, "all", NULL },
	{ "comments", "show", PLUS_NO, "comments", NULL },
	{ "question", "show", PLUS_NO, "question", NULL },
	{ "answer", "show", PLUS_NO, "answer", NULL },
	{ "authority", "show", PLUS_NO, "authority", NULL },
	{ "additional", "show", PLUS_NO, "additional", NULL },
	{ "stats", "show", PLUS_NO, "stats", NULL },
	/* dnstk-query never echoes its command line: +nocmd is nothing */
	{ "cmd", NULL, PLUS_NO, NULL, NULL },
};

#define PLUS_N (sizeof(plus_words) / sizeof(plus_words[0]))

/* "+word" and "+noword" as option rows, for dnstk_cli_nearest(). */
static struct dnstk_opt plus_rows[2 * PLUS_N + 1];
static char plus_no[PLUS_N][24];

static const struct dnstk_cmd *
plus_cmd(void)
{
	static struct dnstk_cmd cmd = { "dig", "", "", plus_rows };
	size_t i, n = 0;

	if (plus_rows[0].long_name != NULL) {
		return &cmd;
	}
	for (i = 0; i < PLUS_N; i++) {
		plus_rows[n++].long_name = plus_words[i].word;
		if (plus_words[i].flags & PLUS_NO) {
			snprintf(plus_no[i], sizeof(plus_no[i]), "no%s",
			    plus_words[i].word);
			plus_rows[n++].long_name = plus_no[i];
		}
	}
	return &cmd;
}

int
dnstk_cli_dig_plus(struct dnstk_cli_word *p, const char *word,
    const struct dnstk_cmd *cmd, char *msg, size_t cap)
{
	const struct plus_word *pw = NULL;
	const char *w = word + 1, *eq, *near;
	char esc[160], name[64];
	bool no = false;
	size_t i, n;

	memset(p, 0, sizeof(*p));
	eq = strchr(w, '=');
	n = eq != NULL ? (size_t)(eq - w) : strlen(w);
	for (i = 0; i < PLUS_N && n < sizeof(name); i++) {
		if (strlen(plus_words[i].word) == n &&
		    strncasecmp(w, plus_words[i].word, n) == 0) {
			pw = &plus_words[i];
			break;
		}
		if ((plus_words[i].flags & PLUS_NO) != 0 && n > 2 &&
		    strncasecmp(w, "no", 2) == 0 &&
		    strlen(plus_words[i].word) == n - 2 &&
		    strncasecmp(w + 2, plus_words[i].word, n - 2) == 0) {
			pw = &plus_words[i];
			no = true;
			break;
		}
	}
	dnstk_str_escape(esc, sizeof(esc), word);
	if (pw == NULL) {
		snprintf(name, sizeof(name), "%.*s", (int)(n < 63 ? n : 63),
		    w);
		near = dnstk_cli_nearest(plus_cmd(), name);
		if (near != NULL) {
			snprintf(msg, cap, "unknown option '%s'; did you "
			    "mean '+%s'?", esc, near);
		} else if ((near = cmd != NULL ? dnstk_cli_nearest(cmd,
		    name) : NULL) != NULL) {
			snprintf(msg, cap, "unknown option '%s'; did you "
			    "mean '--%s'?", esc, near);
		} else {
			snprintf(msg, cap, "unknown option '%s' (dnstk-query "
			    "has no such dig option)", esc);
		}
		return DNSTK_EUSAGE;
	}
	if (eq != NULL && ((pw->flags & PLUS_ARG) == 0 || no)) {
		snprintf(msg, cap, "'%s' takes no value", esc);
		return DNSTK_EUSAGE;
	}
	if (eq == NULL && !no && (pw->flags & PLUS_ARG_REQ) != 0) {
		snprintf(msg, cap, "'%s' needs a value ('+%s=...')", esc,
		    pw->word);
		return DNSTK_EUSAGE;
	}
	if (pw->opt == NULL && !no) {
		snprintf(msg, cap, "'%s': dnstk-query has no such output "
		    "(only '+no%s')", esc, pw->word);
		return DNSTK_EUSAGE;
	}
	p->opt = pw->opt;
	p->arg = eq != NULL ? eq + 1 : NULL;
	p->negate = no;
	if (pw->fixed != NULL) {
		p->opt = no ? "hide" : "show";
		p->arg = pw->fixed;
		p->negate = false;
	} else if (eq != NULL && pw->with_value != NULL) {
		p->opt = pw->with_value;
	} else if ((pw->flags & PLUS_INVERT) != 0) {
		p->negate = !no;
	}
	return 0;
}

const char *
dnstk_cli_dig_words(void)
{
	static char all[PLUS_N * 2 * 24];
	size_t i, n = 0;

	if (all[0] != '\0') {
		return all;
	}
	for (i = 0; i < PLUS_N; i++) {
		n += (size_t)snprintf(all + n, sizeof(all) - n, "%s+%s%s",
		    n > 0 ? " " : "", plus_words[i].word,
		    (plus_words[i].flags & PLUS_ARG_REQ) != 0 ? "=" : "");
		if ((plus_words[i].flags & PLUS_NO) != 0) {
			n += (size_t)snprintf(all + n, sizeof(all) - n,
			    " +no%s", plus_words[i].word);
		}
	}
	return all;
}
