/* SPDX-License-Identifier: BSD-3-Clause */
/* Command-line plumbing shared by every dnstk-NAME: options, usage, exit. */
#ifndef DNSTK_CLI_CLI_H
#define DNSTK_CLI_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>

#include "util/err.h"

enum dnstk_arg {
	DNSTK_ARG_NONE,
	DNSTK_ARG_REQUIRED,
	DNSTK_ARG_OPTIONAL,
};

/*
 * What dnstk_cli_parse() does with a bound option (git's OPT_* kinds).
 * DNSTK_OPTK_NONE rows are not bound: dnstk_cli_parse() returns their id
 * to the caller, as dnstk_cli_next() does for every row.
 */
enum dnstk_opt_kind {
	DNSTK_OPTK_NONE = 0,
	DNSTK_OPTK_BOOL,	/* bool *dest = (set != 0) */
	DNSTK_OPTK_SET_INT,	/* int *dest = set */
	DNSTK_OPTK_BIT,		/* unsigned *dest |= set */
	DNSTK_OPTK_CLEAR_BIT,	/* unsigned *dest &= ~set */
	DNSTK_OPTK_INT,		/* int *dest = the value, in [min, max] */
	DNSTK_OPTK_UINT,	/* unsigned *dest, in [min, max] */
	DNSTK_OPTK_U16,		/* uint16_t *dest, in [min, max] */
	DNSTK_OPTK_LLONG,	/* long long *dest, in [min, max] */
	DNSTK_OPTK_STRING,	/* const char **dest = the argument */
	DNSTK_OPTK_FORM,	/* enum dnstk_form *dest = the form named;
				 * `set` is a mask of 1 << DNSTK_FORM_x
				 * allowed (0: text, hex and json) */
	DNSTK_OPTK_SET_FORM,	/* enum dnstk_form *dest = set */
	DNSTK_OPTK_TIMEOUT,	/* int *dest = seconds (up to 3 decimals)
				 * in milliseconds, 1 ms to 3600 s */
	DNSTK_OPTK_CALLBACK,	/* cb(row, argument or NULL) */
};

/* Row flags. */
#define DNSTK_OPTF_ONCE 0x1u	/* giving the option twice is an error */

struct dnstk_opt;
/*
 * A DNSTK_OPTK_CALLBACK handler: `arg` is the option's argument (NULL
 * when it has none).  Returns 0, or an exit status after printing a
 * message with dnstk_cli_usage_error() or dnstk_cli_warn().
 */
typedef int (*dnstk_opt_cb)(const struct dnstk_opt *o, const char *arg);

/*
 * One option, declared once: --help, getopt_long, the man-page check and
 * the generated completions all derive from this table.  `id` is the
 * short option character when it is between 1 and 255, otherwise the
 * option is long-only (an unbound row needs an id of 256 or more, a bound
 * long-only row may leave it 0).  `complete` is a completion hint: NULL
 * (free text), "file", "dir", "host" or "values:a b c".
 *
 * The fields after `complete` bind the option to a destination (see
 * enum dnstk_opt_kind); rows written with six positional fields are
 * unbound.  Build bound rows with the DNSTK_OPT_* macros below, in a
 * table local to the function that parses (the destinations are its
 * variables), as git's parse-options tables are.
 */
struct dnstk_opt {
	int id;
	const char *long_name;
	enum dnstk_arg arg;
	const char *value;
	const char *help;
	const char *complete;
	enum dnstk_opt_kind kind;
	void *dest;
	long long min, max;	/* ranged numbers */
	long long set;		/* the value set (BOOL, SET_INT, BIT, ...) */
	dnstk_opt_cb cb;
	unsigned flags;		/* DNSTK_OPTF_* */
};

/*
 * A tool's table, bound to its arguments (cmd/wire.c):
 *
 *	static struct dnstk_wire_args args;
 *	static const struct dnstk_opt wire_opts[] = {
 *		DNSTK_OPTS_FORMS_BOUND(&args.out, &args.in),
 *		DNSTK_OPT_BOOL(0, "rr", &args.rr, "units are single records"),
 *		DNSTK_OPT_END,
 *	};
 *
 * dnstk_cli_main() (cli/run.h) parses with it; a table of its own
 * (dnstk, the tests) goes through dnstk_cli_init() and dnstk_cli_parse(),
 * which hands back the unbound rows.  A networked tool adds
 * DNSTK_OPTS_SERVER(&args, "...", "...") when its arguments have the
 * fields of struct dnstk_server_opts and their defaults.
 */

