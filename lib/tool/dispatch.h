/* SPDX-License-Identifier: BSD-3-Clause */
/* The `dnstk` front end: find and exec dnstk-NAME, list the tools. */
#ifndef DNSTK_TOOL_DISPATCH_H
#define DNSTK_TOOL_DISPATCH_H

#include "cli/cli.h"

/*
 * Handle `dnstk [-h|-V|help [NAME]|NAME ARGS...]`.  For NAME, exec
 * dnstk-NAME found beside the running binary first, then on PATH; returns
 * only on failure.  Returns an exit status (0 after help or version, 2
 * for an unknown tool or option, 3 when exec fails).
 */
int dnstk_dispatch(struct dnstk_cli *cli, int argc, char *argv[]);

#endif
