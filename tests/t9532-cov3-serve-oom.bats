#!/usr/bin/env bats
# dnstk-serve out of memory: start the server on a signed zone with each
# allocation dnstk makes failing in turn (the failmalloc LD_PRELOAD shim,
# every one made while starting and answering a DNSSEC query, an NSEC and
# an NSEC3 denial, a TCP query and a zone transfer), then ask those
# questions.  Either the
# server does not start, saying "out of memory" with exit 3, or it starts
# and every answer is the normal one (or, for the one query whose
# allocation failed, SERVFAIL, none, or its TCP connection closed), it
# still answers the next question right, and it stops cleanly (exit 0).  Never a crash, a deaf
# server or a wrong answer.  The normal answers are checked against the
# zone file first.

setup() {
	load helpers/common
	load helpers/servers
	SHIM=$DNSTK_BUILD/tests/failmalloc.so
	[ -f "$SHIM" ] || skip "no failmalloc shim"
	if nm -an "$DNSTK_BUILD/bin/dnstk-serve" 2>/dev/null | grep -q __asan_init; then
		skip "sanitizer build"
	fi
	Z=$DNSTK_TOP/tests/demo/example.test.zone.signed
	PORT=$(free_port)
	SPID= FORWARD=
	SARGS=("$Z" "$FIX/dnssec/zones/e13.tld.zone")
}

teardown() {
	if [ -n "$SPID" ]; then
		kill -9 "$SPID" 2>/dev/null || true
		wait "$SPID" 2>/dev/null || true
	fi
	nsd_stop
}

# The message ID and the query time change from run to run, and the TTLs
# of forwarded answers.
steady() {
	sed -E -e 's/id: [0-9]+/id: N/' -e '/Query time/d' \
	    -e 's/^([^;][^	]*)	[0-9]+	/\1	TTL	/'
}

Q() {
	dnstk-query @127.0.0.1 -p "$PORT" --timeout=1 --tries=1 "$@" 2>&1 |
	    steady
}

# questions DIR: ask the questions, each answer into DIR/1 ... DIR/4.
questions() {
	if [ -n "$FORWARD" ]; then
		Q --dnssec www.e13.tld > "$1/1"
		Q --dnssec www.expired.tld > "$1/2"
		Q --dnssec nosuch.e13.tld > "$1/3"
		Q --dnssec www.unsigned.tld > "$1/4"
		return
	fi
	Q --dnssec www.example.test > "$1/1"
	Q --dnssec nosuch.example.test > "$1/2"
	Q --dnssec --tcp example.test DNSKEY > "$1/3"
	Q example.test AXFR > "$1/4"
	Q --dnssec nosuch.e13.tld > "$1/5"
}

# serve_n N: start dnstk-serve with allocation N failing (0: none, count
# them); 0 when it listens (SPID set), else its exit status.
serve_n() {
	local i
	: > "$BATS_TEST_TMPDIR/log"
	DNSTK_FAILMALLOC=$1 LD_PRELOAD=$SHIM dnstk-serve -l 127.0.0.1 \
	    -p "$PORT" --threads=1 --now=20260601000000 "${SARGS[@]}" \
	    2> "$BATS_TEST_TMPDIR/log" 3>&- &
	SPID=$!
	for i in $(seq 1 200); do
		grep -q '^listening on' "$BATS_TEST_TMPDIR/log" && return 0
		kill -0 "$SPID" 2>/dev/null || break
		sleep 0.05
	done
	grep -q '^listening on' "$BATS_TEST_TMPDIR/log" && return 0
	i=0
	wait "$SPID" || i=$?
	SPID=
	[ "$i" -ne 0 ] || fail "allocation $1: the server neither listens nor fails"
	return "$i"
}

# stop_it: SIGTERM and wait (at most 10 s); the exit status in SRC.
stop_it() {
	local i
	kill -TERM "$SPID"
	for i in $(seq 1 100); do
		kill -0 "$SPID" 2>/dev/null || break
		sleep 0.1
	done
	SRC=0
	wait "$SPID" || SRC=$?
	SPID=
}

