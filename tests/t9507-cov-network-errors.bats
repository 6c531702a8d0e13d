#!/usr/bin/env bats
# Network failures of the online tools, against 127.0.0.1 only: a closed
# port, a silent server and a malformed one (the dnsdouble responder).
# CLI.md: --timeout=SECONDS everywhere (decimals as dig's +timeout does
# not, but as every dnstk tool documents), exit 3 for network errors.

bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	load helpers/servers
	load helpers/dnsdouble
	A=$FIX/dnssec/root.anchor
}

teardown() {
	double_stop
}

@test "cov network: every networked tool takes --timeout in decimal seconds" {
	local p
	p=$(free_port)
	run -3 timeout 20 dnstk-query --timeout=0.5 --tries=1 @127.0.0.1 -p "$p" x A
	run -3 timeout 20 dnstk-edns-probe --timeout=0.5 --tries=1 @127.0.0.1 -p "$p" x
	run -3 timeout 20 dnstk-verify-chain --timeout=0.5 --tries=1 \
	    -s 127.0.0.1 -p "$p" --anchor="$A" x A
	for t in dnstk-query dnstk-verify-chain dnstk-edns-probe; do
		# the first line of a usage error says what is wrong
		run --separate-stderr -2 $t --timeout=0 x
		[ "${stderr%%$'\n'*}" = "$t: --timeout: '0': too small" ] ||
		    fail "$t: $stderr"
		run --separate-stderr -2 $t --timeout=0.0001 x
		[[ ${stderr%%$'\n'*} == "$t: --timeout: '0.0001': "* ]] ||
		    fail "$t: $stderr"
	done
}

@test "cov network: no tool takes a --timeout that is not decimal seconds" {
	local t v
	for t in dnstk-query dnstk-verify-chain dnstk-edns-probe \
	    dnstk-tlsa-check; do
		for v in nan 1e2 0x10 ' 5' -1; do
			run --separate-stderr timeout 10 $t --timeout="$v" x
			[ "$status" -eq 2 ] || fail "$t --timeout='$v': exit $status"
			[[ ${stderr%%$'\n'*} == "$t: --timeout"* ]] ||
			    fail "$t --timeout='$v': $stderr"
		done
	done
}

@test "cov network: verify-chain online: a closed port, a silent and a malformed server" {
	local p
	p=$(free_port)
	run --separate-stderr -3 timeout 20 dnstk-verify-chain --timeout=1 \
	    --tries=1 -s 127.0.0.1 -p "$p" --anchor="$A" www.example A
	[[ $stderr == *"127.0.0.1"*"Connection refused"* ]] || fail "$stderr"
	double_start drop-all
	run --separate-stderr -3 timeout 20 dnstk-verify-chain --timeout=1 \
	    --tries=1 -s 127.0.0.1 -p "$DOUBLE_PORT" --anchor="$A" www.example A
	[ "$stderr" = "dnstk-verify-chain: no answer from 127.0.0.1 for www.example. A" ]
	double_stop
	double_start malformed
	run --separate-stderr -3 timeout 20 dnstk-verify-chain --timeout=1 \
	    --tries=1 -s 127.0.0.1 -p "$DOUBLE_PORT" --anchor="$A" www.example A
	[[ $stderr == *"unparsable answer from 127.0.0.1"* ]] || fail "$stderr"
	[ -z "$output" ]
}
