/* SPDX-License-Identifier: BSD-3-Clause */
/* dig's "+word" options as dnstk-query's long options. */
#ifndef DNSTK_CLI_DIG_H
#define DNSTK_CLI_DIG_H

#include <stddef.h>

#include "cli/cli.h"

/*
 * Parse dig's `word` ("+short", "+nodnssec", "+bufsize=4096", "+noall",
 * "+answer" ...; it starts with '+') into `p`: the long option of
 * dnstk-query it means, or none for "+nocmd" (a dnstk_cli_word_fn for
 * dnstk_cli_words()).
 * Unknown words and wrong values give DNSTK_EUSAGE with a one-line
 * message in msg naming the word and the nearest "+word" (or long
 * option of `cmd`, which may be NULL).  Pure: no output.
 */
int dnstk_cli_dig_plus(struct dnstk_cli_word *p, const char *word,
    const struct dnstk_cmd *cmd, char *msg, size_t cap);

/*
 * Every "+word" and "+noword", space-separated ("+bufsize=" for those
 * that need a value), for completions (struct dnstk_cmd's `words`).  A
 * static string: not to be freed.  Cannot fail.
 */
const char *dnstk_cli_dig_words(void);

#endif
