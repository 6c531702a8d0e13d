/* SPDX-License-Identifier: BSD-3-Clause */
/* Unit tests for dnstk_cli_main(): the main() every tool shares. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/run.h"
#include "out/render.h"
#include "tap.h"

/* A tool's arguments, and what its steps saw. */
static struct {
	bool flag;
	int64_t now;
	enum dnstk_form out, in;
	char **files;
	int nfiles;
	int finish_argc, finish_ret;
	int runs, releases;
	int run_ret;
	const char *run_msg;
} a;

static const struct dnstk_opt opts[] = {
	DNSTK_OPT_BOOL('f', "flag", &a.flag, "a flag"),
	DNSTK_OPT_NOW_BOUND(&a.now, "at TIME"),
	DNSTK_OPTS_TEXT_JSON(&a.out, "write JSON"),
	DNSTK_OPT_IN_FORM(&a.in, "input form"),
	DNSTK_OPT_END,
};

static int
finish(int argc, char *argv[], const char **why)
{
	(void)argv;
	a.finish_argc = argc;
	if (a.finish_ret > 0) {		/* says it itself */
		return dnstk_cli_usage_error("finish said no");
	}
	*why = a.finish_ret < 0 ? "finish says why" : NULL;
	return a.finish_ret;
}

static int
run(struct dnstk_err *err)
{
	a.runs++;
	if (a.run_msg != NULL) {
		return dnstk_err_set(err, a.run_ret, NULL, 0, "%s", a.run_msg);
	}
	return a.run_ret;
}

static void
release(void)
{
	a.releases++;
}

/* "+flag" stands for --flag; any other "+word" is refused. */
static int
plus(struct dnstk_cli_word *w, const char *word, const struct dnstk_cmd *c,
    char *msg, size_t cap)
{
	(void)c;
	if (strcmp(word, "+flag") != 0) {
		snprintf(msg, cap, "unknown option '%s'", word);
		return 1;
	}
	w->opt = "flag";
	return 0;
}

static struct dnstk_tool tool = {
	{ "main", "A tool for the test.", "[FILE ...]", opts },
	.files = &a.files, .nfiles = &a.nfiles, .finish = finish,
	.run = run, .release = release,
};

static char errtext[4096];

/* Whether errtext starts with line `want` (and its newline). */
static int
said(const char *want)
{
	size_t n = strlen(want);

	return strncmp(errtext, want, n) == 0 && errtext[n] == '\n';
}

/* Run dnstk_cli_main() on `args` (NULL-terminated, no argv[0]) with
 * fresh arguments; stderr goes to errtext, stdout to /dev/null. */
static int
main_with(const char *const *args)
{
	static char *argv[16];
	FILE *tmp = tmpfile(), *null = fopen("/dev/null", "w");
	int argc = 0, ex, saved = dup(2), saved_out = dup(1);
	size_t n;

	memset(&a, 0, sizeof(a));
	a.finish_argc = -1;
	argv[argc++] = "dnstk-main";
	while (*args != NULL && argc < 15) {
		argv[argc++] = (char *)*args++;
	}
	argv[argc] = NULL;
	fflush(stderr);
	fflush(stdout);
	dup2(fileno(tmp), 2);
	dup2(fileno(null), 1);
	optind = 0;
	ex = dnstk_cli_main(argc, argv, &tool);
	fflush(stderr);
	fflush(stdout);
	dup2(saved, 2);
	dup2(saved_out, 1);
	close(saved);
	close(saved_out);
	rewind(tmp);
	n = fread(errtext, 1, sizeof(errtext) - 1, tmp);
	errtext[n] = '\0';
	fclose(tmp);
	fclose(null);
	return ex;
}

static int want_finish, want_run;
static const char *want_msg;

/* main_with() clears `a`: finish sets the answers the steps give. */
static int
finish_set(int argc, char *argv[], const char **why)
{
	a.finish_ret = want_finish;
	a.run_ret = want_run;
	a.run_msg = want_msg;
	return finish(argc, argv, why);
}

/* Run with the steps answering finish_ret, run_ret and run_msg. */
static int
main_steps(const char *const *args, int finish_ret, int run_ret,
    const char *run_msg)
{
	int ex;

	want_finish = finish_ret;
	want_run = run_ret;
	want_msg = run_msg;
	tool.finish = finish_set;
	ex = main_with(args);
	tool.finish = finish;
	return ex;
}

