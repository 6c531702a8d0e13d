/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Loading a zone through the stream reader.  Whether a source holds
 * messages or records must be known before the reader starts, so the
 * first significant lines are read ahead into a buffer and the reader is
 * given the source again from where it was when it can seek, else a
 * stream that returns them and then the rest of the source (fopencookie:
 * stdio cannot push back more than one byte).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dns/msg.h"
#include "in/reader.h"
#include "util/json.h"
#include "util/num.h"
#include "zone/zone.h"

/* Read ahead at most this much looking for the first significant line. */
#define PEEK_MAX (1024 * 1024)
#define STREAM_BUF (64 * 1024)

void
dnstk_zone_load_opts_init(struct dnstk_zone_load_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->form = DNSTK_FORM_AUTO;
	o->section = DNSTK_ZONE_ALL_SECTIONS;
}

void
dnstk_zone_init(struct dnstk_zone *z)
{
	memset(z, 0, sizeof(*z));
	dnstk_rrtab_init(&z->tab);
}

void
dnstk_zone_release(struct dnstk_zone *z)
{
	dnstk_zone_sources_release(&z->src);
	ldns_rdf_deep_free(z->origin);
	ldns_rdf_deep_free(z->directive);
	dnstk_rrtab_release(&z->tab);
	dnstk_zone_init(z);
}

/* ---- read-ahead stream ------------------------------------------------ */

struct peek {
	FILE *fp;		/* the source */
	struct dnstk_buf head;	/* lines read ahead */
	size_t pos;		/* of head returned so far */
	int err;		/* errno of the first read error */
	bool nomem;		/* the read-ahead ran out of memory */
};

static ssize_t
peek_read(void *cookie, char *out, size_t n)
{
	struct peek *p = cookie;
	size_t k;

	if (p->pos < p->head.len) {
		k = p->head.len - p->pos;
		k = k < n ? k : n;
		memcpy(out, p->head.data + p->pos, k);
		p->pos += k;
		return (ssize_t)k;
	}
	k = fread(out, 1, n, p->fp);
	if (k == 0 && ferror(p->fp)) {
		errno = p->err = errno != 0 ? errno : EIO;
		return -1;
	}
	return (ssize_t)k;
}

/*
 * Read the next line of the source into p->head; returns its start, or
 * NULL at the end, on a read error (p->err), when out of memory
 * (p->nomem) or at PEEK_MAX (what was read stays in p->head).
 */
static const char *
peek_line(struct peek *p, size_t *len)
{
	size_t start = p->head.len;
	int c = EOF;

	errno = 0;
	while (p->head.len < PEEK_MAX && (c = getc(p->fp)) != EOF) {
		if (dnstk_buf_addc(&p->head, (char)c) != 0) {
			p->nomem = true;
			return NULL;
		}
		if (c == '\n') {
			break;
		}
	}
	if (c == EOF && ferror(p->fp)) {
		p->err = errno != 0 ? errno : EIO;
		return NULL;
	}
	*len = p->head.len - start;
	return *len == 0 || (c != '\n' && c != EOF) ? NULL :
	    p->head.data + start;
}

/* ---- does the source hold messages? ------------------------------------ */

static bool
blank_line(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!isspace((unsigned char)s[i])) {
			return false;
		}
	}
	return true;
}

/* A line of only hex digits and blanks before any '#', as the reader. */
static bool
hex_line(const char *s, size_t n, bool *empty)
{
	size_t i;

	*empty = true;
	for (i = 0; i < n && s[i] != '#'; i++) {
		if (isxdigit((unsigned char)s[i])) {
			*empty = false;
		} else if (!isspace((unsigned char)s[i])) {
			return false;
		}
	}
	return true;
}

