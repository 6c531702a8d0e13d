#!/usr/bin/env bats
# dnstk-tlsa-check's refusals: bad --tlsa files (each names SOURCE:LINE
# and exits 2), unreadable inputs, a bad host name, and a TLS server that
# ends the handshake with an alert (openssl s_server demanding a client
# certificate under TLS 1.2): exit 3 with OpenSSL's reason.

bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	load helpers/servers
	load helpers/dane
	D=$FIX/dane
	H=www.example.test
	O=_443._tcp.$H.
}

teardown() {
	s_server_stop
}

# bad LINE... -- WHY: --tlsa with these lines exits 2, "FILE:1: WHY".
bad() {
	local lines=()
	while [ "$1" != -- ]; do
		lines+=("$1")
		shift
	done
	printf '%s\n' "${lines[@]}" > "$BATS_TEST_TMPDIR/tlsa"
	run --separate-stderr dnstk-tlsa-check --tlsa="$BATS_TEST_TMPDIR/tlsa" \
	    --insecure-ok --cert="$D/chain-ec.pem" -q $H
	[ "$status" -eq 2 ] || fail "exit $status for ${lines[*]}: $stderr"
	[ "$stderr" = "dnstk-tlsa-check: $BATS_TEST_TMPDIR/tlsa:1: $2" ] ||
	    fail "for ${lines[*]}: got '$stderr'"
	[ -z "$output" ]
}

@test "cov tlsa: malformed TLSA records name the line and exit 2" {
	bad "$O 3600 IN TLSA \\# 2 0301" -- "TLSA rdata shorter than 3 octets"
	bad "$O 3600 IN TLSA \\# x 030101" -- \
	    "cannot parse record '$O': bad RFC 3597 rdata length"
	bad "$O 3600 IN TLSA \\# 4 030101" -- \
	    "cannot parse record '$O': RFC 3597 rdata length does not match its data"
	bad "3 1 1 zz" -- "bad TLSA rdata: association data is not hex"
	bad "3 1 1 abc" -- "bad TLSA rdata: odd number of hex digits"
	bad "( 3 1 1" -- "unbalanced '(': no ')' before the end"
	bad "$O 3600 IN TLSA ( 3 1 1 abcd" -- "'(' is never closed"
}

@test "cov tlsa: records for another owner or of another type are skipped with a warning" {
	printf '%s\n' "_443._tcp.other.test. 3600 IN TLSA 3 1 1 abcd" \
	    "$O 3600 IN A 192.0.2.1" > "$BATS_TEST_TMPDIR/tlsa"
	run --separate-stderr -1 dnstk-tlsa-check \
	    --tlsa="$BATS_TEST_TMPDIR/tlsa" --insecure-ok \
	    --cert="$D/chain-ec.pem" -q $H
	[[ $stderr == *":1: warning: ignoring TLSA of '_443._tcp.other.test.': the owner is not '$O'"* ]] ||
	    fail "$stderr"
	[[ $stderr == *":2: warning: ignoring a"*" record: not TLSA"* ]] ||
	    fail "$stderr"
	assert_output --partial "no-tlsa"
}

@test "cov tlsa: unreadable inputs and a bad host name exit 2" {
	echo "3 1 1 $(assoc "$D/leaf-ec.pem" 1 1)" > "$BATS_TEST_TMPDIR/tlsa"
	run --separate-stderr -2 dnstk-tlsa-check --tlsa="$BATS_TEST_TMPDIR/nope" \
	    --insecure-ok --cert="$D/chain-ec.pem" $H
	[ "$stderr" = "dnstk-tlsa-check: cannot open '$BATS_TEST_TMPDIR/nope': No such file or directory" ]
	run --separate-stderr -2 dnstk-tlsa-check --tlsa="$BATS_TEST_TMPDIR" \
	    --insecure-ok --cert="$D/chain-ec.pem" $H
	[ "$stderr" = "dnstk-tlsa-check: $BATS_TEST_TMPDIR: read error" ]
	run --separate-stderr -2 dnstk-tlsa-check --tlsa="$BATS_TEST_TMPDIR/tlsa" \
	    --insecure-ok --cert="$D/leaf-ec.key" $H
	[ "$stderr" = "dnstk-tlsa-check: $D/leaf-ec.key: no PEM certificate" ]
	run --separate-stderr -2 dnstk-tlsa-check --tlsa="$BATS_TEST_TMPDIR/tlsa" \
	    --insecure-ok --cert="$D/chain-ec.pem" 'bad host..'
	[ "$stderr" = "dnstk-tlsa-check: bad host name 'bad host..'" ]
}

