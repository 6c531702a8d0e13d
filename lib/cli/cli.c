/* SPDX-License-Identifier: BSD-3-Clause */
/* Option tables to getopt_long, --help, --version and exit statuses. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "out/render.h"
#include "util/buf.h"
#include "util/duration.h"
#include "util/num.h"
#include "util/str.h"

#ifndef DNSTK_VERSION
#define DNSTK_VERSION "0"
#endif

/* Hidden options, not in any table: help, version, completion dump. */
enum {
	CLI_HELP = 'h',
	CLI_VERSION = 'V',
	CLI_DUMP = 1000,
	CLI_ROW = 3000,		/* getopt ids of bound long-only rows */
};

/* Whether row `o` has a short option character. */
static int
has_short(const struct dnstk_opt *o)
{
	return o->id > 0 && o->id < 256;
}

static const struct dnstk_opt cli_common[] = {
	{ 'h', "help", DNSTK_ARG_NONE, NULL, "show this help and exit", NULL },
	{ 'V', "version", DNSTK_ARG_NONE, NULL,
	  "show the version and exit", NULL },
	DNSTK_OPT_END,
};

static char cli_prog[64] = "dnstk";
static const struct dnstk_cmd *cli_cmd;
static int cli_write_reported;	/* "cannot write output" was said */

const char *
dnstk_cli_progname(void)
{
	return cli_prog;
}

static size_t
table_len(const struct dnstk_opt *o)
{
	size_t n = 0;

	while (o != NULL && o[n].long_name != NULL) {
		n++;
	}
	return n;
}

void
dnstk_cli_init(struct dnstk_cli *cli, const struct dnstk_cmd *cmd)
{
	size_t n = table_len(cmd->opts), i, k = 0, s = 0;
	const struct dnstk_opt *o;
	struct option *lo;
	int pass;

	memset(cli, 0, sizeof(*cli));
	cli->cmd = cmd;
	cli_cmd = cmd;
	if (strcmp(cmd->name, "dnstk") == 0) {
		snprintf(cli_prog, sizeof(cli_prog), "dnstk");
	} else {
		snprintf(cli_prog, sizeof(cli_prog), "dnstk-%s", cmd->name);
	}
	lo = calloc(n + 4, sizeof(*lo));
	cli->rows = calloc(n + 4, sizeof(*cli->rows));
	cli->seen = calloc(n + 4, 1);
	if (lo == NULL || cli->rows == NULL || cli->seen == NULL) {
		free(lo);
		free(cli->rows);
		free(cli->seen);
		cli->rows = NULL;
		cli->seen = NULL;
		return;
	}
	cli->shortopts[s++] = ':';	/* report a missing argument apart */
	for (pass = 0; pass < 2; pass++) {
		o = pass == 0 ? cli_common : cmd->opts;
		for (i = 0; o != NULL && o[i].long_name != NULL; i++) {
			lo[k].name = o[i].long_name;
			lo[k].has_arg = o[i].arg == DNSTK_ARG_NONE ?
			    no_argument : o[i].arg == DNSTK_ARG_REQUIRED ?
			    required_argument : optional_argument;
			lo[k].val = o[i].id != 0 ? o[i].id : CLI_ROW + (int)k;
			cli->rows[k] = &o[i];
			k++;
			if (has_short(&o[i]) &&
			    s + 4 < sizeof(cli->shortopts)) {
				cli->shortopts[s++] = (char)o[i].id;
				if (o[i].arg == DNSTK_ARG_REQUIRED) {
					cli->shortopts[s++] = ':';
				} else if (o[i].arg == DNSTK_ARG_OPTIONAL) {
					cli->shortopts[s++] = ':';
					cli->shortopts[s++] = ':';
				}
			}
		}
	}
	lo[k].name = "dnstk-options";
	lo[k].has_arg = no_argument;
	lo[k].val = CLI_DUMP;
	cli->longopts = lo;
	cli->nrows = k;
}

void
dnstk_cli_release(struct dnstk_cli *cli)
{
	free(cli->longopts);
	free(cli->rows);
	free(cli->seen);
	cli->longopts = NULL;
	cli->rows = NULL;
	cli->seen = NULL;
	cli->nrows = 0;
}

