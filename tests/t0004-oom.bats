#!/usr/bin/env bats
# Out of memory: fail each allocation made by dnstk code in turn (the
# failmalloc LD_PRELOAD shim) and require, every time, either the normal
# output and exit 0, or a clean "out of memory" message with exit 3 and
# only whole units before it on stdout.  Never a crash, a wrong verdict or
# changed output.

setup() {
	load helpers/common
	SHIM=$DNSTK_BUILD/tests/failmalloc.so
	[ -f "$SHIM" ] || skip "no failmalloc shim"
	# ASan's allocator must come first; a sanitized build cannot preload.
	if nm -an "$DNSTK_BUILD/bin/dnstk-wire" 2>/dev/null | grep -q __asan_init; then
		skip "sanitizer build"
	fi
}

# The allocation numbers to fail out of TOTAL: all of them with
# DNSTK_OOM=full (make oom, CI), else a bounded sample for make check: the
# first 8, the last and DNSTK_OOM_SAMPLE (default 24) spread evenly
# between, with an offset that changes from run to run (printed, and
# DNSTK_OOM_OFFSET repeats it) so that repeated runs cover the rest.
oom_points() {
	local total=$1 k=${DNSTK_OOM_SAMPLE:-24}
	if [ "${DNSTK_OOM:-}" = full ] || [ "$total" -le $((k + 8)) ]; then
		seq 1 "$total"
		return
	fi
	local off=${DNSTK_OOM_OFFSET:-$((RANDOM % 997))}
	echo "# sample offset $off (DNSTK_OOM_OFFSET=$off repeats it)" >&3
	{
		seq 1 8
		awk -v t="$total" -v k="$k" -v o="$off" 'BEGIN {
			span = t - 8; step = span / k;
			for (i = 0; i < k; i++) {
				n = 9 + int(i * step + (o % 1000) / 1000 * step);
				if (n > t) n = t;
				print n
			}
		}'
		echo "$total"
	} | sort -n -u
}

# sweep INPUT CMD...: run CMD < INPUT failing allocation 1, 2, ... N (or
# the sample of oom_points).
sweep() {
	local input=$1; shift
	local good=$BATS_TEST_TMPDIR/good out=$BATS_TEST_TMPDIR/out
	local errf=$BATS_TEST_TMPDIR/err n total rc
	local want=0
	"$@" < "$input" > "$good" 2>/dev/null || want=$?
	total=$(DNSTK_FAILMALLOC=0 LD_PRELOAD=$SHIM "$@" < "$input" 2>&1 >/dev/null |
	    sed -n 's/^failmalloc: //p')
	[ -n "$total" ] && [ "$total" -gt 0 ] || fail "no allocations counted for $*"
	for n in $(oom_points "$total"); do
		rc=0
		DNSTK_FAILMALLOC=$n LD_PRELOAD=$SHIM "$@" < "$input" > "$out" \
		    2> "$errf" || rc=$?
		if [ "$rc" -eq "$want" ] && cmp -s "$out" "$good"; then
			continue
		fi
		[ "$rc" -eq 3 ] || fail "$* with allocation $n failing: exit $rc: $(cat "$errf")"
		grep -q "out of memory" "$errf" ||
		    fail "$* with allocation $n failing: $(cat "$errf")"
		# Only whole units before the failure.
		[ "$(head -c "$(stat -c %s "$out")" "$good" | cmp - "$out" && echo same)" = same ] ||
		    fail "$* with allocation $n failing: output is not a prefix"
	done
	echo "# $*: $total allocations, ${DNSTK_OOM:-sample} sweep" >&3
}

@test "dnstk-wire: messages to text, hex and JSON" {
	data=$DNSTK_TOP/tests/demo/responses.hex
	sweep "$data" dnstk-wire
	sweep "$data" dnstk-wire -j
	sweep "$data" dnstk-wire -w
}

@test "dnstk-wire: text and JSON messages in" {
	sweep "$FIX/wire/messages.txt" dnstk-wire -w
	dnstk-wire -j "$FIX/wire/messages.txt" > "$BATS_TEST_TMPDIR/m.json"
	sweep "$BATS_TEST_TMPDIR/m.json" dnstk-wire -w
	sweep "$FIX/wire/dig-output.txt" dnstk-wire -j
}

@test "dnstk-wire: records in every form" {
	sweep "$FIX/wire/records.txt" dnstk-wire --rr -j
	sweep "$FIX/wire/master.txt" dnstk-wire --rr
	dnstk-wire --rr -j "$FIX/wire/records.txt" > "$BATS_TEST_TMPDIR/r.json"
	sweep "$BATS_TEST_TMPDIR/r.json" dnstk-wire --rr -w
}

@test "dnstk-opt-dump, text and JSON" {
	command -v dnstk-opt-dump >/dev/null || skip "no opt-dump"
	sweep "$DNSTK_TOP/tests/demo/responses.hex" dnstk-opt-dump
	sweep "$DNSTK_TOP/tests/demo/responses.hex" dnstk-opt-dump -j
}

@test "dnstk-canon-sort: sort, RRsets, check and signed data" {
	command -v dnstk-canon-sort >/dev/null || skip "no canon-sort"
	z=$DNSTK_TOP/tests/demo/example.test.zone.signed
	sweep "$z" dnstk-canon-sort
	sweep "$z" dnstk-canon-sort --rrsets -w
	sweep "$z" dnstk-canon-sort --signed-data
	sweep "$z" dnstk-canon-sort --check
}
