#!/usr/bin/env bats
# dnstk-tlsa-check: the forms of --connect (a bracketed IPv6 address with
# and without a port, a bare one, bad ones), a bad --sni, trust anchor
# files that cannot be used, and the DNS server taken from resolv.conf.
# TLS comes from openssl s_server, TLSA records from NSD; the association
# data is computed with the openssl command line.

bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	load helpers/servers
	load helpers/dane
	D=$FIX/dane
	H=www.example.test
	SSRV_PID= NSD_PID=
	echo "3 1 1 $(assoc "$D/leaf-ec.pem" 1 1)" >"$BATS_TEST_TMPDIR/tlsa"
}

teardown() {
	s_server_stop
	nsd_stop
}

# s_server6_start: openssl s_server -www on [::1] on a free port; sets
# SSRV_PORT and SSRV_PID (stopped by s_server_stop).
s_server6_start() {
	local i
	SSRV_PORT=$(free_port) || return 1
	mkfifo "$BATS_TEST_TMPDIR/s6.in"
	openssl s_server -accept "[::1]:$SSRV_PORT" -cert "$D/leaf-ec.pem" \
	    -key "$D/leaf-ec.key" -cert_chain "$D/int.pem" -quiet -www \
	    0<>"$BATS_TEST_TMPDIR/s6.in" >"$BATS_TEST_TMPDIR/s6.log" 2>&1 3>&- &
	SSRV_PID=$!
	for i in $(seq 1 200); do
		(exec 3<>"/dev/tcp/::1/$SSRV_PORT") 2>/dev/null && return 0
		kill -0 "$SSRV_PID" 2>/dev/null || break
		sleep 0.1
	done
	return 1
}

@test "cov2 tlsa: --connect=[::1]:PORT reaches an IPv6 server; the verdict agrees with s_client" {
	s_server6_start || skip "no IPv6 loopback"
	run --separate-stderr dnstk-tlsa-check --tlsa="$BATS_TEST_TMPDIR/tlsa" \
	    --connect="[::1]:$SSRV_PORT" --timeout=5 -q $H
	assert_success
	assert_output --regexp '^verdict: match: record 1 \(DANE-EE\) matched at depth 0'
	# the same record, checked by OpenSSL's own DANE code over IPv6
	run bash -c "openssl s_client -connect '[::1]:$SSRV_PORT' -servername $H \
	    -dane_tlsa_domain $H -dane_tlsa_rrdata '$(cat "$BATS_TEST_TMPDIR/tlsa")' \
	    -brief </dev/null 2>&1"
	assert_output --partial 'Verification: OK'
	# a changed digest: no match on the same connection path
	echo "3 1 1 $(flip "$(assoc "$D/leaf-ec.pem" 1 1)")" >"$BATS_TEST_TMPDIR/other"
	run --separate-stderr dnstk-tlsa-check --tlsa="$BATS_TEST_TMPDIR/other" \
	    --connect="[::1]:$SSRV_PORT" --timeout=5 -q $H
	assert_failure 1
	assert_output --regexp '^verdict: no-match: '
}

@test "cov2 tlsa: --connect without a port dials HOST's port; a bare IPv6 address has none" {
	# the PORT operand on a free port: the error names the address and
	# the port dialled
	p=$(free_port)
	run --separate-stderr timeout 20 dnstk-tlsa-check --timeout=1 \
	    --tlsa="$BATS_TEST_TMPDIR/tlsa" --connect="[::1]" $H "$p"
	assert_failure 3
	[ "$stderr" = "dnstk-tlsa-check: cannot connect to ::1 port $p: Connection refused" ] ||
	    fail "$stderr"
	run --separate-stderr timeout 20 dnstk-tlsa-check --timeout=1 \
	    --tlsa="$BATS_TEST_TMPDIR/tlsa" --connect=::1 $H "$p"
	assert_failure 3
	[ "$stderr" = "dnstk-tlsa-check: cannot connect to ::1 port $p: Connection refused" ] ||
	    fail "$stderr"
	run --separate-stderr timeout 20 dnstk-tlsa-check --timeout=1 \
	    --tlsa="$BATS_TEST_TMPDIR/tlsa" --connect=127.0.0.1 $H "$p"
	assert_failure 3
	[ "$stderr" = "dnstk-tlsa-check: cannot connect to 127.0.0.1 port $p: Connection refused" ] ||
	    fail "$stderr"
}

