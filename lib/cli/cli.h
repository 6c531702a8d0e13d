/* SPDX-License-Identifier: BSD-3-Clause */
/* Command-line plumbing shared by every dnstk-NAME: options, usage, exit. */
#ifndef DNSTK_CLI_CLI_H
#define DNSTK_CLI_CLI_H

#include <getopt.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

/* Exit status of every tool, as in CLI.md. */
enum dnstk_exit {
	DNSTK_EXIT_OK = 0,
	DNSTK_EXIT_FAIL = 1,
	DNSTK_EXIT_USAGE = 2,
	DNSTK_EXIT_NET = 3,
	DNSTK_EXIT_INSECURE = 4,
	DNSTK_EXIT_INDETERMINATE = 5,
};

enum dnstk_arg {
	DNSTK_ARG_NONE,
	DNSTK_ARG_REQUIRED,
	DNSTK_ARG_OPTIONAL,
};

/*
 * One option, declared once: --help, getopt_long, the man-page check and
 * the generated completions all derive from this table.  `id` is the
 * short option character when it is < 256, otherwise the option is
 * long-only.  `complete` is a completion hint: NULL (free text), "file",
 * "dir", "host" or "values:a b c".
 */
struct dnstk_opt {
	int id;
	const char *long_name;
	enum dnstk_arg arg;
	const char *value;
	const char *help;
	const char *complete;
};

/* A tool: its name without the "dnstk-" prefix and its option table. */
struct dnstk_cmd {
	const char *name;
	const char *summary;	/* one line, for `dnstk help` */
	const char *operands;	/* usage operands, e.g. "[FILE ...]" */
	const struct dnstk_opt *opts;	/* ends with a NULL long_name */
};

#define DNSTK_OPT_END { 0, NULL, DNSTK_ARG_NONE, NULL, NULL, NULL }

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
	{ 'x', "hex", DNSTK_ARG_NONE, NULL, \
	  "write hex wire form (same as --format=hex)", NULL }, \
	{ 'j', "json", DNSTK_ARG_NONE, NULL, \
	  "write JSON Lines (same as --format=json)", NULL }, \
	{ DNSTK_OPT_FORMAT, "format", DNSTK_ARG_REQUIRED, "FORM", \
	  "output form: text, hex or json (default text)", \
	  "values:text hex json" }, \
	{ DNSTK_OPT_IN, "in", DNSTK_ARG_REQUIRED, "FORM", \
	  "input form: text, hex or json (default: detected)", \
	  "values:text hex json" }

/* Parser state; one per main(). */
struct dnstk_cli;
enum dnstk_form;

/*
 * Handle the options of DNSTK_OPTS_FORMS for the option `c` just returned
 * by dnstk_cli_next(): -x, -j and --format set *out, --in sets *in.
 * Returns 1 when `c` was one of them, 0 when it was not, or
 * DNSTK_EXIT_USAGE after printing a message for a bad form name.
 */
int dnstk_cli_form_opt(const struct dnstk_cli *cli, int c,
    enum dnstk_form *out, enum dnstk_form *in);

struct dnstk_cli {
	const struct dnstk_cmd *cmd;
	struct option *longopts;
	char shortopts[128];
	const char *arg;	/* the current option's argument, or NULL */
	int exit;		/* with DNSTK_CLI_STOP: the exit status */
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
 * print a message naming the option and value and return
 * DNSTK_EXIT_USAGE, else 0.
 */
int dnstk_cli_number(long long *out, const char *name, const char *s,
    long long min, long long max);

/* Parse a --now value; prints and returns DNSTK_EXIT_USAGE on error. */
int dnstk_cli_time(int64_t *out, const char *s);

/* Map a library return code to an exit status (0 stays 0). */
int dnstk_cli_exit_for(int code);

/*
 * Print `err` (if rc is an error and err has a message) as
 * "PROG: SOURCE:LINE: msg" and return the exit status for `rc`.
 */
int dnstk_cli_report(int rc, const struct dnstk_err *err);

/*
 * Flush stdout; a failed write turns `ex` into DNSTK_EXIT_NET (a system
 * error) with a message.  Returns the final exit status.
 */
int dnstk_cli_finish(int ex);

/* Write the usage line ("usage: dnstk-NAME ...") into `out`. */
struct dnstk_buf;
int dnstk_cli_usage_line(struct dnstk_buf *out, const struct dnstk_cmd *cmd);

#endif
