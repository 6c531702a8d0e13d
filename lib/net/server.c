/* SPDX-License-Identifier: BSD-3-Clause */
/* Parse and resolve name server addresses; read /etc/resolv.conf. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/server.h"

bool
dnstk_addr_unbracket(char *dst, size_t cap, const char *text)
{
	size_t n = strlen(text);

	if (n > 2 && text[0] == '[' && text[n - 1] == ']') {
		text++;
		n -= 2;
	}
	if (n >= cap) {
		return false;
	}
	memcpy(dst, text, n);
	dst[n] = '\0';
	return true;
}

int
dnstk_addr_parse(struct sockaddr_storage *ss, socklen_t *len,
    const char *text)
{
	struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, text, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		*len = sizeof(*v4);
		return 1;
	}
	if (inet_pton(AF_INET6, text, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		*len = sizeof(*v6);
		return 1;
	}
	return 0;
}

void
dnstk_addr_set_port(struct sockaddr_storage *ss, uint16_t port)
{
	if (ss->ss_family == AF_INET) {
		((struct sockaddr_in *)ss)->sin_port = htons(port);
	} else {
		((struct sockaddr_in6 *)ss)->sin6_port = htons(port);
	}
}

static void
set_port(struct dnstk_server *s, uint16_t port)
{
	s->port = port;
	dnstk_addr_set_port(&s->addr, port);
}

static void
set_text(struct dnstk_server *s)
{
	const void *a;

	if (s->addr.ss_family == AF_INET) {
		a = &((struct sockaddr_in *)&s->addr)->sin_addr;
	} else {
		a = &((struct sockaddr_in6 *)&s->addr)->sin6_addr;
	}
	if (inet_ntop(s->addr.ss_family, a, s->text, sizeof(s->text)) ==
	    NULL) {
		snprintf(s->text, sizeof(s->text), "?");
	}
}

/* Try `spec` as a numeric address; 1 when it is one. */
static int
numeric(struct dnstk_server *out, const char *spec)
{
	char tmp[DNSTK_SERVER_NAME_MAX];

	return dnstk_addr_unbracket(tmp, sizeof(tmp), spec) &&
	    dnstk_addr_parse(&out->addr, &out->addrlen, tmp);
}

