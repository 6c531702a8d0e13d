#!/usr/bin/env bats
# dnstk-edns-probe against NSD (compliant; one zone signed) and against
# dnsdouble modes that fail specific tests.

bats_require_minimum_version 1.5.0

setup_file() {
	load helpers/common
	load helpers/servers
	nsd_start "$BATS_FILE_TMPDIR/nsd" example.test \
	    "$FIX/zones/example.test.zone" signed.test \
	    "$FIX/zones/signed.test.zone.signed"
}

teardown_file() {
	load helpers/servers
	nsd_stop
}

setup() {
	load helpers/common
	load helpers/dnsdouble
}

teardown() {
	double_stop
}

probe_double() {
	dnstk-edns-probe @127.0.0.1 -p "$DOUBLE_PORT" --timeout=0.5 --tries=1 "$@"
}

@test "edns-probe: NSD passes every test; the unsigned zone skips 'signed'" {
	run --separate-stderr dnstk-edns-probe @127.0.0.1 -p "$NSD_PORT" example.test
	assert_success
	cat >"$BATS_TEST_TMPDIR/expect" <<-'OUT'
	dns: ok
	edns: ok
	edns1: ok
	edns@512: ok
	ednsopt: ok
	edns1opt: ok
	do: ok
	ednsflags: ok
	optlist: ok
	signed: skipped (zone not signed: no RRSIG with the SOA)
	ednstcp: ok
	type666: ok
	cookie: ok
	zflag: ok
	14 tests, 13 ok, 0 failed, 1 skipped
	OUT
	echo "$output" >"$BATS_TEST_TMPDIR/actual"
	test_cmp "$BATS_TEST_TMPDIR/expect" "$BATS_TEST_TMPDIR/actual"
	[ -z "$stderr" ]
}

@test "edns-probe: NSD with a signed zone passes all 14" {
	run dnstk-edns-probe -s 127.0.0.1 -p "$NSD_PORT" signed.test
	assert_success
	assert_line 'signed: ok'
	assert_line '14 tests, 14 ok, 0 failed'
}

@test "edns-probe: -j gives one JSON object per test and a summary" {
	run --separate-stderr dnstk-edns-probe @127.0.0.1 -p "$NSD_PORT" -j example.test
	assert_success
	[ "${#lines[@]}" -eq 15 ]
	run jq -r 'select(.test == "signed") | .result' <<<"$output"
	assert_output 'skipped'
	run jq -r 'select(.tests) | [.tests, .ok, .failed, .skipped] | @tsv' \
	    <<<"$(dnstk-edns-probe @127.0.0.1 -p "$NSD_PORT" -j example.test)"
	assert_output "$(printf '14\t13\t0\t1')"
}

@test "edns-probe: the compliant double passes" {
	double_start ""
	run probe_double example.test
	assert_success
	assert_line '14 tests, 13 ok, 0 failed, 1 skipped'
}

@test "edns-probe: a pre-EDNS server fails the EDNS tests (exit 1)" {
	double_start no-edns
	run probe_double example.test
	assert_failure 1
	assert_line 'dns: ok'
	assert_line 'edns: no OPT record in the answer'
	assert_line 'edns1: expected BADVERS, got NOERROR'
	assert_line 'zflag: ok'
	assert_line '14 tests, 2 ok, 12 failed'
}

@test "edns-probe: echoing an unknown option fails ednsopt and edns1opt" {
	double_start echo-opt
	run probe_double example.test
	assert_failure 1
	assert_line 'ednsopt: unknown option 100 echoed'
	assert_line 'edns1opt: unknown option 100 echoed'
	assert_line 'edns: ok'
	# An echoed empty EXPIRE breaks RFC 7314 in a response.
	assert_line 'optlist: expire-bad-length: EXPIRE of 0 octets in a response, not 4 (RFC 7314 §2)'
}

