/* SPDX-License-Identifier: BSD-3-Clause */
/* Record tables: the sort into canonical order (RFC 4034 §6). */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dns/rrtab_int.h"

/* The table being sorted, for the qsort comparators; per thread, so
 * that threads may sort tables of their own at once. */
static _Thread_local const struct dnstk_rrtab *sort_tab;

static int
ent_compare(const void *pa, const void *pb)
{
	const struct dnstk_rrtab_ent *a = pa, *b = pb;
	const uint8_t *base = (const uint8_t *)sort_tab->data.data;
	int c;

	c = ent_key_cmp(sort_tab, a, b);
	if (c != 0) {
		return c;
	}
	/* duplicates: make the order independent of the input order */
	if (a->ttl != b->ttl) {
		return a->ttl < b->ttl ? -1 : 1;
	}
	c = key_compare(base + a->off, wlen(a), base + b->off, wlen(b));
	if (c != 0) {
		return c;
	}
	if (a->src != b->src) {
		return a->src < b->src ? -1 : 1;
	}
	return a->line < b->line ? -1 : a->line > b->line;
}

/*
 * What the sort moves: 8 bytes of the key at the current depth and the
 * entry's index.  Sorting by those 8 bytes, then each run of equal ones
 * by the next 8 (a most-significant-digit radix over 64-bit digits),
 * touches each key once per level instead of twice per comparison: a
 * million random keys no longer cost a cache miss per compare.
 */
struct sort_item {
	uint64_t pfx;
	size_t idx;
};

#define SORT_DEPTH_MAX 64	/* past this, compare whole keys */

static int
pfx_compare(const void *pa, const void *pb)
{
	const struct sort_item *a = pa, *b = pb;

	return a->pfx < b->pfx ? -1 : a->pfx > b->pfx;
}

static int
item_compare(const void *pa, const void *pb)
{
	const struct sort_item *a = pa, *b = pb;

	return ent_compare(&sort_tab->ent[a->idx], &sort_tab->ent[b->idx]);
}


/* Load the 8 key bytes at `depth`, big-endian and zero-padded. */
static bool
load_pfx(const struct dnstk_rrtab *t, struct sort_item *it, size_t depth)
{
	const struct dnstk_rrtab_ent *e = &t->ent[it->idx];
	const uint8_t *key = ent_prefix(t, e), *crd = ent_crd(t, e);
	size_t len = e->key_len, plen = e->okey_len + 4u, j;

	it->pfx = 0;
	for (j = depth; j < depth + 8; j++) {
		it->pfx = it->pfx << 8 | (j < plen ? key[j] : j < len ?
		    crd[j - plen] : 0u);
	}
	return len > depth + 8;	/* the key goes on past these bytes */
}

/*
 * Sort n items by pfx: a least-significant-digit radix sort, a byte a
 * pass (passes where every item has the same byte are skipped), for
 * large n, where qsort's calls per comparison cost more.  Stable.  False
 * when there is no memory for it (nothing moved).
 */
#define RADIX_MIN 4096
static bool
radix_pfx(struct sort_item *it, size_t n)
{
	struct sort_item *tmp = malloc(n * sizeof(*tmp)), *from = it, *to = tmp,
	    *sw;
	size_t count[256], i, sum, c;
	unsigned shift;

	if (tmp == NULL) {
		return false;
	}
	for (shift = 0; shift < 64; shift += 8) {
		memset(count, 0, sizeof(count));
		for (i = 0; i < n; i++) {
			count[(from[i].pfx >> shift) & 0xff]++;
		}
		if (count[(from[0].pfx >> shift) & 0xff] == n) {
			continue;	/* all alike in this byte */
		}
		for (i = 0, sum = 0; i < 256; i++) {
			c = count[i];
			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++) {
			to[count[(from[i].pfx >> shift) & 0xff]++] = from[i];
		}
		sw = from;
		from = to;
		to = sw;
	}
	if (from != it) {
		memcpy(it, from, n * sizeof(*it));
	}
	free(tmp);
	return true;
}

