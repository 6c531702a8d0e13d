#!/usr/bin/env bats
# dnstk-opt-dump: EDNS fields, decoded options and named violations per
# message, exit 1 on a violation, clean errors on bad input.

setup() {
	load helpers/common
	bats_require_minimum_version 1.5.0
	E=$FIX/edns
}

# ids of the violations of each message, one line per message
ids() {
	jq -r '[.violations[].id] | join(",")'
}

@test "well-formed messages: every option decoded, exit 0" {
	rc=0
	dnstk-opt-dump < "$E/good.hex" > "$BATS_TEST_TMPDIR/actual" \
	    2> "$BATS_TEST_TMPDIR/err" || rc=$?
	[ "$rc" -eq 0 ] || fail "exit $rc"
	test_cmp /dev/null "$BATS_TEST_TMPDIR/err"
	test_cmp "$E/good.out" "$BATS_TEST_TMPDIR/actual"
}

@test "every violation named with its RFC, exit 1" {
	rc=0
	dnstk-opt-dump < "$E/violations.hex" > "$BATS_TEST_TMPDIR/actual" \
	    2> "$BATS_TEST_TMPDIR/err" || rc=$?
	[ "$rc" -eq 1 ] || fail "exit $rc"
	test_cmp /dev/null "$BATS_TEST_TMPDIR/err"
	test_cmp "$E/violations.out" "$BATS_TEST_TMPDIR/actual"
}

@test "two OPT records: both shown, multiple-opt" {
	run dnstk-opt-dump <<<"$(sed -n 1p "$E/violations.hex")"
	assert_failure 1
	assert_line --index 1 'EDNS version 0, udp 1232, flags do, extended rcode 0'
	assert_line --index 2 '  NSID: 6e7331 ("ns1")'
	assert_line --index 3 'other OPT in the ADDITIONAL section: version 0, udp 512, flags none, extended rcode 0'
	assert_line --index 4 'violation: multiple-opt: 2 OPT records (RFC 6891 §6.1.1)'
	[ "${#lines[@]}" -eq 5 ] || fail "extra lines"
}

@test "OPT in the answer section: no EDNS, opt-outside-additional" {
	run dnstk-opt-dump <<<"$(sed -n 2p "$E/violations.hex")"
	assert_failure 1
	assert_line --index 1 'no OPT record'
	assert_line --index 3 'violation: opt-outside-additional: OPT record in the ANSWER section (RFC 6891 §6.1.1)'
}

@test "OPT owned by example.: opt-owner-not-root" {
	run dnstk-opt-dump <<<"$(sed -n 3p "$E/violations.hex")"
	assert_failure 1
	assert_line --index 1 'EDNS version 0, udp 1232, flags do, extended rcode 0, owner example.'
	assert_line --index 2 "violation: opt-owner-not-root: OPT owner is 'example.', not the root (RFC 6891 §6.1.2)"
}

@test "an option past RDLENGTH: trailing octets shown, option-overrun" {
	run dnstk-opt-dump <<<"$(sed -n 4p "$E/violations.hex")"
	assert_failure 1
	assert_line --index 3 '  TRAILING: 000a000a0102'
	assert_line --index 4 'violation: option-overrun: option 10 claims 10 octets, only 2 left in RDLENGTH (RFC 6891 §6.1.2)'
}

@test "BADVERS and BADCOOKIE: the 12-bit status is named" {
	run dnstk-opt-dump <<<"$(sed -n 6,7p "$E/good.hex")"
	assert_success
	assert_line --index 0 ';; message 1 (stdin:1): id 6, status BADVERS'
	assert_line --index 1 'EDNS version 0, udp 1232, flags none, extended rcode 1'
	assert_line --index 2 ';; message 2 (stdin:2): id 7, status BADCOOKIE'
	run dnstk-opt-dump <<<"$(sed -n 14p "$E/violations.hex")"
	assert_failure 1
	assert_line --index 0 ';; message 1 (stdin:1): id 114, status BADCOOKIE'
	assert_line --index 2 'violation: badcookie-without-cookie: BADCOOKIE response without a COOKIE option (RFC 7873 §5.2.3)'
}

