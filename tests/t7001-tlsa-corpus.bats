#!/usr/bin/env bats
# dnstk-tlsa-check against OpenSSL's own DANE test corpus (danetest.in):
# every case's verdict and match depth.  One deliberate difference: DANE-EE
# never checks names here (RFC 7671 §5.1), where danetest's "no name
# checks" flag is off the corpus expects a name mismatch.

setup() {
	load helpers/common
	O=$FIX/dane/openssl
}

@test "OpenSSL danetest.in: all 54 cases give the expected verdict and depth" {
	local n chain nnc res depth recs ran=0 bad=""
	while IFS='|' read -r n chain nnc res depth recs; do
		: >"$BATS_TEST_TMPDIR/chain.pem"
		for c in ${chain//,/ }; do
			cat "$O/$c.pem" >>"$BATS_TEST_TMPDIR/chain.pem"
		done
		tr ';' '\n' <<<"$recs" >"$BATS_TEST_TMPDIR/tlsa"
		want_ok=0
		[ "$res" = 0 ] && want_ok=1
		# RFC 7671: DANE-EE alone never fails on a name.
		if [ "$res" = 62 ] && ! grep -qv '^3 ' "$BATS_TEST_TMPDIR/tlsa"; then
			want_ok=1
		fi
		rc=0
		dnstk-tlsa-check -j --cert="$BATS_TEST_TMPDIR/chain.pem" \
		    --tlsa="$BATS_TEST_TMPDIR/tlsa" --CAfile="$O/C03.pem" \
		    example.com >"$BATS_TEST_TMPDIR/out" 2>&1 || rc=$?
		got_depth=$(jq -r .depth "$BATS_TEST_TMPDIR/out" 2>/dev/null)
		if [ "$want_ok" = 1 ]; then
			[ "$rc" = 0 ] || bad="$bad $n(exit $rc)"
			if [ "$res" = 0 ] && [ "$got_depth" != "$depth" ]; then
				bad="$bad $n(depth $got_depth not $depth)"
			fi
		else
			[ "$rc" = 1 ] || bad="$bad $n(exit $rc)"
			[ "$got_depth" = -1 ] || bad="$bad $n(depth $got_depth)"
		fi
		# Name mismatches are named as such on the records.
		if [ "$res" = 62 ] && [ "$want_ok" = 0 ]; then
			jq -e '[.records[].outcome] | index("name-mismatch")' \
			    "$BATS_TEST_TMPDIR/out" >/dev/null ||
			    bad="$bad $n(no name-mismatch)"
		fi
		ran=$((ran + 1))
	done <"$O/cases.txt"
	[ "$ran" = 54 ] || fail "ran $ran cases"
	[ -z "$bad" ] || fail "cases failed:$bad"
}

@test "corpus case 1: a never-valid anonymous leaf still matches DANE-EE" {
	run dnstk-tlsa-check --cert="$O/C00.pem" --tlsa=- example.com \
	    <<<"$(sed -n 1p "$O/cases.txt" | cut -d'|' -f6)"
	assert_success
	assert_line --partial 'match: matched the certificate at depth 0'
}