/* Type checks for the destinations of the macros below. */
#define DNSTK_OPT_DEST_(type, d) ((void *)(1 ? (d) : (type *)0))

#define DNSTK_OPT_BOOL(s, l, d, h) { .id = (s), .long_name = (l), \
	.arg = DNSTK_ARG_NONE, .help = (h), .kind = DNSTK_OPTK_BOOL, \
	.dest = DNSTK_OPT_DEST_(bool, d), .set = 1 }
#define DNSTK_OPT_SET_INT(s, l, d, v, h) { .id = (s), .long_name = (l), \
	.arg = DNSTK_ARG_NONE, .help = (h), .kind = DNSTK_OPTK_SET_INT, \
	.dest = DNSTK_OPT_DEST_(int, d), .set = (v) }
#define DNSTK_OPT_BIT(s, l, d, bit, h) { .id = (s), .long_name = (l), \
	.arg = DNSTK_ARG_NONE, .help = (h), .kind = DNSTK_OPTK_BIT, \
	.dest = DNSTK_OPT_DEST_(unsigned, d), .set = (bit) }
#define DNSTK_OPT_CLEAR_BIT(s, l, d, bit, h) { .id = (s), \
	.long_name = (l), .arg = DNSTK_ARG_NONE, .help = (h), \
	.kind = DNSTK_OPTK_CLEAR_BIT, .dest = DNSTK_OPT_DEST_(unsigned, d), \
	.set = (bit) }
#define DNSTK_OPT_INT(s, l, d, val, lo, hi, h) { .id = (s), \
	.long_name = (l), .arg = DNSTK_ARG_REQUIRED, .value = (val), \
	.help = (h), .kind = DNSTK_OPTK_INT, .dest = DNSTK_OPT_DEST_(int, d), \
	.min = (lo), .max = (hi) }
#define DNSTK_OPT_UINT(s, l, d, val, lo, hi, h) { .id = (s), \
	.long_name = (l), .arg = DNSTK_ARG_REQUIRED, .value = (val), \
	.help = (h), .kind = DNSTK_OPTK_UINT, \
	.dest = DNSTK_OPT_DEST_(unsigned, d), .min = (lo), .max = (hi) }
#define DNSTK_OPT_U16(s, l, d, val, lo, hi, h) { .id = (s), \
	.long_name = (l), .arg = DNSTK_ARG_REQUIRED, .value = (val), \
	.help = (h), .kind = DNSTK_OPTK_U16, \
	.dest = DNSTK_OPT_DEST_(uint16_t, d), .min = (lo), .max = (hi) }
#define DNSTK_OPT_LLONG(s, l, d, val, lo, hi, h) { .id = (s), \
	.long_name = (l), .arg = DNSTK_ARG_REQUIRED, .value = (val), \
	.help = (h), .kind = DNSTK_OPTK_LLONG, \
	.dest = DNSTK_OPT_DEST_(long long, d), .min = (lo), .max = (hi) }
#define DNSTK_OPT_STRING(s, l, d, val, h, comp) { .id = (s), \
	.long_name = (l), .arg = DNSTK_ARG_REQUIRED, .value = (val), \
	.help = (h), .complete = (comp), .kind = DNSTK_OPTK_STRING, \
	.dest = DNSTK_OPT_DEST_(const char *, d) }
#define DNSTK_OPT_TIMEOUT(s, l, d, h) { .id = (s), .long_name = (l), \
	.arg = DNSTK_ARG_REQUIRED, .value = "SECONDS", .help = (h), \
	.kind = DNSTK_OPTK_TIMEOUT, .dest = DNSTK_OPT_DEST_(int, d) }
#define DNSTK_OPT_FORM(s, l, d, mask, h, comp) { .id = (s), \
	.long_name = (l), .arg = DNSTK_ARG_REQUIRED, .value = "FORM", \
	.help = (h), .complete = (comp), .kind = DNSTK_OPTK_FORM, \
	.dest = (d), .set = (mask) }
#define DNSTK_OPT_SET_FORM(s, l, d, form, h) { .id = (s), \
	.long_name = (l), .arg = DNSTK_ARG_NONE, .help = (h), \
	.kind = DNSTK_OPTK_SET_FORM, .dest = (d), .set = (form) }