# sweep: count the allocations of a normal run (its answers into
# $BATS_TEST_TMPDIR/good), then fail each in turn.
sweep() {
	local good=$BATS_TEST_TMPDIR/good got=$BATS_TEST_TMPDIR/got
	local n rc k up=0 down=0
	mkdir -p "$good" "$got"
	serve_n 0 || fail "the server does not start: $(cat "$BATS_TEST_TMPDIR/log")"
	FINAL=$(Q --short "$1")
	stop_it
	serve_n 0 || fail "the server does not start: $(cat "$BATS_TEST_TMPDIR/log")"
	questions "$good"
	stop_it
	[ "$SRC" -eq 0 ] || fail "the server did not stop cleanly: $SRC"
	# the allocations of starting and of the questions
	TOTAL=$(sed -n 's/^failmalloc: //p' "$BATS_TEST_TMPDIR/log")
	[ -n "$TOTAL" ] && [ "$TOTAL" -gt 0 ] && [ "$TOTAL" -lt 1000 ] ||
	    fail "allocations counted: '$TOTAL'"
	for n in $(seq 1 "$TOTAL"); do
		rc=0
		serve_n "$n" || rc=$?
		if [ "$rc" -ne 0 ]; then
			[ "$rc" -eq 3 ] && grep -q "out of memory" "$BATS_TEST_TMPDIR/log" ||
			    fail "allocation $n: exit $rc: $(cat "$BATS_TEST_TMPDIR/log")"
			down=$((down + 1))
			continue
		fi
		up=$((up + 1))
		questions "$got"
		for k in $(ls "$good"); do
			cmp -s "$good/$k" "$got/$k" && continue
			grep -Eq "status: SERVFAIL|timed out|TCP to .* failed" "$got/$k" ||
			    fail "allocation $n, question $k: $(cat "$got/$k")"
		done
		[ "$(Q --short "$1")" = "$FINAL" ] ||
		    fail "allocation $n: not the right answer after"
		stop_it
		[ "$SRC" -eq 0 ] ||
		    fail "allocation $n: exit $SRC: $(cat "$BATS_TEST_TMPDIR/log")"
	done
	[ "$down" -gt 0 ] || fail "no allocation failure was noticed"
	echo "# $TOTAL allocations: $down stopped the start, $up while serving" >&3
}

@test "a signed zone: every allocation of starting and answering fails in turn" {
	sweep www.example.test
	# the normal answers say what the zone file says
	local good=$BATS_TEST_TMPDIR/good
	[ "$FINAL" = 192.0.2.1 ]
	grep -q "^www.example.test.	TTL	IN	A	192.0.2.1$" "$good/1"
	grep -q "status: NXDOMAIN" "$good/2"
	grep -q "^example.test.	TTL	IN	DNSKEY	257 3 13 " "$good/3"
	grep -q "^www.example.test.	TTL	IN	AAAA	2001:db8::1$" "$good/4"
	# NSEC3 (e13.tld is signed with NSEC3): the denial holds NSEC3s
	grep -q "status: NXDOMAIN" "$good/5"
	grep -q "	IN	NSEC3	1 0 " "$good/5"
}

@test "--forward --validate to NSD: every allocation fails in turn" {
	load helpers/servers
	local args=() f z good=$BATS_TEST_TMPDIR/good
	for f in "$FIX"/dnssec/zones/*.zone; do
		z=$(basename "$f" .zone)
		[ "$z" = root ] && z=.
		args+=("$z" "$f")
	done
	nsd_start "$BATS_TEST_TMPDIR/nsd" "${args[@]}"
	FORWARD=1
	SARGS=(--forward="127.0.0.1#$NSD_PORT" --validate
	    --anchor="$FIX/dnssec/root.anchor")
	sweep www.e13.tld
	# secure (AD), bogus (expired signatures: SERVFAIL), securely
	# denied (AD), insecure (no AD), as the fixture's cases.txt says
	grep -q "flags: qr rd ra ad;" "$good/1"
	grep -q "status: SERVFAIL" "$good/2"
	grep -q "status: NXDOMAIN" "$good/3" && grep -q "flags: qr rd ra ad;" "$good/3"
	grep -q "status: NOERROR" "$good/4" && grep -q "flags: qr rd ra;" "$good/4"
}
