/* SPDX-License-Identifier: BSD-3-Clause */
/* Unit tests for lib/cli: bound options, ranges, the server group. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "out/render.h"
#include "tap.h"
#include "util/buf.h"
#include "util/duration.h"

/* Every destination kind of struct dnstk_opt. */
static struct {
	bool flag;
	int level;
	unsigned bits;
	int count;
	unsigned width;
	uint16_t port16;
	long long big;
	const char *name;
	enum dnstk_form out, in, two;
	int ms;
	int calls;
	const char *cb_arg;
	struct dnstk_server_opts srv;
} d;

static int
count_cb(const struct dnstk_opt *o, const char *arg)
{
	int *calls = o->dest;

	(*calls)++;
	d.cb_arg = arg;
	if (arg != NULL && strcmp(arg, "bad") == 0) {
		return dnstk_cli_usage_error("--%s: '%s' is bad", o->long_name,
		    arg);
	}
	return 0;
}

enum { OPT_LEFT = DNSTK_OPT_FIRST_TOOL };

static const struct dnstk_opt opts[] = {
	DNSTK_OPT_BOOL('f', "flag", &d.flag, "a flag"),
	DNSTK_OPT_SET_INT('L', "loud", &d.level, 3, "level 3"),
	DNSTK_OPT_BIT(0, "bit-a", &d.bits, 0x1, "set bit a"),
	DNSTK_OPT_BIT(0, "bit-b", &d.bits, 0x2, "set bit b"),
	DNSTK_OPT_CLEAR_BIT(0, "no-bit-a", &d.bits, 0x1, "clear bit a"),
	DNSTK_OPT_INT('n', "count", &d.count, "N", -5, 5, "a count"),
	DNSTK_OPT_UINT(0, "width", &d.width, "N", 1, 4096, "a width"),
	DNSTK_OPT_LLONG(0, "big", &d.big, "N", 0, 9999999999LL, "big"),
	DNSTK_OPT_STRING('N', "name", &d.name, "NAME", "a name", NULL),
	DNSTK_OPTS_FORMS_BOUND(&d.out, &d.in),
	DNSTK_OPT_FORM(0, "two", &d.two,
	    (1 << DNSTK_FORM_TEXT) | (1 << DNSTK_FORM_JSON), "text or json",
	    "values:text json"),
	DNSTK_OPT_CALLBACK(0, "call", DNSTK_ARG_OPTIONAL, "ARG", count_cb,
	    &d.calls, "a callback", NULL),
	{ OPT_LEFT, "left", DNSTK_ARG_REQUIRED, "X", "left to the caller",
	  NULL },
	DNSTK_OPTS_SERVER(&d.srv, "wait this long (5)", "attempts (2)"),
	DNSTK_OPT_END,
};

static const struct dnstk_cmd cmd = {
	"unit", "A table with every kind of option.", "[ARG ...]", opts,
};

/* "+word" operands for dnstk_cli_words(): +flag, +noflag, +bita,
 * +nobita, +call[=ARG], +nocall; anything else is refused. */
static bool use_words;

static int
word_fn(struct dnstk_cli_word *w, const char *word,
    const struct dnstk_cmd *c, char *msg, size_t cap)
{
	const char *eq = strchr(word, '=');

	(void)c;
	w->negate = strncmp(word, "+no", 3) == 0;
	word += w->negate ? 3 : 1;
	if (strcmp(word, "flag") == 0) {
		w->opt = "flag";
	} else if (strcmp(word, "bita") == 0) {
		w->opt = "bit-a";
	} else if (strncmp(word, "call", 4) == 0) {
		w->opt = "call";
		w->arg = eq != NULL ? eq + 1 : NULL;
	} else if (strcmp(word, "srv") == 0) {
		w->opt = "server";
		w->arg = "192.0.2.1";
	} else {
		snprintf(msg, cap, "unknown option '%s'", word);
		return 1;
	}
	return 0;
}

/* stderr goes to a file while parsing, so messages can be checked. */
static char errtext[4096];

/* Parse `args` (NULL-terminated, without argv[0]); returns the exit
 * status (0 when the options parse), errtext gets stderr. */
