#!/usr/bin/env bats
# dnstk-zone-check on keys and signatures it cannot use: a private
# algorithm (253: a warning per signature, never a pass) and an RSA key
# whose public key cannot be read (an error naming the key).

bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	Z=$BATS_TEST_TMPDIR/m.zone
	printf '$ORIGIN m.test.\n$TTL 300\n@ SOA ns h 1 2 3 4 5\n@ NS ns.other.\n' > "$Z"
}

@test "cov zone-check: signatures of a private algorithm are warned about, one by one" {
	local t tag
	echo "@ DNSKEY 257 3 253 AAAAAAAA" >> "$Z"
	# the key tag as ldns computes it (RFC 4034 appendix B)
	tag=$(ldns-read-zone "$Z" | sed -n 's/.*DNSKEY.*{id = \([0-9]*\).*/\1/p')
	[ -n "$tag" ]
	for t in SOA NS DNSKEY; do
		echo "@ RRSIG $t 253 2 300 20600101000000 20250101000000 $tag m.test. AAAA" >> "$Z"
	done
	echo "@ NSEC m.test. SOA NS DNSKEY RRSIG NSEC" >> "$Z"
	echo "@ RRSIG NSEC 253 2 300 20600101000000 20250101000000 $tag m.test. AAAA" >> "$Z"
	run -1 dnstk-zone-check --now=20260601000000 "$Z"
	run grep -c "warning: rrsig-algorithm-unsupported: m.test./RRSIG: algorithm 253 cannot be verified" <<<"$output"
	assert_output 4
}

@test "cov zone-check: an RSA key that cannot be read is an error naming it" {
	echo "@ DNSKEY 256 3 8 AAAA" >> "$Z"
	run -1 dnstk-zone-check --now=20260601000000 "$Z"
	assert_output --regexp "m\.zone:5: error: dnskey-malformed: m\.test\./DNSKEY: key [0-9]+: the public key of algorithm 8 cannot be read"
}
