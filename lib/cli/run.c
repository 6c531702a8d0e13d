/* SPDX-License-Identifier: BSD-3-Clause */
/* The main() every tool shares. */
#include <stdio.h>

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

/* Parse and take the operands: 0 (run), -1 (done: --help) or a status. */
static int
tool_parse(struct dnstk_cli *cli, const struct dnstk_tool *t, int argc,
    char *argv[])
{
	const char *why = NULL;
	int c, n;

	while ((c = dnstk_cli_parse(cli, argc, argv)) > 0) {
	}	/* every row is bound: nothing comes back */
	if (c == DNSTK_CLI_STOP) {
		return cli->exit == 0 ? -1 : cli->exit;
	}
	n = argc - optind;
	if (t->plus != NULL &&
	    (c = dnstk_cli_words(cli, '+', t->plus, &n, argv + optind)) != 0) {
		return c;
	}
	if (t->files != NULL) {
		*t->files = argv + optind;
		*t->nfiles = n;
	}
	if (t->finish == NULL || (c = t->finish(n, argv + optind, &why)) == 0) {
		return 0;
	}
	return why != NULL ? dnstk_cli_usage_error("%s", why) : c;
}

int
dnstk_cli_main(int argc, char *argv[], const struct dnstk_tool *tool)
{
	struct dnstk_err err = DNSTK_ERR_INIT;
	struct dnstk_cli cli;
	bool said = false;
	int ex;

	dnstk_cli_init(&cli, &tool->cmd);
	ex = tool_parse(&cli, tool, argc, argv);
	if (ex == 0) {
		ex = tool->run(&err);
		ex = tool->says_failures && err.msg[0] == '\0' ?
		    dnstk_exit_status(ex) : dnstk_cli_report(ex, &err);
		/* a write error the work has just said: not twice */
		said = tool->says_failures && ferror(stdout) != 0;
	}
	if (tool->release != NULL) {
		tool->release();
	}
	dnstk_cli_release(&cli);
	ex = ex < 0 ? 0 : ex;
	return said ? ex : dnstk_cli_finish(ex);
}
