#!/usr/bin/env bats
# RFC 7958 trust anchor documents for dnstk-verify-chain --anchor, built
# from the fixture root's DS: fields padded with blanks and line breaks,
# validity windows (an entry used only inside its window, a validFrom
# that is no time read as no bound), a field too long, a field not closed.

bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	D=$FIX/dnssec
	A=$BATS_TEST_TMPDIR/root-anchors.xml
	read -r _ _ _ _ TAG ALG DT DG < <(grep -v '^;' "$D/root.anchor" | head -n 1)
	ZERO=$(printf '0%.0s' $(seq 1 64))
}

# verify ARGS...: verify-chain offline on the fixture with anchor $A.
verify() {
	run --separate-stderr dnstk-verify-chain --offline \
	    --records="$D/all.zone" --anchor="$A" "$@"
}

@test "cov2 anchors xml: padded fields and a validFrom that is no time" {
	cat >"$A" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<TrustAnchor id="test" source="test">
<Zone>.</Zone>
<KeyDigest id="cur" validFrom="someday">
<KeyTag>
  $TAG
</KeyTag>
<Algorithm> $ALG </Algorithm>
<DigestType>	$DT	</DigestType>
<Digest>
$DG
</Digest>
</KeyDigest>
</TrustAnchor>
EOF
	verify --now=20260601000000 -q www.e13.tld
	assert_success
	assert_output secure
	# the same verdict as the DS file the document was made from
	run dnstk-verify-chain --offline --records="$D/all.zone" \
	    --anchor="$D/root.anchor" --now=20260601000000 -q www.e13.tld
	assert_output secure
}

@test "cov2 anchors xml: an entry is used only inside its validity window" {
	cat >"$A" <<EOF
<TrustAnchor id="test" source="test"><Zone>.</Zone>
<KeyDigest id="old" validFrom="2025-01-01T00:00:00+00:00" validUntil="2026-01-01T00:00:00+00:00">
<KeyTag>$TAG</KeyTag><Algorithm>$ALG</Algorithm><DigestType>$DT</DigestType>
<Digest>$ZERO</Digest></KeyDigest>
<KeyDigest id="new" validFrom="2026-01-01T00:00:00+00:00">
<KeyTag>$TAG</KeyTag><Algorithm>$ALG</Algorithm><DigestType>$DT</DigestType>
<Digest>$DG</Digest></KeyDigest>
</TrustAnchor>
EOF
	# 2026: only the new entry, which matches the root key
	verify --now=20260601000000 -q www.e13.tld
	assert_success
	assert_output secure
	# mid-2025 (the fixture's signatures are valid from 2025 on): only
	# the old entry, whose digest matches no key
	verify --now=20250601000000 -q www.e13.tld
	assert_failure 1
	assert_output bogus
	# while the right DS makes that very time secure
	run dnstk-verify-chain --offline --records="$D/all.zone" \
	    --anchor="$D/root.anchor" --now=20250601000000 -q www.e13.tld
	assert_success
	assert_output secure
}

@test "cov2 anchors xml: a field too long or not closed is a KeyDigest that lacks it" {
	local kd
	for kd in "<KeyTag>1234567890123456789</KeyTag><Algorithm>$ALG</Algorithm><DigestType>$DT</DigestType><Digest>$DG</Digest>" \
	    "<KeyTag>$TAG</KeyTag><Algorithm>$ALG</Algorithm><DigestType>$DT</DigestType><Digest>$DG"; do
		printf '<TrustAnchor id="x"><Zone>.</Zone><KeyDigest id="a">%s</KeyDigest></TrustAnchor>\n' \
		    "$kd" >"$A"
		verify --now=20260601000000 www.e13.tld
		assert_failure 2
		[ "$stderr" = "dnstk-verify-chain: $A: a <KeyDigest> lacks KeyTag, Algorithm, DigestType or Digest" ] ||
		    fail "$stderr"
		[ -z "$output" ]
	done
}
