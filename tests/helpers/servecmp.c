/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * servecmp: send the same queries to two servers on 127.0.0.1 and compare
 * the answers as the dnstk-serve tests require: the same RCODE (12 bits),
 * the same header flags (QR AA TC RD RA AD CD), the same EDNS presence,
 * version and DO bit, and the same records per section (answer,
 * authority, additional without the OPT), order aside (records compared
 * in canonical form, so name case and compression do not matter).
 *
 * usage: servecmp [--forwarder] PORT_A PORT_B < QUERIES
 * With --forwarder, B forwards to A: B must have RA set and AA clear, and
 * those two bits are not compared, nor TTLs (B's cache ages them); when
 * either answer is truncated only the header is compared, and B's
 * additional section may be a part of A's.
 * A query line is "NAME TYPE [FLAG ...]", flags: do, cd, nord, noedns,
 * tcp, bufsize=N, version=N.  Blank lines and lines starting with '#'
 * are skipped.  Each difference is printed as "DIFF: LINE: what"; the
 * last line is "compared N, differences D".  Exit 0 when D is 0, 1 when
 * not, 2 on bad input, 3 when a server does not answer.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <ldns/ldns.h>

#include "dns/msg.h"
#include "dns/rrset.h"
#include "net/qmsg.h"
#include "util/buf.h"

static int
xfer(uint16_t port, bool tcp, const struct dnstk_buf *q, uint8_t *ans,
    size_t cap, size_t *alen)
{
	struct sockaddr_in sa;
	struct pollfd pfd;
	int fd, tries;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (tries = 0; tries < 3; tries++) {
		ssize_t n;

		fd = socket(AF_INET, tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
		if (fd < 0) {
			return -1;
		}
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
			close(fd);
			return -1;
		}
		if (tcp) {
			uint8_t l[2] = { (uint8_t)(q->len >> 8),
			    (uint8_t)q->len };
			size_t got = 0, want = 2;

			if (write(fd, l, 2) != 2 || write(fd, q->data, q->len) !=
			    (ssize_t)q->len) {
				close(fd);
				continue;
			}
			pfd.fd = fd;
			pfd.events = POLLIN;
			while (got < want) {
				if (poll(&pfd, 1, 3000) <= 0) {
					break;
				}
				n = read(fd, ans + got, (got < 2 ? 2 : want) -
				    got);
				if (n <= 0) {
					break;
				}
				got += (size_t)n;
				if (got == 2 && want == 2) {
					want = 2 + (((size_t)ans[0] << 8) |
					    ans[1]);
					if (want > cap) {
						break;
					}
				}
			}
			close(fd);
			if (got == want && want > 2) {
				memmove(ans, ans + 2, want - 2);
				*alen = want - 2;
				return 0;
			}
			continue;
		}
		if (send(fd, q->data, q->len, 0) != (ssize_t)q->len) {
			close(fd);
			continue;
		}
		pfd.fd = fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 2000) > 0) {
			n = recv(fd, ans, cap, 0);
			close(fd);
			if (n > 0) {
				*alen = (size_t)n;
				return 0;
			}
			continue;
		}
		close(fd);
	}
	return -1;
}

/* The sorted canonical text of a section's records (OPT left out). */
static int
section_text(struct dnstk_buf *out, const struct dnstk_msg *m,
    enum dnstk_section sec, bool no_ttl)
{
	ldns_rr_list *l = m->sec[sec];
	char **lines;
	size_t n = ldns_rr_list_rr_count(l), i, k = 0;

	lines = calloc(n + 1, sizeof(*lines));
	if (lines == NULL) {
		return -1;
	}
	for (i = 0; i < n; i++) {
		ldns_rr *rr = ldns_rr_list_rr(l, i);
		ldns_rr *c;

		if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_OPT) {
			continue;
		}
		c = dnstk_rr_canonical(rr);
		if (c != NULL && no_ttl) {
			ldns_rr_set_ttl(c, 0);	/* a cache ages them */
		}
		lines[k] = c != NULL ? ldns_rr2str(c) : strdup("?");
		ldns_rr_free(c);
		k++;
	}
	/* insertion sort: sections are small */
	for (i = 1; i < k; i++) {
		char *t = lines[i];
		size_t j = i;

		while (j > 0 && strcmp(lines[j - 1], t) > 0) {
			lines[j] = lines[j - 1];
			j--;
		}
		lines[j] = t;
	}
	for (i = 0; i < k; i++) {
		dnstk_buf_adds(out, lines[i]);
		free(lines[i]);
	}
	free(lines);
	return 0;
}