@test "a SHOULD-level finding is a warning and exits 0" {
	run dnstk-opt-dump <<<"0001818000000000000000010000290200000080000008000c00040000ff00"
	assert_success
	assert_output - <<'OUT'
;; message 1 (stdin:1): id 1, status NOERROR
EDNS version 0, udp 512, flags do, extended rcode 0
  OPT=12: 0000ff00
warning: padding-nonzero: PADDING octet 2 is 0xff, not 0 (RFC 7830 §3)
OUT
}

@test "a message without OPT is reported as such, exit 0" {
	run dnstk-opt-dump <<<"$(sed -n 8p "$E/good.hex")"
	assert_success
	assert_output - <<'OUT'
;; message 1 (stdin:1): id 8, status NOERROR
no OPT record
OUT
}

@test "JSON: one object per message, parsable, violation ids" {
	run -1 --separate-stderr dnstk-opt-dump -j < "$E/violations.hex"
	[ "${#lines[@]}" -eq 15 ] || fail "${#lines[@]} lines"
	got=$(printf '%s\n' "$output" | ids)
	want='multiple-opt
opt-outside-additional
opt-owner-not-root
option-overrun
option-overrun
ecs-bad-family
ecs-bad-length,ecs-prefix-too-long,ecs-address-too-short
ecs-address-too-long,ecs-address-too-long,ecs-address-not-masked
ecs-scope-in-query,nsid-query-not-empty,expire-bad-length,keepalive-bad-length,zoneversion-bad-length
cookie-bad-length,cookie-bad-length,cookie-bad-length
expire-bad-length,keepalive-bad-length,ede-bad-length,keytag-bad-length
chain-bad-name,report-channel-bad-name,report-channel-bad-name,report-channel-bad-name
zoneversion-bad-length,zoneversion-bad-length,padding-nonzero
badcookie-without-cookie
badcookie-without-cookie'
	[ "$got" = "$want" ] || fail "ids: $got"
	run -0 dnstk-opt-dump --format=json < "$E/good.hex"
	[ "$(printf '%s\n' "$output" | ids | tr -d '\n')" = "" ] ||
	    fail "violations in good.hex"
}

@test "JSON: decoded option members and levels" {
	run -0 dnstk-opt-dump -j <<<"$(sed -n 2p "$E/good.hex")"
	run jq -c '[.RCODEname, .EDNS.udpSize, .EDNS.DO, (.EDNS.options[] | select(.code == 8 or .code == 15 or .code == 10))]' <<<"$output"
	assert_success
	assert_output '["NOERROR",1232,true,{"code":10,"name":"COOKIE","data":"31323334353637386162636465666768","client":"3132333435363738","server":"6162636465666768"},{"code":8,"name":"CLIENT-SUBNET","data":"000114000102f0","family":1,"sourcePrefix":20,"scopePrefix":0,"address":"1.2.240.0"},{"code":8,"name":"CLIENT-SUBNET","data":"0002380020014b98000000","family":2,"sourcePrefix":56,"scopePrefix":0,"address":"2001:4b98::"},{"code":15,"name":"EDE","data":"001074657374","infoCode":16,"infoName":"Censored","extraText":"test"},{"code":15,"name":"EDE","data":"0003","infoCode":3,"infoName":"Stale Answer"}]'
	run -1 dnstk-opt-dump -j <<<"$(sed -n 13p "$E/violations.hex")"
	run jq -c '[.violations[].level], [.EDNS.options[].malformed]' <<<"$output"
	assert_output '["error","error","warning"]
[true,true,null]'
	run -0 dnstk-opt-dump -j <<<"$(sed -n 8p "$E/good.hex")"
	run jq -c '[.EDNS, .otherOPT, .violations]' <<<"$output"
	assert_output '[null,[],[]]'
}

