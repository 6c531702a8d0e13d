/* SPDX-License-Identifier: BSD-3-Clause */
/* The `dnstk` front end: find and exec dnstk-NAME, list the tools. */
#ifndef DNSTK_CLI_DISPATCH_H
#define DNSTK_CLI_DISPATCH_H

#include "cli/cli.h"

/*
 * Handle `dnstk [-h|-V|--dnstk-options|help [NAME]|NAME ARGS...]` for
 * the command table `cli->cmd` (set by dnstk_cli_init).  For NAME, exec
 * dnstk-NAME found in the running binary's directory first, then on PATH
 * (as git runs git-NAME); returns only on failure.  `dnstk`, `dnstk help`
 * and `dnstk -h` list every dnstk-* found in those places (the first of
 * a name wins, as for exec) with its summary.  Returns an exit status (0
 * after help, version or the option dump, 2 for an unknown tool or
 * option, 3 when exec fails).
 */
int dnstk_dispatch(struct dnstk_cli *cli, int argc, char *argv[]);

#endif
