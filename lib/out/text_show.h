/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the text form of an answer shows, as dig's display options
 * choose it (+noall +answer, +nocomments, +idnout ...): a filter over a
 * message block already rendered by dnstk_render_msg() and the tail of
 * lib/out/answer.c.
 */
#ifndef DNSTK_OUT_TEXT_SHOW_H
#define DNSTK_OUT_TEXT_SHOW_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

/* The parts of a text answer (dig's +[no]comments, +[no]answer ...). */
enum dnstk_show {
	DNSTK_SHOW_COMMENTS = 0x01,	/* header, OPT, section titles */
	DNSTK_SHOW_QUESTION = 0x02,	/* the sections' bits, in order */
	DNSTK_SHOW_ANSWER = 0x04,
	DNSTK_SHOW_AUTHORITY = 0x08,
	DNSTK_SHOW_ADDITIONAL = 0x10,
	DNSTK_SHOW_STATS = 0x20,	/* query time, server, size */
	/* the blank line ending an answer: with comments or stats */
	DNSTK_SHOW_ALL = 0x3f,
};

/*
 * Parse a comma-separated list of part names (comments, question,
 * answer, authority, additional, stats, all) into *mask.  Returns 0, or
 * DNSTK_EUSAGE with *why naming what is wrong.
 */
int dnstk_show_parse(unsigned *mask, const char *list, const char **why);

/*
 * Rewrite the text in b->data[start..] (whole lines of message blocks):
 * keep only the parts in `show` (a mask of enum dnstk_show), and with
 * `idnout` write names with "xn--" labels as their Unicode U-labels
 * (libidn2; a label that does not convert stays as it is).  Returns 0 or
 * DNSTK_ENOMEM (the buffer is then unchanged).
 */
int dnstk_text_show(struct dnstk_buf *b, size_t start, unsigned show,
    bool idnout);

#endif
