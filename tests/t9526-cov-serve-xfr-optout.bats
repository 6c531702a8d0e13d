#!/usr/bin/env bats
# dnstk-serve beside NSD: an AXFR too long for one message (the stream
# must parse for dig, kdig and dnstk-query, and hold the records NSD's
# does), and an NSEC3 opt-out zone signed by BIND's dnssec-signzone -A
# (insecure delegations without NSEC3 records: the closest encloser proofs
# of referrals and DS NODATA answers), compared query by query with NSD.

bats_require_minimum_version 1.5.0

setup() {
	load helpers/common
	load helpers/servers
	load helpers/serve
	NSD_PID= SERVE_PID=
}

teardown() {
	serve_stop
	nsd_stop
}

# records: the records of an AXFR as dig prints them, one per line, sorted
# (the SOA appears twice in a transfer).
records() {
	dig +nocmd +nostats +nocomments +noquestion -p "$1" @127.0.0.1 "$2" AXFR |
	    grep -v '^;' | grep . | tr -s '\t ' ' ' | sort
}

@test "cov2 serve: an AXFR of many messages parses and holds NSD's records" {
	local z=$BATS_TEST_TMPDIR/big.zone i x
	x=$(printf 'x%.0s' $(seq 1 100))
	{
		printf '$ORIGIN big.test.\n$TTL 300\n@ SOA ns h 1 2 3 4 5\n'
		printf '@ NS ns\nns A 192.0.2.1\n'
		for i in $(seq 1 1500); do printf 'r%d TXT "%s"\n' "$i" "$x"; done
	} >"$z"
	serve_start "$z"
	NSD_EXTRA="  provide-xfr: 127.0.0.1 NOKEY" \
	    nsd_start "$BATS_TEST_TMPDIR/nsd" big.test "$z"
	# dig: more than one message, every record, no parse warning
	run dig -p "$SERVE_PORT" @127.0.0.1 big.test AXFR
	assert_success
	refute_output --partial 'WARNING'
	refute_output --partial 'mismatch'
	assert_output --regexp ';; XFR size: 1504 records \(messages ([2-9]|[1-9][0-9]+), '
	# the same records as NSD sends
	records "$SERVE_PORT" big.test >"$BATS_TEST_TMPDIR/ours"
	records "$NSD_PORT" big.test >"$BATS_TEST_TMPDIR/theirs"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/ours")" -eq 1504 ] || fail "count"
	test_cmp "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"
	# kdig finds no trailing data in any message
	run kdig -p "$SERVE_PORT" @127.0.0.1 big.test AXFR
	assert_success
	refute_output --partial 'WARNING'
	# and dnstk-query reads the whole stream
	run --separate-stderr dnstk-query -p "$SERVE_PORT" @127.0.0.1 big.test AXFR
	assert_success
	[ "$(grep -c 'IN	TXT' <<<"$output")" -eq 1500 ] || fail "TXT count"
}

@test "cov2 serve: an opt-out NSEC3 zone signed by BIND answers as NSD does" {
	command -v dnssec-signzone >/dev/null || skip "dnssec-signzone not installed"
	local d=$BATS_TEST_TMPDIR/optout k n h
	mkdir -p "$d"
	cp "$FIX/serve/serve.test.src" "$d/zone"
	(cd "$d" && dnssec-keygen -q -a ECDSAP256SHA256 -f KSK serve.test &&
	    dnssec-keygen -q -a ECDSAP256SHA256 serve.test) >/dev/null
	for k in "$d"/K*.key; do echo "\$INCLUDE $k" >>"$d/zone"; done
	(cd "$d" && dnssec-signzone -q -3 - -A -H 0 -s 20200101000000 \
	    -e 20800101000000 -o serve.test -f signed zone) >/dev/null
	# opt-out: the insecure delegation has no NSEC3 of its own
	h=$(ldns-nsec3-hash -t 0 insecure.serve.test. | cut -d. -f1)
	[ -n "$h" ] || fail "no hash"
	! grep -qi "^$h\." "$d/signed" || fail "insecure has an NSEC3"
	nsd_start "$BATS_TEST_TMPDIR/nsd" serve.test "$d/signed"
	serve_start "$d/signed=serve.test"
	sh "$FIX/serve/gen-queries.sh" "$d/signed" serve.test >"$BATS_TEST_TMPDIR/q"
	printf 'insecure.serve.test. DS do\nx.insecure.serve.test. A do\n' >>"$BATS_TEST_TMPDIR/q"
	run "$DNSTK_BUILD/tests/servecmp" "$NSD_PORT" "$SERVE_PORT" \
	    <"$BATS_TEST_TMPDIR/q"
	echo "$output" | tail -20
	assert_success
	assert_output --partial 'differences 0'
	n=$(sed -n 's/^compared \([0-9]*\),.*/\1/p' <<<"$output")
	[ "$n" -ge 1500 ] || fail "only $n compared"
}