/* Sort key for usage: letters case-insensitively, upper case first. */
static int
optcmp(const void *a, const void *b)
{
	const struct dnstk_opt *x = *(const struct dnstk_opt *const *)a;
	const struct dnstk_opt *y = *(const struct dnstk_opt *const *)b;
	int cx = has_short(x) ? x->id : x->long_name[0];
	int cy = has_short(y) ? y->id : y->long_name[0];
	int d = tolower(cx) - tolower(cy);

	if (d != 0) {
		return d;
	}
	if (cx != cy) {
		return cx - cy;	/* 'V' before 'v' */
	}
	return strcmp(x->long_name, y->long_name);
}

int
dnstk_cli_usage_line(struct dnstk_buf *out, const struct dnstk_cmd *cmd)
{
	const struct dnstk_opt *all[160];
	size_t n = 0, i;
	int r = 0, pass;
	const struct dnstk_opt *o;
	char shorts[96];
	size_t ns = 0;

	for (pass = 0; pass < 2; pass++) {
		o = pass == 0 ? cli_common : cmd->opts;
		for (i = 0; o != NULL && o[i].long_name != NULL &&
		    n < sizeof(all) / sizeof(all[0]); i++) {
			all[n++] = &o[i];
		}
	}
	qsort(all, n, sizeof(all[0]), optcmp);
	r |= dnstk_buf_addf(out, "usage: %s", cli_prog);
	for (i = 0; i < n; i++) {
		if (has_short(all[i]) && all[i]->arg == DNSTK_ARG_NONE &&
		    ns + 1 < sizeof(shorts)) {
			shorts[ns++] = (char)all[i]->id;
		}
	}
	shorts[ns] = '\0';
	if (ns != 0) {
		r |= dnstk_buf_addf(out, " [-%s]", shorts);
	}
	for (i = 0; i < n; i++) {
		if (!has_short(all[i]) && all[i]->arg == DNSTK_ARG_NONE) {
			r |= dnstk_buf_addf(out, " [--%s]", all[i]->long_name);
		}
	}
	for (i = 0; i < n; i++) {
		o = all[i];
		if (o->arg == DNSTK_ARG_NONE) {
			continue;
		}
		if (has_short(o) && o->arg == DNSTK_ARG_REQUIRED) {
			r |= dnstk_buf_addf(out, " [-%c %s]", o->id, o->value);
		} else if (o->arg == DNSTK_ARG_REQUIRED) {
			r |= dnstk_buf_addf(out, " [--%s=%s]", o->long_name,
			    o->value);
		} else {
			r |= dnstk_buf_addf(out, " [--%s[=%s]]", o->long_name,
			    o->value);
		}
	}
	if (cmd->operands != NULL && cmd->operands[0] != '\0') {
		r |= dnstk_buf_addf(out, " %s", cmd->operands);
	}
	return r != 0 ? DNSTK_ENOMEM : 0;
}

static void
print_usage(FILE *fp)
{
	struct dnstk_buf b;

	dnstk_buf_init(&b);
	if (dnstk_cli_usage_line(&b, cli_cmd) == 0) {
		fprintf(fp, "%s\n", b.data);
	}
	dnstk_buf_release(&b);
}

static void
print_opt_help(FILE *fp, const struct dnstk_opt *o)
{
	char left[80];
	int n;

	if (has_short(o)) {
		n = snprintf(left, sizeof(left), "-%c, --%s", o->id,
		    o->long_name);
	} else {
		n = snprintf(left, sizeof(left), "    --%s", o->long_name);
	}
	if (o->arg == DNSTK_ARG_REQUIRED) {
		snprintf(left + n, sizeof(left) - (size_t)n, "=%s", o->value);
	} else if (o->arg == DNSTK_ARG_OPTIONAL) {
		snprintf(left + n, sizeof(left) - (size_t)n, "[=%s]",
		    o->value);
	}
	if (strlen(left) > 24) {
		fprintf(fp, "  %s\n  %-24s  %s\n", left, "", o->help);
	} else {
		fprintf(fp, "  %-24s  %s\n", left, o->help);
	}
}

