#!/usr/bin/env bats
# dnstk-serve --forward against upstreams that misbehave (the dnsdouble
# responder on 127.0.0.1): silence, malformed answers, truncation with and
# without TCP, answers with a wrong ID or without QR first; and the
# option checks of --forward.  A usable upstream answer is passed on
# (with RA, without AA); anything else is SERVFAIL, never a hang.

bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	load helpers/servers
	load helpers/serve
	load helpers/dnsdouble
}

teardown() {
	serve_stop
	double_stop
}

# fwd MODE: dnsdouble in MODE, dnstk-serve forwarding to it.
fwd() {
	double_start "$1"
	serve_start --forward="127.0.0.1#$DOUBLE_PORT"
}

# ask NAME: one query (time for the forwarder's two 0.7 s tries).
ask() {
	dnstk-query @127.0.0.1 -p "$SERVE_PORT" --timeout=5 --tries=1 "$1" A
}

@test "cov serve forward: bad --forward values exit 2 and say why" {
	run --separate-stderr -2 dnstk-serve --forward='[]'
	[ "$stderr" = "dnstk-serve: --forward: '[]' is not an address" ]
	run --separate-stderr -2 dnstk-serve --forward='#53'
	[ "$stderr" = "dnstk-serve: --forward: '#53' is not an address" ]
	run --separate-stderr -2 dnstk-serve --forward='127.0.0.1#0'
	[ "$stderr" = "dnstk-serve: --forward: bad port in '127.0.0.1#0'" ]
	run --separate-stderr -2 dnstk-serve --forward='ns.example'
	[ "$stderr" = "dnstk-serve: --forward: 'ns.example' is not an IPv4 or IPv6 address" ]
	run --separate-stderr -2 dnstk-serve
	[[ $stderr == *"no zone file and no --forward given"* ]] || fail "$stderr"
	run --separate-stderr -2 dnstk-serve --validate "$FIX/serve/serve.test.nsec"
	[[ $stderr == *"--validate and --anchor need --forward"* ]] || fail "$stderr"
}

@test "cov serve forward: a compliant upstream's answer, with RA and without AA" {
	fwd ""
	run -0 ask www.example
	assert_output --partial 'status: NOERROR'
	assert_line --regexp '^;; flags: qr rd ra;'
	assert_line --regexp '^www\.example\.[[:space:]]+[0-9]+[[:space:]]+IN[[:space:]]+A[[:space:]]+192\.0\.2\.1$'
}

@test "cov serve forward: a wrong ID or a missing QR first does not fool it" {
	for mode in wrong-id not-response; do
		fwd $mode
		run -0 ask www.example
		assert_output --partial 'status: NOERROR'
		assert_output --partial '192.0.2.1'
		serve_stop
		double_stop
	done
}

@test "cov serve forward: truncated over UDP, asked again over TCP" {
	fwd always-tc
	run -0 ask www.example
	assert_output --partial 'status: NOERROR'
	assert_output --partial '192.0.2.1'
	refute_line --regexp '^;; flags:.* tc'
}

@test "cov serve forward: a silent, broken or TCP-less upstream gives SERVFAIL" {
	for mode in drop-all malformed always-tc,no-tcp only-wrong-id; do
		fwd $mode
		run -0 ask www.example
		[[ $output == *"status: SERVFAIL"* ]] || fail "$mode: $output"
		serve_stop
		[ "$SERVE_STATUS" -eq 0 ] || fail "$mode: serve exited $SERVE_STATUS"
		double_stop
	done
}
