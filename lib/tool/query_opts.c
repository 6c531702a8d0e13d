/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dnstk-query's option values: what each option sets in the arguments,
 * with its range checks, and the conflicts between options.  The option
 * table (names, help) stays with the command; it hands over the option
 * and its argument only, so this file needs nothing of lib/cli.
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <ldns/ldns.h>

#include "dns/edns_opt.h"
#include "dns/msg.h"
#include "net/qmsg.h"
#include "tool/query_int.h"
#include "util/duration.h"
#include "util/num.h"

/* A number option in [min, max]; 0 or DNSTK_EUSAGE with msg set. */
static int
number(long long *v, const char *name, const char *arg, long long min,
    long long max, char *msg, size_t cap)
{
	const char *why;
	char esc[128];

	if (dnstk_strtonum(v, arg, min, max, &why) != 0) {
		snprintf(msg, cap, "--%s: '%s' is %s (%lld-%lld)", name,
		    dnstk_str_escape(esc, sizeof(esc), arg), why, min, max);
		return DNSTK_EUSAGE;
	}
	return 0;
}

/* Options taking a number. */
static int
set_number(struct dnstk_query_args *a, struct dnstk_query_optstate *st,
    int opt, const char *arg, char *msg, size_t cap)
{
	long long v = 0;
	int r = 0;

	switch (opt) {
	case DNSTK_QOPT_EDNS_VERSION:
		r = number(&v, "edns-version", arg, 0, 255, msg, cap);
		a->edns_version = (uint8_t)v;
		st->edns_use++;
		break;
	case DNSTK_QOPT_BUFSIZE:
		r = number(&v, "bufsize", arg, 0, 65535, msg, cap);
		a->udp_size = v < 512 ? 512 : (uint16_t)v;
		st->edns_use++;
		break;
	case DNSTK_QOPT_PADDING:
		v = 128;
		r = arg != NULL ? number(&v, "padding", arg, 1, 4096, msg,
		    cap) : 0;
		a->padding = (unsigned)v;
		st->edns_use++;
		break;
	default:
		snprintf(msg, cap, "unknown option");
		return DNSTK_EUSAGE;
	}
	return r;
}

/*
 * The options that say what to ask and show: -t, -c, -q, -x, --show,
 * --hide.  1 when `opt` is none of them, else 0 or an error with *name
 * and *why.
 */
static int
question_opt(struct dnstk_query_args *a, int opt, const char *arg,
    const char **name, const char **why)
{
	struct dnstk_query_q *q;
	char rev[DNSTK_QUERY_NAME_MAX];
	unsigned mask;
	int r;

	switch (opt) {
	case DNSTK_QOPT_TYPE:
		*name = "-t";
		*why = "not a record type";
		dnstk_query_ixfr_word(a, arg);
		return dnstk_query_parse_type(&a->qtype, arg);
	case DNSTK_QOPT_CLASS:
		*name = "-c";
		*why = "not a class";
		return dnstk_query_parse_class(&a->qclass, arg);
	case DNSTK_QOPT_QNAME:
		*name = "-q";
		*why = NULL;
		return dnstk_query_add_q(a, arg, NULL);
	case DNSTK_QOPT_REVERSE:
		*name = "-x";
		r = dnstk_query_reverse(rev, sizeof(rev), arg, why);
		if (r == 0 && (r = dnstk_query_add_q(a, rev, &q)) == 0) {
			q->qtype = LDNS_RR_TYPE_PTR;
			q->has_type = true;
		}
		return r;
	case DNSTK_QOPT_SHOW:
	case DNSTK_QOPT_HIDE:
		*name = opt == DNSTK_QOPT_SHOW ? "--show" : "--hide";
		r = dnstk_show_parse(&mask, arg, why);
		if (r == 0 && opt == DNSTK_QOPT_SHOW) {
			a->hide &= ~mask;
		} else if (r == 0) {
			a->hide |= mask;
		}
		return r;
	default:
		return 1;
	}
}

int
dnstk_query_opt(struct dnstk_query_args *a, struct dnstk_query_optstate *st,
    int opt, const char *arg, char *msg, size_t cap)
{
	const char *why = NULL, *name = NULL;
	int r = 0;

	switch (opt) {
	case DNSTK_QOPT_NSID:
		r = dnstk_opt_append(&a->options, 3, NULL, 0);
		st->edns_use++;
		break;
	case DNSTK_QOPT_COOKIE:
		a->cookie = true;
		name = "--cookie";
		r = arg != NULL ? dnstk_query_set_cookie(a, arg, &why) : 0;
		st->edns_use++;
		break;
	case DNSTK_QOPT_SUBNET:
		name = "--subnet";
		r = dnstk_opt_append_ecs(&a->options, arg, &why);
		st->edns_use++;
		break;
	case DNSTK_QOPT_EDNSOPT:
		name = "--ednsopt";
		r = dnstk_query_add_ednsopt(a, arg, &why);
		st->edns_use++;
		break;
	default:
		r = question_opt(a, opt, arg, &name, &why);
		if (r != 1) {
			break;
		}
		return set_number(a, st, opt, arg, msg, cap);
	}
	if (r != 0) {
		char esc[256];

		snprintf(msg, cap, "%s: '%s': %s", name != NULL ? name :
		    "option", dnstk_str_escape(esc, sizeof(esc), arg != NULL ?
		    arg : ""), why != NULL ? why : dnstk_strerror(r));
		return r == DNSTK_ENOMEM ? r : DNSTK_EUSAGE;
	}
	return 0;
}

int
dnstk_query_opts_check(const struct dnstk_query_args *a,
    const struct dnstk_query_optstate *st, const char **why)
{
	*why = NULL;
	if (a->raw_in != DNSTK_FORM_AUTO && !a->raw) {
		*why = "--in applies only to --raw";
	} else if (a->raw && a->batch != NULL) {
		*why = "--raw and --batch conflict";
	} else if (!a->edns && st->edns_use != 0) {
		*why = "--no-edns conflicts with EDNS options (--dnssec, "
		    "--bufsize, --nsid, --cookie ...)";
	} else if (a->short_form && st->form_set) {
		*why = "--short conflicts with --format, -w and -j";
	}
	return *why != NULL ? DNSTK_EUSAGE : 0;
}

int
dnstk_query_add_ednsopt(struct dnstk_query_args *a, const char *text,
    const char **why)
{
	return dnstk_edns_opt_parse_spec(&a->options, text, why);
}

int
dnstk_query_set_cookie(struct dnstk_query_args *a, const char *hex,
    const char **why)
{
	long n;

	n = dnstk_hex_decode(a->cookie_data, sizeof(a->cookie_data), hex,
	    strlen(hex));
	if (n < 0 || (n != 8 && (n < 16 || n > 40))) {
		*why = "not 8 bytes (client cookie) or 16 to 40 bytes (client "
		    "and server cookie) of hex";
		return DNSTK_EINPUT;
	}
	a->cookie = true;
	a->cookie_len = (size_t)n;
	return 0;
}

int
dnstk_query_parse_timeout(int *ms, const char *text, const char **why)
{
	return dnstk_duration_parse_ms(ms, text, why);
}

void
dnstk_query_settle(struct dnstk_query_args *a,
    struct dnstk_query_optstate *st)
{
	a->edns = !a->no_edns;
	st->edns_use += a->dnssec;
	a->edns_flags |= a->dnssec ? DNSTK_EDNS_DO : 0;
	st->form_set = a->form != DNSTK_FORM_AUTO;
	a->form = st->form_set ? a->form : DNSTK_FORM_TEXT;
}