static int
parse(const char *const *args, int *left_calls, int *operands)
{
	char *argv[32];
	struct dnstk_cli cli;
	FILE *tmp = tmpfile();
	int argc = 0, c, ex = 0, saved = dup(2), saved_out = dup(1);
	FILE *null = fopen("/dev/null", "w");
	size_t n;

	argv[argc++] = "dnstk-unit";
	while (*args != NULL && argc < 31) {
		argv[argc++] = (char *)*args++;
	}
	argv[argc] = NULL;
	fflush(stderr);
	fflush(stdout);
	dup2(fileno(tmp), 2);
	dup2(fileno(null), 1);	/* --help */
	optind = 0;
	dnstk_cli_init(&cli, &cmd);
	while ((c = dnstk_cli_parse(&cli, argc, argv)) > 0) {
		if (c == OPT_LEFT && left_calls != NULL) {
			(*left_calls)++;
		}
	}
	if (c == DNSTK_CLI_STOP) {
		ex = cli.exit != 0 ? cli.exit : -1;
	}
	if (operands != NULL) {
		*operands = argc - optind;
	}
	if (c == DNSTK_CLI_DONE && use_words) {
		int left = argc - optind;

		ex = dnstk_cli_words(&cli, '+', word_fn, &left, argv + optind);
		if (operands != NULL) {
			*operands = left;
		}
	}
	dnstk_cli_release(&cli);
	fflush(stderr);
	fflush(stdout);
	dup2(saved, 2);
	dup2(saved_out, 1);
	close(saved);
	close(saved_out);
	fclose(null);
	rewind(tmp);
	n = fread(errtext, 1, sizeof(errtext) - 1, tmp);
	errtext[n] = '\0';
	fclose(tmp);
	return ex;
}

static void
reset(void)
{
	memset(&d, 0, sizeof(d));
	d.out = DNSTK_FORM_TEXT;
	dnstk_server_opts_init(&d.srv, 5000, 2);
}

/* The first line of errtext. */
static const char *
first_line(void)
{
	static char line[sizeof(errtext)];
	size_t n = strcspn(errtext, "\n");

	memcpy(line, errtext, n);
	line[n] = '\0';
	return line;
}

static void
test_kinds(void)
{
	int left = 0, nops = 0;

	reset();
	tap_int(parse((const char *[]){ "-f", "-L", "--bit-b", "--bit-a",
	    "-n", "-5", "--width=4096", "--big", "9999999999", "-N", "x.",
	    "-j", "--in=hex", "--two=json", "--call", "--call=v",
	    "--left", "1", "--left=2", "op1", "op2", NULL }, &left, &nops),
	    0, "kinds: a command line of every kind parses");
	tap_ok(d.flag, "kinds: BOOL sets true");
	tap_int(d.level, 3, "kinds: SET_INT stores its value");
	tap_int(d.bits, 3, "kinds: BIT ors its bit in");
	tap_int(d.count, -5, "kinds: INT takes the bottom of its range");
	tap_int(d.width, 4096, "kinds: UINT takes the top of its range");
	tap_int(d.big, 9999999999LL, "kinds: LLONG past 32 bits");
	tap_str(d.name, "x.", "kinds: STRING keeps the argument");
	tap_int(d.out, DNSTK_FORM_JSON, "kinds: SET_FORM (-j)");
	tap_int(d.in, DNSTK_FORM_HEX, "kinds: FORM (--in=hex)");
	tap_int(d.two, DNSTK_FORM_JSON, "kinds: FORM with a mask");
	tap_int(d.calls, 2, "kinds: CALLBACK called per use");
	tap_str(d.cb_arg, "v", "kinds: CALLBACK gets the argument");
	tap_int(left, 2, "kinds: unbound rows come back to the caller");
	tap_int(nops, 2, "kinds: operands stay after the options");
	tap_str(errtext, "", "kinds: nothing on stderr");

	reset();
	d.bits = 0x3;
	tap_int(parse((const char *[]){ "--no-bit-a", NULL }, NULL, NULL), 0,
	    "kinds: CLEAR_BIT parses");
	tap_int(d.bits, 2, "kinds: CLEAR_BIT clears only its bit");
	reset();
	tap_int(parse((const char *[]){ "--format=hex", "-w", NULL }, NULL,
	    NULL), 0, "kinds: --format and -w");
	tap_int(d.out, DNSTK_FORM_HEX, "kinds: the form is hex");
	reset();
	tap_int(parse((const char *[]){ "-x", NULL }, NULL, NULL), 2,
	    "kinds: -x (hex before -w) is a usage error");
	tap_str(first_line(), "dnstk-unit: unknown option '-x': hex output "
	    "is '-w' (--hex)", "kinds: the -x error names -w in one line");
}

