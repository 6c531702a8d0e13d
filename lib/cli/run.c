/* SPDX-License-Identifier: BSD-3-Clause */
/* The end every tool's main() shares. */
#include "cli/run.h"

int
dnstk_cli_run(struct dnstk_cli *cli, int parsed, dnstk_cli_run_fn run,
    void *ctx)
{
	struct dnstk_err err = DNSTK_ERR_INIT;
	int ex = parsed;

	if (ex == 0) {
		ex = dnstk_cli_report(run(ctx, &err), &err);
	} else if (ex < 0) {
		ex = 0;
	}
	dnstk_cli_release(cli);
	return dnstk_cli_finish(ex);
}