@test "cov2 tlsa: bad --connect values and a bad --sni exit 2" {
	local args want
	while IFS='|' read -r args want; do
		# shellcheck disable=SC2086
		run --separate-stderr timeout 10 dnstk-tlsa-check --timeout=1 \
		    --tlsa="$BATS_TEST_TMPDIR/tlsa" $args $H
		[ "$status" -eq 2 ] || fail "$args: exit $status ($stderr)"
		[ "$stderr" = "dnstk-tlsa-check: $want" ] ||
		    fail "$args: got '$stderr', want '$want'"
		[ -z "$output" ] || fail "$args: printed '$output'"
	done <<ROWS
--connect=:443|--connect: bad address ':443'
--connect=127.0.0.1:0|--connect: bad port in '127.0.0.1:0'
--connect=127.0.0.1:x|--connect: bad port in '127.0.0.1:x'
--connect=[::1]:65536|--connect: bad port in '[::1]:65536'
--connect=[]:443|--connect: bad address '[]:443'
--connect=[::1|--connect: bad address '[::1'
--connect=[::1]443|--connect: bad address '[::1]443'
ROWS
	# --sni is checked once connected: a TLS server is needed
	s_server_start "$D/leaf-ec.pem" "$D/leaf-ec.key" -cert_chain "$D/int.pem" -www
	run --separate-stderr dnstk-tlsa-check --tlsa="$BATS_TEST_TMPDIR/tlsa" \
	    --connect="127.0.0.1:$SSRV_PORT" --sni=. -q $H
	assert_failure 2
	[ "$stderr" = "dnstk-tlsa-check: --sni: bad name '.'" ] || fail "$stderr"
	[ -z "$output" ]
}

@test "cov2 tlsa: a missing or unreadable --anchor file exits 2 before any query" {
	# no server at all on this port: the anchor is read first
	p=$(free_port)
	run --separate-stderr timeout 10 dnstk-tlsa-check -s 127.0.0.1 -p "$p" \
	    --anchor="$BATS_TEST_TMPDIR/none" --cert="$D/chain-ec.pem" $H
	assert_failure 2
	[ "$stderr" = "dnstk-tlsa-check: cannot open '$BATS_TEST_TMPDIR/none': No such file or directory" ] ||
	    fail "$stderr"
	echo "example.test. 3600 IN" >"$BATS_TEST_TMPDIR/bad.anchor"
	run --separate-stderr timeout 10 dnstk-tlsa-check -s 127.0.0.1 -p "$p" \
	    --anchor="$BATS_TEST_TMPDIR/bad.anchor" --cert="$D/chain-ec.pem" $H
	assert_failure 2
	[[ $stderr == "dnstk-tlsa-check: $BATS_TEST_TMPDIR/bad.anchor:1: "* ]] ||
	    fail "$stderr"
	[ -z "$output" ]
	# ldns agrees that the line is no record
	run ldns-read-zone "$BATS_TEST_TMPDIR/bad.anchor"
	assert_failure
}

@test "cov2 tlsa: without -s the DNS server comes from resolv.conf" {
	nsd_start "$BATS_TEST_TMPDIR/nsd" example.test "$D/example.test.zone"
	printf '# test resolver\nnameserver 127.0.0.1\n' >"$BATS_TEST_TMPDIR/resolv.conf"
	DNSTK_RESOLV_CONF=$BATS_TEST_TMPDIR/resolv.conf run --separate-stderr \
	    dnstk-tlsa-check -p "$NSD_PORT" --anchor="$D/dane.anchor" \
	    --now=20260601000000 --cert="$D/chain-ec.pem" $H
	assert_success
	assert_line --index 0 "tlsa: _443._tcp.$H. 1 record, dnssec secure"
	# the record is the one NSD serves, as dig sees it
	want=$(dig +short -p "$NSD_PORT" @127.0.0.1 "_443._tcp.$H" TLSA | tr -d ' ' | tr A-F a-f)
	[ "$want" = "311$(assoc "$D/leaf-ec.pem" 1 1)" ] || fail "dig: $want"
	# a resolv.conf without a usable nameserver line is an error, not a hang
	echo 'search example.test' >"$BATS_TEST_TMPDIR/empty.conf"
	DNSTK_RESOLV_CONF=$BATS_TEST_TMPDIR/empty.conf run --separate-stderr \
	    timeout 20 dnstk-tlsa-check -p "$NSD_PORT" --anchor="$D/dane.anchor" \
	    --now=20260601000000 --cert="$D/chain-ec.pem" $H
	[ "$status" -ne 0 ] || fail "exit 0 without a server"
	[[ $stderr == "dnstk-tlsa-check: "* ]] || fail "$stderr"
}
