#!/usr/bin/env bats
# Small command-line paths: record classes other than IN and CH printed as
# ldns prints them, dnstk-query's operands that give a type or class
# twice, and dnstk-zone-check's origin refusals, a zone without SOA, and
# a --ds file that cannot be opened.

bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	Z=$FIX/zonecheck
}

@test "cov2 cli: HS, NONE, ANY and unknown classes print as ldns-read-zone prints them" {
	printf 'x. 1 HS TXT "a"\nx. 0 NONE TXT "b"\nx. 0 ANY TXT "c"\nx. 0 CH TXT "d"\nx. 0 CLASS99 TXT "e"\n' \
	    >"$BATS_TEST_TMPDIR/cls"
	run --separate-stderr dnstk-wire --rr "$BATS_TEST_TMPDIR/cls"
	assert_success
	[ "$output" = "$(ldns-read-zone "$BATS_TEST_TMPDIR/cls")" ] ||
	    fail "ours: $output"
	# the class survives the wire form: the same text back
	run bash -c "dnstk-wire --rr -w '$BATS_TEST_TMPDIR/cls' | dnstk-wire --rr"
	assert_success
	[ "$output" = "$(ldns-read-zone "$BATS_TEST_TMPDIR/cls")" ] ||
	    fail "round trip: $output"
	# and the class numbers are RFC 2929's: HS 4, NONE 254, ANY 255
	run bash -c "dnstk-wire --rr -j '$BATS_TEST_TMPDIR/cls' | jq -r .CLASS"
	assert_output "$(printf '4\n254\n255\n3\n99')"
}

@test "cov2 cli: dnstk-query refuses a second type or class for one name (exit 2)" {
	local args want
	while IFS='|' read -r args want; do
		# shellcheck disable=SC2086
		run --separate-stderr dnstk-query -p 9 -s 127.0.0.1 $args
		[ "$status" -eq 2 ] || fail "$args: exit $status"
		[ "${stderr%%$'\n'*}" = "dnstk-query: $want" ] ||
		    fail "$args: got '$stderr'"
		[ -z "$output" ] || fail "$args: printed $output"
	done <<ROWS
example. A MX|two types given
example. IN CH|two classes given
example. A -q x. MX TXT|two types given
ROWS
}

@test "cov2 cli: zone-check -o that is no domain name exits 2, sorted or not" {
	printf '$ORIGIN example.test.\nwww 3600 IN A 192.0.2.1\n' >"$BATS_TEST_TMPDIR/z"
	for s in "" --sorted; do
		# shellcheck disable=SC2086
		run --separate-stderr dnstk-zone-check $s -o 'a..b' "$BATS_TEST_TMPDIR/z"
		assert_failure 2
		[ "$stderr" = "dnstk-zone-check: --origin: 'a..b' is not a domain name" ] ||
		    fail "$s: $stderr"
		[ -z "$output" ]
	done
}

@test "cov2 cli: zone-check without SOA: the origin from \$ORIGIN, else a usage hint" {
	printf 'www 3600 IN A 192.0.2.1\n' >"$BATS_TEST_TMPDIR/bare"
	run --separate-stderr dnstk-zone-check "$BATS_TEST_TMPDIR/bare"
	assert_failure 2
	[ "$stderr" = "dnstk-zone-check: $BATS_TEST_TMPDIR/bare: no SOA record and no \$ORIGIN: give the origin with -o" ] ||
	    fail "$stderr"
	printf '$ORIGIN example.test.\nwww 3600 IN A 192.0.2.1\n' >"$BATS_TEST_TMPDIR/z"
	run --separate-stderr dnstk-zone-check -j "$BATS_TEST_TMPDIR/z"
	assert_failure 1
	run jq -r 'select(.code) | .code + " " + .owner' <<<"$output"
	assert_output "soa-missing example.test."
	# ldns agrees there is no SOA to check the zone by
	run ldns-verify-zone "$BATS_TEST_TMPDIR/z"
	assert_failure
}

@test "cov2 cli: zone-check --ds with a file that cannot be opened" {
	run --separate-stderr dnstk-zone-check --now=20261129000000 \
	    --ds="$BATS_TEST_TMPDIR/none.ds" "$Z/clean-nsec.zone"
	[ "$status" -ne 0 ] || fail "exit 0"
	[ "$status" -ne 1 ] || fail "a missing file is no finding (exit 1)"
	[ "$stderr" = "dnstk-zone-check: cannot open '$BATS_TEST_TMPDIR/none.ds': No such file or directory" ] ||
	    fail "$stderr"
	[ -z "$output" ]
}

@test "cov2 cli: zone-check --junit escapes <, >, & and quotes, drops control characters" {
	local d=$BATS_TEST_TMPDIR/x f
	mkdir -p "$d"
	f=$d/$'a<b>&"c\'\td.zone'
	cp "$Z/data.zone" "$f"
	run --separate-stderr dnstk-zone-check --junit="$d/j.xml" "$f"
	assert_failure 1
	# xmllint parses what we wrote and gives the names back unescaped
	run xmllint --noout "$d/j.xml"
	assert_success
	run xmllint --xpath 'string(//testsuite/@name)' "$d/j.xml"
	assert_output "$d/a<b>&\"c'?d.zone"
	run xmllint --xpath 'string(//testcase[@name="delegations-and-data"]/failure)' "$d/j.xml"
	assert_line --partial "?d.zone:6: error: cname-and-other-data: alias.example.test./CNAME: "
	[[ $output == "$d/a<b>&\"c'?d.zone:"* ]] || fail "$output"
}

