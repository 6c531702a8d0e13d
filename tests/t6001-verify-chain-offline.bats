#!/usr/bin/env bats
# dnstk-verify-chain --offline on the test hierarchy's zone files: every
# fixture case, the trace's plain-words reasons, JSON, -q, anchors in
# other forms, --strict-algorithms, indeterminate, usage errors.

bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	D=$FIX/dnssec
	NOW=--now=20260601000000
}

vc() {
	dnstk-verify-chain --offline --records="$D/all.zone" \
	    --anchor="$D/root.anchor" "$NOW" "$@"
}

exit_for() {
	case $1 in
	secure) echo 0 ;; bogus) echo 1 ;; insecure) echo 4 ;;
	indeterminate) echo 5 ;;
	esac
}

@test "verify-chain offline: every fixture case gives its verdict and exit code" {
	local n=0 bad=""
	while read -r name type want where; do
		case $name in '#'*|'') continue ;; esac
		[ "$where" = all ] || continue
		run vc -q "$name" "$type"
		if [ "$output" != "$want" ] ||
		    [ "$status" -ne "$(exit_for "$want")" ]; then
			bad="$bad $name/$type:$output:$status"
		fi
		n=$((n + 1))
	done < "$D/cases.txt"
	[ -z "$bad" ] || fail "wrong verdicts:$bad"
	[ "$n" -ge 30 ]
}

@test "verify-chain offline: an expired signature names its date and distance from --now" {
	run -1 vc www.expired.tld
	assert_line --regexp '^bogus www\.expired\.tld\./A .*expired 2001-01-01 00:00:00, 9282 days before now$'
	assert_line --regexp '^  FAIL dnskey RRSIG over expired\.tld\./DNSKEY .*<== first failing link$'
}

@test "verify-chain offline: a not yet valid signature says when it starts" {
	run -1 vc www.notyet.tld
	assert_line --partial 'not valid until 2050-01-01 00:00:00, 8615 days after now'
}

@test "verify-chain offline: a secure trace shows the anchor, each zone and the answer's signature" {
	run -0 vc www.a8.tld
	assert_line 'zone .'
	assert_line 'zone tld.'
	assert_line 'zone a8.tld.'
	assert_line --regexp '^  ok   anchor anchor [0-9]+ \(alg 13, digest 2\) matches DNSKEY'
	assert_line --regexp '^  ok   rrsig  RRSIG over www\.a8\.tld\./A by key [0-9]+ \(alg 8\): valid, expires 2060-01-01'
	assert_line 'secure www.a8.tld./A (data): www.a8.tld./A is secure'
	refute_output --partial $'\033['
}

@test "verify-chain offline: each broken link is named in plain words" {
	run -1 vc -j www.dsdigest.tld
	[ "$(jq -r .reason <<<"$output")" != "" ]
	jq -e '.reason | test("DS [0-9]+ \\(alg 13, digest 2\\) of dsdigest.tld. does not match the digest of DNSKEY [0-9]+")' <<<"$output"
	run -1 vc -j www.dsnokey.tld
	jq -e '.reason | test("points at no key in its DNSKEY set")' <<<"$output"
	run -1 vc -j www.ksknosign.tld
	jq -e '.reason | test("is not signed by key [0-9]+ \\(alg 13\\) that the DS points to")' <<<"$output"
	run -1 vc -j www.nosig.tld
	jq -e '.reason == "no RRSIG by the zone over www.nosig.tld./A"' <<<"$output"
	run -1 vc -j www.flip.tld
	jq -e '.reason | test("signature does not verify")' <<<"$output"
	run -1 vc -j n.badnsec.tld
	jq -e '.reason | test("no NSEC of the zone matches or covers n.badnsec.tld.")' <<<"$output"
	run -1 vc -j nx.n3wrong.tld
	jq -e '.reason | test("no NSEC3 covers the next closer name nx.n3wrong.tld.")' <<<"$output"
}