static void
test_errors(void)
{
	reset();
	tap_int(parse((const char *[]){ "-n", "6", NULL }, NULL, NULL), 2,
	    "range: over the top is a usage error");
	tap_str(first_line(), "dnstk-unit: --count: '6' is too large (-5-5)",
	    "range: the message names the option once, value and range");
	tap_ok(strstr(errtext, "usage: dnstk-unit ") != NULL,
	    "range: the usage follows");
	tap_int(d.count, 0, "range: the destination is untouched");
	tap_int(parse((const char *[]){ "--width=0", NULL }, NULL, NULL), 2,
	    "range: under the bottom");
	tap_str(first_line(), "dnstk-unit: --width: '0' is too small (1-4096)",
	    "range: too small");
	tap_int(parse((const char *[]){ "--width=12x", NULL }, NULL, NULL), 2,
	    "range: not a number");
	tap_ok(strstr(errtext, "--width: '12x' is ") != NULL &&
	    strstr(errtext, "----") == NULL, "range: named once: %s",
	    first_line());
	tap_int(parse((const char *[]){ "-p", "99999", NULL }, NULL, NULL), 2,
	    "server: -p 99999");
	tap_str(first_line(), "dnstk-unit: --port: '99999' is too large "
	    "(1-65535)", "server: the issue's example message");
	tap_int(parse((const char *[]){ "--two=hex", NULL }, NULL, NULL), 2,
	    "form: a form outside the mask");
	tap_str(first_line(), "dnstk-unit: --two: 'hex' is not text or json",
	    "form: the message lists the allowed forms");
	tap_int(parse((const char *[]){ "--format=xml", NULL }, NULL, NULL), 2,
	    "form: an unknown form");
	tap_str(first_line(), "dnstk-unit: --format: 'xml' is not text, hex "
	    "or json", "form: all three forms listed");
	tap_int(parse((const char *[]){ "--call=bad", NULL }, NULL, NULL), 2,
	    "callback: its exit status stops the parse");
	tap_str(first_line(), "dnstk-unit: --call: 'bad' is bad",
	    "callback: its own message");
	tap_int(parse((const char *[]){ "--count", NULL }, NULL, NULL), 2,
	    "missing value");
	tap_str(first_line(), "dnstk-unit: option '--count' needs a value",
	    "missing value: named");
	tap_int(parse((const char *[]){ "--timeout=0", NULL }, NULL, NULL), 2,
	    "timeout: 0 is refused");
	tap_str(first_line(), "dnstk-unit: --timeout: '0': too small",
	    "timeout: message as dnstk-query's");
	tap_int(parse((const char *[]){ "--timeout=1.2345", NULL }, NULL,
	    NULL), 2, "timeout: four decimals are refused");
	tap_int(parse((const char *[]){ "--help", NULL }, NULL, NULL), -1,
	    "help stops with exit 0");
}

static void
test_server(void)
{
	reset();
	tap_int(d.srv.port, 53, "server: default port 53");
	tap_int(d.srv.family, AF_UNSPEC, "server: default family");
	tap_ok(d.srv.server == NULL, "server: default server is none");
	tap_int(parse((const char *[]){ "-s", "192.0.2.1", "-p", "5353", "-6",
	    "--timeout=1.5", "--tries", "7", NULL }, NULL, NULL), 0,
	    "server: the group parses");
	tap_str(d.srv.server, "192.0.2.1", "server: -s");
	tap_int(d.srv.port, 5353, "server: -p");
	tap_int(d.srv.family, AF_INET6, "server: -6");
	tap_int(d.srv.timeout_ms, 1500, "server: --timeout in ms");
	tap_int(d.srv.tries, 7, "server: --tries");
	reset();
	tap_int(parse((const char *[]){ "-4", NULL }, NULL, NULL), 0,
	    "server: -4");
	tap_int(d.srv.family, AF_INET, "server: -4 is IPv4");
	reset();
	tap_int(parse((const char *[]){ "-s", "a.", "--server=b.", NULL },
	    NULL, NULL), 2, "server: -s twice is a usage error");
	tap_str(first_line(), "dnstk-unit: --server: given more than once",
	    "server: the message says so");
	reset();
	tap_int(parse((const char *[]){ "--tries=101", NULL }, NULL, NULL), 2,
	    "server: --tries over 100");
}

