#!/usr/bin/env bats
# dnstk-tlsa-check offline: --cert and --tlsa, every usage/selector/
# matching type, reasons, names, time, readers, --generate, exit codes.

setup() {
	load helpers/common
	load helpers/servers
	load helpers/dane
	D=$FIX/dane
	H=www.example.test
}

check() {	# check CHAIN TLSA-TEXT [ARGS...]: run with the records on stdin
	local chain=$1 recs=$2
	shift 2
	run --separate-stderr dnstk-tlsa-check --cert="$chain" --tlsa=- \
	    --CAfile="$D/root.pem" "$@" <<<"$recs"
}

@test "every usage, selector and matching type: matches, and fails when changed" {
	local u s m cert depth data bad=""
	for u in 0 1 2 3; do
		for s in 0 1; do
			for m in 0 1 2; do
				case $u in
				0|2) cert=$D/int.pem; depth=1 ;;
				*) cert=$D/leaf-ec.pem; depth=0 ;;
				esac
				data=$(assoc "$cert" $s $m)
				check "$D/chain-ec.pem" "$u $s $m $data" -j $H
				[ "$status" = 0 ] || bad="$bad $u$s$m:exit$status"
				[ "$(jq .depth <<<"$output")" = $depth ] ||
				    bad="$bad $u$s$m:depth"
				# A full TA record counts by its key: use
				# an unrelated certificate, not a flipped byte.
				other=$(flip "$data")
				[ $m = 0 ] && other=$(assoc "$D/other-root.pem" $s 0)
				check "$D/chain-ec.pem" "$u $s $m $other" -j $H
				[ "$status" = 1 ] || bad="$bad $u$s$m:flip-exit$status"
				[ "$(jq -r '.records[0].outcome' <<<"$output")" != match ] ||
				    bad="$bad $u$s$m:flip-outcome"
			done
		done
	done
	[ -z "$bad" ] || fail "failed:$bad"
}

@test "text report: each record's outcome and reason, the chain, one verdict" {
	ee=$(assoc "$D/leaf-ec.pem" 1 1)
	check "$D/chain-ec.pem" "3 1 1 $(flip "$ee")
3 0 1 $ee
3 1 1 $ee" $H
	assert_success
	assert_line --index 0 "tlsa: _443._tcp.$H. 3 records, dnssec given"
	assert_line --index 2 "  digest-differs: no certificate of the chain has this SPKI SHA2-256"
	assert_line --index 4 --partial "  wrong-selector: the data is the SPKI SHA2-256 of depth 0 (CN=$H), but the selector is CERT"
	assert_line --index 6 "  match: matched the certificate at depth 0 (CN=$H)"
	assert_line --index 7 "chain: 2 certificates"
	assert_line --index 8 "  depth 0: CN=$H"
	assert_line --index 9 "    issuer: CN=dnstk test intermediate CA"
	assert_line --index 10 "    valid: 2020-01-01T00:00:00Z to 2099-12-31T23:59:59Z"
	assert_line --index 11 "    spki-sha256: $ee"
	assert_line --regexp '^verdict: match: record 3 \(DANE-EE\) matched at depth 0; TLSA given'
	[ "$(grep -c '^verdict' <<<"$output")" = 1 ]
}

@test "-q prints the verdict only; -j is one JSON object" {
	ee=$(assoc "$D/leaf-ec.pem" 1 1)
	check "$D/chain-ec.pem" "3 1 1 $ee" -q $H
	assert_success
	assert_output --regexp '^verdict: match: '
	[ "${#lines[@]}" = 1 ]
	check "$D/chain-ec.pem" "3 1 1 $ee" -j $H
	assert_success
	jq -e '.verdict == "match" and .dnssec == "given" and .exit == 0 and
	    (.chain | length) == 2 and .records[0].outcome == "match"' <<<"$output"
}

@test "DANE-TA by digest needs the TA in the chain; a full TA record does not" {
	root1=$(assoc "$D/root.pem" 1 1)
	check "$D/chain-ec-root.pem" "2 1 1 $root1" -j $H
	assert_success
	[ "$(jq .depth <<<"$output")" = 2 ]
	check "$D/chain-ec.pem" "2 1 1 $root1" $H
	assert_failure 1
	assert_line --partial "ta-not-in-chain: no certificate of the chain matches; the chain stops at depth 1, whose issuer (CN=dnstk test root CA) was not presented"
	check "$D/chain-ec.pem" "2 0 0 $(assoc "$D/root.pem" 0 0)" -j $H
	assert_success
	[ "$(jq .depth <<<"$output")" = 2 ]
	check "$D/chain-ec.pem" "2 1 0 $(assoc "$D/root.pem" 1 0)" $H
	assert_success
}