#define DNSTK_OPT_CALLBACK(s, l, a, val, fn, d, h, comp) { .id = (s), \
	.long_name = (l), .arg = (a), .value = (val), .help = (h), \
	.complete = (comp), .kind = DNSTK_OPTK_CALLBACK, .dest = (d), \
	.cb = (fn) }

/* A tool: its name without the "dnstk-" prefix and its option table. */
struct dnstk_cmd {
	const char *name;
	const char *summary;	/* one line, for `dnstk help` */
	const char *operands;	/* usage operands, e.g. "[FILE ...]" */
	const struct dnstk_opt *opts;	/* ends with a NULL long_name */
	/* operands that stand for options (dig's "+word"), space-separated,
	 * for completions; NULL: none */
	const char *(*words)(void);
};

#define DNSTK_OPT_END { .id = 0, .long_name = NULL }

/* Ids of the options every tool shares (long-only ones are >= 256). */
enum dnstk_common_opt {
	DNSTK_OPT_FORMAT = 256,
	DNSTK_OPT_IN,
	DNSTK_OPT_NOW,
	DNSTK_OPT_TIMEOUT,
	DNSTK_OPT_TRIES,
	DNSTK_OPT_FIRST_TOOL = 300,	/* tools number theirs from here */
};

/* Table entries for the stream-form options of CLI.md. */
#define DNSTK_OPTS_FORMS \
	{ 'w', "hex", DNSTK_ARG_NONE, NULL, \
	  "write hex wire form (same as --format=hex)", NULL }, \
	{ 'j', "json", DNSTK_ARG_NONE, NULL, \
	  "write JSON Lines (same as --format=json)", NULL }, \
	{ DNSTK_OPT_FORMAT, "format", DNSTK_ARG_REQUIRED, "FORM", \
	  "output form: text, hex or json (default text)", \
	  "values:text hex json" }, \
	{ DNSTK_OPT_IN, "in", DNSTK_ARG_REQUIRED, "FORM", \
	  "input form: text, hex or json (default: detected)", \
	  "values:text hex json" }

/* --in=FORM (text, hex or json) bound to `in`, with the help text `h`. */
#define DNSTK_OPT_IN_FORM(in, h) \
	DNSTK_OPT_FORM(DNSTK_OPT_IN, "in", (in), 0, (h), "values:text hex json")

/* The stream-form options of DNSTK_OPTS_FORMS, bound to `out` and `in`. */
#define DNSTK_OPTS_FORMS_BOUND(out, in) \
	DNSTK_OPT_SET_FORM('w', "hex", (out), DNSTK_FORM_HEX, \
	    "write hex wire form (same as --format=hex)"), \
	DNSTK_OPT_SET_FORM('j', "json", (out), DNSTK_FORM_JSON, \
	    "write JSON Lines (same as --format=json)"), \
	DNSTK_OPT_FORM(DNSTK_OPT_FORMAT, "format", (out), 0, \
	    "output form: text, hex or json (default text)", \
	    "values:text hex json"), \
	DNSTK_OPT_IN_FORM((in), \
	    "input form: text, hex or json (default: detected)")

/*
 * -j and --format for a tool that writes text or JSON only, bound to
 * `out`; `json_help` is the tool's help text for -j.
 */
#define DNSTK_OPTS_TEXT_JSON(out, json_help) \
	DNSTK_OPT_SET_FORM('j', "json", (out), DNSTK_FORM_JSON, (json_help)), \
	DNSTK_OPT_FORM(DNSTK_OPT_FORMAT, "format", (out), \
	    (1 << DNSTK_FORM_TEXT) | (1 << DNSTK_FORM_JSON), \
	    "output form: text or json (default text)", "values:text json")

/*
 * --now=TIME (Unix seconds or YYYYMMDDHHMMSS, dnstk_cli_time()) bound to
 * the int64_t `d`, with the help text `h`.
 */
#define DNSTK_OPT_NOW_BOUND(d, h) DNSTK_OPT_CALLBACK(DNSTK_OPT_NOW, "now", \
	DNSTK_ARG_REQUIRED, "TIME", dnstk_cli_now_cb, \
	DNSTK_OPT_DEST_(int64_t, d), (h), NULL)