static void
test_usage(void)
{
	struct dnstk_buf b;

	dnstk_buf_init(&b);
	tap_int(dnstk_cli_usage_line(&b, &cmd), 0, "usage: builds");
	tap_ok(strstr(b.data, "[--bit-a]") != NULL &&
	    strstr(b.data, "[--width=N]") != NULL &&
	    strstr(b.data, "[-n N]") != NULL &&
	    strstr(b.data, "[--call[=ARG]]") != NULL &&
	    strstr(b.data, "[-s SERVER]") != NULL, "usage: bound rows are in "
	    "it as unbound ones are: %s", b.data);
	tap_ok(strstr(b.data, "[-46fhjLVw]") != NULL,
	    "usage: short flags of bound rows sorted with the rest");
	dnstk_buf_release(&b);
}

static void
test_nearest(void)
{
	const char *n;

	n = dnstk_cli_nearest(&cmd, "widht");
	tap_str(n != NULL ? n : "(none)", "width", "nearest: two letters "
	    "swapped");
	n = dnstk_cli_nearest(&cmd, "tcount");
	tap_str(n != NULL ? n : "(none)", "count", "nearest: one letter more");
	n = dnstk_cli_nearest(&cmd, "hlp");
	tap_str(n != NULL ? n : "(none)", "help", "nearest: common options "
	    "too");
	tap_ok(dnstk_cli_nearest(&cmd, "zzzzzz") == NULL,
	    "nearest: nothing near");
	tap_ok(dnstk_cli_nearest(&cmd, "ab") == NULL,
	    "nearest: a short word matches nothing loosely");
	tap_ok(dnstk_cli_nearest(&cmd, "width") == NULL,
	    "nearest: an exact name is not a suggestion");
}

static void
test_duration(void)
{
	const char *why = NULL;
	int ms = 0;

	tap_int(dnstk_parse_ms(&ms, "2", 3600000, &why), 0, "ms: whole");
	tap_int(ms, 2000, "ms: 2 s");
	tap_int(dnstk_parse_ms(&ms, ".25", 3600000, &why), 0, "ms: fraction");
	tap_int(ms, 250, "ms: .25 s");
	tap_int(dnstk_parse_ms(&ms, "3600.001", 3600000, &why), DNSTK_EINPUT,
	    "ms: past the maximum");
	tap_int(dnstk_parse_ms(&ms, "1.", 3600000, &why), DNSTK_EINPUT,
	    "ms: a dot without decimals");
	tap_int(dnstk_parse_ms(&ms, "-1", 3600000, &why), DNSTK_EINPUT,
	    "ms: negative");
}

static void
test_words(void)
{
	int nops = -1;

	use_words = true;
	reset();
	tap_int(parse((const char *[]){ "a", "+flag", "+bita", "b", NULL },
	    NULL, &nops), 0, "words: +flag +bita apply");
	tap_ok(d.flag && d.bits == 1, "words: the rows are set");
	tap_int(nops, 2, "words: the other operands stay");
	reset();
	tap_int(parse((const char *[]){ "--bit-a", "--flag", "+noflag",
	    "+nobita", NULL }, NULL, NULL), 0, "words: +no forms apply");
	tap_ok(!d.flag && d.bits == 0, "words: BOOL and BIT undone");
	reset();
	d.bits = 0;
	tap_int(parse((const char *[]){ "--no-bit-a", NULL }, NULL, NULL), 0,
	    "words: CLEAR_BIT");
	tap_int(parse((const char *[]){ "+call=x", NULL }, NULL, NULL), 0,
	    "words: a callback with its value");
	tap_str(d.cb_arg, "x", "words: the value reaches the callback");
	reset();
	tap_int(parse((const char *[]){ "+nocall", NULL }, NULL, NULL), 0,
	    "words: undoing what was not given is nothing");
	tap_int(d.calls, 0, "words: the callback is not called");
	tap_int(parse((const char *[]){ "--call", "+nocall", NULL }, NULL,
	    NULL), 2, "words: a callback given cannot be undone");
	tap_str(first_line(), "dnstk-unit: '+nocall' cannot undo --call "
	    "given before it", "words: the message names both");
	tap_int(parse((const char *[]){ "+what", NULL }, NULL, NULL), 2,
	    "words: unknown");
	tap_str(errtext, "dnstk-unit: unknown option 'what'\n",
	    "words: one line, no usage");
	tap_int(parse((const char *[]){ "-s", "192.0.2.2", "+srv", NULL },
	    NULL, NULL), 2, "words: ONCE rows stay once");
	use_words = false;
}

int
main(void)
{
	test_kinds();
	test_errors();
	test_server();
	test_usage();
	test_nearest();
	test_words();
	test_duration();
	return tap_done();
}