@test "verify-chain offline: -j is one JSON object with the failing step" {
	run -1 vc -j www.flip.tld
	[ "${#lines[@]}" -eq 1 ]
	jq -e '.verdict == "bogus" and .name == "www.flip.tld." and .type == "A"' <<<"$output"
	jq -e '.steps[.failingStep].mark == "fail" and .steps[.failingStep].zone == "flip.tld."' <<<"$output"
	run -0 vc -j www.a8.tld
	jq -e '.failingStep == null and .answer == "data" and (.answerRRs | length) == 1' <<<"$output"
	jq -e '.answerRRs[0].rdataA == "192.0.2.8"' <<<"$output"
}

@test "verify-chain offline: denial kinds are told apart" {
	run -0 vc -j nx.a8.tld
	jq -e '.answer == "nxdomain"' <<<"$output"
	run -0 vc -j www.a8.tld TXT
	jq -e '.answer == "nodata"' <<<"$output"
	run -0 vc y.e13.tld
	assert_line --partial 'NSEC3 matches y.e13.tld.: the name exists without type A (NODATA)'
	run -0 vc foo.wild.a8.tld TXT
	assert_line --partial '(wildcard NODATA)'
	run -4 vc nx.tld
	assert_line --partial 'opt-out'
	run -4 vc nx.iter200.tld
	assert_line --partial 'NSEC3 iterations 200 above the limit 150'
	run -0 vc --nsec3-max-iterations=200 -q nx.iter200.tld
	assert_output secure
}

@test "verify-chain offline: one valid algorithm suffices unless --strict-algorithms" {
	run -0 vc -q www.downgrade.tld
	run -1 vc --strict-algorithms www.downgrade.tld
	assert_line --partial 'no valid path for DS algorithm 13 of downgrade.tld.'
}

@test "verify-chain offline: a name no anchor covers is indeterminate" {
	awk '$1 == "a8.tld." && $4 == "DS"' "$D/zones/tld.zone" > "$BATS_TEST_TMPDIR/a8.ds"
	run -5 dnstk-verify-chain --offline --records="$D/all.zone" "$NOW" \
	    --anchor="$BATS_TEST_TMPDIR/a8.ds" www.e13.tld
	assert_line --partial 'no trust anchor covers'
	run -0 dnstk-verify-chain --offline --records="$D/all.zone" "$NOW" \
	    --anchor="$BATS_TEST_TMPDIR/a8.ds" -q www.a8.tld
	assert_output secure
}

@test "verify-chain offline: the built-in IANA anchors do not trust the test root" {
	run -1 dnstk-verify-chain --offline --records="$D/all.zone" "$NOW" \
	    www.a8.tld
	assert_line --partial 'anchor 20326 (alg 8) points at no key'
}

@test "verify-chain offline: a DNSKEY anchor and an RFC 7958 XML anchor work too" {
	run -0 dnstk-verify-chain --offline --records="$D/all.zone" "$NOW" \
	    --anchor="$D/root.anchor.dnskey" -q www.e13.tld
	assert_output secure
	read -r owner ttl cls typ tag alg dt dg < "$D/root.anchor"
	cat > "$BATS_TEST_TMPDIR/ra.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<TrustAnchor id="test" source="test">
<Zone>.</Zone>
<KeyDigest id="old" validFrom="2010-07-15T00:00:00+00:00" validUntil="2019-01-11T00:00:00+00:00">
<KeyTag>19036</KeyTag><Algorithm>8</Algorithm><DigestType>2</DigestType>
<Digest>49AAC11D7B6F6446702E54A1607371607A1A41855200FD2CE1CDDE32F24E8FB5</Digest>
</KeyDigest>
<KeyDigest id="test" validFrom="2025-01-01T00:00:00+00:00">
<KeyTag>$tag</KeyTag><Algorithm>$alg</Algorithm><DigestType>$dt</DigestType>
<Digest>$dg</Digest>
</KeyDigest>
</TrustAnchor>
XML
	run -0 dnstk-verify-chain --offline --records="$D/all.zone" "$NOW" \
	    --anchor="$BATS_TEST_TMPDIR/ra.xml" -q www.e13.tld
	assert_output secure
	# Before the test key's validFrom, only the expired one is there.
	run -2 dnstk-verify-chain --offline --records="$D/all.zone" \
	    --now=20200101000000 --anchor="$BATS_TEST_TMPDIR/ra.xml" www.e13.tld
	assert_output --partial 'no trust anchor'
}