static void
print_help(void)
{
	size_t i;

	print_usage(stdout);
	printf("\n%s\n\nOptions:\n", cli_cmd->summary);
	for (i = 0; cli_cmd->opts != NULL && cli_cmd->opts[i].long_name; i++) {
		print_opt_help(stdout, &cli_cmd->opts[i]);
	}
	for (i = 0; cli_common[i].long_name != NULL; i++) {
		print_opt_help(stdout, &cli_common[i]);
	}
	printf("\nSee %s(1) for details.\n", cli_prog);
}

/*
 * The machine-readable option list read by completions/generate and by
 * the dispatcher: a summary line, then one tab-separated line per option
 * (short, long, argument kind, value name, completion hint, help).
 */
void
dnstk_cli_dump(const struct dnstk_cmd *cmd, FILE *fp)
{
	const struct dnstk_opt *o;
	size_t i;
	int pass;

	fprintf(fp, "summary\t%s\noperands\t%s\n", cmd->summary,
	    cmd->operands != NULL ? cmd->operands : "");
	if (cmd->words != NULL) {
		fprintf(fp, "words\t%s\n", cmd->words());
	}
	for (pass = 0; pass < 2; pass++) {
		o = pass == 0 ? cmd->opts : cli_common;
		for (i = 0; o != NULL && o[i].long_name != NULL; i++) {
			fprintf(fp, "option\t%c\t%s\t%s\t%s\t%s\t%s\n",
			    has_short(&o[i]) ? o[i].id : '-', o[i].long_name,
			    o[i].arg == DNSTK_ARG_NONE ? "none" :
			    o[i].arg == DNSTK_ARG_REQUIRED ? "required" :
			    "optional", o[i].value != NULL ? o[i].value : "",
			    o[i].complete != NULL ? o[i].complete : "",
			    o[i].help);
		}
	}
}

/* Whether the tool has a row with short option `c`. */
static bool
has_row(const struct dnstk_cli *cli, int c)
{
	size_t i;

	for (i = 0; i < cli->nrows; i++) {
		if (cli->rows[i]->id == c) {
			return true;
		}
	}
	return false;
}

int
dnstk_cli_next(struct dnstk_cli *cli, int argc, char *argv[])
{
	int c, idx = -1;

	if (cli->longopts == NULL || cli->rows == NULL) {
		dnstk_cli_warn("out of memory");
		cli->exit = DNSTK_EXIT_NET;
		return DNSTK_CLI_STOP;
	}
	opterr = 0;
	c = getopt_long(argc, argv, cli->shortopts, cli->longopts, &idx);
	cli->arg = optarg;
	switch (c) {
	case -1:
		return DNSTK_CLI_DONE;
	case CLI_HELP:
		print_help();
		cli->exit = DNSTK_EXIT_OK;
		return DNSTK_CLI_STOP;
	case CLI_VERSION:
		printf("%s %s\n", cli_prog, DNSTK_VERSION);
		cli->exit = DNSTK_EXIT_OK;
		return DNSTK_CLI_STOP;
	case CLI_DUMP:
		dnstk_cli_dump(cli_cmd, stdout);
		cli->exit = DNSTK_EXIT_OK;
		return DNSTK_CLI_STOP;
	case ':':
		cli->exit = dnstk_cli_usage_error("option '%s' needs a value",
		    argv[optind - 1]);
		return DNSTK_CLI_STOP;
	case '?':
		if (optopt == 'x' && has_row(cli, 'w')) {
			/* -x was hex output before dig's -x took it. */
			cli->exit = dnstk_cli_usage_error("unknown option "
			    "'-x': hex output is '-w' (--hex)");
		} else if (optopt != 0 && optopt < 256) {
			cli->exit = dnstk_cli_usage_error(
			    "unknown option '-%c'", optopt);
		} else {
			cli->exit = dnstk_cli_usage_error(
			    "unknown or ambiguous option '%s'",
			    argv[optind - 1]);
		}
		return DNSTK_CLI_STOP;
	default:
		return c;
	}
}

void
dnstk_cli_warn(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", cli_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
dnstk_cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", cli_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (cli_cmd != NULL) {
		print_usage(stderr);
	}
	return DNSTK_EXIT_USAGE;
}