int
dnstk_server_resolve(struct dnstk_server *out, const char *spec,
    uint16_t port, int family, struct dnstk_err *err)
{
	struct addrinfo hints, *res = NULL, *ai;
	int rc;

	memset(out, 0, sizeof(*out));
	snprintf(out->name, sizeof(out->name), "%s", spec);
	if (numeric(out, spec)) {
		if (family != AF_UNSPEC && out->addr.ss_family != family) {
			return dnstk_err_set(err, DNSTK_EUSAGE, NULL, 0,
			    "server '%s' is not an IPv%c address", spec,
			    family == AF_INET ? '4' : '6');
		}
		set_port(out, port);
		set_text(out);
		return 0;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = family;
	hints.ai_socktype = SOCK_DGRAM;
	rc = getaddrinfo(spec, NULL, &hints, &res);
	if (rc != 0) {
		return dnstk_err_set(err, DNSTK_ENET, NULL, 0,
		    "cannot resolve server '%s': %s", spec, gai_strerror(rc));
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if ((ai->ai_family == AF_INET || ai->ai_family == AF_INET6) &&
		    ai->ai_addrlen <= sizeof(out->addr)) {
			break;
		}
	}
	if (ai == NULL) {
		freeaddrinfo(res);
		return dnstk_err_set(err, DNSTK_ENET, NULL, 0,
		    "server '%s' has no usable address", spec);
	}
	memcpy(&out->addr, ai->ai_addr, ai->ai_addrlen);
	out->addrlen = ai->ai_addrlen;
	freeaddrinfo(res);
	set_port(out, port);
	set_text(out);
	return 0;
}

/* Skip blanks. */
static char *
skip_blank(char *p)
{
	while (*p == ' ' || *p == '\t') {
		p++;
	}
	return p;
}

/* The word at *pp, cut at a blank, a comment or the end; *pp moves on. */
static char *
word(char **pp)
{
	char *p = skip_blank(*pp), *e;

	for (e = p; *e != '\0' && !isspace((unsigned char)*e) &&
	    *e != '#' && *e != ';'; e++) {
		continue;
	}
	if (*e == '#' || *e == ';' || *e == '\0') {
		*e = '\0';	/* a comment runs to the end of the line */
		*pp = e;
	} else {
		*e = '\0';
		*pp = e + 1;
	}
	return p;
}

/* "timeout:N" or "attempts:N" of an options line, bounded. */
static void
resolv_option(struct dnstk_resolv *rv, const char *w)
{
	const char *v;
	long n;
	char *end;

	if (strncmp(w, "timeout:", 8) == 0) {
		v = w + 8;
	} else if (strncmp(w, "attempts:", 9) == 0) {
		v = w + 9;
	} else {
		return;
	}
	n = strtol(v, &end, 10);
	if (end == v || *end != '\0' || n < 0) {
		return;	/* as glibc: an option it cannot read is ignored */
	}
	if (w[0] == 't') {
		n = n < 1 ? 1 : n > 30 ? 30 : n;
		rv->timeout_ms = (int)n * 1000;
	} else {
		n = n < 1 ? 1 : n > 5 ? 5 : n;
		rv->attempts = (int)n;
	}
}

int
dnstk_resolv_read(struct dnstk_resolv *rv, const char *path, uint16_t port,
    int family, struct dnstk_err *err)
{
	char line[512], *p, *w, *e;
	struct dnstk_server *s;
	FILE *fp;

	memset(rv, 0, sizeof(*rv));
	fp = fopen(path, "r");
	if (fp == NULL) {
		return dnstk_err_set(err, DNSTK_ENET, NULL, 0,
		    "cannot read '%s': %s", path, strerror(errno));
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		p = line;
		w = word(&p);
		if (strcmp(w, "options") == 0) {
			while (*(w = word(&p)) != '\0') {
				resolv_option(rv, w);
			}
			continue;
		}
		if (strcmp(w, "nameserver") != 0 || rv->n == DNSTK_RESOLV_MAX) {
			continue;
		}
		w = word(&p);
		/* Link-local scope suffixes ("fe80::1%eth0") are not kept. */
		if ((e = strchr(w, '%')) != NULL) {
			*e = '\0';
		}
		s = &rv->ns[rv->n];
		memset(s, 0, sizeof(*s));
		if (numeric(s, w) && (family == AF_UNSPEC ||
		    s->addr.ss_family == family)) {
			snprintf(s->name, sizeof(s->name), "%s", w);
			set_port(s, port);
			set_text(s);
			rv->n++;
		}
	}
	fclose(fp);
	return 0;
}

int
dnstk_server_default(struct dnstk_server *out, const char *path,
    uint16_t port, int family, struct dnstk_err *err)
{
	struct dnstk_resolv *rv;
	int r;

	rv = malloc(sizeof(*rv));
	if (rv == NULL) {
		return dnstk_err_set(err, DNSTK_ENOMEM, NULL, 0,
		    "out of memory");
	}
	r = dnstk_resolv_read(rv, path, port, family, NULL);
	if (r != 0) {
		r = dnstk_err_set(err, DNSTK_ENET, NULL, 0,
		    "no server given and cannot read '%s': %s", path,
		    strerror(errno));
	} else if (rv->n == 0) {
		r = dnstk_err_set(err, DNSTK_ENET, NULL, 0,
		    "no server given and '%s' names no usable nameserver",
		    path);
	} else {
		*out = rv->ns[0];
	}
	free(rv);
	return r;
}

int
dnstk_server_pick(struct dnstk_server *out, const char *spec,
    const char *resolv_conf, uint16_t port, int family,
    struct dnstk_err *err)
{
	if (spec != NULL) {
		return dnstk_server_resolve(out, spec, port, family, err);
	}
	return dnstk_server_default(out, resolv_conf, port, family, err);
}

const char *
dnstk_server_str(char *dst, size_t cap, const struct dnstk_server *s)
{
	snprintf(dst, cap, "%s#%u", s->text, (unsigned)s->port);
	return dst;
}

int
dnstk_server_same(const struct dnstk_server *s,
    const struct sockaddr_storage *from)
{
	const struct sockaddr_in *a4, *b4;
	const struct sockaddr_in6 *a6, *b6;

	if (from->ss_family != s->addr.ss_family) {
		return 0;
	}
	if (from->ss_family == AF_INET) {
		a4 = (const struct sockaddr_in *)&s->addr;
		b4 = (const struct sockaddr_in *)from;
		return a4->sin_port == b4->sin_port &&
		    a4->sin_addr.s_addr == b4->sin_addr.s_addr;
	}
	a6 = (const struct sockaddr_in6 *)&s->addr;
	b6 = (const struct sockaddr_in6 *)from;
	return a6->sin6_port == b6->sin6_port &&
	    memcmp(&a6->sin6_addr, &b6->sin6_addr, 16) == 0;
}

const char *
dnstk_resolv_conf_path(void)
{
	const char *p = getenv("DNSTK_RESOLV_CONF");

	return p != NULL ? p : DNSTK_RESOLV_CONF;
}
