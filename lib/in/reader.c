/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stream readers: the core (lines with SOURCE:LINE, the $INCLUDE stack,
 * form detection, the entry points).  The forms live beside it: hex.c,
 * json_in.c, master.c (RFC 1035 master files) and dig.c (dig-style
 * message blocks).  ldns parses single records; it has no reader for a
 * message block, for JSON or for a stream with line numbers.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "in/reader.h"
#include "in/reader_int.h"

static void ahead_rewind(struct dnstk_reader *r);

/* A file that $INCLUDE'd the one being read, saved to return to. */
struct dnstk_reader_level {
	FILE *fp;
	char source[DNSTK_ERR_SOURCE_MAX];
	unsigned long line;
	bool eof;
	bool owns_fp;
	bool may_include;
	ldns_rdf *origin;
	struct dnstk_reader_level *up;
};

/* Is `fp` a regular file (so $INCLUDE paths can be taken relative to
 * its name)?  Pipes, terminals and memory streams are not. */
static bool
regular_file(FILE *fp)
{
	struct stat st;
	int fd = fileno(fp);

	return fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

int
dnstk_reader_init(struct dnstk_reader *r, FILE *fp, const char *source,
    enum dnstk_form form)
{
	memset(r, 0, sizeof(*r));
	r->fp = fp;
	snprintf(r->source, sizeof(r->source), "%s", source);
	r->is_stdin = fp == stdin;
	r->may_include = !r->is_stdin && regular_file(fp);
	r->form = form;
	r->default_ttl = 3600;
	dnstk_buf_init(&r->joined);
	r->cap = 256;
	r->buf = malloc(r->cap);
	r->origin = ldns_dname_new_frm_str(".");
	if (r->buf == NULL || r->origin == NULL) {
		dnstk_reader_release(r);
		return DNSTK_ENOMEM;
	}
	r->buf[0] = '\0';
	return 0;
}

int
dnstk_reader_open(struct dnstk_reader *r, const char *name,
    enum dnstk_form form, struct dnstk_err *err)
{
	bool in = strcmp(name, "-") == 0;
	FILE *fp = in ? stdin : fopen(name, "r");
	int rc;

	if (fp == NULL) {
		return dnstk_err_set(err, -errno, NULL, 0,
		    "cannot open '%s': %s", name, strerror(errno));
	}
	rc = dnstk_reader_init(r, fp, in ? "stdin" : name, form);
	if (rc != 0) {
		if (!in) {
			fclose(fp);
		}
		return dnstk_err_set(err, rc, NULL, 0, "out of memory");
	}
	r->owns_fp = !in;
	return 0;
}

void
dnstk_reader_release(struct dnstk_reader *r)
{
	while (dnstk_in_pop(r)) {
		;
	}
	if (r->fp != NULL) {
		ahead_rewind(r);
	}
	free(r->ahead);
	r->ahead = NULL;
	if (r->owns_fp && r->fp != NULL) {
		fclose(r->fp);
	}
	r->fp = NULL;
	r->owns_fp = false;
	free(r->buf);
	r->buf = NULL;
	ldns_rdf_deep_free(r->origin);
	ldns_rdf_deep_free(r->prev);
	r->origin = NULL;
	r->prev = NULL;
	dnstk_buf_release(&r->joined);
}

void
dnstk_in_quote(char *out, size_t size, const char *s, size_t n)
{
	size_t o = 0, i;
	unsigned char c;

	for (i = 0; i < n && o + 5 < size; i++) {
		c = (unsigned char)s[i];
		if (c < 0x20 || c >= 0x7f) {
			snprintf(out + o, size - o, "\\%03u", c);
			o += 4;
		} else {
			out[o++] = (char)c;
		}
	}
	if (i < n && o + 4 < size) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

int
dnstk_in_fail(struct dnstk_reader *r, struct dnstk_err *err,
    unsigned long line, const char *fmt, const char *arg)
{
	char q[DNSTK_QUOTE_MAX * 4 + 8];

	arg = arg != NULL ? arg : "";
	dnstk_in_quote(q, sizeof(q), arg, strlen(arg));
	return dnstk_err_set(err, DNSTK_EINPUT, r->source, line, fmt, q);
}

int
dnstk_in_nomem(struct dnstk_reader *r, struct dnstk_err *err)
{
	return dnstk_err_set(err, DNSTK_ENOMEM, r->source, r->line,
	    "out of memory");
}

/* Make room in r->buf for n bytes and the NUL; 0 or an error. */
static int
line_room(struct dnstk_reader *r, size_t n, struct dnstk_err *err)
{
	char *p;
	size_t cap = r->cap;

	if (n + 1 <= cap) {
		return 0;
	}
	while (cap < n + 1) {
		cap *= 2;
	}
	p = realloc(r->buf, cap);
	if (p == NULL) {
		return dnstk_err_set(err, DNSTK_ENOMEM, r->source, r->line + 1,
		    "out of memory");
	}
	r->buf = p;
	r->cap = cap;
	return 0;
}

/* The line of n bytes in r->buf is complete: drop a CR, count it. */
static int
line_done(struct dnstk_reader *r, size_t n)
{
	if (n > 0 && r->buf[n - 1] == '\r') {
		n--;
	}
	r->buf[n] = '\0';
	r->len = n;
	r->line++;
	return 1;
}

static int
line_nul(struct dnstk_reader *r, struct dnstk_err *err)
{
	r->line++;
	return dnstk_err_set(err, DNSTK_EINPUT, r->source, r->line,
	    "NUL byte in input");
}

static int
line_long(struct dnstk_reader *r, struct dnstk_err *err)
{
	r->line++;
	return dnstk_err_set(err, DNSTK_EINPUT, r->source, r->line,
	    "line longer than %d bytes", DNSTK_LINE_MAX);
}

static int
line_read_error(struct dnstk_reader *r, struct dnstk_err *err)
{
	return dnstk_err_set(err, -EIO, r->source, 0, "read error: %s",
	    strerror(errno));
}

/* A line character by character: streams that are not regular files,
 * where a read must not wait for more than the line (a terminal, a
 * pipe), and memory streams. */
static int
line_getc(struct dnstk_reader *r, struct dnstk_err *err)
{
	size_t n = 0;
	int c, rc;

	while ((c = getc_unlocked(r->fp)) != EOF && c != '\n') {
		if (c == '\0') {
			return line_nul(r, err);
		}
		if (n + 1 >= DNSTK_LINE_MAX) {
			return line_long(r, err);
		}
		rc = line_room(r, n + 1, err);
		if (rc != 0) {
			return rc;
		}
		r->buf[n++] = (char)c;
	}
	if (c == EOF) {
		if (ferror(r->fp)) {
			return line_read_error(r, err);
		}
		r->eof = true;
		if (n == 0) {
			return 0;
		}
	}
	return line_done(r, n);
}

#define AHEAD_SIZE (256 * 1024)	/* read-ahead block of a regular file */

/*
 * A line from the read-ahead block of a regular file: memchr finds its
 * end instead of a getc per byte.  The same lines, line numbers and
 * errors as line_getc(): a NUL among the first DNSTK_LINE_MAX bytes, or
 * no newline among them, is an error at that line.
 */
static int
line_ahead(struct dnstk_reader *r, struct dnstk_err *err)
{
	size_t n = 0, seg, lim, k;
	const char *p, *nl;
	int rc;

	for (;;) {
		if (r->ahead_pos == r->ahead_len) {
			k = fread(r->ahead, 1, AHEAD_SIZE, r->fp);
			r->ahead_pos = 0;
			r->ahead_len = k;
			if (k == 0 && ferror(r->fp)) {
				return line_read_error(r, err);
			}
			if (k == 0) {
				r->eof = true;
				return n == 0 ? 0 : line_done(r, n);
			}
		}
		p = r->ahead + r->ahead_pos;
		lim = r->ahead_len - r->ahead_pos;
		lim = lim < DNSTK_LINE_MAX - n ? lim : DNSTK_LINE_MAX - n;
		nl = memchr(p, '\n', lim);
		seg = nl != NULL ? (size_t)(nl - p) : lim;
		if (memchr(p, '\0', seg) != NULL) {
			r->ahead_pos += (size_t)((const char *)memchr(p, '\0',
			    seg) - p) + 1;
			return line_nul(r, err);
		}
		if (nl == NULL && n + seg == DNSTK_LINE_MAX) {
			r->ahead_pos += seg;
			return line_long(r, err);
		}
		rc = line_room(r, n + seg, err);
		if (rc != 0) {
			return rc;
		}
		memcpy(r->buf + n, p, seg);
		n += seg;
		r->ahead_pos += seg + (nl != NULL);
		if (nl != NULL) {
			return line_done(r, n);
		}
	}
}

/*
 * Give back to r->fp the bytes read ahead and not used, so that its
 * position is where the lines read end (a caller may read on, and an
 * $INCLUDE'd file's includer resumes there); the next line decides
 * anew how to read.
 */
static void
ahead_rewind(struct dnstk_reader *r)
{
	if (r->ahead_mode == 1 && r->ahead_len > r->ahead_pos) {
		(void)fseeko(r->fp, -(off_t)(r->ahead_len - r->ahead_pos),
		    SEEK_CUR);
	}
	r->ahead_pos = 0;
	r->ahead_len = 0;
	r->ahead_mode = 0;
}

int
dnstk_in_line(struct dnstk_reader *r, struct dnstk_err *err)
{
	if (r->pushed) {
		r->pushed = false;
		return 1;
	}
	if (r->eof) {
		return 0;
	}
	if (r->ahead_mode == 0) {
		r->ahead_mode = -1;
		if (regular_file(r->fp)) {
			if (r->ahead == NULL) {
				r->ahead = malloc(AHEAD_SIZE);
			}
			r->ahead_mode = r->ahead != NULL ? 1 : -1;
		}
	}
	return r->ahead_mode == 1 ? line_ahead(r, err) : line_getc(r, err);
}

void
dnstk_in_push_back(struct dnstk_reader *r)
{
	r->pushed = true;
}

bool
dnstk_in_blank(const char *s)
{
	while (*s == ' ' || *s == '\t') {
		s++;
	}
	return *s == '\0';
}

/* ---- $INCLUDE ---------------------------------------------------------- */

bool
dnstk_in_pop(struct dnstk_reader *r)
{
	struct dnstk_reader_level *l = r->up;

	if (l == NULL) {
		return false;
	}
	ahead_rewind(r);	/* the includer reads on from its own place */
	if (r->owns_fp) {
		fclose(r->fp);
	}
	r->fp = l->fp;
	memcpy(r->source, l->source, sizeof(r->source));
	r->line = l->line;
	r->eof = l->eof;
	r->owns_fp = l->owns_fp;
	r->may_include = l->may_include;
	ldns_rdf_deep_free(r->origin);
	r->origin = l->origin;	/* RFC 1035 §5.1: the origin comes back */
	r->up = l->up;
	r->depth--;
	free(l);
	return true;
}

/*
 * `name` relative to the directory of r->source, into `out`.  A source
 * name that filled r->source may have been cut short, so its directory
 * is not known: a relative name is refused then, never looked up in
 * another directory.
 */
static int
include_path(struct dnstk_reader *r, const char *name, char *out,
    size_t size)
{
	const char *slash = strrchr(r->source, '/');
	int n;

	if (name[0] != '/' && strlen(r->source) + 1 >= sizeof(r->source)) {
		return -1;
	}
	if (name[0] == '/' || slash == NULL) {
		n = snprintf(out, size, "%s", name);
	} else {
		n = snprintf(out, size, "%.*s/%s", (int)(slash - r->source),
		    r->source, name);
	}
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

int
dnstk_in_include(struct dnstk_reader *r, const char *name, ldns_rdf *origin,
    unsigned long line, struct dnstk_err *err)
{
	struct dnstk_reader_level *l;
	char path[DNSTK_ERR_SOURCE_MAX], q[DNSTK_ERR_SOURCE_MAX];
	FILE *fp;
	int e;

	if (!r->may_include) {
		ldns_rdf_deep_free(origin);
		return dnstk_in_fail(r, err, line, r->is_stdin ||
		    strcmp(r->source, "stdin") == 0 ?
		    "$INCLUDE is refused on stdin%s" :
		    "$INCLUDE is refused in a stream that is not a file%s",
		    "");
	}
	if (r->depth >= DNSTK_INCLUDE_DEPTH) {
		ldns_rdf_deep_free(origin);
		return dnstk_err_set(err, DNSTK_EINPUT, r->source, line,
		    "$INCLUDE nested more than %d deep", DNSTK_INCLUDE_DEPTH);
	}
	if (include_path(r, name, path, sizeof(path)) != 0) {
		ldns_rdf_deep_free(origin);
		return dnstk_in_fail(r, err, line, "$INCLUDE file name '%s' "
		    "is too long (with the including file's directory)", name);
	}
	l = calloc(1, sizeof(*l));
	if (l == NULL) {
		ldns_rdf_deep_free(origin);
		return dnstk_in_nomem(r, err);
	}
	fp = fopen(path, "r");
	if (fp == NULL) {
		e = errno;
		ldns_rdf_deep_free(origin);
		free(l);
		dnstk_in_quote(q, sizeof(q), path, strlen(path));
		return dnstk_err_set(err, -e, r->source, line,
		    "cannot open '%s': %s", q, strerror(e));
	}
	ahead_rewind(r);	/* back to where its lines end, for later */
	l->fp = r->fp;
	memcpy(l->source, r->source, sizeof(l->source));
	l->line = r->line;
	l->eof = r->eof;
	l->owns_fp = r->owns_fp;
	l->may_include = r->may_include;
	l->origin = r->origin;
	l->up = r->up;
	r->up = l;
	r->depth++;
	r->fp = fp;
	snprintf(r->source, sizeof(r->source), "%s", path);
	r->line = 0;
	r->eof = false;
	r->owns_fp = true;
	r->may_include = regular_file(fp);
	r->origin = origin != NULL ? origin : ldns_rdf_clone(l->origin);
	if (r->origin == NULL) {
		dnstk_in_pop(r);
		return dnstk_in_nomem(r, err);
	}
	return 0;
}

/* ---- detection and entry points --------------------------------------- */

/* Is the line (with '#' comments cut off) only hex digits and blanks? */
static bool
hex_line(const char *s)
{
	bool digit = false;

	for (; *s != '\0' && *s != '#'; s++) {
		if (isxdigit((unsigned char)*s)) {
			digit = true;
		} else if (*s != ' ' && *s != '\t') {
			return false;
		}
	}
	return digit;
}

/* Find the first significant line and decide the stream's form. */
static int
detect(struct dnstk_reader *r, struct dnstk_err *err)
{
	const char *s;
	int rc;

	while ((rc = dnstk_in_line(r, err)) == 1) {
		s = r->buf;
		while (*s == ' ' || *s == '\t') {
			s++;
		}
		if (*s == '\0' || *s == '#') {
			continue;
		}
		if (*s == '{') {
			r->form = DNSTK_FORM_JSON;
		} else if (hex_line(s)) {
			r->form = DNSTK_FORM_HEX;
		} else {
			r->form = DNSTK_FORM_TEXT;
		}
		dnstk_in_push_back(r);
		return 1;
	}
	return rc;
}

/* The unit readers of each form, indexed by enum dnstk_form. */
static const struct {
	int (*msg)(struct dnstk_reader *, struct dnstk_msg **,
	    struct dnstk_err *);
	int (*rr)(struct dnstk_reader *, ldns_rr **, struct dnstk_err *);
} form_readers[] = {
	[DNSTK_FORM_TEXT] = { dnstk_in_text_msg, dnstk_in_text_rr },
	[DNSTK_FORM_HEX] = { dnstk_in_hex_msg, dnstk_in_hex_rr },
	[DNSTK_FORM_JSON] = { dnstk_in_json_msg, dnstk_in_json_rr },
};

/* 1 when r->form is known (detected from the input if need be), 0 at
 * the end of the input, or a negative DNSTK_E* code. */
static int
known_form(struct dnstk_reader *r, struct dnstk_err *err)
{
	return r->form == DNSTK_FORM_AUTO ? detect(r, err) : 1;
}

int
dnstk_reader_msg(struct dnstk_reader *r, struct dnstk_msg **out,
    struct dnstk_err *err)
{
	int rc = known_form(r, err);

	return rc <= 0 ? rc : form_readers[r->form].msg(r, out, err);
}

int
dnstk_reader_rr(struct dnstk_reader *r, ldns_rr **out, struct dnstk_err *err)
{
	int rc = known_form(r, err);

	return rc <= 0 ? rc : form_readers[r->form].rr(r, out, err);
}
