#!/usr/bin/env bats
# dnstk-verify-chain --anchor refusals: RFC 7958 documents without a
# <Zone>, with an incomplete or bad <KeyDigest>, cut short; record files
# without a DS or DNSKEY; each exits 2 naming the file.

bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	D=$FIX/dnssec
	A=$BATS_TEST_TMPDIR/anchor
}

# refused TEXT WANT: --anchor with TEXT is refused with "A: WANT".
refused() {
	printf '%s\n' "$1" > "$A"
	run --separate-stderr dnstk-verify-chain --offline \
	    --records="$D/all.zone" --now=20260601000000 --anchor="$A" \
	    www.e13.tld
	[ "$status" -eq 2 ] || fail "exit $status for '$1': $stderr"
	[ "$stderr" = "dnstk-verify-chain: $A: $2" ] || fail "got '$stderr'"
	[ -z "$output" ]
}

KD='<KeyTag>1</KeyTag><Algorithm>8</Algorithm><DigestType>2</DigestType>'

@test "cov anchors: RFC 7958 documents that give no usable anchor" {
	refused '<TrustAnchor id="x"></TrustAnchor>' \
	    "no <Zone> in the trust anchor document"
	refused '<TrustAnchor id="x"><Zone>.</Zone><KeyDigest id="a"><KeyTag>1</KeyTag></KeyDigest></TrustAnchor>' \
	    "a <KeyDigest> lacks KeyTag, Algorithm, DigestType or Digest"
	refused "<TrustAnchor id=\"x\"><Zone>.</Zone><KeyDigest id=\"a\">$KD<Digest>zz</Digest></KeyDigest></TrustAnchor>" \
	    "bad <KeyDigest> for key tag 1"
	refused "<TrustAnchor id=\"x\"><Zone>.</Zone><KeyDigest id=\"a\">$KD<Digest>ab" \
	    "no trust anchor in '$A' is valid now"
}

@test "cov anchors: record files without a DS or DNSKEY" {
	refused 'www.example. 3600 IN A 192.0.2.1' \
	    "no DS or DNSKEY record in '$A'"
	refused '' "no DS or DNSKEY record in '$A'"
}

@test "cov anchors: a DS anchor read from JSON and hex record forms" {
	# the same anchor in the other stream forms gives the same verdict
	dnstk-wire --rr --format=json < "$D/root.anchor" > "$A.json"
	dnstk-wire --rr --format=hex < "$D/root.anchor" > "$A.hex"
	for f in "$A.json" "$A.hex"; do
		run -0 dnstk-verify-chain --offline --records="$D/all.zone" \
		    --now=20260601000000 --anchor="$f" -q www.e13.tld
		assert_output secure
	done
}

@test "cov records: --offline inputs that are too big or not records" {
	awk 'BEGIN { for (i = 0; i < 10001; i++) printf "h%d.example. 300 IN A 192.0.2.1\n", i }' \
	    > "$BATS_TEST_TMPDIR/big.zone"
	run --separate-stderr -2 dnstk-verify-chain --offline \
	    --records="$BATS_TEST_TMPDIR/big.zone" --anchor="$D/root.anchor" x.example A
	[ "$stderr" = "dnstk-verify-chain: $BATS_TEST_TMPDIR/big.zone: more than 10000 records" ]
	run --separate-stderr -2 dnstk-verify-chain --offline --in=hex \
	    --anchor="$D/root.anchor" x. A <<<"zz"
	[ "$stderr" = "dnstk-verify-chain: stdin:1: 'z' is not a hex digit" ]
	run --separate-stderr -2 dnstk-verify-chain --offline --in=json \
	    --anchor="$D/root.anchor" x. A <<<'{"NAME":"a.","TYPE":1}'
	[[ $stderr == "dnstk-verify-chain: stdin:1: TTL "* ]] || fail "$stderr"
	# only comments: no records at all, so nothing proves anything
	run --separate-stderr -1 dnstk-verify-chain --offline \
	    --anchor="$D/root.anchor" -q x. A <<<"; just a comment"
	assert_output bogus
}

@test "cov records: an unknown type by number, and too many operands" {
	run -0 dnstk-verify-chain --offline --records="$D/all.zone" \
	    --anchor="$D/root.anchor" --now=20260601000000 -j www.a8.tld TYPE65000
	jq -e '.type == "TYPE65000" and .verdict == "secure" and .answer == "nodata"' <<<"$output"
	run --separate-stderr -2 dnstk-verify-chain --offline \
	    --records="$D/all.zone" www.a8.tld A extra
	[ "${stderr%%$'\n'*}" = "dnstk-verify-chain: too many operands" ]
}
