/* SPDX-License-Identifier: BSD-3-Clause */
/* A DNS message as dnstk sees it: header, four sections, OPT kept in place. */
#ifndef DNSTK_DNS_MSG_H
#define DNSTK_DNS_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ldns/ldns.h>

#include "util/buf.h"
#include "util/err.h"

#define DNSTK_MSG_MAX 65535	/* the largest message TCP can carry */

enum dnstk_section {
	DNSTK_SEC_QUESTION = 0,
	DNSTK_SEC_ANSWER,
	DNSTK_SEC_AUTHORITY,
	DNSTK_SEC_ADDITIONAL,
	DNSTK_SEC_COUNT,
};

/* Header flag bits within dnstk_msg.flags (wire bytes 2 and 3). */
#define DNSTK_FLAG_QR 0x8000
#define DNSTK_FLAG_AA 0x0400
#define DNSTK_FLAG_TC 0x0200
#define DNSTK_FLAG_RD 0x0100
#define DNSTK_FLAG_RA 0x0080
#define DNSTK_FLAG_Z  0x0040
#define DNSTK_FLAG_AD 0x0020
#define DNSTK_FLAG_CD 0x0010
#define DNSTK_EDNS_DO 0x8000	/* in dnstk_edns.flags */

/* The header flag bits by name, in dig's order. */
struct dnstk_flag_name {
	uint16_t bit;		/* DNSTK_FLAG_QR ... */
	const char *text;	/* dig's name: "qr" */
	const char *json;	/* RFC 8427's member name: "QR" */
};
#define DNSTK_FLAG_NAMES 8
extern const struct dnstk_flag_name dnstk_flag_names[DNSTK_FLAG_NAMES];

/*
 * Unlike ldns_pkt, which folds the OPT record into separate fields and
 * keeps only the last one, a dnstk_msg keeps every record where it was
 * found (so two OPT records, or an OPT in the answer section, survive to
 * be reported) and keeps the header flag word whole (the Z bit too).
 * Questions are ldns_rr with the question flag set and no rdata.
 */
struct dnstk_msg {
	uint16_t id;
	uint16_t flags;	/* QR, opcode, AA, TC, RD, RA, Z, AD, CD, RCODE */
	ldns_rr_list *sec[DNSTK_SEC_COUNT];
	uint8_t *wire;	/* the exact bytes parsed, or NULL once changed */
	size_t wire_len;
};

/*
 * The first OPT record of the additional section, decoded (RFC 6891
 * §6.1.2-6.1.3).  `options` points into the record's rdata and stays
 * valid while the message does.
 */
struct dnstk_edns {
	bool present;
	uint16_t udp_size;
	uint8_t ext_rcode;	/* upper 8 bits of the 12-bit RCODE */
	uint8_t version;
	uint16_t flags;		/* DO and the Z bits */
	const uint8_t *options;
	size_t options_len;
};

/* Allocate an empty message (all sections empty); NULL on no memory. */
struct dnstk_msg *dnstk_msg_new(void);
/* Free a message and its records; NULL is fine. */
void dnstk_msg_free(struct dnstk_msg *m);

/*
 * ldns_wire2rr() with bounded memory: ldns gives every rdata field a
 * buffer the size of the whole rdata, so a TXT of many short strings
 * costs fields x length bytes (gigabytes for one 65,535-byte record);
 * TXT and SPF rdata, nothing but character-strings, is split here.  Same
 * arguments, result and ownership as ldns_wire2rr().
 */
ldns_status dnstk_wire2rr(ldns_rr **out, const uint8_t *wire, size_t len,
    size_t *pos, ldns_pkt_section sec);

/*
 * Give `rr` the `n` rdata fields of the malloc'ed array `fields` (both
 * then owned by `rr`; its old fields are freed), in O(n): ldns adds
 * fields one at a time, which is quadratic for a TXT of many strings.
 */
void dnstk_rr_take_fields(ldns_rr *rr, ldns_rdf **fields, size_t n);

