/* SPDX-License-Identifier: BSD-3-Clause */
/* The `dnstk` front end, like git running git-NAME for `git NAME`. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/dispatch.h"
#include "util/buf.h"

#ifndef DNSTK_VERSION
#define DNSTK_VERSION "0"
#endif

/* The directory holding the running binary, or "" when unknown. */
static void
self_dir(char *dir, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", dir, size - 1);
	char *slash;

	if (n <= 0) {
		dir[0] = '\0';
		return;
	}
	dir[n] = '\0';
	slash = strrchr(dir, '/');
	if (slash != NULL) {
		*slash = '\0';
	}
}

static int
is_tool_name(const char *s)
{
	size_t i;

	if (s[0] == '\0') {
		return 0;
	}
	for (i = 0; s[i] != '\0'; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '-' ||
		    (s[i] >= '0' && s[i] <= '9'))) {
			return 0;
		}
	}
	return 1;
}

/* Find dnstk-NAME beside us, then on PATH; 0 with `path` set, or -1. */
static int
find_tool(char *path, size_t size, const char *name)
{
	char dir[PATH_MAX];
	const char *env = getenv("PATH"), *p, *colon;
	size_t n;

	self_dir(dir, sizeof(dir));
	if (dir[0] != '\0') {
		if (snprintf(path, size, "%.*s/dnstk-%s", (int)(size / 2), dir,
		    name) < (int)size && access(path, X_OK) == 0) {
			return 0;
		}
	}
	for (p = env != NULL ? env : ""; *p != '\0'; p = colon + 1) {
		colon = strchr(p, ':');
		if (colon == NULL) {
			colon = p + strlen(p);
		}
		n = (size_t)(colon - p);
		if (n > 0 && n < size - 16) {
			snprintf(path, size, "%.*s/dnstk-%s", (int)n, p, name);
			if (access(path, X_OK) == 0) {
				return 0;
			}
		}
		if (*colon == '\0') {
			break;
		}
	}
	return -1;
}

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Ask a tool for its one-line summary (the first line of its option dump). */
static void
print_summary(const char *name)
{
	char path[PATH_MAX], cmd[PATH_MAX + 64], line[256];
	FILE *p;

	line[0] = '\0';
	if (find_tool(path, sizeof(path), name) == 0 &&
	    strchr(path, '\'') == NULL) {
		snprintf(cmd, sizeof(cmd), "'%s' --dnstk-options 2>/dev/null",
		    path);
		p = popen(cmd, "r");
		if (p != NULL) {
			if (fgets(line, sizeof(line), p) == NULL) {
				line[0] = '\0';
			}
			pclose(p);
		}
	}
	line[strcspn(line, "\n")] = '\0';
	printf("  %-14s %s\n", name, strncmp(line, "summary\t", 8) == 0 ?
	    line + 8 : "");
}

#define MAX_TOOLS 256

/* Add the dnstk-NAME executables of `dir` to names[*n] (no duplicates). */
static void
scan_dir(const char *dir, char **names, size_t *n)
{
	char path[PATH_MAX];
	struct dirent *d;
	size_t i;
	DIR *dp;

	dp = dir[0] != '\0' ? opendir(dir) : NULL;
	while (dp != NULL && (d = readdir(dp)) != NULL && *n < MAX_TOOLS) {
		if (strncmp(d->d_name, "dnstk-", 6) != 0 ||
		    !is_tool_name(d->d_name + 6)) {
			continue;
		}
		for (i = 0; i < *n && strcmp(names[i], d->d_name + 6) != 0;
		    i++) {
			;
		}
		if (i < *n || snprintf(path, sizeof(path), "%s/%s", dir,
		    d->d_name) >= (int)sizeof(path) ||
		    access(path, X_OK) != 0) {
			continue;
		}
		names[*n] = strdup(d->d_name + 6);
		if (names[*n] != NULL) {
			(*n)++;
		}
	}
	if (dp != NULL) {
		closedir(dp);
	}
}

static int
list_tools(void)
{
	char dir[PATH_MAX], *names[MAX_TOOLS];
	const char *env = getenv("PATH"), *p, *colon;
	size_t n = 0, i, len;

	printf("usage: dnstk [-hV] NAME [ARGS ...]\n\n"
	    "Run the dnstk tool dnstk-NAME with ARGS.  Tools:\n");
	self_dir(dir, sizeof(dir));
	scan_dir(dir, names, &n);
	/* then PATH, as git lists git-* commands found there */
	for (p = env != NULL ? env : ""; *p != '\0'; p = colon + 1) {
		colon = strchr(p, ':');
		if (colon == NULL) {
			colon = p + strlen(p);
		}
		len = (size_t)(colon - p);
		if (len > 0 && len < sizeof(dir)) {
			memcpy(dir, p, len);
			dir[len] = '\0';
			scan_dir(dir, names, &n);
		}
		if (*colon == '\0') {
			break;
		}
	}
	qsort(names, n, sizeof(names[0]), cmpstr);
	for (i = 0; i < n; i++) {
		print_summary(names[i]);
		free(names[i]);
	}
	printf("\n'dnstk help NAME' shows a tool's options; see dnstk(1).\n");
	return DNSTK_EXIT_OK;
}

static int
run_tool(const char *name, char *argv[])
{
	char path[PATH_MAX];

	if (!is_tool_name(name) || find_tool(path, sizeof(path), name) != 0) {
		return dnstk_cli_usage_error("'%s' is not a dnstk tool; "
		    "see 'dnstk help'", name);
	}
	fflush(stdout);
	execv(path, argv);
	dnstk_cli_warn("cannot run '%s': %s", path, strerror(errno));
	return DNSTK_EXIT_NET;
}

int
dnstk_dispatch(struct dnstk_cli *cli, int argc, char *argv[])
{
	char *help_argv[3];
	const char *a;

	if (argc < 2) {
		return list_tools();
	}
	a = argv[1];
	if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0 ||
	    (strcmp(a, "help") == 0 && argc == 2)) {
		return list_tools();
	}
	if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
		printf("dnstk %s\n", DNSTK_VERSION);
		return DNSTK_EXIT_OK;
	}
	if (strcmp(a, "--dnstk-options") == 0) {
		dnstk_cli_dump(cli->cmd, stdout);
		return DNSTK_EXIT_OK;
	}
	if (strcmp(a, "help") == 0) {
		help_argv[0] = argv[2];
		help_argv[1] = "--help";
		help_argv[2] = NULL;
		return run_tool(argv[2], help_argv);
	}
	if (a[0] == '-') {
		return dnstk_cli_usage_error("unknown option '%s'", a);
	}
	return run_tool(a, argv + 1);
}
