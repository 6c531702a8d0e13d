/* SPDX-License-Identifier: BSD-3-Clause */
/* Section selection and U-label output over text answers (dig-like). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <idn2.h>

#include "dns/msg.h"
#include "out/text_show.h"
#include "util/err.h"
#include "util/str.h"

static const struct dnstk_word show_names[] = {
	{ "comments", DNSTK_SHOW_COMMENTS },
	{ "question", DNSTK_SHOW_QUESTION },
	{ "answer", DNSTK_SHOW_ANSWER },
	{ "authority", DNSTK_SHOW_AUTHORITY },
	{ "additional", DNSTK_SHOW_ADDITIONAL },
	{ "stats", DNSTK_SHOW_STATS },
	{ "all", DNSTK_SHOW_ALL },
};

int
dnstk_show_parse(unsigned *mask, const char *list, const char **why)
{
	const struct dnstk_word *w;
	const char *p = list, *e;
	size_t n;

	*mask = 0;
	do {
		e = strchr(p, ',');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		w = dnstk_word_find(show_names, sizeof(show_names) /
		    sizeof(show_names[0]), p, n);
		if (w == NULL) {
			*why = "not a list of comments, question, answer, "
			    "authority, additional, stats or all";
			return DNSTK_EUSAGE;
		}
		*mask |= (unsigned)w->value;
		p = e != NULL ? e + 1 : NULL;
	} while (p != NULL);
	return 0;
}

/* The part a line of a text answer starts, or 0 when it starts none. */
static unsigned
part_of_title(const char *line, size_t n)
{
	static const struct dnstk_word titles[] = {
		{ ";; Query time:", DNSTK_SHOW_STATS },
		{ ";; ->>HEADER<<-", DNSTK_SHOW_COMMENTS },
	};
	const struct dnstk_word *w;
	int sec = dnstk_section_title(line, n);

	if (sec >= 0) {
		return DNSTK_SHOW_QUESTION << sec;
	}
	w = dnstk_word_prefix(titles, sizeof(titles) / sizeof(titles[0]),
	    line, n);
	return w != NULL ? (unsigned)w->value : 0;
}

/* Whether `c` may be part of a host name in presentation form. */
static bool
host_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/* Whether `w` has a label starting "xn--" (any case). */
static bool
has_alabel(const char *w)
{
	const char *p;

	for (p = w; *p != '\0'; p++) {
		if ((p == w || p[-1] == '.') && strncasecmp(p, "xn--", 4) == 0) {
			return true;
		}
	}
	return false;
}

/*
 * Append the line `p` (n bytes, no newline) to `out`, each host-name
 * word with an "xn--" label as its U-labels; text in double quotes
 * (TXT strings and the like) stays as it is.
 */
static int
add_unicode(struct dnstk_buf *out, const char *p, size_t n)
{
	char word[1100];
	char *u;
	size_t i = 0, j;
	bool quoted = false;	/* inside a <character-string> */
	int r = 0;

	while (i < n && r == 0) {
		for (j = i; j < n && !quoted && host_char(p[j]); j++) {
		}
		if (j == i) {
			if (p[i] == '\\' && i + 1 < n) {
				r = dnstk_buf_addc(out, p[i++]);
			} else if (p[i] == '"') {
				quoted = !quoted;
			}
			r = r == 0 ? dnstk_buf_addc(out, p[i++]) : r;
			continue;
		}
		u = NULL;
		if (j - i < sizeof(word)) {
			memcpy(word, p + i, j - i);
			word[j - i] = '\0';
			if (has_alabel(word) &&
			    idn2_to_unicode_8z8z(word, &u, 0) != IDN2_OK) {
				u = NULL;
			}
		}
		r = u != NULL ? dnstk_buf_adds(out, u) :
		    dnstk_buf_add(out, p + i, j - i);
		idn2_free(u);
		i = j;
	}
	return r;
}

int
dnstk_text_show(struct dnstk_buf *b, size_t start, unsigned show,
    bool idnout)
{
	struct dnstk_buf out;
	const char *p, *nl, *end = b->data + b->len;
	unsigned part = DNSTK_SHOW_COMMENTS, t;
	bool keep, title;
	size_t n;
	int r = 0;

	dnstk_buf_init(&out);
	for (p = b->data + start; p < end && r == 0; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		nl = nl != NULL ? nl : end;
		n = (size_t)(nl - p);
		t = part_of_title(p, n);
		part = t != 0 ? t : part;
		/* A section title is a comment of the section it opens. */
		title = t != 0 && t != DNSTK_SHOW_STATS &&
		    t != DNSTK_SHOW_COMMENTS;
		if (n == 0) {
			/* dig ends the stats with it too (+noall +stats) */
			keep = (show & (DNSTK_SHOW_COMMENTS |
			    DNSTK_SHOW_STATS)) != 0;
			part = DNSTK_SHOW_COMMENTS;	/* the next block */
		} else if (title) {
			keep = (show & part) != 0 &&
			    (show & DNSTK_SHOW_COMMENTS) != 0;
		} else {
			keep = (show & part) != 0;
		}
		if (!keep) {
			continue;
		}
		r = idnout ? add_unicode(&out, p, n) : dnstk_buf_add(&out, p,
		    n);
		if (r == 0 && nl < end) {
			r = dnstk_buf_addc(&out, '\n');
		}
	}
	/* Room first: past it the copy back cannot fail. */
	r = r == 0 ? dnstk_buf_grow(b, out.len) : r;
	if (r == 0) {
		dnstk_buf_truncate(b, start);
		r = dnstk_buf_add(b, out.data, out.len);
	}
	dnstk_buf_release(&out);
	return r;
}