/*
 * Sort `n` items whose keys all agree on their first `depth` bytes.
 * Where 8 bytes cannot tell keys apart (a key ends inside them, or the
 * depth is large), whole entries are compared.
 */
static void
sort_items(const struct dnstk_rrtab *t, struct sort_item *it, size_t n,
    size_t depth)
{
	size_t i, j;
	bool more, same;

	/* 8 bytes all the keys share (the zone's name): no sort needed */
	do {
		more = depth < SORT_DEPTH_MAX;
		same = true;
		for (i = 0; i < n && more; i++) {
			if (i + SORT_AHEAD < n) {
				key_prefetch(t, it[i + SORT_AHEAD].idx);
			}
			more = load_pfx(t, &it[i], depth);
			same = same && it[i].pfx == it[0].pfx;
		}
		depth += more && same ? 8 : 0;
	} while (more && same);
	if (!more) {
		qsort(it, n, sizeof(*it), item_compare);
		return;
	}
	if (n < RADIX_MIN || !radix_pfx(it, n)) {
		qsort(it, n, sizeof(*it), pfx_compare);
	}
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && it[j].pfx == it[i].pfx; j++) {
			;
		}
		if (j - i > 1) {
			sort_items(t, it + i, j - i, depth + 8);
		}
	}
}

/* Compare the owner keys of two entries (prefix-free: see above). */
static int
owner_cmp(const struct dnstk_rrtab *t, const struct dnstk_rrtab_ent *a,
    const struct dnstk_rrtab_ent *b)
{
	size_t la = a->okey_len, lb = b->okey_len;
	int c = memcmp(ent_prefix(t, a), ent_prefix(t, b), la < lb ? la : lb);

	return c != 0 ? c : la < lb ? -1 : la > lb;
}

/*
 * Zones usually come with their names in canonical order (signers write
 * them so) but not the records of a name (an RRSIG after each RRset).
 * When one pass finds the names in order, sort only each name's records
 * among themselves, which gives the same order as a whole sort (the
 * owner key leads the key).  False (nothing moved) otherwise.
 */
/* The end of the run of entries from i that share i's owner. */
static size_t
owner_end(const struct dnstk_rrtab *t, size_t i)
{
	size_t j;

	for (j = i + 1; j < t->n && t->ent[j].okey_len == t->ent[i].okey_len &&
	    owner_cmp(t, &t->ent[i], &t->ent[j]) == 0; j++) {
		;
	}
	return j;
}

/* Sort entries [i, j) (of one owner) among themselves. */
static void
sort_name(struct dnstk_rrtab *t, size_t i, size_t j)
{
	struct dnstk_rrtab_ent tmp;
	size_t k, m;

	if (j - i > 32) {
		qsort(t->ent + i, j - i, sizeof(*t->ent), ent_compare);
		return;
	}
	/* a few records: insertion sort */
	for (k = i + 1; k < j; k++) {
		tmp = t->ent[k];
		for (m = k; m > i && ent_compare(&t->ent[m - 1], &tmp) > 0;
		    m--) {
			t->ent[m] = t->ent[m - 1];
		}
		t->ent[m] = tmp;
	}
}

/* With the names in order: sort each name's records among themselves. */
static void
sort_each_name(struct dnstk_rrtab *t)
{
	size_t i, j;

	for (i = 0; i < t->n; i = j) {
		j = owner_end(t, i);
		sort_name(t, i, j);
	}
}

/*
 * Zones usually come with their names in canonical order (signers write
 * them so) but not the records of a name (an RRSIG after each RRset).
 * When one pass finds the names in order, sort only each name's records
 * among themselves, which gives the same order as a whole sort (the
 * owner key leads the key).  False (nothing moved) otherwise.
 */
static bool
sort_by_name(struct dnstk_rrtab *t)
{
	size_t i;

	for (i = 1; i < t->n; i++) {
		if (owner_cmp(t, &t->ent[i - 1], &t->ent[i]) > 0) {
			return false;
		}
	}
	sort_each_name(t);
	return true;
}