/* Is every line of `a` a line of `b`? */
static bool
lines_subset(const char *a, const char *b)
{
	while (*a != '\0') {
		const char *nl = strchr(a, '\n');
		size_t n = nl != NULL ? (size_t)(nl - a) + 1 : strlen(a);
		const char *p = b;
		bool found = false;

		while (*p != '\0' && !found) {
			const char *pn = strchr(p, '\n');
			size_t pl = pn != NULL ? (size_t)(pn - p) + 1 :
			    strlen(p);

			found = pl == n && memcmp(p, a, n) == 0;
			p += pl;
		}
		if (!found) {
			return false;
		}
		a += n;
	}
	return true;
}

static void
describe(char *dst, size_t cap, const struct dnstk_msg *m, uint16_t mask)
{
	struct dnstk_edns e;

	dnstk_msg_edns(m, &e);
	snprintf(dst, cap, "rcode %u flags %04x edns %d v%u do %d",
	    dnstk_msg_rcode(m), m->flags & mask, e.present, e.version,
	    (e.flags & DNSTK_EDNS_DO) != 0);
}

int
main(int argc, char *argv[])
{
	uint16_t port[2];
	char line[2048];
	unsigned long lineno = 0, compared = 0, diffs = 0, truncated = 0;
	static uint8_t ans[2][65536];
	bool fwd = false;

	if (argc == 4 && strcmp(argv[1], "--forwarder") == 0) {
		fwd = true;
		argv++;
		argc--;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: servecmp [--forwarder] PORT_A PORT_B "
		    "< QUERIES\n");
		return 2;
	}
	port[0] = (uint16_t)atoi(argv[1]);
	port[1] = (uint16_t)atoi(argv[2]);
	while (fgets(line, sizeof(line), stdin) != NULL) {
		struct dnstk_qspec q;
		struct dnstk_buf qb;
		struct dnstk_msg *m[2] = { NULL, NULL };
		struct dnstk_err err = DNSTK_ERR_INIT;
		char *w[16], *save = NULL, *tok, da[128], db[128];
		size_t alen[2], i;
		int nw = 0, s;
		bool tcp = false;

		lineno++;
		for (tok = strtok_r(line, " \t\n", &save); tok != NULL &&
		    nw < 16; tok = strtok_r(NULL, " \t\n", &save)) {
			w[nw++] = tok;
		}
		if (nw == 0 || w[0][0] == '#') {
			continue;
		}
		memset(&q, 0, sizeof(q));
		q.id = (uint16_t)(lineno * 7919);
		q.flags = DNSTK_FLAG_RD;
		q.qclass = 1;
		q.edns = true;
		q.udp_size = 1232;
		if (nw < 2 || dnstk_qname_parse(&q, w[0]) != 0 ||
		    (q.qtype = (uint16_t)ldns_get_rr_type_by_name(w[1])) == 0) {
			fprintf(stderr, "servecmp: line %lu: bad query\n",
			    lineno);
			return 2;
		}
		for (s = 2; s < nw; s++) {
			if (strcmp(w[s], "do") == 0) {
				q.edns_flags |= DNSTK_EDNS_DO;
			} else if (strcmp(w[s], "cd") == 0) {
				q.flags |= DNSTK_FLAG_CD;
			} else if (strcmp(w[s], "nord") == 0) {
				q.flags &= (uint16_t)~DNSTK_FLAG_RD;
			} else if (strcmp(w[s], "noedns") == 0) {
				q.edns = false;
			} else if (strcmp(w[s], "tcp") == 0) {
				tcp = true;
			} else if (strncmp(w[s], "bufsize=", 8) == 0) {
				q.udp_size = (uint16_t)atoi(w[s] + 8);
			} else if (strncmp(w[s], "version=", 8) == 0) {
				q.edns_version = (uint8_t)atoi(w[s] + 8);
			} else {
				fprintf(stderr, "servecmp: line %lu: bad flag "
				    "'%s'\n", lineno, w[s]);
				return 2;
			}
		}
		dnstk_buf_init(&qb);
		if (dnstk_qspec_build(&qb, &q) != 0) {
			return 2;
		}
		for (i = 0; i < 2; i++) {
			if (xfer(port[i], tcp, &qb, ans[i], sizeof(ans[i]),
			    &alen[i]) != 0) {
				printf("DIFF: %lu: no answer from port %u\n",
				    lineno, port[i]);
				diffs++;
				break;
			}
			if (dnstk_msg_from_wire(&m[i], ans[i], alen[i],
			    &err) != 0) {
				printf("DIFF: %lu: bad answer from port %u: "
				    "%s\n", lineno, port[i], err.msg);
				diffs++;
				break;
			}
		}
		dnstk_buf_release(&qb);
		compared++;
		if (m[0] != NULL && m[1] != NULL) {
			/*
			 * RFC 4035 §3.1.6: CD is copied to the response.  The
			 * reference server A (NSD 4.6.1) clears it; server B
			 * must have it, and A's is not compared.
			 */
			uint16_t mask = 0x87b0;

			if (fwd) {
				mask &= (uint16_t)~(DNSTK_FLAG_AA |
				    DNSTK_FLAG_RA | DNSTK_FLAG_TC);
				if ((m[1]->flags & (DNSTK_FLAG_AA |
				    DNSTK_FLAG_RA)) != DNSTK_FLAG_RA) {
					printf("DIFF: %lu: %s %s: forwarded "
					    "answer without RA or with AA\n",
					    lineno, w[0], w[1]);
					diffs++;
				}
			}

			if (q.flags & DNSTK_FLAG_CD) {
				mask &= (uint16_t)~DNSTK_FLAG_CD;
				if (!(m[1]->flags & DNSTK_FLAG_CD)) {
					printf("DIFF: %lu: %s %s: CD not "
					    "copied (RFC 4035 §3.1.6)\n",
					    lineno, w[0], w[1]);
					diffs++;
				}
			}
			describe(da, sizeof(da), m[0], mask);
			describe(db, sizeof(db), m[1], mask);
			if (strcmp(da, db) != 0) {
				printf("DIFF: %lu: %s %s: header: %s / %s\n",
				    lineno, w[0], w[1], da, db);
				diffs++;
			} else if ((m[0]->flags & m[1]->flags &
			    DNSTK_FLAG_TC) || (fwd && ((m[0]->flags |
			    m[1]->flags) & DNSTK_FLAG_TC))) {
				/*
				 * Both truncated: RFC 2181 §9 leaves what a
				 * truncated answer still holds to the server
				 * (NSD goes on with smaller RRsets, dnstk-serve
				 * stops); the client must retry over TCP.
				 */
				truncated++;
			} else {
				enum dnstk_section sec;

				bool differ = false;

				for (sec = DNSTK_SEC_ANSWER;
				    sec < DNSTK_SEC_COUNT && !differ; sec++) {
					struct dnstk_buf ta, tb;

					dnstk_buf_init(&ta);
					dnstk_buf_init(&tb);
					section_text(&ta, m[0], sec, fwd);
					section_text(&tb, m[1], sec, fwd);
					/*
					 * A forwarder asks with DO: its answer
					 * to a client without DO has the room
					 * of the RRSIGs it strips, so its
					 * additional section may hold less.
					 */
					if (fwd && sec == DNSTK_SEC_ADDITIONAL &&
					    lines_subset(tb.data, ta.data)) {
						;
					} else if (strcmp(ta.data, tb.data) !=
					    0) {
						printf("DIFF: %lu: %s %s: %s "
						    "section:\n--- A\n%s--- B\n"
						    "%s", lineno, w[0], w[1],
						    dnstk_section_name(sec),
						    ta.data, tb.data);
						diffs++;
						differ = true;
					}
					dnstk_buf_release(&ta);
					dnstk_buf_release(&tb);
				}
			}
		}
		dnstk_msg_free(m[0]);
		dnstk_msg_free(m[1]);
	}
	printf("compared %lu, differences %lu (both truncated: %lu, "
	    "header compared only)\n", compared, diffs, truncated);
	return diffs == 0 ? 0 : 1;
}
