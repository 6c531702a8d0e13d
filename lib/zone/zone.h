/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The zone engine: a zone (or any set of records) loaded from sources,
 * held in RFC 4034 canonical order, walked by owner and by RRset, looked
 * up by name, checked for duplicates and TTLs (RFC 2181 §5), and giving
 * each RRset's canonical wire form and each RRSIG's signed data.  Used by
 * dnstk-canon-sort; built for dnstk-zone-check and dnstk-serve.
 *
 * Life cycle: dnstk_zone_init(), dnstk_zone_load*() per source,
 * dnstk_zone_sort(), then any of the read-only calls below, then
 * dnstk_zone_release().  A sorted zone is not changed by the read-only
 * calls, so threads may share it without locks (each with its own
 * buffers).  Entry indexes are those of the record table (`z->tab`,
 * lib/dns/rrtab.h), valid until the next load, dedup or release.
 */
#ifndef DNSTK_ZONE_ZONE_H
#define DNSTK_ZONE_ZONE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <ldns/ldns.h>

#include "dns/rrset.h"
#include "out/render.h"
#include "util/buf.h"
#include "util/err.h"

#define DNSTK_ZONE_ALL_SECTIONS (-1)

/* How to read a source. */
struct dnstk_zone_load_opts {
	enum dnstk_form form;	/* AUTO to detect per source */
	bool messages;		/* read messages even if not detected */
	int section;		/* of messages: DNSTK_SEC_* or ALL_SECTIONS */
	const ldns_rdf *origin;	/* -o: origin of relative names, or NULL */
};

/*
 * The names of the sources records came from (a file, stdin, the files
 * read through $INCLUDE), numbered as entries' src.  Zeroed is empty;
 * dnstk_zone_sources_release() frees it.
 */
struct dnstk_zone_sources {
	char **v;
	size_t n;
};

/*
 * The number of source `name` into *src: the first of numbers [from, n)
 * with that name, else a new one (from == n: always new).  0 or
 * DNSTK_ENOMEM.
 */
int dnstk_zone_sources_number(struct dnstk_zone_sources *s, const char *name,
    size_t from, uint32_t *src);
/* The name of source number src, or `none` when there is no such. */
const char *dnstk_zone_sources_name(const struct dnstk_zone_sources *s,
    uint32_t src, const char *none);
void dnstk_zone_sources_release(struct dnstk_zone_sources *s);

/* A zone: caller-owned, dnstk_zone_init() then dnstk_zone_release(). */
struct dnstk_zone {
	struct dnstk_rrtab tab;	/* the records; sorted by dnstk_zone_sort */
	struct dnstk_zone_sources src;	/* by entry src index */
	ldns_rdf *origin;	/* -o, the first SOA owner, $ORIGIN, or NULL */
	ldns_rdf *directive;	/* the first $ORIGIN seen, or NULL */
	bool sorted;
};

/* Set the defaults: detect the form, all sections, no origin. */
void dnstk_zone_load_opts_init(struct dnstk_zone_load_opts *o);

/* Set up an empty zone (no allocation). */
void dnstk_zone_init(struct dnstk_zone *z);

/* Free everything the zone holds and re-init it. */
void dnstk_zone_release(struct dnstk_zone *z);

/*
 * Add every record of stream `fp` (not closed), named `source` in
 * messages ("stdin" for standard input), read through the stream reader
 * (lib/in/reader.h): a master file, dig output, or records or messages in
 * hex or JSON.  The input holds messages when `o->messages` or when its
 * first significant line is a ";; ->>HEADER<<-" line (after leading
 * comments), a JSON object with "ID", or a hex line that is a whole
 * message; then their question sections and OPT records are skipped and
 * `o->section` chooses the section.  Each record remembers SOURCE:LINE:
 * the file it was read from, `source` or one it names with $INCLUDE
 * (followed by the reader for regular files; sources are numbered in the
 * order first seen, which is the "input order" of the checks below).
 * Returns 0; DNSTK_EINPUT with `err` at SOURCE:LINE for bad input (the
 * records added before it stay: release the zone); DNSTK_ENOMEM; -errno
 * for a read error ("is a directory" says so).  Unsorts the zone.
 */
int dnstk_zone_load(struct dnstk_zone *z, FILE *fp, const char *source,
    const struct dnstk_zone_load_opts *o, struct dnstk_err *err);

/*
 * dnstk_zone_load() on the file `path` ("-" is standard input, named
 * "stdin").  -errno with `err` saying "cannot open 'PATH': ..." when it
 * cannot be opened, or "cannot read 'PATH': Is a directory".
 */
int dnstk_zone_load_file(struct dnstk_zone *z, const char *path,
    const struct dnstk_zone_load_opts *o, struct dnstk_err *err);

/*
 * Sort the records in canonical order (dnstk_rrtab_sort) and set the
 * origin, when no -o was given, to the owner of the first SOA in
 * canonical order, else to the first $ORIGIN of the sources (lowercased).
 * Returns 0 or DNSTK_ENOMEM.
 */
int dnstk_zone_sort(struct dnstk_zone *z);

/*
 * The number of records, and the SOURCE:LINE of entry i: its source name
 * (owned by z) and the first line of the unit it came from.
 */
