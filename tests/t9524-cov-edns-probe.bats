#!/usr/bin/env bats
# dnstk-edns-probe against servers that break one rule each: a forwarder
# (dnstk-serve --forward to NSD: a real answer without AA, as dig sees it),
# and dnsdouble modes for what no real server does (an OPT record nobody
# asked for, OPT version 1, no SOA where one belongs, records in a BADVERS
# answer, too big for the payload offered, an unasked option, records for
# type 666, NODATA without SOA, a server cookie not built on the client's).
# Each must fail exactly its tests, with the reason, and exit 1.

bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	load helpers/servers
	load helpers/serve
	load helpers/dnsdouble
	NSD_PID= SERVE_PID=
}

teardown() {
	double_stop
	serve_stop
	nsd_stop
}

# probe_mode MODE: dnstk-edns-probe against a double in MODE.
probe_mode() {
	double_start "$1"
	run --separate-stderr dnstk-edns-probe @127.0.0.1 -p "$DOUBLE_PORT" \
	    --timeout=1 --tries=2 example.test
	double_stop
}

@test "cov2 edns-probe: a forwarder's answers lack AA: 'dns' fails, the rest pass" {
	nsd_start "$BATS_TEST_TMPDIR/nsd" example.test "$FIX/zones/example.test.zone"
	serve_start --forward="127.0.0.1#$NSD_PORT"
	# dig agrees: the forwarded answer has no AA flag, NSD's own has it
	run dig +norec +noedns -p "$SERVE_PORT" @127.0.0.1 example.test SOA
	assert_success
	assert_output --regexp 'flags: qr( ra)?;'
	run dig +norec +noedns -p "$NSD_PORT" @127.0.0.1 example.test SOA
	assert_output --regexp 'flags: qr aa;'
	run --separate-stderr dnstk-edns-probe @127.0.0.1 -p "$SERVE_PORT" example.test
	assert_failure 1
	assert_line --index 0 'dns: AA not set: not authoritative for the zone'
	assert_line 'edns: ok'
	assert_line '14 tests, 12 ok, 1 failed, 1 skipped'
}

@test "cov2 edns-probe: an OPT record in the answer to a plain query fails 'dns'" {
	probe_mode opt-always
	assert_failure 1
	assert_line --index 0 'dns: OPT record in the answer to a query without EDNS'
	assert_line '14 tests, 12 ok, 1 failed, 1 skipped'
}

@test "cov2 edns-probe: OPT version 1 in answers fails every EDNS test" {
	probe_mode opt-version1
	assert_failure 1
	assert_line 'dns: ok'
	assert_line 'edns: OPT version 1, expected 0'
	assert_line 'ednstcp: OPT version 1, expected 0'
	assert_line 'zflag: ok'
	assert_line '14 tests, 2 ok, 12 failed'
}

@test "cov2 edns-probe: SOA queries answered with NODATA fail the SOA tests" {
	probe_mode soa-nodata
	assert_failure 1
	assert_line 'dns: no SOA record in the answer section'
	assert_line 'edns: no SOA record in the answer section'
	# the tests that ask for no SOA answer still pass
	assert_line 'edns1: ok'
	assert_line 'type666: ok'
	assert_line '14 tests, 5 ok, 9 failed'
}

@test "cov2 edns-probe: BADVERS with records, an oversized UDP answer, an unasked option" {
	probe_mode badvers-records
	assert_failure 1
	assert_line 'edns1: BADVERS answer has records in the answer section'
	assert_line 'edns1opt: BADVERS answer has records in the answer section'
	assert_line '14 tests, 11 ok, 2 failed, 1 skipped'
	probe_mode pad-600
	assert_failure 1
	# 600 octets of padding alone are more than the 512 offered
	assert_line --regexp '^edns@512: answer of [0-9]+ bytes over UDP exceeds the 512 bytes offered$'
	local n
	n=$(sed -n 's/^edns@512: answer of \([0-9]*\) bytes.*/\1/p' <<<"$output")
	[ "$n" -gt 600 ] || fail "size $n"
	assert_line '14 tests, 12 ok, 1 failed, 1 skipped'
	probe_mode extra-opt
	assert_failure 1
	assert_line 'optlist: option 5 in the answer was not asked for'
	assert_line '14 tests, 12 ok, 1 failed, 1 skipped'
}

@test "cov2 edns-probe: type 666 answered with data, or NODATA without SOA" {
	probe_mode answer-any
	assert_failure 1
	assert_line 'type666: records in the answer section for type 666'
	assert_line '14 tests, 12 ok, 1 failed, 1 skipped'
	probe_mode bare-nodata
	assert_failure 1
	assert_line 'type666: no SOA in the authority section (NODATA)'
	assert_line '14 tests, 12 ok, 1 failed, 1 skipped'
}

@test "cov2 edns-probe: a server cookie that does not start with the client cookie" {
	probe_mode bad-cookie
	assert_failure 1
	assert_line 'cookie: COOKIE does not start with the client cookie'
	assert_line '14 tests, 12 ok, 1 failed, 1 skipped'
}