int
dnstk_cli_number(long long *out, const char *name, const char *s,
    long long min, long long max)
{
	const char *why;
	char esc[256];

	while (*name == '-') {
		name++;		/* "--port" and "port" name it once */
	}
	if (dnstk_strtonum(out, s, min, max, &why) != 0) {
		return dnstk_cli_usage_error("--%s: '%s' is %s (%lld-%lld)",
		    name, dnstk_str_escape(esc, sizeof(esc), s), why, min, max);
	}
	return 0;
}

int
dnstk_cli_time(int64_t *out, const char *s)
{
	if (dnstk_parse_time(out, s) != 0) {
		return dnstk_cli_usage_error("--now: '%s' is not Unix seconds "
		    "or YYYYMMDDHHMMSS", s);
	}
	return 0;
}

int
dnstk_cli_now_cb(const struct dnstk_opt *o, const char *arg)
{
	return dnstk_cli_time(o->dest, arg);
}

int
dnstk_cli_report(int rc, const struct dnstk_err *err)
{
	if (rc == 0) {
		return DNSTK_EXIT_OK;
	}
	fflush(stdout);
	if (err != NULL && strncmp(err->msg, "cannot write output", 19) == 0) {
		cli_write_reported = 1;
	}
	if (err != NULL && err->msg[0] != '\0') {
		if (err->source[0] != '\0' && err->line != 0) {
			fprintf(stderr, "%s: %s:%lu: %s\n", cli_prog,
			    err->source, err->line, err->msg);
		} else if (err->source[0] != '\0') {
			fprintf(stderr, "%s: %s: %s\n", cli_prog, err->source,
			    err->msg);
		} else {
			fprintf(stderr, "%s: %s\n", cli_prog, err->msg);
		}
	} else if (rc != DNSTK_EFAIL && rc != DNSTK_EINSECURE &&
	    rc != DNSTK_EINDETERMINATE) {
		fprintf(stderr, "%s: %s\n", cli_prog, dnstk_strerror(rc));
	}
	return dnstk_exit_status(rc);
}

int
dnstk_cli_finish(int ex)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (!cli_write_reported || ex == DNSTK_EXIT_OK) {
			fprintf(stderr, "%s: cannot write output: %s\n",
			    cli_prog, strerror(errno != 0 ? errno : EIO));
		}
		cli_write_reported = 1;
		return ex == DNSTK_EXIT_OK ? DNSTK_EXIT_NET : ex;
	}
	return ex;
}

void
dnstk_server_opts_init(struct dnstk_server_opts *so, int timeout_ms,
    int tries)
{
	memset(so, 0, sizeof(*so));
	so->port = 53;
	so->family = AF_UNSPEC;
	so->timeout_ms = timeout_ms;
	so->tries = tries;
}

/* "text, hex or json" for the forms allowed by `mask` (0: all three). */
static void
forms_text(char *out, size_t size, long long mask)
{
	static const struct {
		enum dnstk_form f;
		const char *name;
	} forms[] = {
		{ DNSTK_FORM_TEXT, "text" },
		{ DNSTK_FORM_HEX, "hex" },
		{ DNSTK_FORM_JSON, "json" },
	};
	const char *names[3];
	size_t i, n = 0;

	for (i = 0; i < 3; i++) {
		if (mask == 0 || (mask & (1LL << forms[i].f)) != 0) {
			names[n++] = forms[i].name;
		}
	}
	if (n == 3) {
		snprintf(out, size, "%s, %s or %s", names[0], names[1],
		    names[2]);
	} else if (n == 2) {
		snprintf(out, size, "%s or %s", names[0], names[1]);
	} else {
		snprintf(out, size, "%s", n == 1 ? names[0] : "");
	}
}

/* A ranged number into the destination of its kind. */
static int
bind_number(const struct dnstk_opt *o, const char *arg)
{
	long long v;

	if (arg == NULL ||
	    dnstk_cli_number(&v, o->long_name, arg, o->min, o->max) != 0) {
		if (arg == NULL) {
			return dnstk_cli_usage_error("option '--%s' needs a "
			    "value", o->long_name);
		}
		return DNSTK_EXIT_USAGE;
	}
	switch (o->kind) {
	case DNSTK_OPTK_INT:
		*(int *)o->dest = (int)v;
		break;
	case DNSTK_OPTK_UINT:
		*(unsigned *)o->dest = (unsigned)v;
		break;
	case DNSTK_OPTK_U16:
		*(uint16_t *)o->dest = (uint16_t)v;
		break;
	default:
		*(long long *)o->dest = v;
		break;
	}
	return 0;
}

