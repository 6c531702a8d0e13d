#!/usr/bin/env bats
# dnstk-verify-chain out of memory: fail each allocation made by dnstk
# code in turn (the failmalloc shim, as t0004 does for the other tools)
# and require the normal verdict and trace, or a clean "out of memory"
# with exit 3 and nothing on stdout.  Never a crash or a wrong verdict.

setup() {
	load helpers/common
	SHIM=$DNSTK_BUILD/tests/failmalloc.so
	[ -f "$SHIM" ] || skip "no failmalloc shim"
	if nm -an "$DNSTK_BUILD/bin/dnstk-verify-chain" 2>/dev/null |
	    grep -q __asan_init; then
		skip "sanitizer build"
	fi
	D=$FIX/dnssec
}

# sweep INPUT ARGS...: dnstk-verify-chain --offline ARGS < INPUT, failing
# allocation 1, 2, ... N in turn.
sweep() {
	local input=$1; shift
	local good=$BATS_TEST_TMPDIR/good out=$BATS_TEST_TMPDIR/out
	local errf=$BATS_TEST_TMPDIR/err n total rc want=0
	set -- dnstk-verify-chain --offline --anchor="$D/root.anchor" \
	    --now=20260601000000 "$@"
	"$@" < "$input" > "$good" 2>/dev/null || want=$?
	total=$(DNSTK_FAILMALLOC=0 LD_PRELOAD=$SHIM "$@" < "$input" 2>&1 >/dev/null |
	    sed -n 's/^failmalloc: //p')
	[ -n "$total" ] && [ "$total" -gt 0 ] || fail "no allocations counted"
	for n in $(seq 1 "$total"); do
		rc=0
		DNSTK_FAILMALLOC=$n LD_PRELOAD=$SHIM "$@" < "$input" > "$out" \
		    2> "$errf" || rc=$?
		if [ "$rc" -eq "$want" ] && cmp -s "$out" "$good"; then
			continue
		fi
		[ "$rc" -eq 3 ] || fail "allocation $n failing: exit $rc: $(cat "$errf")"
		grep -q "out of memory" "$errf" ||
		    fail "allocation $n failing: $(cat "$errf")"
		[ ! -s "$out" ] || fail "allocation $n failing: output written"
	done
}

@test "verify-chain out of memory: a bogus chain and a secure denial" {
	# --dump output of t6002's NSD (see bundles/README).
	sweep "$D/bundles/www.flip.tld.txt" www.flip.tld
	sweep "$D/bundles/nx.e13.tld.txt" -j nx.e13.tld
	sweep "$D/bundles/foo.wild.e13.tld.txt" -q foo.wild.e13.tld
}