@test "expired leaf: DANE-EE matches, PKIX-EE and DANE-TA fail on the date" {
	e=$(assoc "$D/expired.pem" 1 1)
	check "$D/chain-expired.pem" "3 1 1 $e" $H
	assert_success
	check "$D/chain-expired.pem" "1 1 1 $e" $H
	assert_failure 1
	assert_line "  pkix-failure: matches depth 0, but the chain does not verify: certificate has expired"
	check "$D/chain-expired.pem" "2 1 1 $(assoc "$D/int.pem" 1 1)" $H
	assert_failure 1
	# --now moves the clock for every usage that checks dates
	check "$D/chain-ec.pem" "1 1 1 $(assoc "$D/leaf-ec.pem" 1 1)" --now=20500101000000 $H
	assert_success
	check "$D/chain-ec.pem" "1 1 1 $(assoc "$D/leaf-ec.pem" 1 1)" --now=21000101000000 $H
	assert_failure 1
	assert_line --partial "certificate has expired"
	check "$D/chain-ec.pem" "1 1 1 $(assoc "$D/leaf-ec.pem" 1 1)" --now=19990101000000 $H
	assert_failure 1
	assert_line --partial "certificate is not yet valid"
}

@test "wrong name: DANE-EE matches, DANE-TA, PKIX-TA and PKIX-EE fail with name-mismatch" {
	check "$D/chain-ec.pem" "3 1 1 $(assoc "$D/leaf-ec.pem" 1 1)" wrong.example.test
	assert_success
	for rec in "2 1 1 $(assoc "$D/int.pem" 1 1)" "0 1 1 $(assoc "$D/int.pem" 1 1)" \
	    "1 1 1 $(assoc "$D/leaf-ec.pem" 1 1)"; do
		check "$D/chain-ec.pem" "$rec" wrong.example.test
		assert_failure 1
		assert_line --partial "name-mismatch: matches depth"
		assert_line --partial "no name of the server certificate is 'wrong.example.test'"
	done
}

@test "trailing dot and mixed case in HOST: names still match under every usage" {
	for rec in "2 1 1 $(assoc "$D/int.pem" 1 1)" "0 0 1 $(assoc "$D/int.pem" 0 1)" \
	    "1 1 1 $(assoc "$D/leaf-ec.pem" 1 1)"; do
		check "$D/chain-ec.pem" "$rec" WWW.Example.TEST.
		assert_success
		assert_line --index 0 --partial "_443._tcp.WWW.Example.TEST. "
	done
	check "$D/chain-ec.pem" "2 1 1 $(assoc "$D/int.pem" 1 1)" mail.example.test.
	assert_success
}

@test "PKIX usages need the trust store: an unrelated CA's leaf for the same name fails" {
	o=$(assoc "$D/other-leaf.pem" 1 1)
	check "$D/chain-other.pem" "1 1 1 $o" $H
	assert_failure 1
	assert_line --partial "pkix-failure: matches depth 0, but the chain does not verify: self-signed certificate in certificate chain"
	check "$D/chain-other.pem" "3 1 1 $o" $H
	assert_success
	run dnstk-tlsa-check --cert="$D/chain-other.pem" --tlsa=- \
	    --CAfile="$D/other-root.pem" $H <<<"1 1 1 $o"
	assert_success
}

@test "rollover RRset: a stale record beside the current one still matches" {
	check "$D/chain-rsa.pem" "3 1 1 $(assoc "$D/leaf-ec.pem" 1 1)
3 1 1 $(assoc "$D/leaf-rsa.pem" 1 1)" -j $H
	assert_success
	jq -e '.records[0].outcome == "digest-differs" and
	    .records[1].outcome == "match"' <<<"$output"
}

@test "unusable and malformed records beside a good one are ignored; alone they fail" {
	good="3 1 1 $(assoc "$D/leaf-ec.pem" 1 1)"
	check "$D/chain-ec.pem" "4 1 1 $(assoc "$D/leaf-ec.pem" 1 1)
3 2 1 $(assoc "$D/leaf-ec.pem" 1 1)
3 1 3 00
3 1 1 abcd
3 1 2 $(assoc "$D/leaf-ec.pem" 1 1)
2 0 0 0102
$good" -j $H
	assert_success
	jq -e '[.records[].outcome] == ["unusable","unusable","unusable",
	    "unusable","unusable","unusable","match"]' <<<"$output"
	jq -e '.records[3].reason == "unusable, ignored: SHA2-256 data is not 32 octets"' <<<"$output"
	check "$D/chain-ec.pem" "3 1 1 abcd" $H
	assert_failure 1
	assert_line --regexp '^verdict: no-usable-record: no usable TLSA record'
}

