/* SPDX-License-Identifier: BSD-3-Clause */
/* dnstk: run dnstk-NAME for `dnstk NAME ...`, like git; no tool logic. */
#include "cli/cli.h"
#include "cli/dispatch.h"

static const struct dnstk_opt dnstk_opts[] = {
	DNSTK_OPT_END
};

static const struct dnstk_cmd dnstk_cmd = {
	"dnstk", "Run a dnstk tool: dnstk NAME [ARGS ...].",
	"[NAME [ARGS ...]]", dnstk_opts,
};

int
main(int argc, char *argv[])
{
	struct dnstk_cli cli;
	int ex;

	dnstk_cli_init(&cli, &dnstk_cmd);
	ex = dnstk_dispatch(&cli, argc, argv);
	dnstk_cli_release(&cli);
	return dnstk_cli_finish(ex);
}