/* The callback of DNSTK_OPT_NOW_BOUND rows: o->dest is an int64_t. */
int dnstk_cli_now_cb(const struct dnstk_opt *o, const char *arg);

/*
 * The server options every networked tool shares, bound to a struct
 * dnstk_server_opts, or to a tool's arguments with the same fields (as
 * dnstk-query's and dnstk-edns-probe's are): -s/--server (once; a second
 * one is an error, as a second @SERVER is), -p/--port, -4, -6, --timeout
 * and --tries.  Set the defaults first (dnstk_server_opts_init());
 * `timeout_help` and `tries_help` are the tool's own help texts (they
 * name its defaults).
 */
struct dnstk_server_opts {
	const char *server;	/* NULL: the system's resolver */
	uint16_t port;		/* 53 */
	int family;		/* AF_UNSPEC, AF_INET or AF_INET6 */
	int timeout_ms;
	int tries;
};

#define DNSTK_OPTS_SERVER(so, timeout_help, tries_help) \
	{ .id = 's', .long_name = "server", .arg = DNSTK_ARG_REQUIRED, \
	  .value = "SERVER", \
	  .help = "server address or host name (default: resolv.conf)", \
	  .complete = "host", .kind = DNSTK_OPTK_STRING, \
	  .dest = DNSTK_OPT_DEST_(const char *, &(so)->server), \
	  .flags = DNSTK_OPTF_ONCE }, \
	DNSTK_OPT_U16('p', "port", &(so)->port, "PORT", 1, 65535, \
	    "server port (53)"), \
	DNSTK_OPT_SET_INT('4', "ipv4", &(so)->family, AF_INET, \
	    "use IPv4 only"), \
	DNSTK_OPT_SET_INT('6', "ipv6", &(so)->family, AF_INET6, \
	    "use IPv6 only"), \
	DNSTK_OPT_TIMEOUT(DNSTK_OPT_TIMEOUT, "timeout", &(so)->timeout_ms, \
	    (timeout_help)), \
	DNSTK_OPT_INT(DNSTK_OPT_TRIES, "tries", &(so)->tries, "N", 1, 100, \
	    (tries_help))

/* Defaults: no server (resolv.conf), port 53, any family. */
void dnstk_server_opts_init(struct dnstk_server_opts *so, int timeout_ms,
    int tries);

/* Parser state; one per main(). */
struct dnstk_cli;
enum dnstk_form;

struct dnstk_cli {
	const struct dnstk_cmd *cmd;
	struct option *longopts;
	char shortopts[128];
	const char *arg;	/* the current option's argument, or NULL */
	int exit;		/* with DNSTK_CLI_STOP: the exit status */
	const struct dnstk_opt **rows;	/* getopt index -> table row */
	unsigned char *seen;	/* per row: given already */
	size_t nrows;
};

#define DNSTK_CLI_DONE (-1)	/* no more options; operands at optind */
#define DNSTK_CLI_STOP (-2)	/* stop now and exit with cli->exit */

/*
 * Remember the tool for messages and set up `cli`.  Never fails: an
 * allocation failure makes later parsing report "out of memory".
 */
void dnstk_cli_init(struct dnstk_cli *cli, const struct dnstk_cmd *cmd);

/* Free what dnstk_cli_init() allocated. */
void dnstk_cli_release(struct dnstk_cli *cli);

/*
 * Return the next option's id, DNSTK_CLI_DONE, or DNSTK_CLI_STOP after
 * handling -h, -V and bad options itself (cli->exit is 0 or 2).
 */
int dnstk_cli_next(struct dnstk_cli *cli, int argc, char *argv[]);

/*
 * Parse options as dnstk_cli_next() does, storing every bound row's value
 * in its destination (see enum dnstk_opt_kind).  Returns the id of the
 * next unbound option (> 0, cli->arg its argument) for the caller to
 * handle, DNSTK_CLI_DONE when the options are over (operands at optind),
 * or DNSTK_CLI_STOP (cli->exit 0 after -h, -V or --dnstk-options, else 2
 * after a message naming the option and the allowed range or values).
 */
int dnstk_cli_parse(struct dnstk_cli *cli, int argc, char *argv[]);

/*
 * Apply one bound row `o` to its destination with argument `arg` (NULL
 * for none), as dnstk_cli_parse() does.  Returns 0 or DNSTK_EXIT_USAGE
 * after a message.
 */
