/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz the option parser: input lines are command-line words, parsed with
 * a table of every bound kind and the server group; every word is also
 * looked up with dnstk_cli_nearest().  The parser's messages go to
 * /dev/null through stdio (sanitizer reports use fd 2 and still show).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "out/render.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct {
	bool flag;
	unsigned bits;
	int count;
	unsigned width;
	long long big;
	const char *name;
	enum dnstk_form out, in;
	int ms;
	struct dnstk_server_opts srv;
} d;

static int
cb(const struct dnstk_opt *o, const char *arg)
{
	(void)o;
	return arg != NULL && arg[0] == 'x' ? DNSTK_EXIT_USAGE : 0;
}

static const struct dnstk_opt opts[] = {
	DNSTK_OPT_BOOL('f', "flag", &d.flag, "a flag"),
	DNSTK_OPT_BIT(0, "bit", &d.bits, 0x1, "a bit"),
	DNSTK_OPT_CLEAR_BIT(0, "no-bit", &d.bits, 0x1, "no bit"),
	DNSTK_OPT_INT('n', "count", &d.count, "N", -5, 5, "a count"),
	DNSTK_OPT_UINT(0, "width", &d.width, "N", 1, 4096, "a width"),
	DNSTK_OPT_LLONG(0, "big", &d.big, "N", 0, 9999999999LL, "big"),
	DNSTK_OPT_STRING('N', "name", &d.name, "NAME", "a name", NULL),
	DNSTK_OPTS_FORMS_BOUND(&d.out, &d.in),
	DNSTK_OPT_CALLBACK(0, "call", DNSTK_ARG_OPTIONAL, "ARG", cb, NULL,
	    "a callback", NULL),
	{ DNSTK_OPT_FIRST_TOOL, "left", DNSTK_ARG_REQUIRED, "X", "unbound",
	  NULL },
	DNSTK_OPTS_SERVER(&d.srv, "timeout", "tries"),
	DNSTK_OPT_END,
};

static const struct dnstk_cmd cmd = {
	"fuzz", "Fuzz the option parser.", "[ARG ...]", opts,
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	FILE *null = fopen("/dev/null", "w");

	(void)argc;
	(void)argv;
	if (null != NULL) {
		stdout = null;
		stderr = null;
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy, *argv[34], *p, *nl;
	struct dnstk_cli cli;
	int argc = 0, c;

	if (size > 4096) {
		return 0;
	}
	copy = malloc(size + 1);
	if (copy == NULL) {
		return 0;
	}
	memcpy(copy, data, size);
	copy[size] = '\0';
	argv[argc++] = "dnstk-fuzz";
	for (p = copy; argc < 33 && *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		if (nl != NULL) {
			*nl = '\0';
		}
		argv[argc++] = p;
		(void)dnstk_cli_nearest(&cmd, p[0] == '-' ? p + 1 : p);
		if (nl == NULL) {
			break;
		}
	}
	argv[argc] = NULL;
	memset(&d, 0, sizeof(d));
	dnstk_server_opts_init(&d.srv, 5000, 2);
	optind = 0;
	dnstk_cli_init(&cli, &cmd);
	while ((c = dnstk_cli_parse(&cli, argc, argv)) > 0) {
		;
	}
	dnstk_cli_release(&cli);
	free(copy);
	return 0;
}