@test "reads text and JSON from dnstk-wire: same report" {
	dnstk-opt-dump < "$E/violations.hex" | grep -v '^;; message' \
	    > "$BATS_TEST_TMPDIR/hex" || true
	dnstk-wire < "$E/violations.hex" | dnstk-opt-dump | grep -v '^;; message' \
	    > "$BATS_TEST_TMPDIR/text" || true
	dnstk-wire -j < "$E/violations.hex" | dnstk-opt-dump --in=json |
	    grep -v '^;; message' > "$BATS_TEST_TMPDIR/json" || true
	test_cmp "$BATS_TEST_TMPDIR/hex" "$BATS_TEST_TMPDIR/text"
	test_cmp "$BATS_TEST_TMPDIR/hex" "$BATS_TEST_TMPDIR/json"
	run bash -c "dnstk-wire < '$E/good.hex' | dnstk-opt-dump"
	assert_success
	assert_line --index 0 ';; message 1 (stdin:1): id 1, status NOERROR'
	assert_line ';; message 2 (stdin:20): id 2, status NOERROR'
}

@test "files are read in turn and messages numbered across them" {
	run dnstk-opt-dump "$E/good.hex" - <<<"$(sed -n 1p "$E/violations.hex")"
	assert_failure 1
	assert_line ";; message 9 ($E/good.hex:9): id 9, status 2748"
	assert_line ';; message 10 (stdin:1): id 101, status NOERROR'
}

@test "bad input: earlier reports printed whole, SOURCE:LINE error, exit 2" {
	run --separate-stderr dnstk-opt-dump <<'IN'
0001818000000000000000010000290200000080000000
0002818000
IN
	assert_failure 2
	assert_output - <<'OUT'
;; message 1 (stdin:1): id 1, status NOERROR
EDNS version 0, udp 512, flags do, extended rcode 0
OUT
	[[ $stderr == "dnstk-opt-dump: stdin:2: "* ]] || fail "stderr: $stderr"
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ] || fail "stderr: $stderr"
}

@test "bad input after a violation still exits 2" {
	run --separate-stderr dnstk-opt-dump <<IN
$(sed -n 1p "$E/violations.hex")
zz
IN
	assert_failure 2
	assert_line --index 4 'violation: multiple-opt: 2 OPT records (RFC 6891 §6.1.1)'
	[[ $stderr == "dnstk-opt-dump: stdin:2: "* ]] || fail "stderr: $stderr"
}

@test "empty input: no output, exit 0" {
	run --separate-stderr dnstk-opt-dump < /dev/null
	assert_success
	assert_output ''
	[ -z "$stderr" ]
}

@test "usage errors: hex output, bad --in, missing file" {
	run --separate-stderr dnstk-opt-dump --format=hex
	assert_failure 2
	[ -z "$output" ]
	[[ $stderr == *"--format: 'hex' is not text or json"* ]] || fail "$stderr"
	run --separate-stderr dnstk-opt-dump -w
	assert_failure 2
	run --separate-stderr dnstk-opt-dump --in=yaml
	assert_failure 2
	[[ $stderr == *"--in: 'yaml' is not text, hex or json"* ]] || fail "$stderr"
	run --separate-stderr dnstk-opt-dump "$BATS_TEST_TMPDIR/none"
	assert_failure 3
	[ -z "$output" ]
	[[ $stderr == "dnstk-opt-dump: cannot open '$BATS_TEST_TMPDIR/none': No such file or directory" ]] ||
	    fail "$stderr"
}

@test "third-party whole messages (twisted, dnspython, miekg) decode as published" {
	rc=0
	dnstk-opt-dump < "$E/vectors.hex" > "$BATS_TEST_TMPDIR/actual" || rc=$?
	[ "$rc" -eq 0 ] || fail "exit $rc"
	test_cmp "$E/vectors.out" "$BATS_TEST_TMPDIR/actual"
}