/*
 * Put the entries in the order of it[] (position i takes entry
 * it[i].idx), in place, cycle by cycle; a done position gets idx == i.
 */
static void
permute(struct dnstk_rrtab *t, struct sort_item *it)
{
	struct dnstk_rrtab_ent tmp, *to;
	size_t i, j, k;

	to = malloc(t->n * sizeof(*to));
	if (to != NULL) {
		/* a copy: reads in any order, but no chains of moves */
		for (i = 0; i < t->n; i++) {
			to[i] = t->ent[it[i].idx];
		}
		free(t->ent);
		t->ent = to;
		t->cap = t->n;
		return;
	}

	for (i = 0; i < t->n; i++) {
		if (it[i].idx == i) {
			continue;
		}
		tmp = t->ent[i];
		j = i;
		while (it[j].idx != i) {
			k = it[j].idx;
			t->ent[j] = t->ent[k];
			it[j].idx = j;
			j = k;
		}
		t->ent[j] = tmp;
		it[j].idx = j;
	}
}

/*
 * Most names' records come together even where the names are out of
 * order (ldns-signzone writes each NSEC3 after the name it hashes): then
 * sort only the first entry of each run of one owner, move the runs into
 * that order, and sort each name's records (runs of one owner that meet
 * are one name by then).  False (nothing moved) when the runs are short
 * or there is no memory for the runs' ends.
 */
static bool
sort_by_runs(struct dnstk_rrtab *t, struct sort_item *it)
{
	size_t i, k, r = 0, pos, at, len, *end, *names, nn;

	for (i = 0; i < t->n && r * 3 < t->n * 2; i = owner_end(t, i)) {
		it[r++].idx = i;
	}
	if (i < t->n) {
		return false;	/* runs of one or two records: sort them all */
	}
	/* end[s]: where the run starting at entry s ends; names: where
	 * each name starts once the runs are in order */
	end = malloc(t->n * sizeof(*end));
	names = malloc((r + 1) * sizeof(*names));
	if (end == NULL || names == NULL) {
		free(end);
		free(names);
		return false;
	}
	for (k = 0; k < r; k++) {
		end[it[k].idx] = k + 1 < r ? it[k + 1].idx : t->n;
	}
	sort_items(t, it, r, 0);
	/* it[0, r) holds run starts in order; spread them, from the back */
	nn = r;
	names[nn] = t->n;
	for (i = r, pos = t->n; i > 0; i--) {
		if (i > SORT_AHEAD + 1) {
			key_prefetch(t, it[i - SORT_AHEAD - 2].idx);
		}
		at = it[i - 1].idx;
		len = end[at] - at;
		pos -= len;
		if (i == 1 || owner_cmp(t, &t->ent[it[i - 2].idx],
		    &t->ent[at]) != 0) {
			names[--nn] = pos;	/* a run of one owner meets it */
		}
		for (k = len; k > 0; k--) {
			it[pos + k - 1].idx = at + k - 1;
		}
	}
	free(end);
	permute(t, it);
	for (k = nn; k < r; k++) {
		if (k + SORT_AHEAD < r) {
			key_prefetch(t, names[k + SORT_AHEAD]);
			key_prefetch(t, names[k + SORT_AHEAD] + 1);
		}
		sort_name(t, names[k], names[k + 1]);
	}
	free(names);
	return true;
}

void
dnstk_rrtab_sort(struct dnstk_rrtab *t)
{
	struct sort_item *it;
	size_t i;

	if (t->n < 2) {
		return;
	}
	sort_tab = t;
	if (sort_by_name(t)) {
		sort_tab = NULL;
		return;
	}
	it = malloc(t->n * sizeof(*it));
	if (it == NULL) {
		/* no room for the items: sort the entries themselves */
		qsort(t->ent, t->n, sizeof(*t->ent), ent_compare);
		sort_tab = NULL;
		return;
	}
	if (!sort_by_runs(t, it)) {
		for (i = 0; i < t->n; i++) {
			it[i].idx = i;
		}
		sort_items(t, it, t->n, 0);
		permute(t, it);
	}
	sort_tab = NULL;
	free(it);
}