@test "verify-chain offline: records on stdin, in hex and JSON record form too" {
	run -0 bash -c "dnstk-verify-chain --offline --anchor='$D/root.anchor' $NOW -q www.ed15.tld < '$D/all.zone'"
	assert_output secure
	dnstk-wire --rr -j < "$D/all.zone" > "$BATS_TEST_TMPDIR/all.json" ||
	    skip "dnstk-wire cannot convert records"
	run -0 vc -q --records="$BATS_TEST_TMPDIR/all.json" www.ed15.tld
	assert_output secure
}

@test "verify-chain offline: colour only when asked or on a tty" {
	run -1 vc --color=always www.flip.tld
	assert_output --partial $'\033[1;31m'
	run -1 vc --color=never www.flip.tld
	refute_output --partial $'\033['
}

@test "verify-chain: usage errors exit 2" {
	run -2 dnstk-verify-chain
	assert_output --partial 'no NAME given'
	run -2 dnstk-verify-chain --offline @127.0.0.1 www.a8.tld
	run -2 dnstk-verify-chain --color=pink www.a8.tld
	run -2 dnstk-verify-chain --records=x www.a8.tld
	run -2 dnstk-verify-chain --offline --records=/nonexistent www.a8.tld
	assert_output --partial "cannot open '/nonexistent'"
	run -2 vc www.a8.tld NOSUCHTYPE
	run -2 vc -j -q www.a8.tld
	run -2 dnstk-verify-chain -s 127.0.0.1 @127.0.0.2 www.a8.tld
	assert_output --partial 'more than one server given'
}

@test "verify-chain offline: garbage input is a clean input error" {
	printf 'www.a8.tld. IN A 1.2.3.4.5\n' > "$BATS_TEST_TMPDIR/bad"
	run -2 dnstk-verify-chain --offline --records="$BATS_TEST_TMPDIR/bad" \
	    --anchor="$D/root.anchor" www.a8.tld
	assert_output --regexp 'bad:1: '
	: > "$BATS_TEST_TMPDIR/empty"
	run -1 dnstk-verify-chain --offline --records="$BATS_TEST_TMPDIR/empty" \
	    --anchor="$D/root.anchor" "$NOW" -q www.a8.tld
	assert_output bogus
}

@test "verify-chain offline: a CNAME loop stops at the chain bound" {
	run -1 vc loop1.a8.tld
	assert_line --partial 'the CNAME/DNAME chain is too long'
	[ "$(grep -c 'is an alias (CNAME)' <<<"$output")" -le 16 ]
}

@test "verify-chain offline: a TTL above the original TTL is capped, not bogus" {
	sed 's/^\(www\.a8\.tld\.\t\)3600\(\tIN\tA\t\)/\1999999\2/' \
	    "$D/all.zone" > "$BATS_TEST_TMPDIR/ttl.zone"
	run -0 dnstk-verify-chain --offline --records="$BATS_TEST_TMPDIR/ttl.zone" \
	    --anchor="$D/root.anchor" "$NOW" www.a8.tld
	assert_line --partial "TTL 999999 of www.a8.tld./A is above the RRSIG's original TTL 3600: use 3600"
}

@test "verify-chain offline: the committed --dump bundles give their cases' verdicts" {
	local f name want
	for f in "$D"/bundles/*.txt; do
		name=$(basename "$f" .txt)
		want=$(awk -v n="$name." '$1 == n && $2 == "A" { print $3 }' "$D/cases.txt")
		run dnstk-verify-chain --offline --records="$f" \
		    --anchor="$D/root.anchor" "$NOW" -q "$name"
		[ "$output" = "$want" ] || fail "$name: $output, want $want"
	done
}