@test "Ed25519 self-signed and RSA leaves" {
	check "$D/self-ed25519.pem" "3 0 2 $(assoc "$D/self-ed25519.pem" 0 2)" self.example.test
	assert_success
	# OpenSSL's DANE-TA matches issuers only, never the leaf itself
	check "$D/self-ed25519.pem" "2 0 1 $(assoc "$D/self-ed25519.pem" 0 1)" self.example.test
	assert_failure 1
	assert_line "  wrong-depth: matches the server certificate (depth 0), but DANE-TA must match an issuer (depth 1 or more)"
	check "$D/chain-rsa.pem" "3 1 2 $(assoc "$D/leaf-rsa.pem" 1 2)" $H
	assert_success
}

@test "readers: dig +short split hex, acronyms, multi-line, whole records in text, hex and JSON" {
	d=$(assoc "$D/leaf-ec.pem" 1 1)
	up=${d^^}
	check "$D/chain-ec.pem" "3 1 1 ${up:0:56} ${up:56}" $H
	assert_success
	check "$D/chain-ec.pem" "DANE-EE SPKI SHA2-256 ( ${d:0:20}
	   ${d:20} ) ; comment" $H
	assert_success
	rr="_443._tcp.$H. 300 IN TLSA 3 1 1 $d"
	check "$D/chain-ec.pem" "$rr" $H
	assert_success
	check "$D/chain-ec.pem" "$(dnstk-wire --rr -w <<<"$rr")" $H
	assert_success
	check "$D/chain-ec.pem" "$(dnstk-wire --rr -j <<<"$rr")" $H
	assert_success
}

@test "records of another owner or type are ignored with a warning" {
	d=$(assoc "$D/leaf-ec.pem" 1 1)
	check "$D/chain-ec.pem" "_25._tcp.$H. 300 IN TLSA 3 1 1 $d
$H. 300 IN A 192.0.2.1
_443._tcp.$H. 300 IN TLSA 3 1 1 $(flip "$d")" $H
	assert_failure 1
	[[ $stderr == *"stdin:1: warning: ignoring TLSA of '_25._tcp.$H.': the owner is not '_443._tcp.$H.'"* ]] ||
	    fail "$stderr"
	[[ $stderr == *"stdin:2: warning: ignoring an A record: not TLSA"* ]] || fail "$stderr"
	check "$D/chain-ec.pem" "_25._tcp.$H. 300 IN TLSA 3 1 1 $d" $H 25
	assert_success
}

@test "--generate equals hash-slinger's tlsa --create for 3 1 1, 3 0 1, 3 1 2, 3 0 0, 2 0 1" {
	command -v tlsa >/dev/null || skip "hash-slinger not installed"
	for usm in "3 1 1" "3 0 1" "3 1 2" "3 0 0" "2 0 1"; do
		set -- $usm
		cert=$D/leaf-ec.pem
		[ "$1" = 2 ] && cert=$D/int.pem
		want=$(tlsa --create --certificate "$cert" --usage $1 \
		    --selector $2 --mtype $3 $H 2>/dev/null | grep TLSA)
		got=$(dnstk-tlsa-check --generate --cert="$D/chain-ec.pem" \
		    --usage=$1 --selector=$2 --mtype=$3 $H)
		[ "${got/ 3600 IN/ IN}" = "$want" ] || fail "$usm: '$got' != '$want'"
	done
}

@test "--generate --all, --ttl, acronyms, another port" {
	run dnstk-tlsa-check --generate --all --ttl=300 --usage=DANE-EE \
	    --selector=SPKI --mtype=SHA2-512 --cert="$D/chain-ec-root.pem" $H 25
	assert_success
	assert_line --index 0 "_25._tcp.$H. 300 IN TLSA 3 1 2 $(assoc "$D/leaf-ec.pem" 1 2)"
	assert_line --index 1 "_25._tcp.$H. 300 IN TLSA 2 1 2 $(assoc "$D/int.pem" 1 2)"
	assert_line --index 2 "_25._tcp.$H. 300 IN TLSA 2 1 2 $(assoc "$D/root.pem" 1 2)"
	# and the generated records check out
	dnstk-tlsa-check --generate --all --cert="$D/chain-ec.pem" $H |
	    dnstk-tlsa-check --tlsa=- --cert="$D/chain-ec.pem" -q $H
}

