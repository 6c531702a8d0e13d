/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dnsdouble: a tiny DNS responder for tests, misbehaving on request in
 * ways no real server does.  It listens on 127.0.0.1 (UDP and TCP, same
 * port), prints the port on stdout and exits after --lifetime seconds or
 * when killed.  Without a mode it answers every name like a compliant
 * EDNS server: A 192.0.2.1 for A and ANY, the SOA for SOA, NODATA with
 * the SOA otherwise; BADVERS for EDNS versions above 0; a server cookie
 * for a client cookie.
 *
 * usage: dnsdouble [--ipv6] [--log] [--lifetime=SECONDS] [--mode=MODE[,MODE...]]
 * (--ipv6: listen on ::1 instead of 127.0.0.1; --log: one line per query
 * on stderr, "query udp|tcp edns|plain PAYLOAD")
 * modes:
 *   drop-edns      never answer a query that has an OPT record
 *   drop-big       never answer EDNS queries with payload above 512
 *   formerr-edns   answer FORMERR (no OPT) to queries with an OPT record
 *   notimp-edns    answer NOTIMP (no OPT) to queries with an OPT record
 *   always-tc      over UDP, answer with TC=1 and no records
 *   wrong-id       send an answer with a wrong ID first, then the right one
 *                  (over UDP and TCP)
 *   wrong-question send an answer for another name first, then the right one
 *   wrong-source   send the answer from another port first, then the right one
 *   only-wrong-id  send only an answer with a wrong ID
 *   badvers        answer BADVERS to every EDNS query
 *   two-opt        put two OPT records in every EDNS answer
 *   no-edns        ignore OPT records: answer as a pre-EDNS server
 *   echo-opt       echo the query's EDNS options in the answer
 *   keep-flags     echo the query's EDNS flags (unknown ones too)
 *   no-do          never set DO in answers
 *   keep-z         copy the header Z bit into the answer
 *   no-tcp         do not listen on TCP
 *   drop-all       never answer
 *   not-response   send the answer with QR clear first, then the right one
 *   malformed      claim one more answer record than the answer holds
 *   drop-named     never answer an EDNS query whose name starts with "drop"
 *                  (a server that loses some EDNS packets, not all)
 *   bad-svcb       answer with an HTTPS record whose SvcParam length runs
 *                  past its rdata (valid wire form ldns cannot print)
 *   opt-always     put an OPT record in answers to queries without one
 *   opt-version1   answer with OPT version 1 instead of 0
 *   soa-nodata     answer SOA queries with NODATA (no SOA in the answer)
 *   badvers-records  keep the records in BADVERS answers
 *   pad-600        pad every EDNS answer past 600 octets (PADDING option),
 *                  whatever payload size the query offered
 *   extra-opt      add an option nobody asked for (code 5) to EDNS answers
 *   answer-any     answer every type with the A record (type 666 too)
 *   bare-nodata    NODATA answers without the SOA in the authority section
 *   bad-cookie     answer a client cookie with a server cookie that does not
 *                  start with it
 *   axfr-cut       answer AXFR over TCP with the opening SOA, then close the
 *                  connection (a transfer cut short)
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum {
	M_DROP_EDNS = 1 << 0, M_DROP_BIG = 1 << 1, M_FORMERR = 1 << 2,
	M_NOTIMP = 1 << 3, M_TC = 1 << 4, M_WRONG_ID = 1 << 5,
	M_WRONG_Q = 1 << 6, M_WRONG_SRC = 1 << 7, M_ONLY_WRONG_ID = 1 << 8,
	M_BADVERS = 1 << 9, M_TWO_OPT = 1 << 10, M_NO_EDNS = 1 << 11,
	M_ECHO_OPT = 1 << 12, M_KEEP_FLAGS = 1 << 13, M_NO_DO = 1 << 14,
	M_KEEP_Z = 1 << 15, M_NO_TCP = 1 << 16, M_DROP_ALL = 1 << 17,
	M_NOT_RESPONSE = 1 << 18, M_MALFORMED = 1 << 19,
	M_DROP_NAMED = 1 << 20, M_BAD_SVCB = 1 << 21,
	M_OPT_ALWAYS = 1 << 22, M_OPT_VERSION1 = 1 << 23,
	M_SOA_NODATA = 1 << 24, M_BADVERS_RECORDS = 1 << 25,
	M_PAD_600 = 1 << 26, M_EXTRA_OPT = 1 << 27, M_ANSWER_ANY = 1 << 28,
	M_BARE_NODATA = 1 << 29, M_BAD_COOKIE = 1 << 30,
};
#define M_AXFR_CUT (1u << 31)	/* past what an enum constant may hold */