/*
 * Parse `len` bytes of wire form into a new message (*out, caller frees
 * with dnstk_msg_free).  Counts, names (compression loops included),
 * record lengths and trailing bytes are checked; on failure returns
 * DNSTK_EINPUT with the reason in err->msg and *out untouched.
 */
int dnstk_msg_from_wire(struct dnstk_msg **out, const uint8_t *wire,
    size_t len, struct dnstk_err *err);

/*
 * Append the message's wire form to `out`: the original bytes when the
 * message still has them, else a fresh uncompressed rendering.  Returns 0,
 * DNSTK_ENOMEM, or DNSTK_EINPUT when it does not fit in 65535 bytes.
 */
int dnstk_msg_to_wire(struct dnstk_buf *out, const struct dnstk_msg *m);

/* Forget the original wire bytes after a change. */
void dnstk_msg_touch(struct dnstk_msg *m);

/*
 * Add `rr` to section `sec`; ownership passes to the message, also on
 * failure (`rr` is then freed).  Returns 0 or DNSTK_ENOMEM.
 */
int dnstk_msg_push(struct dnstk_msg *m, enum dnstk_section sec,
    ldns_rr *rr);

static inline unsigned
dnstk_msg_opcode(const struct dnstk_msg *m)
{
	return (m->flags >> 11) & 0xf;
}

/* Fill `e` from the first OPT of the additional section (if any). */
void dnstk_msg_edns(const struct dnstk_msg *m, struct dnstk_edns *e);

/* The full 12-bit RCODE: header RCODE plus the OPT's extended bits. */
unsigned dnstk_msg_rcode(const struct dnstk_msg *m);

/*
 * Set the full RCODE: the low 4 bits go to the header, the upper 8 to the
 * first OPT record (which must exist when they are not zero: else
 * DNSTK_EINPUT).
 */
int dnstk_msg_set_rcode(struct dnstk_msg *m, unsigned rcode);

/*
 * Replace the first OPT of the additional section with one made from `e`
 * (options copied), or add one at the end.  e->present false removes it.
 * Returns 0 or DNSTK_ENOMEM.
 */
int dnstk_msg_set_edns(struct dnstk_msg *m, const struct dnstk_edns *e);

/*
 * Insert an OPT made from `e` as the first OPT of the additional section:
 * before any OPT already there (which then stays, as a second OPT), or at
 * the end when there is none.  Returns 0 or DNSTK_ENOMEM.
 */
int dnstk_msg_add_edns(struct dnstk_msg *m, const struct dnstk_edns *e);

/* Build an OPT ldns_rr from `e` (caller frees); NULL on no memory. */
ldns_rr *dnstk_edns_to_rr(const struct dnstk_edns *e);

/* Decode an OPT record's TTL, class and rdata into `e`. */
void dnstk_edns_from_rr(struct dnstk_edns *e, const ldns_rr *rr);

/*
 * Iterate the options of an OPT rdata: `*pos` starts at 0.  Returns 1 with
 * code/data/len set, 0 at the end, DNSTK_EINPUT when an option runs past
 * the end (then *pos is left at the bad option).
 */
int dnstk_edns_next_option(const uint8_t *opts, size_t len, size_t *pos,
    uint16_t *code, const uint8_t **data, uint16_t *dlen);

/* Names: "QUERY", "NOERROR" (12-bit RCODEs, BADVERS ...), NULL if none. */
const char *dnstk_opcode_name(unsigned opcode);
const char *dnstk_rcode_name(unsigned rcode);
/* Inverse lookups, case-insensitive; -1 when unknown. */
int dnstk_opcode_from_name(const char *s);
int dnstk_rcode_from_name(const char *s);

/* Section names for output ("QUESTION", "ANSWER", ...). */
const char *dnstk_section_name(enum dnstk_section sec);

/*
 * The section whose title line (";; ANSWER SECTION:", as the text form
 * writes it) starts `line` of `n` bytes, or -1 when it starts none.
 */
int dnstk_section_title(const char *line, size_t n);

/*
 * Semantic equality of two messages: header, every record in order
 * (compared by wire form), ignoring compression.  Returns true if equal.
 */
bool dnstk_msg_equal(const struct dnstk_msg *a, const struct dnstk_msg *b);

#endif
