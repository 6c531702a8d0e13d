#!/usr/bin/env bats
# dnstk-zone-check out of memory: fail each allocation made by dnstk code
# in turn (the failmalloc shim of t0004) and require the normal output
# and exit status, or "out of memory" with exit 3 and no findings printed
# (the findings are printed only once the whole check is done).  Never a
# crash or a changed verdict.  The summary's time is masked.

setup() {
	load helpers/common
	SHIM=$DNSTK_BUILD/tests/failmalloc.so
	[ -f "$SHIM" ] || skip "no failmalloc shim"
	if nm -an "$DNSTK_BUILD/bin/dnstk-zone-check" 2>/dev/null |
	    grep -q __asan_init; then
		skip "sanitizer build"
	fi
	Z=$FIX/zonecheck
}

mask() { sed -E 's/\([0-9.]+ s\)$/(T s)/; s/"seconds":[0-9.]+/"seconds":T/' "$1"; }

# sweep INPUT CMD...: run CMD < INPUT failing allocation 1, 2, ... N.
sweep() {
	local input=$1; shift
	local good=$BATS_TEST_TMPDIR/good out=$BATS_TEST_TMPDIR/out
	local errf=$BATS_TEST_TMPDIR/err n total rc want=0
	"$@" < "$input" > "$good.raw" 2>/dev/null || want=$?
	mask "$good.raw" > "$good"
	total=$(DNSTK_FAILMALLOC=0 LD_PRELOAD=$SHIM "$@" < "$input" 2>&1 >/dev/null |
	    sed -n 's/^failmalloc: //p')
	[ -n "$total" ] && [ "$total" -gt 0 ] || fail "no allocations counted for $*"
	for n in $(seq 1 "$total"); do
		rc=0
		DNSTK_FAILMALLOC=$n LD_PRELOAD=$SHIM "$@" < "$input" > "$out.raw" \
		    2> "$errf" || rc=$?
		mask "$out.raw" > "$out"
		if [ "$rc" -eq "$want" ] && cmp -s "$out" "$good"; then
			continue
		fi
		[ "$rc" -eq 3 ] || fail "$* with allocation $n failing: exit $rc: $(cat "$errf") $(diff "$good" "$out")"
		grep -q "out of memory" "$errf" ||
		    fail "$* with allocation $n failing: $(cat "$errf")"
		[ ! -s "$out" ] || fail "$* with allocation $n failing: output"
	done
}

@test "dnstk-zone-check: signatures, NSEC, text output" {
	sweep "$Z/rrsig-bogus.zone" dnstk-zone-check --jobs=1 --now=20261129000000
	sweep "$Z/nsec-chain-gap.zone" dnstk-zone-check --jobs=1 --now=20261129000000
}

@test "dnstk-zone-check: data checks, JSON output" {
	sweep "$Z/data.zone" dnstk-zone-check -j
}

@test "dnstk-zone-check: NSEC3 and ZONEMD" {
	sweep "$Z/nsec3-chain-gap.zone" dnstk-zone-check --jobs=1 --now=20261129000000
	sweep "$Z/clean-zonemd.zone" dnstk-zone-check --jobs=1 --now=20261129000000 --zonemd
}

@test "dnstk-zone-check: --sorted" {
	sweep "$Z/nsec-bitmap.zone" dnstk-zone-check --sorted -o example.test. \
	    --jobs=1 --now=20261129000000
}