static const struct {
	const char *name;
	unsigned bit;
} mode_names[] = {
	{ "drop-edns", M_DROP_EDNS }, { "drop-big", M_DROP_BIG },
	{ "formerr-edns", M_FORMERR }, { "notimp-edns", M_NOTIMP },
	{ "always-tc", M_TC }, { "wrong-id", M_WRONG_ID },
	{ "wrong-question", M_WRONG_Q }, { "wrong-source", M_WRONG_SRC },
	{ "only-wrong-id", M_ONLY_WRONG_ID }, { "badvers", M_BADVERS },
	{ "two-opt", M_TWO_OPT }, { "no-edns", M_NO_EDNS },
	{ "echo-opt", M_ECHO_OPT }, { "keep-flags", M_KEEP_FLAGS },
	{ "no-do", M_NO_DO }, { "keep-z", M_KEEP_Z }, { "no-tcp", M_NO_TCP },
	{ "drop-all", M_DROP_ALL }, { "not-response", M_NOT_RESPONSE },
	{ "malformed", M_MALFORMED }, { "drop-named", M_DROP_NAMED },
	{ "bad-svcb", M_BAD_SVCB }, { "opt-always", M_OPT_ALWAYS },
	{ "opt-version1", M_OPT_VERSION1 }, { "soa-nodata", M_SOA_NODATA },
	{ "badvers-records", M_BADVERS_RECORDS }, { "pad-600", M_PAD_600 },
	{ "extra-opt", M_EXTRA_OPT }, { "answer-any", M_ANSWER_ANY },
	{ "bare-nodata", M_BARE_NODATA }, { "bad-cookie", M_BAD_COOKIE },
	{ "axfr-cut", M_AXFR_CUT },
};

static unsigned modes;
static int log_queries;

struct query {
	const uint8_t *wire;
	size_t len;
	size_t qend;		/* end of the question */
	unsigned qtype;
	int has_opt;
	unsigned udp_size, version, eflags;
	const uint8_t *opts;
	size_t opts_len;
};

static unsigned
get16(const uint8_t *p)
{
	return ((unsigned)p[0] << 8) | p[1];
}

static int
skip_name(const uint8_t *w, size_t len, size_t *i)
{
	while (*i < len) {
		if (w[*i] == 0) {
			(*i)++;
			return 0;
		}
		if ((w[*i] & 0xc0) == 0xc0) {
			*i += 2;
			return *i <= len ? 0 : -1;
		}
		*i += (size_t)w[*i] + 1;
	}
	return -1;
}

/* Parse what the responder needs; -1 for garbage (no answer). */
static int
parse(struct query *q, const uint8_t *w, size_t len)
{
	size_t i = 12, k, rdlen;
	unsigned qd, an, ns, ar, type;

	memset(q, 0, sizeof(*q));
	q->wire = w;
	q->len = len;
	if (len < 12 || (w[2] & 0x80) != 0) {
		return -1;
	}
	qd = get16(w + 4);
	an = get16(w + 6);
	ns = get16(w + 8);
	ar = get16(w + 10);
	if (qd != 1) {
		return -1;
	}
	if (skip_name(w, len, &i) != 0 || i + 4 > len) {
		return -1;
	}
	q->qtype = get16(w + i);
	i += 4;
	q->qend = i;
	for (k = 0; k < an + ns + ar; k++) {
		if (skip_name(w, len, &i) != 0 || i + 10 > len) {
			return -1;
		}
		type = get16(w + i);
		rdlen = get16(w + i + 8);
		if (i + 10 + rdlen > len) {
			return -1;
		}
		if (type == 41 && k >= an + ns && !q->has_opt) {
			q->has_opt = 1;
			q->udp_size = get16(w + i + 2);
			q->version = w[i + 5];
			q->eflags = get16(w + i + 6);
			q->opts = w + i + 10;
			q->opts_len = rdlen;
		}
		i += 10 + rdlen;
	}
	return 0;
}

struct out {
	uint8_t b[4096];
	size_t n;
};

static void
put(struct out *o, const void *p, size_t n)
{
	if (o->n + n <= sizeof(o->b)) {
		memcpy(o->b + o->n, p, n);
		o->n += n;
	}
}