static void
test_flow(void)
{
	tap_int(main_with((const char *[]){ "-f", "x", "y", NULL }), 0,
	    "main: a run that succeeds exits 0");
	tap_ok(a.flag, "main: the bound row is set");
	tap_int(a.nfiles, 2, "main: the operands are bound as files");
	tap_str(a.nfiles == 2 ? a.files[1] : "", "y", "main: in order");
	tap_int(a.finish_argc, 2, "main: finish sees the operands too");
	tap_int(a.runs, 1, "main: the work ran once");
	tap_int(a.releases, 1, "main: release ran");
	tap_str(errtext, "", "main: nothing said");

	tap_int(main_with((const char *[]){ "--help", NULL }), 0,
	    "main: --help exits 0");
	tap_ok(a.runs == 0 && a.finish_argc == -1,
	    "main: --help runs no step");
	tap_int(a.releases, 1, "main: release after --help");

	tap_int(main_with((const char *[]){ "--bogus", NULL }), 2,
	    "main: a bad option exits 2");
	tap_ok(a.runs == 0 && a.releases == 1,
	    "main: no work, but release, after a usage error");
	tap_ok(said("dnstk-main: unknown or ambiguous option '--bogus'") &&
	    strstr(errtext, "\nusage: dnstk-main [-fhjV] ") != NULL,
	    "main: the message and the usage line");

	tap_int(main_steps((const char *[]){ "x", NULL }, 1, 0, NULL), 2,
	    "main: finish's usage error exits 2");
	tap_int(a.runs, 0, "main: and the work does not run");
	tap_ok(said("dnstk-main: finish said no"), "main: finish's message");
	tap_int(main_steps((const char *[]){ "x", NULL }, -1, 0, NULL), 2,
	    "main: finish's *why is a usage error, exit 2");
	tap_int(a.runs, 0, "main: and the work does not run either");
	tap_ok(said("dnstk-main: finish says why"),
	    "main: main says finish's *why");
}

static void
test_report(void)
{
	tap_int(main_steps((const char *[]){ NULL }, 0, DNSTK_EFAIL, NULL), 1,
	    "report: a failed check exits 1");
	tap_str(errtext, "", "report: silently");
	tap_int(main_steps((const char *[]){ NULL }, 0, DNSTK_ENET, "boom"),
	    3, "report: a network error exits 3");
	tap_str(errtext, "dnstk-main: boom\n", "report: its message");
	tap_int(main_steps((const char *[]){ NULL }, 0, DNSTK_ENET, NULL), 3,
	    "report: without a message, too");
	tap_ok(strncmp(errtext, "dnstk-main: ", 12) == 0 && errtext[12] != '\0',
	    "report: then the code is named");
	tool.says_failures = true;
	tap_int(main_steps((const char *[]){ NULL }, 0, DNSTK_ENET, NULL), 3,
	    "says_failures: the exit status stays");
	tap_str(errtext, "", "says_failures: nothing said again");
	tap_int(main_steps((const char *[]){ NULL }, 0, DNSTK_ENET, "boom"),
	    3, "says_failures: a message is still said");
	tap_str(errtext, "dnstk-main: boom\n", "says_failures: once");
	tool.says_failures = false;
}

static void
test_rows(void)
{
	tap_int(main_with((const char *[]){ "--now=20260101000000", NULL }), 0,
	    "now: a date");
	tap_int(a.now, 1767225600, "now: 2026-01-01 in Unix seconds");
	tap_int(main_with((const char *[]){ "--now=yesterday", NULL }), 2,
	    "now: not a time");
	tap_ok(said("dnstk-main: --now: 'yesterday' is not Unix seconds or "
	    "YYYYMMDDHHMMSS"), "now: the message");
	tap_int(main_with((const char *[]){ "-j", NULL }), 0, "-j");
	tap_int(a.out, DNSTK_FORM_JSON, "-j: JSON");
	tap_int(main_with((const char *[]){ "--format=hex", NULL }), 2,
	    "--format: hex is not offered");
	tap_ok(said("dnstk-main: --format: 'hex' is not text or json"),
	    "--format: the message");
	tap_int(main_with((const char *[]){ "--in=hex", NULL }), 0, "--in");
	tap_int(a.in, DNSTK_FORM_HEX, "--in: hex");
}

static void
test_plus(void)
{
	tool.plus = plus;
	tap_int(main_with((const char *[]){ "a", "+flag", "b", NULL }), 0,
	    "plus: a word");
	tap_ok(a.flag, "plus: applies its option");
	tap_int(a.nfiles, 2, "plus: and leaves the other operands");
	tap_int(main_with((const char *[]){ "+what", NULL }), 2,
	    "plus: an unknown word");
	tap_str(errtext, "dnstk-main: unknown option '+what'\n",
	    "plus: its message");
	tap_int(a.runs, 0, "plus: no work after it");
	tool.plus = NULL;
}

int
main(void)
{
	test_flow();
	test_report();
	test_rows();
	test_plus();
	return tap_done();
}
