#!/usr/bin/env bats
# dnstk-serve on queries at the edges: another class (REFUSED), meta and
# OPT query types (FORMERR), zone transfers over UDP, of a non-apex name
# and incremental (NOTIMP / NOTAUTH), malformed names and additional
# records (FORMERR); a DNAME at the apex and one whose substitution
# would pass 255 octets (YXDOMAIN, RFC 6672 2.2).

bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	load helpers/servers
	load helpers/serve
	RAW=$DNSTK_BUILD/tests/rawdns
	H=123401000001000000000000	# ID 0x1234, RD, one question
	HA=123401000001000000000001	# ... and one additional record
	QN=03777777057365727665047465737400	# www.serve.test.
	OPT=00002904d0000000000000
}

teardown() {
	serve_stop
}

# status [--tcp] HEX: the RCODE name of the server's answer to HEX.
status() {
	local tcp=()
	if [ "$1" = --tcp ]; then
		tcp=(--tcp)
		shift
	fi
	"$RAW" "${tcp[@]}" "$SERVE_PORT" "$1" | head -n 1 |
	    dnstk-wire | sed -n 's/.*status: \([A-Z]*\),.*/\1/p'
}

@test "cov serve queries: class, type and transfer refusals" {
	serve_start "$FIX/serve/serve.test.nsec"
	[ "$(status "$H${QN}00010003")" = REFUSED ]	# class CH
	[ "$(status "$H${QN}00290001")" = FORMERR ]	# qtype OPT
	[ "$(status "$H${QN}00800001")" = FORMERR ]	# qtype 128 (meta)
	[ "$(status "$H${QN}00fc0001")" = NOTIMP ]	# AXFR over UDP
	[ "$(status --tcp "$H${QN}00fc0001")" = NOTAUTH ]	# not the apex
	[ "$(status --tcp "$H${QN}00fb0001")" = NOTIMP ]	# IXFR
	# the apex over TCP: the transfer starts with the SOA
	run -0 "$RAW" --tcp "$SERVE_PORT" \
	    "${H}057365727665047465737400""00fc0001"
	run dnstk-wire <<<"${lines[0]}"
	assert_line --regexp '^serve\.test\.[[:space:]]+[0-9]+[[:space:]]+IN[[:space:]]+SOA[[:space:]]'
}

@test "cov serve queries: malformed names and additional records are FORMERR" {
	local long="" i
	serve_start "$FIX/serve/serve.test.nsec"
	[ "$(status "${H}40414100""00010001")" = FORMERR ]	# label type 01
	[ "$(status "${H}c00c""00010001")" = FORMERR ]	# a pointer
	for i in 1 2 3 4 5; do
		long=$long"3f"$(printf 'a%.0s' $(seq 63) | od -An -tx1 | tr -d ' \n')
	done
	[ "$(status "${H}${long}00""00010001")" = FORMERR ]	# 321 octets
	# additional record: rdata past the end; an option cut short; an
	# OPT whose owner is not the root
	[ "$(status "${HA}${QN}00010001""00002904d00000000000ff")" = FORMERR ]
	[ "$(status "${HA}${QN}00010001""00002904d000000000000300""0a00")" = FORMERR ]
	[ "$(status "${HA}${QN}00010001""0161002904d0000000000000")" = FORMERR ]
	# and the server still answers
	[ "$(status "${HA}${QN}00010001$OPT")" = NOERROR ]
}

@test "cov serve queries: a DNAME at the apex, and one that would overflow a name" {
	local l
	l=$(printf 'a%.0s' $(seq 60))
	printf '$ORIGIN dn.test.\n$TTL 300\n@ SOA ns h 1 2 3 4 5\n@ NS ns.other.\n@ DNAME target.example.\n' \
	    > "$BATS_TEST_TMPDIR/dn.zone"
	printf '$ORIGIN yx.test.\n$TTL 300\n@ SOA ns h 1 2 3 4 5\n@ NS ns.other.\nd DNAME %s.%s.%s.%s.\n' \
	    "$l" "$l" "$l" "$l" > "$BATS_TEST_TMPDIR/yx.zone"
	serve_start "$BATS_TEST_TMPDIR/dn.zone" "$BATS_TEST_TMPDIR/yx.zone"
	run -0 sq www.dn.test A
	assert_output --partial 'status: NOERROR'
	assert_line --regexp '^dn\.test\.[[:space:]]+300[[:space:]]+IN[[:space:]]+DNAME[[:space:]]+target\.example\.$'
	assert_line --regexp '^www\.dn\.test\.[[:space:]]+300[[:space:]]+IN[[:space:]]+CNAME[[:space:]]+www\.target\.example\.$'
	# 61 + 4 * 61 + 1 = 306 octets: the CNAME cannot be made
	run -0 sq "$l.d.yx.test" A
	assert_output --partial 'status: YXDOMAIN'
	assert_line --regexp '^d\.yx\.test\.[[:space:]]+300[[:space:]]+IN[[:space:]]+DNAME[[:space:]]'
	refute_output --partial 'CNAME'
}
