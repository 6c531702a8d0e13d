#!/usr/bin/env bats
# Unbound's val_*.rpl and Deckard's val_minimal_*.rpl replay scenarios,
# converted to --offline bundles (tests/fixtures/dnssec/rpl2bundle.sh):
# every scenario the converter can express gets the verdict the scenario
# expects, except the few listed with a reason in rpl-known-failures.txt.
# The per-file results go to build/tests/verify-chain-scenarios.txt.

bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	CONF=
	for d in "${DNSTK_CONFORMANCE:-}" "$DNSTK_TOP/../shared/conformance" \
	    "$DNSTK_TOP/../../shared/conformance"; do
		if [ -n "$d" ] && [ -d "$d/unbound-val" ]; then
			CONF=$d/unbound-val
			break
		fi
	done
	[ -n "$CONF" ] || skip "no shared/conformance/unbound-val"
}

@test "verify-chain scenarios: every expressible replay scenario passes or is a known failure" {
	"$FIX/dnssec/rpl-run.sh" "$CONF" "$DNSTK_BUILD/bin/dnstk-verify-chain" \
	    > "$BATS_TEST_TMPDIR/report"
	mkdir -p "$DNSTK_BUILD/tests"
	cp "$BATS_TEST_TMPDIR/report" "$DNSTK_BUILD/tests/verify-chain-scenarios.txt"
	echo "# $(tail -n 1 "$BATS_TEST_TMPDIR/report")" >&3
	local bad="" f
	while read -r f st _; do
		[ "$st" = FAIL ] || continue
		grep -q "^$f " "$FIX/dnssec/rpl-known-failures.txt" ||
		    bad="$bad $f"
	done < "$BATS_TEST_TMPDIR/report"
	[ -z "$bad" ] || fail "failing scenarios:$bad"
	# The converter must express most of them (DSA ones apart).
	run grep -c ' pass ' "$BATS_TEST_TMPDIR/report"
	[ "$output" -ge 40 ]
}

@test "verify-chain scenarios: the converter takes the expectation from CHECK_ANSWER" {
	"$FIX/dnssec/rpl2bundle.sh" "$CONF/deckard/val_minimal_baddsdigest.rpl" \
	    "$BATS_TEST_TMPDIR/b"
	run cat "$BATS_TEST_TMPDIR/b/meta"
	assert_output --regexp ' bogus *$'
	grep -q ' DS ' "$BATS_TEST_TMPDIR/b/anchors.txt"
	run -3 "$FIX/dnssec/rpl2bundle.sh" "$CONF/val_negcache_nta.rpl" \
	    "$BATS_TEST_TMPDIR/c"
	assert_output --partial "domain-insecure"
}