int dnstk_cli_bind(const struct dnstk_opt *o, const char *arg);

/*
 * Apply the bound row of the long option `long_name` with argument `arg`
 * (NULL for none) as if it had been given, for options spelled another
 * way (dnstk-query's dig-style "+word"; `as` is that spelling, for
 * messages).  With `negate`, undo the row instead: a BOOL becomes false,
 * a BIT is cleared, a CLEAR_BIT set; other kinds can only be "undone"
 * when not given before (then nothing happens).  Returns 0, or
 * DNSTK_EXIT_USAGE after a message (without the usage line).
 */
int dnstk_cli_apply(struct dnstk_cli *cli, const char *long_name,
    const char *arg, bool negate, const char *as);

/* An operand that stands for an option (dig's "+word"): what it means. */
struct dnstk_cli_word {
	const char *opt;	/* the long option, without dashes; NULL:
				 * the word asks for nothing to be done */
	const char *arg;	/* its argument, or NULL */
	bool negate;		/* undo it (see dnstk_cli_apply()) */
};

/*
 * Fill `w` with the meaning of `word`, or return not 0 with a one-line
 * message in msg (of cap bytes).  `cmd` is the tool, for "did you mean".
 */
typedef int (*dnstk_cli_word_fn)(struct dnstk_cli_word *w, const char *word,
    const struct dnstk_cmd *cmd, char *msg, size_t cap);

/*
 * Apply and take out the operands in argv[0..*argc) starting with
 * `prefix`, each read by `fn` and applied by dnstk_cli_apply(); the
 * other operands keep their order and *argc becomes their count.
 * Returns 0, or DNSTK_EXIT_USAGE after one message line (no usage).
 */
int dnstk_cli_words(struct dnstk_cli *cli, char prefix, dnstk_cli_word_fn fn,
    int *argc, char *argv[]);

/*
 * The long option of `cmd` (or of the options every tool has) nearest to
 * `word` (given without dashes, e.g. from dig's "+word"): the smallest
 * edit distance (insert, delete, change, swap two neighbours), at most 2
 * and under half the word's length, ties to the earlier row.  Returns the
 * static long name, or NULL when nothing is that near.  For "did you mean
 * '--json'?" in messages.
 */
const char *dnstk_cli_nearest(const struct dnstk_cmd *cmd, const char *word);

/* The program name for messages ("dnstk-wire"). */
const char *dnstk_cli_progname(void);

/* Print "PROG: message" on stderr (printf style). */
void dnstk_cli_warn(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/*
 * Print "PROG: message" and the usage line on stderr; returns
 * DNSTK_EXIT_USAGE.
 */
int dnstk_cli_usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/*
 * Parse option `name`'s value `s` as an integer in [min, max]; on error
 * print a message naming the option and value ("--port: '99999' is too
 * large (1-65535)"; `name` may be given with or without its dashes) and
 * return DNSTK_EXIT_USAGE, else 0.
 */
int dnstk_cli_number(long long *out, const char *name, const char *s,
    long long min, long long max);

/* Parse a --now value; prints and returns DNSTK_EXIT_USAGE on error. */
int dnstk_cli_time(int64_t *out, const char *s);


/*
 * Print `err` (if rc is an error and err has a message) as
 * "PROG: SOURCE:LINE: msg" and return the exit status for `rc`.
 */
int dnstk_cli_report(int rc, const struct dnstk_err *err);

/*
 * Flush stdout; a failed write turns `ex` into DNSTK_EXIT_NET (a system
 * error) with a message, unless dnstk_cli_report() has already said
 * "cannot write output" (the message is printed once).  Returns the final
 * exit status.
 */
int dnstk_cli_finish(int ex);

/*
 * Print the machine-readable option list of `cmd` (what --dnstk-options
 * prints, read by completions/generate and `dnstk help`): "summary\tS",
 * "operands\tO", then per option "option\tSHORT\tLONG\tARG\tVALUE\t
 * COMPLETE\tHELP" (SHORT "-" for none, ARG none/required/optional).
 */
void dnstk_cli_dump(const struct dnstk_cmd *cmd, FILE *fp);

/* Write the usage line ("usage: dnstk-NAME ...") into `out`. */
struct dnstk_buf;
int dnstk_cli_usage_line(struct dnstk_buf *out, const struct dnstk_cmd *cmd);

#endif
