#!/usr/bin/env bats
# dnstk-tlsa-check out of memory: fail each allocation made by dnstk code
# in turn (tests/oom/failmalloc.c); every time either the normal report
# and exit status, or "out of memory" and exit 3.  Never another verdict.

setup() {
	load helpers/common
	load helpers/dane
	SHIM=$DNSTK_BUILD/tests/failmalloc.so
	[ -f "$SHIM" ] || skip "no failmalloc shim"
	if nm -an "$DNSTK_BUILD/bin/dnstk-tlsa-check" 2>/dev/null | grep -q __asan_init; then
		skip "sanitizer build"
	fi
	D=$FIX/dane
}

# sweep INPUT ARGS...: dnstk-tlsa-check ARGS < INPUT, allocation 1..N failing
sweep() {
	local input=$1 good=$BATS_TEST_TMPDIR/good out=$BATS_TEST_TMPDIR/out
	local errf=$BATS_TEST_TMPDIR/err n total rc want=0
	shift
	dnstk-tlsa-check "$@" <"$input" >"$good" 2>/dev/null || want=$?
	total=$(DNSTK_FAILMALLOC=0 LD_PRELOAD=$SHIM dnstk-tlsa-check "$@" \
	    <"$input" 2>&1 >/dev/null | sed -n 's/^failmalloc: //p')
	[ -n "$total" ] && [ "$total" -gt 0 ] || fail "no allocations counted"
	for n in $(seq 1 "$total"); do
		rc=0
		DNSTK_FAILMALLOC=$n LD_PRELOAD=$SHIM dnstk-tlsa-check "$@" \
		    <"$input" >"$out" 2>"$errf" || rc=$?
		if [ "$rc" -eq "$want" ] && cmp -s "$out" "$good"; then
			continue
		fi
		[ "$rc" -eq 3 ] || fail "allocation $n failing: exit $rc: $(cat "$errf")"
		grep -q "out of memory" "$errf" || fail "allocation $n: $(cat "$errf")"
		[ ! -s "$out" ] || fail "allocation $n: a report was written"
	done
	echo "# $total allocations swept" >&3
}

@test "out of memory: bare rdata, a match and a mismatch" {
	printf '3 1 1 %s\n2 0 1 %s\n' "$(assoc "$D/leaf-ec.pem" 1 1)" \
	    "$(flip "$(assoc "$D/int.pem" 0 1)")" >"$BATS_TEST_TMPDIR/in"
	sweep "$BATS_TEST_TMPDIR/in" --cert="$D/chain-ec.pem" --tlsa=- www.example.test
	sweep "$BATS_TEST_TMPDIR/in" -j --cert="$D/chain-rsa.pem" --tlsa=- www.example.test
}

@test "out of memory: whole records with a warning, and --generate --all" {
	printf '_443._tcp.www.example.test. 300 IN TLSA 3 1 1 %s\n_25._tcp.x. 1 IN TLSA 3 1 1 00\n' \
	    "$(assoc "$D/leaf-ec.pem" 1 1)" >"$BATS_TEST_TMPDIR/in"
	sweep "$BATS_TEST_TMPDIR/in" --cert="$D/chain-ec.pem" --tlsa=- www.example.test
	sweep /dev/null --generate --all --cert="$D/chain-ec-root.pem" www.example.test
}
