/* SPDX-License-Identifier: BSD-3-Clause */
/* The main() every tool shares: parse, run the work, report, exit status. */
#ifndef DNSTK_CLI_RUN_H
#define DNSTK_CLI_RUN_H

#include <stdbool.h>

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

/*
 * A tool, for dnstk_cli_main(): its command (name, help, option table)
 * and the steps around parsing.  The table's rows are all bound (a
 * callback row for what needs code); they and the steps work on the
 * tool's arguments, a static variable of its cmd file (bound rows need
 * fixed addresses), so the steps take no context.  A cmd file declares
 * it with DNSTK_CLI_TOOL(), below.
 */
struct dnstk_tool {
	struct dnstk_cmd cmd;
	/*
	 * Operands that stand for options (dig's "+word"), read by this and
	 * applied before `finish` sees the rest (dnstk_cli_words()); NULL:
	 * none.
	 */
	dnstk_cli_word_fn plus;
	/* The operands, as "[FILE ...]": *files and *nfiles (NULL: none). */
	char ***files;
	int *nfiles;
	/*
	 * After parsing: take the operands argv[0..argc) and check what the
	 * options ask for together.  Returns 0; or nonzero with *why set to
	 * a usage message, which dnstk_cli_main() reports as a usage error
	 * (exit 2); or, with *why left NULL, an exit status after messages
	 * it has said itself (dnstk_cli_usage_error()).  *why must outlive
	 * the call.  NULL: nothing to do.
	 */
	int (*finish)(int argc, char *argv[], const char **why);
	/* The work: 0 or a negative DNSTK_E* code with `err` filled. */
	int (*run)(struct dnstk_err *err);
	/* After the work or a usage error (NULL: nothing to free). */
	void (*release)(void);
	/*
	 * The work says its own failures as they happen: a code without a
	 * message in `err` and a write error on stdout are not said again.
	 */
	bool says_failures;
};

/*
 * The whole main() of `tool`: set up the parser, parse the options into
 * their rows' destinations (-h, -V and usage errors end it there), take
 * the operands, run the work and report it (dnstk_cli_report()), release,
 * flush stdout (dnstk_cli_finish()).  Returns the exit status.
 */
int dnstk_cli_main(int argc, char *argv[], const struct dnstk_tool *tool);

/*
 * The end of every cmd/NAME.c, in one declaration: the tool's steps, its
 * struct dnstk_tool and main().  `args` is the address of the tool's
 * arguments (the static variable its option rows write into) and
 * init(args) sets their defaults before parsing.  The two steps are
 * expressions:
 *   - `operands` takes the operands `argv[0..argc)` and checks what the
 *     options ask for together, and gives what a `finish` step returns
 *     (0; or nonzero, with `*why` set to a usage message or left NULL:
 *     see struct dnstk_tool); 0 when there is nothing to check;
 *   - `work` is the run step: it may use `err`, the struct dnstk_err * it
 *     fills, and gives 0 or a negative DNSTK_E* code; most often it is
 *     the lib/tool entry point called on the arguments.
 * The rest are the members of struct dnstk_tool but .finish and .run: the
 * command first, then any of .plus, .files, .nfiles, .release,
 * .says_failures.  cmd/wire.c:
 *
 *	static struct dnstk_wire_args args;
 *	static const struct dnstk_opt wire_opts[] = { ... };
 *
 *	DNSTK_CLI_TOOL(&args, dnstk_wire_args_init,
 *	    0,
 *	    dnstk_wire(&args, stdout, err),
 *	    { "wire", "Convert ...", "[FILE ...]", wire_opts },
 *	    .files = &args.files, .nfiles = &args.nfiles)
 */
#define DNSTK_CLI_TOOL(args, init, operands, work, ...) \
	static int \
	dnstk_tool_operands(int argc, char *argv[], const char **why) \
	{ \
		(void)argc, (void)argv, (void)why; \
		return (operands); \
	} \
	static int \
	dnstk_tool_run(struct dnstk_err *err) \
	{ \
		return (work); \
	} \
	static const struct dnstk_tool dnstk_tool_desc = { \
		__VA_ARGS__, .finish = dnstk_tool_operands, \
		.run = dnstk_tool_run, \
	}; \
	int \
	main(int argc, char *argv[]) \
	{ \
		init(args); \
		return dnstk_cli_main(argc, argv, &dnstk_tool_desc); \
	}

#endif