size_t dnstk_zone_count(const struct dnstk_zone *z);
const char *dnstk_zone_source(const struct dnstk_zone *z, size_t i);
unsigned long dnstk_zone_line(const struct dnstk_zone *z, size_t i);

/* ---- walking a sorted zone ------------------------------------------ */

/* The index just past the RRset (owner, class, type) starting at i. */
size_t dnstk_zone_rrset_end(const struct dnstk_zone *z, size_t i);

/* The index just past every record of the owner name of entry i. */
size_t dnstk_zone_owner_end(const struct dnstk_zone *z, size_t i);

/*
 * Find the records of owner `name` (uncompressed wire, any case): sets
 * [*first, *end) to them (empty, *first == *end, when there are none) by
 * binary search on the canonical keys.  Returns 0, DNSTK_EINPUT for a
 * malformed name, DNSTK_ENOMEM.
 */
int dnstk_zone_find_owner(const struct dnstk_zone *z, const uint8_t *name,
    size_t len, size_t *first, size_t *end);

/*
 * Find the RRset (name, class, type): *first is its first entry, or
 * dnstk_zone_count() when there is none.  Returns as
 * dnstk_zone_find_owner().
 */
int dnstk_zone_find_rrset(const struct dnstk_zone *z, const uint8_t *name,
    size_t len, uint16_t rr_class, uint16_t type, size_t *first);

/*
 * The apex: sets *soa to the entry of the SOA at the origin.  Returns 0,
 * or DNSTK_EINPUT when the zone has no origin or no SOA there.
 */
int dnstk_zone_apex(const struct dnstk_zone *z, size_t *soa);

/*
 * Is the owner of entry i a zone cut: a name below the origin that has NS
 * records (RFC 1034 §4.2.1)?  False when the zone has no origin.
 */
bool dnstk_zone_is_cut(const struct dnstk_zone *z, size_t i);

/*
 * Append the canonical wire form (RFC 4034 §6.2) of the RRset starting
 * at i, each record once, in canonical order.  Returns 0 or DNSTK_ENOMEM
 * (`out` as it was).
 */
int dnstk_zone_rrset_wire(struct dnstk_buf *out, const struct dnstk_zone *z,
    size_t i);

/*
 * Append the data the RRSIG at entry `sig` signs (RFC 4034 §3.1.8.1);
 * see dnstk_rrtab_signed_data() for *count, *why and the label-count
 * checks of RFC 4035 §5.3.1.  The zone must be sorted and deduplicated.
 */
int dnstk_zone_signed_data(struct dnstk_buf *out, const struct dnstk_zone *z,
    size_t sig, size_t *count, const char **why);

/* ---- checks --------------------------------------------------------- */

enum dnstk_zone_issue_kind {
	DNSTK_ZONE_DUPLICATE,	/* same RRset, same RDATA (RFC 2181 §5) */
	DNSTK_ZONE_TTL,		/* TTL differs within an RRset (§5.2) */
};

/* One problem: entry `at`, and the entry it is measured against. */
struct dnstk_zone_issue {
	enum dnstk_zone_issue_kind kind;
	size_t at;		/* the record at fault */
	size_t first;		/* the first copy / the lowest TTL's record */
	uint32_t ttl;		/* TTL issues: the TTL of `at` */
	uint32_t want_ttl;	/* TTL issues: the lowest TTL */
};

/* Called once per issue; a non-zero return stops the check with it. */
typedef int (*dnstk_zone_issue_fn)(void *ctx,
    const struct dnstk_zone *z, const struct dnstk_zone_issue *issue);

/* What a check found. */
struct dnstk_zone_check_stats {
	size_t duplicates;	/* duplicate records */
	size_t ttl_rrsets;	/* RRsets whose TTLs differ */
	size_t problems;	/* issues reported */
};

/*
 * Report, RRset by RRset in canonical order and within an RRset in input
 * order, every duplicate after the first copy (in input order) and every
 * record whose TTL is not the lowest of its TTL group
 * (dnstk_rrtab_ttl_end: RRSIGs group by covered type).  The zone must be
 * sorted and not deduplicated.  Returns 0 or what `fn` returned; `st`
 * (not NULL) says what was found.
 */
int dnstk_zone_check(const struct dnstk_zone *z, dnstk_zone_issue_fn fn,
    void *ctx, struct dnstk_zone_check_stats *st);

/*
 * Count the RRsets whose TTLs differ (RFC 2181 §5.2) and, when `fix`, set
 * each TTL group's TTL to its lowest (dnstk_rrtab_fix_ttl).  `fixed` (may
 * be NULL) has one flag per RRset in canonical order and gets true for
 * each RRset fixed.  The zone must be sorted.  Returns the count.
 */
size_t dnstk_zone_ttl_rrsets(struct dnstk_zone *z, bool fix, bool *fixed);

/*
 * Append "owner class type" of entry i, the owner in canonical form, for
 * messages.  Returns 0 or DNSTK_ENOMEM.
 */
int dnstk_zone_rrset_name(struct dnstk_buf *out, const struct dnstk_zone *z,
    size_t i);

#endif