@test "cov tlsa: a server that ends the handshake with an alert: exit 3, OpenSSL's reason" {
	echo "3 1 1 $(assoc "$D/leaf-ec.pem" 1 1)" > "$BATS_TEST_TMPDIR/tlsa"
	# TLS 1.2 and a required client certificate: the server sends a
	# handshake_failure alert before the handshake is done.
	s_server_start "$D/leaf-ec.pem" "$D/leaf-ec.key" -Verify 1 -tls1_2
	run --separate-stderr timeout 20 dnstk-tlsa-check --timeout=5 \
	    --connect=127.0.0.1:$SSRV_PORT --tlsa="$BATS_TEST_TMPDIR/tlsa" \
	    --insecure-ok $H
	[ "$status" -eq 3 ] || fail "exit $status: $stderr"
	[[ $stderr == "dnstk-tlsa-check: TLS handshake failed: "*"alert handshake failure"* ]] ||
	    fail "$stderr"
	[ -z "$output" ]
	# The same server without the demand: the check itself passes.
	s_server_stop
	s_server_start "$D/leaf-ec.pem" "$D/leaf-ec.key" -tls1_2
	run -0 timeout 20 dnstk-tlsa-check -q --timeout=5 \
	    --connect=127.0.0.1:$SSRV_PORT --tlsa="$BATS_TEST_TMPDIR/tlsa" \
	    --insecure-ok $H
}

@test "cov tlsa: PKIX-EE needs the trust store: --CAfile given, missing, unreadable" {
	echo "1 1 1 $(assoc "$D/leaf-ec.pem" 1 1)" > "$BATS_TEST_TMPDIR/tlsa"
	run -0 dnstk-tlsa-check --tlsa="$BATS_TEST_TMPDIR/tlsa" --insecure-ok \
	    --cert="$D/chain-ec.pem" --CAfile="$D/root.pem" -q $H
	assert_output --partial "match: record 1 (PKIX-EE) matched at depth 0"
	# the test root is in no system store: the PKIX path fails
	run -1 dnstk-tlsa-check --tlsa="$BATS_TEST_TMPDIR/tlsa" --insecure-ok \
	    --cert="$D/chain-ec.pem" --CAfile="$D/other-root.pem" -q $H
	assert_output --partial "no-match: unable to get local issuer certificate"
	run --separate-stderr -2 dnstk-tlsa-check --tlsa="$BATS_TEST_TMPDIR/tlsa" \
	    --insecure-ok --cert="$D/chain-ec.pem" --CAfile="$D/leaf-ec.key" -q $H
	[ "$stderr" = "dnstk-tlsa-check: --CAfile: cannot load certificates from '$D/leaf-ec.key'" ]
}

@test "cov tlsa: --generate with every option, checked against openssl" {
	run -0 dnstk-tlsa-check --generate --cert="$D/chain-ec.pem" --all $H
	assert_line "$O 3600 IN TLSA 3 1 1 $(assoc "$D/leaf-ec.pem" 1 1)"
	assert_line "$O 3600 IN TLSA 2 1 1 $(assoc "$D/int.pem" 1 1)"
	run -0 dnstk-tlsa-check --generate --cert="$D/chain-ec.pem" \
	    --usage=PKIX-TA --selector=CERT --mtype=FULL $H
	# a trust-anchor usage names the issuer, not the leaf
	assert_output "$O 3600 IN TLSA 0 0 0 $(assoc "$D/int.pem" 0 0)"
	run -0 dnstk-tlsa-check --generate --cert="$D/chain-ec.pem" \
	    --mtype=SHA2-512 --ttl=60 --proto=udp $H 853
	assert_output "_853._udp.$H. 60 IN TLSA 3 1 2 $(assoc "$D/leaf-ec.pem" 1 2)"
}