static int
bind_form(const struct dnstk_opt *o, const char *arg)
{
	enum dnstk_form f;
	char allowed[32];

	forms_text(allowed, sizeof(allowed), o->set);
	if (arg == NULL || dnstk_form_parse(&f, arg) != 0 ||
	    f == DNSTK_FORM_AUTO ||
	    (o->set != 0 && (o->set & (1LL << f)) == 0)) {
		return dnstk_cli_usage_error("--%s: '%s' is not %s",
		    o->long_name, arg != NULL ? arg : "", allowed);
	}
	*(enum dnstk_form *)o->dest = f;
	return 0;
}

int
dnstk_cli_bind(const struct dnstk_opt *o, const char *arg)
{
	const char *why = NULL;
	char esc[256];

	switch (o->kind) {
	case DNSTK_OPTK_BOOL:
		*(bool *)o->dest = o->set != 0;
		return 0;
	case DNSTK_OPTK_SET_INT:
		*(int *)o->dest = (int)o->set;
		return 0;
	case DNSTK_OPTK_BIT:
		*(unsigned *)o->dest |= (unsigned)o->set;
		return 0;
	case DNSTK_OPTK_CLEAR_BIT:
		*(unsigned *)o->dest &= ~(unsigned)o->set;
		return 0;
	case DNSTK_OPTK_INT:
	case DNSTK_OPTK_UINT:
	case DNSTK_OPTK_U16:
	case DNSTK_OPTK_LLONG:
		return bind_number(o, arg);
	case DNSTK_OPTK_STRING:
		*(const char **)o->dest = arg;
		return 0;
	case DNSTK_OPTK_FORM:
		return bind_form(o, arg);
	case DNSTK_OPTK_SET_FORM:
		*(enum dnstk_form *)o->dest = (enum dnstk_form)o->set;
		return 0;
	case DNSTK_OPTK_TIMEOUT:
		if (arg == NULL || dnstk_parse_ms(o->dest, arg, 3600000,
		    &why) != 0) {
			return dnstk_cli_usage_error("--%s: '%s': %s",
			    o->long_name, dnstk_str_escape(esc, sizeof(esc),
			    arg != NULL ? arg : ""), why != NULL ? why :
			    "no value");
		}
		return 0;
	case DNSTK_OPTK_CALLBACK:
		return o->cb != NULL ? o->cb(o, arg) : 0;
	default:
		return 0;
	}
}

/* The table row (and its index) getopt's return value `c` stands for. */
static const struct dnstk_opt *
find_row(const struct dnstk_cli *cli, int c, size_t *index)
{
	size_t i;

	if (c >= CLI_ROW && (size_t)(c - CLI_ROW) < cli->nrows) {
		*index = (size_t)(c - CLI_ROW);
		return cli->rows[*index];
	}
	for (i = 0; i < cli->nrows; i++) {
		if (cli->rows[i]->id == c) {
			*index = i;
			return cli->rows[i];
		}
	}
	return NULL;
}

int
dnstk_cli_parse(struct dnstk_cli *cli, int argc, char *argv[])
{
	const struct dnstk_opt *o;
	size_t k = 0;
	int c, r;

	while ((c = dnstk_cli_next(cli, argc, argv)) != DNSTK_CLI_DONE) {
		if (c == DNSTK_CLI_STOP) {
			return DNSTK_CLI_STOP;
		}
		o = find_row(cli, c, &k);
		if (o == NULL || o->kind == DNSTK_OPTK_NONE) {
			return c;
		}
		if ((o->flags & DNSTK_OPTF_ONCE) != 0 && cli->seen[k]) {
			cli->exit = dnstk_cli_usage_error("--%s: given more "
			    "than once", o->long_name);
			return DNSTK_CLI_STOP;
		}
		cli->seen[k] = 1;
		r = dnstk_cli_bind(o, cli->arg);
		if (r != 0) {
			cli->exit = r;
			return DNSTK_CLI_STOP;
		}
	}
	return DNSTK_CLI_DONE;
}