static void
put16(struct out *o, unsigned v)
{
	uint8_t x[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	put(o, x, 2);
}

static void
put32(struct out *o, unsigned long v)
{
	put16(o, (unsigned)(v >> 16));
	put16(o, (unsigned)(v & 0xffff));
}

static void
soa(struct out *o)
{
	static const uint8_t rdata[] = {
		3, 'n', 's', '1', 0xc0, 12,
		10, 'h', 'o', 's', 't', 'm', 'a', 's', 't', 'e', 'r', 0xc0, 12,
	};

	put16(o, 0xc00c);
	put16(o, 6);
	put16(o, 1);
	put32(o, 3600);
	put16(o, sizeof(rdata) + 20);
	put(o, rdata, sizeof(rdata));
	put32(o, 1);
	put32(o, 7200);
	put32(o, 3600);
	put32(o, 1209600);
	put32(o, 300);
}

static void
opt(struct out *o, const struct query *q, unsigned ext_rcode)
{
	uint8_t cookie[40];
	size_t i = 0, clen = 0;
	unsigned flags = q->eflags & 0x8000, code, len, rdlen = 0;

	if (modes & M_KEEP_FLAGS) {
		flags = q->eflags;
	}
	if (modes & M_NO_DO) {
		flags &= ~0x8000u;
	}
	/* A client cookie gets a server cookie (RFC 7873 §5.2). */
	while (i + 4 <= q->opts_len) {
		code = get16(q->opts + i);
		len = get16(q->opts + i + 2);
		if (i + 4 + len > q->opts_len) {
			break;
		}
		if (code == 10 && len >= 8 && len <= 40) {
			memcpy(cookie, q->opts + i + 4, 8);
			if (modes & M_BAD_COOKIE) {
				cookie[0] ^= 0xff;
			}
			memcpy(cookie + 8, "dnsdoubleserver!", 16);
			clen = 24;
		}
		i += 4 + len;
	}
	if (modes & M_ECHO_OPT) {
		rdlen = (unsigned)q->opts_len;
	} else if (clen != 0) {
		rdlen = 4 + (unsigned)clen;
	}
	rdlen += (modes & M_PAD_600) ? 4 + 600 : 0;
	rdlen += (modes & M_EXTRA_OPT) ? 4 + 1 : 0;
	put(o, "", 1);
	put16(o, 41);
	put16(o, 1232);
	put(o, (uint8_t[]){ (uint8_t)ext_rcode,
	    (modes & M_OPT_VERSION1) ? 1 : 0 }, 2);
	put16(o, flags);
	put16(o, rdlen);
	if (modes & M_PAD_600) {
		static const uint8_t zeros[600];

		put16(o, 12);
		put16(o, sizeof(zeros));
		put(o, zeros, sizeof(zeros));
	}
	if (modes & M_EXTRA_OPT) {
		put16(o, 5);
		put16(o, 1);
		put(o, (uint8_t[]){ 8 }, 1);
	}
	if (modes & M_ECHO_OPT) {
		put(o, q->opts, q->opts_len);
	} else if (clen != 0) {
		put16(o, 10);
		put16(o, (unsigned)clen);
		put(o, cookie, clen);
	}
}

/* Build the answer to `q` into `o`; 0 to send, -1 to stay silent. */
static int
answer(struct out *o, const struct query *q, int tcp)
{
	const uint8_t *w = q->wire;
	int edns = (q->has_opt || (modes & M_OPT_ALWAYS)) &&
	    !(modes & M_NO_EDNS);
	unsigned flags, rcode = 0, ext = 0, an = 0, ns = 0, ar = 0;
	int records = 1;

	if ((modes & M_DROP_ALL) || (edns && (modes & M_DROP_EDNS)) ||
	    (edns && (modes & M_DROP_BIG) && q->udp_size > 512) ||
	    (edns && (modes & M_DROP_NAMED) && q->qend > 17 &&
	    memcmp(w + 13, "drop", 4) == 0)) {
		return -1;
	}
	flags = 0x8400 | (get16(w + 2) & 0x7910);	/* QR AA; opcode RD CD */
	if (modes & M_KEEP_Z) {
		flags |= get16(w + 2) & 0x0040;
	}
	if (edns && (modes & (M_FORMERR | M_NOTIMP))) {
		rcode = (modes & M_FORMERR) ? 1 : 4;
		edns = 0;
		records = 0;
	} else if (edns && (q->version > 0 || (modes & M_BADVERS))) {
		ext = 1;	/* BADVERS = 16 */
		records = (modes & M_BADVERS_RECORDS) != 0;
	}
	if (!tcp && (modes & M_TC)) {
		flags |= 0x0200;
		records = 0;
	}
	o->n = 0;
	put(o, w, 2);
	put16(o, flags | rcode);
	put16(o, 1);
	if (records && (q->qtype == 1 || q->qtype == 255 ||
	    (q->qtype == 6 && !(modes & M_SOA_NODATA)) ||
	    (q->qtype == 252 && (modes & M_AXFR_CUT)) ||
	    (modes & M_ANSWER_ANY))) {
		an = 1;
	} else if (records) {
		ns = !(modes & M_BARE_NODATA);
	}
	ar = edns ? ((modes & M_TWO_OPT) ? 2 : 1) : 0;
	put16(o, an);
	put16(o, ns);
	put16(o, ar);
	put(o, w + 12, q->qend - 12);
	if (an && (q->qtype == 6 ||
	    (q->qtype == 252 && (modes & M_AXFR_CUT)))) {
		soa(o);
	} else if (an && (modes & M_BAD_SVCB)) {
		/* HTTPS 1 . with key 1 (alpn) claiming 10 bytes, holding 2 */
		put16(o, 0xc00c);
		put16(o, 65);
		put16(o, 1);
		put32(o, 3600);
		put16(o, 9);
		put(o, (uint8_t[]){ 0, 1, 0, 0, 1, 0, 10, 'h', '2' }, 9);
	} else if (an) {
		put16(o, 0xc00c);
		put16(o, 1);
		put16(o, 1);
		put32(o, 3600);
		put16(o, 4);
		put(o, (uint8_t[]){ 192, 0, 2, 1 }, 4);
	}
	if (ns) {
		soa(o);
	}
	if (modes & M_MALFORMED) {
		o->b[7]++;	/* ANCOUNT one too many: the parse runs out */
	}
	if (ar >= 1) {
		opt(o, q, ext);
	}
	if (ar == 2) {
		opt(o, q, ext);
	}
	return 0;
}

static void
log_query(const struct query *q, const char *proto)
{
	if (log_queries) {
		fprintf(stderr, "query %s %s %u\n", proto, q->has_opt ? "edns" :
		    "plain", q->has_opt ? q->udp_size : 0);
	}
}

static void
serve_udp(int fd, int other)
{
	uint8_t buf[65536];
	struct sockaddr_storage from;
	socklen_t flen = sizeof(from);
	struct query q;
	struct out o;
	ssize_t n;

	n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen);
	if (n > 0 && parse(&q, buf, (size_t)n) == 0) {
		log_query(&q, "udp");
	}
	if (n <= 0 || parse(&q, buf, (size_t)n) != 0 ||
	    answer(&o, &q, 0) != 0) {
		return;
	}
	if (modes & (M_WRONG_ID | M_ONLY_WRONG_ID)) {
		o.b[0] ^= 0xff;
		sendto(fd, o.b, o.n, 0, (struct sockaddr *)&from, flen);
		o.b[0] ^= 0xff;
		if (modes & M_ONLY_WRONG_ID) {
			return;
		}
	}
	if (modes & M_WRONG_Q) {
		o.b[13] ^= 0x01;	/* first character of the name */
		sendto(fd, o.b, o.n, 0, (struct sockaddr *)&from, flen);
		o.b[13] ^= 0x01;
	}
	if (modes & M_NOT_RESPONSE) {
		o.b[2] &= 0x7f;
		sendto(fd, o.b, o.n, 0, (struct sockaddr *)&from, flen);
		o.b[2] |= 0x80;
	}
	if (modes & M_WRONG_SRC) {
		sendto(other, o.b, o.n, 0, (struct sockaddr *)&from, flen);
	}
	sendto(fd, o.b, o.n, 0, (struct sockaddr *)&from, flen);
}

