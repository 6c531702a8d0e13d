#!/usr/bin/env bats
# dnstk-zone-check's NSEC3 chain on edited copies of the clean NSEC3 zone:
# owner hashes in mixed case (valid: names compare without case), hashes
# that are not base32hex or too long, an NSEC3PARAM too short to read, and
# the chain without its lowest record (the names before the first record
# are covered by the last), and ZONEMD beside out-of-zone data.  Knot's
# kzonecheck and the fixture's own ZONEMD records are the references.

bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	Z=$FIX/zonecheck
	NOW=20261129000000
	Y=$BATS_TEST_TMPDIR/y.zone
	# the NSEC3 records' owner hashes, lowest first
	HASHES=$(grep -P '^\w{32}\.example\.test\.\t300\tIN\tNSEC3\t' \
	    "$Z/clean-nsec3.zone" | cut -c1-32 | sort)
}

# knot ZONE: kzonecheck's verdict with DNSSEC checks, 0 or 1.
knot() {
	command -v kzonecheck >/dev/null || skip "kzonecheck not installed"
	kzonecheck -o example.test. -d on -t "$NOW" "$1" >/dev/null 2>&1
}

@test "cov2 zone-check nsec3: owner hashes in mixed case are the same names" {
	local h
	h=$(sed -n 2p <<<"$HASHES")
	# upper-case the first four and two middle characters: not all lower,
	# not all upper; the RRSIG's owner too (signatures use the lower case)
	sed "s/^$h/$(echo "${h:0:4}" | tr a-z A-Z)${h:4:15}$(echo "${h:19:2}" | tr a-z A-Z)${h:21}/" \
	    "$Z/clean-nsec3.zone" >"$Y"
	[ "$(grep -ci "^$h" "$Y")" -eq 2 ] && ! grep -q "^$h" "$Y" || fail "edit"
	run --separate-stderr dnstk-zone-check --now=$NOW "$Y"
	assert_success
	assert_output --regexp ': 0 errors, 0 warnings'
	knot "$Y" || fail "kzonecheck rejects the mixed-case zone"
}

@test "cov2 zone-check nsec3: the lowest NSEC3 missing: a gap at the wrap-around" {
	local low high up
	low=$(head -n 1 <<<"$HASHES")
	high=$(tail -n 1 <<<"$HASHES")
	grep -v "^$low" "$Z/clean-nsec3.zone" >"$Y"
	run --separate-stderr dnstk-zone-check --now=$NOW "$Y"
	assert_failure 1
	assert_line --regexp "^.*y\.zone:[0-9]+: error: nsec3-chain-gap: $high\.example\.test\./NSEC3: no NSEC3 record for [a-z.]+: this one covers it$"
	assert_line --regexp "error: nsec3-next-wrong: $high\.example\.test\./NSEC3: "
	! knot "$Y" || fail "kzonecheck accepts the broken chain"
	# the finding names the owner as the zone wrote it, case kept
	up=$(echo "${high:0:4}" | tr a-z A-Z)${high:4}
	sed -i "s/^$high/$up/" "$Y"
	run --separate-stderr dnstk-zone-check --now=$NOW "$Y"
	assert_failure 1
	assert_line --regexp "error: nsec3-chain-gap: $up\.example\.test\./NSEC3: "
}

@test "cov2 zone-check nsec3: owner hashes that are not base32hex, or too long" {
	local h
	h=$(sed -n 3p <<<"$HASHES")
	for bad in "z${h:1}" "${h}00000000"; do
		sed "s/^$h/$bad/" "$Z/clean-nsec3.zone" >"$Y"
		run --separate-stderr dnstk-zone-check --now=$NOW "$Y"
		assert_failure 1
		assert_line --regexp "error: nsec3-malformed: $bad\.example\.test\./NSEC3: the NSEC3 record or its owner hash is malformed$"
		! knot "$Y" || fail "kzonecheck accepts $bad"
	done
}

@test "cov2 zone-check nsec3: an NSEC3PARAM too short to hold its salt length" {
	sed 's/NSEC3PARAM\t1 0 0 - *$/NSEC3PARAM \\# 4 01000000/' "$Z/clean-nsec3.zone" >"$Y"
	grep -q 'NSEC3PARAM \\# 4' "$Y" || fail "edit"
	run --separate-stderr dnstk-zone-check --now=$NOW "$Y"
	assert_failure 1
	assert_line --regexp "error: nsec3param-malformed: example\.test\./NSEC3PARAM: NSEC3PARAM is malformed$"
	! knot "$Y" || fail "kzonecheck accepts the short NSEC3PARAM"
}

@test "cov2 zone-check: ZONEMD leaves out-of-zone data out of the digest (RFC 8976 §3.3)" {
	cp "$Z/clean-zonemd.zone" "$Y"
	echo "other.invalid. 300 IN A 192.0.2.9" >>"$Y"
	run --separate-stderr dnstk-zone-check --now=$NOW "$Y"
	assert_success
	assert_line --regexp 'warning: out-of-zone: other\.invalid\./A: '
	assert_line --regexp ': 0 errors, 1 warning '
	# the digests printed are still those ldns-signzone put in the zone
	run --separate-stderr dnstk-zone-check --now=$NOW --zonemd "$Y"
	assert_success
	[ "$(grep -P '\tZONEMD\t' "$Z/clean-zonemd.zone" | awk '{print $5, $6, $7, $8}')" = \
	    "$(grep ' ZONEMD ' <<<"$output" | awk '{print $5, $6, $7, $8}')" ] ||
	    fail "digests differ: $output"
}
