#!/usr/bin/env bats
# Issue 12: a query's JSON object carries what dig's footer says (server,
# port, protocol, round-trip time, RFC 8427 dateSeconds and dateString)
# and the effective 12-bit RCODE as a member of its own, so that a filter
# cannot take BADVERS (header RCODE 0) for NOERROR.

bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	load helpers/dnsdouble
}

teardown() {
	double_stop
}

@test "json footer: BADVERS is 16 in effectiveRCODE while the header RCODE is 0" {
	double_start badvers
	run dnstk-query @127.0.0.1 -p "$DOUBLE_PORT" --timeout=1 -j www.example.test
	assert_success
	run jq -c '[.RCODE, .EDNS.extendedRCODE, .effectiveRCODE, .effectiveRCODEname]' <<<"$output"
	assert_output '[0,1,16,"BADVERS"]'
	double_stop
	double_start ""
	run dnstk-query @127.0.0.1 -p "$DOUBLE_PORT" --timeout=1 -j www.example.test
	assert_success
	run jq -c '[.RCODE, .effectiveRCODE, .effectiveRCODEname]' <<<"$output"
	assert_output '[0,0,"NOERROR"]'
}

@test "json footer: selecting on effectiveRCODE keeps NOERROR and drops BADVERS" {
	double_start badvers
	bad=$(dnstk-query @127.0.0.1 -p "$DOUBLE_PORT" --timeout=1 -j www.example.test)
	double_stop
	double_start ""
	good=$(dnstk-query @127.0.0.1 -p "$DOUBLE_PORT" --timeout=1 -j www.example.test)
	run jq -c 'select(.effectiveRCODE == 0) | .answerRRs[0].rdataA' <<<"$bad
$good"
	assert_output '"192.0.2.1"'
	# The header RCODE alone would let both through.
	run jq -c 'select(.RCODE == 0) | .ID' <<<"$bad
$good"
	[ "${#lines[@]}" -eq 2 ]
}

@test "json footer: server, port, protocol, time and date of the answer" {
	double_start always-tc
	run --separate-stderr dnstk-query @127.0.0.1 -p "$DOUBLE_PORT" --timeout=1 -j www.example.test
	assert_success
	[ "$stderr" = "dnstk-query: truncated answer over UDP, retrying over TCP" ]
	run jq -r '[.server, (.port | tostring), .protocol] | join(" ")' <<<"$output"
	assert_output "127.0.0.1 $DOUBLE_PORT tcp"
	before=$(date +%s)
	obj=$(dnstk-query @127.0.0.1 -p "$DOUBLE_PORT" --timeout=1 -j --ignore-tc www.example.test)
	after=$(date +%s)
	run jq -r '.protocol' <<<"$obj"
	assert_output udp
	# dateSeconds within the run, dateString the same moment (RFC 3339 UTC)
	run jq -r --argjson b "$before" --argjson a "$after" \
	    '.dateSeconds >= $b and .dateSeconds < $a + 1 and
	     (.dateString | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$")) and
	     ((.dateSeconds | floor | todate) == (.dateString | sub("\\.[0-9]+Z$"; "Z"))) and
	     (.queryTimeMs | type == "number" and . >= 0)' <<<"$obj"
	assert_output true
}

@test "json footer: the objects still read back with dnstk-wire" {
	double_start ""
	run bash -c "set -o pipefail; dnstk-query @127.0.0.1 -p $DOUBLE_PORT --timeout=1 -j www.example.test | dnstk-wire"
	assert_success
	assert_line 'www.example.test.	3600	IN	A	192.0.2.1'
}