@test "cov2 cli: canon-sort puts 90 records of one owner in ldns's canonical order" {
	local i
	{
		printf '$ORIGIN s.test.\n$TTL 60\n'
		# TXT strings of 45 lengths and 45 addresses, shuffled
		for i in 31 7 45 2 19 38 11 26 4 42 15 33 1 22 9 40 28 13 36 6 \
		    44 17 24 3 35 12 29 8 41 20 14 39 5 27 43 10 32 18 25 37 \
		    16 30 21 34 23; do
			printf 'x TXT "%s"\nx A 192.0.2.%d\n' \
			    "$(printf 'v%.0s' $(seq 1 "$i"))" "$i"
		done
	} >"$BATS_TEST_TMPDIR/same.zone"
	run --separate-stderr dnstk-canon-sort "$BATS_TEST_TMPDIR/same.zone"
	assert_success
	[ "${#lines[@]}" -eq 90 ] || fail "${#lines[@]} lines"
	[ "$output" = "$(ldns-read-zone -z "$BATS_TEST_TMPDIR/same.zone")" ] ||
	    fail "differs from ldns-read-zone -z"
}

@test "cov2 cli: canon-sort with one file included twice, and hex records after a # comment" {
	local d=$BATS_TEST_TMPDIR/inc want
	mkdir -p "$d"
	printf 'www A 192.0.2.1\n' >"$d/part.zone"
	printf '$ORIGIN i.test.\n@ SOA ns h 1 2 3 4 5\n@ NS ns.other.\n$INCLUDE %s\nmail A 192.0.2.2\n$INCLUDE %s\n' \
	    "$d/part.zone" "$d/part.zone" >"$d/main.zone"
	run --separate-stderr dnstk-canon-sort "$d/main.zone"
	assert_success
	[ "$stderr" = "dnstk-canon-sort: removed 1 duplicate record" ] || fail "$stderr"
	# ldns has no $INCLUDE: the same zone written out flat, sorted by
	# ldns (which puts the SOA first, not in canonical order), the
	# duplicate once
	printf '$ORIGIN i.test.\n@ SOA ns h 1 2 3 4 5\n@ NS ns.other.\nwww A 192.0.2.1\nmail A 192.0.2.2\nwww A 192.0.2.1\n' \
	    >"$d/flat.zone"
	assert_line --index 1 "i.test.	3600	IN	SOA	ns.i.test. h.i.test. 1 2 3 4 5"
	[ "$(grep -v '	SOA	' <<<"$output")" = \
	    "$(ldns-read-zone -z "$d/flat.zone" | grep -v '	SOA	' | uniq)" ] ||
	    fail "differs from ldns-read-zone -z"
	want=$output
	# the same records in hex, after a '#' comment line
	{ echo '# records in hex'; dnstk-wire --rr -w "$d/main.zone"; } >"$d/hex"
	run --separate-stderr dnstk-canon-sort "$d/hex"
	assert_success
	[ "$output" = "$want" ] || fail "hex input differs"
}

@test "cov2 cli: unreadable inputs: --batch that does not exist, --connect to no address" {
	run --separate-stderr dnstk-query -p 9 @127.0.0.1 --batch="$BATS_TEST_TMPDIR/none"
	assert_failure 3
	[ "$stderr" = "dnstk-query: cannot open '$BATS_TEST_TMPDIR/none': No such file or directory" ] ||
	    fail "$stderr"
	[ -z "$output" ]
	# brackets around nothing: no address, and no name to look up, so a
	# usage error (exit 2) before any lookup
	echo "3 1 1 00" >"$BATS_TEST_TMPDIR/tlsa"
	run --separate-stderr timeout 20 dnstk-tlsa-check --timeout=1 \
	    --tlsa="$BATS_TEST_TMPDIR/tlsa" --connect='[]:443' www.example.test
	assert_failure 2
	[ "$stderr" = "dnstk-tlsa-check: --connect: bad address '[]:443'" ] ||
	    fail "$stderr"
}

@test "cov2 cli: a file that fails to read (EIO) is a system error, exit 3" {
	[ -r /proc/self/mem ] || skip "no /proc"
	local t
	# reading /proc/self/mem from offset 0 fails with EIO: nothing mapped
	for t in dnstk-wire dnstk-opt-dump dnstk-zone-check; do
		run --separate-stderr timeout 10 "$t" /proc/self/mem
		assert_failure 3
		[ "$stderr" = "$t: /proc/self/mem: read error: Input/output error" ] ||
		    fail "$t: $stderr"
		[ -z "$output" ]
	done
	run --separate-stderr timeout 10 dnstk-canon-sort /proc/self/mem
	assert_failure 3
	[ "$stderr" = "dnstk-canon-sort: cannot read '/proc/self/mem': Input/output error" ] || fail "$stderr"
	run --separate-stderr timeout 10 dnstk-query -p 9 @127.0.0.1 --batch=/proc/self/mem
	assert_failure 3
	[ "$stderr" = "dnstk-query: cannot read '/proc/self/mem': Input/output error" ] || fail "$stderr"
	run --separate-stderr timeout 10 dnstk-verify-chain --offline \
	    --records=/proc/self/mem x. A
	assert_failure 3
	[ "$stderr" = "dnstk-verify-chain: /proc/self/mem: read error" ] || fail "$stderr"
}