/* Is the hex line a whole wire message?  Decoded by dnstk_hex_decode. */
static bool
hex_is_message(const char *s, size_t n)
{
	struct dnstk_buf digits, w;
	struct dnstk_msg *m = NULL;
	struct dnstk_err e = DNSTK_ERR_INIT;
	size_t i;
	long k;
	bool ok = false;

	dnstk_buf_init(&digits);
	dnstk_buf_init(&w);
	for (i = 0; i < n && s[i] != '#'; i++) {
		if (isxdigit((unsigned char)s[i]) &&
		    dnstk_buf_addc(&digits, s[i]) != 0) {
			goto out;
		}
	}
	if (dnstk_buf_grow(&w, digits.len / 2 + 1) != 0) {
		goto out;
	}
	k = dnstk_hex_decode((uint8_t *)w.data, w.cap, digits.data,
	    digits.len);
	ok = k >= 0 && dnstk_msg_from_wire(&m, (uint8_t *)w.data, (size_t)k,
	    &e) == 0;
out:
	dnstk_msg_free(m);
	dnstk_buf_release(&digits);
	dnstk_buf_release(&w);
	return ok;
}

static bool
json_is_message(const char *s, size_t n)
{
	struct dnstk_json *j = NULL;
	const char *why;
	bool ok;

	if (dnstk_json_parse(&j, s, n, &why) != 0) {
		return false;	/* the reader will say what is wrong */
	}
	ok = dnstk_json_get(j, "ID") != NULL;
	dnstk_json_free(j);
	return ok;
}

/*
 * Read ahead to the first significant line (for text, past the leading
 * comment lines, where dig puts its header) and decide.
 */
static bool
holds_messages(struct peek *p, const struct dnstk_zone_load_opts *o)
{
	const char *s;
	bool empty;
	size_t n;

	while ((s = peek_line(p, &n)) != NULL) {
		if (blank_line(s, n)) {
			continue;
		}
		if (o->form == DNSTK_FORM_JSON ||
		    (o->form == DNSTK_FORM_AUTO && s[0] == '{')) {
			return json_is_message(s, n);
		}
		if (o->form == DNSTK_FORM_HEX || (o->form == DNSTK_FORM_AUTO &&
		    hex_line(s, n, &empty))) {
			if (o->form == DNSTK_FORM_HEX || !empty) {
				return hex_is_message(s, n);
			}
			continue;	/* a '#' comment line */
		}
		if (n >= 15 && strncmp(s, ";; ->>HEADER<<-", 15) == 0) {
			return true;
		}
		if (s[0] != ';') {
			return false;
		}
	}
	return false;
}

/* ---- adding records ----------------------------------------------------- */

/* The result `r` of adding a record of source src at `line`, said. */
static int
added(const struct dnstk_zone *z, int r, uint32_t src, unsigned long line,
    struct dnstk_err *err)
{
	if (r == DNSTK_EINPUT) {
		return dnstk_err_set(err, r, z->src.v[src], line,
		    "record cannot be put in wire form");
	}
	if (r != 0) {
		return dnstk_err_set(err, r, NULL, 0, "out of memory");
	}
	return 0;
}

static int
add_rr(struct dnstk_zone *z, const ldns_rr *rr, uint32_t src,
    unsigned long line, struct dnstk_err *err)
{
	return added(z, dnstk_rrtab_add(&z->tab, rr, src, (uint32_t)line), src,
	    line, err);
}

static int
add_msg(struct dnstk_zone *z, const struct dnstk_msg *m, uint32_t src,
    unsigned long line, int section, struct dnstk_err *err)
{
	const ldns_rr *rr;
	size_t i;
	int s, r;

	for (s = DNSTK_SEC_ANSWER; s < DNSTK_SEC_COUNT; s++) {
		if (section != DNSTK_ZONE_ALL_SECTIONS && section != s) {
			continue;
		}
		for (i = 0; i < ldns_rr_list_rr_count(m->sec[s]); i++) {
			rr = ldns_rr_list_rr(m->sec[s], i);
			/* OPT is a pseudo-record, not data to sort */
			if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_OPT) {
				continue;
			}
			r = add_rr(z, rr, src, line, err);
			if (r != 0) {
				return r;
			}
		}
	}
	return 0;
}

