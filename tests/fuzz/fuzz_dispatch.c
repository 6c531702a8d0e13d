/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz the dispatcher's name handling (`dnstk NAME ...`, `dnstk help
 * NAME`, the options of `dnstk` itself): input lines are the command
 * words after "dnstk".  Nothing may be executed: PATH is an empty
 * directory made at start, and the start refuses to run when any
 * dnstk-* file sits beside the fuzzer binary (the dispatcher looks there
 * first).  So every tool name is "not a dnstk tool" and dnstk_dispatch()
 * must return, with 0 (help, version, the list) or 2; an exit status of
 * 3 would mean an exec was tried.  Messages go to /dev/null.
 */
#include <dirent.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/dispatch.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct dnstk_opt fuzz_opts[] = {
	DNSTK_OPT_END
};

static const struct dnstk_cmd fuzz_cmd = {
	"dnstk", "Run a dnstk tool: dnstk NAME [ARGS ...].",
	"[NAME [ARGS ...]]", fuzz_opts,
};

/* Abort when `dir` holds a dnstk-* entry the dispatcher could run. */
static void
refuse_tools_in(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL) {
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, "dnstk-", 6) == 0) {
			fprintf(stderr, "fuzz_dispatch: %s/%s could be run; "
			    "not fuzzing\n", dir, e->d_name);
			abort();
		}
	}
	closedir(d);
}

static char empty[] = "/tmp/dnstk-fuzz-path.XXXXXX";

static void
remove_empty(void)
{
	(void)rmdir(empty);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char self[PATH_MAX], *slash;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	FILE *null;

	(void)argc;
	(void)argv;
	if (n <= 0 || mkdtemp(empty) == NULL || setenv("PATH", empty, 1) != 0) {
		abort();
	}
	atexit(remove_empty);
	self[n] = '\0';
	slash = strrchr(self, '/');
	if (slash != NULL) {
		*slash = '\0';
	}
	refuse_tools_in(self);
	null = fopen("/dev/null", "w");
	if (null != NULL) {
		stdout = null;
		stderr = null;
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy, *argv[10], *p, *nl;
	struct dnstk_cli cli;
	int argc = 0, ex;

	if (size > 4096 || (copy = malloc(size + 1)) == NULL) {
		return 0;
	}
	memcpy(copy, data, size);
	copy[size] = '\0';
	argv[argc++] = "dnstk";
	for (p = copy; argc < 9; p = nl + 1) {
		nl = strchr(p, '\n');
		if (nl != NULL) {
			*nl = '\0';
		}
		argv[argc++] = p;
		(void)dnstk_cli_nearest(&fuzz_cmd, p);
		if (nl == NULL) {
			break;
		}
	}
	argv[argc] = NULL;
	optind = 0;
	dnstk_cli_init(&cli, &fuzz_cmd);
	ex = dnstk_dispatch(&cli, argc, argv);
	dnstk_cli_release(&cli);
	free(copy);
	if (ex != DNSTK_EXIT_OK && ex != DNSTK_EXIT_USAGE) {
		abort();	/* an exec was tried, or a new status */
	}
	return 0;
}