@test "edns-probe: echoing unknown EDNS flags fails ednsflags" {
	double_start keep-flags
	run probe_double example.test
	assert_failure 1
	assert_line 'ednsflags: unknown EDNS flags 0x0040 echoed'
	assert_line '14 tests, 12 ok, 1 failed, 1 skipped'
}

@test "edns-probe: not echoing DO fails do" {
	double_start no-do
	run probe_double example.test
	assert_failure 1
	assert_line 'do: DO not set in the answer'
}

@test "edns-probe: copying the header Z bit fails zflag" {
	double_start keep-z
	run probe_double example.test
	assert_failure 1
	assert_line 'zflag: header Z bit set in the answer'
	assert_line '14 tests, 12 ok, 1 failed, 1 skipped'
}

@test "edns-probe: no TCP fails ednstcp" {
	double_start no-tcp
	run probe_double example.test
	assert_failure 1
	assert_line "ednstcp: TCP to 127.0.0.1#$DOUBLE_PORT failed: Connection refused"
}

@test "edns-probe: BADVERS to version 0 fails edns" {
	double_start badvers
	run probe_double example.test
	assert_failure 1
	assert_line 'edns: expected NOERROR, got BADVERS'
	assert_line 'edns1: ok'
}

@test "edns-probe: two OPT records fail" {
	double_start two-opt
	run probe_double example.test
	assert_failure 1
	assert_line 'edns: 2 OPT records in the answer'
}

@test "edns-probe: FORMERR to EDNS and dropped EDNS queries fail" {
	double_start formerr-edns
	run probe_double example.test
	assert_failure 1
	assert_line 'edns: expected NOERROR, got FORMERR'
	double_stop
	double_start drop-edns
	run probe_double example.test
	assert_failure 1
	assert_line 'edns: timeout'
	assert_line 'ednstcp: timeout over TCP'
	assert_line 'dns: ok'
}

@test "edns-probe: a server that never answers is a network error (exit 3)" {
	double_start drop-all
	run --separate-stderr probe_double example.test
	assert_failure 3
	assert_line 'dns: timeout'
	[[ $stderr == *"no answer from 127.0.0.1#$DOUBLE_PORT to any test"* ]]
}

@test "edns-probe: malformed answers fail every test" {
	double_start malformed
	run probe_double example.test
	assert_failure 1
	assert_line --regexp '^dns: malformed answer: '
	assert_line '14 tests, 0 ok, 14 failed'
}

@test "edns-probe: usage errors exit 2" {
	run --separate-stderr dnstk-edns-probe @127.0.0.1
	assert_failure 2
	[[ $stderr == *"no ZONE given"* ]]
	run --separate-stderr dnstk-edns-probe @127.0.0.1 a.test b.test
	assert_failure 2
	run --separate-stderr dnstk-edns-probe --format=hex @127.0.0.1 a.test
	assert_failure 2
	run --separate-stderr dnstk-edns-probe @127.0.0.1 'bad..zone'
	assert_failure 2
}

@test "edns-probe: a server that refuses the zone says so once and stops (exit 1)" {
	# Independent check: NSD serves example.test and signed.test only and
	# refuses other.test.
	run drill -p "$NSD_PORT" @127.0.0.1 SOA other.test
	assert_output --partial 'rcode: REFUSED'
	run --separate-stderr dnstk-edns-probe @127.0.0.1 -p "$NSD_PORT" other.test
	assert_failure 1
	[ -z "$output" ]
	[ "$stderr" = "dnstk-edns-probe: 127.0.0.1#$NSD_PORT is not authoritative for other.test (REFUSED)" ]
	run --separate-stderr dnstk-edns-probe -j @127.0.0.1 -p "$NSD_PORT" other.test
	assert_failure 1
	[ -z "$output" ]
	[ "$(grep -c 'not authoritative' <<<"$stderr")" -eq 1 ]
}

@test "edns-probe: -s twice is a usage error" {
	run --separate-stderr dnstk-edns-probe -s 127.0.0.1 -s 127.0.0.2 a.test
	assert_failure 2
	[[ $stderr == *"--server: given more than once"* ]]
}