static int read_each(struct dnstk_zone *z, struct dnstk_reader *r, bool msgs,
    uint32_t top, int section, struct dnstk_buf *rec, struct dnstk_err *err);

/*
 * The source index of the unit the reader returned last: `top`'s file,
 * or one it reads through $INCLUDE (each file named once).
 */
static int
unit_source(struct dnstk_zone *z, const struct dnstk_reader *r,
    uint32_t top, uint32_t *src)
{
	if ((r->depth == 0 && *src == top) ||
	    strcmp(r->source, z->src.v[*src]) == 0) {
		return 0;
	}
	return dnstk_zone_sources_number(&z->src, r->source, top, src);
}

/* The record in wire form `rec` into the table. */
static int
add_wire(struct dnstk_zone *z, const struct dnstk_buf *rec, uint32_t src,
    unsigned long line, struct dnstk_err *err)
{
	return added(z, dnstk_rrtab_add_wire(&z->tab, (const uint8_t *)
	    rec->data, rec->len, src, (uint32_t)line), src, line, err);
}

/* Read every unit of `r` into the zone; `top` is the source's index. */
static int
read_units(struct dnstk_zone *z, struct dnstk_reader *r, bool msgs,
    uint32_t top, int section, struct dnstk_err *err)
{
	struct dnstk_buf rec;
	int rc;

	/* records in wire form: master files skip ldns (lib/in/fastrr.h) */
	dnstk_buf_init(&rec);
	rc = read_each(z, r, msgs, top, section, &rec, err);
	dnstk_buf_release(&rec);
	return rc;
}

/* read_units() with a buffer for the records. */
static int
read_each(struct dnstk_zone *z, struct dnstk_reader *r, bool msgs,
    uint32_t top, int section, struct dnstk_buf *rec, struct dnstk_err *err)
{
	struct dnstk_msg *m;
	uint32_t src = top;
	int rc;

	for (;;) {
		if (msgs) {
			m = NULL;
			rc = dnstk_reader_msg(r, &m, err);
			if (rc != 1) {
				return rc;
			}
			rc = add_msg(z, m, src, r->unit_line, section, err);
			dnstk_msg_free(m);
		} else {
			rc = dnstk_reader_rr_wire(r, rec, err);
			if (rc != 1) {
				return rc;
			}
			rc = unit_source(z, r, top, &src);
			rc = rc != 0 ? dnstk_err_set(err, rc, NULL, 0,
			    "out of memory") : add_wire(z, rec, src,
			    r->unit_line, err);
		}
		if (rc != 0) {
			return rc;
		}
		/* remember the first $ORIGIN: an origin for a zone without
		 * an SOA */
		if (z->directive == NULL && r->origin != NULL &&
		    ldns_rdf_size(r->origin) > 1 &&
		    (z->directive = ldns_rdf_clone(r->origin)) == NULL) {
			return dnstk_err_set(err, DNSTK_ENOMEM, NULL, 0,
			    "out of memory");
		}
	}
}

/* Remember `source`; its index in *src. */
int
dnstk_zone_sources_number(struct dnstk_zone_sources *s, const char *name,
    size_t from, uint32_t *src)
{
	char **v;
	size_t i;

	for (i = from; i < s->n; i++) {
		if (strcmp(s->v[i], name) == 0) {
			*src = (uint32_t)i;
			return 0;
		}
	}
	v = realloc(s->v, (s->n + 1) * sizeof(*v));
	if (v == NULL) {
		return DNSTK_ENOMEM;
	}
	s->v = v;
	if ((v[s->n] = strdup(name)) == NULL) {
		return DNSTK_ENOMEM;
	}
	*src = (uint32_t)s->n++;
	return 0;
}