static int
read_full(int fd, uint8_t *p, size_t n)
{
	ssize_t r;

	while (n > 0) {
		r = read(fd, p, n);
		if (r <= 0) {
			return -1;
		}
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

static void
serve_tcp(int lfd)
{
	uint8_t len[2], buf[65536];
	struct timeval tv = { 2, 0 };
	struct query q;
	struct out o;
	int fd;

	fd = accept(lfd, NULL, NULL);
	if (fd < 0) {
		return;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	while (read_full(fd, len, 2) == 0 &&
	    read_full(fd, buf, get16(len)) == 0) {
		if (parse(&q, buf, get16(len)) == 0) {
			log_query(&q, "tcp");
		}
		if (parse(&q, buf, get16(len)) != 0 ||
		    answer(&o, &q, 1) != 0) {
			continue;
		}
		len[0] = (uint8_t)(o.n >> 8);
		len[1] = (uint8_t)o.n;
		if (modes & M_WRONG_ID) {
			o.b[0] ^= 0xff;
			if (write(fd, len, 2) != 2 ||
			    write(fd, o.b, o.n) != (ssize_t)o.n) {
				break;
			}
			o.b[0] ^= 0xff;
		}
		if (write(fd, len, 2) != 2 ||
		    write(fd, o.b, o.n) != (ssize_t)o.n ||
		    (q.qtype == 252 && (modes & M_AXFR_CUT))) {
			break;
		}
	}
	close(fd);
}

static int
set_modes(const char *s)
{
	char *copy = strdup(s), *tok, *save = NULL;
	size_t i;
	int ok = 0;

	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < sizeof(mode_names) / sizeof(mode_names[0]);
		    i++) {
			if (strcmp(tok, mode_names[i].name) == 0) {
				modes |= mode_names[i].bit;
				break;
			}
		}
		if (i == sizeof(mode_names) / sizeof(mode_names[0])) {
			fprintf(stderr, "dnsdouble: unknown mode '%s'\n", tok);
			ok = -1;
		}
	}
	free(copy);
	return ok;
}

static int use_v6;

/* The loopback address of the family in use, port 0 or `port`. */
static socklen_t
loopback(struct sockaddr_storage *ss, uint16_t port)
{
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (use_v6) {
		a6->sin6_family = AF_INET6;
		a6->sin6_addr = in6addr_loopback;
		a6->sin6_port = htons(port);
		return sizeof(*a6);
	}
	a4->sin_family = AF_INET;
	a4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a4->sin_port = htons(port);
	return sizeof(*a4);
}

static int
listen_pair(int *ufd, int *tfd, int *other, uint16_t *port)
{
	struct sockaddr_storage a;
	socklen_t alen;
	int tries, one = 1, fam = use_v6 ? AF_INET6 : AF_INET;

	for (tries = 0; tries < 50; tries++) {
		alen = loopback(&a, 0);
		*ufd = socket(fam, SOCK_DGRAM, 0);
		if (*ufd < 0 || bind(*ufd, (struct sockaddr *)&a, alen) != 0 ||
		    getsockname(*ufd, (struct sockaddr *)&a, &alen) != 0) {
			return -1;
		}
		*port = ntohs(use_v6 ? ((struct sockaddr_in6 *)&a)->sin6_port :
		    ((struct sockaddr_in *)&a)->sin_port);
		*tfd = -1;
		if (modes & M_NO_TCP) {
			break;
		}
		*tfd = socket(fam, SOCK_STREAM, 0);
		setsockopt(*tfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(*tfd, (struct sockaddr *)&a, alen) == 0 &&
		    listen(*tfd, 16) == 0) {
			break;
		}
		close(*tfd);
		close(*ufd);
		*tfd = *ufd = -1;
	}
	if (*ufd < 0) {
		return -1;
	}
	alen = loopback(&a, 0);
	*other = socket(fam, SOCK_DGRAM, 0);
	if (*other < 0 || bind(*other, (struct sockaddr *)&a, alen) != 0) {
		return -1;
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	struct pollfd p[2];
	long lifetime = 60;
	time_t end;
	uint16_t port;
	int i, ufd, tfd, other, n;

	for (i = 1; i < argc; i++) {
		if (strncmp(argv[i], "--mode=", 7) == 0) {
			if (set_modes(argv[i] + 7) != 0) {
				return 2;
			}
		} else if (strcmp(argv[i], "--ipv6") == 0) {
			use_v6 = 1;
		} else if (strcmp(argv[i], "--log") == 0) {
			log_queries = 1;
		} else if (strncmp(argv[i], "--lifetime=", 11) == 0) {
			lifetime = strtol(argv[i] + 11, NULL, 10);
			if (lifetime <= 0 || lifetime > 3600) {
				lifetime = 60;
			}
		} else {
			fprintf(stderr, "usage: dnsdouble [--ipv6] [--log] [--lifetime=SECONDS] "
			    "[--mode=MODE[,MODE...]]\n");
			return 2;
		}
	}
	if (listen_pair(&ufd, &tfd, &other, &port) != 0) {
		perror("dnsdouble: listen");
		return 3;
	}
	printf("%u\n", (unsigned)port);
	fflush(stdout);
	end = time(NULL) + lifetime;
	while (time(NULL) < end) {
		p[0].fd = ufd;
		p[0].events = POLLIN;
		p[1].fd = tfd;
		p[1].events = POLLIN;
		n = poll(p, tfd >= 0 ? 2 : 1, 500);
		if (n < 0 && errno != EINTR) {
			break;
		}
		if (n > 0 && (p[0].revents & POLLIN)) {
			serve_udp(ufd, other);
		}
		if (n > 0 && tfd >= 0 && (p[1].revents & POLLIN)) {
			serve_tcp(tfd);
		}
	}
	return 0;
}