@test "bad input: exit 2 with SOURCE:LINE, unreadable files, bad options" {
	check "$D/chain-ec.pem" "3 1 1 (abcd" $H
	assert_failure 2
	[[ $stderr == *"dnstk-tlsa-check: stdin:1: unbalanced '('"* ]] || fail "$stderr"
	check "$D/chain-ec.pem" "3 1 1 zz" $H
	assert_failure 2
	[[ $stderr == *"stdin:1: bad TLSA rdata: association data is not hex"* ]] || fail "$stderr"
	run dnstk-tlsa-check --cert=/nonexistent --tlsa=- $H <<<"3 1 1 00"
	assert_failure 2
	run dnstk-tlsa-check --cert="$D/chain-ec.pem" --tlsa=/nonexistent $H
	assert_failure 2
	run dnstk-tlsa-check --cert="$D/make-pki.sh" --tlsa=- $H <<<"3 1 1 00"
	assert_failure 2
	assert_output --partial "no PEM certificate"
	run dnstk-tlsa-check --usage=5 --generate --cert="$D/chain-ec.pem" $H
	assert_failure 2
	run dnstk-tlsa-check --generate --cert="$D/chain-ec.pem" $H 0
	assert_failure 2
	run dnstk-tlsa-check --pipe --cert="$D/chain-ec.pem" $H
	assert_failure 2
	run dnstk-tlsa-check
	assert_failure 2
}

@test "empty --tlsa input: no TLSA records, exit 1" {
	check "$D/chain-ec.pem" "" $H
	assert_failure 1
	assert_line --regexp '^verdict: no-tlsa: no TLSA records'
}

@test "--CApath, --proto and --in" {
	mkdir "$BATS_TEST_TMPDIR/ca"
	cp "$D/root.pem" "$BATS_TEST_TMPDIR/ca/"
	openssl rehash "$BATS_TEST_TMPDIR/ca" 2>/dev/null || c_rehash "$BATS_TEST_TMPDIR/ca" >/dev/null
	run dnstk-tlsa-check --cert="$D/chain-ec.pem" --tlsa=- --CApath="$BATS_TEST_TMPDIR/ca" \
	    -q $H <<<"1 1 1 $(assoc "$D/leaf-ec.pem" 1 1)"
	assert_success
	run dnstk-tlsa-check --cert="$D/chain-ec.pem" --tlsa=- --CApath="$D/openssl" \
	    -q $H <<<"1 1 1 $(assoc "$D/leaf-ec.pem" 1 1)"
	assert_failure 1
	run dnstk-tlsa-check --generate --proto=udp --cert="$D/chain-ec.pem" $H 853
	assert_output "_853._udp.$H. 3600 IN TLSA 3 1 1 $(assoc "$D/leaf-ec.pem" 1 1)"
	run dnstk-tlsa-check --proto=quic --generate --cert="$D/chain-ec.pem" $H
	assert_failure 2
	rr="_443._tcp.$H. 300 IN TLSA 3 1 1 $(assoc "$D/leaf-ec.pem" 1 1)"
	run dnstk-tlsa-check --in=json -q --cert="$D/chain-ec.pem" --tlsa=- $H \
	    <<<"$(dnstk-wire --rr -j <<<"$rr")"
	assert_success
	run dnstk-tlsa-check --in=hex -q --cert="$D/chain-ec.pem" --tlsa=- $H <<<"$rr"
	assert_failure 2
}

@test "PKIX-TA may match a root that only the trust store has" {
	check "$D/chain-ec.pem" "0 0 1 $(assoc "$D/root.pem" 0 1)" -j $H
	assert_success
	jq -e '.depth == 2 and (.records[0].reason | test("trust store"))' <<<"$output"
	check "$D/chain-ec.pem" "2 0 0 $(assoc "$D/root.pem" 0 0)" $H
	assert_success
	assert_line "  match: matched: the trust anchor in the record signs the chain (depth 2)"
}

@test "bare rdata: lines beginning with '#' or ';' are comments, as in the first-line detection" {
	local data
	data=$(assoc "$D/leaf-ec.pem" 1 1)
	check "$D/chain-ec.pem" "# records for $H
  # indented too
; and this
3 1 1 $data" -j $H
	assert_success
	[ "$(jq '.records | length' <<<"$output")" = 1 ] || fail "$output"
	[ "$(jq -r '.records[0].outcome' <<<"$output")" = match ] || fail "$output"
	# a bad record after comments is reported at its own line
	check "$D/chain-ec.pem" "# one
# two
3 1 1 zz" -j $H
	assert_failure 2
	[[ $stderr == *"stdin:3: bad TLSA rdata"* ]] || fail "$stderr"
	# '\#' is RFC 3597's generic form, not a comment: it is read
	check "$D/chain-ec.pem" "# comment
\\# 3 030101" -j $H
	assert_failure 1
	[ "$(jq -c '.records[0] | [.usage, .selector, .mtype, .outcome]' <<<"$output")" = '[3,1,1,"unusable"]' ] ||
	    fail "$output"
}