const char *
dnstk_zone_sources_name(const struct dnstk_zone_sources *s, uint32_t src,
    const char *none)
{
	return src < s->n ? s->v[src] : none;
}

void
dnstk_zone_sources_release(struct dnstk_zone_sources *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->v[i]);
	}
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

static int
read_error(struct dnstk_err *err, int e, const char *source)
{
	return dnstk_err_set(err, -e, NULL, 0, "cannot read '%s': %s",
	    source, strerror(e));
}

int
dnstk_zone_load(struct dnstk_zone *z, FILE *fp, const char *source,
    const struct dnstk_zone_load_opts *o, struct dnstk_err *err)
{
	static const cookie_io_functions_t io = { peek_read, NULL, NULL,
	    NULL };
	struct peek p = { fp, { NULL, 0, 0 }, 0, 0, false };
	struct dnstk_reader r;
	FILE *in = NULL;
	off_t at;
	uint32_t src;
	bool msgs, inited = false;
	int rc;

	z->sorted = false;
	at = ftello(fp);
	dnstk_buf_init(&p.head);
	if (dnstk_zone_sources_number(&z->src, source, z->src.n, &src) != 0) {
		return dnstk_err_set(err, DNSTK_ENOMEM, NULL, 0,
		    "out of memory");
	}
	msgs = holds_messages(&p, o) || o->messages;
	if (p.err != 0 || p.nomem) {
		rc = p.nomem ? dnstk_err_set(err, DNSTK_ENOMEM, NULL, 0,
		    "out of memory") : read_error(err, p.err, source);
		goto out;
	}
	/* a seekable source is read again from where it was; a pipe
	 * through the read-ahead */
	if (at >= 0 && fseeko(fp, at, SEEK_SET) == 0) {
		in = fp;
	} else {
		in = fopencookie(&p, "r", io);
		if (in != NULL && setvbuf(in, NULL, _IOFBF, STREAM_BUF) != 0) {
			fclose(in);
			in = NULL;
		}
	}
	if (in == NULL || dnstk_reader_init(&r, in, source, o->form) != 0) {
		rc = dnstk_err_set(err, DNSTK_ENOMEM, NULL, 0,
		    "out of memory");
		goto out;
	}
	inited = true;
	if (o->origin != NULL) {
		ldns_rdf_deep_free(r.origin);
		r.origin = ldns_rdf_clone(o->origin);
		if (z->origin == NULL && (z->origin =
		    ldns_rdf_clone(o->origin)) != NULL) {
			ldns_dname2canonical(z->origin);
		}
		if (r.origin == NULL || z->origin == NULL) {
			rc = dnstk_err_set(err, DNSTK_ENOMEM, NULL, 0,
			    "out of memory");
			goto out;
		}
	}
	rc = read_units(z, &r, msgs, src, o->section, err);
	if (rc < 0 && p.err != 0) {
		rc = read_error(err, p.err, source);
	}
out:
	if (inited) {
		dnstk_reader_release(&r);
	}
	if (in != NULL && in != fp) {
		fclose(in);
	}
	dnstk_buf_release(&p.head);
	return rc < 0 ? rc : 0;
}

int
dnstk_zone_load_file(struct dnstk_zone *z, const char *path,
    const struct dnstk_zone_load_opts *o, struct dnstk_err *err)
{
	struct stat st;
	FILE *fp;
	int rc;

	if (strcmp(path, "-") == 0) {
		return dnstk_zone_load(z, stdin, "stdin", o, err);
	}
	fp = fopen(path, "r");
	if (fp == NULL) {
		return dnstk_err_set(err, -errno, NULL, 0,
		    "cannot open '%s': %s", path, strerror(errno));
	}
	if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(fp);
		return read_error(err, EISDIR, path);
	}
	rc = dnstk_zone_load(z, fp, path, o, err);
	fclose(fp);
	return rc;
}