@test "cov tlsa: unbalanced parentheses, NUL bytes, too many records; RRSIGs pass quietly" {
	bad "3 1 1 abcd )" -- "unbalanced ')'"
	printf '3 1 1 ab\0cd\n' > "$BATS_TEST_TMPDIR/tlsa"
	run --separate-stderr -2 dnstk-tlsa-check --tlsa="$BATS_TEST_TMPDIR/tlsa" \
	    --insecure-ok --cert="$D/chain-ec.pem" -q $H
	[ "$stderr" = "dnstk-tlsa-check: $BATS_TEST_TMPDIR/tlsa:1: NUL byte in input" ]
	for i in $(seq 1025); do
		printf '3 1 1 %064x\n' "$i"
	done > "$BATS_TEST_TMPDIR/tlsa"
	run --separate-stderr -2 dnstk-tlsa-check --tlsa="$BATS_TEST_TMPDIR/tlsa" \
	    --insecure-ok --cert="$D/chain-ec.pem" -q $H
	[ "$stderr" = "dnstk-tlsa-check: $BATS_TEST_TMPDIR/tlsa:1025: more than 1024 TLSA records" ]
	printf '%s\n' "$O 300 IN RRSIG TLSA 13 4 300 20600101000000 20250101000000 1 $H. AAAA" \
	    "$O 300 IN TLSA 3 1 1 $(assoc "$D/leaf-ec.pem" 1 1)" > "$BATS_TEST_TMPDIR/tlsa"
	run --separate-stderr -0 dnstk-tlsa-check --tlsa="$BATS_TEST_TMPDIR/tlsa" \
	    --insecure-ok --cert="$D/chain-ec.pem" -q $H
	[ -z "$stderr" ]
	assert_output --partial "match: record 1 (DANE-EE)"
}

@test "cov tlsa: a chain of more than 32 certificates; PKIX-TA on a chain that does not verify" {
	for i in $(seq 17); do cat "$D/chain-ec.pem"; done > "$BATS_TEST_TMPDIR/many.pem"
	echo "3 1 1 $(assoc "$D/leaf-ec.pem" 1 1)" > "$BATS_TEST_TMPDIR/tlsa"
	run --separate-stderr -2 dnstk-tlsa-check --tlsa="$BATS_TEST_TMPDIR/tlsa" \
	    --insecure-ok --cert="$BATS_TEST_TMPDIR/many.pem" -q $H
	[ "$stderr" = "dnstk-tlsa-check: $BATS_TEST_TMPDIR/many.pem: more than 32 certificates" ]
	# the intermediate matches, but the trust store holds another root
	echo "0 0 1 $(assoc "$D/int.pem" 0 1)" > "$BATS_TEST_TMPDIR/tlsa"
	run -1 dnstk-tlsa-check --tlsa="$BATS_TEST_TMPDIR/tlsa" --insecure-ok \
	    --cert="$D/chain-ec.pem" --CAfile="$D/other-root.pem" $H
	assert_line "  pkix-failure: matches depth 1, but the chain does not verify: unable to get local issuer certificate"
}

@test "cov tlsa: option values and conflicts are refused with exit 2" {
	local c="--cert=$D/chain-ec.pem" args want
	while IFS='|' read -r args want; do
		# shellcheck disable=SC2086
		run --separate-stderr timeout 10 dnstk-tlsa-check $args x
		[ "$status" -eq 2 ] || fail "$args: exit $status"
		[ "${stderr%%$'\n'*}" = "dnstk-tlsa-check: $want" ] ||
		    fail "$args: got '$stderr', want '$want'"
	done <<ROWS
-p 0|--port: not a port number (1-65535): '0'
--in=xml|--in: not text, hex or json: 'xml'
--now=yesterday|--now: not Unix seconds or YYYYMMDDHHMMSS: 'yesterday'
--tries=0|--tries: not 1-100: '0'
--starttls=gopher|--starttls: not smtp, imap, pop3, xmpp, ftp, postgres or ldap: 'gopher'
--generate --ttl=-1|--ttl: not 0-2147483647: '-1'
--generate --usage=9|--usage: not 0-3 or PKIX-TA, PKIX-EE, DANE-TA, DANE-EE: '9'
--generate --selector=X|--selector: not 0-1 or CERT, SPKI: 'X'
--generate --mtype=7|--mtype: not 0-2 or FULL, SHA2-256, SHA2-512: '7'
--proto=icmp|--proto: not tcp, udp or sctp: 'icmp'
--generate --pipe|--generate conflicts with --pipe and --tlsa
--pipe --tlsa=-|--pipe relays stdin: --tlsa=- conflicts with it
$c --connect=192.0.2.1|--cert conflicts with --connect, --sni and --starttls
$c --sni=a.example|--cert conflicts with --connect, --sni and --starttls
$c --starttls=smtp|--cert conflicts with --connect, --sni and --starttls
-j -q|-j and -q conflict
ROWS
}
