#!/usr/bin/env bats
# dnstk-edns-probe out of memory: against a real NSD on 127.0.0.1, fail
# each allocation dnstk makes in turn (the failmalloc LD_PRELOAD shim,
# every one of them).  Each run gives either the normal verdicts and exit
# 0, or exit 3 with the out-of-memory message and only whole verdict lines
# before it: running out of memory never fails a test of the server (that
# would be exit 1 and a wrong verdict on it).

setup_file() {
	load helpers/common
	load helpers/servers
	nsd_start "$BATS_FILE_TMPDIR/nsd" example.test \
	    "$FIX/zones/example.test.zone"
}

teardown_file() {
	load helpers/servers
	nsd_stop
}

setup() {
	load helpers/common
	SHIM=$DNSTK_BUILD/tests/failmalloc.so
	[ -f "$SHIM" ] || skip "no failmalloc shim"
	if nm -an "$DNSTK_BUILD/bin/dnstk-edns-probe" 2>/dev/null | grep -q __asan_init; then
		skip "sanitizer build"
	fi
	P=(dnstk-edns-probe -s 127.0.0.1 -p "$NSD_PORT" --timeout=2 --tries=2)
}

# psweep ARGS...: dnstk-edns-probe ARGS with each allocation failing.
psweep() {
	local good=$BATS_TEST_TMPDIR/good out=$BATS_TEST_TMPDIR/out
	local errf=$BATS_TEST_TMPDIR/err n total rc oom=0
	"${P[@]}" "$@" > "$good"
	total=$(DNSTK_FAILMALLOC=0 LD_PRELOAD=$SHIM "${P[@]}" "$@" 2>&1 \
	    >/dev/null | sed -n 's/^failmalloc: //p')
	[ -n "$total" ] && [ "$total" -gt 0 ] && [ "$total" -lt 400 ] ||
	    fail "$*: allocations counted: '$total'"
	for n in $(seq 1 "$total"); do
		rc=0
		DNSTK_FAILMALLOC=$n LD_PRELOAD=$SHIM timeout 30 "${P[@]}" "$@" \
		    > "$out" 2> "$errf" || rc=$?
		if [ "$rc" -eq 0 ] && cmp -s "$out" "$good"; then
			continue
		fi
		[ "$rc" -eq 3 ] ||
		    fail "$* with allocation $n failing: exit $rc: $(cat "$errf") $(cat "$out")"
		grep -Eq "out of memory|Cannot allocate memory" "$errf" ||
		    fail "$* with allocation $n failing: $(cat "$errf")"
		head -c "$(stat -c %s "$out")" "$good" | cmp -s - "$out" ||
		    fail "$* with allocation $n failing: output: $(cat "$out")"
		oom=$((oom + 1))
	done
	[ "$oom" -gt 0 ] || fail "$*: no allocation failure was noticed"
	echo "# $*: $total allocations, $oom ran out of memory" >&3
}

@test "every probe of NSD, text and JSON, with each allocation failing" {
	# NSD passes every genreport test; the fixture zone is not signed
	run "${P[@]}" example.test
	assert_success
	assert_line "signed: skipped (zone not signed: no RRSIG with the SOA)"
	assert_line "14 tests, 13 ok, 0 failed, 1 skipped"
	psweep example.test
	psweep -j example.test
}