int
dnstk_cli_apply(struct dnstk_cli *cli, const char *long_name,
    const char *arg, bool negate, const char *as)
{
	const struct dnstk_opt *o = NULL;
	size_t k;

	for (k = 0; cli->rows != NULL && k < cli->nrows; k++) {
		if (strcmp(cli->rows[k]->long_name, long_name) == 0) {
			o = cli->rows[k];
			break;
		}
	}
	if (o == NULL || o->kind == DNSTK_OPTK_NONE) {
		dnstk_cli_warn("'%s': no option --%s here", as, long_name);
		return DNSTK_EXIT_USAGE;
	}
	if ((o->flags & DNSTK_OPTF_ONCE) != 0 && cli->seen[k] && !negate) {
		dnstk_cli_warn("'%s': --%s given more than once", as,
		    o->long_name);
		return DNSTK_EXIT_USAGE;
	}
	if (!negate) {
		cli->seen[k] = 1;
		return dnstk_cli_bind(o, arg);
	}
	switch (o->kind) {
	case DNSTK_OPTK_BOOL:
		*(bool *)o->dest = o->set == 0;
		break;
	case DNSTK_OPTK_BIT:
		*(unsigned *)o->dest &= ~(unsigned)o->set;
		break;
	case DNSTK_OPTK_CLEAR_BIT:
		*(unsigned *)o->dest |= (unsigned)o->set;
		break;
	default:
		if (cli->seen[k]) {
			dnstk_cli_warn("'%s' cannot undo --%s given before it",
			    as, o->long_name);
			return DNSTK_EXIT_USAGE;
		}
		break;
	}
	cli->seen[k] = 0;
	return 0;
}

int
dnstk_cli_words(struct dnstk_cli *cli, char prefix, dnstk_cli_word_fn fn,
    int *argc, char *argv[])
{
	struct dnstk_cli_word w;
	char msg[DNSTK_ERR_MSG_MAX];
	int i, n = 0, r;

	for (i = 0; i < *argc; i++) {
		if (argv[i][0] != prefix) {
			argv[n++] = argv[i];
			continue;
		}
		memset(&w, 0, sizeof(w));
		msg[0] = '\0';
		if (fn(&w, argv[i], cli->cmd, msg, sizeof(msg)) != 0) {
			dnstk_cli_warn("%s", msg);
			return DNSTK_EXIT_USAGE;
		}
		r = w.opt != NULL ? dnstk_cli_apply(cli, w.opt, w.arg,
		    w.negate, argv[i]) : 0;
		if (r != 0) {
			return r;
		}
	}
	*argc = n;
	return 0;
}

/* Optimal string alignment distance of a and b (both under 64 chars). */
static size_t
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, c, best;
	size_t d[64][64];

	if (la >= 64 || lb >= 64) {
		return SIZE_MAX;
	}
	for (i = 0; i <= la; i++) {
		d[i][0] = i;
	}
	for (j = 0; j <= lb; j++) {
		d[0][j] = j;
	}
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			c = a[i - 1] == b[j - 1] ? 0 : 1;
			best = d[i - 1][j - 1] + c;
			if (d[i - 1][j] + 1 < best) {
				best = d[i - 1][j] + 1;
			}
			if (d[i][j - 1] + 1 < best) {
				best = d[i][j - 1] + 1;
			}
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best) {
				best = d[i - 2][j - 2] + 1;
			}
			d[i][j] = best;
		}
	}
	return d[la][lb];
}

const char *
dnstk_cli_nearest(const struct dnstk_cmd *cmd, const char *word)
{
	const struct dnstk_opt *o;
	const char *best = NULL;
	size_t i, dist, best_dist = SIZE_MAX, limit;
	int pass;

	limit = strlen(word) / 2;
	if (limit > 2) {
		limit = 2;
	}
	for (pass = 0; pass < 2; pass++) {
		o = pass == 0 ? cmd->opts : cli_common;
		for (i = 0; o != NULL && o[i].long_name != NULL; i++) {
			dist = edit_distance(word, o[i].long_name);
			if (dist < best_dist) {
				best_dist = dist;
				best = o[i].long_name;
			}
		}
	}
	return best_dist <= limit && best_dist > 0 ? best : NULL;
}
