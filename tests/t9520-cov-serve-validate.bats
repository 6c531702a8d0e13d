#!/usr/bin/env bats
# dnstk-serve --forward --validate with the trust anchors it can be given:
# none (the built-in IANA root anchors, which do not fit the test root:
# SERVFAIL, as a validating Unbound with the IANA anchors answers too), a
# file and no --now (today's clock, inside the fixture's validity), and a
# file that holds no anchor (refused before listening).

bats_require_minimum_version 1.5.0

setup_file() {
	load helpers/common
	load helpers/servers
	local args=() f z
	for f in "$FIX"/dnssec/zones/*.zone; do
		z=$(basename "$f" .zone)
		[ "$z" = root ] && z=.
		args+=("$z" "$f")
	done
	nsd_start "$BATS_FILE_TMPDIR/nsd" "${args[@]}"
}

teardown_file() {
	load helpers/servers
	nsd_stop
}

setup() {
	load helpers/common
	load helpers/servers
	load helpers/serve
	load helpers/unbound
	D=$FIX/dnssec
	SERVE_PID= UNBOUND_PID=
}

teardown() {
	serve_stop
	unbound_stop
}

vq() {
	dnstk-query @127.0.0.1 -p "$SERVE_PORT" --timeout=8 --tries=1 "$@"
}

@test "cov2 serve validate: the built-in IANA anchors do not fit the test root: SERVFAIL, as Unbound says" {
	[ -f /usr/share/dns/root.ds ] || skip "no IANA root anchor file here"
	serve_start --forward="127.0.0.1#$NSD_PORT" --validate --now=20260601000000
	run vq --dnssec www.e13.tld A
	assert_output --partial 'status: SERVFAIL'
	refute_output --partial 'IN	A	'
	# Unbound with the IANA root DS over the same hierarchy
	unbound_start "$BATS_TEST_TMPDIR/unbound" /usr/share/dns/root.ds "$NSD_PORT"
	run dig +dnssec +tries=1 +time=8 -p "$UNBOUND_PORT" @127.0.0.1 www.e13.tld A
	assert_output --partial 'status: SERVFAIL'
	# with the test root's anchor the same name is secure (AD)
	serve_stop
	serve_start --forward="127.0.0.1#$NSD_PORT" --validate \
	    --anchor="$D/root.anchor" --now=20260601000000
	run vq --dnssec www.e13.tld A
	assert_output --partial 'flags: qr rd ra ad;'
}

@test "cov2 serve validate: an anchor file and no --now: validated at today's time" {
	# the fixture's signatures run from 2025 to 2060: today is inside
	serve_start --forward="127.0.0.1#$NSD_PORT" --validate --anchor="$D/root.anchor"
	run vq --dnssec www.e13.tld A
	assert_output --partial 'flags: qr rd ra ad;'
	assert_output --partial 'status: NOERROR'
}

@test "cov2 serve validate: an anchor file without an anchor is refused before listening" {
	printf 'www.example. 3600 IN A 192.0.2.1\n' >"$BATS_TEST_TMPDIR/a"
	run --separate-stderr timeout 10 dnstk-serve -p 0 -l 127.0.0.1 \
	    --forward="127.0.0.1#$NSD_PORT" --validate --anchor="$BATS_TEST_TMPDIR/a"
	assert_failure 2
	[ "$stderr" = "dnstk-serve: $BATS_TEST_TMPDIR/a: no DS or DNSKEY record in '$BATS_TEST_TMPDIR/a'" ] ||
	    fail "$stderr"
	[ -z "$output" ]
}
