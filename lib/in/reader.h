/* SPDX-License-Identifier: BSD-3-Clause */
/* Read a stream of units (messages or records) in text, hex or JSON form. */
#ifndef DNSTK_IN_READER_H
#define DNSTK_IN_READER_H

#include <stdbool.h>
#include <stdio.h>

#include <ldns/ldns.h>

#include "dns/msg.h"
#include "in/form.h"
#include "util/buf.h"
#include "util/err.h"

#define DNSTK_LINE_MAX (1024 * 1024)	/* longest input line accepted */

struct dnstk_reader_level;	/* a file that $INCLUDE'd the current one */

/*
 * A reader over one input stream.  Caller-owned; set up with
 * dnstk_reader_init() or dnstk_reader_open() and freed with
 * dnstk_reader_release().  The form is detected from the first unit
 * unless given (detection happens here only).  Every error carries
 * SOURCE:LINE of the unit (or line) that is wrong; in a file read through
 * $INCLUDE, that file and its line.  `source` and `unit_line` name the
 * unit last returned.
 */
struct dnstk_reader {
	FILE *fp;
	char source[DNSTK_ERR_SOURCE_MAX];
	bool is_stdin;
	enum dnstk_form form;	/* AUTO until the first unit is seen */
	unsigned long line;	/* lines read so far */
	unsigned long unit_line;	/* first line of the last unit */
	char *buf;		/* current line, NUL-terminated */
	size_t cap;
	size_t len;
	bool pushed;		/* buf holds a line to read again */
	bool eof;
	/* master-file state for text records */
	ldns_rdf *origin;
	ldns_rdf *prev;
	uint32_t default_ttl;
	bool have_ttl;
	uint32_t last_ttl;
	struct dnstk_buf joined;
	/* where the stream came from */
	bool owns_fp;		/* opened here: closed on release */
	bool may_include;	/* a regular file: $INCLUDE is followed */
	struct dnstk_reader_level *up;	/* $INCLUDE stack, innermost first */
	unsigned depth;		/* how deep in $INCLUDE */
	/* read-ahead of a regular file (reader.c): bytes [ahead_pos,
	 * ahead_len) of `ahead` are read from fp but not yet used */
	char *ahead;
	size_t ahead_pos, ahead_len;
	int ahead_mode;		/* 0 not decided, 1 read ahead, -1 getc */
};

/*
 * Set up `r` to read `fp` (not closed by the reader) named `source` in
 * messages ("stdin" or a file name).  `form` is AUTO to detect.  Returns 0
 * or DNSTK_ENOMEM.
 */
int dnstk_reader_init(struct dnstk_reader *r, FILE *fp, const char *source,
    enum dnstk_form form);

/*
 * Open input `name` ("-" is stdin, named "stdin" in messages; anything
 * else a file, named as given) and set up `r` to read it as
 * dnstk_reader_init() does; the reader closes the file on release.
 * Whether the input is stdin comes from the stream, not its name.
 * Returns 0, -errno with err set ("cannot open 'NAME': reason") or
 * DNSTK_ENOMEM.  On failure `r` needs no release.
 */
int dnstk_reader_open(struct dnstk_reader *r, const char *name,
    enum dnstk_form form, struct dnstk_err *err);

/*
 * Free what the reader holds: files it opened (also $INCLUDE'd ones), not
 * a FILE given to dnstk_reader_init().
 */
void dnstk_reader_release(struct dnstk_reader *r);

/*
 * Read the next message.  Returns 1 with *out set (caller frees with
 * dnstk_msg_free), 0 at the end of the stream, or a negative error
 * (DNSTK_EINPUT with err set to SOURCE:LINE and the reason, DNSTK_ENOMEM,
 * or -errno for a read error).  After an error, stop reading.
 */
int dnstk_reader_msg(struct dnstk_reader *r, struct dnstk_msg **out,
    struct dnstk_err *err);

/*
 * Read the next record unit: a master-file record (text), an uncompressed
 * wire record (hex) or a record object (JSON).  Returns as
 * dnstk_reader_msg(); *out is freed with ldns_rr_free.  Master files
 * follow RFC 1035: $ORIGIN, $TTL (RFC 2308 units), $INCLUDE FILE [ORIGIN]
 * (relative to the including file, at most DNSTK_INCLUDE_DEPTH deep,
 * refused on stdin and other streams that are not regular files),
 * parentheses, comments, omitted owner / TTL / class, RFC 3597 `\#`.
 */
int dnstk_reader_rr(struct dnstk_reader *r, ldns_rr **out,
    struct dnstk_err *err);

/*
 * Read the next record unit as dnstk_reader_rr() does, giving its
 * uncompressed wire form (owner, type, class, TTL, RDLENGTH, RDATA) in
 * `out` (reset first) instead of an ldns_rr: master-file records of the
 * usual types skip ldns (lib/in/fastrr.h), with the same bytes.
 * Returns as dnstk_reader_rr().
 */
int dnstk_reader_rr_wire(struct dnstk_reader *r, struct dnstk_buf *out,
    struct dnstk_err *err);

/*
 * Build a message / record from one parsed JSON value (used by the reader
 * and by tools taking JSON arguments).  A record is built from its parts:
 * the owner from NAME alone, type, class and TTL from their members, the
 * rdata from RDATAHEX or rdata<TYPE> (both given: they must agree).
 * Duplicate members and section counts (QDCOUNT...) that disagree with
 * the sections are errors.  0, DNSTK_EINPUT (*why set, static) or
 * DNSTK_ENOMEM.
 */
struct dnstk_json;
int dnstk_msg_from_json(struct dnstk_msg **out, const struct dnstk_json *v,
    const char **why);
int dnstk_rr_from_json(ldns_rr **out, const struct dnstk_json *v,
    bool question, const char **why);

#endif
