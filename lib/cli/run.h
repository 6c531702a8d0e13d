/* SPDX-License-Identifier: BSD-3-Clause */
/* The end every tool's main() shares: run the work, report, exit status. */
#ifndef DNSTK_CLI_RUN_H
#define DNSTK_CLI_RUN_H

#include "cli/cli.h"
#include "util/err.h"

/*
 * A tool's work: 0 or a negative DNSTK_E* code with `err` filled (as the
 * lib/tool entry points return).
 */
typedef int (*dnstk_cli_run_fn)(void *ctx, struct dnstk_err *err);

/*
 * After parsing: `parsed` is 0 (run), -1 (done, nothing to run: --help,
 * --version) or an exit status (a usage error, already reported).  When
 * 0, call run(ctx, err) and report what it returns (dnstk_cli_report()).
 * Then release `cli` and flush stdout (dnstk_cli_finish()).  Returns the
 * exit status for main() to return.
 */
int dnstk_cli_run(struct dnstk_cli *cli, int parsed, dnstk_cli_run_fn run,
    void *ctx);

#endif
